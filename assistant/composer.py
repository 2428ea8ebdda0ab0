"""The offline drafter: a deterministic composer of house-style sections (no model needed).

Each fact is first rewritten into the register (assistant.phrasing: notes become clauses with
their verbs, counts in Arabic digits); facts about the same thing are grouped into one item
(data/item_kinds.yaml), headed by an example's heading that covers them or else by a neutral
heading of their kind, and joined into sentences with the genre's time frames and connectors.
Framing comes from the examples only through assistant.framing's guard. Every number it writes is
copied from a fact, so it passes the number check by construction. `request.variant` picks other
headings, openers and connectors for 再来一版; the same request always gives the same text.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .drafting import DraftRequest
from .facts import Fact
from .formats import chinese_number
from .framing import PhraseGuard, bigrams, fallback_headings, item_headings, kind_data, section_headings
from .index import Hit
from .kinds import echoes, kind_of, kinds, pick
from .lastyear import with_changes
from .numbers import Mention
from .part_prose import (compose_closing, compose_leader_duty, compose_plans, compose_preamble,
                         compose_shortcomings)
from .phrasing import Phrasebook, arabic_counts, opening_verb, rewrite_note

TIME_FRAMES = ("今年以来", "全年", "年内")
CONNECTORS = ("同时，", "此外，")
_HAS_TIME_FRAME = re.compile(r"^(今年|全年|年内|年初|年中|年底|上半年|下半年|本年|截至|截止|[0-9一二三四五六七八九十]{1,4}年|[0-9一二三四五六七八九十]{1,2}月)")
_HAS_SUBJECT = re.compile(r"^(我局|局党委|局党组|局领导|局主要负责人|主要负责人|全局|全市|全区|全县|各|本局|局机关|[^，]{0,8}(?:局|股|科|队|所|中心)(?:[^，]{0,6}(?:牵头|联合|会同)))")
_CLAUSE_END = re.compile(r"[。；;！!？?，,]+$")
VARIANT_NOTICE = "离线起草按规则改写事实，这一版换用了其他小标题、分组或开头；配置大模型后可得到更自由的改写。"


@dataclass
class Item:
    """Facts of one kind, rewritten as clauses, under one heading."""

    kind: str
    facts: list[Fact] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)
    heading: str = ""


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


def guard_of(request: DraftRequest) -> PhraseGuard:
    return PhraseGuard(" ".join(f.text for f in request.facts), request.bureau)


def self_name(bureau: str) -> str:
    """How the author names itself in the body: 我局, 我委, 我办, 我区…"""
    for ending, name in (("委员会", "我委"), ("办事处", "我办"), ("管委会", "我委"), ("人民政府", "我"), ("局", "我局")):
        if bureau.endswith(ending):
            return name + (bureau[-5] if name == "我" and len(bureau) >= 5 else "")
    return "我局"



# --- measures and highlights ----------------------------------------------------------------------

def compose_section(request: DraftRequest, examples: list[Hit], clauses: list[str]) -> str:
    """"严格规范执法，提升执法质效。一是……。二是……。" for a measures or highlights section."""
    guard = guard_of(request)
    items = group_items(request.facts, clauses, topic=request.topic)
    subheading = section_subheading(request, examples, guard)
    head_items(items, examples, guard, request.variant, taken={subheading, *subheading.split("，")})
    attach_effect(items, request.variant)
    bodies = [item_text(item, n, request) for n, item in enumerate(items)]
    if len(items) == 1:
        return f"{subheading}。{bodies[0]}"
    return subheading + "。" + "".join(f"{chinese_number(n + 1)}是{item.heading}。{body}"
                                      for n, (item, body) in enumerate(zip(items, bodies)))


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
    for item in items:
        options = fitting_example_headings(item, candidates) + kinds().get(item.kind, {}).get("headings", [])
        options = [h for h in options if h not in taken and not echoes(h, item.clauses[0])]
        item.heading = pick(options, variant) or heading_from_clause(item)
        taken.add(item.heading)


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




def attach_effect(items: list[Item], variant: int) -> None:
    """One effect clause for the section, closing the last item whose kind has one, after its last
    clause that is not a shortcoming (an effect never follows or joins a problem)."""
    for item in reversed(items):
        effect = kinds().get(item.kind, {}).get("effect")
        done = [n for n, clause in enumerate(item.clauses) if not states_shortcoming(clause)]
        if effect and done:
            item.clauses[done[-1]] = f"{_CLAUSE_END.sub('', item.clauses[done[-1]])}，{effect}"
            return


def states_shortcoming(clause: str) -> bool:
    """True for a clause that states a problem (仍以发放资料为主, 运用不够充分, 有待加强)."""
    return any(marker in clause for marker in kind_data()["shortcoming_markers"])


def item_text(item: Item, n: int, request: DraftRequest) -> str:
    """An item's facts as one or two sentences: a time frame at most once, 我局 only where needed;
    a shortcoming comes last, as a sentence of its own."""
    done = [c for c in item.clauses if not states_shortcoming(c)]
    problems = [c for c in item.clauses if states_shortcoming(c)]
    if not done:
        return "".join(f"{_CLAUSE_END.sub('', c)}。" for c in problems)
    sentences: list[list[str]] = []
    for clause in done:
        if not sentences or _HAS_TIME_FRAME.match(clause) or len(sentences[-1]) >= 2:
            sentences.append([])
        sentences[-1].append(clause)
    texts = ["；".join(s) for s in sentences]
    texts[0] = opened(texts[0], n, request, item.kind, item.heading)
    for i in range(1, len(texts)):
        if not _HAS_TIME_FRAME.match(texts[i]):
            texts[i] = CONNECTORS[(i + n + request.variant) % len(CONNECTORS)] + texts[i]
    if problems:
        texts.append(kind_data()["shortcoming_lead"] + "；".join(_CLAUSE_END.sub("", c) for c in problems))
    return "".join(t + "。" for t in texts)


def opened(text: str, n: int, request: DraftRequest, kind: str = "", heading: str = "") -> str:
    """An item's first sentence: its kind's lead, a time frame (every other item), a subject (first item)."""
    if _HAS_TIME_FRAME.match(text) or _HAS_SUBJECT.match(text):
        return text
    lead = pick(kinds().get(kind, {}).get("leads", []), request.variant + n)
    lead = "" if text.startswith(lead[:2]) else lead
    lead = "" if echoes(heading, lead) else lead
    subject = self_name(request.bureau) if n == 0 and opening_verb(text) else ""
    frame = TIME_FRAMES[(n // 2 + request.variant) % len(TIME_FRAMES)] if n % 2 == 0 else ""
    frame = "" if re.search("|".join(TIME_FRAMES), text) else frame
    if subject:  # 今年以来，我局坚持问题导向，开展执法检查
        return f"{frame + '，' if frame else ''}{subject}{lead + '，' if lead else ''}{text}"
    gap = "，" if frame == "今年以来" else ""
    return f"{frame}{gap}{lead + '，' if lead else ''}{text}"
