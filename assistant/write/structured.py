"""The model's structured reply: {"subheading", "items": [{"heading", "text", "fact_ids"}]}.

Asked for through response_format (a JSON schema or JSON mode) where the endpoint supports it,
parsed leniently from text where it does not (code fences, prose around it, a reply cut off
half-way). Code, not the model, numbers the items (一是 / （一）) in the form of each part, and
checks that every item cites facts that exist and hold its numbers.
"""

import json
import re
from dataclasses import dataclass, field

from langchain_core.utils.json import parse_partial_json

from assistant.check.facts import Fact
from assistant.kb.formats import chinese_number
from assistant.check.numbers import SUPPORTED, check_numbers

ITEM_SCHEMA = {
    "type": "object",
    "properties": {"heading": {"type": "string"}, "text": {"type": "string"},
                   "fact_ids": {"type": "array", "items": {"type": "string"}}},
    "required": ["heading", "text", "fact_ids"], "additionalProperties": False,
}
SECTION_SCHEMA = {
    "type": "object",
    "properties": {"subheading": {"type": "string"}, "items": {"type": "array", "items": ITEM_SCHEMA}},
    "required": ["subheading", "items"], "additionalProperties": False,
}
RESPONSE_FORMATS = {
    "text": None,
    "json_object": {"type": "json_object"},
    "json_schema": {"type": "json_schema",
                    "json_schema": {"name": "report_section", "strict": True, "schema": SECTION_SCHEMA}},
}
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[.、．]|[一二三四五六七八九十]+、)\s*")
_FACT_REF = re.compile(r"[（(]?\bF\d+(?:\s*[、,，/]\s*F\d+)*\b[)）]?")
_FACT_ID = re.compile(r"F?(\d+)$")


@dataclass
class Item:
    """One 一是 item: its heading clause, its text and the ids of the facts it states."""

    heading: str
    text: str
    fact_ids: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A parsed reply; `structured` is False when the model wrote prose instead of JSON."""

    subheading: str = ""
    items: list[Item] = field(default_factory=list)
    structured: bool = True
    raw: str = ""

    def to_json(self) -> str:
        items = [{"heading": i.heading, "text": i.text, "fact_ids": i.fact_ids} for i in self.items]
        return json.dumps({"subheading": self.subheading, "items": items}, ensure_ascii=False)


def response_format(kind: str) -> dict | None:
    """The response_format to send for a setting value: None, JSON mode, or the section's schema."""
    if kind not in RESPONSE_FORMATS:
        from assistant.errors import ConfigError
        raise ConfigError(f"REPORT_LLM_RESPONSE_FORMAT 只能是 {'、'.join(RESPONSE_FORMATS)}，当前为“{kind}”。")
    return RESPONSE_FORMATS[kind]


def parse_section(reply: str) -> Section:
    """The section in a reply: JSON (whole, fenced, among prose, or cut off), else the prose itself."""
    start = reply.find("{")
    data = _load(reply[start:]) if start >= 0 else None
    if not isinstance(data, dict) or not isinstance(data.get("items", []), list):
        return Section(structured=False, raw=reply.strip())
    items = [_item(i) for i in data.get("items") or []]
    return Section(_clean(str(data.get("subheading") or "")), [i for i in items if i.text or i.heading], raw=reply)


def _load(text: str):
    """JSON from the first brace on: exact, then up to the last brace, then as a partial object."""
    for candidate in (text, text[:text.rfind("}") + 1]):
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    try:
        return parse_partial_json(text, strict=False)
    except ValueError:
        return None


def _item(raw) -> Item:
    """An item as the model wrote it, or a bare string, with fact ids normalised to F1, F2 …"""
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict):
        return Item("", "")
    ids = raw.get("fact_ids") or []
    ids = re.split(r"[、,，\s]+", ids) if isinstance(ids, str) else ids
    text = str(raw.get("text") or "")
    ids = [*ids, *re.findall(r"F\d+", "".join(_FACT_REF.findall(text)))]
    normal = [f"F{m[1]}" for m in (_FACT_ID.match(str(i).strip()) for i in ids) if m]
    return Item(_clean(str(raw.get("heading") or "")), _FACT_REF.sub("", text).strip(), list(dict.fromkeys(normal)))


def _clean(heading: str) -> str:
    """A heading without the numbering or closing punctuation the model may have added."""
    return _NUMBERING.sub("", heading.strip()).rstrip("。；;，,.：: ")


def render(section: Section, part: str, final: bool = True) -> str:
    """The section's text in its part's form; `final` False while the reply is still arriving."""
    if not section.structured:
        return section.raw
    items = section.items
    if part == "preamble":
        return "".join(_end(i.text, final or n < len(items) - 1) for n, i in enumerate(items))
    lines = [_numbered(part, n, item, final or n < len(items) - 1) for n, item in enumerate(items)]
    if part == "plans":
        return "\n".join(lines)
    body = "".join(lines)
    if part in ("measures", "highlights"):
        return f"{section.subheading}\n{body}".strip() if section.subheading else body
    opening = _end(section.subheading, True) if section.subheading else ""
    return opening + body


def _numbered(part: str, n: int, item: Item, complete: bool) -> str:
    label = f"（{chinese_number(n + 1)}）" if part == "plans" else f"{chinese_number(n + 1)}是"
    heading = f"{item.heading}。" if item.heading and (item.text or complete) else item.heading
    return label + heading + _end(_NUMBERING.sub("", item.text), complete)


def _end(text: str, complete: bool) -> str:
    """Text closed with a full stop once complete (a colon or stop already there stays)."""
    text = text.strip()
    if not complete or not text:
        return text
    return text if text[-1] in "。：:！？" else text.rstrip("；;，,") + "。"


def citation_problems(section: Section, facts: list[Fact], year: int | None) -> list[str]:
    """Items that cite no fact, a fact that does not exist, or facts that do not hold their numbers."""
    if not section.structured or not facts:
        return []
    known = {f.id: f for f in facts}
    problems = []
    for n, item in enumerate(section.items, 1):
        where = f"第{n}条（{(item.heading or item.text)[:16]}）"
        missing = [i for i in item.fact_ids if i not in known]
        if not item.fact_ids:
            problems.append(f"{where}没有注明所依据的事实编号")
        elif missing:
            problems.append(f"{where}引用了不存在的事实 {'、'.join(missing)}")
        else:
            problems += [f"{where}的「{q}」不在所引事实（{'、'.join(item.fact_ids)}）中"
                         for q in miscited(item, [known[i] for i in item.fact_ids], facts, year)]
    return problems


def miscited(item: Item, cited: list[Fact], facts: list[Fact], year: int | None) -> list[str]:
    """Numbers of the item that some fact supports but none of the facts it cites."""
    if not item.text.strip():
        return []
    against_all = check_numbers(item.text, facts, year=year).mentions
    against_cited = check_numbers(item.text, cited, year=year).mentions
    return [a.quantity.text for a, c in zip(against_all, against_cited)
            if a.status == SUPPORTED and c.status != SUPPORTED]


def uncited_facts(section: Section, facts: list[Fact]) -> list[str]:
    """Ids of the facts that no item cites."""
    if not section.structured:
        return []
    cited = {i for item in section.items for i in item.fact_ids}
    return [f.id for f in facts if f.id not in cited]
