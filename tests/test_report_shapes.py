"""Reports of other kinds of bureau and government (tests/data/bureaus, our own text in the genre's
shapes): their parts and authors, nothing of their body missing from the index, chrome stripped,
numbered items kept as items, and files that are no report refused."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.kb.chunking import chunk_report
from assistant.cli import cli
from assistant.kb.documents import load_report, parse_report, require_report
from assistant.errors import NotAReportError
from assistant.kb.formats import clean_lines
from assistant.kb.index import supported_files
from assistant.kb.metadata import split_header_and_closing
from conftest import REPO, corpus_files

BUREAUS = REPO / "tests" / "data" / "bureaus"
SAMPLES = [p for p in supported_files([BUREAUS, REPO / "knowledge"]) if p.name != "SOURCES.md"]

SHAPES = {
    # a government: the first-responsible-person part first, then several measure parts
    "示例区人民政府_2023年度法治政府建设情况报告.txt": (
        ["preamble", "leader_duty", "measures", "measures", "measures", "measures", "shortcomings", "plans", "closing"],
        "示例区人民政府", "区县", "人民政府"),
    # web chrome around the title; 1. 2. 3. items inside a section
    "示例市司法局_2023年度法治政府建设年度报告.txt": (
        ["preamble", "measures", "leader_duty", "shortcomings", "plans", "closing"], "示例市司法局", "市", "司法行政"),
    # markdown, the city only in the signature
    "示例市市场监督管理局_2023年法治政府建设情况报告.md": (
        ["preamble", "measures", "measures", "measures", "shortcomings", "plans", "closing"],
        "示例市市场监督管理局", "市", "市场监管"),
    # no title: the author in the body and in a two-line signature
    "示例街道办事处_2023年法治政府建设工作总结.txt": (
        ["preamble", "measures", "measures", "measures", "measures", "shortcomings", "plans", "closing"],
        "示例街道办事处", "乡镇街道", "街道"),
    # a bare township in the title, Party committee and government signing
    "示例镇人民政府_2023年度法治政府建设报告.txt": (
        ["preamble", "measures", "shortcomings", "plans", "closing"], "示例镇人民政府", "乡镇街道", "乡镇"),
    "示例高新区管委会_2023年法治政府建设报告.txt": (
        ["preamble", "measures", "measures", "shortcomings", "plans", "closing"],
        "示例高新技术产业开发区管理委员会", "区县", "开发区"),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_parts_and_author_of_every_shape(name):
    report = load_report(BUREAUS / name)
    parts, bureau, level, kind = SHAPES[name]
    assert [part.part for part in report.parts] == parts
    assert (report.bureau, report.level, report.kind, report.year) == (bureau, level, kind, 2023)


def uncovered_text(path: Path) -> list[str]:
    """The body's words that no chunk holds: characters outside every chunk's span that are not
    a heading on the chunks' heading paths either."""
    report = load_report(path)
    chunks = chunk_report(report, max_tokens=400)
    covered = set()
    for chunk in chunks:
        covered.update(range(chunk.start, chunk.end))
    headings = re.sub(r"[^\u4e00-\u9fff0-9]", "", "".join(chunk.heading_path + chunk.text for chunk in chunks))
    _, body, _, attachments = split_header_and_closing(clean_lines(report.text))
    missing = []
    for line in body + attachments:
        left = "".join(char for char, at in zip(line.text, line.traced.offsets) if at not in covered)
        words = re.sub(r"[^\u4e00-\u9fff0-9]", "", left)
        if words and words not in headings:
            missing.append(line.text)
    return missing


@pytest.mark.parametrize("path", SAMPLES + corpus_files(), ids=lambda p: p.name)
def test_every_character_of_the_body_is_in_some_chunk(path):
    assert uncovered_text(path) == []


def test_a_one_line_shortcoming_is_a_chunk_of_its_own():
    chunks = chunk_report(load_report(BUREAUS / "示例镇人民政府_2023年度法治政府建设报告.txt"))
    short = [c for c in chunks if c.part == "shortcomings"]
    assert [(c.section_label, c.text, c.kind) for c in short] == [
        ("（一）", "乡村法治人才短缺，基层法律服务力量不足", "heading"),
        ("（二）", "群众运用法律维护权益的意识仍需提升", "heading")]


def test_a_heading_only_part_is_a_chunk():
    text = "示例县司法局2023年法治政府建设工作报告\n\n一、主要举措和成效\n全年办理行政复议案件5件。\n二、存在的问题\n三、下一步打算\n持续推进依法行政。"
    chunks = chunk_report(parse_report(text, "报告.txt"))
    assert ("shortcomings", "存在的问题") in [(c.part, c.text) for c in chunks]


NESTED_LIST = """示例县司法局2023年度法治政府建设情况报告

一、主要举措和成效
（一）加强组织领导。
1.深入学习贯彻习近平法治思想。局党组会议学法6次。
2.切实履行法治政府建设第一责任人职责。局长主持专题会议3次。
（二）严格规范执法。全局执法人员持证率98%。
三、存在的问题
乡镇法治力量仍然薄弱。
"""
INLINE_LIST = """示例县司法局2023年度法治政府建设情况报告

一、主要举措和成效
（一）落实行政执法“三项制度”。1.评查案卷120卷。2.组织执法人员考试，合格率97%。3.执法证件持有率达95.5%。
二、存在的问题
乡镇法治力量仍然薄弱。
"""


@pytest.mark.parametrize("text, labels", [
    (NESTED_LIST, ["1.", "2."]),  # on lines of their own, the 2. naming the first responsible person
    (INLINE_LIST, ["1.", "2.", "3."]),  # inside one paragraph, with 95.5 no item
])
def test_numbered_items_inside_a_section_stay_its_items(text, labels):
    report = parse_report(text, "报告.txt")
    assert [part.part for part in report.parts] == ["measures", "shortcomings"]
    assert [item.label for item in report.parts[0].sections[0].items] == labels


def test_web_chrome_leaves_titles_and_bodies():
    report = load_report(BUREAUS / "示例市司法局_2023年度法治政府建设年度报告.txt")
    assert report.title == "示例市司法局2023年度法治政府建设年度报告"
    texts = "".join(c.heading_path + c.text for c in chunk_report(report))
    assert not re.search("浏览量|来源：|日期：|字号|打印本页|政策法规科", texts)


@pytest.mark.parametrize("line, kept", [
    ("示例区财政局2023年度法治政府建设情况报告办公室2024-01-12", "示例区财政局2023年度法治政府建设情况报告"),
    ("发布日期：2024-01-12 来源：示例区财政局 浏览量：321", None),
    ("浏览次数：88", None),
    ("全年审查合同43份，2024-01-12前全部办结。", "全年审查合同43份，2024-01-12前全部办结。"),
])
def test_chrome_lines_and_title_tails(line, kept):
    assert [l.text for l in clean_lines(line)] == ([kept] if kept else [])


def test_a_list_of_sources_is_no_report():
    with pytest.raises(NotAReportError, match="SOURCES.md.*网址链接.*--force"):
        require_report(load_report(BUREAUS / "SOURCES.md"))


@pytest.mark.parametrize("path", SAMPLES + corpus_files(), ids=lambda p: p.name)
def test_reports_are_reports(path):
    require_report(load_report(path))


@pytest.mark.parametrize("text, refused", [
    ("2023年，示例县司法局坚持依法行政，扎实推进法治政府建设。现将有关情况报告如下：", False),  # an opening alone
    ("会议纪要\n\n参会人员：张三、李四。\n会议讨论了办公用品采购事宜。", True),
    ("| 文件 | 下载日期 |\n|---|---|\n| 甲 | 2024-03-01 |\n| 乙 | 2024-03-02 |", True),
])
def test_what_counts_as_a_report(text, refused):
    report = parse_report(text, "文件.md")
    if refused:
        with pytest.raises(NotAReportError):
            require_report(report)
    else:
        require_report(report)


def test_ingest_refuses_a_non_report_per_file_and_force_takes_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("SOURCES.md", "示例镇人民政府_2023年度法治政府建设报告.txt"):
        (folder / name).write_bytes((BUREAUS / name).read_bytes())
    runner = CliRunner()
    refused = runner.invoke(cli, ["ingest", str(folder), "--kb", str(tmp_path / "kb")])
    assert refused.exit_code == 1 and "SOURCES.md：看起来不是一份报告" in refused.output
    assert "示例镇人民政府_2023年度法治政府建设报告.txt" in refused.output
    forced = runner.invoke(cli, ["ingest", str(folder / "SOURCES.md"), "--force", "--kb", str(tmp_path / "kb")])
    assert forced.exit_code == 0 and "新增：SOURCES.md" in forced.output
