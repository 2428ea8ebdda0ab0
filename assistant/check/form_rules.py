"""Proofreading rules for text that is not yet in the report's register: notes pasted as they came
(spaces between words, + and /, “名目：内容”), spoken words, a lone 一是, a heading its body
repeats, a time frame twice in one sentence. Each applies to a whole report and to any section or
pasted paragraph alike.

The word lists are assistant/data/register.yaml. Rules receive a proofread.Document and return its
Findings; they read the cleaned text, except the space rule, which must see the spaces cleaning removes.
"""

import re
from functools import lru_cache

import yaml

from assistant.kb.formats import is_chrome
from assistant.wordlists import DATA_DIR

REGISTER_FILE = DATA_DIR / "register.yaml"
HAN = "\u4e00-\u9fff"
FORM_KIND_NAMES = {"notes": "笔记式写法", "register": "口语化用词", "lone_item": "单独的“一是”",
                   "echo": "标题与正文重复", "time_frame": "时间状语重复"}


@lru_cache(maxsize=1)
def load_register() -> dict:
    """The register table (assistant/data/register.yaml), read once, its patterns compiled."""
    table = yaml.safe_load(REGISTER_FILE.read_text(encoding="utf-8"))
    for entry in table["colloquial"]:
        entry["re"] = re.compile(entry["pattern"])
        entry["unless_re"] = re.compile(entry["unless"]) if entry.get("unless") else None
    return table


QUOTED_RE = re.compile(r"“[^“”\n]*”|《[^《》\n]*》|\"[^\"\n]*\"|「[^「」\n]*」")


def masked(text: str) -> str:
    """The text with quoted words and titles blanked (same length): they are cited as written."""
    return QUOTED_RE.sub(lambda m: m.group()[0] + "□" * (len(m.group()) - 2) + m.group()[-1], text)


def sentences(text: str, ends: str = "。！？\n") -> list[tuple[int, int]]:
    """(start, end) of each sentence of text, its closing mark included."""
    return [(m.start(), m.end()) for m in re.finditer(rf"[^{ends}]+[{ends}]?", text)]


# ---------------------------------------------------------------- notes: spaces, symbols, colons

# A date after a space (示例县司法局 2025年1月20日) is a signature line, not a note.
SPACE_IN_NOTE_RE = re.compile(rf"(?<=[{HAN}])[ \t\u3000]+(?=[{HAN}]|(?!\d{{4}}年)\d+(?:\.\d+)?[{HAN}])")
# A line of prose, or of notes with counts (企业412家次): titles and web chrome are neither.
PROSE_LINE_RE = re.compile(rf"[，。；：、！？]|\d[{HAN}]")


def check_note_spaces(doc) -> list:
    """Spaces between Chinese words (执法检查 企业412家次): notes left as they were jotted."""
    findings = []
    for line in re.finditer(r"[^\n]+", doc.text):
        text = masked(line.group())
        if is_chrome(text.strip()) or not PROSE_LINE_RE.search(text):
            continue
        for start, end in sentences(text, "。！？；"):
            runs = list(SPACE_IN_NOTE_RE.finditer(text, start, end))
            if runs:
                a, b = line.start() + runs[0].start(), line.start() + runs[-1].end()
                findings.append(doc.original_finding(
                    "notes", a, b, "汉字之间留有空格，像是未改写的笔记（如“执法检查 企业412家次”）。",
                    "去掉空格，改写成带动词的完整句子，如“开展执法检查，检查企业412家次”"))
    return findings


NOTE_SYMBOL_RE = re.compile(rf"(?<=[{HAN}\d]) ?(?P<symbol>[+＋/／]) ?(?=[{HAN}\d])")


def check_note_symbols(doc) -> list:
    """+ and / between words (主会场+8个分会场, 培训/演练): note symbols where the report uses words."""
    text, table = masked(doc.cleaned.text), load_register()
    terms = [(m.start(), m.end()) for term in table["note_terms"] for m in re.finditer(re.escape(term), text)]
    findings = []
    for m in NOTE_SYMBOL_RE.finditer(text):
        i, symbol = m.start("symbol"), m.group("symbol")
        if not re.search(f"[{HAN}]", text[m.start() - 1] + text[m.end()]):
            continue  # 2024/5/1: a date, not a note
        if any(a <= i < b for a, b in terms) or per_unit(text, i, table["note_units"]):
            continue
        word = "和" if symbol in "+＋" else "、"
        findings.append(doc.finding("notes", i, i + 1, f"“{symbol}”是笔记符号，报告中应写成文字。",
                                    f"改为“{word}”或相应的词语"))
    return findings


@lru_cache(maxsize=1)
def run_on_pattern() -> re.Pattern:
    table = load_register()["run_on"]
    alternatives = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"\d+(?:\.\d+)?(?:{alternatives(table['measures'])})(?=已?(?:{alternatives(table['verbs'])})"
                      rf"[^\d，。；、：！？\n]{{0,8}}\d)")


def check_run_on_notes(doc) -> list:
    """企业412家次查隐患1876项: notes whose spaces were removed, one count running into the next item."""
    text, offsets = masked(doc.cleaned.text), doc.cleaned.offsets
    # Where the original has a space after the count, the space rule has said it already.
    return [doc.finding("notes", m.start(), m.end(), f"“{m.group()}”后面直接接下一项，像是去掉空格的笔记。",
                        f"在“{m.group()}”后加逗号，并把下一项写成完整的分句，如“检查企业412家次，排查隐患1876项”")
            for m in run_on_pattern().finditer(text) if offsets[m.end()] == offsets[m.end() - 1] + 1]


def per_unit(text: str, i: int, units: list[str]) -> bool:
    """Whether the / at i means “per” (元/吨, 人/次)."""
    return text[i] in "/／" and any(text.startswith(unit, i + 1) for unit in units)


def colon_note_re(leads: tuple[str, ...]) -> re.Pattern:
    # A clause that is only a label (规范性文件清理：) followed, in the same sentence, by a count (3件;
    # a date such as 到2025年底 is no count).
    not_lead = "".join(f"(?<!{re.escape(lead)})" for lead in leads)
    return re.compile(rf"(?:^|(?<=[\n。；！？，]))(?:[（(][一二三四五六七八九十\d]{{1,3}}[）)]|[一二三四五六七八九十]{{1,3}}是)?(?:我局|本局)?"
                      rf"(?P<label>[{HAN}]{{2,12}}){not_lead}[：:](?=[^。\n]*?\d+(?:\.\d+)?(?![\d.年月日时号])[{HAN}%])")


@lru_cache(maxsize=1)
def colon_pattern() -> re.Pattern:
    return colon_note_re(tuple(load_register()["colon_leads"]))


def check_colon_notes(doc) -> list:
    """“规范性文件清理：清理3件，废止1件”: a label and a colon where a sentence has a verb."""
    text = masked(doc.cleaned.text)
    return [doc.finding("notes", m.start("label"), m.end(), f"“{m.group('label')}：”是“名目：内容”式的笔记。",
                        f"去掉冒号，改写成带动词的句子，如“规范性文件清理：清理3件”写作“清理规范性文件3件”")
            for m in colon_matches(text)]


COLON_WINDOW = 24  # the longest prefix and label the pattern allows before a colon
SENTENCE_END_RE = re.compile("[。\n]")


def colon_matches(text: str) -> list[re.Match]:
    """The pattern's matches, tried only in the sentence around each colon (the pattern is slow to scan)."""
    found: dict[int, re.Match] = {}
    for colon in re.finditer("[：:]", text):
        end = SENTENCE_END_RE.search(text, colon.end())
        window_end = end.start() if end else len(text)
        m = colon_pattern().search(text, max(0, colon.start() - COLON_WINDOW), window_end)
        if m and m.end() == colon.end():
            found[m.end()] = m
    return list(found.values())


# ---------------------------------------------------------------- spoken words

def check_colloquial(doc) -> list:
    """Spoken words from the register table (只有, 还是…为主, 用得不够, 刚起步, 搞了) with the report's wording."""
    text, findings = masked(doc.cleaned.text), []
    bounds = sentences(text)
    for entry in load_register()["colloquial"]:
        for m in entry["re"].finditer(text):
            sentence = next(text[a:b] for a, b in bounds if a <= m.start() < b)
            if entry["unless_re"] and entry["unless_re"].search(sentence):
                continue
            formal = entry["formal"].format(**m.groupdict())
            findings.append(doc.finding("register", m.start(), m.end(), f"“{m.group()}”是口语说法，不合报告语体。",
                                        f"改为“{formal}”"))
    return findings


# ---------------------------------------------------------------- a lone 一是

MARKER_RE = re.compile(r"(?:^|(?<=[。；：，！？\n]))([一二三四五六七八九十]{1,3})是")
HEADING_START_RE = re.compile(r"(?:^|(?<=\n))(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．])")


def check_lone_items(doc) -> list:
    """一是 with no 二是 before the next 一是 or the next heading: an enumeration of one."""
    text, findings = doc.cleaned.text, []
    firsts = [m for m in MARKER_RE.finditer(text) if m.group(1) == "一"]
    headings = [m.start() for m in HEADING_START_RE.finditer(text)]
    for n, first in enumerate(firsts):
        ends = [m.start() for m in firsts[n + 1:n + 2]] + [h for h in headings if h > first.start()][:1] + [len(text)]
        scope = text[first.end():min(ends)]
        if not any(m.group(1) == "二" for m in MARKER_RE.finditer(scope)):
            findings.append(doc.finding("lone_item", first.start(), first.end(), "只有“一是”，没有“二是”：一项内容不必编号。",
                                        "删去“一是”，或把其余内容列为“二是”“三是”"))
    return findings


# ---------------------------------------------------------------- a heading its body repeats

LABEL_RE = re.compile(r"(?:^|(?<=\n))(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．])\s*"
                      r"|(?:^|(?<=[\n。；]))[一二三四五六七八九十]{1,3}是")
ECHO_MIN = 4  # shorter headings (“概况”) may well open their body
ECHO_SPAN = 8  # this many opening characters of the heading's first clause, repeated, make an echo


HEADING_END_RE = re.compile(r"[。\n]")
SPACES_RE = re.compile(r"\s*")
ITEM_LABEL_RE = re.compile(r"[一二三四五六七八九十]{1,3}是")


def check_echoes(doc) -> list:
    """（二）全面实施新修订的突发事件应对法。全面实施新修订的…: the body (or its 一是) opens with a clause of its heading."""
    text, findings = doc.cleaned.text, []
    for m in LABEL_RE.finditer(text):
        heading_end = HEADING_END_RE.search(text, m.end())
        if not heading_end:
            continue
        i = SPACES_RE.match(text, heading_end.end()).end()
        # A section's body may open with its 一是; an item's next item (二是) is no body of its own.
        label = None if m.group().endswith("是") else ITEM_LABEL_RE.match(text, i)
        i = label.end() if label else i
        for clause in re.split(r"[，,]", text[m.end():heading_end.start()]):
            if len(clause) >= ECHO_MIN and text.startswith(clause[:ECHO_SPAN], i):
                findings.append(doc.finding("echo", i, i + len(clause[:ECHO_SPAN]), f"正文开头重复了标题中的“{clause}”。",
                                            "正文直接写做法和成效，不要复述标题"))
                break
    return findings


# ---------------------------------------------------------------- a time frame twice in a sentence

@lru_cache(maxsize=1)
def frame_pattern() -> re.Pattern:
    frames = sorted(load_register()["time_frames"], key=len, reverse=True)
    words = "|".join(re.escape(f).replace(re.escape("{year}"), r"20\d{2}") for f in frames)
    # Only a frame opening a clause governs it; “全年目标”, “2024年5月” are no frames.
    return re.compile(rf"(?:^|(?<=[，；：、])|(?<=[一二三四五六七八九十]是))(?:{words})(?![\d月日号初底末中工目任计度重要考的是])")


def check_time_frames(doc) -> list:
    """“全年，我局…，全年审核67件”: a second time frame in a sentence that already has one."""
    text, findings = doc.cleaned.text, []
    for start, end in sentences(text, "。！？；\n"):
        frames = list(frame_pattern().finditer(text[start:end]))
        for second in frames[1:]:
            first = frames[0].group()
            findings.append(doc.finding("time_frame", start + second.start(), start + second.end(),
                                        f"一句话中两次出现时间状语（“{first}”……“{second.group()}”）。",
                                        f"只在句首保留“{first}”，删去这里的“{second.group()}”"))
    return findings


FORM_RULES = (check_note_spaces, check_run_on_notes, check_note_symbols, check_colon_notes, check_colloquial, check_lone_items,
              check_echoes, check_time_frames)
