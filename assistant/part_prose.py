"""The offline drafter's parts other than measures and highlights: the opening, the leader's
duty, the shortcomings, the plans and the closing, each in the form the genre gives it.

Like assistant.composer (which calls these), every number is copied from a fact and framing from
the examples passes assistant.framing's guard.
"""

import re
from dataclasses import dataclass, field

from .drafting import DraftRequest
from .facts import Fact
from .formats import chinese_number
from .framing import PhraseGuard, bigrams, framing_clauses, kind_data, leadership_phrase, opening_sentence, section_headings
from .index import Hit
from .kinds import echoes, kind_of, kinds, pick
from .phrasing import opening_verb

CONNECTORS = ("同时，", "此外，")
_CLAUSE_END = re.compile(r"[。；;！!？?，,]+$")


@dataclass
class PlanItem:
    """Plans of one kind under one （一） heading."""

    kind: str
    clauses: list[str] = field(default_factory=list)
    heading: str = ""


def guard_of(request: DraftRequest) -> PhraseGuard:
    return PhraseGuard(" ".join(f.text for f in request.facts), request.bureau)


def group_plans(facts: list[Fact], clauses: list[str]) -> list[PlanItem]:
    """Plans of the same kind in one item, in the order their kinds first appear; a plan of no known kind stands alone."""
    items: dict[str, PlanItem] = {}
    for n, (fact, clause) in enumerate(zip(facts, clauses)):
        kind = kind_of(fact.text) or f"\0{n}"
        items.setdefault(kind, PlanItem(kind)).clauses.append(clause)
    return list(items.values())


def compose_leader_duty(request: DraftRequest, examples: list[Hit], clauses: list[str]) -> str:
    """The leader's duty as one paragraph: the framing clause, then the facts in flowing sentences."""
    opening = opening_sentence(examples, guard_of(request)) or "局主要负责人认真履行推进法治建设第一责任人职责。"
    plain = [re.sub(r"^(局主要负责人|主要负责人|局党组书记|局党委书记|主要领导|局长)", "", c) for c in clauses]
    if plain and opening_verb(plain[0]) and not any(c.startswith("带头") for c in plain):
        plain[0] = "带头" + plain[0]
    if plain and "摆在" not in opening:
        plain[0] = f"坚持把法治建设摆在全局工作的重要位置，{plain[0]}"
    sentences = ["；".join(plain[i:i + 2]) for i in range(0, len(plain), 2)]
    if not sentences:
        return opening
    first = f"{_CLAUSE_END.sub('', opening)}，{sentences[0]}。"
    rest = [CONNECTORS[(i + request.variant) % 2] + s + "。" for i, s in enumerate(sentences[1:])]
    return first + "".join(rest)


def compose_shortcomings(request: DraftRequest, examples: list[Hit], clauses: list[str]) -> str:
    """The shortcomings: an opening sentence, then each problem in the register (一是…二是… when several)."""
    opening = opening_sentence(examples, guard_of(request)) or "对照法治政府建设的目标要求，我局工作仍存在一些不足。"
    if not re.search(r"(不足|问题|差距|短板)", opening):
        opening = "对照法治政府建设的目标要求，我局工作仍存在一些不足。"
    problems = [with_gap(fact, clause) for fact, clause in zip(request.facts, clauses)]
    if len(problems) == 1:
        return opening + problems[0] + "。"
    opening = re.sub(r"[。，]$", "", opening) + "，主要表现在：" if "表现" not in opening else opening
    return opening + "".join(f"{chinese_number(n + 1)}是{c}。" for n, c in enumerate(problems))


def with_gap(fact: Fact, clause: str) -> str:
    """A problem and, unless it already says so, what it holds back in the register (…有待提升)."""
    gap = kinds().get(kind_of(fact.text), {}).get("gap", "")
    if not gap or "有待" in clause or len(bigrams(gap) & bigrams(clause)) >= 3:
        return clause
    return f"{clause}，{gap}"


def compose_plans(request: DraftRequest, examples: list[Hit], clauses: list[str]) -> str:
    """Next year's plan: "{下一年}年，我局将…：" then one "（一）heading。body" paragraph per kind of fact."""
    guard = guard_of(request)
    items = group_plans(request.facts, [plan_clause(c) for c in clauses])
    candidates = [(h.split("，")[0], h) for h in section_headings(examples, guard)]
    taken: set[str] = set()
    for item in items:
        fitting = [h for h, full in candidates if len(bigrams(full) & bigrams("".join(item.clauses))) >= 2]
        options = fitting + kinds().get(item.kind, {}).get("headings", [])
        options = [h for h in options if h not in taken and not echoes(h, item.clauses[0])]
        item.heading = pick(options, request.variant)
        if not item.heading:  # every heading would restate the plan: the plan is its own heading
            item.heading, item.clauses = re.sub(r"^进一步", "", item.clauses[0]), item.clauses[1:]
        taken.add(item.heading)
    year = f"{request.year + 1}年，" if request.year else "下一步，"
    opening = year + pick(kind_data()["plans_opening"], request.variant)
    paragraphs = [f"（{chinese_number(n + 1)}）{item.heading}。{with_aim(item)}" for n, item in enumerate(items)]
    return "\n".join([opening] + paragraphs)


def with_aim(item: PlanItem) -> str:
    """A plan item's body: its plans, and what they are for unless the heading or a plan says it."""
    body = "；".join(item.clauses)
    aim = kinds().get(item.kind, {}).get("aim", "")
    if aim and not echoes(item.heading, aim) and len(bigrams(aim) & bigrams(body + item.heading)) < 3:
        body = f"{body}，{aim}" if body else aim
    elif body:  # the aim would restate the heading: the kind's principle frames the plan instead
        lead = pick(kinds().get(item.kind, {}).get("leads", []), 0)
        body = f"{lead}，{body}" if lead and not echoes(item.heading, lead) else body
    return f"{body}。" if body else ""


def plan_clause(clause: str) -> str:
    """A plan stated as what will be done: 进一步 in front of a bare verb."""
    if re.match(r"(进一步|持续|继续|深入|全面|不断|着力|加快|力争|确保|将)", clause) or not opening_verb(clause) \
            or re.search(r"[0-9]", clause):  # a counted fact is last year's result, not a plan
        return clause
    return "进一步" + clause


def compose_preamble(request: DraftRequest, examples: list[Hit], clauses: list[str]) -> str:
    """"2024年，{在…领导下，}我局坚持……。{facts}现将……报告如下：" with framing from example openings."""
    formula = [c for c in clauses if "报告如下" in c]
    facts = "".join(c + "。" for c in clauses if c not in formula)
    year = str(request.year or "本")
    ending = formula[0].rstrip("：:") + "：" if formula else f"现将{year}年度法治政府建设工作情况报告如下："
    if re.match(r"(20[0-9]{2}\s*年|今年)", facts):  # the facts open the year themselves
        return f"{facts}{ending}"
    guard = guard_of(request)
    opening = f"{request.year}年，" if request.year else "今年以来，"
    earlier = [h for h in examples if not request.year or not h.year or h.year <= request.year]
    led = leadership_phrase(earlier, request.bureau)
    framing = "，".join(framing_clauses(earlier, guard)[:3]) or "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想"
    author = request.bureau or "我局"
    return f"{opening}{author}{led + '，' if led else ''}{framing}。{facts}{ending}"


def compose_closing(request: DraftRequest) -> str:
    """The signature: the bureau and, when a fact gives it, the date."""
    lines = [request.bureau or "（单位名称）"]
    lines += [f.text.strip("。 ") for f in request.facts]
    return "\n".join(lines)
