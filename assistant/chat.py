"""The chat entry point: keeps the conversation, recognises what a message asks for (drafting,
polishing, examples) and answers it with the matching service call."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .drafting import Draft
from .errors import AssistantError
from .service import Assistant, Examples, Polished
from .taxonomy import PARTS, classify_part_heading, classify_topic

DRAFT, POLISH, EXAMPLES, OTHER = "draft", "polish", "examples", "other"

_POLISH_WORDS = re.compile(r"润色|修改|改一下|改改|优化|通顺|规范一下|校对")
_EXAMPLE_WORDS = re.compile(r"范例|例子|参考|怎么写|如何写|别的单位|其他单位|兄弟单位|类似|找找|检索|查一下")
_DRAFT_WORDS = re.compile(r"起草|写一段|写一下|帮我写|撰写|生成|拟写|草拟|重写|再写|再来一版")
_FACT_LINE = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.、)）])\s*\S")
HELP = ("我可以：① 起草——发送“起草 + 部分名称”并逐行列出事实（如“- 立案93起”）；"
        "② 润色——发送“润色：”加一段文字，数字保持不变；③ 找范例——如“行政复议怎么写”。")


@dataclass
class Turn:
    """One message of the conversation; an answer keeps the result it was made from."""

    role: str  # "user" | "assistant"
    content: str
    kind: str = OTHER
    result: Draft | Polished | Examples | None = None


@dataclass
class Chat:
    """A conversation with the assistant."""

    assistant: Assistant
    bureau: str = ""
    year: int | None = None
    turns: list[Turn] = field(default_factory=list)

    def respond(self, message: str) -> Iterator[str]:
        """Answer a message, yielding the answer as it grows; the finished turn joins the history."""
        self.turns.append(Turn("user", message))
        kind = self.assistant.classify(message) or route(message)
        try:
            if kind == DRAFT and (facts := fact_lines(message) or self._last_facts()):
                turn = yield from self._draft(message, facts)
            else:
                turn = self._answer(kind, message)
        except AssistantError as e:
            turn = Turn("assistant", f"没能完成：{e}", kind)
        self.turns.append(turn)
        yield turn.content

    def _draft(self, message: str, facts: str) -> Iterator[str]:
        """Stream a draft's text, then return the turn with the checked draft; a message without
        facts of its own ("再来一版") asks for another version of the last draft."""
        redos = self._drafts_since_facts() if not fact_lines(message) else []
        last = redos[-1].result if redos else None
        part = last.request.part if isinstance(last, Draft) and last.request else part_in(self._facts_message() or message)
        for step in self.assistant.draft_stream(part, facts, bureau=self.bureau, year=self.year, variant=len(redos)):
            if isinstance(step, str):
                yield step
            else:
                return Turn("assistant", describe_draft(step), DRAFT, step)
        raise AssertionError("draft_stream ends with a Draft")

    def _answer(self, kind: str, message: str) -> Turn:
        if kind == DRAFT:  # a drafting request with no facts, here or earlier
            return Turn("assistant", "请逐行列出要写进去的事实，例如：\n- 全年立案93起\n- 下达行政处罚决定书78份", kind)
        if kind == POLISH:
            polished = self.assistant.polish(body_of(message))
            note = f"\n\n提示：{polished.notice}" if polished.notice else ""
            return Turn("assistant", polished.text + note, kind, polished)
        if kind == EXAMPLES:
            found = self.assistant.examples(message)
            return Turn("assistant", found.text, kind, found)
        return Turn("assistant", HELP, kind)

    def _drafts_since_facts(self) -> list[Turn]:
        """The drafts answered since the facts were last given."""
        drafts = []
        for turn in reversed(self.turns[:-1]):
            if turn.role == "user" and fact_lines(turn.content):
                break
            if turn.role == "assistant" and turn.kind == DRAFT:
                drafts.insert(0, turn)
        return drafts

    def _facts_message(self) -> str:
        """The last message that gave facts (and named the part to draft)."""
        return next((t.content for t in reversed(self.turns[:-1]) if t.role == "user" and fact_lines(t.content)), "")

    def _last_facts(self) -> str:
        """The facts of the last drafting request, for "重写" / "再来一版"."""
        for turn in reversed(self.turns[:-1]):
            if turn.role == "user" and fact_lines(turn.content):
                return fact_lines(turn.content)
        return ""


def route(message: str) -> str:
    """What a message asks for, by rules: drafting, polishing, examples, or something else."""
    first_line = message.strip().split("\n", 1)[0]
    if _POLISH_WORDS.search(first_line):
        return POLISH
    if _DRAFT_WORDS.search(first_line) or len(fact_lines(message).splitlines()) >= 2:
        return DRAFT
    if _EXAMPLE_WORDS.search(first_line) or (len(message.strip()) <= 30 and classify_topic(message) != "general"):
        return EXAMPLES
    return OTHER


def fact_lines(message: str) -> str:
    """The bullet lines of a message, which are the facts to draft from."""
    return "\n".join(line.strip() for line in message.splitlines() if _FACT_LINE.match(line))


def body_of(message: str) -> str:
    """The text to polish: what follows the instruction (after a colon or on the next lines)."""
    first, _, rest = message.strip().partition("\n")
    after_colon = re.split(r"[:：]", first, maxsplit=1)
    inline = after_colon[1].strip() if len(after_colon) == 2 else ""
    return "\n".join(filter(None, [inline, rest.strip()])) or message


def part_in(message: str) -> str:
    """The part a drafting request names ("起草存在的不足" -> shortcomings), measures by default."""
    first_line = message.strip().split("\n", 1)[0]
    for part in PARTS:
        if part.name in first_line:
            return part.id
    guessed = classify_part_heading(first_line)
    if "开头" in first_line or "导语" in first_line:
        return "preamble"
    return guessed


def describe_draft(draft: Draft) -> str:
    """The draft, then a line on its numbers that a person should look at."""
    check = draft.check
    if check.ok and not check.unused_facts:
        status = "数字核对：全部有事实依据。"
    else:
        problems = [f"「{m.quantity.text}」{m.reason}" for m in check.unsupported]
        unused = [f.text for f, _ in check.unused_facts]
        status = "数字核对：" + "；".join(filter(None, [
            f"无依据 {len(problems)} 处：" + "，".join(problems) if problems else "",
            f"未写入的事实 {len(unused)} 条：" + "，".join(unused) if unused else ""]))
    notice = f"\n提示：{draft.notice}" if draft.notice else ""
    return f"{draft.text}\n\n{status}{notice}"
