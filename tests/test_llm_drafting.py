"""The model's drafting path over real HTTP: a local OpenAI-compatible server the tests script.

Covers the prompt the real client sends, the repair loop, numbers copied from an example,
streaming, the token budget, and every fault degrading to the offline draft with a notice."""

import pytest
from fake_llm import Fault

from assistant.chat import Chat
from assistant.config import Settings
from assistant.index import supported_files
from assistant.llm import LLMClient, Retry
from assistant.llm_drafter import LLMDrafter
from assistant.service import Assistant
from conftest import REPO
from reports import write_report

FACTS = "- 全年检查生产经营单位420家次\n- 立案12起，下达行政处罚决定书10份"
GOOD = "严格规范执法，提升执法质效。一是强化执法检查。全年检查生产经营单位420家次。二是严格案件查办。立案12起，下达行政处罚决定书10份。"


@pytest.fixture
def settings(tmp_path, fake_llm):
    write_report(tmp_path / "reports", "a-2023.txt")  # its 立案93起 is an example, not this year's data
    return Settings(kb_dir=tmp_path / "kb", llm_base_url=fake_llm.url, llm_model="test-model", llm_timeout=1)


def make_assistant(settings: Settings, context_tokens: int = 8000) -> Assistant:
    client = LLMClient(settings, Retry(attempts=3, base_delay=0.01))
    assistant = Assistant.from_settings(settings)
    assistant.drafter = LLMDrafter(client, context_tokens)
    list(assistant.kb.ingest(sorted((settings.kb_dir.parent / "reports").iterdir())))
    return assistant


def draft(assistant: Assistant):
    return assistant.draft("measures", FACTS, bureau="测试县应急管理局", year=2024)


def test_a_faithful_draft_passes_and_the_prompt_carries_facts_and_examples(settings, fake_llm):
    fake_llm.replies = [GOOD]
    result = draft(make_assistant(settings))
    assert result.backend == "llm" and result.check.ok and result.repairs == 0
    assert result.text == GOOD
    sent = fake_llm.requests[-1]["body"]
    assert sent["model"] == "test-model"
    system, human = sent["messages"][0]["content"], sent["messages"][1]["content"]
    assert "F1：全年检查生产经营单位420家次" in human and "<examples>" in human and "立案93起" in human
    assert "数字只能来自" in system
    assert 0 < result.tokens <= 8000 and result.sources


def test_a_wrong_number_is_sent_back_and_repaired(settings, fake_llm):
    fake_llm.replies = [GOOD.replace("420家次", "240家次"), GOOD]
    result = draft(make_assistant(settings))
    assert result.check.ok and result.repairs == 1 and result.text == GOOD
    repair_prompt = fake_llm.requests[-1]["body"]["messages"][1]["content"]
    assert "「240家次」" in repair_prompt and "F1：全年检查生产经营单位420家次" in repair_prompt


def test_a_number_that_stays_wrong_is_returned_marked(settings, fake_llm):
    wrong = GOOD.replace("立案12起", "立案93起")  # the example's number, not this year's
    fake_llm.replies = [wrong, wrong, wrong]
    result = draft(make_assistant(settings))
    assert result.repairs == 2 and not result.check.ok and result.text == wrong
    [problem] = result.check.unsupported
    assert problem.quantity.text == "93起" and "取自范例" in problem.reason


@pytest.mark.parametrize("faults", [
    [Fault(status=500)] * 3,
    [Fault(status=429)] * 3,
    [Fault(status=200, body="this is not json")] * 3,
    [Fault(status=401)],
    [Fault(delay=1.5)] * 3,  # longer than llm_timeout
])
def test_faults_fall_back_to_the_offline_draft_with_a_notice(settings, fake_llm, faults):
    fake_llm.replies = list(faults)
    result = draft(make_assistant(settings))
    assert result.backend == "offline" and result.check.ok and result.check.unused_facts == []
    assert "已改用离线起草" in result.notice and "420家次" in result.text


def test_429_then_success_is_retried(settings, fake_llm):
    fake_llm.replies = [Fault(status=429), GOOD]
    result = draft(make_assistant(settings))
    assert result.backend == "llm" and result.text == GOOD
    assert len([r for r in fake_llm.requests if r["path"].endswith("/chat/completions")]) == 2


def test_an_unreachable_endpoint_falls_back(tmp_path):
    write_report(tmp_path / "reports", "a-2023.txt")
    settings = Settings(kb_dir=tmp_path / "kb", llm_base_url="http://127.0.0.1:9/v1", llm_timeout=2)
    result = draft(make_assistant(settings))
    assert result.backend == "offline" and "已改用离线起草" in result.notice


def test_streaming_yields_the_growing_text_then_the_checked_draft(settings, fake_llm):
    fake_llm.replies = [GOOD]
    steps = list(make_assistant(settings).draft_stream("measures", FACTS, year=2024))
    texts, final = steps[:-1], steps[-1]
    assert len(texts) > 2 and texts[-1] == GOOD and all(b.startswith(a) for a, b in zip(texts, texts[1:]))
    assert final.check.ok and fake_llm.requests[-1]["body"]["stream"] is True


def test_chat_routes_with_the_model_and_streams_its_draft(settings, fake_llm):
    fake_llm.replies = ["draft", GOOD]
    chat = Chat(make_assistant(settings), year=2024)
    answers = list(chat.respond("起草执法部分\n" + FACTS))
    assert len(answers) > 2 and answers[-1].startswith(GOOD) and "全部有事实依据" in answers[-1]
    assert "<message>" in fake_llm.requests[0]["body"]["messages"][1]["content"]


def test_chat_falls_back_to_rules_when_the_model_cannot_route(settings, fake_llm):
    fake_llm.replies = ["我觉得这是起草请求", GOOD]  # not one of the four words
    chat = Chat(make_assistant(settings), year=2024)
    *_, answer = chat.respond("起草执法部分\n" + FACTS)
    assert chat.turns[-1].kind == "draft" and "全部有事实依据" in answer


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


def test_examples_are_cut_to_the_token_budget(settings, fake_llm):
    assistant = make_assistant(settings)
    list(assistant.kb.ingest(supported_files([REPO / "knowledge"])))
    tight, roomy = LLMDrafter(assistant.drafter.client, 2800), LLMDrafter(assistant.drafter.client, 32000)
    results = []
    for drafter in (tight, roomy):
        fake_llm.replies = [GOOD]
        assistant.drafter = drafter
        results.append(draft(assistant))
    assert results[0].tokens <= 2800 * 0.7 < results[1].tokens
    assert 0 < len(results[0].sources) < len(results[1].sources)
