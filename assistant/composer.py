"""The offline drafter: a deterministic composer of house-style sections (no model needed).

It turns the bureau's facts into the form of the part (a subheading in two parallel clauses,
一是…二是… items, time frames, counted results) and takes its framing phrases (subheadings,
item headings, set phrases) from the retrieved examples of that part and topic, never their
numbers, names or places. Every number it writes is copied from a fact, so it passes the number
check by construction.
"""

import re
from collections.abc import Iterator
from dataclasses import replace

from .drafting import DraftRequest
from .facts import Fact
from .formats import chinese_number
from .index import Hit
from .lastyear import with_changes
from .mentions import find_quantities
from .numbers import Mention
from .taxonomy import label_of, TOPICS

TIME_FRAMES = ("今年以来", "全年", "年内")
# A fact that opens with a time frame or a subject of its own gets neither added again.
_HAS_TIME_FRAME = re.compile(r"^(今年|全年|年内|年初|年中|年底|上半年|下半年|本年|截至|截止|[0-9一二三四五六七八九十]{1,4}年|[0-9一二三四五六七八九十]{1,2}月)")
_HAS_SUBJECT = re.compile(r"^(我局|局党委|局领导|局主要负责人|主要负责人|全局|全市|全区|全县|各|本局|局|镇|乡|街道|市|区|县|共|累计)")
# Names and places of another bureau must not leak into this one's report.
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,4}(?:省|市|区|县|镇|乡|街道|村)(?:委|政府|人大|政协|应急)|《|〔|[0-9]")
_CLAUSE_END = re.compile(r"[。；;！!？?]+$")


class OfflineDrafter:
    """Composes sections from facts with framing taken from the examples."""

    backend = "offline"

    def select_examples(self, request: DraftRequest, examples: list[Hit]) -> list[Hit]:
        return examples

    def compose(self, request: DraftRequest, examples: list[Hit]) -> str:
        if request.changes:  # a ticked 同比 is a clause of its fact's item
            request = replace(request, facts=with_changes(request.facts, request.changes), changes=[])
        match request.part:
            case "preamble":
                return compose_preamble(request, examples)
            case "closing":
                return compose_closing(request)
            case "plans":
                return compose_plans(request, examples)
            case "leader_duty" | "shortcomings":
                return compose_items_paragraph(request, examples)
            case _:
                return compose_section(request, examples)

    def stream(self, request: DraftRequest, examples: list[Hit]) -> Iterator[str]:
        yield self.compose(request, examples)

    def repair(self, request: DraftRequest, examples: list[Hit], text: str, problems: list[Mention]) -> str:
        return self.compose(request, examples)  # composed from the facts alone: nothing to repair

    def tokens_sent(self) -> int:
        return 0


# --- parts ---------------------------------------------------------------------------------------

def compose_section(request: DraftRequest, examples: list[Hit]) -> str:
    """"严格规范执法，提升执法质效。一是……。二是……。" for a measures or highlights section."""
    headings = section_headings(examples) or [fallback_heading(request.topic)]
    subheading = best_match(headings, " ".join(f.text for f in request.facts))
    return f"{subheading}。{enumerate_items(request.facts, item_headings(examples), subject='我局')}"


def compose_items_paragraph(request: DraftRequest, examples: list[Hit]) -> str:
    """The leader's duty or the shortcomings: an opening sentence, then 一是…二是… items."""
    opening = opening_sentence(examples) or DEFAULT_OPENINGS[request.part]
    if request.part == "shortcomings":  # a shortcoming is stated as it is, with no time frame
        return opening + "".join(f"{chinese_number(n + 1)}是{sentence(f.text)}" for n, f in enumerate(request.facts))
    return opening + enumerate_items(request.facts, item_headings(examples), subject="")


def compose_plans(request: DraftRequest, examples: list[Hit]) -> str:
    """Next year's plan: one "（一）heading。fact" paragraph per fact, headings from the examples."""
    headings = section_headings(examples)
    paragraphs = []
    for n, fact in enumerate(request.facts):
        heading = best_match(headings, fact.text, minimum=2) or heading_from_fact(fact) or "持续推进法治建设"
        if heading in headings:
            headings.remove(heading)
        paragraphs.append(f"（{chinese_number(n + 1)}）{heading}。{sentence(fact.text)}")
    return "\n".join(paragraphs)


def compose_preamble(request: DraftRequest, examples: list[Hit]) -> str:
    """"2024年，我局坚持……。{facts}现将……报告如下：" with framing clauses from example openings."""
    formula = [f for f in request.facts if "报告如下" in f.text]
    facts = "".join(sentence(f.text) for f in request.facts if f not in formula)
    ending = formula[0].text.strip() if formula else f"现将{request.year or '本'}年度法治政府建设工作情况报告如下："
    if re.match(r"(20[0-9]{2}\s*年|今年)", facts):  # the facts open the year themselves
        return f"{facts}{ending}"
    opening = f"{request.year}年，" if request.year else "今年以来，"
    earlier = [h for h in examples if not request.year or not h.year or h.year <= request.year]
    framing = "，".join(framing_clauses(earlier)[:3]) or "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想"
    return f"{opening}{request.bureau or '我局'}{framing}。{facts}{ending}"


def compose_closing(request: DraftRequest) -> str:
    """The signature: the bureau and, when a fact gives it, the date."""
    lines = [request.bureau or "（单位名称）"]
    lines += [f.text.strip("。 ") for f in request.facts]
    return "\n".join(lines)


DEFAULT_OPENINGS = {
    "leader_duty": "局主要负责人认真履行推进法治建设第一责任人职责。",
    "shortcomings": "对照法治政府建设的目标要求，我局工作仍存在一些不足。",
}


# --- items ---------------------------------------------------------------------------------------

def enumerate_items(facts: list[Fact], items: list[tuple[str, str]], subject: str) -> str:
    """Facts grouped under the example item heading each fits best, written 一是…。二是…。"""
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        heading = heading_for(fact, items)
        groups.setdefault(heading or f"\0{fact.id}", []).append(fact)
    items = []
    for n, (heading, members) in enumerate(groups.items()):
        if heading.startswith("\0"):  # no example heading fits: the fact speaks for itself
            items.append(f"{chinese_number(n + 1)}是{sentence(members[0].text)}")
            continue
        body = "".join(with_frame(f.text, n + i, subject) for i, f in enumerate(members))
        items.append(f"{chinese_number(n + 1)}是{heading}。{body}")
    return "".join(items)


def with_frame(text: str, n: int, subject: str) -> str:
    """A fact as a sentence, opened with a time frame and a subject where it has none of its own."""
    text = sentence(text)
    if _HAS_TIME_FRAME.match(text):
        return text
    return f"{TIME_FRAMES[n % len(TIME_FRAMES)]}，{'' if _HAS_SUBJECT.match(text) else subject}{text}"


def sentence(text: str) -> str:
    """A fact's text ending in a full stop."""
    return _CLAUSE_END.sub("", text.strip()) + "。"


def heading_from_fact(fact: Fact) -> str:
    """A fact's first clause, when it holds no number, serves as its own item heading."""
    first = re.split(r"[，,。；;：:]", fact.text.strip(), maxsplit=1)[0]
    return first if 4 <= len(first) <= 16 and not find_quantities(first) and is_neutral(first) else ""


# --- phrases from the examples -----------------------------------------------------------------------

def is_neutral(phrase: str) -> bool:
    """A phrase with no number, title, document number, or another bureau's place or institution."""
    return not _PLACE.search(phrase) and not [q for q in find_quantities(phrase) if not q.ignore]


def section_headings(examples: list[Hit]) -> list[str]:
    """The examples' subheadings that read as two parallel clauses and name nothing local."""
    headings = []
    for hit in examples:
        heading = hit.heading_path.split(" > ")[-1] if " > " in hit.heading_path else ""
        heading = _CLAUSE_END.sub("", re.sub(r"^[（(][一二三四五六七八九十0-9]+[)）]\s*", "", heading))
        if heading and is_neutral(heading) and heading not in headings:
            headings.append(heading)
    return headings


def item_headings(examples: list[Hit]) -> list[tuple[str, str]]:
    """(heading, body) of the examples' 一是 items whose first clause is short and neutral."""
    items = []
    for hit in examples:
        for match in re.finditer(r"[一二三四五六七八九十]+是([^。；，,]{4,16})[。；](.*?)(?=[一二三四五六七八九十]+是|$)", hit.text):
            if is_neutral(match[1]) and match[1] not in (h for h, _ in items):
                items.append((match[1], match[2]))
    return items


def heading_for(fact: Fact, items: list[tuple[str, str]]) -> str:
    """The heading of the example item whose body covers most of the fact's words (a quarter at least)."""
    words = bigrams(re.sub(r"[0-9.%]+", "", fact.text))
    if not words or not items:
        return ""
    coverage, _, heading = max((len(words & bigrams(body)) / len(words), -i, h) for i, (h, body) in enumerate(items))
    return heading if coverage >= 0.25 else ""


def opening_sentence(examples: list[Hit]) -> str:
    """The first sentence of an example that is framing, not an item or a fact."""
    for hit in examples:
        first = hit.text.split("。", 1)[0]
        if first and not re.match(r"[一二三四五六七八九十]+是", first) and len(first) <= 60 and is_neutral(first):
            return first + "。"
    return ""


def framing_clauses(examples: list[Hit]) -> list[str]:
    """Clauses of the example openings that frame the year (坚持以…为指导, 深入贯彻…)."""
    clauses = []
    for hit in examples:
        for clause in re.split(r"[，。；]", hit.text):
            if re.match(r"(坚持|深入|全面|认真|紧紧围绕|统筹推进|持续)", clause) and is_neutral(clause) \
                    and 6 <= len(clause) <= 40 and clause not in clauses:
                clauses.append(clause)
    return clauses


def best_match(candidates: list[str], text: str, minimum: int = 0) -> str:
    """The candidate sharing most character pairs with text (at least `minimum`), else ""."""
    def overlap(candidate: str) -> int:
        return len(bigrams(candidate) & bigrams(text))
    scored = [(overlap(c), -i, c) for i, c in enumerate(candidates)]
    if not scored:
        return ""
    score, _, best = max(scored)
    return best if score >= minimum else ""


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


FALLBACK_HEADINGS = {
    "leadership": "加强组织领导，压实法治建设责任",
    "publicity": "深化普法宣传，营造尊法学法守法用法氛围",
    "enforcement": "严格规范公正文明执法，提升执法质效",
    "business": "深化“放管服”改革，优化法治化营商环境",
    "rulemaking": "加强制度建设，规范行政规范性文件管理",
    "decisions": "坚持依法决策，提升决策科学化水平",
    "oversight": "强化权力监督制约，确保权力规范运行",
    "disputes": "畅通诉求渠道，依法化解矛盾纠纷",
    "emergency": "完善应急预案体系，依法应对突发事件",
    "digital": "推进智慧执法，提升执法信息化水平",
}


def fallback_heading(topic: str) -> str:
    """A neutral subheading of the topic, for a knowledge base without examples of it."""
    return FALLBACK_HEADINGS.get(topic, f"扎实推进{label_of(TOPICS, topic).name}工作，不断提升法治建设水平")
