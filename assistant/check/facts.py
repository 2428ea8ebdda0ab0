"""The bureau's input facts: pasted bullet lines, free text, a Markdown facts file or JSON.

Each fact keeps the quantities the number finder reads in it, so that a fact and a draft are
understood by exactly the same code; a frequency (每月1次) is kept too, though a draft's own
frequencies are ignored unless a fact states one.
"""

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


from assistant.errors import AssistantError, InputError
from assistant.kb.decoding import binary_kind, decode_bytes, refuse_nul
from assistant.check.mentions import MAX_INPUT_CHARS, Quantity, find_quantities, kept_in_facts
from assistant.kb.taxonomy import classify_part_heading, topic_of_wording
from assistant.wordlists import alternation, data_file

MAX_FILE_BYTES = 2_000_000

_NUMERAL = "[一二三四五六七八九十]{1,3}"
# Bullets and numbering of any kind staff use: - * • ■ ★ √ ① 1. 1、 (1) （一） 一、 一是 第一， a)
_BULLET = re.compile(r"^\s*(?:[-*+•·●▪◦■□◆◇★☆√✓✔►▶※→]|[①-⑳]|\d{1,3}[.、)）](?![0-9])|[（(](?:\d{1,3}|"
                     + _NUMERAL + r")[)）]|" + _NUMERAL + r"(?:、|是(?=[\s\u4e00-\u9fff]))|第" + _NUMERAL
                     + r"[，,、]|[a-zA-Z][.)）](?=[\s\u4e00-\u9fff]))\s*")
_DECORATION = re.compile(r"^[\s\-—_=*~·.…|:：#]*$")  # ---, ***, ——, |---|---|: rules, not facts
_JOTTED_DATE = re.compile(r"(?:19|20)\d{2}\s*[.\-/年]\s*\d{1,2}\s*[.\-/月]\s*\d{1,2}\s*日?")
# A line of its own that heads what follows: 【存在问题】, 存在问题：, 一、主要工作, （一）行政复议
_LINE_HEADING = re.compile(r"^\s*(?:【([^】\d]{2,30})】|((?:" + _NUMERAL + r"、|[（(]" + _NUMERAL
                           + r"[)）])?\s*[^，,。；;：:\d\s][^，,。；;：:\d]{1,23})[：:]?)\s*$")
_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_SENTENCE = re.compile(r"[^。！？!?；;\n]*[^。！？!?；;\s][^。！？!?；;\n]*[。！？!?；;]?")



@dataclass
class Fact:
    """One stated fact, e.g. "立案93起", with its quantities and where it sits in a facts file."""

    id: str
    text: str
    quantities: list[Quantity] = field(default_factory=list)
    part: str = ""  # the "## " heading above it in a structured facts file
    topic: str = ""  # the "### " heading above it


def parse_facts(text: str) -> list[Fact]:
    """Facts from pasted bullets, free text, Markdown with ##/### headings, or a JSON list."""
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(f"事实内容过长（{len(text)} 字，上限 {MAX_INPUT_CHARS} 字）：请只粘贴本报告用到的事实。")
    refuse_nul(text, "事实")
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise InputError("事实是空的：请每行写一条事实，例如“- 立案93起”。")
    facts = _json_facts(stripped) if stripped[:1] in "[{" else _text_facts(stripped)
    if not facts:
        raise InputError("没有读到任何事实：请每行写一条事实，例如“- 立案93起”。")
    return facts


def _text_facts(text: str) -> list[Fact]:
    """One fact per sentence of each line. The whole text is read at once, so that a table
    row keeps its column headers (| 立案（起） |) and every number its words."""
    rows = _rows(text)
    starts = [start for start, _, _, _ in rows]
    found: list[list[Quantity]] = [[] for _ in rows]
    for q in find_quantities(text):
        i = bisect_right(starts, q.start) - 1
        if i >= 0 and q.start < rows[i][1] and kept_in_facts(q):
            found[i].append(q)
    return [Fact(f"F{n}", text[start:end].strip(), qs, part, topic)
            for n, ((start, end, part, topic), qs) in enumerate(zip(rows, found), 1)]


def _rows(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, part, topic) of each sentence of each line; headings become part and topic.
    A topic line of the staff's own (no ###) with nothing under it stays a fact: it may be one."""
    rows, part, topic, offset, waiting = [], "", "", 0, None
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        heading = _HEADING.match(line)
        level, title = (len(heading[1]), heading[2]) if heading else line_heading(line, part)
        if level:
            if waiting and level <= waiting[0] and not (rows and rows[-1][0] > waiting[1][0]):
                rows.append(waiting[1])  # the last heading line had no fact under it: it was one
            part, topic = (title, "") if level == 2 else (part, title if level >= 3 else topic)
            start = offset + len(line) - len(line.lstrip())
            waiting = None if heading or level == 2 else (level, (start, offset + len(line.rstrip()), part, topic))
        elif not _DECORATION.match(line):
            rows += _line_rows(line, offset, part, topic, number)
        offset += len(line)
    if waiting and not (rows and rows[-1][0] > waiting[1][0]):
        rows.append(waiting[1])
    return rows


def _line_rows(line: str, offset: int, part: str, topic: str, number: int) -> list[tuple[int, int, str, str]]:
    """The sentences of one line after its bullet; a line of several numbers and no words is
    refused (412 1876: which is what?), one quantity alone (100%) is a fact as before."""
    marker = _BULLET.match(line)
    rows = [(offset + m.start(), offset + m.end(), part, topic)
            for m in _SENTENCE.finditer(line, marker.end() if marker else 0) if m.group().strip(" 。；;")]
    wordless = not re.search(r"[\u4e00-\u9fffA-Za-z|]", line)  # a table row takes its words from the header
    undated = _JOTTED_DATE.sub("", line)  # 2025.1.20 under 落款 is a date, not three numbers
    if rows and wordless and len(re.findall(r"[0-9]+(?:\.[0-9]+)?", undated)) >= 2:
        raise InputError(f"第 {number} 行“{line.strip()[:30]}”只有数字，看不出是什么事实：请写明事项，"
                         "例如“检查企业412家次，排查隐患1876项”。")
    return rows


def line_heading(line: str, part: str) -> tuple[int, str]:
    """(2, title) for a line naming a part, (3, title) for one naming a topic inside the
    measures, else (0, ""): 【存在问题】, 存在问题：, 一、主要工作, （一）行政复议."""
    match = _LINE_HEADING.match(line)
    if not match or find_quantities_kept(line):
        return 0, ""
    title = (match[1] or match[2]).strip()
    plain = re.sub(r"^(?:" + _NUMERAL + r"、|[（(]" + _NUMERAL + r"[)）])\s*", "", title)
    framed = bool(match[1]) or line.rstrip().endswith(("：", ":")) or plain != title
    if _names_part(plain) and (framed or _only_heading_words(plain)):
        return 2, title
    in_measures = part and classify_part_heading(re.sub(r"^" + _NUMERAL + "、", "", part)) in ("measures", "highlights")
    # （三）应急: a short framed line is a topic of the bureau's own, decided later by its facts
    return (3, title) if in_measures and framed and (len(plain) <= 6 or _names_topic(plain)) else (0, "")


def find_quantities_kept(text: str) -> list[Quantity]:
    return [q for q in find_quantities(text) if kept_in_facts(q)]


def _names_part(plain: str) -> bool:
    """True when a heading line's words name a part of the report (存在问题, 下一步打算, 主要工作)."""
    words = heading_words()
    return classify_part_heading(plain) != "measures" or any(w in plain for w in words["measures_words"] + words["preamble_words"])


def _only_heading_words(plain: str) -> bool:
    """True when a bare line (no 【】, numbering or colon) holds nothing but heading words
    (存在问题, 下一步工作打算): 主要负责人年度述法 names a part's words but is a fact."""
    rest = re.sub(_heading_words_re(), "", plain)
    return len(rest) <= 1


@lru_cache(maxsize=1)
def _heading_words_re() -> str:
    words = heading_words()
    parts = data_file("parts.yaml")
    every = words["filler_words"] + words["measures_words"] + words["preamble_words"] + [
        w for part in parts for w in part["heading_words"] + part["facts_heading_words"]]
    return alternation(every)


def _names_topic(plain: str) -> bool:
    try:
        return topic_of_wording(plain).id != "general"
    except KeyError:
        return False


def heading_words() -> dict:
    """The words of heading lines (data/fact_headings.yaml), read once."""
    return data_file("fact_headings.yaml")


def _json_facts(text: str) -> list[Fact]:
    """A JSON list of strings or of {"id", "text"} objects (or {"facts": [...]})."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"事实文件看起来是 JSON，但格式有误（第 {e.lineno} 行）：请修正，或改为每行一条事实。") from e
    items = data.get("facts") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError("JSON 事实须是字符串列表，或 {\"id\", \"text\"} 对象列表。")
    return [_json_fact(item, n) for n, item in enumerate((i for i in items if i), 1)]


def _json_fact(item, n: int) -> Fact:
    if isinstance(item, str):
        item = {"text": item}
    if not (isinstance(item, dict) and isinstance(item.get("text"), str)):
        raise InputError(f"JSON 事实中有一项无法识别：{str(item)[:40]}。每项应为字符串或含 text 的对象。")
    text = item["text"].strip()
    quantities = [q for q in find_quantities(text) if kept_in_facts(q)] if text else []
    return Fact(str(item.get("id") or f"F{n}"), text, quantities, item.get("part", ""), item.get("topic", ""))


def load_text(path: Path, what: str = "事实文件") -> str:
    """Read a text file (UTF-8, UTF-16 with or without BOM, or GBK); refuse binaries and oversized files clearly."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"找不到{what}：{path}。请检查路径是否正确。")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"{what}过大（{size // 1024} KB，上限 {MAX_FILE_BYTES // 1024} KB）：请只保留需要核对的内容。")
    data = path.read_bytes()
    kind = binary_kind(data)
    if kind:
        raise InputError(f"{what}不是纯文本（看起来是{kind}）：请把内容另存为 .txt 或 .md 后再试。")
    text = _decode(data, what)
    refuse_nul(text, what)
    return text


def _decode(data: bytes, what: str) -> str:
    """The same decoding as report files (formats.decode_bytes), with this input's own wording."""
    try:
        return decode_bytes(data, what)
    except AssistantError as e:
        raise InputError(f"{what}不是纯文本，或编码无法识别：请把内容另存为 UTF-8 的 .txt 或 .md 后再试。") from e


def load_facts(path: Path) -> list[Fact]:
    """Facts from a text file: bullets, free text, Markdown or JSON."""
    return parse_facts(load_text(path, "事实文件"))
