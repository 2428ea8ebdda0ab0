"""The number check on the error classes of issue 10: for each class, drafts with a planted error
that must be flagged at the planted mention, and faithful drafts that must pass (tests/number_cases.py)."""

import pytest
from number_cases import CASES, YEAR

from assistant.facts import parse_facts
from assistant.numbers import check_numbers


def flagged_spans(facts: str, draft: str) -> list[tuple[int, int, str, str]]:
    """(start, end, text, reason) of every unsupported mention of the draft."""
    result = check_numbers(draft, parse_facts(facts), year=YEAR)
    return [(m.quantity.start, m.quantity.end, m.quantity.text, m.reason) for m in result.unsupported]


PENDING = set()  # classes not done yet


def _params(faithful: bool):
    pending = pytest.mark.xfail(reason="class not implemented yet", strict=False)
    return [pytest.param(facts, draft, target, id=f"{kind}-{n}", marks=[pending] if kind in PENDING else [])
            for kind, cases in CASES.items()
            for n, (facts, draft, target) in enumerate(cases, 1) if (target is None) == faithful]


@pytest.mark.parametrize("facts, draft, target", _params(faithful=False))
def test_planted_error_is_flagged_at_its_mention(facts, draft, target):
    start = draft.index(target)
    flagged = flagged_spans(facts, draft)
    assert any(a < start + len(target) and b > start for a, b, _, _ in flagged), flagged


@pytest.mark.parametrize("facts, draft, target", _params(faithful=True))
def test_faithful_draft_passes(facts, draft, target):
    assert flagged_spans(facts, draft) == []


def test_each_class_has_enough_cases_both_ways():
    for kind, cases in CASES.items():
        errors = sum(target is not None for _, _, target in cases)
        assert errors >= 8 and len(cases) - errors >= 8, kind
