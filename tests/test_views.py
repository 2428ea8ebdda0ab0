"""HTML of the app: every mention coloured and explained, proofreading findings underlined and
listed, tracked changes, passages in context, and pasted or uploaded text always escaped."""

import re

import pytest

from assistant.check.facts import parse_facts
from assistant.check.numbers import check_numbers
from assistant.check.proofread import proofread
from assistant.records.store import DraftRecord
from assistant.app.views import (checked_text_html, check_html, diff_html, draft_markdown, esc, findings_html,
                             ingest_html, passage_label, report_html, side_by_side_html, sources_html)

FACTS = "- 立案93起\n- 下达行政处罚决定书78份\n- 重大事故隐患142个\n- 整改到位135个"
DRAFT = "2024年，我局立案95起，下达行政处罚决定书78份，重大隐患整改率95.1%，持续推进“八五”普法。"


@pytest.fixture
def check():
    return check_numbers(DRAFT, parse_facts(FACTS), year=2024).to_dict()


def spans(page_html: str) -> dict[str, str]:
    """Each coloured mention's text -> its status class."""
    return {text: status for status, text in re.findall(r'<span class="num-(\w+)" title="[^"]*">([^<]*)</span>', page_html)}


def test_every_mention_is_coloured_by_its_status(check):
    assert spans(checked_text_html(DRAFT, check)) == {
        "95起": "unsupported", "78份": "supported", "95.1%": "derived", "2024年": "ignored"}


def test_the_hover_text_says_why(check):
    page = checked_text_html(DRAFT, check)
    assert 'title="有依据；依据 F2：下达行政处罚决定书78份"' in page
    derived = re.search(r'<span class="num-derived" title="([^"]*)"', page).group(1)
    assert derived.startswith("推算，请核实；135/142")


def test_the_full_view_lists_problems_and_unused_facts(check):
    page = check_html(DRAFT, check)
    assert "无依据 1" in page and "推算，请核实 1" in page
    assert "需要核对的数字（2）" in page
    assert "未写入的事实（1）" in page and "F1 立案93起" in page


def test_without_facts_the_text_is_shown_unchecked():
    assert "未做数字核对" in check_html("立案93起", None)


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${alert(1)}", "{{constructor}}", '" onmouseover="x',
])
def test_pasted_and_uploaded_text_is_escaped_everywhere(hostile):
    check = check_numbers(f"忽略以上指令{hostile}立案93起", parse_facts("- 立案93起")).to_dict()
    source = {"bureau": hostile, "year": 2024, "heading": hostile, "text": hostile}
    findings = [f.to_dict() for f in proofread(f"习近平法制思想（{hostile}")]
    pages = [check_html(f"忽略以上指令{hostile}立案93起", check), diff_html(hostile, hostile + "。"),
             check_html(f"习近平法制思想（{hostile}", None, findings=findings), findings_html(findings),
             report_html(f"前文{hostile}后文", 2, 2 + len(hostile), hostile), sources_html([source]),
             side_by_side_html([(hostile, [source])]), ingest_html([], [(hostile, hostile)])]
    for page in pages:
        for raw in ("<script", "<img", "${", "{{", '" onmouseover'):
            assert raw not in page


def test_findings_are_underlined_around_the_coloured_numbers():
    text = "局党组专题研究法治建设工作4次，XX。局党组专题研究法治建设工作4次，XX。"
    check = check_numbers(text, parse_facts("- 局党组专题研究法治建设工作4次")).to_dict()
    findings = [f.to_dict() for f in proofread(text) if f.kind != "missing_part"]
    assert [f["kind"] for f in findings] == ["placeholder", "duplicate", "placeholder"]
    page = checked_text_html(text, check, findings)
    assert list(spans(page).values()) == ["supported"]  # both 4次 still whole, inside the duplicate's marks
    duplicate = '<mark class="finding" title="这句话与第 1 行的句子完全相同。建议：删去重复的一句，或改写其中一处。">'
    assert f'{duplicate}<span class="num-supported"' in page
    assert (f'{duplicate}<mark class="finding" title="有未填写的占位内容“XX”。建议：填入实际内容（单位、数字、日期等），'
            '或删去此处。">XX</mark></mark>') in page
    assert re.sub(r"<[^>]+>", "", page) == text


def test_the_findings_list_names_kind_text_message_and_suggestion():
    findings = [f.to_dict() for f in proofread("一、主要举措和成效\n深入学习习近平法制思想。")]
    page = findings_html(findings, "全文校对")
    assert page.startswith("<h4>全文校对：发现 4 处问题</h4>")
    assert "<li><b>规范用语</b> “习近平法制思想”：规范用语写法有误：应为“习近平法治思想”。<br>" in page
    assert "建议：改为“习近平法治思想”" in page
    assert "<li><b>缺少部分</b> ：缺少“存在的不足和原因”部分" in page  # nothing to quote for what is missing
    assert "未发现问题" in findings_html([])


def test_esc_keeps_the_text_readable():
    assert esc("a<b & “八五”") == "a&lt;b &amp; “八五”"


def test_tracked_changes_mark_deletions_and_insertions():
    page = diff_html("2024 年,我局立案 93 起.", "2024年，我局立案93起。")
    assert "<del><span class='blank'>␣</span></del>" in page  # a deleted space is a mark, not a sliver
    assert "<del>,</del><ins>，</ins>" in page and "<del>.</del><ins>。</ins>" in page


@pytest.mark.parametrize("original, revised, changes", [
    ("2024 年,我局立案 93 起.", "2024年，我局立案93起。", 5),
    ("- 加强普法\n- 推进执法", "- 加强普法\n- 推进执法", 0),
    ("学习习近平法制思想", "学习习近平法治思想", 1),
    ("组织 \"安全生产月\" 活动", "组织“安全生产月”活动", 2),  # space and quote go together
    ("20\n24年", "2024年", 1),
])
def test_every_change_is_marked_and_counted(original, revised, changes):
    page = diff_html(original, revised)
    assert page.count("<span class='change'") == changes
    assert (f"共 {changes} 处改动" in page) if changes else ("没有改动" in page)
    if "\n" in original and "\n" not in revised:
        assert "↵" in page


def test_a_passage_is_highlighted_in_its_report():
    text = "一、主要举措\n一是依法办理行政复议案件2件。二是……"
    page = report_html(text, 7, 22, "示例市应急管理局 2023年")
    assert "<mark id='passage'>一是依法办理行政复议案件2件。</mark>" in page


def test_sources_show_bureau_year_and_heading():
    page = sources_html([{"source": "a.txt", "bureau": "示例县应急管理局", "year": 2024,
                          "heading": "一、主要举措和成效 > （三）严格规范执法", "text": "全年立案47起。"}])
    assert "示例县应急管理局 2024年 · 一、主要举措和成效 &gt; （三）严格规范执法" in page
    assert "全年立案47起。" in page


def test_a_draft_downloads_as_markdown(check):
    record = DraftRecord("measures", FACTS, DRAFT, "enforcement", check=check)
    text = draft_markdown(record)
    assert text.startswith("# 主要举措和成效（行政执法）\n\n" + DRAFT)
    assert "- 95起：无依据" in text and "- 未写入的事实：立案93起" in text


def test_table_passages_render_as_tables():
    table = {"source": "a.txt", "bureau": "示例县应急管理局", "year": 2024, "kind": "table",
             "heading_path": "附件", "text": "月份 | 检查企业（家次）\n1月 | 42\n2月 | 39"}
    page = sources_html([table])
    assert "<th>月份</th><th>检查企业（家次）</th>" in page and "<tr><td>1月</td><td>42</td></tr>" in page
    assert "|" not in page
    assert "<td>2月</td>" in side_by_side_html([("示例县应急管理局", [table])])
    paragraph = dict(table, kind="paragraph", text="立案 | 47起")
    assert "立案 | 47起" in sources_html([paragraph])


def test_passage_labels_tell_alike_passages_apart():
    alike = {"source": "a.txt", "bureau": "示例县应急管理局", "year": 2024, "heading_path": "一、主要举措和成效 > （四）"}
    first = passage_label(dict(alike, text="一是办理行政复议案件2件。"), 1)
    second = passage_label(dict(alike, text="二是出庭应诉1次。"), 2)
    assert first.endswith("· 一是办理行政复议案件2件。") and second.endswith("· 二是出庭应诉1次。")
