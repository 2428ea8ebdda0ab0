"""The offline drafter's parts other than measures and highlights: the opening, the leader's
duty, the shortcomings, the plans and the closing, each in the form the genre gives it.

Like assistant.write.composer (which calls these), every number is copied from a fact and framing from
the examples passes assistant.write.framing's guard.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.write.drafting import DraftRequest
from assistant.check.facts import Fact
from assistant.kb.formats import chinese_number
from assistant.write.framing import (PhraseGuard, bigrams, framing_clauses, kind_data, leadership_phrase, opening_sentence,
                      section_headings)
from assistant.kb.index import Hit
from assistant.write.kinds import CLAUSE_END, CONNECTORS, echoes, guard_of, kinds, pick
from assistant.write.phrasing import opening_verb
from assistant.wordlists import data_file

_PLAN_YEAR = re.compile(r"^20[0-9]{2}\s*年(?:度)?[，,\s]*")
_LED_BY = re.compile(r"^在?([^，。；]{2,20}?)的?(正确|坚强|有力)领导下[，,]?$")
_LEADER = re.compile(r"^(局主要负责人|主要负责人|主要负责同志|局党组书记|局党委书记|党组书记|主要领导|局长)")


@dataclass
class PlanItem:
    """Plans of one kind under one （一） heading."""

    kind: str
    clauses: list[str] = field(default_factory=list)
    heading: str = ""


def form_data() -> dict:
    """Forms of the opening, leader's duty, shortcomings and plans (data/part_forms.yaml)."""
    return data_file("part_forms.yaml")


def part_kind(text: str) -> str:
    """kind_of, with the extra words these parts' short notes need, then the weak words
    (part_forms.yaml extra_words, weak_words)."""
    extra, weak = form_data()["extra_words"], form_data()["weak_words"]
    return best_kind(text, lambda kind: [*kind["words"], *extra.get(kind["id"], [])]) \
        or best_kind(text, lambda kind: weak.get(kind["id"], []))


def best_kind(text: str, words_of) -> str:
    """The kind whose words, weighed by length, occur most in the text ("" when none does)."""
    scores = [(sum(len(w) for w in words_of(kind) if w in text), -i, kind["id"])
              for i, kind in enumerate(kind_data()["kinds"])]
    score, _, best = max(scores)
    return best if score else ""


def restates(phrase: str, said: str, runs: bool = False) -> bool:
    """True when half of a framing phrase's character pairs are already said; with `runs`, also a
    run of four characters that is not a kind's own word (案卷管理 twice; 法律服务 alone is not)."""
    pairs = bigrams(phrase)
    if not pairs or len(pairs & bigrams(said)) / len(pairs) >= 0.5:
        return True
    return runs and (said_twice(phrase, said) or len(shared_kind_words(phrase, said)) >= 2)


def shared_kind_words(phrase: str, said: str) -> set[str]:
    """The kind words both name (预案 and 演练 in 加强预案修订和演练 after 修订应急预案，开展应急演练),
    a word inside another found one counted once."""
    found = {w for w in kind_words() if w in phrase and w in said}
    return {w for w in found if not any(w != other and w in other for other in found)}


def said_twice(phrase: str, said: str) -> bool:
    """True when the phrase repeats a four-character run of what is said, beyond a kind's words and verbs."""
    verbs = tuple(form_data()["plan_verbs"])  # 加强执法 is a verb and a field, not a thing said twice
    runs = {phrase[i:i + 4] for i in range(len(phrase) - 3)}
    return any(run in said and not run.startswith(verbs) and not any(run in w for w in kind_words()) for run in runs)


@lru_cache(maxsize=1)
def kind_words() -> tuple[str, ...]:
    """Every kind's words: sharing one of them is naming the same field, not restating."""
    extra = form_data()["extra_words"]
    return tuple(w for kind in kind_data()["kinds"] for w in [*kind["words"], *extra.get(kind["id"], [])])



def group_plans(facts: list[Fact], clauses: list[str]) -> list[PlanItem]:
    """Plans of the same kind in one item, in the order their kinds first appear; a plan of no known kind stands alone."""
    items: dict[str, PlanItem] = {}
    for n, (fact, clause) in enumerate(zip(facts, clauses)):
        kind = part_kind(fact.text) or f"\0{n}"
        items.setdefault(kind, PlanItem(kind)).clauses.append(clause)
    return list(items.values())


# --- the leader's duty ----------------------------------------------------------------------------

def compose_leader_duty(request: DraftRequest, examples: list[Hit], clauses: list[str]) -> str:
    """The leader's duty as one paragraph: the duty, then each fact with its duty's lead and purpose."""
    forms = form_data()
    subject = forms["duty_subject"] if not request.bureau or request.bureau.endswith("局") else "主要负责同志"
    plain = [with_duty_verb(re.sub(_LEADER, "", c)) for c in clauses]
    if plain and opening_verb(plain[0]) and not any(c.startswith(("带头", "主持", "亲自")) for c in plain):
        plain[0] = "带头" + plain[0]
    duties = [duty_clause(c, used) for c, used in zip(plain, leads_used(plain))]
    sentences = ["；".join(duties[i:i + 2]) for i in range(0, len(duties), 2)]
    first = f"{subject}{forms['duty_opening']}" + (f"。{sentences[0]}" if sentences else "")
    rest = [CONNECTORS[(i + request.variant) % 2] + s for i, s in enumerate(sentences[1:])]
    return "".join(f"{s}。" for s in [first, *rest])


def with_duty_verb(clause: str) -> str:
    """A leader's fact jotted without a verb (年度述法, 法治课) takes its duty's verb (开展年度述法)."""
    verbs = form_data()["duty_verbs"]
    if opening_verb(clause) or clause.startswith(tuple(verbs)) or "，" in clause \
            or any(v in clause for v in form_data()["inner_verbs"]):
        return clause  # 局党组专题研究法治工作2次 has its subject and verb: nothing to add
    return duty_of(clause)["verb"] + clause


def duty_of(clause: str) -> dict:
    """The duty a leader's fact is about (研究部署, 述法, 带头学法 …), by its words."""
    scored = [(sum(len(w) for w in d["words"] if w in clause), -n, n) for n, d in enumerate(form_data()["duties"])]
    score, _, best = max(scored)
    return form_data()["duties"][best] if score else form_data()["duty_generic"]


def leads_used(clauses: list[str]) -> list[bool]:
    """Whether each fact takes its duty's lead: only the first fact of a duty does."""
    seen, used = set(), []
    for clause in clauses:
        lead = duty_of(clause)["lead"]
        used.append(lead not in seen)
        seen.add(lead)
    return used


def duty_clause(clause: str, with_lead: bool) -> str:
    """"lead，fact，purpose" for one fact of the leader's duty; nothing the fact already says twice."""
    duty, fact = duty_of(clause), CLAUSE_END.sub("", clause)
    parts = [duty["lead"]] if with_lead and not restates(duty["lead"], fact) else []
    parts.append(fact)
    if not restates(duty["purpose"], fact):
        parts.append(duty["purpose"])
    return "，".join(parts)


# --- the shortcomings -----------------------------------------------------------------------------

def compose_shortcomings(request: DraftRequest, examples: list[Hit], clauses: list[str]) -> str:
    """The shortcomings: an opening sentence, then each problem in the register (一是…二是… when several)."""
    opening = opening_sentence(examples, guard_of(request)) or "对照法治政府建设的目标要求，我局工作仍存在一些不足。"
    if not re.search(r"(不足|问题|差距|短板)", opening):
        opening = "对照法治政府建设的目标要求，我局工作仍存在一些不足。"
    used: set[str] = set()
    problems = [with_gap(fact, clause, used) for fact, clause in zip(request.facts, clauses)]
    if len(problems) == 1:
        return opening + problems[0] + "。"
    opening = re.sub(r"[。，]$", "", opening) + "，主要表现在：" if "表现" not in opening else opening
    return opening + "".join(f"{chinese_number(n + 1)}是{c}。" for n, c in enumerate(problems))


def with_gap(fact: Fact, clause: str, used: set[str]) -> str:
    """A problem and, unless it already says what it holds back, the consequence frame of its kind
    (its gap, else the requirement it falls short of), each frame once in the part."""
    clause, forms, kind = CLAUSE_END.sub("", clause), form_data(), part_kind(fact.text)
    requirement = forms["requirements"].get(kind, forms["requirement_generic"])
    if clause.endswith("不相适应") and "与" not in clause.rsplit("，", 1)[-1]:  # 专业知识不相适应: say with what
        return f"{clause[:-4]}与{requirement}的要求还不相适应"
    if not any(m in clause for m in forms["problem_markers"]) \
            or any(re.search(m, clause) for m in forms["consequence_markers"]):
        return clause
    frames = [kinds().get(kind, {}).get("gap", ""), forms["requirement_frame"].format(requirement=requirement),
              forms["requirement_frame"].format(requirement=forms["requirement_generic"])]
    frame = next((f for f in frames if f and f not in used and not restates(f, clause)), "")
    used.add(frame)
    return f"{clause}，{frame}" if frame else clause


# --- the plans ----------------------------------------------------------------------------------

def compose_plans(request: DraftRequest, examples: list[Hit], clauses: list[str]) -> str:
    """Next year's plan: "{下一年}年，我局将…：" then "（一）heading。lead，进一步plan，means，aim。" per kind."""
    items = group_plans(request.facts, [plan_clause(c) for c in clauses])
    head_plans(items, item_headings_of(examples, guard_of(request)), request.variant)
    year = f"{request.year + 1}年，" if request.year else "下一步，"
    opening = year + pick(kind_data()["plans_opening"], request.variant)
    paragraphs = [f"（{chinese_number(n + 1)}）{item.heading}。{plan_body(item, n)}" for n, item in enumerate(items)]
    return "\n".join([opening] + paragraphs)


def item_headings_of(examples: list[Hit], guard: PhraseGuard) -> list[str]:
    """First clauses of the examples' subheadings, each a heading candidate for a plan item."""
    return [h.split("，")[0] for h in section_headings(examples, guard)]


def head_plans(items: list[PlanItem], candidates: list[str], variant: int) -> None:
    """Each plan item's heading: an example's or its kind's that fits the plans without restating
    them; when none does, the plan itself, which then leaves the body."""
    taken: set[str] = set()
    for item in items:
        fitting = [h for h in candidates if part_kind(h) == item.kind and item.kind]
        options = fitting + kinds().get(item.kind, {}).get("headings", [])
        options = [h for h in options if h not in taken and not any(echoes(h, c) for c in item.clauses)]
        aim = plan_frame(item.kind)["aim"]  # a heading that leaves the aim to be said goes first
        options = sorted(options, key=lambda h: echoes(h, aim))
        item.heading = pick(options, variant)
        if not item.heading and heading_like(item.clauses[0]):
            item.heading, item.clauses = re.sub(r"^进一步", "", item.clauses[0]), item.clauses[1:]
        item.heading = item.heading or "扎实推进重点工作"
        taken.add(item.heading)


def heading_like(clause: str) -> bool:
    """True for a plan short enough to stand as a heading: one clause, no number."""
    return 4 <= len(clause) <= 20 and not re.search(r"[，；,;0-9]", clause)


def plan_body(item: PlanItem, n: int = 0) -> str:
    """"lead，进一步plan，means，aim。": the plans in their own words, framed by their kind (the n-th
    item's generic frame when it has none)."""
    frame = plan_frame(item.kind, n)
    lead = frame["lead"] if frame["lead"] and not echoes(item.heading, frame["lead"]) else ""
    said = item.heading + "".join(item.clauses)
    means = frame["means"] if frame["means"] and not restates(frame["means"], said, runs=True) else ""
    # the generic aim stands in for the kind's when that one is said, unless a plan says what it is for
    own_aim = any("，" in c for c in item.clauses)
    aims = [frame["aim"]] + ([] if own_aim else [pick(form_data()["plan_generic"], n)["aim"]])
    aim = next((a for a in aims if a and not restates(a, said, runs=True) and not echoes(item.heading, a)), "")
    plans = [CLAUSE_END.sub("", c) for c in item.clauses]
    if plans and means:  # how it is done follows the plan's first clause, before any aim of its own
        first, _, rest = plans[-1].partition("，")
        plans[-1] = "，".join(p for p in (first, means, rest) if p)
    elif means:
        plans = [means]
    body = "，".join(p for p in [lead, "，".join(plans), aim] if p)
    return f"{body}。" if body else ""


def plan_frame(kind: str, n: int = 0) -> dict:
    """The lead, means and aim a plan of this kind is framed with (the n-th plan_generic for no kind)."""
    forms, known = form_data(), kinds().get(kind)
    if not known:
        return pick(forms["plan_generic"], n)
    return {"lead": pick(known.get("leads", []), 0), "means": forms["means"].get(kind, ""), "aim": known.get("aim", "")}


def plan_clause(clause: str) -> str:
    """A plan stated as what will be done: 进一步 in front of a bare verb; its year goes, since the
    part's opening states it (2025年，我局将…)."""
    clause = _PLAN_YEAR.sub("", clause)
    verb = opening_verb(clause) or clause.startswith(tuple(form_data()["plan_verbs"]))
    if re.match(r"(进一步|持续|继续|深入|全面|不断|着力|加快|力争|确保|将)", clause) or not verb \
            or re.search(r"[0-9]", clause):  # a counted fact is last year's result, not a plan
        return clause
    return "进一步" + clause


# --- the opening and the closing --------------------------------------------------------------------

def compose_preamble(request: DraftRequest, examples: list[Hit], clauses: list[str]) -> str:
    """"2024年，{在…领导下，}我局坚持……。{facts}现将……报告如下：" with framing from example openings."""
    formula = [c for c in clauses if "报告如下" in c]
    led_by = [c for c in clauses if _LED_BY.match(c)]
    facts = "".join(c + "。" for c in clauses if c not in formula + led_by)
    year = str(request.year or "本")
    ending = formula[0].rstrip("：:") + "：" if formula else f"现将{year}年度法治政府建设工作情况报告如下："
    if re.match(r"(20[0-9]{2}\s*年|今年)", facts):  # the facts open the year themselves
        return f"{facts}{ending}"
    opening = f"{request.year}年，" if request.year else "今年以来，"
    earlier = [h for h in examples if not request.year or not h.year or h.year <= request.year]
    led = led_by_fact(led_by[0]) if led_by else leadership_phrase(earlier, request.bureau)
    framing = "，".join(distinct_framing(framing_clauses(earlier, guard_of(request)) + form_data()["builtin_framing"]))
    author = request.bureau or "我局"
    return f"{opening}{author}{led + '，' if led else ''}{framing}。{facts}{ending}"


def led_by_fact(clause: str) -> str:
    """A fact that names who led the work (区委区政府正确领导下) as the opening's frame: 在区委区政府的正确领导下."""
    found = _LED_BY.match(clause)
    return f"在{found[1]}的{found[2]}领导下"


def distinct_framing(clauses: list[str]) -> list[str]:
    """The framing clauses that name no key phrase an earlier one names (one of each thought, congress…)."""
    kept, named = [], set()
    for clause in clauses:
        keys = framing_keys(clause)
        if keys & named or (not keys and clause in kept):
            continue
        kept.append(clause)
        named |= keys
    return kept[:form_data()["framing_max"]]


def framing_keys(clause: str) -> set[int]:
    """The key-phrase groups a framing clause names (data/part_forms.yaml framing_keys)."""
    return {n for n, group in enumerate(form_data()["framing_keys"]) if any(p in clause for p in group)}


def compose_closing(request: DraftRequest) -> str:
    """The signature as the genre has it: the bureau, then the date (and any line) the facts give."""
    lines = [request.bureau or "（单位名称）"]
    lines += [written_date(f.text.strip("。 ")) for f in request.facts]
    return "\n".join(lines)


def written_date(text: str) -> str:
    """A date jotted 2025.1.20, 2025-01-20 or 2025/1/20 written as 2025年1月20日; other text as it is."""
    found = re.fullmatch(r"(20[0-9]{2})\s*[.\-/／．]\s*([01]?[0-9])\s*[.\-/／．]\s*([0-3]?[0-9])", text)
    if not found:
        return text
    return f"{found[1]}年{int(found[2])}月{int(found[3])}日"
