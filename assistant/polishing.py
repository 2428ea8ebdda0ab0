"""Polishing a pasted paragraph: deterministic clean-up offline, and a guard that refuses any
polished text (from a model or a rule) whose numbers differ from the original's."""

import re
from collections import Counter
from dataclasses import dataclass

from .mentions import Quantity, find_quantities

_CJK = r"[\u3400-\u9fff]"
_CJK_OR_PUNCT = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》]"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_SENTENCE_END = "。；：！？”）;:!?"
MIN_WRAPPED_LINE = 20


@dataclass
class NumberDiff:
    """Numbers the polished text lost or gained, as written."""

    missing: list[str]
    added: list[str]

    def __bool__(self) -> bool:
        return bool(self.missing or self.added)

    def describe(self) -> str:
        parts = []
        if self.missing:
            parts.append("删去或改动了：" + "、".join(self.missing))
        if self.added:
            parts.append("新增了：" + "、".join(self.added))
        return "；".join(parts)


def number_key(q: Quantity) -> tuple:
    """What a number states, independent of how it is spaced or written (2024 年 = 2024年)."""
    return q.kind, q.display_value(), q.base_unit, q.qualifier


def number_diff(before: str, after: str) -> NumberDiff:
    """The difference between the multisets of numbers of two texts."""
    old_found, new_found = find_quantities(before), find_quantities(after)
    old = {number_key(q): q.text for q in old_found}
    new = {number_key(q): q.text for q in new_found}
    old_count, new_count = Counter(map(number_key, old_found)), Counter(map(number_key, new_found))
    missing = [old[k] for k in (old_count - new_count).elements()]
    added = [new[k] for k in (new_count - old_count).elements()]
    return NumberDiff(missing, added)


def polish_offline(text: str) -> str:
    """Rejoin broken lines, drop markdown emphasis, fix spacing and half-width punctuation."""
    text = text.replace("**", "").replace("\r\n", "\n")
    text = rejoin_lines(text)
    text = re.sub(rf"(?<={_CJK_OR_PUNCT})[ \t\u3000]*[,;:?!]|[,;:?!][ \t\u3000]*(?={_CJK})",
                  lambda m: _HALF_TO_FULL[m[0].strip()], text)
    text = re.sub(rf"(?<={_CJK_OR_PUNCT})[ \t\u3000]+(?=[0-9]|{_CJK_OR_PUNCT})|(?<=[0-9])[ \t\u3000]+(?={_CJK_OR_PUNCT})", "", text)
    text = re.sub(rf"\(([^()\n]*{_CJK}[^()\n]*)\)", r"（\1）", text)
    text = re.sub(rf"(?<={_CJK_OR_PUNCT})\.(?![0-9])", "。", text)
    return unify_enumeration(text).strip()


def rejoin_lines(text: str) -> str:
    """Join a line that stops mid-sentence to the next, as PDF extraction leaves them (even across
    a blank line, when the broken line is as long as a wrapped line, not a short title)."""
    out: list[str] = []
    blank = False
    for line in (line.strip() for line in text.split("\n")):
        if not line:
            blank = bool(out)
            continue
        previous = out[-1] if out else ""
        broken = previous and previous[-1] not in _SENTENCE_END and not _starts_heading(line)
        if broken and (not blank or len(previous) >= MIN_WRAPPED_LINE):
            out[-1] += line
        else:
            out += ["", line] if blank else [line]
        blank = False
    return "\n".join(out)


def _starts_heading(line: str) -> bool:
    return bool(re.match(r"([一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.．]|#)", line))


def unify_enumeration(text: str) -> str:
    """Inside a paragraph, separate 一是…二是… items the same way the first separation does."""
    def fix(paragraph: str) -> str:
        seps = re.findall(r"([。；;])(?=[二三四五六七八九十]是)", paragraph)
        if not seps:
            return paragraph
        return re.sub(r"[。；;](?=[二三四五六七八九十]是)", "；" if seps[0] in "；;" else "。", paragraph)
    return "\n".join(fix(p) for p in text.split("\n"))
