"""The model's drafter: LangChain chains over the configured OpenAI-compatible endpoint.

Facts go in with their ids, examples as many as fit the token budget, and the reply is cleaned of
chat decoration. The number check and the repair loop around it live in drafting.py.
"""

from collections.abc import Iterator

from .chunking import count_tokens
from .config import Settings
from .drafting import DraftRequest, clean_reply
from .errors import InputError
from .facts import Fact
from .lastyear import change_facts
from .index import Hit
from .llm import LLMClient
from .numbers import Mention
from .prompts import load_prompt

REPLY_RESERVE = 0.3  # share of the context window kept free for the model's answer


class LLMDrafter:
    """Drafts and repairs sections with the configured model."""

    backend = "llm"

    def __init__(self, client: LLMClient, context_tokens: int):
        self.client = client
        self.context_tokens = context_tokens
        self.draft_prompt = load_prompt("draft_section")
        self.repair_prompt = load_prompt("repair")
        self._tokens = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> "LLMDrafter":
        return cls(LLMClient(settings), settings.llm_context_tokens)

    def select_examples(self, request: DraftRequest, examples: list[Hit]) -> list[Hit]:
        """The examples, best first, that fit the token budget beside the instructions and facts."""
        budget = int(self.context_tokens * (1 - REPLY_RESERVE)) - self._tokens_of(self._draft_messages(request, []))
        if budget < 0:
            raise InputError(f"事实太多，超出了模型的上下文长度（约 {self.context_tokens} 个词元）：请分几次起草。")
        chosen = []
        for hit in examples:
            cost = count_tokens(format_examples([hit]))
            if cost <= budget:
                chosen.append(hit)
                budget -= cost
        return chosen

    def compose(self, request: DraftRequest, examples: list[Hit]) -> str:
        return clean_reply(self.client.complete(self._draft_messages(request, examples)))

    def stream(self, request: DraftRequest, examples: list[Hit]) -> Iterator[str]:
        yield from self.client.stream(self._draft_messages(request, examples))

    def repair(self, request: DraftRequest, examples: list[Hit], text: str, problems: list) -> str:
        messages = self.repair_prompt.render(
            part_name=request.part_name, topic_name=request.topic_name, facts=format_facts(request.facts + change_facts(request.changes)),
            draft=text, problems=format_problems(problems, request.facts))
        self._tokens = self._tokens_of(messages)
        return clean_reply(self.client.complete(messages))

    def tokens_sent(self) -> int:
        """Tokens of the last request's messages (cl100k_base: a close estimate for most models)."""
        return self._tokens

    def _draft_messages(self, request: DraftRequest, examples: list[Hit]):
        messages = self.draft_prompt.render(
            part_name=request.part_name, topic_name=request.topic_name, bureau=request.bureau or "未注明",
            year=str(request.year or "未注明"), facts=format_facts(request.facts + change_facts(request.changes)),
            examples=format_examples(examples) or "（无范例）")
        self._tokens = self._tokens_of(messages)
        return messages

    @staticmethod
    def _tokens_of(messages) -> int:
        return sum(count_tokens(m.content) for m in messages.to_messages())


def format_facts(facts: list[Fact]) -> str:
    return "\n".join(f"{f.id}：{f.text}" for f in facts)


def format_examples(examples: list[Hit]) -> str:
    return "\n\n".join(f"[例{n}] 单位：{h.bureau or '未注明'}｜年份：{h.year or '未注明'}｜来源：{h.source}"
                       f"｜标题：{h.heading_path}\n{h.text}" for n, h in enumerate(examples, 1))


def format_problems(problems: list, facts: list[Fact]) -> str:
    """One line per unsupported number (as written, why, the facts with the same kind of unit) or
    unsupported name (as written, why, what to do)."""
    lines = []
    for m in problems:
        if not isinstance(m, Mention):
            lines.append(m.repair_line())
            continue
        related = [f for f in facts if any(q.base_unit == m.quantity.base_unit for q in f.quantities)]
        hint = "；".join(f"相关事实 {f.id}：{f.text}" for f in related[:3]) or "事实中没有同类数量"
        lines.append(f"「{m.quantity.text}」：{m.reason or '事实中没有这个数量'}；{hint}")
    return "\n".join(lines)
