"""The records database: SQLite in one file under the data folder, in WAL mode so that several
app processes on one host can read while one writes; or a PostgreSQL server when
REPORT_DATABASE_URL names one (assistant/records/postgres.py, same interface, for several hosts).

Every call opens its own short connection: Gradio runs handlers on many threads, and a
connection per call keeps them apart without a lock of ours (SQLite's busy timeout queues writers).
"""

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from assistant.errors import DatabaseError

BUSY_TIMEOUT_SECONDS = 30
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL, id TEXT NOT NULL, owner TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT '',
    time TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE INDEX IF NOT EXISTS records_by_owner ON records (kind, owner, id);
CREATE TABLE IF NOT EXISTS comments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, report_id TEXT NOT NULL, author TEXT NOT NULL,
    time TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS comments_by_report ON comments (report_id, seq);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    kind TEXT NOT NULL, record_id TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Database:
    """One SQLite file, its schema created on first use."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(self._connect()) as conn, conn:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as e:  # a folder that cannot be made, a file that is not a database…
            raise DatabaseError(f"无法打开记录数据库 {self.path}（{e}）：请确认它所在的目录存在且可写、"
                                "文件是本程序的数据库，或用 REPORT_DATABASE_URL 指定另一个位置。") from e

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    @property
    def where(self) -> str:
        """The database as shown to a person: the file's path."""
        return str(self.path)

    def execute(self, sql: str, params=()) -> int:
        """Run one statement in its own transaction; the number of rows it changed."""
        with closing(self._connect()) as conn, conn:
            return conn.execute(sql, params).rowcount

    def execute_many(self, statements: list[tuple[str, tuple]]) -> None:
        """Run several statements in one transaction (all or none)."""
        with closing(self._connect()) as conn, conn:
            for sql, params in statements:
                conn.execute(sql, params)

    def query(self, sql: str, params=()) -> list[tuple]:
        with closing(self._connect()) as conn:
            return conn.execute(sql, params).fetchall()

    def journal_mode(self) -> str:
        return self.query("PRAGMA journal_mode")[0][0]

    @staticmethod
    def now() -> str:
        return f"{datetime.now():%Y-%m-%d %H:%M:%S}"


def open_database(target: "Path | str"):
    """The records database at target: a postgresql:// URL, or the path of a SQLite file."""
    if isinstance(target, str) and target.startswith(POSTGRES_SCHEMES):
        from assistant.records.postgres import PostgresDatabase  # psycopg is needed only then

        return PostgresDatabase(target, SCHEMA)
    return Database(Path(target))
