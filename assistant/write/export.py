"""Export a report to Word in official-document format (GB/T 9704-2012, as far as a .docx can
follow it) and to Markdown.

Both exports lay the parsed report (assistant.kb.documents) out as the same list of blocks: document
number, title, addressee, body with numbered headings, signature, date. Parts and sections are
renumbered 一、 （一） in order, so a draft that mixes “1、” and “二、” comes out consistent.

Fonts are referenced by name; a .docx cannot embed them. Where a font is missing, Word
substitutes another (方正小标宋简体 usually becomes 华文中宋 or 宋体, 仿宋_GB2312 becomes 仿宋,
楷体_GB2312 becomes 楷体); the font table names these fallbacks as w:altName, and
scripts/render_docx.sh maps them to free fonts for previews.
"""

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.kb.documents import Item, Part, Report, numeral_value, parse_report
from assistant.errors import InputError
from assistant.kb.formats import chinese_number

# ---------------------------------------------------------------- layout (GB/T 9704-2012)

PAGE_MM = (210, 297)  # A4
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # 天头 37, 订口 28: text area 156 × 225 mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_PT = 16  # 3号
TWIPS_PER_MM = 1440 / 25.4
TEXT_HEIGHT_TWIPS = (PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * TWIPS_PER_MM
TEXT_WIDTH_TWIPS = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * TWIPS_PER_MM
# Rounded down to whole twips, so 22 lines really fit: 579 twips = 28.95 pt.
LINE_PITCH_TWIPS = math.floor(TEXT_HEIGHT_TWIPS / LINES_PER_PAGE)
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20
# 28 characters of 16 pt are wider than 156 mm: condense each by 0.25 pt (-5 twips) so 28 fit a line.
CHAR_SPACING_TWIPS = math.floor(TEXT_WIDTH_TWIPS / CHARS_PER_LINE - BODY_PT * 20)
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
INDENT_CHARS = 2  # first-line indent of body paragraphs and headings; signature and date 右空二字
PAGE_NUMBER_GAP_MM = 7  # the page number's rule sits 7 mm below the text area

ASCII_FONT = "Times New Roman"
# East Asian font per role, then what Word substitutes when it is not installed.
FONTS = {
    "title": ("方正小标宋简体", ("华文中宋", "宋体")),
    "body": ("仿宋_GB2312", ("仿宋", "FangSong")),
    "heading1": ("黑体", ("SimHei",)),
    "heading2": ("楷体_GB2312", ("楷体", "KaiTi")),
    "page_number": ("宋体", ("SimSun",)),
}

# ---------------------------------------------------------------- blocks


@dataclass
class Block:
    """One paragraph (or table) of the laid-out report."""

    kind: str  # doc_number title addressee body heading1 heading2 table blank signature date note
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # a table's rows, header first


def layout(report: Report, title: str | None, doc_number: str, addressee: str, signature: str, date: str) -> list[Block]:
    """The report as blocks in reading order; the keyword values override what the parse found."""
    blocks = []
    if doc_number := doc_number or report.doc_number:
        blocks += [Block("doc_number", doc_number), Block("blank")]
    blocks += [Block("title", title or report.title or default_title(report)), Block("blank")]
    if addressee := addressee or report.addressee:
        blocks.append(Block("addressee", addressee.rstrip("：:") + "："))
    blocks += body_blocks(report)
    blocks += closing_blocks(report, signature or report.signature, arabic_date(date or report.date))
    return blocks


def default_title(report: Report) -> str:
    """A title in the genre's usual words when the text has none."""
    year = f"{report.year}年度" if report.year else "年度"
    return f"{report.bureau}{year}法治政府建设工作报告"


def body_blocks(report: Report) -> list[Block]:
    """Parts with their headings renumbered 一、二、 and sections （一）（二）, then their paragraphs."""
    blocks, part_number = [], 0
    for part in (p for p in report.parts if p.part != "closing"):
        if part.heading:
            part_number += 1
            blocks.append(Block("heading1", f"{chinese_number(part_number)}、{part.heading}"))
        blocks += part_sections(report.text, part)
    return blocks


def part_sections(text: str, part: Part) -> list[Block]:
    """A part's sections: each numbered heading, then its paragraphs."""
    blocks, section_number = [], 0
    for section in part.sections:
        if section.label:
            section_number += 1
            blocks.append(Block("heading2", f"（{chinese_number(section_number)}）{section.heading}"))
        blocks += item_blocks(text, section.items)
    return blocks


def item_blocks(text: str, items: list[Item]) -> list[Block]:
    """Items as paragraphs; inline items (一是…二是…) that shared a paragraph share it again."""
    blocks: list[Block] = []
    previous = None
    for item in items:
        if item.kind == "table":
            blocks.append(Block("table", rows=[row.split(" | ") for row in [item.heading, *item.text.splitlines()]]))
        elif previous and previous.kind != "table" and "\n" not in text[previous.span[1]:item.span[0]]:
            blocks[-1].text += item.text
        else:
            blocks.append(Block("body", item.text))
        previous = item
    return blocks


def closing_blocks(report: Report, signature: str, date: str) -> list[Block]:
    """A blank line, the signature (one line per name), the date, then notes such as “（此件公开发布）”."""
    closing = next((p for p in report.parts if p.part == "closing"), None)
    lines = [item.text for s in (closing.sections[:1] if closing else []) for item in s.items]
    notes = [line for line in lines if line not in report.signature.splitlines() and line != report.date]
    blocks = [Block("blank")] if signature or date else []
    blocks += [Block("signature", name) for name in signature.splitlines() if name.strip()]
    blocks += [Block("date", date)] if date else []
    blocks += [Block("note", note) for note in notes]
    for attachment in closing.sections[1:] if closing else []:  # “附件1：…” and its table
        blocks += [Block("blank"), Block("addressee", attachment.heading), *item_blocks(report.text, attachment.items)]
    return blocks


DATE_PARTS_RE = re.compile(r"([〇○零一二三四五六七八九\d]{4})年([一二三四五六七八九十\d]{1,3})月(?:([一二三四五六七八九十\d]{1,3})日)?")


def arabic_date(date: str) -> str:
    """二〇二四年一月十五日 -> 2024年1月15日 (GB/T 9704: the date in Arabic numerals)."""
    match = DATE_PARTS_RE.fullmatch(date.strip())
    if not match:
        return date.strip()
    year = match.group(1).translate(str.maketrans("〇○零一二三四五六七八九", "000123456789"))
    month, day = (n if n is None or n.isdigit() else str(numeral_value(n)) for n in match.groups()[1:])
    return f"{year}年{int(month)}月" + (f"{int(day)}日" if day else "")


# ---------------------------------------------------------------- public API

def export_report(report_text: str, path: Path, **fields) -> Path:
    """Export by the file's suffix: .docx (official-document format) or .md."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return export_docx(report_text, path, **fields)
    if path.suffix.lower() == ".md":
        return export_markdown(report_text, path)
    raise InputError(f"不支持导出为“{path.suffix or '无扩展名'}”：输出文件名请以 .docx（公文格式 Word）或 .md（Markdown）结尾。")


def export_markdown(report_text: str, path: Path) -> Path:
    """Write the report as Markdown that parse_report reads back into the same parts."""
    blocks = layout(parse_report(report_text, Path(path).name), None, "", "", "", "")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(filter(None, map(markdown_line, blocks))) + "\n", encoding="utf-8")
    return path


def markdown_line(block: Block) -> str:
    """One block in Markdown: # title, ## 一、, **（一）…。**, tables as pipe rows."""
    if block.kind == "table":
        header, *rows = block.rows
        lines = [header, ["---"] * len(header), *rows]
        return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)
    prefix = {"title": "# ", "heading1": "## "}.get(block.kind, "")
    return f"**{block.text}。**" if block.kind == "heading2" else prefix + block.text


def export_docx(report_text: str, path: Path, *, title: str | None = None, doc_number: str = "",
                addressee: str = "", signature: str = "", date: str = "") -> Path:
    """Write the report as a .docx in official-document format; keyword values override the parse."""
    from docx import Document

    path = Path(path)
    blocks = layout(parse_report(report_text, path.name), title, doc_number, addressee, signature, date)
    document = Document()
    set_up_page(document.sections[0])
    set_up_styles(document, signature_indents(blocks))
    add_font_fallbacks(document)
    add_page_numbers(document)
    for block in blocks:
        add_block(document, block)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


# ---------------------------------------------------------------- docx: page, styles, fonts

def set_up_page(section) -> None:
    """A4, the standard margins, and the footer placed 7 mm below the text area."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Emu, Mm, Pt

    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Emu(Mm(MARGINS_MM["bottom"] - PAGE_NUMBER_GAP_MM) - Pt(PAGE_NUMBER_PT))
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # The grid's pitch only (no w:type): exact line spacing already fixes 22 lines, and a snapping
    # grid would give the 2号 title two grid lines per line in LibreOffice.
    grid.attrib.pop(qn("w:type"), None)
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def set_up_styles(document, signature_indent: tuple[float, float]) -> None:
    """One paragraph style per block kind, each with its font, size, alignment and indents."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH as ALIGN

    styles = document.styles
    restyle(styles["Normal"], "body", BODY_PT)
    for name, (font, size, align, indent) in paragraph_styles(signature_indent).items():
        style = styles[name] if name in ("Heading 1", "Heading 2") else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        restyle(style, font, size, getattr(ALIGN, align), indent)
    for level, name in enumerate(("Heading 1", "Heading 2")):
        outline_level(styles[name], level)


def paragraph_styles(signature_indent: tuple[float, float]) -> dict[str, tuple]:
    """style name -> (font role, size in pt, alignment, (first-line, right) indent in characters)."""
    signature, date = signature_indent
    return {
        "公文正文": ("body", BODY_PT, "JUSTIFY", (INDENT_CHARS, 0)),
        "公文标题": ("title", TITLE_PT, "CENTER", (0, 0)),
        "发文字号": ("body", BODY_PT, "CENTER", (0, 0)),
        "主送机关": ("body", BODY_PT, "LEFT", (0, 0)),
        "Heading 1": ("heading1", BODY_PT, "JUSTIFY", (INDENT_CHARS, 0)),
        "Heading 2": ("heading2", BODY_PT, "JUSTIFY", (INDENT_CHARS, 0)),
        "发文机关署名": ("body", BODY_PT, "RIGHT", (0, signature)),
        "成文日期": ("body", BODY_PT, "RIGHT", (0, date)),
    }


STYLE_OF_KIND = {"body": "公文正文", "note": "公文正文", "title": "公文标题", "doc_number": "发文字号",
                 "addressee": "主送机关", "heading1": "Heading 1", "heading2": "Heading 2",
                 "signature": "发文机关署名", "date": "成文日期",
                 "blank": "主送机关"}  # an empty line only needs the body's line height and no indent


def restyle(style, role: str, size: float, align=None, indent: tuple[float, float] = (0, 0)) -> None:
    """Replace a style's character and paragraph formatting (and the template's theme fonts and colours)."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    element = style.element
    for old in (element.rPr, element.pPr):
        if old is not None:
            element.remove(old)
    style.font.size = Pt(size)
    style.font.bold = False
    set_fonts(element.get_or_add_rPr(), FONTS[role][0])
    if size == BODY_PT:
        condense(element.rPr)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(LINE_PITCH_PT)
    fmt.alignment = align
    set_indent(fmt, element.get_or_add_pPr(), first_line=indent[0], right=indent[1])
    no_auto_space(element.pPr)


def no_auto_space(pPr) -> None:
    """No extra space between Chinese and digits (“2024年3月5日” set solid, as printed documents are)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
        element = OxmlElement(name)
        element.set(qn("w:val"), "0")
        pPr.find(qn("w:spacing")).addprevious(element)


def set_fonts(rPr, east_asian: str, ascii_font: str = ASCII_FONT) -> None:
    """w:rFonts with the East Asian font and an ASCII font, without theme fonts that would win over them."""
    from docx.oxml.ns import qn

    fonts = rPr.get_or_add_rFonts()
    for name in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(name), None)
    for name, value in (("w:ascii", ascii_font), ("w:hAnsi", ascii_font), ("w:eastAsia", east_asian), ("w:cs", ascii_font)):
        fonts.set(qn(name), value)


def condense(rPr) -> None:
    """Character spacing (w:spacing, before w:sz as the schema orders it) that fits 28 characters a line."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    rPr.sz.addprevious(spacing)


def set_indent(fmt, pPr, first_line: float, right: float) -> None:
    """Indents in characters, written both in points and as Word's character units (…Chars)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    fmt.first_line_indent, fmt.right_indent = Pt(first_line * BODY_PT), Pt(right * BODY_PT)
    ind = pPr.find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), str(round(first_line * 100)))
    ind.set(qn("w:rightChars"), str(round(right * 100)))


def outline_level(style, level: int) -> None:
    """Headings keep their outline level, so Word's navigation pane lists them."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    style.element.get_or_add_pPr().append(element)
    style.paragraph_format.keep_with_next = True


def text_width(text: str) -> float:
    """Width in characters of the body font: Chinese characters 1, digits and Latin letters ½."""
    return sum(0.5 if ord(char) < 0x2E80 else 1 for char in text)


def signature_indents(blocks: list[Block]) -> tuple[float, float]:
    """Right indents (in characters) of signature and date, GB/T 9704 7.3.5.2 (no seal):

    the signature 右空二字, the date below it starting two characters further right; a date
    longer than that moves the signature right instead, keeping the date 右空二字.
    """
    signature = max((text_width(b.text) for b in blocks if b.kind == "signature"), default=0)
    date = max((text_width(b.text) for b in blocks if b.kind == "date"), default=0)
    if not signature or not date:
        return INDENT_CHARS, INDENT_CHARS
    signature_indent = max(INDENT_CHARS, INDENT_CHARS * 2 + date - signature)
    return signature_indent, signature_indent + signature - INDENT_CHARS - date


def add_font_fallbacks(document) -> None:
    """Name each Chinese font's substitutes in the font table (w:altName), with the GB2312 charset."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from lxml import etree

    part = document.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(part.blob)
    for font, fallbacks in FONTS.values():
        table.append(parse_xml(f'<w:font {nsdecls("w")} w:name="{font}"><w:altName w:val="{fallbacks[0]}"/>'
                               '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'))
    # python-docx keeps the font table as a plain part: its bytes are rewritten here.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------- docx: page numbers and blocks

def add_page_numbers(document) -> None:
    """“— 1 —” in 4号 宋体: odd pages on the right, even pages on the left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH as ALIGN

    section = document.sections[0]
    document.settings.odd_and_even_pages_header_footer = True
    page_number(section.footer.paragraphs[0], ALIGN.RIGHT)
    page_number(section.even_page_footer.paragraphs[0], ALIGN.LEFT)


def page_number(paragraph, align) -> None:
    """One footer paragraph: “— PAGE —”, set in from the margin by one character."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH as ALIGN
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.alignment, fmt.first_line_indent = align, Pt(0)
    fmt.line_spacing, fmt.space_before, fmt.space_after = 1.0, Pt(0), Pt(0)
    inset = Pt(PAGE_NUMBER_PT)  # 空一字
    fmt.right_indent, fmt.left_indent = (inset, Pt(0)) if align == ALIGN.RIGHT else (Pt(0), inset)
    page_run(paragraph, "— ")
    add_field(paragraph, "PAGE")
    page_run(paragraph, " —")


def page_run(paragraph, text: str = ""):
    """A run in the page number's font (宋体 for the digits as well: 半角宋体阿拉伯数字)."""
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.size = Pt(PAGE_NUMBER_PT)
    font = FONTS["page_number"][0]
    set_fonts(run._r.get_or_add_rPr(), font, ascii_font=font)
    return run


def add_field(paragraph, instruction: str) -> None:
    """A Word field: begin, instruction, separate, a result Word replaces when it lays out the page, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    page_run(paragraph)._r.append(field_char("begin"))
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    page_run(paragraph)._r.append(code)
    page_run(paragraph)._r.append(field_char("separate"))
    page_run(paragraph, "1")
    page_run(paragraph)._r.append(field_char("end"))


def field_char(kind: str):
    """A w:fldChar marking where a field begins, separates its code from its result, or ends."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def add_block(document, block: Block) -> None:
    """One block as a paragraph (or a table) in its style; the title breaks where the words allow."""
    if block.kind == "table":
        add_table(document, block.rows)
        return
    paragraph = document.add_paragraph(style=STYLE_OF_KIND[block.kind])
    lines = title_lines(block.text) if block.kind == "title" else [block.text]
    for n, line in enumerate(lines):
        run = paragraph.add_run(line)
        if n < len(lines) - 1:
            run.add_break()


def title_lines(title: str) -> list[str]:
    """A long title broken after “关于” (or the bureau's name), so no line runs over (标题回行词意完整)."""
    if text_width(title) <= 20:
        return [title]
    cut = title.find("关于") + 2 if "关于" in title else title.find("局") + 1
    return [title[:cut], title[cut:]] if 0 < cut < len(title) else [title]


def add_table(document, rows: list[list[str]]) -> None:
    """A table in the body font; the first row is the header."""
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = document.styles["Table Grid"]
    for cells, row in zip((r.cells for r in table.rows), rows):
        for cell, value in zip(cells, row):
            cell.paragraphs[0].style = document.styles["主送机关"]
            cell.paragraphs[0].add_run(value)
