"""Check every number a draft states against the bureau's facts.

Deterministic, no model involved: each quantity the finder (assistant/mentions.py) reads in the
draft is compared with the quantities of the facts, read by the same finder, and comes out
supported, unsupported, derived (with its formula) or ignored (with the reason).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations, permutations
from typing import TYPE_CHECKING, NamedTuple, Sequence

from .errors import InputError
from .mentions import (APPROX, MAX_INPUT_CHARS, Interval, Quantity, claim_interval, find_quantities,
                       plain_number, subject_bigrams, subject_similarity)

if TYPE_CHECKING:
    from .claims import NameClaim
    from .facts import Fact


SUPPORTED, UNSUPPORTED, DERIVED, IGNORED = "supported", "unsupported", "derived", "ignored"
STALE = "stale"  # last year's figure left in (assistant/lastyear.py): to confirm, like an unsupported one

_TOTAL_HINT = re.compile(r"共|合计|总|累计|全年|全区|全市|全县|全省")
_DIFF_HINT = re.compile(r"增加|减少|增长|下降|净增|提高|降低|上升|相比|较|多|少")
_RATE_HINT = re.compile(r"率|比例|占|比重|同比|环比|增长|下降|减少|上升|提高|降低|增幅|降幅")


@dataclass
class Mention:
    """A quantity of the draft with the verdict of the check."""

    quantity: Quantity
    status: str
    reason: str = ""
    fact: Fact | None = None
    formula: str = ""
    used: tuple[tuple[str, int], ...] = ()  # (fact id, start) of each fact quantity relied on

    @property
    def fact_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fid for fid, _ in self.used))

    def to_dict(self) -> dict:
        q = self.quantity
        return {"text": q.text, "start": q.start, "end": q.end, "value": q.display_value(),
                "unit": q.unit, "qualifier": q.qualifier, "status": self.status,
                "reason": self.reason, "fact": self.fact.text if self.fact else None,
                "fact_id": "+".join(self.fact_ids) or None, "formula": self.formula or None}


@dataclass
class CheckResult:
    """Every mention of the draft with its status, the facts the draft never states, and the named
    claims (assistant/claims.py) when names were checked too."""

    mentions: list[Mention]
    unused_facts: list[tuple[Fact, list[Quantity]]] = field(default_factory=list)
    names: list[NameClaim] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unsupported and not self.unsupported_names and not self.count(STALE)

    @property
    def unsupported_names(self) -> list[NameClaim]:
        return [n for n in self.names if n.status == "unsupported_name"]

    @property
    def unsupported(self) -> list[Mention]:
        return [m for m in self.mentions if m.status == UNSUPPORTED]

    def count(self, status: str) -> int:
        return sum(m.status == status for m in self.mentions)

    def to_dict(self) -> dict:
        unused = [{"id": f.id, "text": f.text, "quantities": [q.text for q in qs]}
                  for f, qs in self.unused_facts]
        return {"ok": self.ok, "mentions": [m.to_dict() for m in self.mentions], "unused_facts": unused,
                "names": [n.to_dict() for n in self.names]}


# --- checking ---------------------------------------------------------------------------------

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
class _Context:
    """What the check of one draft needs besides the mention itself."""

    draft: str
    entries: list[tuple[Fact, Quantity]]
    year: int | None
    plan_year: int | None
    examples: list[Quantity]

    by_unit: dict[tuple[str, str], list[tuple[Fact, Quantity]]] = field(default_factory=dict)

    def __post_init__(self):
        for entry in self.entries:
            self.by_unit.setdefault((entry[1].kind, entry[1].base_unit), []).append(entry)

    def same_unit(self, q: Quantity) -> list[tuple[Fact, Quantity]]:
        return self.by_unit.get((q.kind, q.base_unit), [])


def check_numbers(draft: str, facts: Sequence[Fact], *, year: int | None = None,
                  plan_year: int | None = None, examples: Sequence[str] = ()) -> CheckResult:
    """Check every number of `draft` against `facts`; see the module docstring."""
    _require_text(draft, "待核对的文稿")
    if not facts:
        raise InputError("没有可用的事实：请提供本年度的事实清单（每行一条，例如“- 立案93起”）。")
    if year is not None and plan_year is None:
        plan_year = year + 1
    entries = [(f, q) for f in facts for q in f.quantities if not q.ignore]
    example_qs = [q for text in examples for q in find_quantities(text) if not q.ignore]
    ctx = _Context(draft, entries, year, plan_year, example_qs)
    mentions = [_check_one(q, ctx) for q in find_quantities(draft)]
    return CheckResult(mentions, _unused(ctx, mentions))


def _require_text(text: str, what: str) -> None:
    if not text or not text.strip():
        raise InputError(f"{what}是空的：请粘贴正文或指定一个有内容的文件。")
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(f"{what}过长（{len(text)} 字，上限 {MAX_INPUT_CHARS} 字）：请按章节分段核对。")


def _check_one(q: Quantity, ctx: _Context) -> Mention:
    if q.ignore:
        return Mention(q, IGNORED, q.ignore)
    if _is_bare_year(q) and q.date[0] in (ctx.year, ctx.plan_year):
        return Mention(q, IGNORED, "报告年度" if q.date[0] == ctx.year else "计划年度")
    found = _support(q, ctx)
    if isinstance(found, Mention):
        return found
    owner = _owner(q, ctx.same_unit(q))
    if owner and not found:  # a fact names this subject with another value: wrong, not a total
        return _unsupported(q, ctx, f"与事实不符：事实为「{_short(owner.entry[0].text)}」")
    return _derive(q, ctx) or _unsupported(q, ctx, found)


def _support(q: Quantity, ctx: _Context) -> Mention | str:
    """The supporting fact's Mention, or the reason why no fact supports this quantity.

    Among the facts that state this value, the one whose subject matches best wins; when the
    subject clearly names another fact (立案73起 when the facts say 立案93起 and 简易案件73起),
    the number is bound to the wrong subject.
    """
    pool = _pool(q, ctx)
    candidates = [e for e in pool if satisfies(e[1], q, ctx.year)]
    if not candidates:
        return ""
    # Best subject match; on a tie, a fact without subject words (nothing to contradict).
    fact, fq = max(candidates, key=lambda e: (subject_similarity(q, e[1]), not _has_subject(e[1])))
    if _has_subject(fq) and not _is_bare_year(q):  # a bare year is stated by any fact of that year
        owner = _owner(q, [e for e in pool if _same_shape(e[1], q)])
        if owner and owner.entry not in candidates and owner.shared > subject_similarity(q, fq)[owner.side]:
            return f"数字对应的主语在事实中是另一个数：「{_short(owner.entry[0].text)}」"
        if _unrelated(q, fq, pool) and not _same_sentence_words(ctx.draft, q, fact, fq):
            return f"数字与「{_short(fact.text)}」相同，但说的不是同一件事"
    return Mention(q, SUPPORTED, "", fact, used=((fact.id, fq.start),))


def _is_bare_year(q: Quantity) -> bool:
    return q.kind == "date" and q.date[1:] == (None,) * 4


def _has_subject(q: Quantity) -> bool:
    return len(subject_bigrams(q.subject)[1]) >= 2


def _unrelated(q: Quantity, fq: Quantity, pool) -> bool:
    """True when the fact's subject shares nothing with the mention's, which has words of its own
    or shares some with another fact."""
    if subject_similarity(q, fq)[1:] != (0, 0):
        return False
    closest = max(pool, key=lambda e: subject_similarity(q, e[1]))[1]
    return subject_similarity(q, closest)[2] > 0 or bool(q.unit and _has_subject(q))


def _same_sentence_words(draft: str, q: Quantity, fact: Fact, fq: Quantity) -> bool:
    """True when the draft's sentence around the number shares words (not the number and its
    unit) with the fact's text: a paraphrase (受众62人次 for the fact 主题宣讲3场，62人次参加)
    rather than another subject (处罚62人次 for 培训企业负责人62人次)."""
    start = max(draft.rfind(mark, 0, q.start) for mark in "。；;\n") + 1
    ends = [i for i in (draft.find(mark, q.end) for mark in "。；;\n") if i >= 0]
    sentence = draft[start:q.start] + "|" + draft[q.end:min(ends, default=len(draft))]
    fact_words = fact.text.replace(fq.text, "|")
    return bool(subject_bigrams(sentence)[0] & subject_bigrams(fact_words)[0])


def _same_shape(a: Quantity, b: Quantity) -> bool:
    """Dates compare with dates of the same precision: a year does not own 8月23日's words."""
    return a.kind != "date" or [x is None for x in a.date] == [x is None for x in b.date]


class _Owner(NamedTuple):
    entry: tuple  # (fact, quantity)
    shared: int  # bigrams shared with the mention's subject
    side: int  # 0: the words before the number were compared; 1: all the words


def _owner(q: Quantity, pool) -> _Owner | None:
    """The fact quantity whose subject clearly is this mention's.

    The words before the number decide (立案 in 立案93起); when there are none, all the words.
    Clearly means sharing at least 60 % of those bigrams.
    """
    pairs, _, before = subject_bigrams(q.subject)
    side_pairs, side = (before, 0) if before else (pairs, 1)
    if not side_pairs or not pool:
        return None
    entry = max(pool, key=lambda e: subject_similarity(q, e[1])[side])
    shared = subject_similarity(q, entry[1])[side]
    return _Owner(entry, shared, side) if shared and shared >= 0.6 * len(side_pairs) else None


def _pool(q: Quantity, ctx: _Context) -> list[tuple[Fact, Quantity]]:
    """Fact quantities comparable with q: the same unit; across a missing measure word (a table
    cell, a terse fact "立案 93") only when the subjects share words."""
    if q.kind != "number":
        return ctx.same_unit(q)
    if q.unit:
        unitless = ctx.by_unit.get(("number", ""), [])
        return ctx.same_unit(q) + [e for e in unitless if subject_similarity(q, e[1])[1]]
    numbers = [e for e in ctx.entries if e[1].kind == "number"]
    return [e for e in numbers if not e[1].unit or subject_similarity(q, e[1])[1]]


def _unsupported(q: Quantity, ctx: _Context, reason: str) -> Mention:
    """An unsupported mention, with the most specific explanation available."""
    example = next((e for e in ctx.examples if _same_claim(e, q)), None)
    if example is not None:
        return Mention(q, UNSUPPORTED, f"取自范例，不是本年度数据（范例中为「{example.text}」）")
    return Mention(q, UNSUPPORTED, reason or _explain(q, ctx))


def _same_claim(example: Quantity, q: Quantity) -> bool:
    if q.kind == "date":
        return example.kind == "date" and example.date == q.date
    return satisfies(example, q)


def _explain(q: Quantity, ctx: _Context) -> str:
    """Why no fact supports q: qualifier, unit, or simply no such number."""
    if q.kind == "date":
        return "事实中没有这个日期"
    for fact, fq in ctx.entries:
        if fq.kind == q.kind and fq.base_value == q.base_value and fq.base_unit == q.base_unit:
            return f"限定词与事实不符：事实为「{_short(fact.text)}」"
    for fact, fq in ctx.entries:
        if fq.kind == q.kind and fq.base_value == q.base_value and fq.unit:
            return f"单位与事实不符：事实为「{fq.text}」（{_short(fact.text)}）"
    pool = ctx.same_unit(q)
    if pool:
        fact, _ = max(pool, key=lambda e: subject_similarity(q, e[1]))
        return f"事实中没有这个数；最接近的事实为「{_short(fact.text)}」"
    return "事实中没有这个数"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# --- derived figures --------------------------------------------------------------------------

def _derive(q: Quantity, ctx: _Context) -> Mention | None:
    """A figure computable from the facts (total, difference, rate, change): show its formula."""
    if q.kind != "number" or set(q.qualifiers) - APPROX:
        return None  # a total "近500" or "超过100" is matched by too many sums to prove anything
    target = claim_interval(q, rounded=True)
    # Only facts that share words with the mention may enter a formula: with every fact
    # allowed, some pair would "explain" almost any wrong number.
    related = [e for e in ctx.entries if e[1].kind == "number" and subject_similarity(q, e[1])[1]]
    if q.unit == "%":
        return _derive_rate(q, related, target)
    pool = [e for e in related if e[1].base_unit == q.base_unit]
    if _TOTAL_HINT.search(q.subject) and (m := _derive_sum(q, pool, target)):
        return m
    if _DIFF_HINT.search(q.subject):
        return _derive_difference(q, pool, target)
    return None


def _derived(q: Quantity, formula: str, used: Sequence[tuple[Fact, Quantity]]) -> Mention:
    return Mention(q, DERIVED, "由事实计算得出，请人工确认", used[0][0], formula,
                   tuple((f.id, fq.start) for f, fq in used))


def _point(value: Decimal) -> Interval:
    return Interval(value, value)


def _derive_sum(q: Quantity, pool, target: Interval) -> Mention | None:
    exact = [e for e in pool if not e[1].qualifiers]
    if len(exact) > 2 and target.contains(_point(sum(e[1].base_value for e in exact))):
        return _derived(q, " + ".join(e[1].text for e in exact) + f" = {q.text}", exact)
    for a, b in combinations(exact, 2):
        if target.contains(_point(a[1].base_value + b[1].base_value)):
            return _derived(q, f"{a[1].text} + {b[1].text} = {q.text}", (a, b))
    return None


def _derive_difference(q: Quantity, pool, target: Interval) -> Mention | None:
    for a, b in permutations([e for e in pool if not e[1].qualifiers], 2):
        if a[1].base_value > b[1].base_value and target.contains(_point(a[1].base_value - b[1].base_value)):
            return _derived(q, f"{a[1].text} - {b[1].text} = {q.text}", (a, b))
    return None


def _derive_rate(q: Quantity, related, target: Interval) -> Mention | None:
    """Ratios a/b and changes (a-b)/b of two exact fact quantities in the same unit."""
    if not _RATE_HINT.search(q.subject):
        return None
    exact = [e for e in related if e[1].unit != "%" and not e[1].qualifiers]
    for a, b in permutations(exact, 2):
        x, y = a[1].base_value, b[1].base_value
        if a[1].base_unit != b[1].base_unit or not y:
            continue
        for formula, value in ((f"{plain_number(x)}/{plain_number(y)}", x / y * 100),
                               (f"|{plain_number(x)}-{plain_number(y)}|/{plain_number(y)}", abs(x - y) / y * 100)):
            if target.contains(_point(value)):
                return _derived(q, f"{formula} = {value:.2f}% ≈ {q.text}", (a, b))
    return None


def _unused(ctx: _Context, mentions: list[Mention]) -> list[tuple[Fact, list[Quantity]]]:
    """Fact quantities the draft never states: relied on by no mention, equal to no supported one."""
    used = {key for m in mentions for key in m.used}
    for m in (m for m in mentions if m.status == SUPPORTED):
        # The draft may state "4名" once where two facts both say it: neither is unused.
        same = ctx.same_unit(m.quantity)
        used.update((f.id, fq.start) for f, fq in same if satisfies(fq, m.quantity, ctx.year))
    unused: dict[str, tuple[Fact, list[Quantity]]] = {}
    for fact, fq in ctx.entries:
        if (fact.id, fq.start) not in used and not _is_bare_year(fq):
            unused.setdefault(fact.id, (fact, []))[1].append(fq)
    return list(unused.values())
