"""A real PostgreSQL server for the tests: Debian's `postgresql` package, a throw-away cluster in
a temporary folder, listening on 127.0.0.1 on a free port with password (scram) logins.

initdb and pg_ctl refuse to run as root, so as root the cluster belongs to the `postgres` user the
package creates (or to one made here when it is missing). Used by the `postgres_server` and
`postgres_url` fixtures of tests/conftest.py; any test (or another process) can reach it by URL.
"""

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER, PASSWORD, DATABASE = "report", "Jilu-ceshi-2025", "records"
FALLBACK_OS_USER = "report-pg"  # made only when running as root on a machine without `postgres`
INSTALL_HINT = "PostgreSQL is not installed (apt-get install postgresql; `./run.sh test` installs it when it can)"


class PostgresUnavailable(Exception):
    """No PostgreSQL server binaries on this machine."""


def server_bin() -> Path:
    """The folder of initdb and pg_ctl (the newest installed version); PostgresUnavailable when none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    if pg_ctl := shutil.which("pg_ctl"):
        return Path(pg_ctl).parent
    raise PostgresUnavailable(INSTALL_HINT)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_os_user() -> str | None:
    """The unprivileged user that runs the server when we are root (None: run it as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", FALLBACK_OS_USER):
        try:
            return pwd.getpwnam(name).pw_name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FALLBACK_OS_USER],
                   check=True)
    return FALLBACK_OS_USER


class PostgresServer:
    """A running cluster: its URLs, a fresh schema per test, and stop()."""

    def __init__(self, root: Path, port: int, os_user: str | None, bin_dir: Path, durable: bool = False):
        self.root, self.port, self.os_user, self.bin_dir, self.durable = root, port, os_user, bin_dir, durable
        self.data_dir = root / "data"

    def url(self, database: str = DATABASE, password: str = PASSWORD, schema: str = "") -> str:
        """A postgresql:// URL of this server; with schema, every table lives in that schema."""
        options = f"?options=-csearch_path%3D{schema}" if schema else ""
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}{options}"

    def fresh_url(self) -> str:
        """The URL of a new, empty schema (one per test: a clean database without creating one)."""
        schema = f"t_{secrets.token_hex(6)}"
        self.admin_sql(f"CREATE SCHEMA {schema}", DATABASE)
        return self.url(schema=schema)

    def admin_sql(self, sql: str, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE DATABASE needs that)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(sql)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """A server binary, as the server's OS user."""
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.os_user:
            command = ["runuser", "-u", self.os_user, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        settings = f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root} -c max_connections=300"
        if not self.durable:  # tests need no crash safety, and a shared 2-core machine gains from skipping it
            settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        result = self.run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.root / "server.log"), "-o", settings,
                          "-w", "-t", "60", "start", check=False)
        if result.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace") if (self.root / "server.log").exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {result.stdout}{result.stderr}\n{log[-2000:]}")

    def stop(self, remove: bool = True) -> None:
        """Stop the server; with remove=False its data is kept (a clean shutdown) for start() again."""
        mode = "immediate" if remove else "fast"  # synchronous_commit=off: only a clean stop keeps the last commits
        self.run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "stop", check=False)
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)


def start_postgres(durable: bool = False) -> PostgresServer:
    """A new cluster, started, with an empty `records` database; PostgresUnavailable when not installed.
    durable: the server's own defaults (fsync on), for benchmarks; else tuned for tests."""
    bin_dir, os_user = server_bin(), server_os_user()
    root = Path(tempfile.mkdtemp(prefix="report-pg-"))
    if os_user:
        shutil.chown(root, os_user)
    server = PostgresServer(root, free_port(), os_user, bin_dir, durable)
    (root / "pwfile").write_text(PASSWORD + "\n", encoding="utf-8")
    if os_user:
        shutil.chown(root / "pwfile", os_user)
    server.run("initdb", "-D", str(server.data_dir), "-U", USER, "--pwfile", str(root / "pwfile"), "-A", "scram-sha-256",
               "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync", "--no-instructions")
    server.start()
    server.admin_sql(f"CREATE DATABASE {DATABASE}")
    return server
