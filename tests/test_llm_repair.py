"""What the repair prompt says about each bad number: the clause around it, and only the facts
that could support it (same unit and shared words, each once); a computed figure with its formula."""

import pytest

from assistant.check.facts import parse_facts
from assistant.write.llm_drafter import clause_around, format_problems, supporting_facts
from assistant.check.numbers import check_numbers

FACTS = parse_facts("- 全年检查生产经营单位420家次\n- 督导检查重点企业35家次\n- 培训企业负责人62人次\n"
                    "- 立案12起，下达行政处罚决定书10份")


@pytest.mark.parametrize("draft, number, supported_by", [
    ("今年以来，全年检查生产经营单位240家次，立案12起。", "240家次", ["F1", "F2"]),
    ("督导检查重点企业53家次。", "53家次", ["F2", "F1"]),
    ("开展约谈62家次。", "62家次", []),  # shares the unit with F1 and F2, not their words
    ("立案21起。", "21起", ["F4"]),
])
def test_only_facts_that_could_support_a_number_are_offered(draft, number, supported_by):
    [bad] = [m for m in check_numbers(draft, FACTS, year=2024).unsupported if m.quantity.text == number]
    assert [f.id for f in supporting_facts(bad, FACTS)] == supported_by


@pytest.mark.parametrize("text, span, clause", [
    ("今年以来，全年检查生产经营单位240家次，立案12起。", "240家次", "全年检查生产经营单位240家次"),
    ("一是严格执法。立案21起；下达决定书10份。", "21起", "立案21起"),
    ("立案21起", "21起", "立案21起"),
])
def test_the_clause_around_a_number(text, span, clause):
    start = text.index(span)
    assert clause_around(text, start, start + len(span)) == clause


def test_each_problem_is_one_line_and_a_computed_rate_carries_its_formula():
    facts = parse_facts("- 排查隐患142处\n- 整改隐患135处")
    text = "排查隐患142处，整改隐患135处，隐患整改率95.1%，另有隐患150处。"
    check = check_numbers(text, facts, year=2024)
    problems = [m for m in check.mentions if m.status in ("unsupported", "derived")]
    lines = format_problems(problems, text, facts)
    assert lines[0].startswith("「95.1%」（所在分句：“隐患整改率95.1%”）：是自行计算的（135/142")
    assert lines[1].startswith("「150处」（所在分句：“另有隐患150处”）") and lines[1].endswith("可作依据的事实：F1、F2")
    assert len(lines) == 2
