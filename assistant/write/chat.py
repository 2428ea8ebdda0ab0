"""The chat entry point: keeps the conversation, recognises what a message asks for (drafting,
reworking the last draft, polishing, examples) and answers it with the matching service call.

Routing is rules first; the model is asked only when the rules are unsure, told the previous
turn and held to the route names. Facts may come as bullet lines or inline in one sentence
(写一段普法宣传的，今年搞了安全生产月活动12场，发资料6000份).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.write.drafting import Draft, clean_reply, verify
from assistant.errors import AssistantError, LLMError
from assistant.check.mentions import find_quantities
from assistant.service import Assistant, Examples, Polished
from assistant.kb.taxonomy import PARTS, classify_part_heading, classify_topic
from assistant.wordlists import alternation, data_file, words_re

DRAFT, REVISE, POLISH, EXAMPLES, OTHER = "draft", "revise", "polish", "examples", "other"
ROUTES = (DRAFT, REVISE, POLISH, EXAMPLES, OTHER)

# The words of each route: assistant/data/chat_intents.yaml.
_POLISH_WORDS = words_re("chat_intents.yaml", "polish")
_EXAMPLE_WORDS = words_re("chat_intents.yaml", "examples")
_DRAFT_WORDS = words_re("chat_intents.yaml", "draft")
# Follow-ups about the last draft: shorter, longer, another register, one sentence or item.
_REVISE_WORDS = re.compile(alternation(data_file("chat_intents.yaml")["revise"]) + r"|第[一二三四五六七八九十0-9]+[句条段点项]")
_FACT_LINE = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.、)）])\s*\S")
_CLAUSE = re.compile(r"[，,；;。！!？?\n]+")
_TRAILING = re.compile(r"(?:[…。.]+|等等?)$")
MAX_FOLLOW_UP_CHARS = 40
HELP = ("我可以：① 起草——发送“起草 + 部分名称”并列出事实（逐行写，或写在一句话里，如“写一段普法宣传，开展活动12场，"
        "发放资料6000份”）；② 修改上一稿——如“改短点”“再正式一些”“把第二条展开”；③ 润色——发送“润色：”加一段文字，"
        "数字保持不变；④ 找范例——如“行政复议怎么写”。")
ASK_FOR_FACTS = "请列出要写进去的事实，可以逐行写，例如：\n- 全年立案93起\n- 下达行政处罚决定书78份\n也可以写在一句话里。"


# Where the endpoint can decode to a schema, the model can answer nothing but a route name.
ROUTE_FORMAT = {"type": "json_schema", "json_schema": {"name": "route", "strict": True, "schema": {
    "type": "object", "properties": {"route": {"type": "string", "enum": list(ROUTES)}},
    "required": ["route"], "additionalProperties": False}}}


@dataclass
class Route:
    """What a message asks for, and whether the rules are sure of it."""

    kind: str
    sure: bool = True


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
        previous = self._last_answer()
        self.turns.append(Turn("user", message))
        kind = self._route(message, previous)
        try:
            if kind == DRAFT and (facts := facts_in(message) or self._last_facts()):
                turn = yield from self._draft(message, facts)
            elif kind == REVISE and is_draft(previous):
                turn = self._revise(message, previous)
            else:
                turn = self._answer(kind, message)
        except AssistantError as e:
            turn = Turn("assistant", f"没能完成：{e}", kind)
        self.turns.append(turn)
        yield turn.content

    def _route(self, message: str, previous: "Turn | None") -> str:
        """The rules' route when they are sure, else the model's (told the previous turn), else the rules'."""
        found = route(message, has_draft=is_draft(previous))
        if found.sure or not self.assistant.llm:
            return found.kind
        return model_route(self.assistant, message, previous) or found.kind

    def _draft(self, message: str, facts: str) -> Iterator[str]:
        """Stream a draft's text, then return the turn with the checked draft; a message without
        facts of its own ("再来一版") asks for another version of the last draft."""
        redos = self._drafts_since_facts() if not facts_in(message) else []
        last = redos[-1].result if redos else None
        request = last.request if isinstance(last, Draft) and last.request else None
        asked = self._facts_message() or message
        part = request.part if request else part_in(asked)
        topic = (request.topic or None) if request else topic_of(asked)
        steps = self.assistant.draft_stream(part, facts, bureau=self.bureau, year=self.year, topic=topic,
                                            variant=len(redos))
        for step in steps:
            if isinstance(step, str):
                yield step
            else:
                return Turn("assistant", describe_draft(step), DRAFT, step)
        raise AssertionError("draft_stream ends with a Draft")

    def _revise(self, instruction: str, previous: "Turn") -> Turn:
        """The last draft reworked as asked, by the model; offline, what can be done instead."""
        if not self.assistant.llm:
            return Turn("assistant", offline_revise_answer(instruction), REVISE)
        last = previous.result if isinstance(previous.result, Draft) else None
        try:
            return Turn("assistant", *revise(self.assistant, instruction, last, previous.content, self._last_facts()))
        except LLMError as e:
            return Turn("assistant", f"{e}\n\n{offline_revise_answer(instruction)}", REVISE)

    def _answer(self, kind: str, message: str) -> Turn:
        if kind == DRAFT:  # a drafting request with no facts, here or earlier
            return Turn("assistant", ASK_FOR_FACTS, kind)
        if kind == REVISE:
            return Turn("assistant", "还没有可以修改的草稿：请先发送“起草”加事实，我起草后再按您的要求修改。", kind)
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
            if turn.role == "user" and facts_in(turn.content):
                break
            if turn.role == "assistant" and turn.kind == DRAFT:
                drafts.insert(0, turn)
        return drafts

    def _facts_message(self) -> str:
        """The last message that gave facts (and named the part to draft)."""
        return next((t.content for t in reversed(self.turns[:-1]) if t.role == "user" and facts_in(t.content)), "")

    def _last_answer(self) -> "Turn | None":
        return next((t for t in reversed(self.turns) if t.role == "assistant"), None)

    def _last_facts(self) -> str:
        """The facts of the last drafting request, for "重写" / "再来一版" and follow-ups."""
        for turn in reversed(self.turns[:-1]):
            if turn.role == "user" and (facts := facts_in(turn.content)):
                return facts
        return ""


def topic_of(message: str) -> str | None:
    """The topic a message names when its facts are inline (bullet facts carry their own)."""
    topic = classify_topic(message) if not fact_lines(message) else None
    return None if topic == "general" else topic


def is_draft(turn: "Turn | None") -> bool:
    """True for an answer that is a draft (also one restored from a saved conversation)."""
    return turn is not None and (turn.kind == DRAFT or "\n\n数字核对：" in turn.content)


def route(message: str, has_draft: bool = False) -> Route:
    """What a message asks for, by rules, and whether they are sure of it."""
    first_line = message.strip().split("\n", 1)[0]
    if has_draft and is_follow_up(message):
        return Route(REVISE)
    if _POLISH_WORDS.search(first_line) and not _DRAFT_WORDS.search(first_line):
        return Route(POLISH, sure=len(body_of(message)) >= 8)
    if _DRAFT_WORDS.search(first_line) or len(fact_lines(message).splitlines()) >= 2:
        return Route(DRAFT)
    if _EXAMPLE_WORDS.search(first_line):
        return Route(EXAMPLES)
    if is_follow_up(message):
        return Route(REVISE, sure=False)
    if len(message.strip()) <= 30 and classify_topic(message) != "general":
        return Route(EXAMPLES, sure=False)
    return Route(OTHER, sure=False)


def is_follow_up(message: str) -> bool:
    """A short request about the last draft: 改短点, 再正式一些, 把第二条展开."""
    text = message.strip()
    return len(text) <= MAX_FOLLOW_UP_CHARS and not fact_lines(text) and bool(_REVISE_WORDS.search(text))


def model_route(assistant: Assistant, message: str, previous: "Turn | None") -> str | None:
    """The model's route for a message the rules are unsure of; None when it fails or strays."""
    from assistant.write.prompts import load_prompt

    before = f"助手（{previous.kind}）：{previous.content[:300]}" if previous else "（无）"
    constrained = assistant.settings.llm_response_format == "json_schema"
    options = {"response_format": ROUTE_FORMAT} if constrained else {}
    try:
        answer = assistant.llm.complete(load_prompt("route").render(previous=before, message=message), **options)
    except LLMError:
        return None
    word = re.sub(r"[^a-z]", "", answer.strip().lower().removeprefix('{"route":'))
    return word if word in ROUTES else None


def fact_lines(message: str) -> str:
    """The bullet lines of a message, which are the facts to draft from."""
    return "\n".join(line.strip() for line in message.splitlines() if _FACT_LINE.match(line))


def facts_in(message: str) -> str:
    """The facts of a message: its bullet lines, or else the clauses of a sentence that state one."""
    return fact_lines(message) or inline_facts(message)


def inline_facts(message: str) -> str:
    """Facts written inline after a drafting request, one bullet per clause holding a number."""
    if not _DRAFT_WORDS.search(message):
        return ""
    clauses = [_TRAILING.sub("", c.strip()) for c in _CLAUSE.split(re.sub(r"^[^：:]*[：:]", "", message.strip(), count=1))]
    facts = [c for c in clauses if c and not _DRAFT_WORDS.search(c) and has_number(c)]
    return "\n".join(f"- {c}" for c in facts)


def has_number(text: str) -> bool:
    return any(not q.ignore for q in find_quantities(text))


def revise(assistant: Assistant, instruction: str, last: Draft | None, text: str, facts: str) -> tuple:
    """(answer, kind, result) of the model's rework of the last draft, its numbers checked."""
    from assistant.write.prompts import load_prompt

    draft_text = last.text if last else text.split("\n\n数字核对")[0]
    fact_text = "\n".join(f"{f.id}：{f.text}" for f in last.request.facts) if last and last.request else facts
    reply = assistant.llm.complete(load_prompt("revise").render(instruction=instruction, draft=draft_text,
                                                                facts=fact_text or "（无）"))
    revised = clean_reply(reply)
    if last is None or last.request is None:
        return revised, REVISE, None
    result = Draft(revised, verify(revised, last.request, last.sources), last.sources, "llm", request=last.request)
    return describe_draft(result), DRAFT, result


def offline_revise_answer(instruction: str) -> str:
    """What a person can do when no model is configured to rework the draft."""
    return (f"离线模式下不能按“{instruction.strip()}”改写草稿（改短、展开、换语气需要配置模型服务）。现在可以：\n"
            "① 发送“再来一版”，按同样的事实换一种写法；\n"
            "② 在草稿上直接修改，再发送“润色：”加修改后的文字，数字保持不变；\n"
            "③ 补充或删减事实后重新发送“起草”。")


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
    items = f"\n条目核对：{'；'.join(draft.review.problems)}" if draft.review.problems else ""
    notice = f"\n提示：{draft.notice}" if draft.notice else ""
    return f"{draft.text}\n\n{status}{items}{notice}"
