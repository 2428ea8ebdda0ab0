"""What the number check of one draft works with: the facts' quantities by unit, the report and
plan years, the mentions checked so far; whether a fact's quantity proves a draft's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.check.quantity import Quantity
from assistant.check.verdicts import Mention

if TYPE_CHECKING:
    from assistant.check.facts import Fact


def satisfies(fact_q: Quantity, draft_q: Quantity, year: int | None = None) -> bool:
    """True when the fact's quantity proves the draft's: same unit kind, claim within the draft's."""
    if fact_q.kind != draft_q.kind or (draft_q.unit and fact_q.unit and fact_q.base_unit != draft_q.base_unit):
        return False
    if draft_q.kind == "date":
        return _date_within(fact_q.date, draft_q.date, year)
    if draft_q.kind == "range":
        return fact_q.stated == draft_q.stated
    return draft_q.allowed.contains(fact_q.stated)


def _date_within(fact_date: tuple, draft_date: tuple, year: int | None) -> bool:
    """True when the fact states this date; parts the draft leaves out may be anything."""
    if fact_date[0] is None and year is not None:
        fact_date = (year, *fact_date[1:])  # a fact's "9月" is in the report year
    if draft_date[1:4] == (None, None, None):
        return fact_date[0] == draft_date[0]  # a bare year: any fact dated in that year
    return all(d is None or d == f for d, f in zip(draft_date, fact_date))


@dataclass
class CheckContext:
    """What the check of one draft needs besides the mention itself."""

    draft: str
    entries: list[tuple[Fact, Quantity]]
    year: int | None
    plan_year: int | None
    examples: list[Quantity]
    frequencies: list[tuple[Fact, Quantity]] = field(default_factory=list)
    documents: list[tuple[Fact, Quantity]] = field(default_factory=list)

    by_unit: dict[tuple[str, str], list[tuple[Fact, Quantity]]] = field(default_factory=dict)
    checked: list[Mention] = field(default_factory=list)  # the draft's mentions checked so far

    def __post_init__(self):
        self.by_key = {(f.id, q.start): (f, q) for f, q in self.entries}
        for entry in self.entries:
            self.by_unit.setdefault((entry[1].kind, entry[1].base_unit), []).append(entry)
        stated = [int(q.year_ref) for _, q in self.entries if len(q.year_ref) == 4]
        self.has_years = any(q.year_ref for _, q in self.entries)
        # Facts of 2023 and 2024 make a 2024 report; facts saying only 去年/今年 a relative year 0.
        self.report_year = self.year or max(stated, default=0 if self.has_years else None)

    def year_name(self, year: int) -> str:
        """2023年, or 上年 / 本年 for a year the facts give only relative to the report's."""
        if year > 1900:
            return f"{year}年"
        return "上年" if year < self.report_year else "本年" if year == self.report_year else "下一年"

    def year_of(self, q: Quantity) -> int | None:
        """The year a quantity's clause names (2023年…, 去年…, 今年…), or None."""
        if not q.year_ref or (len(q.year_ref) < 4 and self.report_year is None):
            return None
        return int(q.year_ref) if len(q.year_ref) == 4 else self.report_year + int(q.year_ref)

    def same_unit(self, q: Quantity) -> list[tuple[Fact, Quantity]]:
        return self.by_unit.get((q.kind, q.base_unit), [])


def sentence_start(draft: str, start: int) -> int:
    """Where the sentence holding `start` begins (looking back at most 200 characters)."""
    window = max(0, start - 200)
    return max(max(draft.rfind(mark, window, start) for mark in "。；;\n") + 1, window)


def sentence_before(draft: str, start: int) -> str:
    """The sentence holding `start`, up to it."""
    return draft[sentence_start(draft, start):start]


def short(text: str, limit: int = 40) -> str:
    """Text cut to `limit` characters for a message."""
    return text if len(text) <= limit else text[:limit] + "…"
