"""Embeddings behind LangChain's `Embeddings` interface, chosen by configuration.

`ngram` (the default) needs no model weights: hashed character n-grams, which suit Chinese,
where words are not separated by spaces. `openai` calls any OpenAI-compatible endpoint
(bge-m3 behind vLLM, Ollama, Xinference …).
"""

import math
import re
import zlib
from collections import Counter

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import ConfigError

_RUNS = re.compile(r"[\u3400-\u9fff]+|[A-Za-z]+")
# Weights per n-gram length: single characters are too ambiguous to weigh much in Chinese.
_NGRAM_WEIGHTS = {1: 0.25, 2: 1.0, 3: 0.7}


class NgramEmbeddings(Embeddings):
    """Signed feature hashing of character 1-3-grams into a fixed-size, L2-normalised vector."""

    def __init__(self, dimensions: int = 2048):
        self.dimensions = dimensions

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(text).tolist() for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text).tolist()

    def _vector(self, text: str) -> np.ndarray:
        grams = _ngram_counts(text)
        vector = np.zeros(self.dimensions, dtype=np.float32)
        for gram, (count, weight) in grams.items():
            code = zlib.crc32(gram.encode("utf-8"))
            sign = 1.0 if code & 0x80000000 else -1.0
            vector[code % self.dimensions] += sign * weight * (1.0 + math.log(count))
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector


def _ngram_counts(text: str) -> dict[str, tuple[int, float]]:
    """Each n-gram of the text's Chinese runs (and Latin words) with its count and weight."""
    counts: Counter[str] = Counter()
    weights: dict[str, float] = {}
    for run in _RUNS.findall(text):
        if run.isascii():
            counts[run.lower()] += 1
            weights[run.lower()] = 1.0
            continue
        for n, weight in _NGRAM_WEIGHTS.items():
            for i in range(len(run) - n + 1):
                gram = run[i:i + n]
                counts[gram] += 1
                weights[gram] = weight
    return {gram: (count, weights[gram]) for gram, count in counts.items()}


def embeddings_from_settings(settings: Settings) -> Embeddings:
    """The embedding backend the settings choose."""
    match settings.embedding_backend:
        case "ngram":
            return NgramEmbeddings()
        case "openai":
            return _openai_embeddings(settings)
        case other:
            raise ConfigError(f"未知的向量化方式“{other}”：REPORT_EMBEDDING_BACKEND 请设为 ngram 或 openai。")


def _openai_embeddings(settings: Settings) -> Embeddings:
    if not settings.embedding_base_url:
        raise ConfigError("向量化方式为 openai 时须设置 REPORT_EMBEDDING_BASE_URL（OpenAI 兼容接口地址）。")
    from langchain_openai import OpenAIEmbeddings

    return OpenAIEmbeddings(
        base_url=settings.embedding_base_url,
        api_key=settings.embedding_api_key or "not-needed",
        model=settings.embedding_model,
        # Send text, not tiktoken ids: other servers (vLLM, Ollama …) expect strings.
        check_embedding_ctx_length=False,
    )


def embedding_name(settings: Settings) -> str:
    """Names the vector space, so a knowledge base is never queried with another embedding."""
    if settings.embedding_backend == "openai":
        return f"openai:{settings.embedding_model}"
    return f"{settings.embedding_backend}:{NgramEmbeddings().dimensions}"
