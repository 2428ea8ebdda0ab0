"""Retrieval benchmark: quality on labelled queries, ingest throughput and query latency.

    .venv/bin/python bench/bench_retrieval.py [--synthetic-chunks 10000] [--variants ngram-2048 …]

Quality: the real corpus (../shared/corpus, when present) and knowledge/ are indexed once per
embedding variant; each query of bench/queries.json is searched (k=5) and scored by
precision@5 of its part (and topic, when labelled) and recall@5 of its labelled passages.
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

from assistant.config import Settings  # noqa: E402
from assistant.documents import load_report  # noqa: E402
from assistant.embeddings import NgramEmbeddings  # noqa: E402
from assistant.index import KnowledgeBase, open_client, supported_files  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
HALF_TO_FULL = str.maketrans("()", "（）")
VARIANTS = {
    "ngram-1024": lambda: NgramEmbeddings(1024),
    "ngram-2048": lambda: NgramEmbeddings(2048),
    "ngram-4096": lambda: NgramEmbeddings(4096),
}


def source_files() -> list[Path]:
    files = supported_files([REPO / "knowledge"])
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*.txt"))
    else:
        print(f"note: {CORPUS} not found, benchmarking on knowledge/ only", file=sys.stderr)
    return files


def build(folder: Path, embeddings, files: list[Path]) -> KnowledgeBase:
    kb = KnowledgeBase(open_client(Settings(kb_dir=folder)), embeddings, "bench")
    failures = [r for r in kb.ingest(files) if r.status == "error"]
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
    return not wanted.get("item") or hit.item_label == wanted["item"]


def score_queries(kb: KnowledgeBase, queries: list[dict], sources: set[str]) -> dict:
    precisions, recalls = [], []
    for query in queries:
        wanted = [r for r in query["relevant"] if r["source"] in sources]
        if not wanted:
            continue
        hits = kb.search(query["query"], 5)
        on_label = [h.part == query["part"] and (not query.get("topic") or h.topic == query["topic"]) for h in hits]
        precisions.append(sum(on_label) / 5)
        recalls.append(sum(any(is_relevant(h, query["part"], w) for h in hits) for w in wanted) / len(wanted))
    return {"queries": len(precisions), "precision@5": round(statistics.mean(precisions), 3),
            "recall@5": round(statistics.mean(recalls), 3)}


def synthetic_report(n: int, sentences: list[str], rng: random.Random) -> str:
    """A report of ten sections of ten 一是 items, each made of two reshuffled sentences."""
    numerals = "一二三四五六七八九十"
    lines = [f"示例{n}区应急管理局{2020 + n % 6}年度法治政府建设工作报告", "", "一、主要举措和成效"]
    for s in range(10):
        items = "".join(f"{numerals[i]}是{''.join(rng.sample(sentences, 2))}" for i in range(10))
        lines.append(f"（{numerals[s]}）加强第{s + 1}项工作，提升治理水平。{items}")
    return "\n".join(lines)


def scale(chunks_wanted: int, files: list[Path], embeddings, seed: int = 7) -> dict:
    """Ingest synthetic reports through the real path until the index holds chunks_wanted chunks."""
    sentences = [s for f in files for part in load_report(f).parts for sec in part.sections
                 for item in sec.items for s in re.split(r"(?<=[。；])", item.text) if len(s) > 12]
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(open_client(Settings(kb_dir=Path(tmp) / "kb")), embeddings, "bench")
        ingest_seconds, reports = 0.0, 0
        while kb.count() < chunks_wanted:
            reports += 1
            path = Path(tmp) / f"synthetic-{reports:04d}.txt"
            path.write_text(synthetic_report(reports, sentences, rng), encoding="utf-8")
            started = time.perf_counter()
            kb.ingest_file(path)
            ingest_seconds += time.perf_counter() - started
        latencies = []
        for query in ["行政复议", "安全生产月宣传", "执法案卷评查", "法律顾问 重大决策", "应急预案演练"] * 40:
            started = time.perf_counter()
            kb.search(query, 5)
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        return {"reports": reports, "chunks": kb.count(), "ingest_seconds": round(ingest_seconds, 1),
                "ingest_chunks_per_second": round(kb.count() / ingest_seconds),
                "query_ms_p50": round(statistics.median(latencies), 1),
                "query_ms_p95": round(latencies[int(len(latencies) * 0.95)], 1)}


def print_table(results: dict) -> None:
    """The figures as a Markdown table, ready for the README."""
    print("\n| embedding | precision@5 (part/topic) | recall@5 (labelled passage) "
          "| ingest chunks/s | query p50 ms | query p95 ms |\n|---|---|---|---|---|---|")
    for name, quality in results["quality"].items():
        size = results["scale"][name]
        print(f"| {name} | {quality['precision@5']} | {quality['recall@5']} | {size['ingest_chunks_per_second']} "
              f"| {size['query_ms_p50']} | {size['query_ms_p95']} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic-chunks", type=int, default=10_000)
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS))
    args = parser.parse_args()
    files = source_files()
    queries = json.loads((REPO / "bench" / "queries.json").read_text(encoding="utf-8"))
    results = {"quality": {}, "scale": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.variants:
            kb = build(Path(tmp) / name, VARIANTS[name](), files)
            results["quality"][name] = score_queries(kb, queries, {f.name for f in files})
            print(name, results["quality"][name])
    for name in args.variants:
        results["scale"][name] = scale(args.synthetic_chunks, files, VARIANTS[name]())
        print(name, results["scale"][name])
    print_table(results)
    out = REPO / "bench" / "results" / "retrieval.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
