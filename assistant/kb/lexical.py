"""A word-level ranking beside the embedding: BM25 (bm25s) over jieba words and character pairs.

Reviewers ask in their own words (“执法证件持有率怎么写”); the character n-gram embedding finds
passages that share many characters, BM25 finds the rare words a short passage with a figure
shares with the question. Both scores are blended (see blend); the index is derived from Chroma's own records, never stored apart,
so it cannot drift from them (see KnowledgeBase.search).
"""

import logging
import re
from functools import lru_cache

import numpy as np

WORD_RE = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
HAN_RUN_RE = re.compile(r"[\u3400-\u9fff]+")
# Words of a question that say nothing about the passage wanted.
QUESTION_WORDS = frozenset("怎么 怎样 如何 写 哪些 什么 是 的 了 和 与 及 在 有 情况 方面 相关 关于 一下 请问 吗 呢".split())


@lru_cache(maxsize=1)
def _jieba():
    try:
        import jieba
    except ImportError as e:  # a dependency of the package; only a broken install lacks it
        raise ImportError("缺少 jieba：请运行 pip install jieba（或重新安装本项目）。") from e
    jieba.setLogLevel(logging.WARNING)
    return jieba


def words(text: str) -> list[str]:
    """The jieba words of text in search mode (长词 and their parts), punctuation left out."""
    return [w for w in _jieba().lcut_for_search(text) if WORD_RE.search(w)]


def bigrams(text: str) -> list[str]:
    """Character pairs of the Chinese runs: they match where jieba cuts a paraphrase differently (持证 / 持有证件)."""
    return [run[i:i + 2] for run in HAN_RUN_RE.findall(text) for i in range(len(run) - 1)]


def terms(text: str, grams: bool = True) -> list[str]:
    """What a passage is indexed by: its words and, unless left out, its character pairs."""
    return words(text) + (bigrams(text) if grams else [])


def query_words(text: str) -> list[str]:
    """The words of a question that can match a passage."""
    return [w for w in words(text) if w not in QUESTION_WORDS] or words(text)


def query_terms(text: str, grams: bool = True) -> list[str]:
    """The terms of a question: its words without question words, and their character pairs."""
    kept = query_words(text)
    return kept + (bigrams("".join(kept)) if grams else [])


class LexicalIndex:
    """BM25 over the chunks of one collection state: ids, the text searched, and their metadata."""

    def __init__(self, ids: list[str], texts: list[str], metadatas: list[dict], grams: bool = True):
        import bm25s

        self.ids, self.metadatas, self.grams = ids, metadatas, grams
        self.bm25 = bm25s.BM25()
        if ids:
            self.bm25.index([terms(text, grams) or ["∅"] for text in texts], show_progress=False)

    def scores(self, query: str, where: dict | None, n: int) -> dict[str, float]:
        """BM25 scores of the n best passages for the query among those the filter keeps, best first."""
        tokens = [w for w in query_terms(query, self.grams) if w in self.bm25.vocab_dict] if self.ids else []
        if not tokens:
            return {}
        scores = self.bm25.get_scores(tokens)
        if where:
            scores = np.where([matches(meta, where) for meta in self.metadatas], scores, 0.0)
        best = [i for i in np.argsort(-scores, kind="stable")[:n] if scores[i] > 0]
        return {self.ids[i]: float(scores[i]) for i in best}

    def rank(self, query: str, where: dict | None, n: int) -> list[str]:
        """The ids of the n best passages for the query among those the filter keeps, best first."""
        return list(self.scores(query, where, n))


def matches(meta: dict, where: dict | None) -> bool:
    """Whether a chunk's metadata passes a Chroma filter of the shape KnowledgeBase builds ($and of equalities)."""
    if not where:
        return True
    if "$and" in where:
        return all(matches(meta, clause) for clause in where["$and"])
    return all(meta.get(key) == value for key, value in where.items())


# The embedding's share of the blended score; the figures behind it are in the README (Knowledge base).
EMBEDDING_WEIGHT = 0.2


def blend(similarities: dict[str, float], lexical: dict[str, float], k: int,
          weight: float = EMBEDDING_WEIGHT) -> list[tuple[str, float]]:
    """The k best ids by a weighted sum of cosine similarity and BM25 score, each divided by its best."""
    top_similarity = max(similarities.values(), default=0.0) or 1.0
    top_lexical = max(lexical.values(), default=0.0) or 1.0
    blended = {doc_id: weight * similarities.get(doc_id, 0.0) / top_similarity
               + (1 - weight) * lexical.get(doc_id, 0.0) / top_lexical
               for doc_id in similarities.keys() | lexical.keys()}
    return sorted(blended.items(), key=lambda pair: (-pair[1], pair[0]))[:k]
