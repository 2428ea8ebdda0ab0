"""A report's metadata: title, document number, addressee before the body; signature, date and
attachments after it; the bureau, its administrative level and the year covered."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .formats import Line
from .headings import SECOND_RE, top_number

if TYPE_CHECKING:
    from .documents import Report



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
