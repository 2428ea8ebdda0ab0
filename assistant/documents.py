"""Past reports: read files (txt/md/docx/pdf), clean them and parse their structure.

The model: Report -> Part (canonical part id) -> Section (topic) -> Item (a paragraph,
an inline 一是 item, or table rows). Every span indexes into Report.text, the text as read
from the file, so a passage can be shown and cited in its original form.
"""

from dataclasses import asdict, dataclass, field

Span = tuple[int, int]


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
    """A top-level part, mapped to a canonical part id (assistant.taxonomy.PARTS)."""

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
    bureau: str = ""
    level: str = ""  # 市 / 区 / 县 …
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
