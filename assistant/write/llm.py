"""The language model: ChatOpenAI against any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama,
llama.cpp, Xinference …), with the sampling settings of drafting, the OpenAI client's own retries,
a circuit breaker in front of an endpoint that stopped answering, reasoning blocks dropped, and
failures turned into LLMError messages that say what to do.
"""

import logging
import re
import time
from collections.abc import Iterator
from contextlib import closing
from itertools import chain
from dataclasses import dataclass

import httpx
import openai
import pybreaker
from langchain_core.exceptions import (ContextOverflowError, ModelAPIError, ModelAuthenticationError,
                                       ModelConnectionError, ModelError, ModelNotFoundError,
                                       ModelPermissionDeniedError, ModelRateLimitError, ModelTimeoutError)
from langchain_core.language_models import LanguageModelInput
from langchain_openai.chat_models.base import BaseChatOpenAI

from assistant.kb.chunking import count_tokens
from assistant.config import Settings
from assistant.errors import ConfigError, LLMError

log = logging.getLogger(__name__)

# Local servers accept any key, but the OpenAI client refuses to start without one.
PLACEHOLDER_API_KEY = "not-needed"
# What a reply that is not an OpenAI chat completion raises inside the client and LangChain.
GARBAGE = (ValueError, TypeError, KeyError, IndexError, AttributeError)
# httpx's own errors surface while a stream is read (a server that sent its headers, then stalled).
FAILURES = (ModelError, openai.OpenAIError, httpx.TransportError, *GARBAGE)
# An endpoint that times out or cannot be reached is left alone for a cool-down.
DEAD = (ModelTimeoutError, ModelConnectionError, openai.APITimeoutError, openai.APIConnectionError,
        httpx.TimeoutException, httpx.NetworkError)
_THINK = re.compile(r"<think>.*?(?:</think>\s*|$)", re.S)
_THINK_TAG = "<think>"


@dataclass
class Reply:
    """One finished reply: its text without reasoning, why it ended, its tokens and timing."""

    text: str
    finish_reason: str = ""
    tokens: int = 0  # prompt and completion
    first_token_s: float = 0.0
    total_s: float = 0.0

    @property
    def cut_off(self) -> bool:
        """True when the model stopped at max_tokens rather than at the end of its answer."""
        return self.finish_reason == "length"


class _NoTimeoutRetries(httpx.Client):
    """An httpx client whose timeouts the OpenAI client passes on instead of retrying.

    The OpenAI client retries 429, 5xx and refused connections (honouring Retry-After), and it
    re-raises its own errors untouched; a hung endpoint retried would cost every attempt's
    timeout, so a timeout is raised as the client's own APITimeoutError.
    """

    def send(self, request: httpx.Request, **kwargs) -> httpx.Response:
        try:
            return super().send(request, **kwargs)
        except httpx.TimeoutException as e:
            raise openai.APITimeoutError(request=request) from e


class CompatibleChatOpenAI(BaseChatOpenAI):
    """ChatOpenAI's base, which sends `max_tokens` as it is: vLLM, Ollama, llama.cpp and the
    DeepSeek / Qwen services all read it, while ChatOpenAI renames it `max_completion_tokens`."""


def chat_model(settings: Settings) -> BaseChatOpenAI:
    """ChatOpenAI for the configured endpoint with the drafting sampling settings."""
    if not settings.llm_base_url:
        raise ConfigError("没有配置模型服务：请设置 REPORT_LLM_BASE_URL（OpenAI 兼容接口的地址，通常以 /v1 结尾）。")
    timeout = httpx.Timeout(settings.llm_timeout, connect=min(settings.llm_timeout, 10.0))
    return CompatibleChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key or PLACEHOLDER_API_KEY,
        timeout=timeout,
        max_retries=settings.llm_max_retries,
        http_client=_NoTimeoutRetries(timeout=timeout),
        temperature=settings.llm_temperature,
        top_p=settings.llm_top_p,
        max_tokens=settings.llm_max_tokens,
        extra_body=settings.llm_extra_body or None,
        stream_usage=True,
        use_responses_api=False,  # local servers speak /chat/completions only
    )


def breaker_for(settings: Settings) -> pybreaker.CircuitBreaker:
    """Opens at the first timeout or refused connection; lets one request through after the cool-down."""
    return pybreaker.CircuitBreaker(fail_max=1, reset_timeout=settings.llm_cooldown,
                                    exclude=[lambda e: not isinstance(e, DEAD)], throw_new_error_on_trip=False)


class LLMClient:
    """Whole replies and streamed replies of the configured model, failing fast and clearly."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.model = chat_model(settings)
        self.breaker = breaker_for(settings)
        self.last: Reply | None = None  # the last finished reply, for its finish reason and timing

    def complete(self, prompt: LanguageModelInput, **options) -> str:
        """The model's whole reply to a prompt (a rendered Prompt, a list of messages or a text)."""
        return self.reply(prompt, **options).text

    def reply(self, prompt: LanguageModelInput, **options) -> Reply:
        """The whole reply with its finish reason, tokens and time (options: e.g. response_format)."""
        started = time.monotonic()
        message = self._guarded(lambda: self.model.invoke(prompt, **options))
        text = strip_reasoning(message.content if isinstance(message.content, str) else "")
        if not text.strip():
            raise LLMError(self._empty_reply())
        elapsed = time.monotonic() - started
        self.last = Reply(text, message.response_metadata.get("finish_reason", ""),
                          self._tokens(prompt, text, message), elapsed, elapsed)
        return self.last

    def stream(self, prompt: LanguageModelInput, **options) -> Iterator[str]:
        """The reply in pieces as the model writes them, reasoning blocks left out; self.last at the end."""
        for piece in self.stream_reply(prompt, **options):
            if isinstance(piece, Reply):
                self.last = piece
            else:
                yield piece

    def stream_reply(self, prompt: LanguageModelInput, **options) -> Iterator["str | Reply"]:
        """The reply's pieces, then the finished Reply (so that concurrent drafts share no state)."""
        started = time.monotonic()
        first, rest = self._guarded(lambda: self._start_stream(prompt, options))
        first_token_s = time.monotonic() - started
        raw, shown, merged = "", "", first
        with closing(rest):  # a reader that stops early also ends the request, and the generation
            try:
                for chunk in chain([first], rest):
                    raw += chunk.content if isinstance(chunk.content, str) else ""
                    merged = merged if chunk is first else merged + chunk
                    visible = strip_reasoning(raw)
                    if visible.startswith(shown) and len(visible) > len(shown):
                        yield visible[len(shown):]
                        shown = visible
            except FAILURES as e:
                raise LLMError(f"回复中途中断。{explain(e, self.settings)}") from e
        if not shown.strip():
            raise LLMError(self._empty_reply())
        yield Reply(shown, merged.response_metadata.get("finish_reason", ""),
                    self._tokens(prompt, shown, merged), first_token_s, time.monotonic() - started)

    def _start_stream(self, prompt: LanguageModelInput, options: dict):
        """Open the stream and wait for its first piece of text, so that a dead endpoint shows here."""
        pieces = self.model.stream(prompt, **options)
        for chunk in pieces:
            if isinstance(chunk.content, str) and chunk.content.strip():
                return chunk, pieces
        raise LLMError(self._empty_reply())

    def _guarded(self, call):
        """call() through the circuit breaker, its failures as LLMError."""
        try:
            return self.breaker.call(call)
        except pybreaker.CircuitBreakerError as e:
            raise LLMError(f"模型服务 {self.settings.llm_base_url} 刚才超时或连不上，"
                           f"{self.settings.llm_cooldown:g} 秒内不再等待它：请检查模型服务，稍后会自动重试。") from e
        except FAILURES as e:
            raise LLMError(explain(e, self.settings)) from e

    @staticmethod
    def _tokens(prompt: LanguageModelInput, text: str, message) -> int:
        """Tokens of the request and reply: the server's count when it gives one, else cl100k_base's."""
        usage = getattr(message, "usage_metadata", None)
        if usage and usage.get("total_tokens"):
            return usage["total_tokens"]
        return count_tokens(prompt_text(prompt)) + count_tokens(text)

    def _empty_reply(self) -> str:
        return (f"模型 {self.settings.llm_model} 返回了空回复：请确认该模型已在服务中加载，"
                f"或稍后重试；也可以检查 REPORT_LLM_MODEL。")


def prompt_text(prompt: LanguageModelInput) -> str:
    """The text of a prompt as sent: every message's content."""
    if isinstance(prompt, str):
        return prompt
    messages = prompt.to_messages() if hasattr(prompt, "to_messages") else prompt
    return "\n".join(m.content if hasattr(m, "content") else str(m) for m in messages)


def strip_reasoning(text: str) -> str:
    """A reply without the <think>…</think> blocks of reasoning models (an unclosed one to the end)."""
    stripped = text.lstrip()
    if _THINK_TAG.startswith(stripped) and stripped:
        return ""  # the opening tag still arriving
    return _THINK.sub("", text)


def explain(error: Exception, settings: Settings) -> str:
    """What went wrong with the model service and what to do about it, in Chinese."""
    template = next((t for kinds, t in MESSAGES if isinstance(error, kinds)), GARBAGE_MESSAGE)
    return template.format(
        url=settings.llm_base_url, model=settings.llm_model, timeout=f"{settings.llm_timeout:g}",
        context=settings.llm_context_tokens, status=getattr(error, "status_code", ""),
        tried=f"（已重试 {settings.llm_max_retries} 次）" if settings.llm_max_retries else "",
        detail=f"{type(error).__name__}: {str(error)[:200]}")


# The first entry whose types match the error wins: context overflow before a plain 400.
MESSAGES = (
    ((ModelTimeoutError, openai.APITimeoutError, httpx.TimeoutException),
     "模型服务 {url} 在 {timeout} 秒内没有应答：请确认服务正常、负载不高，或调大 REPORT_LLM_TIMEOUT。"),
    ((ModelConnectionError, openai.APIConnectionError, httpx.TransportError),
     "连不上模型服务 {url}：请检查 REPORT_LLM_BASE_URL 是否正确、模型服务是否已启动、网络是否可达。"),
    ((ModelAuthenticationError, ModelPermissionDeniedError),
     "模型服务拒绝了访问（HTTP {status}）：请检查 REPORT_LLM_API_KEY 是否正确、是否有权使用模型 {model}。"),
    (ModelNotFoundError, "模型服务找不到接口或模型（HTTP 404）：请检查 REPORT_LLM_BASE_URL（通常以 /v1 结尾）"
                         "和 REPORT_LLM_MODEL（当前为 {model}）。"),
    (ModelRateLimitError, "模型服务限流（HTTP 429）{tried}：请求太频繁或额度已用完，请稍后再试，或联系服务管理员。"),
    (ContextOverflowError, "输入超出了模型的上下文长度：请减少事实或范例，"
                           "并让 REPORT_LLM_CONTEXT_TOKENS（当前 {context}）与模型一致。"),
    (ModelAPIError, "模型服务内部出错（HTTP {status}）{tried}：请稍后再试，或查看模型服务的日志。"),
    (openai.APIStatusError, "模型服务拒绝了请求（HTTP {status}，{detail}）：请检查 REPORT_LLM_MODEL 和输入内容。"),
)
GARBAGE_MESSAGE = ("模型服务 {url} 的回复无法识别（{detail}）：请确认 REPORT_LLM_BASE_URL 指向 "
                   "OpenAI 兼容的接口（/v1/chat/completions）。")
