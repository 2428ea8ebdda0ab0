"""Example ranking benchmark: what drafting.find_examples hands a drafter for the labelled queries.

    .venv/bin/python bench/bench_examples.py [--corpus ../shared/corpus] [--k 8]

The real corpus (when present) and knowledge/ are indexed once with the default embeddings; each
measures/highlights query of bench/queries.json becomes a drafting request (the query as its one
fact, its labelled topic), once without a bureau and once as the bureau of its first labelled
passage. For the examples returned it reports: recall of the labelled passages, mean similarity,
inversions (a passage ranked above one more similar by more than 0.1), near-duplicate pairs
(trigram overlap ≥ 0.7) and the share of the bureau's own passages. Medians and means go to stdout
and bench/results/examples.json.
"""

import argparse
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_retrieval import is_relevant  # noqa: E402

from benchlib import save_results  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.write.drafting import DraftRequest, find_examples  # noqa: E402
from assistant.check.facts import parse_facts  # noqa: E402
from assistant.kb.index import KnowledgeBase, supported_files  # noqa: E402

INVERSION_GAP = 0.1
DUPLICATE_OVERLAP = 0.7


def trigrams(text: str) -> set[str]:
    plain = re.sub(r"\s+", "", text)
    return {plain[i:i + 3] for i in range(max(1, len(plain) - 2))}


def near_duplicate_pairs(hits) -> int:
    grams = [trigrams(h.text) for h in hits]
    return sum(len(a & b) / min(len(a), len(b)) >= DUPLICATE_OVERLAP
               for i, a in enumerate(grams) for b in grams[i + 1:] if a and b)


def inversions(hits) -> int:
    return sum(later.score - earlier.score > INVERSION_GAP
               for i, earlier in enumerate(hits) for later in hits[i + 1:])


def score_query(kb, query: dict, bureau: str, k: int, sources: set[str]) -> dict:
    request = DraftRequest(query["part"], parse_facts(query["query"]), topic=query.get("topic") or "", bureau=bureau)
    hits = find_examples(kb, request, k)
    wanted = [r for r in query["relevant"] if r["source"] in sources]
    found = sum(any(is_relevant(h, query["part"], w) for h in hits) for w in wanted)
    return {"recall": found / len(wanted) if wanted else None,
            "similarity": statistics.mean(h.score for h in hits) if hits else 0.0,
            "inversions": inversions(hits), "duplicates": near_duplicate_pairs(hits),
            "own": sum(h.bureau == bureau for h in hits) / len(hits) if bureau and hits else None}


def summary(rows: list[dict]) -> dict:
    def mean(key):
        values = [r[key] for r in rows if r[key] is not None]
        return round(statistics.mean(values), 3) if values else None
    return {"queries": len(rows), "recall": mean("recall"), "mean_similarity": mean("similarity"),
            "inversions_per_query": mean("inversions"), "duplicate_pairs_per_query": mean("duplicates"),
            "own_bureau_share": mean("own")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--k", type=int, default=8)
    args = parser.parse_args()
    files = supported_files([REPO / "knowledge"]) + (sorted(args.corpus.glob("*.txt")) if args.corpus.is_dir() else [])
    queries = [q for q in json.loads((REPO / "bench" / "queries.json").read_text(encoding="utf-8"))
               if q["part"] in ("measures", "highlights")]
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase.from_settings(Settings(kb_dir=Path(tmp) / "kb"))
        results = list(kb.ingest(files))
        sources = {r.path.name for r in results if r.status != "error"}
        bureaus = {d.source: d.bureau for d in kb.documents()}
        plain = [score_query(kb, q, "", args.k, sources) for q in queries]
        own = [score_query(kb, q, bureaus.get(q["relevant"][0]["source"], ""), args.k, sources) for q in queries]
    report = {"k": args.k, "files": len(sources), "no_bureau": summary(plain), "with_bureau": summary(own)}
    save_results("examples.json", report)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
