"""Measures and highlights sections at the genre's length: per item a principle, a purpose frame and
an effect clause where its kind has them, an example's neutral opening sentence; never a claim no
fact states, never the same framing twice in a section, never past the corpus' top length."""

import re
import sys

import pytest

from assistant.write.composer import OfflineDrafter
from assistant.config import Settings
from assistant.write.drafting import DraftRequest, draft_section
from assistant.check.facts import parse_facts
from assistant.write.framing import (REPEAT_RUN, FramingLedger, PhraseGuard, example_frames, frames_only, kind_data,
                               runs, section_opening)
from assistant.kb.index import Hit, KnowledgeBase, supported_files
from assistant.check.proofread import proofread_fragment
from conftest import REPO
from test_drafting_offline import note_forms

sys.path.insert(0, str(REPO / "bench"))
from bench_drafting import factset_requests  # noqa: E402

CAP = kind_data()["measures_length"]["cap_per_fact"]
EFFECTS = [e for kind in kind_data()["kinds"] for e in kind.get("effects", [])]
FRAMES = [f for kind in kind_data()["kinds"] for f in kind.get("frames", [])]


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    kb = KnowledgeBase.from_settings(Settings(kb_dir=tmp_path_factory.mktemp("kb")))
    list(kb.ingest(supported_files([REPO / "knowledge"])))
    return kb


def hit(text: str, heading: str = "一、主要举措和成效 > （一）严格规范执法，提升执法质效") -> Hit:
    """A passage of another bureau's report, written by us in the genre's style."""
    return Hit(text=text, source="测试.txt", bureau="测试市应急管理局", year=2023, part="measures",
               topic="enforcement", heading_path=heading, score=0.5, start=0, end=len(text))


def compose(facts: str, examples: list[Hit] = (), bureau: str = "测试县应急管理局", topic: str = "", variant: int = 0) -> str:
    request = DraftRequest("measures", parse_facts(facts), topic, bureau, 2024, variant=variant)
    return OfflineDrafter().compose(request, list(examples))


def framing_of(text: str, clauses: list[str]) -> list[str]:
    """What the composer added to the facts: the text with every fact clause cut out, in pieces."""
    pieces = sorted({p for c in clauses for p in re.split(r"[，；。]", c) if len(p) >= 2}, key=len, reverse=True)
    for piece in pieces:
        text = text.replace(piece, "|")
    return [p for p in re.split(r"[|，；。、]|[一二三四五六七八九十]+是", text) if p]


def repeated_runs(pieces: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for piece in pieces:
        for run in [piece[i:i + REPEAT_RUN] for i in range(len(piece) - REPEAT_RUN + 1)]:
            counts[run] = counts.get(run, 0) + 1
    return [run for run, count in counts.items() if count > 1]


MEASURES_SETS = [(name, request) for name, request in factset_requests() if request.part in ("measures", "highlights")]


@pytest.mark.parametrize("variant", [0, 1, 2])
def test_every_bench_fact_set_is_framed_without_repeats_claims_or_findings(kb, variant):
    assert len(MEASURES_SETS) >= 15
    for name, request in MEASURES_SETS:
        request.variant = variant
        draft = draft_section(request, OfflineDrafter(), kb)
        clauses = OfflineDrafter().clauses(request, draft.sources)
        assert repeated_runs(framing_of(draft.text, clauses)) == [], (name, draft.text)
        assert draft.check.ok and not draft.check.unused_facts and not draft.check.unsupported_names, (name, draft.text)
        assert [f.kind for f in proofread_fragment(draft.text)] + note_forms(draft.text) == [], (name, draft.text)
        assert len(draft.text) <= CAP * len(request.facts), (name, draft.text)


@pytest.mark.parametrize("pieces, repeated", [
    (["坚持问题导向", "以日常监管为抓手"], []),
    (["营造了尊法学法守法用法的良好氛围", "营造尊法学法守法用法氛围"], ["尊法学法守法"]),
    (["执法人员依法履职能力有效提升", "执法人员依法履职能力有效提升"], ["执法人员依法", "人员依法履职"]),
])
def test_the_repeat_finder_of_these_tests_finds_six_character_runs(pieces, repeated):
    found = repeated_runs(pieces)
    assert all(r in found for r in repeated) and bool(found) == bool(repeated)


@pytest.mark.parametrize("taken, phrase, fresh", [
    ("坚持问题导向", "聚焦问题导向", False),  # 问题导向: four characters read as a repeat
    ("坚持问题导向", "以日常监管为抓手", True),
    ("深化普法宣传，营造尊法学法守法用法氛围", "营造了尊法学法守法用法的良好氛围", False),
    ("提升执法人员业务能力", "围绕提升执法人员业务素质", False),
    ("强化监督检查", "监管效能持续提升", True),
    ("围绕提升监管效能", "监管效能持续提升", False),
])
def test_the_ledger_refuses_a_phrase_that_repeats_the_section_framing(taken, phrase, fresh):
    assert FramingLedger(taken).fresh(phrase) is fresh


@pytest.mark.parametrize("text, size, expected", [
    ("坚持问题导向", 6, {"坚持问题导向"}),
    ("坚持问题，导向", 4, {"坚持问题"}),  # punctuation ends a run
    ("以训促学", 6, set()),
])
def test_runs_stay_inside_clauses(text, size, expected):
    assert runs(text, size) == expected


@pytest.mark.parametrize("phrase, facts, bureau, neutral", [
    ("围绕提升执法检查精准度", "执法检查 企业120家次", "测试县应急管理局", True),
    ("聚焦危险化学品、燃气等重点行业领域", "执法检查 企业120家次", "测试县应急管理局", False),  # a list of what they focused on
    ("围绕危险化学品重点领域", "执法检查 企业120家次", "测试县应急管理局", False),  # a field word no fact says
    ("围绕危险化学品重点领域", "危险化学品企业检查 30家次", "测试县应急管理局", True),
    ("以创建示范单位为抓手", "普法宣传 活动12场", "测试县司法局", False),  # an honour no fact states
    ("围绕区委中心工作", "立案9起", "测试县应急管理局", False),  # an organ
    ("以“清风行动”为抓手", "立案9起", "测试县应急管理局", False),  # a campaign of theirs
    ("以“双随机、一公开”为抓手", "抽查企业30家", "测试区市场监督管理局", True),  # a set programme
])
def test_a_clause_lifted_from_an_example_must_be_neutral(phrase, facts, bureau, neutral):
    assert PhraseGuard(facts, bureau).neutral(phrase) is neutral


@pytest.mark.parametrize("clause, frames", [
    ("始终坚持严格规范公正文明执法", True),
    ("持续提升执法规范化水平", True),
    ("高度重视普法工作", True),
    ("成立法治建设工作领导小组", False),  # something done: a claim
    ("坚持每月召开一次执法例会", False),
    ("局党委多次听取汇报", False),
    ("把法治建设纳入年度考核", False),
    ("全面推行行政执法公示制度", False),
])
def test_an_opening_clause_frames_only_when_it_states_nothing_done(clause, frames):
    assert frames_only(clause) is frames


@pytest.mark.parametrize("text, opening", [
    ("我局始终坚持依法行政，持续提升执法规范化水平。一是强化检查。", "始终坚持依法行政，持续提升执法规范化水平"),
    ("局党委高度重视执法工作，成立执法工作专班。一是强化检查。", ""),
    ("一是强化检查。全年检查企业30家次。", ""),
    ("我局始终坚持依法行政，聚焦燃气、工贸等领域。", ""),
])
def test_a_section_opening_is_an_example_sentence_that_only_frames(text, opening):
    assert section_opening([hit(text)], PhraseGuard("检查企业30家次", "测试县应急管理局")) == opening


@pytest.mark.parametrize("text, expected", [
    ("一是强化监督检查。围绕提升执法检查精准度，全年检查企业30家次。", ["围绕提升执法检查精准度"]),
    ("一是强化监督检查。聚焦危险化学品、燃气等重点领域，检查企业30家次。", []),
    ("一是强化监督检查。以“清风行动”为抓手，检查企业30家次。", []),
])
def test_example_frames_are_taken_only_when_neutral(text, expected):
    assert example_frames([hit(text)], PhraseGuard("执法检查 企业120家次", "测试县应急管理局")) == expected


def test_an_example_frame_of_the_item_kind_comes_before_the_table(kb):
    example = hit("一是强化监督检查。围绕增强检查的精准度，全年检查企业30家次。")
    text = compose("- 检查企业120家次", [example])
    assert "坚持问题导向，围绕增强检查的精准度，检查企业120家次" in text, text
    assert "30家次" not in text


def test_an_example_opening_sentence_frames_a_short_section_and_takes_the_subject():
    example = hit("我局始终坚持依法行政，不断筑牢依法履职的思想根基。一是强化检查。")
    text = compose("- 立案9起", [example])
    assert text.split("。")[1] == "我局始终坚持依法行政，不断筑牢依法履职的思想根基", text
    assert text.count("我局") == 1


SNIPPETS = [
    "- 执法检查 企业120家次 查隐患356项\n- 立案9起 罚款12.5万元\n- 执法人员培训 3期 120人次",
    "- 普法宣传 活动12场 发资料6000份\n- 普法还是发资料为主，新媒体用得不够\n- 送法进企业 15场",
    "- 受理投诉举报 320件\n- 行政复议 收到申请12件 审结11件\n- 合法性审核 文件15件",
    "- 修订应急预案 3个\n- 组织演练 2场",
    "- 规范性文件清理：清理3件，废止1件",
]


@pytest.mark.parametrize("facts", SNIPPETS)
@pytest.mark.parametrize("variant", [0, 1])
def test_at_most_one_effect_and_one_frame_per_item_and_never_with_a_problem(facts, variant):
    text = compose(facts, variant=variant)
    items = re.split(r"[一二三四五六七八九十]+是", text)[1:] or [text]
    for item in items:
        assert sum(e in item for e in EFFECTS) <= 1 and sum(f in item for f in FRAMES) <= 1, text
    for sentence in re.split("。", text):
        if re.search(r"仍以|不够|有待|尚处于", sentence):
            assert not any(e in sentence for e in EFFECTS), sentence
    if len(items) > 1:
        assert sum(any(e in item for e in EFFECTS) for item in items) < len(items), text  # not every item
    assert len(text) <= CAP * len(parse_facts(facts)), text


@pytest.mark.parametrize("facts", SNIPPETS)
def test_framing_never_brings_a_number_the_facts_lack(facts):
    text = compose(facts)
    assert set(re.findall(r"[0-9.]+", text)) <= set(re.findall(r"[0-9.]+", facts)), text


def test_a_long_fact_gets_no_framing_beyond_the_top_of_the_range():
    fact = "- 开展执法检查，检查企业412家次，排查隐患1876项，已整改1803项，其中重大隐患12项已全部整改销号，对整改不到位的企业依法约谈负责人9人次"
    text = compose(fact)
    framing = FRAMES + EFFECTS + [lead for kind in kind_data()["kinds"] for lead in kind["leads"]]
    assert not any(f in text for f in framing), text  # the fact alone is past the top: nothing is added
