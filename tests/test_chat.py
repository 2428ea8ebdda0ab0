"""The chat entry point: routing by rules, and a conversation that drafts, redrafts, polishes
and finds examples through the real service on an embedded knowledge base."""

import pytest

from assistant.chat import DRAFT, EXAMPLES, OTHER, POLISH, Chat, body_of, part_in, route
from assistant.config import Settings
from assistant.service import Assistant
from reports import write_report


@pytest.mark.parametrize("message, kind", [
    ("帮我起草执法部分：\n- 立案93起\n- 检查企业420家次", DRAFT),
    ("- 立案93起\n- 下达行政处罚决定书78份", DRAFT),
    ("再来一版", DRAFT),
    ("润色：2024 年,我局立案 93 起.", POLISH),
    ("请帮我修改下面这段\n我局全年开展宣传活动12场", POLISH),
    ("行政复议怎么写", EXAMPLES),
    ("其他单位的普法宣传是怎么写的？", EXAMPLES),
    ("安全生产月宣传", EXAMPLES),
    ("你好", OTHER),
])
def test_route(message, kind):
    assert route(message) == kind


@pytest.mark.parametrize("message, part", [
    ("起草存在的不足和原因\n- 执法力量薄弱", "shortcomings"),
    ("写一下下一年度工作打算", "plans"),
    ("帮我写主要负责人履行第一责任人职责情况", "leader_duty"),
    ("起草执法部分", "measures"),
    ("起草开头", "preamble"),
])
def test_part_named_in_a_request(message, part):
    assert part_in(message) == part


def test_body_of_a_polish_request():
    assert body_of("润色：我局立案93起") == "我局立案93起"
    assert body_of("请润色下面这段\n我局立案93起\n罚款5万元") == "我局立案93起\n罚款5万元"


@pytest.fixture
def chat(tmp_path):
    write_report(tmp_path / "reports", "a-2023.txt")
    assistant = Assistant.from_settings(Settings(kb_dir=tmp_path / "kb"))
    list(assistant.kb.ingest([tmp_path / "reports" / "a-2023.txt"]))
    return Chat(assistant, bureau="测试县应急管理局", year=2024)


def say(chat: Chat, message: str) -> str:
    return "".join(chat.respond(message))


def test_a_conversation_drafts_redrafts_polishes_and_finds_examples(chat):
    answer = say(chat, "帮我起草执法部分：\n- 立案12起\n- 检查企业35家次")
    assert "12起" in answer and "35家次" in answer and "全部有事实依据" in answer
    again = say(chat, "再来一版")
    assert "12起" in again and chat.turns[-1].result.check.ok
    assert again.split("\n\n")[0] != answer.split("\n\n")[0] and "大模型" in again  # another version, and why
    third = say(chat, "再来一版")
    assert chat.turns[-1].result.request.variant == 2 and "12起" in third
    assert say(chat, "润色：2024 年,我局立案 12 起.") == "2024年，我局立案12起。"
    assert "行政复议" in say(chat, "行政复议怎么写")
    assert "起草" in say(chat, "你好")
    assert [t.role for t in chat.turns] == ["user", "assistant"] * 6


def test_a_draft_request_without_facts_asks_for_them(chat):
    assert "逐行列出" in say(chat, "帮我起草一段")
