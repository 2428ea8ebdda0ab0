"""Last year's report as a source: the same bureau's previous report found in the knowledge base,
its figures matched to this year's facts (同比 offered as computed facts, with formula and passage),
and a draft's numbers reviewed against it (a wrong 同比, last year's figure left in).

Figures are read by the same number finder as facts and drafts (assistant/check/mentions.py) and bound to
a fact by subject and measure word; nothing is guessed where two of last year's figures fit.
Last year's plans are followed up in assistant/check/planreview.py. Words: assistant/data/lastyear.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from assistant.kb.documents import Report, load_report
from assistant.errors import AssistantError
from assistant.check.facts import Fact
from assistant.check.formulas import FALLING, RISING
from assistant.check.mentions import find_quantities
from assistant.kb.organs import same_bureau
from assistant.check.quantity import Interval, Quantity, plain_number
from assistant.check.subjects import subject_bigrams, subject_similarity
from assistant.check.verdicts import DERIVED, STALE, SUPPORTED, UNSUPPORTED, CheckResult, Mention
from assistant.wordlists import data_file

_SENTENCE_END = "。；;！？\n"
_NOT_FIGURE_PARTS = ("plans", "closing")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+是|其中|此外)")
FROM_LAST_YEAR = "由上年报告计算得出"  # how a 同比 proven by last year's report is labelled


def words() -> dict:
    """The word lists of assistant/data/lastyear.yaml, read once."""
    return data_file("lastyear.yaml")


# --- last year's report -----------------------------------------------------------------------

@dataclass
class Figure:
    """A number of last year's report with the sentence it stands in."""

    quantity: Quantity
    passage: str
    heading: str

    @property
    def label(self) -> str:
        """The figure with the words before it: 立案70起."""
        return _label(self.quantity)


@dataclass
class PlanItem:
    """One promise of last year's plans part."""

    text: str
    heading: str = ""


@dataclass
class LastYear:
    """The bureau's previous report: its figures (outside the plans) and its plan items."""

    source: str
    bureau: str
    year: int
    figures: list[Figure] = field(default_factory=list)
    plans: list[PlanItem] = field(default_factory=list)

    @classmethod
    def from_report(cls, report: Report) -> LastYear:
        """Figures and plan items of a parsed report."""
        last = cls(report.source, report.bureau, report.year or 0)
        for part in report.parts:
            for section in part.sections:
                heading = " · ".join(h for h in (part.heading, section.heading) if h)
                if part.part == "plans":
                    last.plans += _plan_items(section)
                elif part.part not in _NOT_FIGURE_PARTS:
                    last.figures += [f for item in section.items for f in _figures(item.text, heading)]
        return last

    @classmethod
    def from_passages(cls, source: str, bureau: str, year: int, passages: list[tuple[dict, str]]) -> LastYear:
        """Figures and plan items of a report's indexed passages (metadata, text), in order."""
        last = cls(source, bureau, year)
        for meta, text in passages:
            if meta.get("part") == "plans":
                last.plans.append(PlanItem(text, meta.get("heading_path", "")))
            elif meta.get("part") not in _NOT_FIGURE_PARTS:
                last.figures += _figures(text, meta.get("heading_path", ""))
        return last

    @property
    def where(self) -> str:
        return f"{self.year}年报告《{self.source}》"


def _figures(text: str, heading: str) -> list[Figure]:
    """Counted numbers (with a measure word) of a passage, each with its sentence."""
    found = []
    for q in find_quantities(text):
        if q.kind == "number" and q.unit and not q.ignore:
            found.append(Figure(q, _sentence(text, q.start, q.end), heading))
    return found


def _plan_items(section) -> list[PlanItem]:
    """A plans section's items; a section written as a heading only is one item."""
    heading = section.heading.rstrip("。；;，, ")
    items = [PlanItem(item.text, heading) for item in section.items if item.text.strip()]
    if len(items) == 1 and heading and not items[0].text.startswith(heading):
        items = [PlanItem(f"{heading}。{items[0].text}", heading)]  # （一）加强…。正文: one promise
    return items or ([PlanItem(heading, heading)] if heading else [])


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in _SENTENCE_END) + 1
    ends = [i for i in (text.find(mark, end) for mark in _SENTENCE_END) if i >= 0]
    return text[left:min(ends, default=len(text))].strip()


def find_last_year(kb, bureau: str, year: int | None) -> tuple[LastYear | None, str]:
    """The bureau's most recent report before `year` in the knowledge base, or None and a plain notice."""
    if not bureau or not year:
        return None, "未指定单位或年度，未查找上年报告。"
    if kb is None:
        return None, "知识库未配置，未查找上年报告。"
    earlier = [d for d in kb.documents() if d.year and d.year < year and same_bureau(d.bureau, bureau)]
    if not earlier:
        return None, f"知识库中没有{bureau}{year - 1}年或更早的报告：未计算同比，也未核对上年计划。"
    info = max(earlier, key=lambda d: (d.year, d.source))
    try:
        last = _read(kb, info)
    except AssistantError as e:
        return None, f"上年报告《{info.source}》无法读取（{e}），未计算同比。"
    notice = "" if info.year == year - 1 else f"知识库中没有{year - 1}年的报告，改用{info.year}年报告。"
    return last, notice


def _read(kb, info) -> LastYear:
    """The report from its file; from its indexed passages when the file has moved."""
    if info.path and Path(info.path).is_file():
        report = load_report(Path(info.path))
        report.year = info.year
        return LastYear.from_report(report)
    got = kb.collection.get(where={"source": info.source}, include=["documents", "metadatas"])
    passages = sorted(zip(got["metadatas"], got["documents"]), key=lambda p: p[0].get("start", 0))
    return LastYear.from_passages(info.source, info.bureau, info.year, passages)


# --- matching a fact to last year's figure ----------------------------------------------------

def _unit_key(unit: str) -> str:
    for family in words()["unit_families"]:
        if unit in family:
            return family[0]
    return unit


def _comparable(a: Quantity, b: Quantity) -> bool:
    return a.kind == b.kind == "number" and _unit_key(a.base_unit) == _unit_key(b.base_unit)


def _closeness(q: Quantity, figure: Figure) -> tuple[float, float]:
    """Shares of the pairs of words before the numbers the two have in common, of q's and of the
    figure's: 立案 is all of 立案88件's subject and of 全年立案41起's, a fifth of 依法立案查处6起's;
    培训 is little of 培训执法人员180人次's."""
    shared = subject_similarity(q, figure.quantity)[0]
    before_q, before_f = subject_bigrams(q.subject)[2], subject_bigrams(figure.quantity.subject)[2]
    if not shared:
        return 0.0, 0.0
    return shared / len(before_q), min(1.0, shared / len(before_f)) if before_f else 0.0


def match_figure(q: Quantity, figures: list[Figure], threshold: float = 0.7) -> Figure | None:
    """Last year's figure for the same subject and measure word; None when none or two disagree."""
    scored = [(_closeness(q, f), f) for f in figures if _comparable(q, f.quantity)]
    scored = [(s, f) for s, f in scored if s[0] >= threshold]
    if not scored:
        return None
    best = max(s for s, _ in scored)
    top = {f.quantity.base_value for s, f in scored if s == best}
    return next(f for s, f in scored if s == best) if len(top) == 1 else None


# --- 同比 offered as computed facts -----------------------------------------------------------

@dataclass
class Change:
    """A 同比 computed from a fact and last year's figure, offered to the drafter."""

    id: str
    fact: Fact
    quantity: Quantity
    figure: Figure
    clause: str  # 同比增长25.7%
    formula: str
    year: int
    source: str

    @property
    def line(self) -> str:
        """The offered fact: 立案88起（上年70起，同比增长25.7%）."""
        return f"{_label(self.quantity)}（上年{self.figure.quantity.text}，{self.clause}）"

    @property
    def reason(self) -> str:
        return f"{FROM_LAST_YEAR}（{self.year}年：{self.figure.label}，见《{self.source}》：{_short(self.figure.passage)}），请人工确认"

    def to_dict(self) -> dict:
        return {"id": self.id, "fact_id": self.fact.id, "line": self.line, "clause": self.clause,
                "formula": self.formula, "last_year": self.figure.quantity.text, "year": self.year,
                "passage": self.figure.passage, "source": self.source}


def _label(q: Quantity) -> str:
    """A number with the words before it, without a bullet: 立案88起."""
    before = _ORDINAL.sub("", q.subject.split("|")[0].lstrip("-*+•· "))
    return before + q.text


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def offer_changes(facts: list[Fact], last: LastYear | None) -> list[Change]:
    """Every fact quantity with last year's figure for it, as a computed 同比. Each of last year's
    figures goes to the fact that matches it best (办理行政复议案件3件, not 办理行政许可4580件)."""
    if last is None:
        return []
    candidates = [(fact, q, figure, _closeness(q, figure)) for fact, q in _comparable_quantities(facts)
                  if (figure := match_figure(q, last.figures))]
    best: dict[int, tuple[float, float]] = {}
    for _, _, figure, score in candidates:
        best[id(figure)] = max(best.get(id(figure), (0.0, 0.0)), score)
    offers: list[Change] = []
    for fact, q, figure, score in candidates:
        if score == best[id(figure)] and not figure.quantity.qualifiers and figure.quantity.base_value:
            clause, formula = change_clause(q, figure.quantity)
            offers.append(Change(_change_id(fact, offers), fact, q, figure, clause, formula, last.year, last.source))
    return offers


def _change_id(fact: Fact, offers: list[Change]) -> str:
    """Y-F3 for fact F3's first 同比, Y-F3-2 for its second: the same in a section and the whole report."""
    n = sum(c.fact.id == fact.id for c in offers)
    return f"Y-{fact.id}" + (f"-{n + 1}" if n else "")


def _comparable_quantities(facts: list[Fact]):
    """(fact, quantity) of exact counted figures, in facts that do not state their own comparison."""
    for fact in facts:
        if any(w in fact.text for w in ("同比", *words()["last_year_words"])):
            continue
        for q in fact.quantities:
            if q.kind == "number" and q.unit and not q.qualifiers:
                yield fact, q


def change_clause(this: Quantity, last: Quantity) -> tuple[str, str]:
    """The 同比 clause and its formula: (同比增长25.7%, |88-70|/70 = 25.71% ≈ 25.7%)."""
    x, y = this.base_value, last.base_value
    if this.unit == "%":
        points = (x - y).quantize(Decimal("0.1"), ROUND_HALF_UP)
        word = "提高" if x > y else "下降"
        clause = "与上年持平" if x == y else f"同比{word}{plain_number(abs(points))}个百分点"
        return clause, f"{plain_number(x)}-{plain_number(y)} = {plain_number(x - y)}个百分点"
    ratio = abs(x - y) / y * 100
    rounded = plain_number(ratio.quantize(Decimal("0.1"), ROUND_HALF_UP))
    clause = "与上年持平" if x == y else f"同比{'增长' if x > y else '下降'}{rounded}%"
    return clause, f"|{plain_number(x)}-{plain_number(y)}|/{plain_number(y)} = {ratio:.2f}% ≈ {rounded}%"


def with_changes(facts: list[Fact], chosen: list[Change]) -> list[Fact]:
    """The facts with each chosen 同比 written into its fact, after the figure (for the offline drafter)."""
    by_fact: dict[str, list[Change]] = {}
    for change in chosen:
        by_fact.setdefault(change.fact.id, []).append(change)
    result = []
    for fact in facts:
        text = fact.text
        for change in sorted(by_fact.get(fact.id, []), key=lambda c: -c.quantity.end):
            text = text[:change.quantity.end] + f"，{change.clause}" + text[change.quantity.end:]
        result.append(fact if text == fact.text else replace(fact, text=text, quantities=list(fact.quantities)))
    return result


def change_facts(chosen: list[Change]) -> list[Fact]:
    """The chosen 同比 as facts with their own ids (Y-F1 …), for the model."""
    return [Fact(c.id, c.line, [q for q in find_quantities(c.line) if not q.ignore], c.fact.part, c.fact.topic)
            for c in chosen]


# --- reviewing a draft's numbers against last year --------------------------------------------

def from_last_year(m: Mention) -> bool:
    """A derived 同比 proven by last year's report: computed by us, not by the drafter."""
    return m.status == DERIVED and m.reason.startswith(FROM_LAST_YEAR)


def review_check(check: CheckResult, draft: str, facts: list[Fact], last: LastYear | None) -> CheckResult:
    """The check with last year's report consulted: 同比 proven or refuted by last year's figure,
    last year's figures stated as such supported, last year's figure left in flagged."""
    if last is None:
        return check
    offers = offer_changes([f for f in facts if not f.id.startswith("Y-")], last)
    by_quantity = {(c.fact.id, c.quantity.start): c for c in offers}
    by_id = {c.id: c for c in offers}
    reviewed: list[Mention] = []
    for m in check.mentions:
        reviewed.append(_review(m, draft, reviewed, by_quantity, by_id, last))
    check.mentions = reviewed
    return check


def _review(m: Mention, draft: str, before: list[Mention], by_quantity, by_id, last: LastYear) -> Mention:
    q = m.quantity
    if m.status not in (SUPPORTED, DERIVED, UNSUPPORTED) or q.kind != "number":
        return m
    offered = next((by_id[i] for i in m.fact_ids if i in by_id), None)
    clause = _clause_before(draft, q.start)
    if offered and offered.clause and q.unit in ("%", "个百分点"):
        return Mention(q, DERIVED, offered.reason, m.fact, offered.formula, m.used)
    if _is_change(q, clause):
        change = _change_of(q, draft, before, by_quantity)
        if change:
            return _judge_change(m, change)
    if m.status == SUPPORTED or not q.unit:
        return m
    if _says_last_year(clause, last):  # 立案88件（上年70起…: last year's figure of the sentence's subject
        change = _change_of(q, draft, before, by_quantity)
        if change and change.figure.quantity.base_value == q.base_value:
            return _stated_last_year(q, change.figure, last)
    return _against_last_figures(m, clause, last)


def _says_last_year(clause: str, last: LastYear) -> bool:
    return any(w in clause for w in (*words()["last_year_words"], f"{last.year}年"))


def _stated_last_year(q: Quantity, figure: Figure, last: LastYear) -> Mention:
    """A figure the draft gives as last year's, supported by last year's report."""
    fact = Fact(f"上年:{last.source}", figure.passage, [figure.quantity])
    return Mention(q, SUPPORTED, f"取自{last.where}：{_short(figure.passage)}", fact)


def _clause_before(draft: str, start: int) -> str:
    left = max(draft.rfind(mark, 0, start) for mark in _SENTENCE_END + "，,") + 1
    return draft[left:start]


def _is_change(q: Quantity, clause: str) -> bool:
    return q.unit in ("%", "个百分点") and any(w in clause for w in words()["change_words"])


def _change_of(q: Quantity, draft: str, before: list[Mention], by_quantity) -> Change | None:
    """The offered change of the figure this 同比 follows: the last supported number of its sentence."""
    left = max(draft.rfind(mark, 0, q.start) for mark in _SENTENCE_END) + 1
    for m in reversed(before):
        if m.quantity.start < left:
            break
        for key in m.used:
            if key in by_quantity:
                return by_quantity[key]
    return None


def _judge_change(m: Mention, change: Change) -> Mention:
    """A 同比 that agrees with last year's report is derived (formula and passage); otherwise unsupported."""
    q = m.quantity
    expected = _expected(change)
    direction_ok = _direction_agrees(q, change)
    if expected is not None and direction_ok and q.allowed.contains(_point(expected)):
        return Mention(q, DERIVED, change.reason, change.fact, change.formula, ((change.fact.id, change.quantity.start),))
    reason = (f"同比与上年报告不符：本年{change.quantity.text}，上年{change.figure.quantity.text}"
              f"（{change.year}年报告），应为{change.clause}，文中为{q.text}")
    return Mention(q, UNSUPPORTED, reason, change.fact, change.formula, m.used)


def _direction_agrees(q: Quantity, change: Change) -> bool:
    """增长 for a rise, 下降 for a fall: a 同比 with the wrong direction is wrong whatever its size."""
    before = q.subject.split("|")[0]
    x, y = change.quantity.base_value, change.figure.quantity.base_value
    return not (RISING.search(before) and x < y) and not (FALLING.search(before) and x > y)


def _expected(change: Change) -> Decimal | None:
    x, y = change.quantity.base_value, change.figure.quantity.base_value
    return abs(x - y) if change.quantity.unit == "%" else abs(x - y) / y * 100


def _point(value: Decimal) -> Interval:
    return Interval(value, value)


def _without_last_year_words(subject: str) -> str:
    """较上年检查经营主体 -> 检查经营主体: the words that say "last year" are not the subject."""
    words_re = "|".join(sorted(map(re.escape, words()["last_year_words"]), key=len, reverse=True))
    return re.sub(rf"(?:[较比与]|同比)?(?:{words_re})", "", subject)


def _against_last_figures(m: Mention, clause: str, last: LastYear) -> Mention:
    """A number equal to last year's figure for its subject: stated as last year's, it is supported
    by the report; otherwise it is last year's figure left in."""
    q = m.quantity
    figure = match_figure(replace(q, subject=_without_last_year_words(q.subject)), last.figures)
    if figure is None or figure.quantity.base_value != q.base_value:
        return m
    if _says_last_year(clause, last):
        return _stated_last_year(q, figure, last)
    if m.status != UNSUPPORTED:
        return m
    reason = f"与上年报告相同（{last.year}年：{figure.label}），请确认"
    if m.reason.startswith("与事实不符"):
        reason += "；本年" + m.reason.removeprefix("与事实不符：")
    return Mention(q, STALE, reason, m.fact, m.formula, m.used)
