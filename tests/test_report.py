"""The whole report: a facts file drafted part by part, numbered, checked, proofread, exported."""

import json

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.config import Settings
from assistant.kb.documents import load_report, parse_report
from assistant.errors import InputError
from assistant.kb.index import supported_files
from assistant.write.report import draft_report, read_report_facts, title_metadata
from assistant.service import Assistant
from conftest import REPO

SAMPLE = REPO / "samples" / "facts-2024.md"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    assistant = Assistant.from_settings(Settings(kb_dir=tmp_path_factory.mktemp("kb")))
    list(assistant.kb.ingest(supported_files([REPO / "knowledge"])))
    return assistant


@pytest.mark.parametrize("heading, part", [
    ("主要举措和成效", "measures"), ("measures", "measures"), ("一、主要工作", "measures"),
    ("工作亮点", "highlights"), ("党政主要负责人履行推进法治建设第一责任人职责情况", "leader_duty"),
    ("存在的不足和原因", "shortcomings"), ("存在问题", "shortcomings"),
    ("下一年度工作安排", "plans"), ("2025年工作计划", "plans"), ("下一步工作思路", "plans"),
])
def test_part_headings_as_people_write_them(heading, part):
    assert read_report_facts(f"## {heading}\n- 立案12起").groups == {part: {"": read_report_facts(
        f"## {heading}\n- 立案12起").groups[part][""]}}


@pytest.mark.parametrize("heading, topic", [("普法宣传", "publicity"), ("行政执法", "enforcement"),
                                            ("enforcement", "enforcement"), ("行政复议", "oversight")])
def test_topic_headings(heading, topic):
    assert list(read_report_facts(f"## 主要举措和成效\n### {heading}\n- 立案12起").groups["measures"]) == [topic]


def test_an_unknown_heading_names_the_choices():
    with pytest.raises(InputError, match="shortcomings"):
        read_report_facts("## 杂项\n- 立案12起")


def test_title_metadata():
    assert title_metadata("# 示例县应急管理局 2024 年度报告事实\n- x") == ("示例县应急管理局", 2024)
    with pytest.raises(InputError, match="--bureau"):
        title_metadata("- 立案12起")


def test_the_sample_report_passes_the_check_and_the_proofreader(assistant):
    result = draft_report(assistant, SAMPLE.read_text(encoding="utf-8"), bureau="示例县应急管理局", year=2024)
    assert result.check.ok and result.check.unused_facts == []
    assert result.findings == []
    parsed = parse_report(result.text, "draft")
    assert [p.part for p in parsed.parts] == ["preamble", "measures", "leader_duty", "shortcomings", "plans", "closing"]
    assert [s.label for s in parsed.parts[1].sections] == ["（一）", "（二）", "（三）", "（四）"]
    assert [p.label for p in parsed.parts[1:5]] == ["一、", "二、", "三、", "四、"]
    assert parsed.bureau == "示例县应急管理局" and parsed.year == 2024


def test_progress_is_reported_for_every_part(assistant):
    seen = []
    draft_report(assistant, SAMPLE.read_text(encoding="utf-8"), bureau="示例县应急管理局", year=2024,
                 on_progress=lambda n, total, name: seen.append((n, total, name)))
    assert [n for n, _, _ in seen] == list(range(len(seen))) and seen[0][1] == len(seen) == 8


@pytest.mark.parametrize("suffix", [".docx", ".md"])
def test_report_command_exports(tmp_path, suffix):
    out = tmp_path / f"report{suffix}"
    result = CliRunner().invoke(cli, ["report", "--facts", str(SAMPLE), "--out", str(out), "--json",
                                      "--kb", str(tmp_path / "kb")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output[result.output.index("{"):])["check"]["ok"]
    exported = load_report(out)
    assert exported.bureau == "示例县应急管理局" and "主要举措和成效" in exported.text


def test_a_report_without_opening_facts_still_opens(assistant):
    facts = SAMPLE.read_text(encoding="utf-8").replace("全年全县未发生较大及以上生产安全事故\n", "")
    result = draft_report(assistant, facts, bureau="示例县应急管理局", year=2024)
    assert result.check.ok and result.findings == []
    assert parse_report(result.text, "draft").parts[0].part == "preamble"
