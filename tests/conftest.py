"""Shared fixtures: an isolated data folder per test, and the real corpus where it exists."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS_DIR = Path(os.environ.get("REPORT_CORPUS_DIR", REPO.parent / "shared" / "corpus"))

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    """Every test gets its own knowledge base and data folder, and no .env or LLM from outside."""
    monkeypatch.setenv("REPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REPORT_KB_DIR", str(tmp_path / "data" / "kb"))
    monkeypatch.delenv("REPORT_LLM_BASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def corpus_files() -> list[Path]:
    """The real reports in ../shared/corpus, or [] where that folder is absent."""
    return sorted(CORPUS_DIR.glob("*.txt")) if CORPUS_DIR.is_dir() else []


@pytest.fixture
def corpus() -> list[Path]:
    files = corpus_files()
    if not files:
        pytest.skip(f"real corpus not found at {CORPUS_DIR} (set REPORT_CORPUS_DIR)")
    return files


@pytest.fixture
def fake_llm():
    """A scripted OpenAI-compatible server on loopback (see tests/fake_llm.py)."""
    from fake_llm import start_fake_llm

    llm, server = start_fake_llm()
    yield llm
    server.shutdown()


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the whole session (tests/pg_server.py); skipped only where
    PostgreSQL is not installed. Its .url() and .fresh_url() give postgresql:// URLs."""
    from pg_server import PostgresUnavailable, start_postgres

    try:
        server = start_postgres()
    except PostgresUnavailable as e:
        pytest.skip(str(e))
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """The URL of an empty schema of its own on the session's PostgreSQL server."""
    return postgres_server.fresh_url()


@pytest.fixture(params=["sqlite", "postgresql"])
def records_database(request, isolated_data, monkeypatch):
    """Where a test's records go, once per backend: the data folder's SQLite file, then a fresh
    PostgreSQL schema (REPORT_DATABASE_URL is set too, for the CLI and the app)."""
    if request.param == "sqlite":
        return isolated_data / "records.db"
    url = request.getfixturevalue("postgres_url")
    monkeypatch.setenv("REPORT_DATABASE_URL", url)
    return url
