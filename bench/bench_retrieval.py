"""Retrieval benchmark: quality on labelled queries, ingest throughput and query latency.

    .venv/bin/python bench/bench_retrieval.py [--synthetic-chunks 10000] [--variants ngram-2048 …]
                                              [--rankings vector hybrid lexical]

Quality: the real corpus (../shared/corpus, when present), knowledge/ and the reports of other
kinds of bureau we wrote (tests/data/bureaus) are indexed once per embedding variant; each query
of each set (bench/queries.json over the corpus and knowledge/, bench/queries_bureaus.json:
paraphrases over tests/data/bureaus) is searched (k=5) with each ranking (vector: the embedding
alone; lexical-words: plain BM25 over jieba words; lexical: BM25 over jieba words and character
pairs; hybrid: the embedding's and BM25's scores blended) and scored by precision@5
of its part (and topic, when labelled), recall@5 of its labelled passages and MRR of the first.
Scale: synthetic reports (sentences of the same files, reshuffled) are ingested through the real
path until the index holds N chunks; ingest chunks/s and query latency p50/p95 are reported.
Figures go to stdout and bench/results/retrieval.json.
"""

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchlib import save_results  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.kb.documents import load_report  # noqa: E402
from assistant.kb.embeddings import NgramEmbeddings  # noqa: E402
from assistant.kb.index import KnowledgeBase, open_client, supported_files  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
BUREAUS = REPO / "tests" / "data" / "bureaus"
# Each query set is searched in its own index: the labelled queries over the corpus and knowledge/ (as
# they always were), the paraphrases over every file, so the other bureaus' reports meet distractors.
QUERY_SETS = {"queries.json": (REPO / "bench" / "queries.json", False),
              "queries_bureaus.json": (REPO / "bench" / "queries_bureaus.json", True)}
RANKINGS = ("vector", "lexical-words", "lexical", "hybrid")
HALF_TO_FULL = str.maketrans("()", "（）")
VARIANTS = {
    "ngram-1024": lambda: NgramEmbeddings(1024),
    "ngram-2048": lambda: NgramEmbeddings(2048),
    "ngram-4096": lambda: NgramEmbeddings(4096),
}


def source_files() -> list[Path]:
    files = supported_files([REPO / "knowledge", BUREAUS])
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*.txt"))
    else:
        print(f"note: {CORPUS} not found, benchmarking on knowledge/ only", file=sys.stderr)
    return files


def build(folder: Path, embeddings, files: list[Path]) -> KnowledgeBase:
    kb = KnowledgeBase(open_client(Settings(kb_dir=folder)), embeddings, "bench")
    failures = [r for r in kb.ingest(files) if r.status == "error" and r.path.name != "SOURCES.md"]
    for failure in failures:
        print(f"ingest failed: {failure.path.name}: {failure.error}", file=sys.stderr)
    return kb


def same_label(a: str, b: str) -> bool:
    """Section labels compare alike whatever their bracket width: (一) is （一）."""
    return a.translate(HALF_TO_FULL) == b.translate(HALF_TO_FULL)


def is_relevant(hit, part: str, wanted: dict) -> bool:
    """Whether a hit is (inside) a labelled passage: same source, part, section and, if given, item."""
    if hit.source != wanted["source"] or hit.part != part or not same_label(hit.section_label, wanted["section"]):
        return False
    if wanted.get("path") and wanted["path"] not in hit.heading_path:  # which （一） of several parts
        return False
    return not wanted.get("item") or hit.item_label == wanted["item"]


def score_queries(kb: KnowledgeBase, queries: list[dict], sources: set[str], misses: list[str] | None = None) -> dict:
    """precision@5 of part/topic, recall@5 of the labelled passages, hit@5 (any found) and MRR of the first."""
    precisions, recalls, found, reciprocal = [], [], [], []
    for query in queries:
        wanted = [r for r in query["relevant"] if r["source"] in sources]
        if not wanted:
            continue
        hits = kb.search(query["query"], 10)
        on_label = [h.part == query["part"] and (not query.get("topic") or h.topic == query["topic"]) for h in hits[:5]]
        precisions.append(sum(on_label) / 5)
        recalls.append(sum(any(is_relevant(h, query["part"], w) for h in hits[:5]) for w in wanted) / len(wanted))
        ranks = [n for n, h in enumerate(hits, 1) if any(is_relevant(h, query["part"], w) for w in wanted)]
        found.append(bool(ranks) and ranks[0] <= 5)
        reciprocal.append(1 / ranks[0] if ranks else 0.0)
        if misses is not None and not found[-1]:
            misses.append(query["query"])
    return {"queries": len(precisions), "precision@5": round(statistics.mean(precisions), 3),
            "recall@5": round(statistics.mean(recalls), 3), "found@5": sum(found),
            "mrr@10": round(statistics.mean(reciprocal), 3)}


def synthetic_report(n: int, sentences: list[str], rng: random.Random) -> str:
    """A report of ten sections of ten 一是 items, each made of two reshuffled sentences."""
    numerals = "一二三四五六七八九十"
    lines = [f"示例{n}区应急管理局{2020 + n % 6}年度法治政府建设工作报告", "", "一、主要举措和成效"]
    for s in range(10):
        items = "".join(f"{numerals[i]}是{''.join(rng.sample(sentences, 2))}" for i in range(10))
        lines.append(f"（{numerals[s]}）加强第{s + 1}项工作，提升治理水平。{items}")
    return "\n".join(lines)


def scale(chunks_wanted: int, files: list[Path], embeddings, ranking: str, seed: int = 7) -> dict:
    """Ingest synthetic reports through the real path until the index holds chunks_wanted chunks."""
    sentences = [s for f in files for part in load_report(f).parts for sec in part.sections
                 for item in sec.items for s in re.split(r"(?<=[。；])", item.text) if len(s) > 12]
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(open_client(Settings(kb_dir=Path(tmp) / "kb")), embeddings, "bench", ranking=ranking)
        ingest_seconds, reports = 0.0, 0
        while kb.count() < chunks_wanted:
            reports += 1
            path = Path(tmp) / f"synthetic-{reports:04d}.txt"
            path.write_text(synthetic_report(reports, sentences, rng), encoding="utf-8")
            started = time.perf_counter()
            kb.ingest_file(path)
            ingest_seconds += time.perf_counter() - started
        started = time.perf_counter()
        kb.search("法治政府建设", 5)  # the first search after an ingest (re)builds the BM25 index
        first_query_ms = (time.perf_counter() - started) * 1000
        latencies = []
        for query in ["行政复议", "安全生产月宣传", "执法案卷评查", "法律顾问 重大决策", "应急预案演练"] * 40:
            started = time.perf_counter()
            kb.search(query, 5)
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        return {"reports": reports, "chunks": kb.count(), "ingest_seconds": round(ingest_seconds, 1),
                "ingest_chunks_per_second": round(kb.count() / ingest_seconds),
                "query_ms_p50": round(statistics.median(latencies), 1),
                "query_ms_p95": round(latencies[int(len(latencies) * 0.95)], 1), "first_query_ms": round(first_query_ms)}


def print_table(results: dict) -> None:
    """The figures as Markdown tables, ready for the README."""
    print("\n| query set | embedding | ranking | precision@5 (part/topic) | recall@5 | found in top 5 | MRR@10 |"
          "\n|---|---|---|---|---|---|---|")
    for key, quality in results["quality"].items():
        name, ranking, query_set = key.split("|")
        print(f"| {query_set} | {name} | {ranking} | {quality['precision@5']} | {quality['recall@5']} "
              f"| {quality['found@5']}/{quality['queries']} | {quality['mrr@10']} |")
    print("\n| embedding | ranking | ingest chunks/s | query p50 ms | query p95 ms | first query after an ingest ms |"
          "\n|---|---|---|---|---|---|")
    for key, size in results["scale"].items():
        name, ranking = key.split("|")
        print(f"| {name} | {ranking} | {size['ingest_chunks_per_second']} | {size['query_ms_p50']} | {size['query_ms_p95']} "
              f"| {size['first_query_ms']} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic-chunks", type=int, default=10_000)
    parser.add_argument("--variants", nargs="*", default=["ngram-2048"])
    parser.add_argument("--rankings", nargs="*", default=list(RANKINGS))
    args = parser.parse_args()
    files = source_files()
    results = {"quality": {}, "scale": {}, "misses": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.variants:
            for set_name, (query_file, with_bureaus) in QUERY_SETS.items():
                indexed = [f for f in files if with_bureaus or BUREAUS not in f.parents]
                kb = build(Path(tmp) / f"{name}-{set_name}", VARIANTS[name](), indexed)
                queries = json.loads(query_file.read_text(encoding="utf-8"))
                for ranking in args.rankings:
                    kb.ranking = ranking
                    key, misses = f"{name}|{ranking}|{set_name}", []
                    results["quality"][key] = score_queries(kb, queries, {f.name for f in indexed}, misses)
                    results["misses"][key] = misses
                    print(key, results["quality"][key], "missed:", misses)
    for name in args.variants if args.synthetic_chunks else []:  # --synthetic-chunks 0: quality only
        for ranking in args.rankings:
            results["scale"][f"{name}|{ranking}"] = scale(args.synthetic_chunks, files, VARIANTS[name](), ranking)
            print(name, ranking, results["scale"][f"{name}|{ranking}"])
    print_table(results)
    save_results("retrieval.json", results)


if __name__ == "__main__":
    main()
