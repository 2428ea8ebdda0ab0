"""Drafting a section: retrieve examples, compose with a drafter, verify every number, repair.

Both drafters (the LLM one and the offline composer) share the `Drafter` protocol; nothing
downstream asks which one it got.
"""

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from assistant.check.claims import NameClaim, check_draft
from assistant.check.facts import Fact
from assistant.kb.index import Hit, KnowledgeBase
from assistant.check.lastyear import Change, LastYear, from_last_year, review_check
from assistant.check.numbers import DERIVED, CheckResult, Mention
from assistant.kb.taxonomy import PARTS, TOPICS, classify_topic, label_of, topic_of_wording

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
    variant: int = 0  # 再来一版: another version of the same request (0 is the first)
    # What the draft's numbers are checked against when it has no facts of its own (an opening
    # drafted from the framing alone is checked against the whole report's facts).
    context_facts: list[Fact] = field(default_factory=list, repr=False)
    length_target: int = 0  # characters to aim at, from the knowledge base (the model's drafter sets it)
    # The bureau's previous report (assistant/check/lastyear.py) and the 同比 the person ticked.
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
class Review:
    """What a drafter found in its own reply beyond the numbers: items citing no or wrong facts,
    a reply cut off by the length limit, and the facts no item cites."""

    problems: list[str] = field(default_factory=list)
    uncited: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """A drafted section with its number check and the examples it was written from."""

    text: str
    check: CheckResult
    sources: list[Hit]
    backend: str
    tokens: int = 0  # every request and reply of this draft, repairs included
    repairs: int = 0
    notice: str = ""  # why the result is not what was asked (e.g. the model failed, offline used)
    request: DraftRequest | None = field(default=None, repr=False)
    review: Review = field(default_factory=Review)
    first_token_s: float = 0.0
    total_s: float = 0.0

    def to_dict(self) -> dict:
        return {"text": self.text, "check": self.check.to_dict(),
                "sources": [source_dict(h) for h in self.sources], "backend": self.backend,
                "tokens": self.tokens, "repairs": self.repairs, "notice": self.notice,
                "items": {"problems": self.review.problems, "uncited_facts": self.review.uncited},
                "timing": {"first_token_s": round(self.first_token_s, 3), "total_s": round(self.total_s, 3)}}


def source_dict(hit: Hit) -> dict:
    return {"source": hit.source, "bureau": hit.bureau, "year": hit.year, "heading": hit.heading_path}


class Drafter(Protocol):
    """What every drafter does; `backend` is "llm" or "offline". stream() yields the text so far
    (each value replaces the last; the last is the finished text). A drafter may also offer
    review(request) -> Review on its last reply; one that does not has nothing to add."""

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
                return topic_of_wording(fact.topic).id
            except KeyError:
                break
    return classify_topic(" ".join(f.text for f in facts))


def find_examples(kb: KnowledgeBase | None, request: DraftRequest, k: int = EXAMPLES_PER_DRAFT) -> list[Hit]:
    """Passages of the same part and topic ranked by relevance, the bureau's own and recent years boosted,
    near-duplicates dropped."""
    if kb is None or kb.count() == 0:
        return []
    query = f"{request.part_name} {request.topic_name} " + " ".join(f.text for f in request.facts)[:300]
    pool = candidates(kb, request, query, k)
    newest = max((h.year or 0 for h in pool), default=0)
    bureau = kb.resolve_bureau(request.bureau) if request.bureau else ""
    topic = example_topic(request)
    # Passages of the topic come first; the part's others only fill the places left.
    ranked = sorted(pool, key=lambda h: (topic is None or h.topic == topic, ranking_score(h, bureau, newest)), reverse=True)
    return distinct(ranked)[:k]


OWN_BUREAU_BOOST = 0.05  # the bureau's own wording is worth a little similarity, not a place at the top
MAX_RECENCY_BOOST = 0.03  # for the newest year among the candidates,
RECENT_YEAR_BOOST = 0.01  # less this much for each year older
NEAR_DUPLICATE = 0.7  # share of a passage's character trigrams found in a better-ranked one


def example_topic(request: DraftRequest) -> str | None:
    """The topic examples must share: none outside measures and highlights, or when the facts name none."""
    return request.topic if request.part in PARTS_WITH_TOPICS and request.topic != "general" else None


def candidates(kb: KnowledgeBase, request: DraftRequest, query: str, k: int) -> list[Hit]:
    """Passages of the part and topic (the part alone when the topic has too few), and the bureau's own."""
    topic = example_topic(request)
    hits = kb.search(query, k * 3, part=request.part, topic=topic)
    if topic and len(hits) < k:
        hits += kb.search(query, k * 2, part=request.part)
    own = kb.search(query, k, part=request.part, topic=topic, bureau=request.bureau) if request.bureau else []
    merged = {(h.source, h.start): h for h in own + hits}
    return list(merged.values())


def ranking_score(hit: Hit, bureau: str, newest: int) -> float:
    """Similarity, plus small boosts for the bureau's own report and for recent years."""
    score = hit.score + (OWN_BUREAU_BOOST if bureau and hit.bureau == bureau else 0.0)
    if hit.year:
        score += max(0.0, MAX_RECENCY_BOOST - RECENT_YEAR_BOOST * (newest - hit.year))
    return score


def distinct(hits: list[Hit]) -> list[Hit]:
    """The hits in order, without passages that mostly repeat a better-ranked one (last year's report reused)."""
    kept: list[tuple[Hit, set[str]]] = []
    for hit in hits:
        grams = trigrams(hit.text)
        if not any(overlap(grams, other) >= NEAR_DUPLICATE for _, other in kept):
            kept.append((hit, grams))
    return [hit for hit, _ in kept]


def trigrams(text: str) -> set[str]:
    """The character trigrams of a text without spaces (a shorter text is its own single gram)."""
    plain = re.sub(r"\s+", "", text)
    return {plain[i:i + 3] for i in range(max(1, len(plain) - 2))} if plain else set()


def overlap(a: set[str], b: set[str]) -> float:
    """How much of the smaller set the larger holds: 1.0 for a passage contained in another."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def verify(text: str, request: DraftRequest, examples: list[Hit]) -> CheckResult:
    """The check of a draft's numbers and names, told which examples it was written from."""
    facts = request.facts or request.context_facts
    check = check_draft(text, facts, year=request.year, examples=[h.text for h in examples], bureau=request.bureau)
    return review_check(check, text, facts, request.last_year)


def draft_section(request: DraftRequest, drafter: Drafter, kb: KnowledgeBase | None,
                  max_repairs: int = MAX_REPAIRS) -> Draft:
    """Draft, check, and send unsupported numbers back to the drafter a bounded number of times."""
    *_, draft = stream_section(request, drafter, kb, max_repairs)
    return draft


def stream_section(request: DraftRequest, drafter: Drafter, kb: KnowledgeBase | None,
                   max_repairs: int = MAX_REPAIRS) -> Iterator["str | Draft"]:
    """The draft's text so far as it streams in, then the checked (and repaired) Draft."""
    examples = drafter.select_examples(request, find_examples(kb, request))
    started, first_token_s, text = time.monotonic(), 0.0, ""
    for text in drafter.stream(request, examples):
        first_token_s = first_token_s or time.monotonic() - started
        yield text
    draft = verify_and_repair(request, drafter, examples, clean_reply(text), max_repairs)
    draft.first_token_s, draft.total_s = first_token_s, time.monotonic() - started
    yield draft


def review_of(drafter: Drafter, request: DraftRequest) -> Review:
    """The drafter's own review of its last reply (the offline composer has none to give)."""
    review = getattr(drafter, "review", None)
    return review(request) if review else Review()


def tokens_of(drafter: Drafter, request: DraftRequest) -> int:
    """Tokens the request's draft cost, per request where the drafter tracks drafts separately."""
    per_request = getattr(drafter, "tokens_for", None)
    return per_request(request) if per_request else drafter.tokens_sent()


def to_repair(check: CheckResult) -> list:
    """What to send back: unsupported numbers, figures the drafter computed itself, and — where the
    named-claim check (assistant/check/claims.py) — names no source states."""
    computed = [m for m in check.mentions if m.status == DERIVED and not from_last_year(m)]
    numbers = [m for m in check.mentions if m in check.unsupported or m in computed]
    return [*numbers, *check.unsupported_names]


def verify_and_repair(request: DraftRequest, drafter: Drafter, examples: list[Hit], text: str,
                      max_repairs: int) -> Draft:
    """Check the text; while numbers or names lack support or items their facts, send it back, a few rounds at most."""
    check, review = verify(text, request, examples), review_of(drafter, request)
    repairs = 0
    while (to_repair(check) or review.problems) and repairs < max_repairs:
        repairs += 1
        text = clean_reply(drafter.repair(request, examples, text, to_repair(check)))
        check, review = verify(text, request, examples), review_of(drafter, request)
    return Draft(text, check, examples, drafter.backend, tokens_of(drafter, request), repairs, request=request,
                 review=review)


def clean_reply(text: str) -> str:
    """A reply without chat decoration: code fences, a preface line, markdown emphasis."""
    text = _FENCE.sub("", text.strip())
    text = _PREFACE.sub("", text)
    return re.sub(r"\*\*|^#+\s*", "", text, flags=re.M).strip()
