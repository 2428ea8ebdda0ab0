"""The records database: SQLite in one file under the data folder, in WAL mode so that several
app processes on one host can read while one writes.

Every call opens its own short connection: Gradio runs handlers on many threads, and a
connection per call keeps them apart without a lock of ours (SQLite's busy timeout queues writers).
"""

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 30
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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as conn, conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

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
