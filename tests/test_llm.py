"""The LLM layer against the local fake server: ChatOpenAI -> httpx -> HTTP, nothing patched."""

import socket
import time

import pytest
from fake_llm import Fault, Scripted

from assistant.config import Settings
from assistant.errors import ConfigError, LLMError
from assistant.write.llm import PLACEHOLDER_API_KEY, LLMClient, chat_model, strip_reasoning
from assistant.write.prompts import load_prompt

REPLY = "（一）坚持依法行政，提升执法质效。今年以来，我局立案查处违法行为若干起。"
SOON = {"retry-after-ms": "20"}  # the OpenAI client waits what the server asks (else 0.5 s, 1 s …)
SAMPLING = {"temperature": 0.3, "top_p": 0.9, "max_tokens": 1500}


def fault(status: int, **kwargs) -> Fault:
    return Fault(status, headers=SOON, **kwargs)


@pytest.fixture
def settings(fake_llm) -> Settings:
    return Settings(llm_base_url=fake_llm.url, llm_model="test-model", llm_timeout=0.3)


@pytest.fixture
def client(settings) -> LLMClient:
    return LLMClient(settings)


def polish_prompt():
    return load_prompt("polish").render(paragraph="全年 开展检查 ,共计若干次")


def test_a_completion_sends_the_rendered_prompt_as_it_is(client, fake_llm):
    fake_llm.replies = [REPLY]
    prompt = polish_prompt()
    assert client.complete(prompt) == REPLY
    (request,) = fake_llm.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["body"] == {"model": "test-model", "stream": False, **SAMPLING, "messages": [
        {"role": "system", "content": prompt.to_messages()[0].content},
        {"role": "user", "content": prompt.to_messages()[1].content}]}
    assert request["headers"]["authorization"] == f"Bearer {PLACEHOLDER_API_KEY}"


def test_a_configured_api_key_is_sent(fake_llm):
    client = LLMClient(Settings(llm_base_url=fake_llm.url, llm_api_key="sk-test"))
    fake_llm.replies = [REPLY]
    client.complete("你好")
    assert fake_llm.requests[0]["headers"]["authorization"] == "Bearer sk-test"


def test_streaming_yields_the_pieces_in_order(client, fake_llm):
    fake_llm.replies = [REPLY]
    pieces = list(client.stream(polish_prompt()))
    assert pieces == [REPLY[i:i + 8] for i in range(0, len(REPLY), 8)]
    assert "".join(pieces) == REPLY
    body = fake_llm.requests[0]["body"]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert {k: body[k] for k in SAMPLING} == SAMPLING


def test_sampling_settings_are_sent_as_configured(fake_llm):
    client = LLMClient(Settings(llm_base_url=fake_llm.url, llm_temperature=0.7, llm_top_p=0.8, llm_max_tokens=900))
    fake_llm.replies = [REPLY]
    client.complete("你好")
    body = fake_llm.requests[0]["body"]
    assert (body["temperature"], body["top_p"], body["max_tokens"]) == (0.7, 0.8, 900)


def test_extra_body_fields_reach_the_server(fake_llm, monkeypatch):
    monkeypatch.setenv("REPORT_LLM_EXTRA_BODY", '{"chat_template_kwargs": {"enable_thinking": false}, "top_k": 20}')
    client = LLMClient(Settings(llm_base_url=fake_llm.url))
    fake_llm.replies = [REPLY]
    "".join(client.stream("你好"))
    body = fake_llm.requests[0]["body"]
    assert body["chat_template_kwargs"] == {"enable_thinking": False} and body["top_k"] == 20


@pytest.mark.parametrize("streaming", [False, True])
def test_reasoning_is_dropped_from_the_reply(client, fake_llm, streaming):
    fake_llm.replies = [Scripted("<think>先想想：立案93起？</think>\n" + REPLY, reasoning="用户要的是执法部分")]
    text = "".join(client.stream("你好")) if streaming else client.complete("你好")
    assert text == REPLY and client.last.text == REPLY


@pytest.mark.parametrize("streaming", [False, True])
def test_a_reply_cut_by_the_length_limit_is_known(client, fake_llm, streaming):
    fake_llm.replies = [Scripted(REPLY[:20], finish_reason="length")]
    "".join(client.stream("你好")) if streaming else client.complete("你好")
    assert client.last.cut_off and client.last.text == REPLY[:20]


def test_a_reply_reports_its_tokens_and_time(client, fake_llm):
    fake_llm.replies = [REPLY]
    "".join(client.stream("你好"))
    assert client.last.tokens == 10 + len(REPLY)  # the server's usage, streamed at the end
    assert 0 < client.last.first_token_s <= client.last.total_s


@pytest.mark.parametrize("raw, visible", [
    ("<think>推理</think>正文", "正文"), ("<think>推理", ""), ("<thi", ""), ("正文<think>x</think>", "正文"),
    ("正文", "正文"), ("  <think>a</think>\n\n正文", "  正文"),
])
def test_strip_reasoning(raw, visible):
    assert strip_reasoning(raw) == visible


def test_a_reader_may_stop_a_stream_early(client, fake_llm):
    fake_llm.replies = [REPLY, "好"]
    pieces = client.stream("你好")
    assert next(pieces) == REPLY[:8]
    pieces.close()
    assert client.complete("再来") == "好"


@pytest.mark.parametrize("faults", [[fault(429)], [fault(500), fault(500)], [fault(503), fault(502)]])
@pytest.mark.parametrize("streaming", [False, True])
def test_rate_limits_and_server_errors_are_retried(client, fake_llm, faults, streaming):
    fake_llm.replies = [*faults, REPLY]
    reply = "".join(client.stream("你好")) if streaming else client.complete("你好")
    assert reply == REPLY
    assert len(fake_llm.requests) == len(faults) + 1


def test_a_server_error_that_persists_ends_after_the_retries(client, fake_llm):
    fake_llm.replies = [fault(500)] * 5
    with pytest.raises(LLMError, match="HTTP 500.*已重试 2 次.*请稍后再试"):
        client.complete("你好")
    assert len(fake_llm.requests) == 3


def test_a_rate_limit_that_persists_says_to_try_later(client, fake_llm):
    fake_llm.replies = [fault(429)] * 3
    with pytest.raises(LLMError, match="限流.*已重试 2 次.*稍后再试"):
        list(client.stream("你好"))
    assert len(fake_llm.requests) == 3


def test_retry_after_is_honoured(client, fake_llm):
    fake_llm.replies = [Fault(429, headers={"Retry-After": "1"}), REPLY]
    started = time.monotonic()
    assert client.complete("你好") == REPLY
    assert time.monotonic() - started >= 0.95


@pytest.mark.parametrize("streaming", [False, True])
def test_a_timeout_is_not_retried(client, fake_llm, streaming):
    fake_llm.replies = [Fault(200, delay=1.0), REPLY]
    with pytest.raises(LLMError, match="0.3 秒内没有应答.*REPORT_LLM_TIMEOUT"):
        "".join(client.stream("你好")) if streaming else client.complete("你好")
    assert len(fake_llm.requests) == 1


def test_a_stream_that_stalls_after_its_headers_times_out_and_opens_the_breaker(client, fake_llm):
    fake_llm.replies = [Scripted(REPLY, stall=1.0), REPLY]
    with pytest.raises(LLMError, match="0.3 秒内没有应答"):
        "".join(client.stream("你好"))
    with pytest.raises(LLMError, match="秒内不再等待它"):
        client.complete("你好")
    assert len(fake_llm.requests) == 1


def test_after_a_timeout_the_endpoint_is_skipped_for_the_cool_down(fake_llm):
    client = LLMClient(Settings(llm_base_url=fake_llm.url, llm_timeout=0.3, llm_cooldown=0.5))
    fake_llm.replies = [Fault(200, delay=1.0), REPLY, REPLY]
    with pytest.raises(LLMError, match="没有应答"):
        client.complete("你好")
    with pytest.raises(LLMError, match="秒内不再等待它"):
        list(client.stream("你好"))
    assert len(fake_llm.requests) == 1  # nothing was sent: the breaker answered
    time.sleep(0.6)
    assert client.complete("你好") == REPLY  # one request let through after the cool-down, and it worked
    assert client.complete("你好") == REPLY


def test_a_client_error_does_not_open_the_breaker(client, fake_llm):
    fake_llm.replies = [Fault(400), REPLY]
    with pytest.raises(LLMError, match="HTTP 400"):
        client.complete("你好")
    assert client.complete("你好") == REPLY


@pytest.mark.parametrize("status,advice", [
    (400, "REPORT_LLM_MODEL"), (401, "REPORT_LLM_API_KEY"), (403, "REPORT_LLM_API_KEY"),
    (404, "REPORT_LLM_BASE_URL"), (422, "REPORT_LLM_MODEL"),
])
def test_client_errors_are_not_retried(client, fake_llm, status, advice):
    fake_llm.replies = [Fault(status), REPLY]
    with pytest.raises(LLMError, match=f"HTTP {status}.*{advice}"):
        client.complete("你好")
    assert len(fake_llm.requests) == 1


@pytest.mark.parametrize("body", ["<html>网关错误</html>", '{"unexpected": 1}', '{"choices": []}', ""])
@pytest.mark.parametrize("streaming", [False, True])
def test_a_garbage_reply_is_an_error(client, fake_llm, body, streaming):
    fake_llm.replies = [Fault(200, body=body), REPLY]
    with pytest.raises(LLMError, match="无法识别|空回复"):
        "".join(client.stream("你好")) if streaming else client.complete("你好")
    assert len(fake_llm.requests) == 1


@pytest.mark.parametrize("streaming", [False, True])
def test_an_empty_reply_is_an_error(client, fake_llm, streaming):
    fake_llm.replies = [" \n "]
    with pytest.raises(LLMError, match="空回复.*REPORT_LLM_MODEL"):
        "".join(client.stream("你好")) if streaming else client.complete("你好")


def test_an_unreachable_endpoint_fails_fast_with_what_to_check():
    with socket.socket() as probe:  # a port that was free a moment ago has nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    client = LLMClient(Settings(llm_base_url=url, llm_timeout=5, llm_max_retries=0))
    started = time.monotonic()
    with pytest.raises(LLMError, match=f"连不上模型服务 {url}.*REPORT_LLM_BASE_URL"):
        client.complete("你好")
    with pytest.raises(LLMError, match="秒内不再等待它"):
        client.complete("你好")
    assert time.monotonic() - started < 1.0


def test_no_endpoint_configured_is_a_config_error():
    with pytest.raises(ConfigError, match="REPORT_LLM_BASE_URL"):
        chat_model(Settings(llm_base_url=""))
