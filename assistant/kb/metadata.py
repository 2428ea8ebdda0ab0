"""A report's metadata: title, document number, addressee before the body; signature, date and
attachments after it; the author (assistant.kb.organs), its level and kind, and the year covered."""

import re

from assistant.kb.formats import Line
from assistant.kb.headings import SECOND_RE, top_number
from assistant.kb.organs import (body_authors, complete_place, full_name, is_party, matches_abbreviation, organ_kind,
                     organ_level, organs_in_line, place_of, vocabulary)
from assistant.types import Report
from assistant.wordlists import alternation

DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【（﹝]\d{4}[〕\]］】）﹞]\d{1,4}号")
DATE_RE = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月(?:[\d一二三四五六七八九十]{1,3}日)?")
# A signing organ ends as an author does (assistant/data/organs.yaml), or as a unit under it (…队, …站).
_SIGNING_ENDINGS = alternation([*vocabulary()["suffixes"], *vocabulary()["signature_suffixes"]])
ORG_RE = re.compile(rf"(?:中共)?[\u4e00-\u9fff（）、]{{2,30}}?(?:{_SIGNING_ENDINGS})(?:（(?:盖章|印章|章)）)?")
# The words a title opens with, up to 关于, the year or what the report is about.
# “2023年度某区司法局法治政府建设工作报告”: a title may open with its year.
LEADING_YEAR_RE = re.compile(r"^(?:关于)?(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年度?(?:关于)?")
TITLE_LEAD_RE = re.compile(rf"((?:中共)?[\u4e00-\u9fff]{{2,40}}?)(?={alternation(vocabulary()['title_after'])}"
                           r"|\d{4}|[〇○零一二三四五六七八九]{4}|$)")
ATTACHMENT_RE = re.compile(r"附件\s*\d*\s*(?:[：:].{0,40})?")
CLOSING_NOTE_RE = re.compile(r"[（(](?:此件|联系人|本件|附件).*[）)]")
YEAR_RE = re.compile(r"(\d{4}|[〇○零一二三四五六七八九]{4})年")
CHINESE_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


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
    """Fill title, document number, addressee and the letterhead's organ; the year the title names."""
    title = []
    for line in header:
        number = DOC_NUMBER_RE.search(line.text)
        if number and len(line.text) <= 30:
            report.doc_number = number.group()
        elif is_addressee(line.text):
            report.addressee = line.text.rstrip("：:")
        elif DATE_RE.fullmatch(line.text.strip("（）()")):
            report.date = line.text.strip("（）()")
        elif line.text.endswith("文件") or ("报告" in "".join(title) and organs_in_line(line.text) == [line.text]):
            report.issuer = line.text.removesuffix("文件")  # the red letterhead, or the name under the title
        elif line.text not in title:  # a web page repeats its title in the breadcrumb
            title.append(line.text)
    report.title = "".join(title)
    report.year = year_in(report.title)


def read_closing(report: Report, closing: list[Line]) -> None:
    """Signature and date: every organ that signs, one per line, and the last date."""
    names = [name for line in closing for name in organs_in_line(line.text.removesuffix("（盖章）"), party=True)]
    dates = [line.text for line in closing if DATE_RE.fullmatch(line.text)]
    report.signature = "\n".join(names)
    report.date = dates[-1] if dates else report.date


def identify_author(report: Report, body: str) -> None:
    """The author, its level and kind: from the title, the letterhead or 文号, the signature, the body's
    own subject, in that order of trust, with its place completed from the other names."""
    signed = [name for name in report.signature.split("\n") if name and not is_party(name)]
    candidates = [name for name in [title_organ(report.title), report.issuer] + signed + body_authors(body) if name]
    organ = doc_number_organ(report.doc_number, candidates)
    author = next((name for name in [title_organ(report.title), report.issuer, organ, *signed] if name), "")
    author = author or next(iter(body_authors(body)), "")
    report.bureau = complete_place(author, candidates, body)
    report.level, report.kind = organ_level(report.bureau), organ_kind(report.bureau)


def title_organ(title: str) -> str:
    """The organ a title opens with (某区司法局2023年…); a bare place (某镇2023年…) is its government."""
    lead = TITLE_LEAD_RE.match(LEADING_YEAR_RE.sub("", title))
    if not lead:
        return ""
    names = organs_in_line(lead.group(1).removeprefix("关于"))
    if names:
        return names[0]
    place = lead.group(1).removeprefix("中共")
    return full_name(place) if place and place_of(place) == place else ""


def doc_number_organ(doc_number: str, candidates: list[str]) -> str:
    """The candidate the 文号's issuing organ abbreviates: 荔应急〔2024〕9号 → 荔湾区应急管理局."""
    abbreviation = re.sub("[发函字报办]$", "", re.split(r"[〔\[［【（﹝]", doc_number)[0]) if doc_number else ""
    return next((name for name in candidates if matches_abbreviation(name, abbreviation)), "")


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


def admin_level(bureau: str) -> str:
    """The administrative level of an organ: 省, 市, 区县 or 乡镇街道."""
    return organ_level(bureau.removeprefix("中共"))
