"""draft, polish and examples through the real CLI entry point, on the offline backend."""

import json

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from reports import write_report


def run(*args, stdin: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=stdin, catch_exceptions=False)


@pytest.fixture
def kb(tmp_path):
    write_report(tmp_path / "reports", "a-2023.txt")
    assert run("ingest", tmp_path / "reports", "--kb", tmp_path / "kb").exit_code == 0
    return tmp_path / "kb"


@pytest.fixture
def facts(tmp_path):
    path = tmp_path / "facts.md"
    path.write_text("- 全年检查生产经营单位420家次\n- 立案93起，下达行政处罚决定书78份\n", encoding="utf-8")
    return path


def test_draft_json_shape(kb, facts):
    result = run("draft", "--part", "measures", "--facts", facts, "--year", "2024", "--json", "--kb", kb)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"text", "check", "sources", "backend", "tokens"}
    assert data["backend"] == "offline" and data["check"]["ok"] and data["check"]["unused_facts"] == []
    assert {m["text"] for m in data["check"]["mentions"] if m["status"] == "supported"} == {"420家次", "93起", "78份"}
    assert set(data["sources"][0]) == {"source", "bureau", "year", "heading"}
    assert "420家次" in data["text"]


def test_draft_takes_chinese_part_names_and_infers_the_topic(kb, facts):
    result = run("draft", "--part", "存在的不足和原因", "--facts", facts, "--kb", kb)
    assert result.exit_code == 0 and "一是" in result.output
    assert run("draft", "--part", "nonsense", "--facts", facts, "--kb", kb).exit_code == 2


def test_draft_reads_facts_from_stdin(kb):
    result = run("draft", "--part", "plans", "--facts", "-", "--json", "--kb", kb, stdin="- 推进非现场执法\n")
    text = json.loads(result.output)["text"]
    assert text.startswith("下一步，我局将") and "\n（一）" in text


def test_polish_keeps_numbers_and_checks_against_facts(kb, facts, tmp_path):
    rough = tmp_path / "rough.txt"
    rough.write_text("今年以来,我局立案 93 起;全年检查生产经营单位 420 家次.", encoding="utf-8")
    data = json.loads(run("polish", rough, "--facts", facts, "--json", "--kb", kb).output)
    assert data["text"] == "今年以来，我局立案93起；全年检查生产经营单位420家次。"
    assert data["check"]["ok"]
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("我局立案 39 起。", encoding="utf-8")
    assert run("polish", wrong, "--facts", facts, "--kb", kb).exit_code == 1


def test_examples_lists_passages_with_their_source(kb):
    data = json.loads(run("examples", "行政复议", "-k", "2", "--json", "--kb", kb).output)
    assert "行政复议" in data["sources"][0]["text"] and data["sources"][0]["bureau"] == "示例市应急管理局"
    assert data["check"] is None


def test_empty_facts_are_a_clear_error(kb, tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    result = run("draft", "--part", "measures", "--facts", empty, "--kb", kb)
    assert result.exit_code == 2 and "事实" in result.output
