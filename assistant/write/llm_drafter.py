"""The model's drafter: one prompt per part over the configured OpenAI-compatible endpoint.

Each part has its own prompt (prompts/draft_<part>.yaml) with only that part's rules, the report
and plan years and a length target; the examples are whole sections with their figures masked.
The model answers in JSON (subheading, items with the ids of the facts they state), which code
numbers in the part's form and checks item by item. The number check and the repair loop
around it live in drafting.py; what this drafter found in the items it reports via review().
"""

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.kb.chunking import count_tokens
from assistant.config import Settings
from assistant.write.drafting import DraftRequest, Review
from assistant.errors import InputError
from assistant.check.facts import Fact
from assistant.write.imitation import format_examples, format_worked_example, length_target, whole_sections, worked_example
from assistant.kb.index import Hit, KnowledgeBase
from assistant.check.lastyear import change_facts
from assistant.write.llm import LLMClient, Reply
from assistant.check.numbers import DERIVED, Mention
from assistant.write.prompts import load_prompt
from assistant.write.structured import Section, citation_problems, parse_section, render, response_format, uncited_facts
from assistant.check.subjects import subject_similarity

REPLY_RESERVE = 0.3  # share of the context window kept free for the model's answer
DRAFTED_PARTS = ("preamble", "measures", "highlights", "leader_duty", "shortcomings", "plans")
CUT_OFF = "回复因长度上限被截断：请压缩篇幅，把整节完整交回"
KEPT_DRAFTS = 64  # drafts whose state is kept at once (concurrent drafts in the app)
SUPPORTING_FACTS = 2  # facts offered per unsupported number: the closest of the same unit


@dataclass
class DraftState:
    """What one draft in progress holds: its cost and its last reply's structure."""

    usage: "Usage"
    section: Section
    cut_off: bool = False


@dataclass
class Usage:
    """What one draft (first request and repairs) cost: tokens and time."""

    tokens: int = 0
    requests: int = 0
    first_token_s: float = 0.0
    total_s: float = 0.0

    def add(self, reply: Reply) -> None:
        if not self.requests:
            self.first_token_s = reply.first_token_s
        self.requests += 1
        self.tokens += reply.tokens
        self.total_s += reply.total_s


def offered_facts(request: DraftRequest) -> list[Fact]:
    """The facts the model may state: the person's, and the 同比 they ticked (ids Y-F1 …)."""
    return request.facts + change_facts(request.changes)


class LLMDrafter:
    """Drafts and repairs sections with the configured model."""

    backend = "llm"

    def __init__(self, client: LLMClient, context_tokens: int, kb: KnowledgeBase | None = None,
                 reply_format: str = "text"):
        self.client = client
        self.context_tokens = context_tokens
        self.kb = kb
        self.response_format = response_format(reply_format)
        self.prompts = {part: load_prompt(f"draft_{part}") for part in DRAFTED_PARTS}
        self.repair_prompt = load_prompt("repair")
        self.prompt_tokens = 0  # of the last request, for the context budget
        # Per draft, by its request: the app drafts for several people at once with one drafter.
        self._drafts: OrderedDict[int, DraftState] = OrderedDict()
        self._last = DraftState(Usage(), Section(structured=False))

    @classmethod
    def from_settings(cls, settings: Settings, kb: KnowledgeBase | None = None) -> "LLMDrafter":
        return cls(LLMClient(settings), settings.llm_context_tokens, kb, settings.llm_response_format)

    def select_examples(self, request: DraftRequest, examples: list[Hit]) -> list[Hit]:
        """Whole sections, best first, that fit the token budget beside the instructions and facts."""
        if request.part not in self.prompts:
            return []  # the signature is written without the model
        sections = whole_sections(examples, self.kb)
        request.length_target = length_target(sections, request.part)
        own = worked_example(sections, self._indexed_bureau(request.bureau))
        budget = int(self.context_tokens * (1 - REPLY_RESERVE)) - self._tokens_of(self._draft_messages(request, [], own))
        if budget < 0:
            raise InputError(f"事实太多，超出了模型的上下文长度（约 {self.context_tokens} 个词元）：请分几次起草。")
        chosen = [own] if own else []
        for hit in (h for h in sections if h is not own):
            cost = count_tokens(format_examples([hit]))
            if cost <= budget:
                chosen.append(hit)
                budget -= cost
        return chosen

    def compose(self, request: DraftRequest, examples: list[Hit]) -> str:
        *_, text = self.stream(request, examples)
        return text

    def stream(self, request: DraftRequest, examples: list[Hit]) -> Iterator[str]:
        """The section's text so far as the reply arrives, the finished text last."""
        self._begin(request)
        if request.part not in self.prompts:  # the signature: nothing to write but the bureau and date
            yield "\n".join([request.bureau or "（单位名称）", *(f.text.strip("。 ") for f in request.facts)])
            return
        own = worked_example(examples, self._indexed_bureau(request.bureau))
        yield from self._ask(self._draft_messages(request, [h for h in examples if h is not own], own), request)

    def repair(self, request: DraftRequest, examples: list[Hit], text: str, problems: list) -> str:
        """The section sent back with every problem found; the model's corrected section."""
        lines = format_problems(problems, text, request.facts or request.context_facts) + self.review(request).problems
        section = self._state(request).section
        draft = section.to_json() if section.structured else text
        messages = self.repair_prompt.render(
            part_name=request.part_name, topic_name=request.topic_name,
            facts=format_facts(offered_facts(request) or request.context_facts), draft=draft, problems="\n".join(lines))
        *_, repaired = self._ask(messages, request)
        return repaired

    def review(self, request: DraftRequest) -> Review:
        """What the last reply's items got wrong (citations, a cut-off), and the facts no item cites."""
        state = self._state(request)
        problems = [CUT_OFF] if state.cut_off else []
        problems += citation_problems(state.section, offered_facts(request), request.year)
        return Review(problems, uncited_facts(state.section, offered_facts(request)))

    def tokens_sent(self) -> int:
        """Tokens of the last draft begun: every request and reply since its compose or stream."""
        return self._last.usage.tokens

    def tokens_for(self, request: DraftRequest) -> int:
        """Tokens of this request's draft: every request and reply, repairs included."""
        return self._state(request).usage.tokens

    def _indexed_bureau(self, bureau: str) -> str:
        """The bureau as the knowledge base names it (测试县应急局 -> 测试县应急管理局)."""
        return self.kb.resolve_bureau(bureau) if self.kb is not None and bureau else bureau

    def _begin(self, request: DraftRequest) -> None:
        self._last = self._drafts[id(request)] = DraftState(Usage(), Section(structured=False))
        while len(self._drafts) > KEPT_DRAFTS:
            self._drafts.popitem(last=False)

    def _state(self, request: DraftRequest) -> DraftState:
        return self._drafts.get(id(request)) or self._last

    def _ask(self, messages, request: DraftRequest) -> Iterator[str]:
        """Stream one request, yielding the rendered section as it grows; remember its structure."""
        self.prompt_tokens = self._tokens_of(messages)
        options = {"response_format": self.response_format} if self.response_format else {}
        room = self.context_tokens - self.prompt_tokens  # a server refuses a request that cannot fit
        if 0 < room < self.client.settings.llm_max_tokens:
            options["max_tokens"] = room
        raw, reply = "", None
        for piece in self.client.stream_reply(messages, **options):
            if isinstance(piece, Reply):
                reply = piece
                continue
            raw += piece
            yield render(parse_section(raw), request.part, final=False)
        state = self._state(request)
        state.usage.add(reply)
        state.section, state.cut_off = parse_section(reply.text), reply.cut_off
        yield render(state.section, request.part)

    def _draft_messages(self, request: DraftRequest, examples: list[Hit], own: Hit | None):
        year = request.year
        return self.prompts[request.part].render(
            part_name=request.part_name, topic_name=request.topic_name, bureau=request.bureau or "未注明",
            year=f"{year}年" if year else "未注明", plan_year=f"{year + 1}年" if year else "未注明",
            length_target=str(request.length_target or length_target([], request.part)),
            facts=format_facts(offered_facts(request)) or "（无）", examples=format_examples(examples) or "（无范例）",
            worked_example=format_worked_example(own))

    @staticmethod
    def _tokens_of(messages) -> int:
        return sum(count_tokens(m.content) for m in messages.to_messages())


def format_facts(facts: list[Fact]) -> str:
    return "\n".join(f"{f.id}：{f.text}" for f in facts)


def format_passages(hits: list[Hit]) -> str:
    """Passages for a reviewer as they stand, each with its bureau, year, source and heading."""
    return "\n\n".join(f"[{n}] 单位：{h.bureau or '未注明'}｜年份：{h.year or '未注明'}｜来源：{h.source}"
                         f"｜标题：{h.heading_path}\n{h.text}" for n, h in enumerate(hits, 1))


def format_problems(problems: list, text: str, facts: list[Fact]) -> list[str]:
    """One line per bad number (as written, the clause around it, why, the facts that could support
    it) or bad name (a named claim's own repair line, with its clause)."""
    lines = []
    for m in problems:
        if not isinstance(m, Mention):  # a named claim of assistant/check/claims.py
            lines.append(f"{m.repair_line()}（所在分句：“{clause_around(text, m.start, m.end)}”）")
            continue
        clause = clause_around(text, m.quantity.start, m.quantity.end)
        if m.status == DERIVED:
            lines.append(f"「{m.quantity.text}」（所在分句：“{clause}”）：是自行计算的（{m.formula}），"
                         f"事实中没有这个数：删去它，只写事实中的原数")
            continue
        ids = "、".join(f.id for f in supporting_facts(m, facts)) or "无，删去这个数字"
        lines.append(f"「{m.quantity.text}」（所在分句：“{clause}”）：{m.reason or '事实中没有这个数'}；可作依据的事实：{ids}")
    return lines


def clause_around(text: str, start: int, end: int) -> str:
    """The clause of text holding the span: from the last stop or comma before it to the next."""
    marks = "。；;，,！？\n"
    left = max(text.rfind(mark, 0, start) for mark in marks) + 1
    ends = [i for i in (text.find(mark, end) for mark in marks) if i >= 0]
    return text[left:min(ends, default=len(text))].strip()


def supporting_facts(m: Mention, facts: list[Fact]) -> list[Fact]:
    """The facts whose quantity of the same kind and unit shares words with the number's subject,
    closest first, each once: a fact that only shares the unit could not support it."""
    scored = [(subject_similarity(m.quantity, q), -n, f) for n, f in enumerate(facts) for q in f.quantities
              if q.kind == m.quantity.kind and q.base_unit == m.quantity.base_unit and not q.ignore]
    related = [(similarity, order, f) for similarity, order, f in scored if similarity[1] > 0]
    ranked = dict.fromkeys(f.id for *_, f in sorted(related, key=lambda s: (s[0], s[1]), reverse=True))
    by_id = {f.id: f for f in facts}
    return [by_id[i] for i in list(ranked)[:SUPPORTING_FACTS]]
