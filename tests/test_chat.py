"""The chat entry point: routing by rules (and how sure they are), facts written inline, follow-ups
about the last draft, and a conversation that drafts, redrafts, polishes and finds examples
through the real service on an embedded knowledge base — offline, and with the scripted model."""

import json

import pytest

from assistant.write.chat import DRAFT, EXAMPLES, OTHER, POLISH, REVISE, Chat, body_of, facts_in, part_in, route
from assistant.config import Settings
from assistant.service import Assistant
from reports import write_report


@pytest.mark.parametrize("message, kind, sure", [
    ("帮我起草执法部分：\n- 立案93起\n- 检查企业420家次", DRAFT, True),
    ("- 立案93起\n- 下达行政处罚决定书78份", DRAFT, True),
    ("再来一版", DRAFT, True),
    ("写一段普法宣传的，今年搞了安全生产月活动12场，发资料6000份…", DRAFT, True),
    ("润色：2024 年,我局立案 93 起.", POLISH, True),
    ("请帮我修改下面这段\n我局全年开展宣传活动12场", POLISH, True),
    ("优化一下", POLISH, False),
    ("行政复议怎么写", EXAMPLES, True),
    ("其他单位的普法宣传是怎么写的？", EXAMPLES, True),
    ("安全生产月宣传", EXAMPLES, False),
    ("改短点", REVISE, False),  # no draft yet: the model (if any) decides
    ("你好", OTHER, False),
])
def test_route(message, kind, sure):
    found = route(message)
    assert (found.kind, found.sure) == (kind, sure)


@pytest.mark.parametrize("message", ["改短点", "把第二句改短一点", "再正式一些", "把第二条展开", "写得更具体些",
                                     "第三条删掉", "语气再庄重一点"])
def test_follow_ups_after_a_draft_are_sure(message):
    found = route(message, has_draft=True)
    assert (found.kind, found.sure) == (REVISE, True)


@pytest.mark.parametrize("message, facts", [
    ("写一段普法宣传的，今年搞了安全生产月活动12场，发资料6000份…",
     "- 今年搞了安全生产月活动12场\n- 发资料6000份"),
    ("帮我写执法部分：检查企业420家次；立案12起，罚款5.6万元。",
     "- 检查企业420家次\n- 立案12起\n- 罚款5.6万元"),
    ("起草存在的不足\n- 执法力量薄弱\n- 普法形式单一", "- 执法力量薄弱\n- 普法形式单一"),
    ("帮我写一段普法宣传", ""),
    ("全年立案12起", ""),  # no drafting request: a number alone is not facts to draft
])
def test_facts_written_inline_are_split(message, facts):
    assert facts_in(message) == facts


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


def test_facts_in_one_sentence_are_drafted(chat):
    answer = say(chat, "写一段普法宣传的，今年搞了安全生产月活动12场，发资料6000份…")
    assert "12场" in answer and "6000份" in answer and "全部有事实依据" in answer
    assert chat.turns[-1].result.request.topic == "publicity"


def test_offline_a_follow_up_says_plainly_what_can_be_done(chat):
    say(chat, "帮我起草执法部分：\n- 立案12起\n- 检查企业35家次")
    answer = say(chat, "把第二句改短一点")
    assert "离线模式下不能按“把第二句改短一点”改写" in answer and "再来一版" in answer
    assert chat.turns[-1].kind == REVISE


def test_a_follow_up_without_a_draft_asks_for_one(chat):
    assert "还没有可以修改的草稿" in say(chat, "改短点")


def test_a_draft_request_without_facts_asks_for_them(chat):
    assert "请列出要写进去的事实" in say(chat, "帮我起草一段")


# --- with the scripted model ---------------------------------------------------------------------

SECTION = json.dumps({"subheading": "严格规范执法，提升执法质效", "items": [
    {"heading": "严格案件查办", "text": "全年立案12起", "fact_ids": ["F1"]},
    {"heading": "强化执法检查", "text": "检查企业35家次，督促企业落实安全生产主体责任", "fact_ids": ["F2"]}]}, ensure_ascii=False)


@pytest.fixture
def model_chat(tmp_path, fake_llm):
    write_report(tmp_path / "reports", "a-2023.txt")
    assistant = Assistant.from_settings(Settings(kb_dir=tmp_path / "kb", llm_base_url=fake_llm.url, llm_timeout=2))
    list(assistant.kb.ingest([tmp_path / "reports" / "a-2023.txt"]))
    return Chat(assistant, bureau="测试县应急管理局", year=2024)


def test_a_follow_up_reworks_the_last_draft_with_the_model(model_chat, fake_llm):
    fake_llm.replies = [SECTION, "严格规范执法，提升执法质效\n一是严格案件查办。全年立案12起。二是强化执法检查。检查企业35家次。"]
    say(model_chat, "帮我起草执法部分：\n- 立案12起\n- 检查企业35家次")
    answer = say(model_chat, "把第二条改短一点")
    assert answer.startswith("严格规范执法") and "检查企业35家次。" in answer and "全部有事实依据" in answer
    assert len(fake_llm.chat_requests()) == 2  # sure rules: no routing request
    revise = fake_llm.chat_requests()[-1]["messages"][1]["content"]
    assert "<instruction>\n把第二条改短一点\n</instruction>" in revise and "督促企业落实" in revise
    assert "F2：检查企业35家次" in revise


def test_a_revision_that_changes_a_number_is_marked(model_chat, fake_llm):
    fake_llm.replies = [SECTION, "严格规范执法，提升执法质效\n一是严格案件查办。全年立案21起。"]
    say(model_chat, "帮我起草执法部分：\n- 立案12起\n- 检查企业35家次")
    answer = say(model_chat, "再正式一些")
    assert "无依据 1 处：「21起」" in answer and not model_chat.turns[-1].result.check.ok


def test_the_model_routes_only_what_the_rules_are_unsure_of_with_the_previous_turn(model_chat, fake_llm):
    fake_llm.replies = [SECTION, "examples", "找到了"]
    say(model_chat, "帮我起草执法部分：\n- 立案12起\n- 检查企业35家次")
    say(model_chat, "安全生产月宣传")
    routing = fake_llm.chat_requests()[1]["messages"][1]["content"]
    assert "<message>\n安全生产月宣传\n</message>" in routing
    previous = routing.split("<previous>")[1].split("</previous>")[0]
    assert "助手（draft）：严格规范执法，提升执法质效" in previous
    assert model_chat.turns[-1].kind == EXAMPLES


def test_a_route_outside_the_names_falls_back_to_the_rules(model_chat, fake_llm):
    fake_llm.replies = ["我觉得这是想找范例", "示例市的写法"]
    say(model_chat, "安全生产月宣传")
    assert model_chat.turns[-1].kind == EXAMPLES  # the rules' guess


def test_with_schema_decoding_the_route_is_held_to_the_names(tmp_path, fake_llm):
    assistant = Assistant.from_settings(Settings(kb_dir=tmp_path / "kb", llm_base_url=fake_llm.url,
                                                 llm_response_format="json_schema"))
    fake_llm.replies = ['{"route": "other"}']
    chat = Chat(assistant)
    say(chat, "你好")
    sent = fake_llm.chat_requests()[0]["response_format"]
    assert sent["json_schema"]["schema"]["properties"]["route"]["enum"] == ["draft", "revise", "polish", "examples", "other"]
    assert chat.turns[-1].kind == OTHER and "我可以" in chat.turns[-1].content


def test_a_failing_model_leaves_a_follow_up_with_what_can_be_done(model_chat, fake_llm):
    from fake_llm import Fault

    fake_llm.replies = [SECTION, Fault(401)]
    say(model_chat, "帮我起草执法部分：\n- 立案12起\n- 检查企业35家次")
    answer = say(model_chat, "再正式一些")
    assert "REPORT_LLM_API_KEY" in answer and "再来一版" in answer
