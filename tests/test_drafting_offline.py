"""The offline drafter: for fact sets derived from real and sample reports, every part it drafts
passes the number check with no unused facts, and has the house-style form of its part."""

import re

import pytest

from assistant.write.composer import OfflineDrafter
from assistant.config import Settings
from assistant.kb.documents import load_report
from assistant.write.drafting import DraftRequest, draft_section
from assistant.check.facts import parse_facts
from assistant.kb.index import KnowledgeBase, supported_files
from assistant.check.mentions import find_quantities
from assistant.write.phrasing import colloquial_words
from conftest import REPO, corpus_files

KNOWLEDGE = REPO / "knowledge"
SOURCES = corpus_files() + supported_files([KNOWLEDGE])


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    """The shipped sample reports, indexed once for the module."""
    kb = KnowledgeBase.from_settings(Settings(kb_dir=tmp_path_factory.mktemp("kb")))
    list(kb.ingest(supported_files([KNOWLEDGE])))
    return kb


def fact_lines(part) -> str:
    """Bullet facts a bureau could have written for this part: its numbered sentences, or its first ones."""
    sentences = [s.strip() for section in part.sections for item in section.items
                 for s in re.split(r"[。；]", re.sub(r"^[一二三四五六七八九十]+是", "", item.text)) if len(s.strip()) > 6]
    counted = [s for s in sentences if any(not q.ignore for q in find_quantities(s))]
    chosen = (counted or sentences)[:8]
    return "\n".join(f"- {s}" for s in chosen)


def drafting_cases():
    for path in SOURCES:
        report = load_report(path)
        for part in report.parts:
            if part.part not in ("closing",) and fact_lines(part):
                yield pytest.param(path, part.part, fact_lines(part), id=f"{path.stem[:16]}-{part.part}-{part.span[0]}")


@pytest.mark.parametrize("path, part, facts", list(drafting_cases()))
def test_offline_draft_passes_the_number_check_and_uses_every_fact(kb, path, part, facts):
    report = load_report(path)
    request = DraftRequest(part, parse_facts(facts), bureau=report.bureau, year=report.year)
    draft = draft_section(request, OfflineDrafter(), kb)
    problems = [(m.quantity.text, m.reason) for m in draft.check.unsupported]
    assert problems == [], draft.text
    assert draft.check.unused_facts == [], draft.text
    assert_house_style(part, draft.text)
    assert draft.backend == "offline" and draft.sources


def assert_house_style(part: str, text: str) -> None:
    """The form of each part: what a reader of these reports expects to see."""
    assert "**" not in text and "- " not in text
    assert_no_note_forms(text)
    if part in ("measures", "highlights"):
        subheading = text.split("。", 1)[0]
        assert "，" in subheading and len(subheading) <= 40 and not re.search(r"[0-9]", subheading)
    elif part == "plans":
        opening, *paragraphs = text.splitlines()
        assert re.match(r"(20[0-9]{2}年|下一步)，我局将.+：$", opening) and paragraphs
        assert all(re.match(r"（[一二三四五六七八九十]+）[^。]{2,30}。", line) for line in paragraphs)
    elif part == "leader_duty":
        assert "一是" not in text and "\n" not in text  # a paragraph, not a list
    elif part == "preamble":
        assert text.endswith("报告如下：")


TIME_FRAME = re.compile(r"(?:^|[，；])(?:今年以来|全年|年内)")


def assert_no_note_forms(text: str) -> None:
    assert note_forms(text) == [], text


def note_forms(text: str) -> list[str]:
    """The forms the proofreader flags, found in text: notes left as jotted (spaces, symbols),
    colloquial words, a lone 一是, a heading echoed by its body, two time frames in one sentence."""
    plain = re.sub(r"“[^”]*”|《[^》]*》", "", text)
    found = ["spaced_note"] * len(re.findall(r"[\u4e00-\u9fff]\s+[0-9\u4e00-\u9fff]|[0-9]\s+[\u4e00-\u9fff]", plain))
    found += ["note_symbol"] * len(re.findall(r"[+＋/／&]", plain))
    found += ["colloquial"] * len([p for p in colloquial_words() if p.search(plain)])
    found += ["lone_enumeration"] * (("一是" in text) > ("二是" in text))
    for heading, body in re.findall(r"(?:^|[。\n])(?:[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）)([^。]{2,30})。([^。]*)", text):
        found += ["echoed_heading"] * body.startswith(heading[:4])
    found += ["double_time_frame"] * sum(len(TIME_FRAME.findall(s)) > 1 for s in re.split(r"[。\n]", text))
    return found


def test_drafts_take_no_number_or_name_from_the_examples(kb):
    request = DraftRequest("measures", parse_facts("- 立案12起\n- 检查企业35家次"), bureau="测试县应急管理局", year=2024)
    draft = draft_section(request, OfflineDrafter(), kb)
    assert {m.quantity.text for m in draft.check.mentions if m.status == "supported"} == {"12起", "35家次"}
    assert not re.search(r"示例[市区县]", draft.text)


def test_more_than_ten_items_are_numbered_on(kb):
    facts = parse_facts("\n".join(f"- 基层执法装备短缺问题之{n}" for n in "甲乙丙丁戊己庚辛壬癸子丑"))
    text = draft_section(DraftRequest("shortcomings", facts), OfflineDrafter(), kb).text
    assert "十是" in text and "十一是" in text and "十二是" in text and text.count("一是") == 2  # 一是, 十一是


NOTES = "- 执法检查 企业233家次 发现隐患604项 整改591项\n- 立案28起 罚款41.5万元\n- 执法人员培训 2期 96人次\n- 执法记录仪 新配 14台"


def draft_of(kb, part: str, facts: str, bureau: str = "测试区市场监督管理局", **options):
    request = DraftRequest(part, parse_facts(facts), bureau=bureau, year=2024, **options)
    return draft_section(request, OfflineDrafter(), kb)


def test_notes_become_sentences_grouped_under_headings_that_fit(kb):
    draft = draft_of(kb, "measures", NOTES)
    assert draft.check.ok and not draft.check.unused_facts
    for clause in ("开展执法检查，检查企业233家次", "立案28起，罚款41.5万元", "举办执法人员培训班2期，培训96人次", "新配备执法记录仪14台"):
        assert clause in draft.text
    items = re.findall(r"[一二三四五六七八九十]是([^。]+)。([^一二三四五六七八九十]+)", draft.text)
    assert len(items) == 4  # one item per kind of fact, each with its heading
    training = next(heading for heading, body in items if "培训" in body)
    assert not re.search("严管|重罚|处罚|检查", training)
    assert_house_style("measures", draft.text)


@pytest.mark.parametrize("bureau, foreign", [
    ("测试区市场监督管理局", "安全生产|应急|治本攻坚|三年行动|底线"),
    ("测试县司法局", "安全生产|应急|治本攻坚|三年行动|底线"),
])
def test_no_words_of_another_field_and_no_campaign_no_fact_states(kb, bureau, foreign):
    for part in ("measures", "highlights", "plans", "preamble"):
        text = draft_of(kb, part, NOTES, bureau).text
        assert not re.search(foreign, text), text


def test_a_single_item_has_no_lone_enumeration(kb):
    text = draft_of(kb, "measures", "- 立案28起 罚款41.5万元").text
    assert "一是" not in text and "立案28起，罚款41.5万元" in text


def test_another_version_differs_and_the_same_request_gives_the_same_text(kb):
    for part in ("measures", "plans", "leader_duty"):
        first, again = draft_of(kb, part, NOTES).text, draft_of(kb, part, NOTES).text
        other = draft_of(kb, part, NOTES, variant=1)
        assert first == again and other.text != first, part
        assert other.check.ok and not other.check.unused_facts
        assert_house_style(part, other.text)


@pytest.mark.parametrize("digits, expected", [(True, "培训2期"), (False, "培训两期")])
def test_counts_in_arabic_digits_is_a_setting(kb, digits, expected):
    request = DraftRequest("shortcomings", parse_facts("- 全年只组织培训两期\n- 执法车辆不足"), year=2024)
    draft = draft_section(request, OfflineDrafter(arabic_digits=digits), kb)
    assert expected in draft.text and draft.check.ok and not draft.check.unused_facts


def test_plans_open_with_the_plan_year_and_shortcomings_keep_to_the_facts(kb):
    plans = draft_of(kb, "plans", "- 推进非现场执法\n- 深入开展“八五”普法").text
    assert plans.startswith("2025年，我局将")
    shortcomings = draft_of(kb, "shortcomings", "- 普法还是发资料、摆摊为主，新媒体用得不够\n- 智慧执法刚起步").text
    assert "一是普法仍以发放资料、设点宣传为主，新媒体运用不够充分，" in shortcomings
    assert "二是智慧执法尚处于起步阶段" in shortcomings and "原因" not in shortcomings  # no cause no fact gives


def test_verb_object_pairs_are_mined_at_ingest(kb):
    hits = kb.search("发放宣传资料 举办培训班", 8, part="measures")
    pairs = ";".join(h.verb_pairs for h in hits)
    assert "宣传资料=发放" in pairs and all("verb_pairs" not in h.to_dict() for h in hits)


@pytest.mark.parametrize("facts, problem", [
    ("- 普法宣传 活动12场 发资料6000份\n- 普法还是发资料为主，新媒体用得不够\n- 送法进企业 15场", "普法仍以发放资料为主"),
    ("- 执法检查 企业120家次\n- 执法人员培训有待加强\n- 立案9起", "执法人员培训有待加强"),
    ("- 信息化平台 上线\n- 非现场执法尚处于起步阶段", "非现场执法尚处于起步阶段"),
])
def test_no_effect_clause_follows_or_joins_a_shortcoming_in_measures(kb, facts, problem):
    draft = draft_of(kb, "measures", facts, bureau="测试县应急管理局")
    assert draft.check.ok and not draft.check.unused_facts
    sentence = next(s for s in re.split(r"[。]", draft.text) if problem in s)
    assert not re.search(r"营造了|有效提升|形成有力震慑|进一步规范|得到有效维护|不断增强", sentence), sentence
    assert not sentence.startswith(("此外", "同时")), sentence
    assert_house_style("measures", draft.text)


def test_a_quoted_campaign_the_fact_names_passes_the_named_claim_check(kb):
    draft = draft_of(kb, "measures", "- 普法宣传 安全生产月 活动12场 发资料6000份", bureau="测试县应急管理局")
    assert "开展“安全生产月”普法宣传活动12场" in draft.text
    assert draft.check.ok and not draft.check.unsupported_names


def test_a_plan_whose_aim_restates_its_heading_reads_as_a_full_sentence(kb):
    plans = draft_of(kb, "plans", "- 推进非现场执法").text
    body = plans.split("\n")[1].split("。", 1)[1]
    assert "，" in body and "非现场执法" in body, plans
