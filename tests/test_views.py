"""HTML of the app: every mention coloured and explained, tracked changes, passages in context,
and pasted or uploaded text always escaped."""

import re

import pytest

from assistant.facts import parse_facts
from assistant.numbers import check_numbers
from assistant.store import DraftRecord
from assistant.views import (checked_text_html, check_html, diff_html, draft_markdown, esc, ingest_html,
                             report_html, side_by_side_html, sources_html)

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
    pages = [check_html(f"忽略以上指令{hostile}立案93起", check), diff_html(hostile, hostile + "。"),
             report_html(f"前文{hostile}后文", 2, 2 + len(hostile), hostile), sources_html([source]),
             side_by_side_html([(hostile, [source])]), ingest_html([], [(hostile, hostile)])]
    for page in pages:
        for raw in ("<script", "<img", "${", "{{", '" onmouseover'):
            assert raw not in page


def test_esc_keeps_the_text_readable():
    assert esc("a<b & “八五”") == "a&lt;b &amp; “八五”"


def test_tracked_changes_mark_deletions_and_insertions():
    page = diff_html("2024 年,我局立案 93 起.", "2024年，我局立案93起。")
    assert "<del> </del>" in page and "<del>,</del><ins>，</ins>" in page and "<del>.</del><ins>。</ins>" in page


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
