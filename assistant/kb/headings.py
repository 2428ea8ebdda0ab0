"""Headings of a report in every style the genre uses: 一、 / 1、 / markdown # at the top level,
（一） / (一) / （1） below it, and inline 一是…二是… items."""

import re
from collections import Counter
from dataclasses import dataclass

from assistant.kb.formats import Line, ends_sentence



NUMERALS = "一二三四五六七八九十"
# “二、三季度” and “1.5万” are no headings: a numeral after 、 or a digit after . continues a number.
TOP_RE = re.compile(rf"(?:([{NUMERALS}]{{1,3}})|(\d{{1,2}}))(?:、(?![{NUMERALS}])|[.．](?!\d))")
SECOND_RE = re.compile(rf"[（(](?:([{NUMERALS}]{{1,3}})|(\d{{1,2}}))[）)]")
MARKER_RE = re.compile(rf"(?:^|(?<=[。；：，！？]))([{NUMERALS}]{{1,3}})是")
# “…。2.组织……。3.全市……” inside a paragraph: numbered items after a sentence's end (2.5 is a number).
ARABIC_MARKER_RE = re.compile(r"(?:^|(?<=[。；！？]))(\d{1,2})[.、．](?!\d)")
TOP_MAX = 60  # a top-level heading is one short line


@dataclass
class Heading:
    """A line that may open a part or a section, with its number."""

    index: int  # in the list of lines it was found in
    number: int
    chinese: bool  # 一、 （一） rather than 1、 （1）
    label: str  # as shown: “一、”, “（一）” (always full-width), “1.”
    size: int  # how many characters the label takes in the line


def numeral_value(chinese: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23."""
    if "十" not in chinese:
        return NUMERALS.index(chinese) + 1 if len(chinese) == 1 else 0
    tens, _, ones = chinese.partition("十")
    return (numeral_value(tens) if tens else 1) * 10 + (numeral_value(ones) if ones else 0)


def numbered(match: re.Match | None, index: int, label: str = "") -> Heading | None:
    """The heading a TOP_RE / SECOND_RE match describes (group 1 Chinese numeral, group 2 digits)."""
    if not match:
        return None
    chinese, arabic = match.group(1), match.group(2)
    number = numeral_value(chinese) if chinese else int(arabic)
    return Heading(index, number, bool(chinese), label or match.group(), match.end()) if number else None


def top_number(text: str, index: int = 0) -> Heading | None:
    """“一、…” / “1、…” as a heading: a short line with no sentence ending before its last character."""
    match = TOP_RE.match(text)
    if not match or len(text) > TOP_MAX or len(text) == match.end():
        return None
    if any(mark in text[:-1] for mark in "。！？；"):
        return None
    return numbered(match, index)


def second_number(text: str, index: int = 0) -> Heading | None:
    """“（一）…” / “(1)…” at the start of a line, with some text after it."""
    match = SECOND_RE.match(text)
    if not match or len(text) == match.end():
        return None
    return numbered(match, index, f"（{match.group(1) or match.group(2)}）")


def list_number(text: str, index: int = 0) -> Heading | None:
    """“1、…” / “1.…” at the start of a line: sections of a part that has no “（一）”."""
    match = TOP_RE.match(text)
    return numbered(match, index) if match and match.group(2) and len(text) > match.end() else None


def in_sequence(candidates: list[Heading]) -> list[Heading]:
    """The candidates numbered 1, 2, 3 … in order.

    A 一、 style number may skip one (drafts do), unless the skipped number still comes later.
    Arabic numbers are often a list inside a part, so 1、 counts as a heading only when the
    next Chinese-numbered heading (if any) continues its count, as in “1、 … 二、 … 三、”.
    """
    kept, expected = [], 1
    for i, heading in enumerate(candidates):
        later = candidates[i + 1:]
        skips_one = heading.chinese and heading.number == expected + 1 and all(h.number != expected for h in later)
        if heading.number != expected and not skips_one:
            continue
        following = next((h for h in later if h.chinese), None)
        if heading.chinese or following is None or following.number == heading.number + 1:
            kept.append(heading)
            expected = heading.number + 1
    return kept


@dataclass(frozen=True)
class Layout:
    """How the report's lines are laid out, learnt from its whole body before parsing it."""

    wrap: int | None = None  # the PDF's line width; None when each line is a whole paragraph
    inline_headings: bool = False  # “（一）标题。正文……” on one line is this report's habit

    def full(self, text: str, slack: int = 3) -> bool:
        """Whether a line is filled up to the wrap width, so it probably goes on in the next."""
        return self.wrap is not None and len(text) >= self.wrap - slack

    @classmethod
    def of(cls, lines: list[Line]) -> "Layout":
        headings = [line.text for line in lines if second_number(line.text)]
        inline = sum(1 for text in headings if re.search("[。！？].", text))
        return cls(wrap_width(lines), len(headings) >= 2 and inline * 2 > len(headings))


def wrap_width(lines: list[Line]) -> int | None:
    """The width at which a PDF wrapped its lines, or None when each line is a whole paragraph.

    PDF text has many lines of about one length and hardly any much longer (digits are narrower,
    so a line of them holds more); text with a paragraph per line has no such width.
    """
    lengths = Counter(len(line.text) for line in lines if len(line.text) >= 15 and not line.table)
    if not lengths:
        return None
    near = lambda n: sum(count for m, count in lengths.items() if abs(m - n) <= 2)
    width = max(lengths, key=near)
    longer = sum(count for m, count in lengths.items() if m > width * 1.6)
    if near(width) < 5 or near(width) * 3 < lengths.total() or longer * 10 > lengths.total():
        return None
    return width


def starts_block(lines: list[Line], index: int, layout: Layout) -> bool:
    """False for a line that continues a PDF line wrapped in mid-sentence: it is no heading."""
    previous = lines[index - 1].text if index else "。"
    return ends_sentence(previous) or not layout.full(previous)


def find_headings(lines: list[Line], find, layout: Layout) -> list[Heading]:
    """The headings found by `find` (top_number or second_number) that run in sequence."""
    found = [h for i, line in enumerate(lines)
             if not line.table and (h := find(line.text, i)) and starts_block(lines, i, layout)]
    return in_sequence(found)


def find_top_headings(lines: list[Line], layout: Layout) -> list[Heading]:
    """The top-level headings in sequence, leaving out a 1. 2. list that runs inside a （一） section."""
    found, second_seen, nested = [], False, None
    for i, line in enumerate(lines):
        if line.table or not starts_block(lines, i, layout):
            continue
        heading = top_number(line.text, i)
        if heading and heading.chinese:
            found.append(heading)
            second_seen, nested = False, None
        elif heading:
            nested = second_seen if nested is None else nested  # a run of 1. 2. is nested as a whole
            found += [] if nested else [heading]
        elif second_number(line.text):
            second_seen = True
    return in_sequence(found)


def markdown_headings(lines: list[Line]) -> list[Heading]:
    """Unnumbered `#` headings of the highest level, used when no heading is numbered."""
    levels = [line.md_level for line in lines if line.md_level]
    return [Heading(i, 0, True, "", 0) for i, line in enumerate(lines) if levels and line.md_level == min(levels)]


def first_clause(text: str, limit: int) -> tuple[str, int]:
    """A heading's words and where its body starts: up to the first full stop, if that is near."""
    stop = re.search("[。！？：]", text)
    if stop and stop.start() <= limit:
        return text[:stop.start()], stop.end()
    if not stop and len(text) <= limit:
        return text.rstrip("：；，"), len(text)
    comma = re.search("[，：；]", text[:limit])
    # No short first sentence: the first clause names the passage, which stays whole in the body.
    return (text[:comma.start()] if comma else text[:limit]), 0
