"""Report files and their packaging: read .txt/.md (decoded by decoding.py), .docx and .pdf into
text, then clean that text into lines for the parser.

Word structure survives as markdown-like hints that the parser understands: heading styles
become `#` lines, automatic numbering is written out (一、 （一） 1.), bold runs become `**…**`
and tables become `| a | b |` rows under a header row. Cleaning removes what the packaging
added (web page chrome, PDF page numbers, markdown, spaces around numbers) while every
character keeps its offset in the text as read, so spans can point back at the original.
"""

import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assistant.kb.decoding import decode_text
from assistant.errors import DocumentError

Span = tuple[int, int]

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
MAX_BYTES = 10 * 1024 * 1024
# Limits that keep memory bounded whatever a file under MAX_BYTES inflates to. A long real report
# is a few MB of Word XML and a few dozen PDF pages; these leave room for embedded pictures.
MAX_DOCX_MEMBERS = 2000
MAX_DOCX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_DOCX_XML_MEMBER = 16 * 1024 * 1024
MAX_PDF_PAGES = 500
MAX_TEXT_CHARS = 2_000_000


def read_text(path: Path) -> str:
    """The decoded text of a supported file; raises DocumentError with a message for people."""
    path = Path(path)
    check_file(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text = read_docx(path)
    elif suffix == ".pdf":
        text = read_pdf(path)
    else:
        text = decode_text(path.read_bytes(), path.name)
    if not text.strip():
        raise DocumentError(f"{path.name}：文件中没有文字，请确认内容后重新导入。")
    refuse_long_text(len(text), path.name)
    return text


def refuse_long_text(chars: int, name: str) -> None:
    """A report's text is far below MAX_TEXT_CHARS; more means a bomb or not a report."""
    if chars > MAX_TEXT_CHARS:
        raise DocumentError(f"{name}：文件中的文字超过 {MAX_TEXT_CHARS // 10000} 万字的上限，不像一份年度报告；"
                            "请只保留报告正文后再导入。")


def check_file(path: Path) -> None:
    """Refuse folders, missing, unsupported, empty and oversized files before reading them."""
    if path.is_dir():
        raise DocumentError(f"{path}：这是一个文件夹，不是文件；请给出一份报告的文件路径"
                            "（要导入整个文件夹，请用 report-assistant ingest 文件夹）。")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        kinds = "、".join(SUPPORTED_SUFFIXES)
        raise DocumentError(f"{path.name}：不支持的文件类型“{path.suffix or '无扩展名'}”，"
                            f"请另存为 {kinds} 之一后再导入（.doc/.wps 请先在 Word/WPS 中另存为 .docx）。")
    if not path.is_file():
        raise DocumentError(f"{path.name}：找不到文件 {path}，请检查路径。")
    size = path.stat().st_size
    if size == 0:
        raise DocumentError(f"{path.name}：文件是空的（0 字节），请确认导出或复制是否完整。")
    if size > MAX_BYTES:
        raise DocumentError(f"{path.name}：文件过大（{size / 1024 / 1024:.1f} MB），超过 {MAX_BYTES // 1024 // 1024} MB 上限；"
                            "请只保留报告正文（去掉图片等）后再导入。")




def read_pdf(path: Path) -> str:
    """The text layer of a PDF, page after page, within the page and text limits."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    # pypdf reports recoverable oddities in English on its logger; our message is the one that counts.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{path.name}：PDF 已加密，请先解除密码保护后再导入。")
        text = pdf_pages_text(reader, path.name)
    except LimitReachedError as e:
        raise DocumentError(f"{path.name}：PDF 中的内容解压后超出安全上限，不像一份年度报告；"
                            "请重新导出 PDF 或提供 Word 版本。") from e
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as e:
        raise DocumentError(f"{path.name}：PDF 文件已损坏或无法读取（{type(e).__name__}），请重新导出 PDF 或提供 Word 版本。") from e
    if len(re.sub(r"\s", "", text)) < 10:
        raise DocumentError(f"{path.name}：PDF 中没有文字层（可能是扫描件），请先做文字识别（OCR）或提供 Word/文本版本。")
    return text


def pdf_pages_text(reader, name: str) -> str:
    """The pages' text, refusing more pages or characters than a report has before reading on."""
    pages = len(reader.pages)
    if pages > MAX_PDF_PAGES:
        raise DocumentError(f"{name}：PDF 有 {pages} 页，超过 {MAX_PDF_PAGES} 页的上限；请只保留报告正文后再导入。")
    texts, chars = [], 0
    for page in reader.pages:
        # A NUL in extracted text is an artefact of the PDF's font tables, not the author's.
        texts.append((page.extract_text() or "").replace("\x00", ""))
        chars += len(texts[-1])
        refuse_long_text(chars, name)
    return "\n".join(texts)


def read_docx(path: Path) -> str:
    """A Word document as markdown-like text: headings, numbering, bold and tables kept as hints."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = open_docx(path)
    numbers = ListNumbers(document)
    lines = []
    for block in body_blocks(document.element.body):
        if block.tag == qn("w:p"):
            lines.append(paragraph_line(Paragraph(block, document), numbers))
        else:
            lines.extend(table_lines(Table(block, document)))
    return "\n".join(line for line in lines if line.strip())


def body_blocks(parent):
    """Paragraphs and tables in document order, also those inside content controls (w:sdt)."""
    from docx.oxml.ns import qn

    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt") and child.find(qn("w:sdtContent")) is not None:
            yield from body_blocks(child.find(qn("w:sdtContent")))


def open_docx(path: Path):
    """python-docx's Document, with a clear error for a corrupt, mislabelled or inflating file."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        check_docx_package(path)
        return Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError, EOFError) as e:
        raise DocumentError(f"{path.name}：不是有效的 Word（.docx）文件或文件已损坏，请在 Word/WPS 中打开后另存为 .docx 再导入。") from e


def check_docx_package(path: Path) -> None:
    """Refuse a Word file whose parts would inflate past the limits, before anything is unpacked.
    zipfile never returns more bytes than a member declares, so the declared sizes are a bound."""
    with zipfile.ZipFile(path) as package:
        members = package.infolist()
    if len(members) > MAX_DOCX_MEMBERS:
        raise DocumentError(f"{path.name}：Word 文件内含 {len(members)} 个部件，超过 {MAX_DOCX_MEMBERS} 个的上限，"
                            "不像一份正常的报告；请在 Word/WPS 中另存为 .docx 后再导入。")
    total = sum(member.file_size for member in members)
    largest_xml = max((m.file_size for m in members if m.filename.endswith((".xml", ".rels"))), default=0)
    if total > MAX_DOCX_UNCOMPRESSED or largest_xml > MAX_DOCX_XML_MEMBER:
        raise DocumentError(f"{path.name}：Word 文件解压后达 {max(total, largest_xml) / 1024 / 1024:.0f} MB，"
                            f"超过安全上限（共 {MAX_DOCX_UNCOMPRESSED // 1024 // 1024} MB，单个正文部件 "
                            f"{MAX_DOCX_XML_MEMBER // 1024 // 1024} MB），可能是恶意构造的压缩文件；请只保留报告正文后另存再导入。")
    if "word/document.xml" not in {m.filename for m in members}:
        raise KeyError("word/document.xml")  # a zip, but not a Word document: told as such by open_docx


def paragraph_line(paragraph, numbers: "ListNumbers") -> str:
    """One Word paragraph: `#` for heading styles, its list number, bold runs as `**…**`."""
    level = heading_level(paragraph.style)
    label = numbers.label(paragraph)
    if level:
        return f"{'#' * level} {label}{paragraph.text.strip()}"
    return label + bold_marked(paragraph)


def heading_level(style) -> int:
    """1–6 for Title / Heading n / 标题 n styles, else 0."""
    name = (style.name if style is not None else "") or ""
    if name.lower() == "title" or name == "标题":
        return 1
    match = re.fullmatch(r"(?:heading|标题)\s*([1-6])", name.strip(), re.IGNORECASE)
    return int(match.group(1)) if match else 0


def bold_marked(paragraph) -> str:
    """The paragraph's text with each run of bold text wrapped in `**`."""
    pieces: list[tuple[str, bool]] = []
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    for run in paragraph.runs:
        # Bold is set on the run, else on its character style, else on the paragraph's style.
        bold = next((b for b in (run.bold, run.style.font.bold if run.style else None) if b is not None), style_bold)
        if pieces and pieces[-1][1] == bool(bold):
            pieces[-1] = (pieces[-1][0] + run.text, bool(bold))
        else:
            pieces.append((run.text, bool(bold)))
    return "".join(f"**{text}**" if bold and text.strip() else text for text, bold in pieces)


def table_lines(table) -> list[str]:
    """A Word table as markdown rows; the first row is the header, merged cells appear once."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(re.sub(r"\s+", " ", cell.text).strip().replace("|", "｜"))
        if any(cells):
            rows.append("| " + " | ".join(cells) + " |")
    if not rows:
        return []
    width = rows[0].count(" | ") + 1
    return [rows[0], "| " + " | ".join(["---"] * width) + " |", *rows[1:]]


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 25 -> 二十五 (enough for list numbers)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "") if n < 100 else str(n)


class ListNumbers:
    """Writes out Word's automatic numbering (一、 （一） 1.), counting per list and level."""

    FORMATS = {"decimal": str, "chineseCounting": chinese_number, "chineseCountingThousand": chinese_number,
               "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
               "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if n <= 20 else str(n),
               "upperLetter": lambda n: chr(64 + n) if n <= 26 else str(n),
               "lowerLetter": lambda n: chr(96 + n) if n <= 26 else str(n)}

    def __init__(self, document):
        self.levels = self._read_levels(document)
        self.counters: dict[str, list[int]] = {}

    @staticmethod
    def _read_levels(document) -> dict[str, dict[int, tuple[str, str, int]]]:
        """numId -> {level: (numFmt, lvlText, start)} from the numbering part, if any."""
        from docx.oxml.ns import qn

        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return {}
        abstract = {node.get(qn("w:abstractNumId")): {int(lvl.get(qn("w:ilvl"))): (
                        xml_value(lvl, "w:numFmt", "decimal"), xml_value(lvl, "w:lvlText", ""), int(xml_value(lvl, "w:start", "1")))
                        for lvl in node.findall(qn("w:lvl"))}
                    for node in root.findall(qn("w:abstractNum"))}
        return {num.get(qn("w:numId")): abstract.get(xml_value(num, "w:abstractNumId", ""), {})
                for num in root.findall(qn("w:num"))}

    def label(self, paragraph) -> str:
        """The number Word shows in front of this paragraph, or "" when it has none."""
        num_id, level = self._numbering_of(paragraph)
        formats = self.levels.get(num_id, {})
        if level not in formats:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[level] += 1
        counts[level + 1:] = [0] * (8 - level)  # a higher level restarts the levels below it
        text = formats[level][1]
        for lvl, (fmt, _, start) in formats.items():
            if f"%{lvl + 1}" in text:
                text = text.replace(f"%{lvl + 1}", self.FORMATS.get(fmt, lambda n: "")(max(counts[lvl], 1) + start - 1))
        return text

    @staticmethod
    def _numbering_of(paragraph) -> tuple[str | None, int]:
        """(numId, level) from the paragraph, or else from its style and the styles it is based on."""
        from docx.oxml.ns import qn

        holders = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:
            holders.append(style.element.pPr)
            style = style.base_style
        for pPr in holders:
            num_pr = pPr.find(qn("w:numPr")) if pPr is not None else None
            if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
                ilvl = num_pr.find(qn("w:ilvl"))
                return num_pr.find(qn("w:numId")).get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        return None, 0


def xml_value(node, tag: str, default: str) -> str:
    """The w:val of a child element, or default when the child is missing."""
    from docx.oxml.ns import qn

    child = node.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else default


# ---------------------------------------------------------------- text that remembers where it came from

@dataclass(frozen=True)
class Traced:
    """Cleaned text that keeps, for each character, its offset in the original text."""

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, original: str, start: int, end: int) -> "Traced":
        return cls(original[start:end], tuple(range(start, end)))

    def __add__(self, other: "Traced") -> "Traced":
        return Traced(self.text + other.text, self.offsets + other.offsets)

    def __getitem__(self, part: slice) -> "Traced":
        return Traced(self.text[part], self.offsets[part])

    def drop(self, pattern: re.Pattern) -> "Traced":
        """Without the characters the pattern matches."""
        gone = {i for m in pattern.finditer(self.text) for i in range(m.start(), m.end())}
        kept = [i for i in range(len(self.text)) if i not in gone]
        return Traced("".join(self.text[i] for i in kept), tuple(self.offsets[i] for i in kept))

    def translate(self, pattern: re.Pattern, table: dict) -> "Traced":
        """Characters the pattern matches replaced one for one (offsets stay valid)."""
        text = pattern.sub(lambda m: m.group().translate(table), self.text)
        return Traced(text, self.offsets)

    def strip(self) -> "Traced":
        start = len(self.text) - len(self.text.lstrip())
        return self[start:len(self.text.rstrip())]

    @property
    def span(self) -> Span:
        return (self.offsets[0], self.offsets[-1] + 1) if self.offsets else (0, 0)


# ---------------------------------------------------------------- cleaning, line by line

CJK = "\u2014\u2018-\u201d\u2026\u3000-\u303f\u4e00-\u9fff\ufe30-\ufe4f\uff00-\uffef"
SPACES = "[ \t\u3000\u00a0\u200b\ufeff]"
MD_HEADING_RE = re.compile(r"^\s*(#{1,6})\s*")
# Markdown emphasis, list bullets and Word bookmarks carry no words of the report.
MARKUP_RE = re.compile(r"^\s*#{1,6}\s*|^\s*[-*+>]\s+|\*\*|__|\[bookmark:[^\]]*\]|[\u200b\ufeff]")
SPACE_NEAR_CJK_RE = re.compile(rf"(?<=[{CJK}]){SPACES}+|{SPACES}+(?=[{CJK}])")
HALF_WIDTH_RE = re.compile(rf"(?<=[{CJK}])[,;:!?()]|[,;:!?()](?=[{CJK}])")
HALF_TO_FULL = str.maketrans(",;:!?()", "，；：！？（）")
# Some PDFs map 一, 二, 文 … to look-alike Kangxi radicals (⼀ U+2F00) or compatibility ideographs.
RADICAL_RE = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")
RADICALS = {code: unicodedata.normalize("NFKC", chr(code)) for code in [*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)]
            if len(unicodedata.normalize("NFKC", chr(code))) == 1}
TABLE_ROW_RE = re.compile(r"\s*\|.*\|\s*")
TABLE_RULE_RE = re.compile(r"\|[\s:\-|]+\|")
# Lines a web page, a PDF page or an official-document header adds around the report's words.
CHROME_PATTERNS = (
    r"(?:发布|发文|成文|更新|生成)(?:时间|日期)[：:].*",
    r"(?:日期|时间|发布|浏览量?|阅读量?|点击量?|访问次数)[：:].*",
    r"(?:索引号|发布机构|发文机关|发布者|信息来源|来源|浏览次数|访问量|阅读次数|点击数|责任编辑|编辑|作者|分类|主题分类"
    r"|文号|有效性|签发人|密级|紧急程度|公开属性|公开方式)[：:].*",
    r".*(?:字号|字体)[：:]?[\[【（(].*", r".*【\s*(?:下载|打印|关闭|我要纠错)\s*】.*",
    # runs of page buttons: “打印本页 关闭窗口”, “【字体：大 中 小】”
    r"(?:[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|返回|收藏|分享到?|字体|大|中|小|默认|下载)\s*[】\]]?[\s:：|｜/]*)+",
    r"政府信息公开(?:目录|指南|专栏)?|扫码查看手机版|扫一扫.*|首页(?:\s*[>＞›»].*)?|当前位置.*|网站地图|联系我们|上一篇.*|下一篇.*",
    r"关联(?:文章|图片|附件|链接|稿件)|相关(?:文章|链接|附件|稿件)|附件下载",
    r"版权所有.*|主办单位?[：:].*|承办单位?[：:].*|网站标识码.*|.*ICP备.*|.*公网安备.*",
    # page numbers: “— 2 —”, “- 2 -”, “第 2 页 共 9 页”, “2/9”, “2”
    r"[—－\-–─_\s]*(?:第\s*)?\d{1,3}\s*(?:页)?[—－\-–─_\s]*", r"第\s*\d+\s*页\s*[，,/／]?\s*共\s*\d+\s*页", r"\d{1,3}\s*/\s*\d{1,3}",
    r"[\-—─_*=~\s]{3,}",  # rules drawn with characters, markdown's ---
    # a browser's print header and footer: “2024/3/8 17:11 标题”, “https://… 1/5”
    r"\d{4}/\d{1,2}/\d{1,2}\s*(?:上午|下午)?\s*\d{1,2}:\d{2}.*", r"(?:https?://|www\.)\S*(?:\s+\d{1,3}/\d{1,3})?",
)
CHROME_RE = re.compile("|".join(f"(?:{pattern})" for pattern in CHROME_PATTERNS))
# A web page's title line ends with the posting office and date: “…年度报告政策法规科2023-12-29”.
TITLE_TAIL_RE = re.compile(r"(?<=报告|总结|情况)(?!报告|总结)(?:[\u4e00-\u9fff]{2,12}(?:科|室|股|处|办|中心|局|所|队))?\s*"
                           r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$")


@dataclass
class Line:
    """One non-empty line after cleaning, with the hints its markup gave."""

    traced: Traced
    md_level: int = 0  # number of leading '#'
    table: bool = False
    indented: bool = False  # the original line starts with spaces, as paragraphs in a PDF do

    @property
    def text(self) -> str:
        return self.traced.text


def clean_lines(text: str) -> list[Line]:
    """The text's lines without markup, web chrome and page numbers; spaces near Chinese removed."""
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        line = clean_line(Traced.of(text, match.start(), match.end()))
        if line.text and not is_chrome(line.text) and not is_chrome(match.group().strip()):
            lines.append(line)
    return lines


def is_chrome(text: str) -> bool:
    """A short line that only a web page, a PDF page or a document header put there."""
    return len(text) <= 60 and bool(CHROME_RE.fullmatch(text))


def clean_line(raw: Traced) -> Line:
    """One line made ready for parsing; its offsets still point into the original text."""
    heading = MD_HEADING_RE.match(raw.text)
    traced = raw.translate(RADICAL_RE, RADICALS).drop(MARKUP_RE).drop(SPACE_NEAR_CJK_RE).strip()
    traced = traced.translate(HALF_WIDTH_RE, HALF_TO_FULL)
    if len(traced.text) <= 80 and not re.search("[。，；]", traced.text):
        traced = traced.drop(TITLE_TAIL_RE)
    return Line(traced, len(heading.group(1)) if heading else 0, bool(TABLE_ROW_RE.fullmatch(raw.text)),
                indented=raw.text[:1] in (" ", "\t", "\u3000", "\u00a0"))


SENTENCE_END = "。！？；：!?;:…"
CLOSERS = "”’」』》)）】\"'"


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (so the next line starts a new paragraph)."""
    text = text.rstrip(CLOSERS)
    return bool(text) and text[-1] in SENTENCE_END
