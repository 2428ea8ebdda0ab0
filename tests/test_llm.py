"""The LLM layer against the local fake server: ChatOpenAI -> httpx -> HTTP, nothing patched."""

import socket
import time

import pytest
from fake_llm import Fault

from assistant.config import Settings
from assistant.errors import ConfigError, LLMError
from assistant.llm import PLACEHOLDER_API_KEY, LLMClient, Retry, chat_model
from assistant.prompts import load_prompt

FAST = Retry(attempts=3, base_delay=0.01, max_delay=0.02)
REPLY = "（一）坚持依法行政，提升执法质效。今年以来，我局立案查处违法行为若干起。"


@pytest.fixture
def settings(fake_llm) -> Settings:
    return Settings(llm_base_url=fake_llm.url, llm_model="test-model", llm_timeout=0.3)


@pytest.fixture
def client(settings) -> LLMClient:
    return LLMClient(settings, FAST)


def polish_prompt():
    return load_prompt("polish").render(paragraph="全年 开展检查 ,共计若干次")


def test_a_completion_sends_the_rendered_prompt_as_it_is(client, fake_llm):
    fake_llm.replies = [REPLY]
    prompt = polish_prompt()
    assert client.complete(prompt) == REPLY
    (request,) = fake_llm.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["body"] == {"model": "test-model", "stream": False, "messages": [
        {"role": "system", "content": prompt.to_messages()[0].content},
        {"role": "user", "content": prompt.to_messages()[1].content}]}
    assert request["headers"]["authorization"] == f"Bearer {PLACEHOLDER_API_KEY}"


def test_a_configured_api_key_is_sent(fake_llm):
    client = LLMClient(Settings(llm_base_url=fake_llm.url, llm_api_key="sk-test"), FAST)
    fake_llm.replies = [REPLY]
    client.complete("你好")
    assert fake_llm.requests[0]["headers"]["authorization"] == "Bearer sk-test"


def test_streaming_yields_the_pieces_in_order(client, fake_llm):
    fake_llm.replies = [REPLY]
    pieces = list(client.stream(polish_prompt()))
    assert pieces == [REPLY[i:i + 8] for i in range(0, len(REPLY), 8)]
    assert "".join(pieces) == REPLY
    assert fake_llm.requests[0]["body"]["stream"] is True


def test_a_reader_may_stop_a_stream_early(client, fake_llm):
    fake_llm.replies = [REPLY, "好"]
    pieces = client.stream("你好")
    assert next(pieces) == REPLY[:8]
    pieces.close()
    assert client.complete("再来") == "好"


@pytest.mark.parametrize("faults", [[Fault(429)], [Fault(500), Fault(500)], [Fault(503), Fault(502)]])
@pytest.mark.parametrize("streaming", [False, True])
def test_rate_limits_and_server_errors_are_retried(client, fake_llm, faults, streaming):
    fake_llm.replies = [*faults, REPLY]
    reply = "".join(client.stream("你好")) if streaming else client.complete("你好")
    assert reply == REPLY
    assert len(fake_llm.requests) == len(faults) + 1


def test_a_server_error_that_persists_ends_after_the_attempts(client, fake_llm):
    fake_llm.replies = [Fault(500)] * 5
    with pytest.raises(LLMError, match="HTTP 500.*已尝试 3 次.*请稍后再试"):
        client.complete("你好")
    assert len(fake_llm.requests) == 3


def test_a_rate_limit_that_persists_says_to_try_later(client, fake_llm):
    fake_llm.replies = [Fault(429)] * 3
    with pytest.raises(LLMError, match="限流.*已尝试 3 次.*稍后再试"):
        list(client.stream("你好"))
    assert len(fake_llm.requests) == 3


def test_a_slow_reply_times_out_and_is_retried(client, fake_llm):
    fake_llm.replies = [Fault(200, delay=1.0), REPLY]
    assert client.complete("你好") == REPLY
    assert len(fake_llm.requests) == 2


def test_a_service_that_never_answers_in_time_is_an_error(client, fake_llm):
    fake_llm.replies = [Fault(200, delay=1.0)] * 3
    started = time.monotonic()
    with pytest.raises(LLMError, match="0.3 秒内没有应答.*已尝试 3 次.*REPORT_LLM_TIMEOUT"):
        client.complete("你好")
    assert len(fake_llm.requests) == 3
    assert time.monotonic() - started < 2.5


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
    client = LLMClient(Settings(llm_base_url=url, llm_timeout=5), Retry(attempts=3, base_delay=1.0))
    started = time.monotonic()
    with pytest.raises(LLMError, match=f"连不上模型服务 {url}.*REPORT_LLM_BASE_URL"):
        client.complete("你好")
    assert time.monotonic() - started < 1.0


def test_no_endpoint_configured_is_a_config_error():
    with pytest.raises(ConfigError, match="REPORT_LLM_BASE_URL"):
        chat_model(Settings(llm_base_url=""))


def test_backoff_doubles_up_to_its_cap():
    retry = Retry(attempts=6, base_delay=0.5, max_delay=3.0)
    assert [retry.delay(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    with pytest.raises(ValueError):
        Retry(attempts=0)
