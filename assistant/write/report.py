"""The whole report: a facts file with a section per part and topic, drafted part by part in the
standard order, numbered consistently (一、（一）一是), then checked and proofread as one text.

Facts file (Markdown): `## ` a part, `### ` a topic inside it, `- ` one fact per bullet; parts and
topics by id or in Chinese as a person would write them (`## 主要举措和成效`, `### 普法宣传`).
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from assistant.check.claims import check_draft
from assistant.write.drafting import Draft
from assistant.errors import InputError
from assistant.check.facts import Fact, parse_facts
from assistant.kb.formats import chinese_number
from assistant.check.lastyear import LastYear, review_check
from assistant.check.numbers import CheckResult
from assistant.write.part_prose import written_date
from assistant.check.planreview import PlanReview
from assistant.check.proofread import Finding, proofread
from assistant.kb.taxonomy import PARTS, Label, choices, classify_topic, label_of, topic_of_wording
from assistant.wordlists import data_file

ORDER = ("preamble", "measures", "highlights", "leader_duty", "shortcomings", "plans", "closing")
# Wordings a person uses for a part, beyond its id and canonical name (see DOMAIN.md).
# How a facts file's ## heading names a part: assistant/data/parts.yaml.
PART_WORDS = {part["id"]: tuple(part["facts_heading_words"]) for part in data_file("parts.yaml")}


@dataclass
class ReportFacts:
    """A whole report's facts, grouped by part and, inside measures and highlights, by topic."""

    facts: list[Fact]
    groups: dict[str, dict[str, list[Fact]]]  # part id -> topic id ("" for none) -> facts


@dataclass
class ReportDraft:
    """The assembled report with the number check and the proofreading of the whole text."""

    text: str
    check: CheckResult
    findings: list[Finding]
    sections: list[Draft] = field(default_factory=list)
    title: str = ""
    examples: list[str] = field(default_factory=list)  # the passages the parts were drafted from
    plan_review: PlanReview | None = None  # last year's plans followed up

    def to_dict(self) -> dict:
        return {"text": self.text, "check": self.check.to_dict(), "findings": [f.to_dict() for f in self.findings],
                "backend": self.sections[0].backend if self.sections else "offline",
                "notices": [d.notice for d in self.sections if d.notice],
                "plan_review": self.plan_review.to_dict() if self.plan_review else None}


def resolve_heading(labels: tuple[Label, ...], heading: str, words: dict[str, tuple[str, ...]], what: str) -> str:
    """A part or topic id from how a person wrote its heading; InputError naming the choices."""
    plain = re.sub(r"^[一二三四五六七八九十0-9]+[、.．]\s*|\s+", "", heading)
    try:
        return label_of(labels, plain).id
    except KeyError:
        pass
    for label in labels:
        if any(word in plain for word in words.get(label.id, label.keywords)):
            return label.id
    raise InputError(f"事实文件中的{what}标题“{heading}”无法识别，可选：{choices(labels)}")


def resolve_topic(heading: str, facts_text: str = "") -> str:
    """A topic id from a facts file's ### heading however worded, else from the facts under it
    (general when they name no known topic)."""
    try:
        return topic_of_wording(heading).id
    except KeyError:
        pass
    # “### 安全生产专项整治”, “### 社区矫正”: a heading of the bureau's own; what its facts are
    # about decides, and facts of no known topic are drafted as general measures, never refused.
    return classify_topic(facts_text, heading=heading)


def title_metadata(facts_text: str) -> tuple[str, int | None]:
    """The bureau and year named in a facts file's "# " title, e.g. "# 示例县应急管理局 2024 年度…"."""
    title = next((line[2:] for line in facts_text.splitlines() if line.startswith("# ")), "")
    bureau = re.search(r"(\S+?(?:局|委员会|办公室|厅))", title)
    year = re.search(r"(20[0-9]{2})\s*年", title)
    if not bureau:
        raise InputError("没有指定单位名称：请用 --bureau 给出，或在事实文件第一行写“# 某某局 2024 年度报告事实”。")
    return bureau[1], int(year[1]) if year else None


def read_report_facts(text: str) -> ReportFacts:
    """Facts grouped by their ## part and ### topic headings; facts before any heading open the report."""
    facts = parse_facts(text)
    groups: dict[str, dict[str, list[Fact]]] = {}
    for fact in facts:
        part = resolve_heading(PARTS, fact.part, PART_WORDS, "部分") if fact.part else "preamble"
        topic = resolve_topic(fact.topic, under_heading(facts, fact)) if fact.topic else ""
        groups.setdefault(part, {}).setdefault(topic, []).append(fact)
    return ReportFacts(facts, groups)


def under_heading(facts: list[Fact], fact: Fact) -> str:
    """The text of all facts under the same ## part and ### topic heading as fact."""
    return " ".join(f.text for f in facts if (f.part, f.topic) == (fact.part, fact.topic))


def draft_report(assistant, facts_text: str, *, bureau: str, year: int | None,
                 on_progress: Callable[[int, int, str], None] | None = None, changes: list[str] = ()) -> ReportDraft:
    """Every part drafted in the standard order, assembled, checked (last year's report consulted),
    proofread, and last year's plans followed up; `changes` are the ids of the 同比 to write in."""
    report_facts = read_report_facts(facts_text)
    jobs = list(section_jobs(report_facts))
    sections = []
    for n, (part, topic, facts) in enumerate(jobs):
        if on_progress:
            on_progress(n, len(jobs), label_of(PARTS, part).name)
        sections.append(assistant.draft(part, facts, topic=topic or None, bureau=bureau, year=year,
                                        context_facts=report_facts.facts, changes=changes))
    title = f"{bureau}{year or ''}年度法治政府建设工作报告"
    text = assemble(title, sections, bureau, closing_lines(report_facts))
    examples = list(dict.fromkeys(h.text for d in sections for h in d.sources))
    last, _ = assistant.last_year(bureau, year)
    check = check_draft(text, report_facts.facts, year=year, examples=examples, bureau=bureau)
    check = review_check(check, text, report_facts.facts, last)
    plans = assistant.plan_review(report_facts.facts, bureau, year)
    return ReportDraft(text, check, proofread(text, year), sections, title, examples, plans)


def review_report(text: str, facts_text: str, year: int | None, bureau: str = "",
                  examples: list[str] = (), last_year: LastYear | None = None) -> tuple[CheckResult, list[Finding]]:
    """The check (numbers and names, last year's report consulted when given) and the proofreading
    of a report text a person has edited."""
    facts = read_report_facts(facts_text).facts
    check = check_draft(text, facts, year=year, examples=examples, bureau=bureau)
    return review_check(check, text, facts, last_year), proofread(text, year)


def section_jobs(report_facts: ReportFacts) -> Iterator[tuple[str, str, list[Fact]]]:
    """(part, topic, facts) to draft, in the standard order; the opening is drafted even without facts."""
    for part in ORDER:
        topics = report_facts.groups.get(part, {})
        if part == "closing":
            continue
        if part == "preamble":
            yield part, "", topics.get("", [])
            continue
        for topic, facts in topics.items():
            yield part, topic, facts


def closing_lines(report_facts: ReportFacts) -> list[str]:
    return [written_date(f.text.strip("。 ")) for facts in report_facts.groups.get("closing", {}).values() for f in facts]


def assemble(title: str, sections: list[Draft], bureau: str, closing: list[str]) -> str:
    """The report text: title, opening, numbered parts with numbered sections, signature."""
    lines = [title, ""]
    by_part: dict[str, list[Draft]] = {}
    for draft in sections:
        by_part.setdefault(draft.request.part, []).append(draft)
    lines += [d.text for d in by_part.pop("preamble", [])]
    for n, (part, drafts) in enumerate(by_part.items()):
        lines += ["", f"{chinese_number(n + 1)}、{part_heading(part)}"]
        lines += numbered_sections(drafts) if part in ("measures", "highlights") else [d.text for d in drafts]
    lines += ["", bureau, *closing]
    return "\n".join(lines).strip() + "\n"


def part_heading(part: str) -> str:
    return label_of(PARTS, part).name


def numbered_sections(drafts: list[Draft]) -> list[str]:
    """Each topic's section as "（一）subheading。body", whatever form its drafter wrote it in."""
    out = []
    for n, draft in enumerate(drafts):
        subheading, body = split_subheading(draft.text)
        out.append(f"（{chinese_number(n + 1)}）{subheading}。{body}")
    return out


def split_subheading(text: str) -> tuple[str, str]:
    """The subheading (the first line, or the first sentence) and the body of a drafted section."""
    text = re.sub(r"^[（(][一二三四五六七八九十0-9]+[)）]\s*", "", text.strip())
    first, _, rest = text.partition("\n")
    if rest.strip():
        return first.rstrip("。"), rest.strip()
    head, _, body = text.partition("。")
    return head, body
