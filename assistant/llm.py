"""The language model: ChatOpenAI against any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama,
llama.cpp, Xinference …), retried here on timeouts, 429 and 5xx, with failures turned into
LLMError messages that say what to do.
"""

import logging
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import TypeVar

import openai
from langchain_core.exceptions import (ContextOverflowError, ModelAPIError, ModelAuthenticationError,
                                       ModelConnectionError, ModelError, ModelNotFoundError,
                                       ModelPermissionDeniedError, ModelRateLimitError, ModelTimeoutError)
from langchain_core.language_models import LanguageModelInput
from langchain_core.output_parsers import StrOutputParser
from langchain_openai import ChatOpenAI

from .config import Settings
from .errors import ConfigError, LLMError

log = logging.getLogger(__name__)
T = TypeVar("T")

# Local servers accept any key, but the OpenAI client refuses to start without one.
PLACEHOLDER_API_KEY = "not-needed"
# Worth another try: the service is busy or briefly down. Anything else fails the same way again.
RETRYABLE = (ModelTimeoutError, ModelRateLimitError, ModelAPIError)
# What a reply that is not an OpenAI chat completion raises inside the client and LangChain.
GARBAGE = (ValueError, TypeError, KeyError, IndexError, AttributeError)
FAILURES = (ModelError, openai.OpenAIError, *GARBAGE)


@dataclass(frozen=True)
class Retry:
    """How many attempts a request gets and how long to wait between them."""

    attempts: int = 3
    base_delay: float = 1.0
    max_delay: float = 16.0

    def __post_init__(self):
        if self.attempts < 1:
            raise ValueError("Retry.attempts must be at least 1")

    def delay(self, attempt: int) -> float:
        """Seconds to wait after the given failed attempt (1, 2, …): doubling, capped."""
        return min(self.base_delay * 2 ** (attempt - 1), self.max_delay)


def chat_model(settings: Settings) -> ChatOpenAI:
    """ChatOpenAI for the configured endpoint; it never retries by itself (LLMClient does)."""
    if not settings.llm_base_url:
        raise ConfigError("没有配置模型服务：请设置 REPORT_LLM_BASE_URL（OpenAI 兼容接口的地址，通常以 /v1 结尾）。")
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key or PLACEHOLDER_API_KEY,
        timeout=settings.llm_timeout,
        max_retries=0,
        use_responses_api=False,  # local servers speak /chat/completions only
    )


class LLMClient:
    """Whole replies and streamed replies of the configured model, with retries and clear errors."""

    def __init__(self, settings: Settings, retry: Retry = Retry()):
        self.settings = settings
        self.retry = retry
        self.model = chat_model(settings)
        self._chain = self.model | StrOutputParser()

    def complete(self, prompt: LanguageModelInput) -> str:
        """The model's whole reply to a prompt (a rendered Prompt, a list of messages or a text)."""
        reply = self._with_retries(lambda: self._chain.invoke(prompt))
        if not reply.strip():
            raise LLMError(self._empty_reply())
        return reply

    def stream(self, prompt: LanguageModelInput) -> Iterator[str]:
        """The reply in pieces as the model writes them; only a failure before the first is retried."""
        first, rest = self._with_retries(lambda: self._start_stream(prompt))
        with closing(rest):  # a reader that stops early also ends the request, and the generation
            try:
                yield first
                yield from (piece for piece in rest if piece)
            except FAILURES as e:
                raise LLMError(f"回复中途中断。{explain(e, 1, self.settings)}") from e

    def _start_stream(self, prompt: LanguageModelInput) -> tuple[str, Generator[str, None, None]]:
        """Open the stream and wait for its first piece of text, so that opening can be retried."""
        pieces = self._chain.stream(prompt)
        for piece in pieces:
            if piece.strip():  # leading whitespace alone would hide an empty reply
                return piece, pieces
        raise LLMError(self._empty_reply())

    def _with_retries(self, call: Callable[[], T]) -> T:
        """call(), tried again after a timeout, 429 or 5xx until the attempts are used up."""
        for attempt in range(1, self.retry.attempts + 1):
            try:
                return call()
            except FAILURES as e:
                if attempt == self.retry.attempts or not isinstance(e, RETRYABLE):
                    raise LLMError(explain(e, attempt, self.settings)) from e
                log.warning("model request failed (%s), attempt %d of %d", type(e).__name__, attempt,
                            self.retry.attempts)
                time.sleep(self.retry.delay(attempt))
        raise AssertionError("unreachable: Retry.attempts >= 1")

    def _empty_reply(self) -> str:
        return (f"模型 {self.settings.llm_model} 返回了空回复：请确认该模型已在服务中加载，"
                f"或稍后重试；也可以检查 REPORT_LLM_MODEL。")


def explain(error: Exception, attempts: int, settings: Settings) -> str:
    """What went wrong with the model service and what to do about it, in Chinese."""
    template = next((t for kinds, t in MESSAGES if isinstance(error, kinds)), GARBAGE_MESSAGE)
    return template.format(
        url=settings.llm_base_url, model=settings.llm_model, timeout=f"{settings.llm_timeout:g}",
        context=settings.llm_context_tokens, status=getattr(error, "status_code", ""),
        tried=f"（已尝试 {attempts} 次）" if attempts > 1 else "",
        detail=f"{type(error).__name__}: {str(error)[:200]}")


# The first entry whose types match the error wins: context overflow before a plain 400.
MESSAGES = (
    (ModelTimeoutError, "模型服务 {url} 在 {timeout} 秒内没有应答{tried}：请确认服务正常、负载不高，或调大 REPORT_LLM_TIMEOUT。"),
    ((ModelConnectionError, openai.APIConnectionError),
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
