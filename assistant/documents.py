"""Past reports parsed into their structure (reading files and cleaning text: assistant.formats).

The model: Report -> Part (canonical part id) -> Section (topic) -> Item (a paragraph,
an inline 一是 item, or table rows). Every span indexes into Report.text, the text as read
from the file, so a passage can be shown and cited in its original form.
"""

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import DocumentError
from .formats import SUPPORTED_SUFFIXES, TABLE_RULE_RE, Line, Span, Traced, clean_lines, ends_sentence, read_text
from .taxonomy import PARTS, TOPICS, classify_part_heading, classify_topic, label_of

__all__ = ["Item", "Part", "Report", "Section", "SUPPORTED_SUFFIXES", "load_report", "parse_report", "read_text"]


@dataclass
class Item:
    """The smallest citable unit: a paragraph, an inline 一是 item, or a table's rows."""

    kind: str  # "paragraph" | "item" | "table"
    text: str  # cleaned text (no markdown emphasis, lines re-joined)
    span: Span
    label: str = ""  # "一是" for inline items
    heading: str = ""  # an item's first clause; a table's header row


@dataclass
class Section:
    """A second-level section ("（一）…"), or the whole body of a part without such headings."""

    heading: str
    topic: str
    items: list[Item]
    span: Span
    label: str = ""  # "（一）", "(1)" …


@dataclass
class Part:
    """A top-level part, mapped to a canonical part id (assistant.taxonomy.PARTS)."""

    heading: str
    part: str
    sections: list[Section]
    span: Span
    label: str = ""  # "一、", "1、" …


@dataclass
class Report:
    """One parsed report with its metadata."""

    source: str  # file name, the document's id in the knowledge base
    text: str  # the text as read from the file
    title: str = ""
    bureau: str = ""
    level: str = ""  # 市 / 区 / 县 …
    year: int | None = None  # the year the report covers
    doc_number: str = ""
    addressee: str = ""
    signature: str = ""
    date: str = ""
    parts: list[Part] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The structure tree as printed by `report-assistant parse --json`."""
        tree = asdict(self)
        del tree["text"]
        return tree

    def outline(self) -> list[str]:
        """A readable Chinese outline: metadata, then parts and sections with topic and item count."""
        lines = [self.title or self.source,
                 f"单位：{self.bureau or '未识别'}（{self.level or '?'}级）  年度：{self.year or '未识别'}  文号：{self.doc_number or '无'}"]
        for part in self.parts:
            lines.append(f"【{label_of(PARTS, part.part).name}】{part.label}{part.heading}")
            for section in part.sections:
                heading = f"{section.label}{section.heading}" or "（正文）"
                lines.append(f"    {heading}  〔{label_of(TOPICS, section.topic).name}〕 {len(section.items)} 条")
        return lines


# ---------------------------------------------------------------- public API

def load_report(path: Path) -> Report:
    """Read, clean and parse one report file; raises DocumentError with a message for people."""
    path = Path(path)
    return parse_report(read_text(path), path.name)


def parse_report(text: str, source: str) -> Report:
    """Parse text already read from a file into a Report whose spans index into text."""
    lines = clean_lines(text)
    if not lines:
        raise DocumentError(f"{source}：清理网页信息等内容后没有可解析的正文，请确认文件是一份报告。")
    header, body, closing, attachments = split_header_and_closing(lines)
    report = Report(source=source, text=text)
    read_header(report, header)
    read_closing(report, closing)
    report.parts = parse_body(body) + ([closing_part(closing, attachments)] if closing else [])
    if report.year is None:
        report.year = year_from_body(report)
    if not report.bureau:
        report.bureau = bureau_from_body(report)
        report.level = admin_level(report.bureau)
    return report


def cover(spans: list[Span]) -> Span:
    """The smallest span holding all the given spans."""
    spans = [s for s in spans if s != (0, 0)]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else (0, 0)


# ---------------------------------------------------------------- header (title, number, addressee) and closing

DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【（﹝]\d{4}[〕\]］】）﹞]\d{1,4}号")
DATE_RE = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月(?:[\d一二三四五六七八九十]{1,3}日)?")
ORG_RE = re.compile(r"(?:中共)?[\u4e00-\u9fff（）、]{2,30}?(?:局|委员会|委|办公室|政府|中心|厅|部|院|所|队|站|处|组)(?:（(?:盖章|印章|章)）)?")
BUREAU_RE = re.compile(r"(?:中共)?([\u4e00-\u9fff]{1,30}?(?:局|委员会|办公室|厅|中心|委))(?=关于|\d|[〇一二三四五六七八九]{4}年|法治|年度|$)")
ATTACHMENT_RE = re.compile(r"附件\s*\d*\s*(?:[：:].{0,40})?")
CLOSING_NOTE_RE = re.compile(r"[（(](?:此件|联系人|本件|附件).*[）)]")
YEAR_RE = re.compile(r"(\d{4}|[〇○零一二三四五六七八九]{4})年")
PLACED_BUREAU_RE = re.compile(r"(?:[\u4e00-\u9fff]{1,7}?(?:省|自治区|市|州|区|县|旗)){1,3}[\u4e00-\u9fff]{2,10}?局")
CHINESE_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
PLACE_RE = re.compile(r"[\u4e00-\u9fff]{0,7}?(自治区|自治州|自治县|省|市(?!场|政|容|管|民)|州|盟|区(?!域)|县|旗)")


def split_header_and_closing(lines: list[Line]) -> tuple[list[Line], list[Line], list[Line], list[Line]]:
    """The lines before the body (title, number, addressee), the body, the signature, the attachments."""
    start = header_length(lines)
    end = attachments_start(lines, start)
    signed = end
    while signed > start + 1 and is_signature(lines[signed - 1].text):
        signed -= 1
    return lines[:start], lines[start:signed], lines[signed:end], lines[end:]


def attachments_start(lines: list[Line], start: int) -> int:
    """Where attachments (“附件1：…统计表” and its table) follow the signature, else the end."""
    for i in range(start + 1, len(lines)):
        if ATTACHMENT_RE.fullmatch(lines[i].text) and is_signature(lines[i - 1].text):
            return i
    return len(lines)


def header_length(lines: list[Line]) -> int:
    """How many leading lines come before the body; the body starts at sentences or headings."""
    for i, line in enumerate(lines):
        if is_addressee(line.text):
            return i + 1
        if line.table or is_body_line(line.text):
            return i
    return 0  # no body found: treat everything as body rather than lose it


def is_body_line(text: str) -> bool:
    """A line that can only be body text: a sentence, a long line or a numbered heading."""
    return (len(text) > 50 or any(mark in text for mark in "。，；！？")
            or bool(top_number(text) or SECOND_RE.match(text)))


def is_addressee(text: str) -> bool:
    """The line naming whom the report goes to, e.g. “区委、区政府：”."""
    return text.endswith(("：", ":")) and len(text) <= 50 and not any(mark in text for mark in "。，；")


def is_signature(text: str) -> bool:
    """A closing line: an organisation's name, a date, or a note such as “（此件公开发布）”."""
    return len(text) <= 40 and bool(DATE_RE.fullmatch(text) or ORG_RE.fullmatch(text) or CLOSING_NOTE_RE.fullmatch(text))


def read_header(report: Report, header: list[Line]) -> None:
    """Fill title, document number, addressee and what the title says about bureau and year."""
    title, issuer = [], ""
    for line in header:
        number = DOC_NUMBER_RE.search(line.text)
        if number and len(line.text) <= 30:
            report.doc_number = number.group()
        elif is_addressee(line.text):
            report.addressee = line.text.rstrip("：:")
        elif DATE_RE.fullmatch(line.text.strip("（）()")):
            report.date = line.text.strip("（）()")
        elif line.text.endswith("文件") or ("报告" in "".join(title) and ORG_RE.fullmatch(line.text)):
            issuer = line.text.removesuffix("文件")  # the red letterhead, or the name under the title
        elif line.text not in title:  # a web page repeats its title in the breadcrumb
            title.append(line.text)
    report.title = "".join(title)
    report.year = year_in(report.title)
    named = BUREAU_RE.match(report.title)
    report.bureau = named.group(1) if named else issuer
    report.level = admin_level(report.bureau)


def read_closing(report: Report, closing: list[Line]) -> None:
    """Signature and date; the signing bureau is the most exact bureau name there is."""
    names = [line.text for line in closing if ORG_RE.fullmatch(line.text)]
    dates = [line.text for line in closing if DATE_RE.fullmatch(line.text)]
    report.signature = "\n".join(names)
    report.date = dates[-1] if dates else report.date
    # The Party committee (中共…委员会) often signs too; the bureau itself is the better name.
    bureaus = sorted(names, key=lambda name: (name.startswith("中共"), not name.endswith("局")))
    if bureaus:
        report.bureau = bureaus[0].removesuffix("（盖章）")
        report.level = admin_level(report.bureau)


def year_in(text: str) -> int | None:
    """The first plausible year written in text (2023年, 二〇二三年), outside titles like 《纲要（2021-2025年）》."""
    for match in YEAR_RE.finditer(re.sub(r"《[^》]*》|\d{4}\s*[-—–～~至]\s*\d{4}", "", text)):
        digits = match.group(1).translate(CHINESE_DIGITS)
        if digits.isdigit() and 1990 <= int(digits) <= 2100:
            return int(digits)
    return None


def year_from_body(report: Report) -> int | None:
    """Without a year in the title: the first year of the opening, else the year before the date."""
    for part in report.parts[:1]:
        opening = "".join(item.text for section in part.sections for item in section.items)
        if part.part == "preamble" and (year := year_in(opening)):
            return year
    dated = year_in(report.date)
    return dated - 1 if dated else None


def bureau_from_body(report: Report) -> str:
    """Without a title or signature naming it: the first bureau with a place name in the opening."""
    opening = "".join(item.text for part in report.parts[:1] for section in part.sections for item in section.items)
    named = PLACED_BUREAU_RE.search(opening)
    return named.group() if named else ""


def admin_level(bureau: str) -> str:
    """The administrative level of a bureau from its place name: 省, 市, 区, 县 …"""
    position, level = 0, ""
    name = bureau.removeprefix("中共")
    while match := PLACE_RE.match(name, position):
        position, level = match.end(), match.group(1)
    return {"自治区": "省", "自治州": "州", "自治县": "县"}.get(level, level)


# ---------------------------------------------------------------- headings

NUMERALS = "一二三四五六七八九十"
# “二、三季度” and “1.5万” are no headings: a numeral after 、 or a digit after . continues a number.
TOP_RE = re.compile(rf"(?:([{NUMERALS}]{{1,3}})|(\d{{1,2}}))(?:、(?![{NUMERALS}])|[.．](?!\d))")
SECOND_RE = re.compile(rf"[（(](?:([{NUMERALS}]{{1,3}})|(\d{{1,2}}))[）)]")
MARKER_RE = re.compile(rf"(?:^|(?<=[。；：，！？]))([{NUMERALS}]{{1,3}})是")
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


# ---------------------------------------------------------------- paragraphs, sections, parts

@dataclass
class Paragraph:
    """Lines re-joined into one paragraph (or the rows of one table)."""

    lines: list[Traced]
    heading: Heading | None = None
    table: bool = False

    @property
    def traced(self) -> Traced:
        return sum(self.lines[1:], self.lines[0])


def paragraphs(lines: list[Line], headings: dict[int, Heading], layout: Layout) -> list[Paragraph]:
    """Join lines broken in mid-sentence (PDF, pasted text) back into paragraphs."""
    result: list[Paragraph] = []
    for i, line in enumerate(lines):
        if result and i not in headings and continues(result[-1], line, layout):
            result[-1].lines.append(line.traced)
        else:
            result.append(Paragraph([line.traced], headings.get(i), line.table))
    return result


def continues(paragraph: Paragraph, line: Line, layout: Layout) -> bool:
    """Whether a line goes on with the paragraph before it rather than starting a new one."""
    if paragraph.table or line.table:
        return paragraph.table and line.table
    last = paragraph.lines[-1].text
    if line.md_level:
        return False
    # A PDF line filled to the wrap width goes on, even after a full stop, unless the next is indented.
    if layout.full(last) and not line.indented:
        return True
    if ends_sentence(last):
        return False
    if paragraph.heading and len(paragraph.lines) == 1 and not re.search("[。！？]", last):
        return heading_goes_on_inline(last, line.text, layout)
    # Outside PDF text, a short line without any sentence mark is a list entry or caption, not a break.
    return layout.wrap is not None or len(last) >= 20 or bool(re.search("[。！？；，]", last))


def heading_goes_on_inline(heading: str, following: str, layout: Layout) -> bool:
    """Whether a “（一）…” line without a full stop was broken, rather than a heading on its own line.

    Where the report writes its headings inline (“（一）标题。正文”), a broken one goes on with a
    short rest of the heading and its full stop; elsewhere only a full PDF line goes on.
    """
    stop = re.search("[。！？]", following)
    return layout.full(heading) or (layout.inline_headings and bool(stop) and stop.start() <= 20)


class SectionBuilder:
    """Collects one section's items; the 一是/二是 count runs on across its paragraphs."""

    def __init__(self, label: str = "", heading: str = "", span: Span = (0, 0)):
        self.label, self.heading, self.heading_span = label, heading, span
        self.items: list[Item] = []
        self.last_marker = 0

    def add(self, paragraph: Paragraph) -> None:
        """A body paragraph (or table) of this section."""
        if paragraph.table:
            self.items.append(table_item(paragraph))
        else:
            self.add_text(paragraph.traced)

    def add_text(self, traced: Traced) -> None:
        """A paragraph as inline 一是 items, with any text before the first one as a paragraph."""
        cuts = []
        for match in MARKER_RE.finditer(traced.text):
            number = numeral_value(match.group(1))
            if number in (1, self.last_marker + 1):
                cuts.append(match)
                self.last_marker = number
        lead = traced[:cuts[0].start() if cuts else len(traced.text)].strip()
        if lead.text:
            self.items.append(Item("paragraph", lead.text, lead.span))
        for match, end in zip(cuts, [m.start() for m in cuts[1:]] + [len(traced.text)]):
            piece = traced[match.start():end].strip()
            heading, _ = first_clause(piece.text[len(match.group()):], 40)
            self.items.append(Item("item", piece.text, piece.span, label=match.group(), heading=heading))

    def build(self) -> Section:
        """The finished section, its topic read from its heading (or, failing that, its body)."""
        body = "".join(item.text for item in self.items)
        # The heading says what the section is about; the body decides only when it says nothing.
        topic = classify_topic(self.heading)
        topic = classify_topic(self.heading + body) if topic == "general" else topic
        span = cover([self.heading_span] + [item.span for item in self.items])
        return Section(self.heading, topic, self.items, span, self.label)


def table_item(paragraph: Paragraph) -> Item:
    """Table rows as one item: the header row is its heading, the other rows its text."""
    rows = [[cell.strip() for cell in line.text.strip().strip("|").split("|")]
            for line in paragraph.lines if not TABLE_RULE_RE.fullmatch(line.text.strip())]
    text_rows = [" | ".join(cells) for cells in rows]
    return Item("table", "\n".join(text_rows[1:]), paragraph.traced.span, heading=text_rows[0])


def section_builder(paragraph: Paragraph) -> SectionBuilder:
    """A new section from its heading paragraph; text after the heading's full stop is body."""
    label = paragraph.heading
    rest = paragraph.traced[label.size:]
    heading, body_start = first_clause(rest.text, 60)
    builder = SectionBuilder(label.label, heading, paragraph.traced[:label.size + len(heading)].span)
    if rest.text[body_start:].strip():
        builder.add_text(rest[body_start:])
    return builder


def build_sections(lines: list[Line], layout: Layout) -> list[Section]:
    """A part's body split at its second-level headings (one unnamed section if it has none)."""
    found = find_headings(lines, second_number, layout) or find_headings(lines, list_number, layout)
    headings = {h.index: h for h in found}
    builders: list[SectionBuilder] = []
    for paragraph in paragraphs(lines, headings, layout):
        if paragraph.heading:
            builders.append(section_builder(paragraph))
        else:
            if not builders:
                builders.append(SectionBuilder())
            builders[-1].add(paragraph)
    return [builder.build() for builder in builders]


def build_part(heading: Heading | None, heading_line: Line | None, lines: list[Line], layout: Layout) -> Part:
    """One top-level part: its heading mapped to a canonical part id, and its sections."""
    title = heading_line.traced[heading.size:] if heading_line else Traced("", ())
    last = heading_line
    while last and lines and heading_goes_on(last, title.text, lines[0], layout):
        last, lines = lines[0], lines[1:]
        title += last.traced
    words = title.text.rstrip("。：:；")
    sections = build_sections(lines, layout)
    span = cover([heading_line.traced.span if heading_line else (0, 0)] + [s.span for s in sections])
    part_id = classify_part_heading(words) if words else "measures"
    return Part(words, part_id, sections, span, heading.label if heading else "")


def heading_goes_on(last: Line, title: str, following: Line, layout: Layout) -> bool:
    """Whether a long top-level heading was broken (PDF wrap, paste) and goes on in the next line."""
    if ends_sentence(last.text) or last.md_level or following.table or second_number(following.text):
        return False
    if layout.wrap:
        # Headings are short: only one that fills its line to the last character goes on.
        return layout.full(last.text, slack=1) and len(title) + len(following.text) <= 2 * TOP_MAX
    # Without a wrap width, only a long heading line followed by a short tail (“关情况”) counts.
    tail = following.text
    return (len(last.text) >= 20 and len(tail) <= 15 and not tail.endswith(("：", ":"))
            and not MARKER_RE.match(tail) and not any(mark in tail[:-1] for mark in "。！？；"))


def preamble_part(lines: list[Line], layout: Layout) -> Part:
    """The opening paragraphs before the first heading: one unnamed section."""
    builder = SectionBuilder()
    for paragraph in paragraphs(lines, {}, layout):
        builder.add(paragraph)
    section = builder.build()
    return Part("", "preamble", [section], section.span)


def closing_part(closing: list[Line], attachments: list[Line]) -> Part:
    """The signature and date, one item per line, and any attachments as a section of their own."""
    items = [Item("paragraph", line.text, line.traced.span) for line in closing]
    sections = [Section("", "general", items, cover([item.span for item in items]))]
    if attachments:
        builder = SectionBuilder("", attachments[0].text, attachments[0].traced.span)
        for paragraph in paragraphs(attachments[1:], {}, Layout()):
            builder.add(paragraph)
        sections.append(builder.build())
    return Part("", "closing", sections, cover([section.span for section in sections]))


def parse_body(lines: list[Line]) -> list[Part]:
    """The opening, then one part per top-level heading (一、 1、 # …)."""
    if not lines:
        return []
    layout = Layout.of(lines)
    lines = split_inline_part_headings(lines)
    tops = find_headings(lines, top_number, layout) or markdown_headings(lines) or part_level_sections(lines, layout)
    if not tops:
        return untitled_parts(lines, layout)
    parts = [preamble_part(lines[:tops[0].index], layout)] if tops[0].index else []
    for heading, end in zip(tops, [h.index for h in tops[1:]] + [len(lines)]):
        parts.append(build_part(heading, lines[heading.index], lines[heading.index + 1:end], layout))
    return parts


def part_level_sections(lines: list[Line], layout: Layout) -> list[Heading]:
    """“（一）…（三）存在的问题” in a report without 一、: its （一） headings are its parts."""
    seconds = find_headings(lines, second_number, layout)
    words = [first_clause(lines[h.index].text[h.size:], 60)[0] for h in seconds]
    return seconds if any(classify_part_heading(w) not in ("measures", "highlights") for w in words) else []


# “三、存在的问题。一是……”: a part heading that runs on into its body on the same line.
INLINE_PART_RE = re.compile(rf"(?:(?:[{NUMERALS}]{{1,3}}|\d{{1,2}})[、.．]|[（(](?:[{NUMERALS}]{{1,3}}|\d{{1,2}})[）)])"
                            rf"([^。：！？；，]{{2,30}})[。：]")
MEASURES_WORDS_RE = re.compile("主要举措|主要做法|成效|基本情况|工作情况|开展情况|推进情况")


def split_inline_part_headings(lines: list[Line]) -> list[Line]:
    """Lines opening with a part heading and going on with text, split into heading and body."""
    result = []
    for line in lines:
        match = INLINE_PART_RE.match(line.text)
        words = match.group(1) if match and len(line.text) > match.end() else ""
        if words and (classify_part_heading(words) != "measures" or MEASURES_WORDS_RE.search(words)):
            result += [Line(line.traced[:match.end()], line.md_level), Line(line.traced[match.end():])]
        else:
            result.append(line)
    return result


def untitled_parts(lines: list[Line], layout: Layout) -> list[Part]:
    """A report without top-level headings: the text before its first （一） opens it, the rest is measures."""
    seconds = find_headings(lines, second_number, layout)
    start = seconds[0].index if seconds else len(paragraphs(lines, {}, layout)[0].lines)
    opening = [preamble_part(lines[:start], layout)] if start else []
    return opening + ([build_part(None, None, lines[start:], layout)] if lines[start:] else [])
