"""Check every number a draft states against the bureau's facts.

Deterministic, no model involved: each quantity the finder (assistant/check/mentions.py) reads in the
draft is compared with the quantities of the facts, read by the same finder, and comes out
supported, unsupported, derived (with its formula, assistant/check/formulas.py) or ignored (with the
reason). The verdicts are assistant/check/verdicts.py; frequencies, ordinals and 文号 are checked by
assistant/check/mention_kinds.py.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple, Sequence

from assistant.check.check_context import CheckContext, satisfies, sentence_start, short
from assistant.errors import InputError
from assistant.check.formulas import CHANGE_HINT, FALLING, RISING, Formula, find_formula
from assistant.check.mention_kinds import check_document, check_frequency, check_ordinal
from assistant.check.mentions import MAX_INPUT_CHARS, find_quantities
from assistant.check.quantity import APPROX, Quantity
from assistant.check.subjects import subject_bigrams, subject_similarity
from assistant.check.verdicts import DERIVED, IGNORED, SUPPORTED, UNSUPPORTED, CheckResult, Mention
from assistant.wordlists import alternation, data_file, words_re

if TYPE_CHECKING:
    from assistant.check.facts import Fact

_FROM_TO = re.compile(rf"(?:由|从)[^|]{{0,8}}\||\|\s*(?:{alternation(data_file('number_words.yaml')['changed_to'])})")
_PLAN_HINT = words_re("number_words.yaml", "plan_hint")
_COUNTED_NOUN = re.compile(r"([\u4e00-\u9fff]{2})(?=[\u4e00-\u9fff]{0,2}(?:共|合计|累计|分别|均))")
_PARTS_FOLLOW = re.compile(r"[，,]\s*(?:其中|包括|含)")


# --- checking ---------------------------------------------------------------------------------

def check_numbers(draft: str, facts: Sequence[Fact], *, year: int | None = None,
                  plan_year: int | None = None, examples: Sequence[str] = ()) -> CheckResult:
    """Check every number of `draft` against `facts`; see the module docstring."""
    _require_text(draft, "待核对的文稿")
    if not facts:
        raise InputError("没有可用的事实：请提供本年度的事实清单（每行一条，例如“- 立案93起”）。")
    if year is not None and plan_year is None:
        plan_year = year + 1
    entries = [(f, q) for f in facts for q in f.quantities if not q.ignore]
    frequencies = [(f, q) for f in facts for q in f.quantities if q.frequency]
    documents = [(f, q) for f in facts for q in f.quantities if q.kind == "docno"]
    example_qs = [q for text in examples for q in find_quantities(text) if not q.ignore]
    ctx = CheckContext(draft, entries, year, plan_year, example_qs, frequencies, documents)
    for q in find_quantities(draft):
        ctx.checked.append(_check_one(q, ctx))  # a rate may compute from the numbers before it
    return CheckResult(ctx.checked, _unused(ctx, ctx.checked))


def _require_text(text: str, what: str) -> None:
    if not text or not text.strip():
        raise InputError(f"{what}是空的：请粘贴正文或指定一个有内容的文件。")
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(f"{what}过长（{len(text)} 字，上限 {MAX_INPUT_CHARS} 字）：请按章节分段核对。")


def _check_one(q: Quantity, ctx: CheckContext) -> Mention:
    if q.frequency:
        return check_frequency(q, ctx)
    if q.kind == "docno":
        return check_document(q, ctx)
    if q.ignore:
        return Mention(q, IGNORED, q.ignore)
    if q.kind == "ordinal":
        return check_ordinal(q, ctx)
    if q.kind in ("level", "quarter") and not ctx.same_unit(q):
        return Mention(q, IGNORED, "等级或季度（事实未提及）")  # 完善Ⅳ级响应程序: framing, not a claim
    if _is_year_only(q) and (other := _same_thing_other_year(q, ctx)):
        return Mention(q, UNSUPPORTED, f"年度与事实不符：事实为「{short(other[0].text)}」", other[0])
    if _is_bare_year(q) and q.date[0] in (ctx.year, ctx.plan_year):
        return Mention(q, IGNORED, "报告年度" if q.date[0] == ctx.year else "计划年度")
    found = _support(q, ctx)
    if isinstance(found, Mention) and found.status == SUPPORTED:
        return found
    derived = _derive(q, ctx)
    if isinstance(found, Mention):  # 1万人，其中男性5400人、女性4600人: a total, not 5400 rounded
        return derived if isinstance(derived, Mention) else found
    if not isinstance(derived, Mention) and (counted := _count_of_facts(q, ctx)):
        return counted
    owner = _owner(q, ctx.same_unit(q))
    if owner and not found:
        # A fact names this subject with another value: wrong, unless that fact is one of the
        # parts of the total (全年共立案80起 from 一季度立案15起 + …).
        if isinstance(derived, Mention) and (owner.entry[0].id, owner.entry[1].start) in derived.used:
            return derived
        return _unsupported(q, ctx, derived if isinstance(derived, str) else
                            f"与事实不符：事实为「{short(owner.entry[0].text)}」")
    if isinstance(derived, Mention):
        return derived
    return _unsupported(q, ctx, found or derived or "")


def _support(q: Quantity, ctx: CheckContext) -> Mention | str:
    """The supporting fact's Mention, or the reason why no fact supports this quantity.

    Among the facts that state this value, the one whose subject matches best wins; when the
    subject clearly names another fact (立案73起 when the facts say 立案93起 and 简易案件73起),
    the number is bound to the wrong subject.
    """
    pool = _pool(q, ctx)
    candidates = [e for e in pool if satisfies(e[1], q, ctx.year)]
    if not candidates:
        return ""
    candidates, other_year = _same_year(q, candidates, pool, ctx)
    if not candidates:
        fact, fq = other_year
        return f"与事实不符：「{short(fact.text)}」是{ctx.year_name(ctx.year_of(fq))}的数字"
    labelled = [e for e in pool if q.label and e[1].label == q.label]
    if labelled and not any(e in labelled for e in candidates):  # 一等奖3个 where the facts say 一等奖1个
        return f"与事实不符：事实为「{short(labelled[0][0].text)}」"
    candidates = [e for e in candidates if not (q.label and e[1].label and e[1].label != q.label)]
    if not candidates:
        return ""
    exact = [e for e in candidates if not _bare_rounding(e[1], q)]
    if not exact:
        fact, fq = max(candidates, key=lambda e: subject_similarity(q, e[1]))
        return Mention(q, UNSUPPORTED, f"取整，应写约{q.text}（事实为「{fq.text}」）", fact)
    candidates = exact
    # Best subject match; on a tie, a fact without subject words (nothing to contradict).
    fact, fq = max(candidates, key=lambda e: (subject_similarity(q, e[1]), not _has_subject(e[1])))
    # A bare year is stated by any fact of that year; a level or quarter is itself a label.
    if _has_subject(fq) and not _is_bare_year(q) and q.kind not in ("level", "quarter"):
        year = ctx.year_of(q)  # 今年办理8件 is not owned by the fact's 去年办理复议案件5件
        owner = _owner(q, [e for e in pool if _same_shape(e[1], q)
                                  and (year is None or ctx.year_of(e[1]) in (None, year))])
        if owner and owner.entry not in candidates and owner.shared > subject_similarity(q, fq)[owner.side]:
            return f"数字对应的主语在事实中是另一个数：「{short(owner.entry[0].text)}」"
        if _unrelated(q, fq, pool) and not _same_sentence_words(ctx.draft, q, fact, fq):
            return f"数字与「{short(fact.text)}」相同，但说的不是同一件事"
    if _opposite_directions(q, fq):
        return Mention(q, UNSUPPORTED, f"变化方向与事实不符：事实为「{short(fact.text)}」", fact)
    return Mention(q, SUPPORTED, "", fact, used=((fact.id, fq.start),))


def _same_year(q: Quantity, candidates, pool, ctx: CheckContext):
    """Candidates of the year the mention speaks of, and the first one dropped for another year.

    A mention naming its year (2024年组织演练9场, 去年为5件) needs a fact of that year or of none;
    a mention naming none speaks of the report year when the facts hold that year's figure for
    the same subject (全年立案70起 where the facts say 2023年立案70起, 2024年立案88起)."""
    if not ctx.has_years:
        return candidates, None
    year, years = ctx.year_of(q), None
    if year is None and _FROM_TO.search(q.subject):
        return candidates, None  # 立案数由70起增至88起: the earlier figure, stated as such
    if year is None:
        facts = {id(c[0]) for c in candidates}  # 罚没款：2023年45万元，2024年68万元 contrasts the years
        this_year = [e for e in pool if ctx.year_of(e[1]) == ctx.report_year
                     and (id(e[0]) in facts or subject_similarity(q, e[1])[1])]
        if not this_year:
            return candidates, None
        year = ctx.report_year
        if _PLAN_HINT.search(q.subject.split("|")[0]):  # 计划培训300人次 states the plan year's
            years = (None, year, ctx.plan_year or year + 1)
    kept = [e for e in candidates if ctx.year_of(e[1]) in (years or (None, year))]
    dropped = next((e for e in candidates if e not in kept), None)
    return kept, dropped


def _direction(q: Quantity) -> int:
    """+1 when the words before the number say it rose (同比增长), -1 when it fell, else 0."""
    before = q.subject.split("|")[0]
    return bool(RISING.search(before)) - bool(FALLING.search(before))


def _opposite_directions(q: Quantity, fq: Quantity) -> bool:
    """True when the draft says 上升 where the fact says 下降 (or the other way round)."""
    return _direction(q) * _direction(fq) < 0


def _bare_rounding(fq: Quantity, q: Quantity) -> bool:
    """True when the draft states a fact rounded to fewer digits without 约/近/余/左右:
    86万元 for 86.4万元 (86.4万元 for 864000元 keeps the fact's precision and is exact)."""
    return q.kind == "number" and not q.qualifiers and fq.base_value != q.base_value


def _is_year_only(q: Quantity) -> bool:
    return q.kind == "date" and q.date[2:] == (None,) * 3


def _same_thing_other_year(q: Quantity, ctx: CheckContext):
    """The fact naming the same award or document for another year (2024年度…先进单位 where the
    facts say 2023年度…先进单位): the words after the year decide; None when no fact does."""
    after = subject_bigrams(q.subject.split("|")[1] + "|")[2]
    if len(after) < 3:
        return None
    same = [e for e in ctx.same_unit(q) if _is_year_only(e[1])
            and len(after & subject_bigrams(e[1].subject.split("|")[1] + "|")[2]) >= max(3, 0.6 * len(after))]
    if not same or any(e[1].date[:2] == q.date[:2] for e in same):
        return None
    return same[0]


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
    Clearly means sharing at least 60 % of those bigrams, or nearly all of the fact's.
    """
    pairs, _, before = subject_bigrams(q.subject)
    side_pairs, side = (before, 0) if before else (pairs, 1)
    if not side_pairs or not pool:
        return None
    entry = max(pool, key=lambda e: subject_similarity(q, e[1])[side])
    shared = subject_similarity(q, entry[1])[side]
    fact_pairs = subject_bigrams(entry[1].subject)[2 if side == 0 else 0]
    # Clearly: most of the mention's words, or (依法办理行政应诉案件) nearly all of the fact's.
    clear = shared >= 0.6 * len(side_pairs) or (shared >= 3 and shared >= 0.8 * len(fact_pairs))
    return _Owner(entry, shared, side) if shared and clear else None


def _pool(q: Quantity, ctx: CheckContext) -> list[tuple[Fact, Quantity]]:
    """Fact quantities comparable with q: the same unit; across a missing measure word (a table
    cell, a terse fact "立案 93") only when the subjects share words."""
    if q.kind != "number":
        return ctx.same_unit(q)
    if q.unit:
        unitless = ctx.by_unit.get(("number", ""), [])
        return ctx.same_unit(q) + [e for e in unitless if subject_similarity(q, e[1])[1]]
    numbers = [e for e in ctx.entries if e[1].kind == "number"]
    return [e for e in numbers if not e[1].unit or subject_similarity(q, e[1])[1]]


def _unsupported(q: Quantity, ctx: CheckContext, reason: str) -> Mention:
    """An unsupported mention, with the most specific explanation available."""
    example = next((e for e in ctx.examples if _same_claim(e, q)), None)
    if example is not None:
        return Mention(q, UNSUPPORTED, f"取自范例，不是本年度数据（范例中为「{example.text}」）")
    return Mention(q, UNSUPPORTED, reason or _explain(q, ctx))


def _same_claim(example: Quantity, q: Quantity) -> bool:
    if q.kind == "date":
        return example.kind == "date" and example.date == q.date
    return satisfies(example, q)


def _explain(q: Quantity, ctx: CheckContext) -> str:
    """Why no fact supports q: qualifier, unit, or simply no such number."""
    if q.kind == "date":
        return "事实中没有这个日期"
    for fact, fq in ctx.entries:
        if fq.kind == q.kind and fq.base_value == q.base_value and fq.base_unit == q.base_unit:
            return f"限定词与事实不符：事实为「{short(fact.text)}」"
    for fact, fq in ctx.entries:
        if fq.kind == q.kind and fq.base_value == q.base_value and fq.unit:
            return f"单位与事实不符：事实为「{fq.text}」（{short(fact.text)}）"
    pool = ctx.same_unit(q)
    if pool:
        fact, _ = max(pool, key=lambda e: subject_similarity(q, e[1]))
        return f"事实中没有这个数；最接近的事实为「{short(fact.text)}」"
    return "事实中没有这个数"


# --- derived figures --------------------------------------------------------------------------

def _count_of_facts(q: Quantity, ctx: CheckContext) -> Mention | None:
    """两个街道共整改问题43个 where two facts name a 街道: the number counts the facts naming the
    noun right after it, a figure the facts make rather than a claim of its own."""
    # Only before a word of totals (共, 合计, 分别, 均): 4个街道 alone is a claim, and a digit slip
    # (3个→4个) must not be excused by four facts happening to name a 街道.
    noun = _COUNTED_NOUN.match(q.subject.split("|")[1])
    if q.kind != "number" or q.qualifiers or not noun or q.value != int(q.value) or not 2 <= q.value <= 20:
        return None
    naming = list({f.id: f for f, _ in ctx.entries if noun[1] in f.text}.values())
    if len(naming) != q.value:
        return None
    formula = f"含「{noun[1]}」的事实{len(naming)}条"
    return Mention(q, DERIVED, "由事实计算得出，请人工确认", naming[0], formula,
                   tuple((f.id, fq.start) for f in naming for fq in f.quantities[:1]))


def _derive(q: Quantity, ctx: CheckContext) -> Mention | str | None:
    """A figure computable from the facts (total, difference, rate, change): its formula as a
    derived Mention; or, when the draft's own inputs stand before it and no formula fits, the
    formula tried (a str, the reason it is unsupported); None when nothing applies."""
    if q.kind != "number" or set(q.qualifiers) - APPROX:
        return None  # a total "近500" or "超过100" is matched by too many sums to prove anything
    inputs = _sentence_inputs(q, ctx)
    parts_follow = bool(_PARTS_FOLLOW.match(ctx.draft, q.end))  # 审结17件，其中维持12件…
    found = find_formula(q, _related(q, ctx, inputs), inputs, ctx.year_of, parts_follow=parts_follow)
    return _derived(q, found.text, found.used) if isinstance(found, Formula) else found


def _sentence_inputs(q: Quantity, ctx: CheckContext) -> list[tuple[Fact, Quantity]]:
    """Fact quantities behind the supported numbers before q in its sentence and the one before:
    检查发现问题40个，整改38个，整改率95% computes from the two numbers it restates."""
    start = sentence_start(ctx.draft, q.start)
    if start > 1 and ctx.draft[start - 1] != "\n":  # 检查发现问题40个，已整改38个。整改率达95%。
        start = sentence_start(ctx.draft, start - 1)
    keys = [m.used[0] for m in ctx.checked if m.status == SUPPORTED and m.used
            and start <= m.quantity.start < q.start and m.quantity.kind == "number"]
    return [ctx.by_key[k] for k in dict.fromkeys(keys) if k in ctx.by_key]


def _related(q: Quantity, ctx: CheckContext, inputs) -> list[tuple[Fact, Quantity]]:
    """Facts that may enter q's formula: those sharing its words, the sentence's inputs, and for
    a change (同比增长) the facts sharing an input's words (last year's 立案70起 beside 立案88起).
    With every fact allowed, some pair would "explain" almost any wrong number."""
    related = [e for e in ctx.entries if e[1].kind == "number" and subject_similarity(q, e[1])[1]] + inputs
    facts = {id(f) for f, _ in related}  # 一季度检查企业120家，二季度150家…: the line's other parts
    related += [e for e in ctx.entries if id(e[0]) in facts and e[1].kind == "number"]
    if CHANGE_HINT.search(q.subject):
        related += [e for e in ctx.entries if e[1].kind == "number" and e not in related
                    and any(e[1].base_unit == i[1].base_unit and _earlier_figure(e[1], i[1], ctx) for i in inputs)]
    return list({(f.id, fq.start): (f, fq) for f, fq in related}.values())


def _earlier_figure(a: Quantity, b: Quantity, ctx: CheckContext) -> bool:
    """Whether a may be b's figure of another time: the same words before the number, or another
    year and no words of its own (2024年受理申请3200件；2023年2800件)."""
    if subject_bigrams(a.subject)[2] & subject_bigrams(b.subject)[2]:
        return True
    years = ctx.year_of(a), ctx.year_of(b)
    return None not in years and years[0] != years[1] and not subject_bigrams(a.subject)[2]


def _derived(q: Quantity, formula: str, used: Sequence[tuple[Fact, Quantity]]) -> Mention:
    return Mention(q, DERIVED, "由事实计算得出，请人工确认", used[0][0], formula,
                   tuple((f.id, fq.start) for f, fq in used))


def _unused(ctx: CheckContext, mentions: list[Mention]) -> list[tuple[Fact, list[Quantity]]]:
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
