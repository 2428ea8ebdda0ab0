"""The words around a number: what it counts (its subject), bound up to punctuation or the next
number, and how alike two subjects are (character bigrams), so that a draft's number is matched to
the fact that speaks of the same thing."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from assistant.check.quantity import Quantity, plain_number
from assistant.wordlists import words_re

# Quotes and title marks are not boundaries: 涉及“一案双罚”5起 keeps its subject.
_BOUNDARY = set("，。；：、！？,;:!?\n（）()【】")
# 约 and 近 stay: qualifiers are part of the mention, and 约谈 / 附近 are words.
_STOPWORDS = words_re("number_words.yaml", "subject_stopwords")


def with_subjects(text: str, found: list[Quantity]) -> list[Quantity]:
    """Attach to each quantity the words around it, up to punctuation or the next number."""
    result: list[Quantity] = []
    for i, q in enumerate(found):
        prev_end = found[i - 1].end if i else 0
        if i and q.kind == "number" and not is_label(q) and _labels(text, found[i - 1], q):
            # 一等奖1个, Ⅳ级应急响应3次: the label is the count's subject, and binds it
            label = found[i - 1]
            q = replace(q, label=f"{label.unit}{plain_number(label.value)}")
            prev_end = found[i - 2].end if i > 1 else 0
        next_start = found[i + 1].start if i + 1 < len(found) else len(text)
        before = words_before(text, q.start, prev_end)
        if not before.strip() and text[prev_end:q.start].strip() in ("、", "和", "及", "与") and result:
            before = result[-1].subject.split("|")[0]  # 下降36.3%、41.6%: the list shares a subject
        after_start = q.end + (q.kind == "date" and text[q.end:q.end + 1] in "，,")  # 5月10日，召开…
        after = words_after(text, after_start, next_start)
        result.append(replace(q, subject=f"{before.replace('|', ' ')}|{after.replace('|', ' ')}"))
    return result


def _labels(text: str, label: Quantity, q: Quantity) -> bool:
    """True when `label` names what q counts: 一等奖1个, Ⅳ级应急响应3次 (same clause, close by)."""
    between = text[label.end:q.start]
    return is_label(label) and len(between) <= 8 and not set(between) & _BOUNDARY


def is_label(q: Quantity) -> bool:
    """An award, level, quarter or rank: it names what the count after it counts."""
    return q.kind in ("level", "quarter", "rank") or q.unit == "等奖"


def words_before(text: str, start: int, limit: int) -> str:
    """The words before `start`, back to punctuation, `limit` or 14 characters."""
    i = start
    while i > max(limit, start - 14) and text[i - 1] not in _BOUNDARY:
        i -= 1
    return text[i:start].strip()


def words_after(text: str, end: int, limit: int) -> str:
    """The words after `end`, up to punctuation, `limit` or 8 characters."""
    i = end
    while i < min(limit, end + 8) and text[i] not in _BOUNDARY:
        i += 1
    return text[end:i].strip()


@lru_cache(maxsize=65536)
def subject_bigrams(subject: str) -> tuple[frozenset, frozenset, frozenset]:
    """Character bigrams, characters, and bigrams of the words before the number."""
    words = [re.sub(r"[^\u4e00-\u9fff]", "", _STOPWORDS.sub(" ", part)) for part in subject.split("|")]
    pairs = [frozenset(w[i:i + 2] for i in range(len(w) - 1)) for w in words]
    return frozenset().union(*pairs), frozenset("".join(words)), pairs[0]


def subject_similarity(draft_q: Quantity, fact_q: Quantity) -> tuple[int, int, int]:
    """How well a fact's subject matches a draft mention's: bigrams shared with the words before
    the draft's number (立案 in 立案93起), bigrams shared in all, characters shared."""
    pairs, chars, before = subject_bigrams(draft_q.subject)
    fact_pairs, fact_chars, _ = subject_bigrams(fact_q.subject)
    return len(before & fact_pairs), len(pairs & fact_pairs), len(chars & fact_chars)
