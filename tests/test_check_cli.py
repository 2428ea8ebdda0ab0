"""`report-assistant check` through the real command line: exit codes, JSON shape, stdin, bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli

REPO = Path(__file__).resolve().parent.parent
FACTS = "- 立案93起\n- 下达行政处罚决定书78份\n- 罚没款102.8余万元\n- 开展应急演练500余场\n"
GOOD = "2024年，我局立案93起，下达行政处罚决定书78份，罚没款102.8余万元，开展应急演练500余场。"
BAD = "2024年，我局立案93起，下达行政处罚决定书87份，罚没款102.8余万元，开展应急演练500余场。"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "facts.md").write_text(FACTS, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    return tmp_path


def run(*args, stdin=None):
    return CliRunner().invoke(cli, ["check", *map(str, args)], input=stdin)


def test_faithful_draft_exits_0(files):
    result = run(files / "good.txt", "--facts", files / "facts.md", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "无依据 0 处" in result.output


def test_wrong_number_exits_1_and_names_the_mention(files):
    result = run(files / "bad.txt", "--facts", files / "facts.md", "--year", "2024")
    assert result.exit_code == 1
    column = BAD.index("87份") + 1
    assert f"第 1 行第 {column} 字「87份」" in result.output
    assert "[未用到] F2 下达行政处罚决定书78份" in result.output


def test_json_has_the_documented_shape(files):
    result = run(files / "bad.txt", "--facts", files / "facts.md", "--json", "--year", "2024")
    data = json.loads(result.output)
    assert result.exit_code == 1 and data["ok"] is False
    assert set(data) >= {"ok", "mentions", "unused_facts"}
    keys = {"text", "start", "end", "value", "unit", "qualifier", "status", "reason", "fact"}
    assert all(keys <= set(m) for m in data["mentions"])
    wrong = [m for m in data["mentions"] if m["status"] == "unsupported"]
    assert [(m["text"], m["start"], m["end"], m["value"], m["unit"]) for m in wrong] == [
        ("87份", BAD.index("87份"), BAD.index("87份") + 3, "87", "份")]
    assert [f["id"] for f in data["unused_facts"]] == ["F2"]


def test_json_reports_the_supporting_fact(files):
    data = json.loads(run(files / "good.txt", "--facts", files / "facts.md", "--json").output)
    money = next(m for m in data["mentions"] if m["unit"] == "元")
    assert (money["value"], money["qualifier"], money["fact"]) == ("1028000", "余", "罚没款102.8余万元")


def test_draft_from_stdin(files):
    result = run("-", "--facts", files / "facts.md", "--json", "--year", "2024", stdin=GOOD)
    assert result.exit_code == 0 and json.loads(result.output)["ok"] is True


def test_facts_from_stdin(files):
    result = run(files / "good.txt", "--facts", "-", "--year", "2024", stdin=FACTS)
    assert result.exit_code == 0, result.output


def test_draft_and_facts_cannot_both_come_from_stdin(files):
    result = run("-", "--facts", "-", stdin=GOOD)
    assert result.exit_code == 2 and "标准输入" in result.output


def test_year_option_ignores_the_report_year(files):
    without = json.loads(run("-", "--facts", files / "facts.md", "--json", stdin=GOOD).output)
    with_year = json.loads(run("-", "--facts", files / "facts.md", "--json", "--year", "2024", stdin=GOOD).output)
    assert without["mentions"][0]["status"] == "unsupported"
    assert (with_year["mentions"][0]["status"], with_year["mentions"][0]["reason"]) == ("ignored", "报告年度")


def test_example_passage_is_named_as_the_source_of_a_wrong_number(files):
    (files / "example.txt").write_text("去年全区下达行政处罚决定书87份。", encoding="utf-8")
    result = run(files / "bad.txt", "--facts", files / "facts.md", "--example", files / "example.txt")
    assert result.exit_code == 1 and "取自范例" in result.output


def test_gbk_draft_file_is_read(files):
    (files / "gbk.txt").write_bytes(GOOD.encode("gbk"))
    assert run(files / "gbk.txt", "--facts", files / "facts.md", "--year", "2024").exit_code == 0


def test_word_draft_is_read_through_the_report_reader(files):
    import docx

    document = docx.Document()
    document.add_paragraph("一、执法情况")
    document.add_paragraph(BAD)
    document.save(files / "draft.docx")
    result = run(files / "draft.docx", "--facts", files / "facts.md", "--year", "2024", "--json")
    wrong = [m["text"] for m in json.loads(result.output)["mentions"] if m["status"] == "unsupported"]
    assert result.exit_code == 1 and wrong == ["87份"]


@pytest.mark.parametrize("setup, message", [
    (lambda d: (d / "empty.txt").write_text("", encoding="utf-8"), "空"),
    (lambda d: (d / "empty.txt").write_text("  \n ", encoding="utf-8"), "空"),
    (lambda d: (d / "empty.txt").write_bytes(b"%PDF-1.4 binary"), "不是纯文本"),
    (lambda d: (d / "empty.txt").write_bytes(b"\x00\x00\x01"), "不是纯文本"),
])
def test_unusable_facts_file_exits_2_with_a_message(files, setup, message):
    setup(files)
    result = run(files / "good.txt", "--facts", files / "empty.txt")
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize("stdin, message", [("", "空"), ("   \n", "空"), ("立案93起。" * 1_000_000, "过长")])
def test_unusable_draft_on_stdin_exits_2(files, stdin, message):
    result = run("-", "--facts", files / "facts.md", stdin=stdin)
    assert result.exit_code == 2 and message in result.output


def test_missing_files_exit_2(files):
    assert "找不到" in run(files / "absent.txt", "--facts", files / "facts.md").output
    result = run(files / "good.txt", "--facts", files / "absent.md")
    assert result.exit_code == 2 and "找不到" in result.output


def test_position_counts_lines_of_a_multi_line_draft(files):
    result = run("-", "--facts", files / "facts.md", "--year", "2024", stdin="一、执法情况\n全年立案94起。")
    assert result.exit_code == 1 and "第 2 行第 5 字「94起」" in result.output


def test_missing_year_gets_a_hint(files):
    result = run("-", "--facts", files / "facts.md", stdin="2024年以来，立案93起。")
    assert result.exit_code == 1 and "--year" in result.output


def test_facts_option_is_required(files):
    assert run(files / "good.txt").exit_code == 2


def test_installed_script_runs_end_to_end(files):
    script = REPO / ".venv" / "bin" / "report-assistant"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "assistant"]
    done = subprocess.run([*command, "check", "-", "--facts", str(files / "facts.md"), "--json"],
                          input=BAD, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and json.loads(done.stdout)["ok"] is False
