"""The parsed report's data types, shared by parsing (documents, metadata) and every stage after it.

The model: Report -> Part (canonical part id) -> Section (topic) -> Item (a paragraph,
an inline 一是 item, or table rows). Every span indexes into Report.text, the text as read
from the file, so a passage can be shown and cited in its original form.
"""

from dataclasses import asdict, dataclass, field

from assistant.kb.formats import Span
from assistant.kb.taxonomy import PARTS, TOPICS, label_of


@dataclass
class Item:
    """The smallest citable unit: a paragraph, an inline 一是 item, or a table's rows."""

    kind: str  # "paragraph" | "item" | "table"
    text: str  # cleaned text (no markdown emphasis, lines re-joined)
    span: Span
    label: str = ""  # "一是" for inline items
    heading: str = ""  # an item's first clause; a table's header row


@dataclass
class Section:
    """A second-level section ("（一）…"), or the whole body of a part without such headings."""

    heading: str
    topic: str
    items: list[Item]
    span: Span
    label: str = ""  # "（一）", "(1)" …


@dataclass
class Part:
    """A top-level part, mapped to a canonical part id (assistant.kb.taxonomy.PARTS)."""

    heading: str
    part: str
    sections: list[Section]
    span: Span
    label: str = ""  # "一、", "1、" …


@dataclass
class Report:
    """One parsed report with its metadata."""

    source: str  # file name, the document's id in the knowledge base
    text: str  # the text as read from the file
    title: str = ""
    bureau: str = ""  # the author: a bureau, a government, a 街道 …
    level: str = ""  # 省 / 市 / 区县 / 乡镇街道
    kind: str = ""  # 应急管理 / 司法行政 / 人民政府 / 街道 … (assistant/data/organs.yaml)
    issuer: str = ""  # the letterhead's organ (某区应急管理局文件)
    year: int | None = None  # the year the report covers
    doc_number: str = ""
    addressee: str = ""
    signature: str = ""
    date: str = ""
    parts: list[Part] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The structure tree as printed by `report-assistant parse --json`."""
        tree = asdict(self)
        del tree["text"]
        return tree

    def outline(self) -> list[str]:
        """A readable Chinese outline: metadata, then parts and sections with topic and item count."""
        lines = [self.title or self.source,
                 f"单位：{self.bureau or '未识别'}（{self.level or '?'}级，{self.kind or '类别未识别'}）  年度：{self.year or '未识别'}  文号：{self.doc_number or '无'}"]
        for part in self.parts:
            lines.append(f"【{label_of(PARTS, part.part).name}】{part.label}{part.heading}")
            for section in part.sections:
                heading = f"{section.label}{section.heading}" or "（正文）"
                lines.append(f"    {heading}  〔{label_of(TOPICS, section.topic).name}〕 {len(section.items)} 条")
        return lines


def cover(spans: list[Span]) -> Span:
    """The smallest span holding all the given spans."""
    spans = [s for s in spans if s != (0, 0)]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else (0, 0)
