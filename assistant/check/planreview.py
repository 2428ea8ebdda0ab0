"""Last year's plans followed up: for each promise of last year's plans part, the facts of this year
that address it, by content (character pairs of the promise's clauses, plan boilerplate left out).

A promise is cut into its clauses (加强执法队伍建设，争取增加执法人员编制，…); a clause is met when one of
this year's facts shares enough of its character pairs. All clauses met: 已落实; some: 部分落实;
none: 未见落实情况. This year's own plans never count as doing last year's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.check.facts import Fact
from assistant.check.lastyear import LastYear, PlanItem, words

ADDRESSED, PARTLY, MISSING = "addressed", "partly", "missing"
LABELS = {ADDRESSED: "已落实", PARTLY: "部分落实", MISSING: "未见落实情况"}
_CLAUSE = re.compile(r"[，,；;。：:！？\n]")
# This year's plans and shortcomings never count as doing last year's plans.
_NOT_DONE_PART = re.compile(r"打算|计划|思路|下一步|下一年|明年|plans|不足|问题|短板|shortcomings")
_HEADING_CHARS = 8  # a first clause this short, before others, is the item's subheading
_ADDRESSED_SHARE = 0.6  # of a promise's clauses, for 已落实
_MIN_SHARED = 2  # character pairs a fact shares with a clause, at least …
_CLAUSE_SHARE = 0.4  # … and this share of the clause's pairs


@dataclass
class FollowUp:
    """One promise of last year with the facts of this year that address it."""

    plan: PlanItem
    status: str
    facts: list[Fact] = field(default_factory=list)
    met: int = 0  # clauses of the promise some fact addresses
    clauses: int = 0

    @property
    def label(self) -> str:
        return LABELS[self.status]

    def to_dict(self) -> dict:
        return {"plan": self.plan.text, "heading": self.plan.heading, "status": self.status, "label": self.label,
                "facts": [{"id": f.id, "text": f.text} for f in self.facts], "met": self.met, "clauses": self.clauses}


@dataclass
class PlanReview:
    """Last year's plans, each followed up; a notice when there is no previous report."""

    items: list[FollowUp]
    year: int | None = None
    source: str = ""
    notice: str = ""

    def count(self, status: str) -> int:
        return sum(i.status == status for i in self.items)

    def to_dict(self) -> dict:
        return {"year": self.year, "source": self.source, "notice": self.notice,
                "items": [i.to_dict() for i in self.items]}


def _pairs(text: str) -> frozenset:
    """Character pairs of the Chinese words of a clause, plan boilerplate removed."""
    for word in sorted(words()["plan_stopwords"], key=len, reverse=True):
        text = text.replace(word, " ")
    pieces = re.findall(r"[\u4e00-\u9fff]+", text)
    return frozenset(p[i:i + 2] for p in pieces for i in range(len(p) - 1))


def _clauses(plan: PlanItem) -> list[frozenset]:
    """The promise's clauses as character pairs; its subheading, or a short first clause, is a title
    (加强执法队伍建设，组织全体执法人员轮训): what it promises is said by the clauses after it."""
    texts = [t for t in _CLAUSE.split(plan.text) if t.strip()]
    short = len(texts) > 1 and len(re.sub(r"[^\u4e00-\u9fff]", "", texts[0])) <= _HEADING_CHARS
    if short or (len(texts) > 1 and plan.heading and texts[0] == plan.heading):
        texts = texts[1:]
    clauses = [_pairs(t) for t in texts]
    return [c for c in clauses if len(c) >= 2]


def _meets(clause: frozenset, fact_pairs: frozenset) -> bool:
    shared = len(clause & fact_pairs)
    return shared >= _MIN_SHARED and shared >= _CLAUSE_SHARE * len(clause)


def follow_up(plan: PlanItem, facts: list[tuple[Fact, frozenset]]) -> FollowUp:
    """The facts that address one promise, and how much of it they cover."""
    clauses = _clauses(plan) or [_pairs(plan.text)]
    addressing: dict[str, Fact] = {}
    met = 0
    for clause in clauses:
        hits = [f for f, pairs in facts if _meets(clause, pairs)]
        met += bool(hits)
        addressing.update((f.id, f) for f in hits)
    share = met / len(clauses) if clauses else 0
    status = ADDRESSED if share >= _ADDRESSED_SHARE else PARTLY if met else MISSING
    return FollowUp(plan, status, list(addressing.values()), met, len(clauses))


def review_plans(facts: list[Fact], last: LastYear | None, notice: str = "") -> PlanReview:
    """Each of last year's promises with this year's facts that address it (or 未见落实情况)."""
    if last is None:
        return PlanReview([], notice=notice)
    doing = [(f, _pairs(f.text)) for f in facts if not _NOT_DONE_PART.search(f.part)]
    items = [follow_up(plan, doing) for plan in last.plans]
    if not last.plans:
        notice = notice or f"{last.where}中没有找到工作打算部分。"
    return PlanReview(items, last.year, last.source, notice)
