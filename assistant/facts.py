"""The bureau's input facts: pasted bullet lines, free text, a Markdown facts file or JSON.

Each fact keeps the quantities the number finder reads in it, so that a fact and a draft are
understood by exactly the same code.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .numbers import MAX_INPUT_CHARS, Quantity, find_quantities

MAX_FILE_BYTES = 2_000_000

_BULLET = re.compile(r"^\s*(?:[-*+•·●▪◦]|\d{1,3}[.、)）](?![0-9])|[（(]\d{1,3}[)）])\s*")
_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
_BINARY_MAGIC = {b"%PDF": "PDF", b"PK\x03\x04": "Word（.docx）或压缩包", b"\xd0\xcf\x11\xe0": "Word（.doc）",
                 b"\x89PNG": "图片", b"\xff\xd8\xff": "图片", b"GIF8": "图片"}


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
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise InputError("事实是空的：请每行写一条事实，例如“- 立案93起”。")
    rows = _json_rows(stripped) if stripped[:1] in "[{" else _markdown_rows(stripped)
    facts = [_fact(fid or f"F{i}", body, part, topic) for i, (fid, body, part, topic) in enumerate(rows, 1)]
    if not facts:
        raise InputError("没有读到任何事实：请每行写一条事实，例如“- 立案93起”。")
    return facts


def _fact(fact_id: str, text: str, part: str, topic: str) -> Fact:
    quantities = [q for q in find_quantities(text) if not q.ignore]
    return Fact(str(fact_id), text, quantities, part, topic)


def _markdown_rows(text: str) -> list[tuple[str, str, str, str]]:
    """(id, text, part, topic) per sentence of each line; headings become part and topic."""
    rows, part, topic = [], "", ""
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            level, title = len(heading[1]), heading[2]
            part, topic = (title, "") if level == 2 else (part, title if level >= 3 else topic)
            continue
        body = _BULLET.sub("", line, count=1).strip()
        rows += [("", s.strip(), part, topic) for s in _SENTENCE_END.split(body) if s.strip(" 。；;")]
    return rows


def _json_rows(text: str) -> list[tuple[str, str, str, str]]:
    """A JSON list of strings or of {"id", "text"} objects (or {"facts": [...]})."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"事实文件看起来是 JSON，但格式有误（第 {e.lineno} 行）：请修正，或改为每行一条事实。") from e
    items = data.get("facts") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError("JSON 事实须是字符串列表，或 {\"id\", \"text\"} 对象列表。")
    return [_json_row(item) for item in items if item]


def _json_row(item) -> tuple[str, str, str, str]:
    if isinstance(item, str):
        return "", item.strip(), "", ""
    if isinstance(item, dict) and isinstance(item.get("text"), str):
        return str(item.get("id") or ""), item["text"].strip(), item.get("part", ""), item.get("topic", "")
    raise InputError(f"JSON 事实中有一项无法识别：{str(item)[:40]}。每项应为字符串或含 text 的对象。")


def load_text(path: Path, what: str = "事实文件") -> str:
    """Read a text file (UTF-8, UTF-16 or GBK); refuse binaries and oversized files clearly."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"找不到{what}：{path}。请检查路径是否正确。")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"{what}过大（{size // 1024} KB，上限 {MAX_FILE_BYTES // 1024} KB）：请只保留需要核对的内容。")
    data = path.read_bytes()
    kind = next((name for magic, name in _BINARY_MAGIC.items() if data.startswith(magic)), "")
    if kind or (b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise InputError(f"{what}不是纯文本{f'（看起来是{kind}）' if kind else ''}：请把内容另存为 .txt 或 .md 后再试。")
    return _decode(data, what, path)


def _decode(data: bytes, what: str, path: Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"无法识别{what}的编码：{path}。请另存为 UTF-8 文本后再试。")


def load_facts(path: Path) -> list[Fact]:
    """Facts from a text file: bullets, free text, Markdown or JSON."""
    return parse_facts(load_text(path, "事实文件"))
