"""Drafting benchmark: offline drafting latency per section, and tokens sent per model request.

    .venv/bin/python bench/bench_drafting.py

Fact sets are derived from every part of the real corpus (../shared/corpus, when present) and of
knowledge/, as in tests/test_drafting_offline.py; each is drafted with the offline composer over a
knowledge base of knowledge/ (retrieval, composition and the number check included, as a user
waits for them). The same requests then go through the model's drafter against the tests' local
OpenAI-compatible server (scripted to answer with the offline draft), to measure the prompt each
request sends against the token budget. Figures go to stdout and bench/results/drafting.json.
"""

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from assistant.composer import OfflineDrafter  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.documents import load_report  # noqa: E402
from assistant.drafting import DraftRequest, draft_section  # noqa: E402
from assistant.facts import parse_facts  # noqa: E402
from assistant.index import KnowledgeBase, supported_files  # noqa: E402
from assistant.llm import LLMClient  # noqa: E402
from assistant.llm_drafter import REPLY_RESERVE, LLMDrafter  # noqa: E402
from fake_llm import start_fake_llm  # noqa: E402
from test_drafting_offline import SOURCES, fact_lines  # noqa: E402

CONTEXT_TOKENS = 8000


def requests() -> list[DraftRequest]:
    found = []
    for path in SOURCES:
        report = load_report(path)
        for part in report.parts:
            if part.part != "closing" and fact_lines(part):
                found.append(DraftRequest(part.part, parse_facts(fact_lines(part)), bureau=report.bureau,
                                          year=report.year))
    return found


def offline_latency(kb: KnowledgeBase, jobs: list[DraftRequest]) -> dict:
    drafter, timings, failures, names = OfflineDrafter(), [], 0, []
    for request in jobs:
        started = time.perf_counter()
        draft = draft_section(request, drafter, kb)
        timings.append((time.perf_counter() - started) * 1000)
        failures += not draft.check.ok or bool(draft.check.unused_facts)
        names += [n.text for n in draft.check.unsupported_names]
    timings.sort()
    return {"sections": len(timings), "offline_ms_p50": round(statistics.median(timings), 1),
            "offline_ms_p95": round(timings[int(len(timings) * 0.95)], 1), "failed_checks": failures,
            "unsupported_names": len(names), "unsupported_name_examples": names[:10]}


def llm_tokens(kb: KnowledgeBase, jobs: list[DraftRequest]) -> dict:
    llm, server = start_fake_llm()
    try:
        settings = Settings(llm_base_url=llm.url, llm_context_tokens=CONTEXT_TOKENS)
        drafter, tokens, examples = LLMDrafter(LLMClient(settings), CONTEXT_TOKENS), [], []
        for request in jobs:
            llm.replies = [draft_section(request, OfflineDrafter(), kb).text]
            draft = draft_section(request, drafter, kb)
            tokens.append(draft.tokens)
            examples.append(len(draft.sources))
    finally:
        server.shutdown()
    tokens.sort()
    return {"context_tokens": CONTEXT_TOKENS, "prompt_budget": int(CONTEXT_TOKENS * (1 - REPLY_RESERVE)),
            "tokens_p50": statistics.median(tokens), "tokens_max": tokens[-1],
            "examples_per_request_p50": statistics.median(examples)}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase.from_settings(Settings(kb_dir=Path(tmp)))
        list(kb.ingest(supported_files([REPO / "knowledge"])))
        jobs = requests()
        result = offline_latency(kb, jobs) | llm_tokens(kb, jobs)
    print(result)
    out = REPO / "bench" / "results" / "drafting.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
