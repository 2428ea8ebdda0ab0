"""The number check of mentions of their own kind: a frequency (每月召开2次), an ordinal (第3次),
a 文号 (深应急〔2024〕17号). Each is held against the facts' of the same kind, not against counts."""

from __future__ import annotations

import re

from assistant.check.check_context import CheckContext, satisfies, sentence_before, short
from assistant.check.quantity import Quantity
from assistant.check.subjects import subject_bigrams, subject_similarity
from assistant.check.verdicts import IGNORED, SUPPORTED, UNSUPPORTED, Mention
from assistant.wordlists import words_re

_PERIOD = re.compile(r"每(?:两|三|半)?个?(?:半年|季度|年|季|月|周|日|天|旬)")
# A frequency in a rule or a plan states no fact: 下一步每季度至少开展一次, 建立每周2次会商制度.
_RULE_OR_PLAN = words_re("number_words.yaml", "rule_or_plan")


def check_frequency(q: Quantity, ctx: CheckContext) -> Mention:
    """每月召开2次调度会: checked against the facts' frequencies of the same period and activity;
    a frequency no fact states is ignored in a rule or a plan (每季度至少开展一次), and otherwise
    unsupported like any invented number."""
    words = _activity_words(q)
    related = [e for e in ctx.frequencies if e[1].frequency == q.frequency and e[1].kind == q.kind
               and e[1].base_unit == q.base_unit and words & _activity_words(e[1])]
    if not related:
        if _RULE_OR_PLAN.search(sentence_before(ctx.draft, q.start)) or q.qualifiers:
            return Mention(q, IGNORED, q.ignore)
        return Mention(q, UNSUPPORTED, "事实中没有这个频次")
    for fact, fq in related:
        if satisfies(fq, q, ctx.year):
            return Mention(q, SUPPORTED, "", fact, used=((fact.id, fq.start),))
    fact, _ = max(related, key=lambda e: subject_similarity(q, e[1]))
    return Mention(q, UNSUPPORTED, f"与事实不符：事实为「{short(fact.text)}」", fact)


def _activity_words(q: Quantity) -> frozenset:
    """Bigrams of the words around a frequency, without the period itself (每月 is no activity)."""
    return subject_bigrams(_PERIOD.sub(" ", q.subject))[0]


def check_ordinal(q: Quantity, ctx: CheckContext) -> Mention:
    """第3次 / 第5期 states that there were at least that many: a fact must say so, as the same
    ordinal or as a count of the same occasions (召开安委会会议3次)."""
    for fact, fq in ctx.same_unit(q):
        if fq.value == q.value:
            return Mention(q, SUPPORTED, "", fact, used=((fact.id, fq.start),))
    counts = [e for e in ctx.entries if e[1].kind == "number" and e[1].base_unit == q.base_unit
              and subject_similarity(q, e[1])[1]]
    for fact, fq in counts:
        if fq.stated.lo >= q.value:
            return Mention(q, SUPPORTED, "", fact, used=((fact.id, fq.start),))
    if counts:
        return Mention(q, UNSUPPORTED, f"与事实不符：事实为「{short(counts[0][0].text)}」", counts[0][0])
    return Mention(q, UNSUPPORTED, "序数表明了次数，但事实中没有相应的次数")


def check_document(q: Quantity, ctx: CheckContext) -> Mention:
    """A 文号 is checked against the same document's in the facts (same 《title》, or same issuing
    organ and words); a 文号 of a document no fact mentions is ignored."""
    same = [e for e in ctx.documents if _same_document(q, e[1])]
    if not same:
        return Mention(q, IGNORED, "文号（事实未提及该文件）")
    for fact, fq in same:
        if (fq.value, fq.date) == (q.value, q.date):
            return Mention(q, SUPPORTED, "", fact, used=((fact.id, fq.start),))
    fact, fq = same[0]
    return Mention(q, UNSUPPORTED, f"文号与事实不符：事实为「{fq.text}」（{short(fact.text)}）", fact)


def _same_document(q: Quantity, fq: Quantity) -> bool:
    organ, title = q.document.split("|")
    fact_organ, fact_title = fq.document.split("|")
    if title and fact_title:
        return title == fact_title
    same_organ = bool(organ and fact_organ) and (organ.endswith(fact_organ) or fact_organ.endswith(organ))
    words = subject_bigrams(q.subject)[0] | subject_bigrams(title + "|")[0]
    fact_words = subject_bigrams(fq.subject)[0] | subject_bigrams(fact_title + "|")[0]
    return same_organ and len(words & fact_words) >= 2
