"""Past reports parsed into their structure (reading files and cleaning text: assistant.kb.formats;
the data types: assistant.types)."""

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import DocumentError, NotAReportError
from assistant.kb.headings import (ARABIC_MARKER_RE, MARKER_RE, NUMERALS, TOP_MAX, Heading, Layout, find_headings, find_top_headings, first_clause,
                       list_number,
                       markdown_headings, numeral_value, second_number, top_number)
from assistant.kb.metadata import admin_level, identify_author, read_closing, read_header, split_header_and_closing, year_from_body
from assistant.kb.formats import SUPPORTED_SUFFIXES, TABLE_RULE_RE, Line, Span, Traced, clean_lines, ends_sentence, read_text
from assistant.kb.taxonomy import classify_part_heading, classify_topic
from assistant.types import Item, Part, Report, Section, cover

__all__ = ["Item", "Part", "Report", "Section", "SUPPORTED_SUFFIXES", "load_report", "parse_report", "read_text",
           "require_report"]


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
    identify_author(report, "\n".join(line.text for line in body))
    return report


LINK_RE = re.compile(r"https?://|www\.|\]\(")
REPORT_TITLE_RE = re.compile("报告|总结|情况|工作|法治")
# The genre's own words: an opening without a title or parts (“……现将有关情况报告如下：”) is still a report.
GENRE_RE = re.compile("法治|依法行政|行政执法|报告如下")


def require_report(report: Report) -> None:
    """Refuse a file that is no report: mostly links, or none of a report's title, parts and words."""
    lines = [line for line in report.text.splitlines() if line.strip()]
    links = sum(1 for line in lines if LINK_RE.search(line))
    tables = sum(1 for line in lines if line.lstrip().startswith("|"))
    structured = len(report.parts) >= 3 or any(part.part not in ("preamble", "measures", "closing") for part in report.parts)
    if links * 10 >= len(lines) * 3:
        why = "大部分是网址链接"
    elif not structured and not REPORT_TITLE_RE.search(report.title) and not GENRE_RE.search(report.text):
        why = "大部分是表格" if tables * 2 >= len(lines) else "没有报告的标题和分部分结构"
    else:
        return
    raise NotAReportError(f"{report.source}：看起来不是一份报告（{why}），未导入。"
                          "如确需导入，请在命令行加 --force。")


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
        """A paragraph as inline 一是 (or 1. 2.) items, with any text before the first one as a paragraph."""
        cuts = self.inline_cuts(traced.text)
        lead = traced[:cuts[0].start() if cuts else len(traced.text)].strip()
        listed = list_number(lead.text)
        if listed:  # “2.切实履行……职责。……” inside a section: an item of it, labelled like 一是
            heading, _ = first_clause(lead.text[listed.size:], 40)
            self.items.append(Item("item", lead.text, lead.span, label=listed.label, heading=heading))
        elif lead.text:
            self.items.append(Item("paragraph", lead.text, lead.span))
        for match, end in zip(cuts, [m.start() for m in cuts[1:]] + [len(traced.text)]):
            piece = traced[match.start():end].strip()
            heading, _ = first_clause(piece.text[len(match.group()):], 40)
            self.items.append(Item("item", piece.text, piece.span, label=match.group(), heading=heading))

    def inline_cuts(self, text: str) -> list[re.Match]:
        """Where inline items start: 一是 markers counting on across paragraphs, else a 1. 2. run inside this one."""
        cuts = []
        for match in MARKER_RE.finditer(text):
            number = numeral_value(match.group(1))
            if number in (1, self.last_marker + 1):
                cuts.append(match)
                self.last_marker = number
        if cuts:
            return cuts
        for match in ARABIC_MARKER_RE.finditer(text):
            if int(match.group(1)) == len(cuts) + 1:
                cuts.append(match)
        return cuts if len(cuts) >= 2 else []

    def build(self) -> Section:
        """The finished section, its topic read from its heading (or, failing that, its body)."""
        body = "".join(item.text for item in self.items)
        # The heading says what the section is about and weighs most; the body's evidence adds up.
        topic = classify_topic(body, heading=self.heading)
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
    tops = find_top_headings(lines, layout) or markdown_headings(lines) or part_level_sections(lines, layout)
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
    """Lines opening with a part heading and going on with text, split into heading and body.

    A “2.…第一责任人职责。” inside a （一） section is an item of it, not a part: it stays whole.
    """
    result, in_section = [], False
    for line in lines:
        match = INLINE_PART_RE.match(line.text)
        words = match.group(1) if match and len(line.text) > match.end() else ""
        in_section = (in_section or bool(second_number(line.text))) and not top_number(line.text)
        nested = in_section and bool(match) and match.group()[0].isdigit()
        if words and not nested and (classify_part_heading(words) != "measures" or MEASURES_WORDS_RE.search(words)):
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
