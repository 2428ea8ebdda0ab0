"""The one place where the assistant's parts are wired together from settings."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.check.claims import check_draft, new_names
from assistant.write.composer import VARIANT_NOTICE, OfflineDrafter
from assistant.config import Settings
from assistant.kb.decoding import refuse_nul
from assistant.write.drafting import Draft, Drafter, DraftRequest, clean_reply, draft_section, source_dict, stream_section
from assistant.errors import InputError, LLMError
from assistant.check.facts import Fact, parse_facts
from assistant.kb.index import Hit, KnowledgeBase
from assistant.check.lastyear import Change, LastYear, find_last_year, offer_changes, review_check
from assistant.check.numbers import IGNORED, UNSUPPORTED, CheckResult, Mention
from assistant.check.planreview import PlanReview, review_plans
from assistant.write.polishing import number_diff, polish_offline
from assistant.kb.taxonomy import PARTS, TOPICS, choices, find_label


@dataclass
class Polished:
    """A polished paragraph, or the original with the reason a polish was refused."""

    text: str
    original: str
    backend: str
    check: CheckResult | None = None  # against the facts, when facts were given
    notice: str = ""

    def to_dict(self) -> dict:
        return {"text": self.text, "check": self.check.to_dict() if self.check else None, "sources": [],
                "backend": self.backend, "tokens": 0, "notice": self.notice}


@dataclass
class Examples:
    """Comparable passages for a reviewer, with a short answer that introduces them (a model's answer
    comes with the check of its numbers and names against the passages it cites)."""

    text: str
    hits: list[Hit] = field(default_factory=list)
    backend: str = "offline"
    check: CheckResult | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "check": self.check.to_dict() if self.check else None,
                "sources": [source_dict(h) | {"text": h.text} for h in self.hits], "backend": self.backend, "tokens": 0}


def resolve(labels, value: str | None, what: str) -> str:
    """A part or topic id from an id or a Chinese name; InputError listing the choices otherwise."""
    if not value:
        return ""
    try:
        return find_label(labels, value).id
    except KeyError:
        raise InputError(f"未知的{what}“{value}”，可选：{choices(labels)}") from None


class Assistant:
    """Drafting, polishing, examples and the number check over one knowledge base."""

    def __init__(self, settings: Settings, kb: KnowledgeBase | None, drafter: Drafter, llm=None):
        self.settings = settings
        self.kb = kb
        self.drafter = drafter
        self.llm = llm  # an LLMClient when a model is configured
        self.offline = OfflineDrafter(settings.draft_arabic_digits)
        self._last_years: dict[tuple, tuple[LastYear | None, str]] = {}
        self._last_years_version: tuple | None = None  # the knowledge base's version they were read at

    @classmethod
    def from_settings(cls, settings: Settings) -> "Assistant":
        kb = KnowledgeBase.from_settings(settings)
        if not settings.llm_base_url:
            return cls(settings, kb, OfflineDrafter(settings.draft_arabic_digits))
        from assistant.write.llm import LLMClient
        from assistant.write.llm_drafter import LLMDrafter

        llm = LLMClient(settings)
        return cls(settings, kb, LLMDrafter(llm, settings.llm_context_tokens, kb, settings.llm_response_format), llm)

    @property
    def backend(self) -> str:
        return self.drafter.backend

    def draft(self, part: str, facts: str | list[Fact], *, topic: str | None = None, bureau: str = "",
              year: int | None = None, context_facts: list[Fact] = (), changes: list[str] = (),
              variant: int = 0) -> Draft:
        """A section of the given part drafted from the facts, checked, with its sources (`variant`: 再来一版)."""
        *_, draft = self.draft_stream(part, facts, topic=topic, bureau=bureau, year=year, stream=False,
                                      context_facts=context_facts, changes=changes, variant=variant)
        return draft

    def draft_stream(self, part: str, facts: str | list[Fact], *, topic: str | None = None, bureau: str = "",
                     year: int | None = None, stream: bool = True,
                     context_facts: list[Fact] = (), variant: int = 0,
                     changes: list[str] = ()) -> Iterator["str | Draft"]:
        """The draft's text as it grows, then the checked Draft; a failing model falls back offline.

        `variant` > 0 asks for another version of the same request (再来一版); `changes` are ids of
        offered 同比 (Y-F1 …) to write in; the bureau's previous report is consulted."""
        request = self.request(part, facts, topic, bureau, year)
        request.context_facts, request.variant = list(context_facts), variant
        request.last_year, _ = self.last_year(bureau, year)
        request.changes = [c for c in offer_changes(request.facts, request.last_year) if c.id in set(changes)]
        try:
            steps = stream_section(request, self.drafter, self.kb) if stream else [draft_section(request, self.drafter, self.kb)]
            for step in steps:
                if isinstance(step, Draft) and variant and step.backend == "offline":
                    step.notice = VARIANT_NOTICE  # the rules give another version, a model a freer one
                yield step
        except LLMError as e:
            draft = draft_section(request, self.offline, self.kb)
            draft.notice = f"{e} 已改用离线起草。"
            yield draft

    def request(self, part: str, facts: str | list[Fact], topic: str | None, bureau: str,
                year: int | None) -> DraftRequest:
        """A drafting request from what a person typed: part and topic by id or Chinese name."""
        return DraftRequest(resolve(PARTS, part, "部分") or "measures", as_facts(facts),
                            resolve(TOPICS, topic, "主题"), bureau, year)

    def polish(self, text: str, facts: str | None = None, year: int | None = None) -> Polished:
        """A tighter version of the text whose numbers are exactly the original's."""
        if not text.strip():
            raise InputError("待润色的文字是空的：请粘贴一段正文。")
        refuse_nul(text, "待润色的文字")
        polished, backend, notice = self._polish_with_model(text) if self.llm else (polish_offline(text), "offline", "")
        diff = number_diff(text, polished)
        if diff:  # refuse rather than change a number
            polished, backend, notice = text, "offline", f"润色会改动数字，已保留原文：{diff.describe()}"
        check = self.check(polished, facts, year) if facts and facts.strip() else None
        return Polished(polished, text, backend, check, notice)

    def _polish_with_model(self, text: str) -> tuple[str, str, str]:
        """The model's polish, refused in favour of the rules' when it changes a number or fails."""
        from assistant.write.prompts import load_prompt

        try:
            reply = self.llm.complete(load_prompt("polish").render(paragraph=text))
        except LLMError as e:
            return polish_offline(text), "offline", f"{e} 已改用规则润色。"
        candidate = polish_offline(clean_reply(reply))
        diff = number_diff(text, candidate)
        if diff:
            return polish_offline(text), "offline", f"模型的润色改动了数字，已拒绝并改用规则润色：{diff.describe()}"
        added = new_names(text, candidate)
        if added:
            return polish_offline(text), "offline", f"模型的润色添加了原文没有的名称，已拒绝并改用规则润色：{'、'.join(added)}"
        return candidate, "llm", ""

    def examples(self, query: str, k: int = 5, **filters) -> Examples:
        """Comparable passages from other reports, each with its source, bureau, year and heading."""
        if self.kb is None:
            return Examples("知识库未配置。")
        hits = self.kb.search(query, k, **filters)
        if not hits:
            return Examples("知识库中没有找到相近的段落，可以换个说法或放宽筛选条件。")
        lines = [f"{n}. {h.bureau or h.source} {h.year or ''}年 · {h.heading_path}：{h.text}" for n, h in enumerate(hits, 1)]
        listing = f"找到 {len(hits)} 段可参考的写法：\n" + "\n".join(lines)
        if self.llm:
            return self._examples_with_model(query, hits, listing)
        return Examples(listing, hits)

    def _examples_with_model(self, query: str, hits: list[Hit], listing: str) -> Examples:
        from assistant.write.llm_drafter import format_passages
        from assistant.write.prompts import load_prompt

        try:
            answer = self.llm.complete(load_prompt("examples").render(question=query, passages=format_passages(hits)))
        except LLMError as e:
            return Examples(f"{listing}\n\n提示：{e}", hits)
        answer = clean_reply(answer)
        check = check_answer(answer, hits)
        return Examples(answer + flag_note(check), hits, "llm", check)

    def check(self, draft: str, facts: str, year: int | None = None, examples: list[str] = (),
              bureau: str = "") -> CheckResult:
        """The check of any text's numbers and names against pasted facts (and the examples it was
        written from), with the bureau's previous report consulted when bureau and year are known."""
        refuse_nul(draft, "文稿")
        fact_list = parse_facts(facts)
        check = check_draft(draft, fact_list, year=year, examples=examples, bureau=bureau)
        return review_check(check, draft, fact_list, self.last_year(bureau, year)[0])

    def last_year(self, bureau: str, year: int | None) -> tuple[LastYear | None, str]:
        """The bureau's previous report in the knowledge base (read once per bureau and year until the
        knowledge base changes, here or in another process), or None and a plain notice."""
        key = (bureau, year)
        version = self.kb.version() if self.kb is not None else None
        if version != self._last_years_version:  # every report found may have changed
            self._last_years, self._last_years_version = {}, version
        if key not in self._last_years:
            self._last_years[key] = find_last_year(self.kb, bureau, year)
        return self._last_years[key]

    def offers(self, facts: str | list[Fact], bureau: str, year: int | None) -> tuple[list[Change], str]:
        """The 同比 last year's report allows for these facts (ids Y-F1 …), and a notice when there are none."""
        last, notice = self.last_year(bureau, year)
        fact_list = as_facts(facts) if facts and (not isinstance(facts, str) or facts.strip()) else []
        offers = offer_changes(fact_list, last)
        if last is not None and not offers and fact_list:
            notice = notice or f"上年报告（{last.year}年）中没有与这些事实同一主语的数字，无同比可算。"
        return offers, notice

    def plan_review(self, facts: str | list[Fact], bureau: str, year: int | None) -> PlanReview:
        """Last year's plans, each with this year's facts that address it (or 未见落实情况)."""
        last, notice = self.last_year(bureau, year)
        return review_plans(as_facts(facts), last, notice)


_CITATION = re.compile(r"\[(?:例)?[0-9]{1,2}\]")


def check_answer(answer: str, hits: list[Hit]) -> CheckResult:
    """The check of a model's answer about examples: its numbers and names must stand in the passages
    it cites (with their bureau, year and heading); citation marks [1] are not numbers."""
    passages = "\n".join(f"{h.bureau}{h.year or ''}年 {h.source} {h.heading_path}：{h.text}" for h in hits)
    blanked = _CITATION.sub(lambda m: " " * len(m[0]), answer)
    check = check_draft(blanked, parse_facts(passages), year=None)
    check.mentions = [_structure_word(m) for m in check.mentions]
    return check


def _structure_word(mention: Mention) -> Mention:
    """An answer describes the passages' shape in small Chinese numerals (分两条写, 两个并列短句);
    stated counts are written in Arabic digits (GB/T 15835), so those are not claims."""
    q = mention.quantity
    small = q.base_value is not None and q.base_value <= 10 and not re.search(r"[0-9０-９]", q.text)
    if mention.status == UNSUPPORTED and small and q.kind == "number":
        return Mention(q, IGNORED, "概括段落写法的数目")
    return mention


def flag_note(check: CheckResult) -> str:
    """The line added to an answer whose numbers or names are not in the passages it cites."""
    wrong = [m.quantity.text for m in check.unsupported] + [n.text for n in check.unsupported_names]
    if not wrong:
        return ""
    return "\n\n核对提示：以下内容在所引段落中找不到，请勿直接采用：" + "、".join(f"「{w}」" for w in wrong) + "。"


def as_facts(facts: str | list[Fact]) -> list[Fact]:
    return parse_facts(facts) if isinstance(facts, str) else facts
