"""The model's drafting path over real HTTP: a local OpenAI-compatible server the tests script.

Covers the exact requests the real client sends (the part's own prompt, years, masked examples,
sampling, response_format), each realistic mistake a model makes (a swapped number, an example's
figure, an item citing nothing or the wrong fact, a computed rate, a cut-off reply, a reasoning
block, prose instead of JSON), streaming, the token budget, and faults degrading offline."""

import json
import re

import pytest
from fake_llm import Fault, Scripted

from assistant.write.chat import Chat
from assistant.config import Settings
from assistant.kb.index import supported_files
from assistant.write.llm import LLMClient
from assistant.write.llm_drafter import REPLY_RESERVE, LLMDrafter
from assistant.write.report import draft_report
from assistant.service import Assistant
from conftest import REPO
from reports import write_report

FACTS = "- 全年检查生产经营单位420家次\n- 立案12起，下达行政处罚决定书10份"
BUREAU = "测试县应急管理局"
ITEMS = [{"heading": "强化执法检查", "text": "全年检查生产经营单位420家次", "fact_ids": ["F1"]},
         {"heading": "严格案件查办", "text": "立案12起，下达行政处罚决定书10份", "fact_ids": ["F2"]}]
RENDERED = ("严格规范执法，提升执法质效\n一是强化执法检查。全年检查生产经营单位420家次。"
            "二是严格案件查办。立案12起，下达行政处罚决定书10份。")


def section(*items: dict, subheading: str = "严格规范执法，提升执法质效") -> str:
    return json.dumps({"subheading": subheading, "items": list(items or ITEMS)}, ensure_ascii=False)


def item(n: int, **changes) -> dict:
    return ITEMS[n] | changes


GOOD = section()


@pytest.fixture
def settings(tmp_path, fake_llm):
    write_report(tmp_path / "reports", "a-2023.txt")  # its 立案93起 is an example, not this year's data
    return Settings(kb_dir=tmp_path / "kb", llm_base_url=fake_llm.url, llm_model="test-model", llm_timeout=1)


def make_assistant(settings: Settings, context_tokens: int = 8000) -> Assistant:
    assistant = Assistant.from_settings(settings.model_copy(update={"llm_context_tokens": context_tokens}))
    list(assistant.kb.ingest(sorted((settings.kb_dir.parent / "reports").iterdir())))
    return assistant


def draft(assistant: Assistant, part: str = "measures", facts: str = FACTS):
    return assistant.draft(part, facts, bureau=BUREAU, year=2024)


def messages(request: dict) -> tuple[str, str]:
    return request["messages"][0]["content"], request["messages"][1]["content"]


# --- the request ----------------------------------------------------------------------------------

def test_a_faithful_draft_passes_and_the_request_is_the_parts_own(settings, fake_llm):
    fake_llm.replies = [GOOD]
    result = draft(make_assistant(settings))
    assert result.backend == "llm" and result.check.ok and result.repairs == 0
    assert result.text == RENDERED and result.review.problems == [] and result.review.uncited == []
    [sent] = fake_llm.chat_requests()
    system, human = messages(sent)
    assert "相近的事实合为一条" in system and "不写已完成的成效" not in system and "只写问题，不写成绩" not in system
    assert "报告年度：2024年；计划年度（下一年度）：2025年" in system
    assert "F1：全年检查生产经营单位420家次" in human
    examples = human.split("<examples>")[1].split("</examples>")[0]
    assert "立案X起" in examples and not re.findall(r"\d", re.sub(r"\[例\d+\]", "", examples))
    assert "小标题：严格规范执法，提升执法质效" in examples  # a whole section, with its heading
    assert (sent["temperature"], sent["top_p"], sent["max_tokens"]) == (0.3, 0.9, 1500)
    assert "response_format" not in sent


@pytest.mark.parametrize("setting, expected", [
    ("json_object", {"type": "json_object"}),
    ("json_schema", "report_section"),
])
def test_response_format_is_sent_when_enabled(settings, fake_llm, setting, expected):
    fake_llm.replies = [GOOD]
    result = draft(make_assistant(settings.model_copy(update={"llm_response_format": setting})))
    assert result.check.ok
    sent = fake_llm.chat_requests()[0]["response_format"]
    if isinstance(expected, dict):
        assert sent == expected
    else:
        schema = sent["json_schema"]
        assert sent["type"] == "json_schema" and schema["name"] == expected and schema["strict"] is True
        assert schema["schema"]["required"] == ["subheading", "items"]


def test_the_length_target_comes_from_the_knowledge_base(settings, fake_llm):
    fake_llm.replies = [GOOD, GOOD]
    assistant = make_assistant(settings)
    draft(assistant)
    draft(assistant, "highlights")
    measures, highlights = (messages(r)[0] for r in fake_llm.chat_requests())
    assert "全节约 150 字" in measures  # the one example section is short: the floor
    assert "全节约 450 字" in highlights  # no section of that part: the genre's default


def test_max_tokens_never_asks_for_more_than_the_context_leaves(settings, fake_llm):
    fake_llm.replies = [GOOD]
    assistant = make_assistant(settings, context_tokens=2600)
    draft(assistant)
    sent = fake_llm.chat_requests()[0]["max_tokens"]
    assert sent == 2600 - assistant.drafter.prompt_tokens and 0 < sent < 1500


def test_the_signature_needs_no_model(settings, fake_llm):
    result = draft(make_assistant(settings), "closing", "- 2025年1月10日")
    assert result.text == f"{BUREAU}\n2025年1月10日" and fake_llm.chat_requests() == []


def test_plans_are_numbered_by_code(settings, fake_llm):
    fake_llm.replies = [section({"heading": "（一）持续深化普法宣传。", "text": "进一步落实普法责任制", "fact_ids": ["F1"]},
                                {"heading": "规范执法", "text": "二是持续开展案卷评查；", "fact_ids": ["F2"]}, subheading="")]
    result = draft(make_assistant(settings), "plans", "- 深化普法宣传\n- 开展案卷评查")
    assert result.text == "（一）持续深化普法宣传。进一步落实普法责任制。\n（二）规范执法。持续开展案卷评查。"
    system = messages(fake_llm.chat_requests()[0])[0]
    assert "不写已完成的成效" in system and "相近的事实合为一条" not in system


def test_the_bureaus_own_past_section_is_the_worked_example(settings, fake_llm):
    fake_llm.replies = [GOOD]
    assistant = make_assistant(settings)
    assistant.draft("measures", FACTS, bureau="示例市应急管理局", year=2024)
    human = messages(fake_llm.chat_requests()[0])[1]
    worked = human.split("<worked_example>")[1].split("</worked_example>")[0]
    assert "F1：一是全年检查生产经营单位X家次" in worked and "写成的正文" in worked and "420" not in worked


# --- the scripted mistakes -------------------------------------------------------------------------

def test_a_swapped_number_is_sent_back_with_its_clause_and_only_its_fact(settings, fake_llm):
    fake_llm.replies = [section(item(0, text="全年检查生产经营单位240家次"), item(1)), GOOD]
    result = draft(make_assistant(settings))
    assert result.check.ok and result.repairs == 1 and result.text == RENDERED
    problems = messages(fake_llm.chat_requests()[-1])[1].split("<problems>")[1]
    [line] = [l for l in problems.splitlines() if "240家次" in l]
    assert "所在分句：“全年检查生产经营单位240家次”" in line and line.endswith("可作依据的事实：F1")
    assert '"fact_ids": ["F1"]' in messages(fake_llm.chat_requests()[-1])[1]  # the draft goes back as JSON


def test_an_examples_figure_that_stays_is_returned_marked(settings, fake_llm):
    wrong = section(item(0), item(1, text="立案93起，下达行政处罚决定书10份"))
    fake_llm.replies = [wrong, wrong, wrong]
    result = draft(make_assistant(settings))
    assert result.repairs == 2 and not result.check.ok
    [problem] = result.check.unsupported
    assert problem.quantity.text == "93起" and "取自范例" in problem.reason


@pytest.mark.parametrize("bad_item, problem", [
    (item(1, fact_ids=[]), "第2条（严格案件查办）没有注明所依据的事实编号"),
    (item(1, fact_ids=["F9"]), "第2条（严格案件查办）引用了不存在的事实 F9"),
    (item(1, fact_ids=["F1"]), "第2条（严格案件查办）的「12起」不在所引事实（F1）中"),
    ({"heading": "开展“清源行动”", "text": "组织开展专项整治行动", "fact_ids": []}, "第3条（开展“清源行动”）没有注明"),
])
def test_an_item_without_its_facts_is_flagged_and_repaired(settings, fake_llm, bad_item, problem):
    items = [item(0), bad_item] if bad_item["heading"] != "开展“清源行动”" else [*ITEMS, bad_item]
    fake_llm.replies = [section(*items), GOOD]
    result = draft(make_assistant(settings))
    assert result.repairs == 1 and result.review.problems == [] and result.text == RENDERED
    assert problem in messages(fake_llm.chat_requests()[-1])[1]


def test_an_item_problem_that_stays_is_reported(settings, fake_llm):
    invented = section(*ITEMS, {"heading": "开展专项整治", "text": "组织开展专项整治行动", "fact_ids": []})
    fake_llm.replies = [invented] * 3
    result = draft(make_assistant(settings))
    assert result.repairs == 2 and result.check.ok  # no number is wrong …
    assert result.review.problems == ["第3条（开展专项整治）没有注明所依据的事实编号"]  # … but the item is shown
    assert result.to_dict()["items"]["problems"] == result.review.problems


def test_facts_no_item_cites_are_reported_unused(settings, fake_llm):
    fake_llm.replies = [section(item(0))] * 3
    result = draft(make_assistant(settings))
    assert result.review.uncited == ["F2"] and [f.id for f, _ in result.check.unused_facts] == ["F2"]
    assert result.to_dict()["items"]["uncited_facts"] == ["F2"]


def test_a_computed_rate_is_sent_back_with_its_formula(settings, fake_llm):
    facts = "- 排查隐患142处\n- 整改隐患135处"
    rated = section({"heading": "狠抓隐患整改", "text": "排查隐患142处，整改隐患135处，隐患整改率95.1%", "fact_ids": ["F1", "F2"]})
    fixed = section({"heading": "狠抓隐患整改", "text": "排查隐患142处，整改隐患135处", "fact_ids": ["F1", "F2"]})
    fake_llm.replies = [rated, fixed]
    result = draft(make_assistant(settings), facts=facts)
    assert result.repairs == 1 and "95.1%" not in result.text and result.check.ok
    problems = messages(fake_llm.chat_requests()[-1])[1].split("<problems>")[1]
    assert "「95.1%」" in problems and "135/142" in problems and "自行计算" in problems


def test_a_reply_cut_by_the_length_limit_is_repaired(settings, fake_llm):
    fake_llm.replies = [Scripted(GOOD[:90], finish_reason="length"), GOOD]
    result = draft(make_assistant(settings))
    assert result.repairs == 1 and result.text == RENDERED
    assert "被截断" in messages(fake_llm.chat_requests()[-1])[1]


@pytest.mark.parametrize("streaming", [False, True])
def test_a_reasoning_block_is_dropped_before_checking(settings, fake_llm, streaming):
    fake_llm.replies = [Scripted("<think>范例写了立案93起，本局是12起。</think>\n" + GOOD, reasoning="先看事实：F1、F2。")]
    assistant = make_assistant(settings)
    steps = list(assistant.draft_stream("measures", FACTS, bureau=BUREAU, year=2024, stream=streaming))
    result = steps[-1]
    assert result.text == RENDERED and result.check.ok and result.repairs == 0
    assert not any("think" in s or "93" in s for s in steps[:-1])


@pytest.mark.parametrize("reply", [
    "好的，以下是本节：\n```json\n" + GOOD + "\n```\n如需调整请告诉我。",
    GOOD.replace('"fact_ids": ["F1"]', '"fact_ids": "F1"').replace('"fact_ids": ["F2"]', '"fact_ids": [2]'),
    GOOD.replace('"text": "全年检查生产经营单位420家次", "fact_ids": ["F1"]',
                 '"text": "全年检查生产经营单位420家次（F1）", "fact_ids": []'),
])
def test_json_is_read_leniently(settings, fake_llm, reply):
    fake_llm.replies = [reply]
    result = draft(make_assistant(settings))
    assert result.text == RENDERED and result.repairs == 0 and result.review.problems == []


def test_prose_instead_of_json_is_taken_as_the_text(settings, fake_llm):
    prose = "严格规范执法，提升执法质效。一是强化执法检查。全年检查生产经营单位420家次。二是严格案件查办。立案12起，下达行政处罚决定书10份。"
    fake_llm.replies = [prose]
    result = draft(make_assistant(settings))
    assert result.text == prose and result.check.ok and result.repairs == 0


# --- tokens, time, streaming ------------------------------------------------------------------------

def test_the_drafts_tokens_and_time_add_up_over_its_requests(settings, fake_llm):
    first = section(item(0, text="全年检查生产经营单位240家次"), item(1))
    fake_llm.replies = [first, GOOD]
    result = draft(make_assistant(settings))
    assert result.tokens == (10 + len(first)) + (10 + len(GOOD))  # the server's usage of both requests
    assert result.to_dict()["tokens"] == result.tokens
    timing = result.to_dict()["timing"]
    assert 0 < timing["first_token_s"] <= timing["total_s"]


def test_streaming_yields_the_growing_text_then_the_checked_draft(settings, fake_llm):
    fake_llm.replies = [GOOD]
    steps = list(make_assistant(settings).draft_stream("measures", FACTS, year=2024))
    texts, final = steps[:-1], steps[-1]
    assert len(texts) > 5 and texts[-1] == RENDERED and final.check.ok
    assert not any("{" in t or "fact_ids" in t for t in texts)  # the JSON is never shown
    assert fake_llm.chat_requests()[-1]["stream"] is True


def test_examples_are_cut_to_the_token_budget(settings, fake_llm):
    assistant = make_assistant(settings)
    list(assistant.kb.ingest(supported_files([REPO / "knowledge"])))
    results = []
    for context_tokens in (2800, 32000):
        fake_llm.replies = [GOOD]
        assistant.drafter = LLMDrafter(assistant.llm, context_tokens, assistant.kb)
        results.append((draft(assistant), assistant.drafter.prompt_tokens))
    (tight, tight_tokens), (roomy, roomy_tokens) = results
    assert tight_tokens <= 2800 * (1 - REPLY_RESERVE) < roomy_tokens
    assert 0 < len(tight.sources) < len(roomy.sources)
    assert len({(h.source, h.heading_path) for h in roomy.sources}) == len(roomy.sources)  # one per section


# --- faults ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("faults", [
    [Fault(status=500, headers={"retry-after-ms": "10"})] * 3,
    [Fault(status=429, headers={"retry-after-ms": "10"})] * 3,
    [Fault(status=200, body="this is not json")],
    [Fault(status=401)],
    [Fault(delay=1.5)],  # longer than llm_timeout, and not retried
])
def test_faults_fall_back_to_the_offline_draft_with_a_notice(settings, fake_llm, faults):
    fake_llm.replies = list(faults)
    result = draft(make_assistant(settings))
    assert result.backend == "offline" and result.check.ok and result.check.unused_facts == []
    assert "已改用离线起草" in result.notice and "420家次" in result.text
    assert len(fake_llm.chat_requests()) == len(faults)


def test_an_unreachable_endpoint_falls_back(tmp_path):
    write_report(tmp_path / "reports", "a-2023.txt")
    settings = Settings(kb_dir=tmp_path / "kb", llm_base_url="http://127.0.0.1:9/v1", llm_timeout=2, llm_max_retries=0)
    result = draft(make_assistant(settings))
    assert result.backend == "offline" and "已改用离线起草" in result.notice


REPORT_FACTS = """# 测试县应急管理局2024年度法治政府建设事实
## 主要举措和成效
### 行政执法
- 全年检查生产经营单位420家次
### 普法宣传
- 开展普法宣传活动12场
## 存在的不足和原因
- 执法力量薄弱
## 下一年度工作打算
- 深化普法宣传
"""


def test_a_hung_endpoint_costs_a_report_one_timeout_not_one_per_section(settings, fake_llm):
    fake_llm.replies = [Fault(delay=2.0)] * 10
    assistant = make_assistant(settings.model_copy(update={"llm_timeout": 0.5}))
    report = draft_report(assistant, REPORT_FACTS, bureau=BUREAU, year=2024)
    assert len(report.sections) == 5 and all(s.backend == "offline" for s in report.sections)
    assert len(fake_llm.chat_requests()) == 1  # the rest went straight to the offline drafter
    assert "没有应答" in report.sections[0].notice and "不再等待它" in report.sections[-1].notice


# --- chat, polish, examples -----------------------------------------------------------------------

def test_chat_routes_by_rules_and_streams_the_models_draft(settings, fake_llm):
    fake_llm.replies = [GOOD]
    chat = Chat(make_assistant(settings), year=2024)
    answers = list(chat.respond("起草执法部分\n" + FACTS))
    assert len(answers) > 2 and answers[-1].startswith(RENDERED) and "全部有事实依据" in answers[-1]
    assert len(fake_llm.chat_requests()) == 1  # the rules were sure: the model was not asked to route


def test_model_polish_that_changes_a_number_is_refused(settings, fake_llm):
    fake_llm.replies = ["今年以来，我局立案39起。"]
    polished = make_assistant(settings).polish("今年以来,我局立案 93 起.")
    assert polished.text == "今年以来，我局立案93起。" and polished.backend == "offline"
    assert "93 起" in polished.notice and "39起" in polished.notice  # as each text wrote it


def test_model_polish_that_keeps_the_numbers_is_taken(settings, fake_llm):
    fake_llm.replies = ["今年以来，我局依法立案93起。"]
    polished = make_assistant(settings).polish("今年以来,我局立案 93 起.")
    assert polished.text == "今年以来，我局依法立案93起。" and polished.backend == "llm"
    assert "<paragraph>" in fake_llm.requests[-1]["body"]["messages"][1]["content"]


def test_model_answers_an_examples_request_from_the_passages(settings, fake_llm):
    fake_llm.replies = ["示例市应急管理局2023年的报告在“强化权力监督”一节写了行政复议。"]
    found = make_assistant(settings).examples("行政复议怎么写")
    assert found.backend == "llm" and found.hits and "行政复议" in found.text
    assert "行政复议案件2件" in fake_llm.requests[-1]["body"]["messages"][1]["content"]


def test_drafts_in_progress_at_once_keep_their_own_replies(settings, fake_llm):
    """The app drafts for several people with one drafter: one draft's review never sees another's reply."""
    uncited = section(item(0), item(1, fact_ids=[]))
    fake_llm.replies = [uncited, GOOD, GOOD]
    assistant = make_assistant(settings)
    first = assistant.draft_stream("measures", FACTS, bureau=BUREAU, year=2024)
    next(first)  # its reply is arriving …
    second = draft(assistant)  # … while another draft runs from start to end
    *_, first_done = first
    assert second.repairs == 0 and second.check.ok
    assert first_done.repairs == 1 and first_done.text == RENDERED and first_done.review.problems == []
    assert first_done.tokens == (10 + len(uncited)) + (10 + len(GOOD)) and second.tokens == 10 + len(GOOD)


def test_the_cli_reports_what_a_models_draft_cost_and_its_tokens_in_the_json(settings, fake_llm, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from assistant.cli import cli

    make_assistant(settings)  # the knowledge base, ingested
    facts = tmp_path / "facts.md"
    facts.write_text(FACTS, encoding="utf-8")
    monkeypatch.setenv("REPORT_LLM_BASE_URL", fake_llm.url)
    args = ["draft", "--part", "measures", "--facts", str(facts), "--year", "2024", "--kb", str(settings.kb_dir)]
    fake_llm.replies = [section(item(0), item(1, fact_ids=[])), GOOD, GOOD]
    text = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert text.exit_code == 0 and text.stdout.startswith(RENDERED)
    assert "模型：首字" in text.stderr and "修改 1 轮" in text.stderr
    data = json.loads(CliRunner().invoke(cli, [*args, "--json"], catch_exceptions=False).stdout)
    assert data["tokens"] == 10 + len(GOOD) and data["timing"]["total_s"] > 0 and data["items"]["problems"] == []
