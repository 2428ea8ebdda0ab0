"""The knowledge-base commands through the real CLI entry point, on embedded Chroma, on a real
`chroma run` server, and with embeddings from an OpenAI-compatible endpoint."""

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.config import Settings
from assistant.kb.index import KnowledgeBase, supported_files
from reports import write_report


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "reports"
    write_report(folder, "a-2023.txt", bureau="示例市应急管理局", year=2023)
    write_report(folder, "b-2024.txt", bureau="样板县应急管理局", year=2024)
    return folder


def test_ingest_search_list_remove(folder, tmp_path):
    kb = tmp_path / "kb1"
    result = run("ingest", folder, "--kb", kb)
    assert result.exit_code == 0, result.output
    assert "新增：a-2023.txt" in result.output
    hits = json.loads(run("search", "行政复议", "--json", "-k", "3", "--kb", kb).output)
    assert set(hits[0]) >= {"text", "source", "bureau", "year", "part", "topic", "heading_path", "score"}
    assert "行政复议" in hits[0]["text"]
    listed = json.loads(run("kb", "list", "--json", "--kb", kb).output)
    assert {d["source"] for d in listed} == {"a-2023.txt", "b-2024.txt"}
    assert "已移除" in run("kb", "remove", "a-2023.txt", "--kb", kb).output
    assert [d["source"] for d in json.loads(run("kb", "list", "--json", "--kb", kb).output)] == ["b-2024.txt"]


def test_knowledge_bases_live_side_by_side(folder, tmp_path):
    run("ingest", folder / "a-2023.txt", "--kb", tmp_path / "one")
    run("ingest", folder / "b-2024.txt", "--kb", tmp_path / "two")
    one = json.loads(run("kb", "list", "--json", "--kb", tmp_path / "one").output)
    two = json.loads(run("kb", "list", "--json", "--kb", tmp_path / "two").output)
    assert [d["source"] for d in one] == ["a-2023.txt"] and [d["source"] for d in two] == ["b-2024.txt"]


def test_filters_take_ids_or_chinese_names(folder, tmp_path):
    run("ingest", folder, "--kb", tmp_path / "kb")
    by_name = json.loads(run("search", "宣传", "--part", "下一年度工作打算", "--json", "--kb", tmp_path / "kb").output)
    assert by_name and all(h["part"] == "plans" for h in by_name)
    bad = run("search", "宣传", "--part", "nonsense", "--kb", tmp_path / "kb")
    assert bad.exit_code == 2 and "measures" in bad.output


def test_ingest_reports_bad_files_and_exits_1(folder, tmp_path):
    (folder / "empty.txt").write_bytes(b"")
    result = run("ingest", folder, "--kb", tmp_path / "kb")
    assert result.exit_code == 1
    assert "失败：empty.txt" in result.output
    assert "新增：a-2023.txt" in result.output


def test_remove_unknown_document_is_a_clear_error(tmp_path):
    result = run("kb", "remove", "nothing.txt", "--kb", tmp_path / "kb")
    assert result.exit_code == 2 and "没有文档" in result.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    """A real `chroma run` server on loopback, stopped after the test."""
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat", seconds=60)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds}s")


def test_server_mode_against_a_real_chroma_server(chroma_server, folder, monkeypatch, tmp_path):
    monkeypatch.setenv("REPORT_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("REPORT_CHROMA_PORT", str(chroma_server))
    assert run("ingest", folder).exit_code == 0
    hits = json.loads(run("search", "行政复议", "--json").output)
    assert "行政复议" in hits[0]["text"]
    assert not (tmp_path / "data" / "kb").exists()  # nothing went to the embedded default
    assert [r.status for r in KnowledgeBase.from_settings(Settings()).ingest([folder / "a-2023.txt"])] == ["unchanged"]


def test_server_down_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("REPORT_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("REPORT_CHROMA_PORT", str(free_port()))
    result = run("kb", "list")
    assert result.exit_code == 2 and "Chroma" in result.output


def test_embeddings_from_an_openai_compatible_endpoint(fake_llm, folder, monkeypatch):
    monkeypatch.setenv("REPORT_EMBEDDING_BACKEND", "openai")
    monkeypatch.setenv("REPORT_EMBEDDING_BASE_URL", fake_llm.url)
    assert run("ingest", folder).exit_code == 0
    hits = json.loads(run("search", "行政复议和行政应诉", "--json").output)
    assert hits and fake_llm.requests
    sent = fake_llm.requests[0]["body"]
    assert sent["model"] == "bge-m3" and all(isinstance(t, str) for t in sent["input"])


def test_demo_builds_the_shipped_knowledge_base_without_a_failure():
    shipped = {f.name for f in supported_files([Settings().knowledge_dir])}
    assert len(shipped) >= 6
    result = run("demo")
    assert result.exit_code == 0 and "失败" not in result.output, result.output
    listed = json.loads(run("kb", "list", "--json").output)
    assert {d["source"] for d in listed} == shipped
    assert all(d["bureau"] and d["year"] for d in listed)


def test_the_lexical_ranking_follows_another_process_on_a_server(chroma_server, folder, tmp_path):
    import time as clock
    from unittest import mock

    from assistant.kb.index import CHANGE_RECHECK

    settings = Settings(chroma_host="127.0.0.1", chroma_port=chroma_server)
    reader, writer = KnowledgeBase.from_settings(settings), KnowledgeBase.from_settings(settings)
    list(writer.ingest([folder / "a-2023.txt"]))
    assert {h.source for h in reader.search("行政复议", 10)} == {"a-2023.txt"}
    list(writer.ingest([folder / "b-2024.txt"]))  # another process's write
    later = clock.monotonic() + CHANGE_RECHECK + 1
    with mock.patch("assistant.kb.index.time.monotonic", return_value=later):
        assert "b-2024.txt" in {h.source for h in reader.search("行政复议", 10)}
        assert "b-2024.txt" in {reader.collection.get(ids=[i])["metadatas"][0]["source"]
                                for i in reader.lexical().rank("行政复议", None, 10)}
