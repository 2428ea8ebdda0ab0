"""Drafting a section: retrieve examples, compose with a drafter, verify every number, repair.

Both drafters (the LLM one and the offline composer) share the `Drafter` protocol; nothing
downstream asks which one it got.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from .claims import NameClaim, check_draft
from .facts import Fact
from .index import Hit, KnowledgeBase
from .lastyear import Change, LastYear, review_check
from .numbers import CheckResult, Mention
from .taxonomy import PARTS, TOPICS, classify_topic, label_of

EXAMPLES_PER_DRAFT = 8
MAX_REPAIRS = 2
_FENCE = re.compile(r"^```[a-z]*\n|\n```$")
_PREFACE = re.compile(r"^(以下是|下面是|好的|当然)[^\n]*[：:]\s*\n")
PARTS_WITH_TOPICS = ("measures", "highlights")


@dataclass
class DraftRequest:
    """What to draft: a part (and topic), the bureau's facts, and who writes it for which year."""

    part: str
    facts: list[Fact]
    topic: str = ""
    bureau: str = ""
    year: int | None = None
    # What the draft's numbers are checked against when it has no facts of its own (an opening
    # drafted from the framing alone is checked against the whole report's facts).
    context_facts: list[Fact] = field(default_factory=list, repr=False)
    # The bureau's previous report (assistant/lastyear.py) and the 同比 the person ticked.
    last_year: LastYear | None = field(default=None, repr=False)
    changes: list[Change] = field(default_factory=list, repr=False)

    def __post_init__(self):
        label_of(PARTS, self.part)  # KeyError for an unknown part, checked by callers
        if not self.topic:
            self.topic = infer_topic(self.part, self.facts)

    @property
    def part_name(self) -> str:
        return label_of(PARTS, self.part).name

    @property
    def topic_name(self) -> str:
        return label_of(TOPICS, self.topic).name


@dataclass
class Draft:
    """A drafted section with its number check and the examples it was written from."""

    text: str
    check: CheckResult
    sources: list[Hit]
    backend: str
    tokens: int = 0
    repairs: int = 0
    notice: str = ""  # why the result is not what was asked (e.g. the model failed, offline used)
    request: DraftRequest | None = field(default=None, repr=False)

    def to_dict(self) -> dict:
        return {"text": self.text, "check": self.check.to_dict(),
                "sources": [source_dict(h) for h in self.sources], "backend": self.backend,
                "tokens": self.tokens, "repairs": self.repairs, "notice": self.notice}


def source_dict(hit: Hit) -> dict:
    return {"source": hit.source, "bureau": hit.bureau, "year": hit.year, "heading": hit.heading_path}


class Drafter(Protocol):
    """What every drafter does; `backend` is "llm" or "offline"."""

    backend: str

    def select_examples(self, request: DraftRequest, examples: list[Hit]) -> list[Hit]: ...

    def compose(self, request: DraftRequest, examples: list[Hit]) -> str: ...

    def stream(self, request: DraftRequest, examples: list[Hit]) -> Iterator[str]: ...

    def repair(self, request: DraftRequest, examples: list[Hit], text: str,
               problems: list[Mention | NameClaim]) -> str: ...

    def tokens_sent(self) -> int: ...


def infer_topic(part: str, facts: list[Fact]) -> str:
    """The topic of a measures or highlights section, from its facts' own ### headings or words."""
    if part not in PARTS_WITH_TOPICS:
        return "general"
    for fact in facts:
        if fact.topic:
            try:
                return label_of(TOPICS, fact.topic).id
            except KeyError:
                break
    return classify_topic(" ".join(f.text for f in facts))


def find_examples(kb: KnowledgeBase | None, request: DraftRequest, k: int = EXAMPLES_PER_DRAFT) -> list[Hit]:
    """Passages of the same part and topic, the bureau's own first, then the most recent years."""
    if kb is None or kb.count() == 0:
        return []
    query = f"{request.part_name} {request.topic_name} " + " ".join(f.text for f in request.facts)[:300]
    topic = request.topic if request.part in PARTS_WITH_TOPICS else None
    hits = kb.search(query, k * 2, part=request.part, topic=topic) or kb.search(query, k * 2, part=request.part)
    own = kb.search(query, k, part=request.part, topic=topic, bureau=request.bureau) if request.bureau else []
    merged = {(h.source, h.start): h for h in own + hits}.values()
    ranked = sorted(merged, key=lambda h: (h.bureau != request.bureau, -(h.year or 0), -h.score))
    return ranked[:k]


def verify(text: str, request: DraftRequest, examples: list[Hit]) -> CheckResult:
    """The check of a draft's numbers and names, told which examples it was written from."""
    facts = request.facts or request.context_facts
    check = check_draft(text, facts, year=request.year, examples=[h.text for h in examples], bureau=request.bureau)
    return review_check(check, text, facts, request.last_year)


def draft_section(request: DraftRequest, drafter: Drafter, kb: KnowledgeBase | None,
                  max_repairs: int = MAX_REPAIRS) -> Draft:
    """Draft, check, and send unsupported numbers back to the drafter a bounded number of times."""
    examples = drafter.select_examples(request, find_examples(kb, request))
    return verify_and_repair(request, drafter, examples, drafter.compose(request, examples), max_repairs)


def stream_section(request: DraftRequest, drafter: Drafter, kb: KnowledgeBase | None,
                   max_repairs: int = MAX_REPAIRS) -> Iterator["str | Draft"]:
    """The draft's text so far as it streams in, then the checked (and repaired) Draft."""
    examples = drafter.select_examples(request, find_examples(kb, request))
    text = ""
    for piece in drafter.stream(request, examples):
        text += piece
        yield text
    yield verify_and_repair(request, drafter, examples, clean_reply(text), max_repairs)


def verify_and_repair(request: DraftRequest, drafter: Drafter, examples: list[Hit], text: str,
                      max_repairs: int) -> Draft:
    """Check the text; while numbers or names lack support, ask the drafter to repair them, a few rounds at most."""
    check = verify(text, request, examples)
    repairs = 0
    while not check.ok and repairs < max_repairs:
        repairs += 1
        text = drafter.repair(request, examples, text, [*check.unsupported, *check.unsupported_names])
        check = verify(text, request, examples)
    return Draft(text, check, examples, drafter.backend, drafter.tokens_sent(), repairs, request=request)


def clean_reply(text: str) -> str:
    """A reply without chat decoration: code fences, a preface line, markdown emphasis."""
    text = _FENCE.sub("", text.strip())
    text = _PREFACE.sub("", text)
    return re.sub(r"\*\*|^#+\s*", "", text, flags=re.M).strip()
