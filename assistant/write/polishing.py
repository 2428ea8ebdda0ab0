"""Polishing a pasted paragraph: deterministic clean-up offline, and a guard that refuses any
polished text (from a model or a rule) whose numbers differ from the original's.

The offline clean-up undoes what PDF extraction and web pages do to the genre: lines broken mid-
sentence (even inside a number), spaces around numbers and punctuation, half-width punctuation and
straight quotes between Chinese characters, markdown emphasis, and misspelt standard phrases
(法制 for 法治, from the proofreading's phrase table). Bullet and numbered lines stay lines.
"""

import re
from collections import Counter
from dataclasses import dataclass

from assistant.check.mentions import Quantity, find_quantities
from assistant.check.proofread import load_phrases, occurrences, only_quotes_differ

_CJK = r"[\u3400-\u9fff]"
_WIDE = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》—…·]"  # Chinese characters and full-width marks
_SPACE = r"[ \t\u3000\u00a0]+"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
_SENTENCE_END = "。；：！？”）;:!?"
_BULLET = r"(?:[-*•●▪■◆]\s*|·\s+)(?=\S)"  # not the · of “3·15”
_LABEL = (r"[一二三四五六七八九十]+、(?![一二三四五六七八九十])|[（(][一二三四五六七八九十0-9]+[)）]"
          r"|[0-9]+[、.．](?![0-9])|[①-⑳]")
_LINE_START = re.compile(rf"({_LABEL}|#|{_BULLET})")
_LABEL_ONLY = re.compile(rf"(?:{_BULLET})?(?:{_LABEL})\s*")  # `（2）` alone on its line, as PDFs leave it
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
    """The difference between the multisets of numbers of two texts, whatever the spacing and line
    breaks around their digits (a number split by a break, 20 / 24年, is the one number it was)."""
    old_found, new_found = find_quantities(_unspaced_numbers(before)), find_quantities(_unspaced_numbers(after))
    old = {number_key(q): q.text for q in old_found} | _as_written(before)
    new = {number_key(q): q.text for q in new_found} | _as_written(after)
    old_count, new_count = Counter(map(number_key, old_found)), Counter(map(number_key, new_found))
    missing = [old[k] for k in (old_count - new_count).elements()]
    added = [new[k] for k in (new_count - old_count).elements()]
    return NumberDiff(missing, added)


def _as_written(text: str) -> dict:
    """Each number's key with the number as the text itself writes it (`93 起`), for the message."""
    return {number_key(q): q.text for q in find_quantities(text)}


def _unspaced_numbers(text: str) -> str:
    """The text as the number finder should read it: no whitespace except between Latin words, and
    no half-width full stop read as a decimal point (经验.8月 is 经验。8月, never 0.8月)."""
    text = re.sub(r"(?<![A-Za-z])\s+|\s+(?![A-Za-z])", "", text)
    return re.sub(rf"(?<={_CJK}|[%）”])\.(?=[0-9])", "。", text)


def polish_offline(text: str) -> str:
    """Rejoin broken lines and numbers, drop markdown emphasis, fix spacing, punctuation, quotes and
    standard phrases; every number stays as it was."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\*[ \t]*\n\s*\*", "", text).replace("**", "")  # even emphasis a break cut in two
    text = rejoin_lines(join_broken_numbers(text))
    text = "\n".join(curly_quotes(line) for line in text.split("\n"))
    text = full_width_punctuation(tighten_spaces(text))
    text = fix_phrases(text)
    return unify_enumeration(tighten_spaces(text)).strip()


def join_broken_numbers(text: str) -> str:
    """Join a number a line break cut in two (`20` / `24年`), unless the next line opens a list item."""
    pieces = re.split(r"(?<=[0-9])[ \t\u3000]*\n\s*(?=[0-9])", text)
    out = pieces[0]
    for piece in pieces[1:]:
        out += ("\n" if _LINE_START.match(piece) else "") + piece
    return out


def rejoin_lines(text: str) -> str:
    """Join a line that stops mid-sentence to the next, as PDF extraction leaves them (even across
    a blank line, when the broken line is as long as a wrapped line, not a short title); a line that
    opens a heading, bullet or list item stays a line."""
    out: list[str] = []
    blank = False
    for line in (line.strip(" \t\u3000\u00a0") for line in text.split("\n")):
        if not line:
            blank = bool(out)
            continue
        previous = out[-1] if out else ""
        label_only = bool(_LABEL_ONLY.fullmatch(previous))
        broken = previous and (previous[-1] not in _SENTENCE_END or label_only) and not _LINE_START.match(line)
        if broken and (not blank or _wrapped(previous, line)):
            out[-1] += line
        else:
            out += ["", line] if blank else [line]
        blank = False
    return "\n".join(out)


def _wrapped(previous: str, line: str) -> bool:
    """Whether a blank line between two lines is an extraction artefact, not a paragraph break: the
    first is as long as a wrapped line or holds a comma or a full stop (a title holds neither), or the second opens
    with a stub of a clause (`设，促进…`) or a closing mark."""
    stub = re.match(r"[^，。；：、\s]{0,2}[，。；：、]|[）》”’]", line)
    return len(previous) >= MIN_WRAPPED_LINE or bool(re.search(rf"[，、；,;]|。(?=.)|(?<={_CJK})\.(?=.)", previous)) or bool(stub)


def curly_quotes(line: str) -> str:
    """Straight double quotes in a line of Chinese become “…” pairs; single ones next to a Chinese
    character become ‘…’ pairs (an English apostrophe is left alone)."""
    if not re.search(_CJK, line):
        return line
    line = _pair_up(line, [m.start() for m in re.finditer(r'["＂]', line)], "“”")
    singles = [m.start() for m in re.finditer("'", line) if _next_to_cjk(line, m.start())]
    return _pair_up(line, singles, "‘’") if len(singles) % 2 == 0 else line


def _pair_up(line: str, at: list[int], pair: str) -> str:
    """Quotes at the positions, alternately opening and closing; with an odd count, the one left
    over closes a quote from the line before or opens one into the next, whichever quotes less."""
    first_closes = False
    if len(at) % 2:
        opens_last = sum(b - a for a, b in zip(at[::2], at[1::2] + [len(line)]))
        closes_first = at[0] + sum(b - a for a, b in zip(at[1::2], at[2::2]))
        first_closes = closes_first < opens_last
    chars = list(line)
    for n, i in enumerate(at):
        chars[i] = pair[(n + first_closes) % 2]
    return "".join(chars)


def _next_to_cjk(line: str, i: int) -> bool:
    return bool(re.match(_CJK, line[i - 1:i]) or re.match(_CJK, line[i + 1:i + 2]))


def tighten_spaces(text: str) -> str:
    """Drop spaces between Chinese characters, numbers and punctuation (`2024 年`, `人次 .`,
    `100% 。`); spaces between Latin words and after a bullet stay."""
    text = re.sub(rf"(?<={_WIDE}){_SPACE}(?=[0-9%]|{_WIDE}|[,;:?!.()])", "", text)
    text = re.sub(rf"(?<=[0-9%]){_SPACE}(?={_WIDE}|[%,;:?!。，；：？！）)])", "", text)
    return re.sub(rf"(?<=[,;:?!)]){_SPACE}(?={_WIDE})", "", text)


def full_width_punctuation(text: str) -> str:
    """Half-width , ; : ? ! . ( ) between Chinese characters become full-width (not in 1,028 or 8:30)."""
    text = re.sub(rf"(?<={_WIDE}|%)[,;:?!]|[,;:?!](?={_CJK}|[“‘《])", lambda m: _HALF_TO_FULL[m[0]], text)
    text = re.sub(rf"\(([^()\n]*{_CJK}[^()\n]*)\)|(?<={_WIDE})\(([^()\n]*)\)|\(([^()\n]*)\)(?={_WIDE})",
                  lambda m: f"（{m[1] or m[2] or m[3] or ''}）", text)
    return re.sub(rf"(?<={_WIDE}|%)\.(?![a-z])", "。", text)  # not before a file extension or domain


def fix_phrases(text: str) -> str:
    """Standard phrases spelt as the phrase table says (习近平法制思想 → 习近平法治思想), except inside set
    terms it keeps (法制审核) and except quotation marks (those are the proofreading's to point out)."""
    table = load_phrases()
    keep = occurrences(text, table.get("keep", []))
    fixes = {}
    for entry in table["phrases"]:
        covered = occurrences(text, [entry["correct"]]) + keep
        for start, end in occurrences(text, entry["wrong"]):
            if not only_quotes_differ(entry["correct"], text[start:end]) and not _overlaps(start, end, covered):
                fixes[start] = (end, entry["correct"])
    for start in sorted(fixes, reverse=True):
        end, correct = fixes[start]
        text = text[:start] + correct + text[end:]
    return text


def _overlaps(start: int, end: int, spans) -> bool:
    return any(a < end and start < b for a, b in spans)


def unify_enumeration(text: str) -> str:
    """Inside a paragraph, separate 一是…二是… items the same way the first separation does."""
    def fix(paragraph: str) -> str:
        seps = re.findall(r"([。；;])(?=[二三四五六七八九十]是)", paragraph)
        if not seps:
            return paragraph
        return re.sub(r"[。；;](?=[二三四五六七八九十]是)", "；" if seps[0] in "；;" else "。", paragraph)
    return "\n".join(fix(p) for p in text.split("\n"))
