"""Proofreading for reviewers: deterministic checks of a whole report.

Rules: standard phrases spelled exactly, numbering that skips or repeats, years that contradict
the report's year, unbalanced quotes and brackets, a sentence written twice, a standard part
missing, unfilled placeholders, plans cited with a period that has ended.

Every rule reads the report as cleaned text (assistant.kb.formats: no markdown, no web chrome, no
spaces around numbers) whose characters remember their offsets in the text as given, so each
Finding's span points into the original and can be shown there.
"""

import re
from bisect import bisect_left
from dataclasses import asdict, dataclass
from functools import cached_property, lru_cache

import yaml

from assistant.kb.documents import Report, numeral_value, parse_report, second_number, top_number
from assistant.errors import InputError
from assistant.check.form_rules import FORM_KIND_NAMES, FORM_RULES
from assistant.kb.formats import Line, Traced, chinese_number, clean_lines, ends_sentence
from assistant.kb.taxonomy import PARTS, label_of
from assistant.wordlists import DATA_DIR

PHRASES_FILE = DATA_DIR / "standard_phrases.yaml"
KIND_NAMES = {"phrase": "规范用语", "numbering": "序号", "year": "年份", "balance": "标点配对", "duplicate": "重复句子",
              "missing_part": "缺少部分", "placeholder": "未填内容", "outdated": "过期文件", **FORM_KIND_NAMES}
REQUIRED_PARTS = ("measures", "leader_duty", "shortcomings", "plans")


@dataclass
class Finding:
    """One problem: its kind, where it is in the original text, what is wrong and what to do."""

    kind: str  # a key of KIND_NAMES
    start: int
    end: int  # == start for something missing (the place to insert it)
    text: str  # the original text at the span
    message: str
    suggestion: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Document:
    """The text being proofread: original, parsed structure, and cleaned paragraphs with offsets."""

    text: str
    report: Report
    year: int | None
    lines: list[Line]
    cleaned: Traced  # cleaned lines, re-joined into paragraphs separated by "\n"

    @classmethod
    def of(cls, text: str, year: int | None) -> "Document":
        report = parse_report(text, "proofread")
        lines = clean_lines(text)
        return cls(text, report, year or report.year, lines, joined_paragraphs(lines))

    @property
    def plan_year(self) -> int | None:
        return self.year + 1 if self.year else None

    def index(self, offset: int) -> int:
        """The position in the cleaned text of the first character at or after an original offset."""
        return bisect_left(self.cleaned.offsets, offset)

    def region(self, span: tuple[int, int]) -> tuple[int, int]:
        """The cleaned text's positions covering an original span."""
        return self.index(span[0]), self.index(span[1])

    def finding(self, kind: str, i: int, j: int, message: str, suggestion: str) -> Finding:
        """A finding for cleaned positions i..j, mapped back to the original text."""
        if j <= i:
            start = end = self.cleaned.offsets[i] if i < len(self.cleaned.offsets) else len(self.text)
        else:
            start, end = self.cleaned.offsets[i], self.cleaned.offsets[j - 1] + 1
        return Finding(kind, start, end, self.text[start:end], message, suggestion)

    def original_finding(self, kind: str, start: int, end: int, message: str, suggestion: str) -> Finding:
        """A finding for an original span, for rules that must read what cleaning removes (spaces)."""
        return Finding(kind, start, end, self.text[start:end], message, suggestion)

    @cached_property
    def body_parts(self):
        """The parts before the signature."""
        return [part for part in self.report.parts if part.part != "closing"]


def proofread(text: str, year: int | None = None) -> list[Finding]:
    """All findings in a report's text, sorted by position; year defaults to the report's own."""
    if not text.strip():
        raise InputError("没有可校对的内容：请粘贴报告全文，或选择一份报告文件。")
    document = Document.of(text, year)
    findings = [finding for rule in RULES for finding in rule(document)]
    unique = {(f.kind, f.start, f.end, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.start, f.end, f.kind))


# Numbering, years and missing parts only make sense for a whole report, not a section or paragraph.
FRAGMENT_KINDS = ("phrase", "placeholder", "balance", "duplicate", *FORM_KIND_NAMES)


def proofread_fragment(text: str) -> list[Finding]:
    """The findings that apply to a section or paragraph: spelling, placeholders, brackets, repeats, notes and register."""
    return [f for f in proofread(text) if f.kind in FRAGMENT_KINDS] if text.strip() else []


def joined_paragraphs(lines: list[Line]) -> Traced:
    """Cleaned lines joined into paragraphs: a line broken in mid-sentence (PDF, paste) runs on."""
    joined = Traced("", ())
    for previous, line in zip([None, *lines], lines):
        if previous is not None and not runs_on(previous, line):
            joined += Traced("\n", (previous.traced.span[1],))
        joined += line.traced
    return joined


def runs_on(previous: Line, line: Line) -> bool:
    """Whether a line continues the sentence of the line before it."""
    # A heading line ends its paragraph, unless it runs on into body text (“（一）标题。正文……”).
    heading_only = is_heading(previous) and not re.search("[。！？；]", previous.text)
    return not (ends_sentence(previous.text) or heading_only or is_heading(line) or previous.table or line.table)


def is_heading(line: Line) -> bool:
    """A line opening with a part or section number, or a markdown heading."""
    return bool(line.md_level or top_number(line.text) or second_number(line.text))


# ---------------------------------------------------------------- standard phrases

@lru_cache(maxsize=None)
def load_phrases() -> dict:
    """The phrase table (assistant/data/standard_phrases.yaml), read once."""
    return yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))


QUOTES = "“”‘’\"'「」『』"


def only_quotes_differ(wrong: str, correct: str) -> bool:
    """Whether a wrong form only lacks or misuses quotation marks (八五普法 for “八五”普法)."""
    strip = lambda s: s.translate({ord(q): None for q in QUOTES})
    return strip(wrong) == strip(correct)


def quoted(phrase: str) -> str:
    """A phrase in “”, unless it already opens with a quotation mark or 《."""
    return phrase if phrase[:1] in "“《" else f"“{phrase}”"


def within_quotes(text: str, start: int, end: int, correct: str) -> str:
    """The replacement for text[start:end] without the quotation marks the text already has around it."""
    if correct.startswith("“") and text[start - 1:start] == "“":
        correct = correct[1:]
    if correct.endswith("”") and text[end:end + 1] == "”":
        correct = correct[:-1]
    return correct


def in_title(text: str, i: int) -> bool:
    """Whether position i lies inside 《…》 in its paragraph: a title is quoted as its issuer wrote it."""
    paragraph_start = text.rfind("\n", 0, i)
    return text.rfind("《", 0, i) > max(text.rfind("》", 0, i), paragraph_start)


def occurrences(text: str, words) -> list[tuple[int, int]]:
    """Where each of the words occurs in text, as (start, end)."""
    return [(m.start(), m.end()) for word in words for m in re.finditer(re.escape(word), text)]


def check_phrases(doc: Document) -> list[Finding]:
    """Misspelt standard phrases from the phrase table, except inside set terms like 法制审核."""
    text, table = doc.cleaned.text, load_phrases()
    keep = occurrences(text, table.get("keep", []))
    findings = []
    for entry in table["phrases"]:
        correct = entry["correct"]
        covered = occurrences(text, [correct]) + keep
        for start, end in occurrences(text, entry["wrong"]):
            if any(a < end and start < b for a, b in covered):
                continue
            if only_quotes_differ(text[start:end], correct) and in_title(text, start):
                continue
            note = f"（{entry['note']}）" if entry.get("note") else ""
            fix = within_quotes(text, start, end, correct)
            findings.append(doc.finding("phrase", start, end, f"规范用语写法有误：应为{quoted(correct)}{note}。", f"改为{quoted(fix)}"))
    return findings


# ---------------------------------------------------------------- placeholders

PLACEHOLDER_RE = re.compile(
    r"[XxＸｘ×]{2,}"  # XX局, 20XX年, ××
    r"|(?<![A-Za-z0-9])[XＸ×](?=[年月日号件起份家名人次个项场期条万元%])"  # X月X日, X件
    r"|【[^】\n]{0,12}(?:待|请填|填写|补充)[^】\n]{0,12}】"  # 【待补充】
    r"|[（(\[［]\s*(?:待补充|待填写?|待定|待核实)\s*[）)\]］]"
    r"|_{3,}|＿{2,}"
    r"|(?<![○〇零一二三四五六七八九])○{2,}(?![○〇零一二三四五六七八九])"
)


def check_placeholders(doc: Document) -> list[Finding]:
    """Template gaps left unfilled: XX, ××, X月X日, 【待补充】, ____."""
    return [doc.finding("placeholder", m.start(), m.end(), f"有未填写的占位内容“{m.group()}”。",
                        "填入实际内容（单位、数字、日期等），或删去此处")
            for m in PLACEHOLDER_RE.finditer(doc.cleaned.text)]


# ---------------------------------------------------------------- quotes and brackets

OPENERS = {"（": "（", "(": "（", "《": "《", "“": "“", "‘": "‘", "【": "【", "〔": "〔", "[": "［", "［": "［", "「": "「", "『": "『"}
CLOSERS = {"）": "（", ")": "（", "》": "《", "”": "“", "’": "‘", "】": "【", "〕": "〔", "]": "［", "］": "［", "」": "「", "』": "『"}
PAIR_OF = {"（": "）", "《": "》", "“": "”", "‘": "’", "【": "】", "〔": "〕", "［": "］", "「": "」", "『": "』"}
# “1）” and “一）” open a list item; their ）has no partner by design.
LIST_LABEL_RE = re.compile(r"(?:^|[\n。；：])[\d一二三四五六七八九十]{1,3}$")


def check_balance(doc: Document) -> list[Finding]:
    """Quotes, brackets and 《》 that open without closing, or close without opening, in a paragraph."""
    text, findings, stack = doc.cleaned.text, [], []
    for i, char in enumerate(text + "\n"):
        if char == "\n":
            findings += [unclosed(doc, k, kind) for k, kind in stack]
            stack = []
        elif char in OPENERS:
            stack.append((i, OPENERS[char]))
        elif char in CLOSERS and not LIST_LABEL_RE.search(text[max(0, i - 4):i]):
            kind = CLOSERS[char]
            if any(open_kind == kind for _, open_kind in stack):
                while stack[-1][1] != kind:
                    findings.append(unclosed(doc, *stack.pop()))
                stack.pop()
            else:
                findings.append(doc.finding("balance", i, i + 1, f"“{char}”前面没有与之配对的“{kind}”。",
                                            f"在适当位置补上“{kind}”，或删去多余的“{char}”"))
    return findings


def unclosed(doc: Document, i: int, kind: str) -> Finding:
    """A finding for an opening mark at cleaned position i that is never closed."""
    opener = doc.cleaned.text[i]
    return doc.finding("balance", i, i + 1, f"“{opener}”在本段内没有与之配对的“{PAIR_OF[kind]}”。",
                       f"在适当位置补上“{PAIR_OF[kind]}”，或删去多余的“{opener}”")


# ---------------------------------------------------------------- repeated sentences

SENTENCE_RE = re.compile(r"[^。！？\n]+[。！？]")
LEADING_LABEL_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}是|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,3}[、.．])")
MIN_SENTENCE = 15  # shorter sentences (“一是抓实理论学习。”) may well recur by design


def check_duplicates(doc: Document) -> list[Finding]:
    """A sentence of some length that appears a second time, word for word."""
    seen: dict[str, int] = {}
    findings = []
    for m in SENTENCE_RE.finditer(doc.cleaned.text):
        key = LEADING_LABEL_RE.sub("", m.group().strip())
        if len(key) < MIN_SENTENCE:
            continue
        if key in seen:
            line = doc.text.count("\n", 0, doc.cleaned.offsets[seen[key]]) + 1
            findings.append(doc.finding("duplicate", m.start(), m.end(), f"这句话与第 {line} 行的句子完全相同。",
                                        "删去重复的一句，或改写其中一处"))
        else:
            seen[key] = m.start()
    return findings


# ---------------------------------------------------------------- numbering

@dataclass
class Mark:
    """One number of an enumeration: 一、 （二） 三是 … at cleaned positions start..end."""

    number: int
    chinese: bool
    start: int
    end: int
    label: str


MARKER_RE = re.compile(r"(?:^|(?<=[。；：，！？\n]))([一二三四五六七八九十]{1,3})是")


def check_numbering(doc: Document) -> list[Finding]:
    """Enumerations that skip or repeat a number: parts, sections in each part, 一是 items in each section."""
    body_end = next((p.span[0] for p in doc.report.parts if p.part == "closing"), len(doc.text))
    body_start = doc.body_parts[0].span[0] if doc.body_parts else 0
    findings = sequence_findings(doc, heading_marks(doc, top_number, (body_start, body_end)))
    for part in doc.body_parts:
        # A report numbering its parts （一）（二） (no 一、) has the part's own heading among its lines.
        own = doc.index(part.span[0]) if part.label.startswith("（") else -1
        findings += sequence_findings(doc, [m for m in heading_marks(doc, second_number, part.span) if m.start != own])
        for section in part.sections:
            findings += sequence_findings(doc, marker_marks(doc, section.span))
    return findings


def heading_marks(doc: Document, find, span: tuple[int, int]) -> list[Mark]:
    """Numbered heading lines (by top_number or second_number) starting inside an original span."""
    marks = []
    for line in doc.lines:
        offset = line.traced.span[0]
        if not line.table and span[0] <= offset < span[1] and (heading := find(line.text)):
            i = doc.index(offset)
            marks.append(Mark(heading.number, heading.chinese, i, i + heading.size, doc.cleaned.text[i:i + heading.size]))
    return marks


def marker_marks(doc: Document, span: tuple[int, int]) -> list[Mark]:
    """Inline 一是、二是 … markers inside an original span."""
    i, j = doc.region(span)
    return [Mark(numeral_value(m.group(1)), True, m.start(), m.end(), m.group())
            for m in MARKER_RE.finditer(doc.cleaned.text, i, j) if numeral_value(m.group(1))]


def numbering_runs(marks: list[Mark]) -> list[list[Mark]]:
    """Chinese and Arabic numbers count separately, except “1、…二、…三、” where 1 opens the Chinese count."""
    chinese = [m for m in marks if m.chinese]
    arabic = [m for m in marks if not m.chinese]
    lead = [m for m in arabic if chinese and m.start < chinese[0].start]
    if lead and [m.number for m in lead] == list(range(1, chinese[0].number)):
        return [lead + chinese, arabic[len(lead):]]
    return [chinese, arabic]


def sequence_findings(doc: Document, marks: list[Mark]) -> list[Finding]:
    """Skips (一、二、四) and repeats (二、二) in each run; a run may start again at 1 (a new list)."""
    findings = []
    for run in numbering_runs(marks):
        previous = 0
        for mark in run:
            if mark.number > previous + 1:
                findings.append(numbering_finding(doc, mark, previous, "跳过了序号"))
            elif mark.number <= previous and mark.number != 1:
                findings.append(numbering_finding(doc, mark, previous, "序号重复或倒序"))
            previous = mark.number
    return findings


def numbering_finding(doc: Document, mark: Mark, previous: int, problem: str) -> Finding:
    """A finding for a number out of sequence, suggesting the one that should stand there."""
    expected = renumbered(mark.label, previous + 1, mark.chinese)
    before = f"前一个序号是{renumbered(mark.label, previous, mark.chinese)}" if previous else "前面没有更小的序号"
    return doc.finding("numbering", mark.start, mark.end, f"{problem}：“{mark.label}”，{before}。",
                       f"改为“{expected}”，其后的序号依次顺延")


def renumbered(label: str, number: int, chinese: bool) -> str:
    """The label with another number in the same style: （二） -> （三）, 4是 stays Chinese."""
    return re.sub(r"[一二三四五六七八九十]+|\d+", chinese_number(number) if chinese else str(number), label, count=1)


# ---------------------------------------------------------------- years

YEAR_RE = re.compile(r"(?<!\d)(\d{4})年")
# Titles and periods (《纲要（2021—2025年）》, 2021-2025年) name no year of the report.
NOT_A_YEAR_RE = re.compile(r"《[^《》\n]*》|\d{4}\s*[-—–～~至到]\s*\d{4}\s*年?")
OPENING_YEAR_RE = re.compile(r"(\d{4})年度?(?:以来)?[，,]")
REPORTING_RE = re.compile(r"现将[^。\n]{0,30}?(\d{4})年[^。\n]{0,40}?报告如下")
PLAN_OPENING_RE = re.compile(r"(?:^|(?<=[。！？\n]))(\d{4})年度?(?:是|，|,|我局|全局|将)")


def years_in(doc: Document, i: int, j: int) -> list[tuple[int, int, int]]:
    """(year, start, end) of the years written in cleaned positions i..j, outside titles and periods."""
    masked = NOT_A_YEAR_RE.sub(lambda m: "□" * len(m.group()), doc.cleaned.text[:j])
    return [(int(m.group(1)), m.start(1), m.end()) for m in YEAR_RE.finditer(masked, i, j)]


def line_end(doc: Document, i: int) -> int:
    """The end of the cleaned paragraph (a heading is one) holding position i."""
    end = doc.cleaned.text.find("\n", i)
    return end if end >= 0 else len(doc.cleaned.text)


def year_finding(doc: Document, start: int, end: int, found: int, expected: int, what: str) -> Finding:
    return doc.finding("year", start, end, f"{what}应为{expected}年，这里写的是{found}年（报告年度为{doc.year}年）。",
                       f"改为“{expected}年”")


def check_years(doc: Document) -> list[Finding]:
    """Years that contradict the report's year: title, part headings, opening, plans, date."""
    if not doc.year:
        return []
    return (title_years(doc) + heading_years(doc) + opening_years(doc)
            + plan_years(doc) + date_year(doc))


def title_years(doc: Document) -> list[Finding]:
    """The years in the title (the lines before the body) are the report's year."""
    end = doc.index(doc.body_parts[0].span[0]) if doc.body_parts else 0
    # A date in the header (成文日期 under the title) is no statement of the report's year.
    title = [(y, s, e) for y, s, e in years_in(doc, 0, end) if not re.match(r"\d{1,2}月", doc.cleaned.text[e:e + 3])]
    return [year_finding(doc, s, e, y, doc.year, "标题中的年度") for y, s, e in title if y != doc.year]


def heading_years(doc: Document) -> list[Finding]:
    """A year in a part heading: the plan year in the plans part, the report's year elsewhere."""
    findings = []
    for part in doc.body_parts:
        if not part.heading:
            continue
        i = doc.index(part.span[0])
        expected, what = (doc.plan_year, "工作计划部分标题中的年度") if part.part == "plans" else (doc.year, "部分标题中的年度")
        findings += [year_finding(doc, s, e, y, expected, what) for y, s, e in years_in(doc, i, line_end(doc, i)) if y != expected]
    return findings


def opening_years(doc: Document) -> list[Finding]:
    """The opening's time frame (“2023年以来，”) and “现将2023年…报告如下” name the report's year."""
    findings = []
    for part in (p for p in doc.body_parts if p.part == "preamble"):
        i, j = doc.region(part.span)
        text = doc.cleaned.text
        for m in [OPENING_YEAR_RE.match(text, i, j), *REPORTING_RE.finditer(text, i, j)]:
            if m and int(m.group(1)) != doc.year:
                findings.append(year_finding(doc, m.start(1), m.end(1) + 1, int(m.group(1)), doc.year, "开头所述年度"))
    return findings


def plan_years(doc: Document) -> list[Finding]:
    """A sentence in the plans part that opens with a year (“2023年，我局将…”) means the plan year."""
    findings = []
    for part in (p for p in doc.body_parts if p.part == "plans"):
        i, j = doc.region(part.span)
        for m in PLAN_OPENING_RE.finditer(doc.cleaned.text, i, j):
            if int(m.group(1)) != doc.plan_year:
                findings.append(year_finding(doc, m.start(1), m.end(1) + 1, int(m.group(1)), doc.plan_year, "工作计划所说的下一年度"))
    return findings


def date_year(doc: Document) -> list[Finding]:
    """The report is dated in its own year or early in the next one."""
    closing = next((p for p in doc.report.parts if p.part == "closing"), None)
    if not closing or not doc.report.date:
        return []
    i, j = doc.region(closing.span)
    found = doc.cleaned.text.find(doc.report.date, i, j)
    dated = int(doc.report.date[:4]) if doc.report.date[:4].isdigit() else None
    if found < 0 or dated in (None, doc.year, doc.plan_year):
        return []
    return [doc.finding("year", found, found + 4 + 1, f"落款日期为{dated}年，与报告年度{doc.year}年不符（通常为次年年初）。",
                        f"核对落款日期，通常为“{doc.plan_year}年×月×日”")]


# ---------------------------------------------------------------- missing parts

def check_parts(doc: Document) -> list[Finding]:
    """A standard part (measures, leader duty, shortcomings, plans) that no heading covers."""
    findings, covered = [], covered_parts(doc)
    for part_id in REQUIRED_PARTS:
        if part_id not in covered:
            label = label_of(PARTS, part_id)
            i = insertion_point(doc, part_id)
            findings.append(doc.finding("missing_part", i, i, f"缺少“{label.name}”部分（年度报告的四个基本部分之一）。",
                                        f"在此处增加一部分“{label.name}”，或在相应部分的标题中写明"))
    return findings


def covered_parts(doc: Document) -> set[str]:
    """Part ids present as parts, or named in a section heading (leader duty also in an item heading)."""
    found = {part.part for part in doc.report.parts}
    headings = [section.heading for part in doc.body_parts for section in part.sections] + [p.heading for p in doc.body_parts]
    items = [item.heading for part in doc.body_parts for section in part.sections for item in section.items]
    for part_id in REQUIRED_PARTS:
        keywords = label_of(PARTS, part_id).keywords
        texts = headings + items if part_id == "leader_duty" else headings
        if part_id != "measures" and any(k in text for k in keywords for text in texts):
            found.add(part_id)
    return found


def insertion_point(doc: Document, part_id: str) -> int:
    """Where a missing part belongs: before the first later part in the standard order, else at the end."""
    order = [label.id for label in PARTS]
    later = [p for p in doc.report.parts if order.index(p.part) > order.index(part_id)]
    return doc.index(later[0].span[0]) if later else len(doc.cleaned.text)


# ---------------------------------------------------------------- outdated plans

TITLE_RE = re.compile(r"《[^《》\n]{2,80}》")
PERIOD_RE = re.compile(r"[（(]?\s*(\d{4})\s*[-—–～~至到]\s*(\d{4})\s*年?\s*[)）]?")
ORDINAL_RE = re.compile(r"[“\"]([一二三四五六七八九十]{2,3})[”\"]")
ORDINAL_PLAN_RE = re.compile(r"[“\"]([一二三四五六七八九十]{2,3})[”\"](?:普法)?规划")


def check_outdated(doc: Document) -> list[Finding]:
    """Plans and guidelines cited with a period that ended before the report's year."""
    if not doc.year:
        return []
    text, findings = doc.cleaned.text, []
    cited = [(m, plan_end(m.group())) for m in TITLE_RE.finditer(text)]
    cited += [(m, period_end(m.group(1))) for m in ORDINAL_PLAN_RE.finditer(text) if not in_title(text, m.start())]
    for m, end in cited:
        if end and end < doc.year:
            findings.append(doc.finding("outdated", m.start(), m.end(), f"“{m.group()}”的期限到{end}年为止，{doc.year}年已不适用。",
                                        replacement(m.group(), doc.year)))
    return findings


def plan_end(title: str) -> int | None:
    """The last year of the period a title names: （2015—2020年） or “十三五”."""
    if period := PERIOD_RE.search(title):
        return int(period.group(2))
    ordinal = ORDINAL_RE.search(title)
    return period_end(ordinal.group(1)) if ordinal else None


def period_end(ordinal: str) -> int | None:
    """The last year of a numbered plan period (“十三五” -> 2020) from the phrase table."""
    period = load_phrases().get("periods", {}).get(ordinal)
    return period[1] if period else None


def replacement(title: str, year: int) -> str:
    """The current version of an outdated plan when the phrase table knows it, else what to check."""
    stem = lambda t: PERIOD_RE.sub("", t)
    for current in load_phrases().get("current", []):
        period = PERIOD_RE.search(current)
        if stem(current) == stem(title) and period and int(period.group(1)) <= year <= int(period.group(2)):
            return f"改为现行的{current}"
    return f"核对该文件在{year}年是否仍然有效，改引现行版本或删去"


RULES = (check_phrases, check_placeholders, check_balance, check_duplicates, check_numbering,
         check_years, check_parts, check_outdated, *FORM_RULES)
