"""The offline drafter: a deterministic composer of house-style sections (no model needed).

Each fact is first rewritten into the register (assistant.write.phrasing: notes become clauses with
their verbs, counts in Arabic digits); facts about the same thing are grouped into one item
(data/item_kinds.yaml), headed by an example's heading that covers them or else by a neutral
heading of their kind, and joined into sentences with the genre's time frames and connectors.
Framing comes from the examples only through assistant.write.framing's guard. Every number it writes is
copied from a fact, so it passes the number check by construction. `request.variant` picks other
headings, openers and connectors for 再来一版; the same request always gives the same text.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from assistant.write.drafting import DraftRequest
from assistant.check.facts import Fact
from assistant.kb.formats import chinese_number
from assistant.write.framing import (FramingLedger, PhraseGuard, bigrams, example_frames, fallback_headings, item_headings, kind_data,
                      runs, section_headings, section_opening)
from assistant.kb.index import Hit
from assistant.write.kinds import (CLAUSE_END, CONNECTORS, echoes, guard_of, in_authors_words, kind_of, kinds, pick,
                                   self_name)
from assistant.check.lastyear import with_changes
from assistant.check.numbers import Mention
from assistant.write.part_prose import (compose_closing, compose_leader_duty, compose_plans, compose_preamble,
                         compose_shortcomings)
from assistant.write.phrasing import Phrasebook, arabic_counts, opening_verb, rewrite_note

TIME_FRAMES = ("今年以来", "全年", "年内")
_HAS_TIME_FRAME = re.compile(r"^(今年|全年|年内|年初|年中|年底|上半年|下半年|本年|截至|截止|[0-9一二三四五六七八九十]{1,4}年|[0-9一二三四五六七八九十]{1,2}月)")
_HAS_SUBJECT = re.compile(r"^(我局|局党委|局党组|局领导|局主要负责人|主要负责人|全局|全市|全区|全县|各|本局|局机关|[^，]{0,8}(?:局|股|科|队|所|中心)(?:[^，]{0,6}(?:牵头|联合|会同)))")
VARIANT_NOTICE = "离线起草按规则改写事实，这一版换用了其他小标题、分组或开头；配置大模型后可得到更自由的改写。"


@dataclass
class Item:
    """Facts of one kind, rewritten as clauses, under one heading."""

    kind: str
    facts: list[Fact] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)
    heading: str = ""
    lead: str = ""  # the principle opening its first sentence (坚持问题导向)
    frame: str = ""  # a purpose frame after it (以日常监管为抓手)
    effect: str = ""  # an effect clause closing its last clause that is not a problem
    second_lead: str = ""  # a principle opening its second sentence (同时，坚持应审尽审，…)


class OfflineDrafter:
    """Composes sections from facts with framing taken from the examples."""

    backend = "offline"

    def __init__(self, arabic_digits: bool = True):
        self.arabic_digits = arabic_digits

    def select_examples(self, request: DraftRequest, examples: list[Hit]) -> list[Hit]:
        return examples

    def compose(self, request: DraftRequest, examples: list[Hit]) -> str:
        if request.changes:  # a ticked 同比 is a clause of its fact's item
            request = replace(request, facts=with_changes(request.facts, request.changes), changes=[])
        clauses = self.clauses(request, examples)
        return in_authors_words(compose_part(request, examples, clauses), request.bureau)

    def clauses(self, request: DraftRequest, examples: list[Hit]) -> list[str]:
        """Each fact rewritten into the register, verbs mined from the examples first."""
        book = Phrasebook([h.text for h in examples], [h.verb_pairs for h in examples])
        rewritten = [rewrite_note(f.text, book) for f in request.facts]
        return [arabic_counts(c) if self.arabic_digits else c for c in rewritten]

    def stream(self, request: DraftRequest, examples: list[Hit]) -> Iterator[str]:
        yield self.compose(request, examples)

    def repair(self, request: DraftRequest, examples: list[Hit], text: str, problems: list[Mention]) -> str:
        return self.compose(request, examples)  # composed from the facts alone: nothing to repair

    def tokens_sent(self) -> int:
        return 0


def compose_part(request: DraftRequest, examples: list[Hit], clauses: list[str]) -> str:
    """The part's own composer."""
    match request.part:
        case "preamble":
            return compose_preamble(request, examples, clauses)
        case "closing":
            return compose_closing(request)
        case "plans":
            return compose_plans(request, examples, clauses)
        case "leader_duty":
            return compose_leader_duty(request, examples, clauses)
        case "shortcomings":
            return compose_shortcomings(request, examples, clauses)
        case _:
            return compose_section(request, examples, clauses)



# --- measures and highlights ----------------------------------------------------------------------

def compose_section(request: DraftRequest, examples: list[Hit], clauses: list[str]) -> str:
    """"严格规范执法，提升执法质效。一是……。二是……。" for a measures or highlights section."""
    guard = guard_of(request)
    items = group_items(request.facts, clauses, topic=request.topic)
    subheading = section_subheading(request, examples, guard)
    head_items(items, examples, guard, request.variant, taken={subheading, *subheading.split("，")})
    section = Section(subheading, items)
    frame_section(section, request, examples, guard)
    return render_section(section, request)


@dataclass
class Section:
    """A measures section being composed: its subheading, an opening frame sentence, its items."""

    subheading: str
    items: list[Item]
    opening: str = ""


def render_section(section: Section, request: DraftRequest) -> str:
    """The section as text; an opening sentence names the subject, so the first item need not."""
    opening = f"{self_name(request.bureau)}{section.opening}。" if section.opening else ""
    bodies = [item_text(item, n, request, subject=not opening) for n, item in enumerate(section.items)]
    if len(section.items) == 1:
        return f"{section.subheading}。{opening}{bodies[0]}"
    return section.subheading + "。" + opening + "".join(
        f"{chinese_number(n + 1)}是{item.heading}。{body}" for n, (item, body) in enumerate(zip(section.items, bodies)))


def section_subheading(request: DraftRequest, examples: list[Hit], guard: PhraseGuard) -> str:
    """An example's two-clause subheading that fits the facts, else one of the topic's own."""
    facts = bigrams(" ".join(f.text for f in request.facts))
    fitting = [h for h in section_headings(examples, guard) if len(bigrams(h) & facts) >= 3]
    return pick(fitting, request.variant) or pick(fallback_headings(request.topic), request.variant)


def group_items(facts: list[Fact], clauses: list[str], join_unknown: bool = True, topic: str = "") -> list[Item]:
    """Facts of the same kind in one item, in the order their kinds first appear; a fact of no
    known kind stays with the fact before it (纠错率12.8% after the 行政复议 cases), a first one
    takes the kind of the section's topic."""
    items: dict[str, Item] = {}
    last = kind_data()["topic_kinds"].get(topic, "") if join_unknown else ""
    for n, (fact, clause) in enumerate(zip(facts, clauses)):
        kind = kind_of(fact.text) or (last if join_unknown else "") or f"\0{n}"
        item = items.setdefault(kind, Item(kind))
        item.facts.append(fact)
        item.clauses.append(clause)
        last = kind
    return list(items.values())


def head_items(items: list[Item], examples: list[Hit], guard: PhraseGuard, variant: int, taken: set[str]) -> None:
    """Give every item a heading that fits its facts and differs from the others."""
    candidates = item_headings(examples, guard)
    said = set().union(*(runs(h) for h in taken))  # a heading restating the subheading's words
    for item in items:
        options = fitting_example_headings(item, candidates) + kinds().get(item.kind, {}).get("headings", [])
        options = [h for h in options if h not in taken and not echoes(h, item.clauses[0]) and not runs(h) & said]
        item.heading = pick(options, variant) or heading_from_clause(item)
        taken.add(item.heading)
        said |= runs(item.heading)


def fitting_example_headings(item: Item, candidates: list[tuple[str, str]]) -> list[str]:
    """Example item headings of the item's kind whose bodies cover a third of its facts' words."""
    words = bigrams(re.sub(r"[0-9.%]+", "", "".join(item.clauses)))
    fitting = []
    for heading, body in candidates:
        if (kind_of(heading) or kind_of(body)) == item.kind and words and len(words & bigrams(body)) / len(words) >= 1 / 3:
            fitting.append(heading)
    return fitting


def heading_from_clause(item: Item) -> str:
    """A heading made from the item's own first clause, which then leaves the body."""
    first, _, rest = item.clauses[0].partition("，")
    if 4 <= len(first) <= 16 and not re.search(r"[0-9]", first) and rest:
        item.clauses[0] = rest
        return first
    return "扎实做好相关工作"  # only when the facts name no kind and the section no topic


def frame_section(section: Section, request: DraftRequest, examples: list[Hit], guard: PhraseGuard) -> None:
    """Principles first, then effect clauses, then purpose frames, item by item, then an example's
    opening sentence: each only while the section is short of the genre's length, never past its top."""
    framer = SectionFramer(section, request, guard, FramingLedger(section.subheading, *(i.heading for i in section.items)))
    frames = example_frames(examples, guard)
    for n, item in enumerate(section.items):
        framer.fill(item, "lead", n, slot_options(item, "lead", frames))
    effects_left = max(1, len(section.items) - 1)  # an effect closes some items, never every one
    for n, item in enumerate(section.items):
        if effects_left and framer.short():
            effects_left -= framer.fill(item, "effect", n, slot_options(item, "effect", frames))
    for slot in ("frame", "second_lead"):
        for n, item in enumerate(section.items):
            if framer.short():
                framer.fill(item, slot, n + 1, slot_options(item, slot, frames))
    if framer.short():
        framer.open_with(section_opening(examples, guard))


@dataclass
class SectionFramer:
    """Adds framing clauses to a section while it stays within the genre's length for its facts."""

    section: Section
    request: DraftRequest
    guard: PhraseGuard
    ledger: FramingLedger

    def length(self) -> int:
        return len(render_section(self.section, self.request))

    def bound(self, key: str) -> int:
        return kind_data()["measures_length"][key] * len(self.request.facts)

    def short(self) -> bool:
        return self.length() < self.bound("target_per_fact")

    def fill(self, item: Item, slot: str, n: int, options: tuple[list[str], list[str]]) -> bool:
        """Put the first option (the examples', then the table's rotated by variant) that is new to the
        section, fits the item and keeps the section within the top of the range."""
        preferred, table = options
        for option in preferred + rotated(table, self.request.variant + n):
            if self.ledger.fresh(option) and self.guard.allows(option) and slot_fits(item, slot, option):
                setattr(item, slot, option)
                if self.length() <= self.bound("cap_per_fact"):
                    self.ledger.add(option)
                    return True
                setattr(item, slot, "")
        return False

    def open_with(self, opening: str) -> None:
        """An example's framing sentence after the subheading, when it is new to the section and fits."""
        if opening and self.ledger.fresh(opening):
            self.section.opening = opening
            if self.length() > self.bound("cap_per_fact"):
                self.section.opening = ""


def slot_options(item: Item, slot: str, frames: list[str]) -> tuple[list[str], list[str]]:
    """The clauses a slot of the item may take: the examples' frames of its kind, then the kind's table."""
    kind = kinds().get(item.kind, {})
    if slot == "frame":
        return [f for f in frames if kind_of(f) == item.kind], kind.get("frames", [])
    return [], kind.get({"lead": "leads", "second_lead": "leads", "effect": "effects"}[slot], [])


def rotated(options: list[str], start: int) -> list[str]:
    if not options:
        return []
    start %= len(options)
    return options[start:] + options[:start]


def slot_fits(item: Item, slot: str, option: str) -> bool:
    """A clause may not restate the heading or the fact it stands by, nor frame a sentence that opens itself."""
    done = [c for c in item.clauses if not states_shortcoming(c)]
    if not done or echoes(item.heading, option) or len(bigrams(option) & bigrams(item.heading)) >= 3:
        return False
    if slot == "effect":
        return len(bigrams(option) & bigrams(done[-1])) < 3
    sentences = item_sentences(done)
    if slot == "second_lead":
        return len(sentences) > 1 and not _HAS_TIME_FRAME.match(sentences[1][0]) and not sentences[1][0].startswith(option[:2])
    first = done[0]
    return not (_HAS_TIME_FRAME.match(first) or first.startswith(option[:2])) \
        and (slot == "lead" or bool(item.lead) and not _HAS_SUBJECT.match(first))  # a purpose frame follows a principle


def item_sentences(clauses: list[str]) -> list[list[str]]:
    """Clauses two to a sentence; a clause with its own time frame opens a new one, and so does the
    second fact after a first that is a sentence of clauses itself (清理…3件，废止1件。同时，…)."""
    sentences: list[list[str]] = []
    for clause in clauses:
        if not sentences or _HAS_TIME_FRAME.match(clause) or len(sentences[-1]) >= 2 \
                or len(sentences) == 1 and "，" in sentences[0][0]:
            sentences.append([])
        sentences[-1].append(clause)
    return sentences


def states_shortcoming(clause: str) -> bool:
    """True for a clause that states a problem (仍以发放资料为主, 运用不够充分, 有待加强)."""
    return any(marker in clause for marker in kind_data()["shortcoming_markers"])


def item_text(item: Item, n: int, request: DraftRequest, subject: bool = True) -> str:
    """An item's facts as one or two sentences: a time frame at most once, 我局 only where needed;
    a shortcoming comes last, as a sentence of its own, never joined by the effect."""
    done = [c for c in item.clauses if not states_shortcoming(c)]
    problems = [c for c in item.clauses if states_shortcoming(c)]
    if not done:
        return "".join(f"{CLAUSE_END.sub('', c)}。" for c in problems)
    if item.effect:
        done[-1] = f"{CLAUSE_END.sub('', done[-1])}，{item.effect}"
    texts = ["；".join(s) for s in item_sentences(done)]
    texts[0] = opened(texts[0], n, request, item, subject)
    for i in range(1, len(texts)):
        lead = f"{item.second_lead}，" if i == 1 and item.second_lead else ""
        if not _HAS_TIME_FRAME.match(texts[i]):
            texts[i] = CONNECTORS[(i + n + request.variant) % len(CONNECTORS)] + lead + texts[i]
    if problems:
        texts.append(kind_data()["shortcoming_lead"] + "；".join(CLAUSE_END.sub("", c) for c in problems))
    return "".join(t + "。" for t in texts)


def opened(text: str, n: int, request: DraftRequest, item: Item, subject: bool = True) -> str:
    """An item's first sentence: a time frame (every other item), a subject (first item), its principle and frame."""
    framing = "".join(f"{c}，" for c in (item.lead, item.frame) if c)
    if _HAS_TIME_FRAME.match(text):
        return text
    if _HAS_SUBJECT.match(text):  # 坚持统筹谋划，局党委会研究法治建设3次
        return framing + text
    name = self_name(request.bureau) if subject and n == 0 and opening_verb(text) else ""
    frame = TIME_FRAMES[(n // 2 + request.variant) % len(TIME_FRAMES)] if n % 2 == 0 else ""
    frame = "" if re.search("|".join(TIME_FRAMES), text) else frame
    if name:  # 今年以来，我局坚持问题导向，开展执法检查
        return f"{frame + '，' if frame else ''}{name}{framing}{text}"
    gap = "，" if frame == "今年以来" else ""
    return f"{frame}{gap}{framing}{text}"


# --- the other parts --------------------------------------------------------------------------------


