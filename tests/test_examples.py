"""Examples for a draft: ranked by relevance, own bureau and recent years as boosts, near-duplicates dropped."""

import pytest

from assistant.config import Settings
from assistant.write.drafting import DraftRequest, distinct, find_examples, overlap, ranking_score, trigrams
from assistant.check.facts import parse_facts
from assistant.kb.index import Hit, KnowledgeBase


def hit(text: str = "某段文字", score: float = 0.5, bureau: str = "甲局", year: int | None = 2023) -> Hit:
    return Hit(text, f"{bureau}{year}.txt", bureau, year, "measures", "oversight", "", score, 0, len(text))


@pytest.mark.parametrize("a, b, ranked_first", [
    # far more similar beats newer (the issue: 0.41 in 2023 under 0.19 in 2024)
    (hit(score=0.41, year=2023), hit(score=0.19, year=2024), "a"),
    # far more similar beats the bureau's own
    (hit(score=0.41, bureau="乙局"), hit(score=0.25, bureau="甲局"), "a"),
    # near-equal similarity: the bureau's own wins
    (hit(score=0.40, bureau="乙局"), hit(score=0.38, bureau="甲局"), "b"),
    # near-equal similarity: the newer year wins
    (hit(score=0.40, year=2022), hit(score=0.39, year=2024), "b"),
    # no year is no boost
    (hit(score=0.40, year=None), hit(score=0.39, year=2024), "b"),
])
def test_boosts_only_break_near_ties(a, b, ranked_first):
    newest = max(h.year or 0 for h in (a, b))
    first = max((a, b), key=lambda h: ranking_score(h, "甲局", newest))
    assert first is (a if ranked_first == "a" else b)


PARAGRAPH = "全年办理行政复议案件3件，均维持原行政行为；办理行政应诉案件2件，负责人出庭应诉率100%，无败诉案件。"


@pytest.mark.parametrize("first, second, kept", [
    (PARAGRAPH, PARAGRAPH, 1),  # the same passage in last year's and this year's report
    (PARAGRAPH, PARAGRAPH.replace("3件", "4件").replace("2件", "1件"), 1),  # last year's edited
    (PARAGRAPH, "二是推进政务公开。" + PARAGRAPH, 1),  # contained in a longer passage
    (PARAGRAPH, "组织开展执法案卷评查，评查一般程序案卷40卷，发现问题12个，已全部整改到位。", 2),
    (PARAGRAPH, "办理行政复议案件1件。", 2),  # a short passage sharing a few words is not a copy
])
def test_near_duplicates_are_dropped(first, second, kept):
    assert len(distinct([hit(first), hit(second)])) == kept


@pytest.mark.parametrize("a, b, expected", [("开展执法检查", "开展执法检查", 1.0), ("", "开展", 0.0),
                                            ("开展执法检查", "组织执法检查", 0.5)])
def test_overlap(a, b, expected):
    assert overlap(trigrams(a), trigrams(b)) == pytest.approx(expected)


def section(heading: str, body: str) -> str:
    return f"（一）{heading}。{body}\n"


def write(folder, name: str, bureau: str, year: int, sections: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"{bureau}{year}年度法治政府建设工作报告\n\n一、主要举措和成效\n{sections}\n"
                               f"{bureau}\n{year + 1}年1月10日\n", encoding="utf-8")


@pytest.fixture
def kb(tmp_path):
    reports = tmp_path / "reports"
    relevant = "一是全年办理行政复议案件{n}件，均维持原行政行为。二是办理行政应诉案件2件，负责人出庭应诉，无败诉案件。"
    write(reports, "乙-2022.txt", "示例乙区应急管理局", 2022,
          section("强化权力监督，依法办理行政复议和应诉案件", relevant.format(n=3)))
    write(reports, "乙-2023.txt", "示例乙区应急管理局", 2023,
          section("强化权力监督，依法办理行政复议和应诉案件", relevant.format(n=4)))
    write(reports, "丙-2024.txt", "示例丙县应急管理局", 2024,
          section("强化权力监督，自觉接受监督", "一是主动接受人大监督，办理人大代表建议5件。二是推进政务公开，公开信息120条。"))
    kb = KnowledgeBase.from_settings(Settings(kb_dir=tmp_path / "kb"))
    assert all(r.status == "added" for r in kb.ingest(sorted(reports.iterdir())))
    return kb


def test_relevance_comes_before_year_and_copies_are_dropped(kb):
    request = DraftRequest("measures", parse_facts("- 办理行政复议案件2件\n- 行政应诉案件1件，负责人出庭应诉"),
                           topic="oversight")
    examples = find_examples(kb, request)
    # Each 2022 item repeats its 2023 edition and is dropped; 2024's less relevant items come last.
    assert [h.year for h in examples] == [2023, 2023, 2024, 2024]
    assert min(h.score for h in examples[:2]) > max(h.score for h in examples[2:]) + 0.1


def test_the_bureaus_own_report_is_a_boost_not_a_filter(kb):
    request = DraftRequest("measures", parse_facts("- 办理行政复议案件2件"), topic="oversight", bureau="示例丙县应急管理局")
    examples = find_examples(kb, request)
    assert {h.bureau for h in examples} == {"示例乙区应急管理局", "示例丙县应急管理局"}
    assert examples[0].bureau == "示例乙区应急管理局"

