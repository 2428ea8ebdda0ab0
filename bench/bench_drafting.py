"""Drafting benchmark: offline drafting latency per section, tokens sent per model request, and
the prose of the offline drafter on terse fact sets written as staff jot them.

    .venv/bin/python bench/bench_drafting.py

bench/factsets/*.md are fact sets we wrote for three kinds of bureau (应急管理局, 市场监督管理局,
司法局), one "## part" / "### topic" group per draft, all parts. Each is drafted offline over the
knowledge base of knowledge/, and every draft reports: its number check, facts unused, the
proofreader's fragment findings and the note forms it flags (tests/test_drafting_offline.py),
and its length against the range of real sections of that part in the corpus (../shared/corpus,
else knowledge/): characters per fact against the corpus' characters per sentence, p10–p90.

Fact sets are derived from every part of the real corpus (../shared/corpus, when present) and of
knowledge/, as in tests/test_drafting_offline.py; each is drafted with the offline composer over a
knowledge base of knowledge/ (retrieval, composition and the number check included, as a user
waits for them). The same requests then go through the model's drafter against the tests' local
OpenAI-compatible server (scripted to answer with the offline draft), to measure the prompt each
request sends against the token budget. Figures go to stdout and bench/results/drafting.json.
"""

import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from benchlib import save_results  # noqa: E402
from assistant.write.composer import OfflineDrafter  # noqa: E402
from assistant.check.proofread import proofread_fragment  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.kb.documents import load_report  # noqa: E402
from assistant.write.drafting import DraftRequest, draft_section  # noqa: E402
from assistant.check.facts import parse_facts  # noqa: E402
from assistant.write.report import read_report_facts  # noqa: E402
from assistant.kb.index import KnowledgeBase, supported_files  # noqa: E402
from assistant.write.llm import LLMClient  # noqa: E402
from assistant.write.llm_drafter import REPLY_RESERVE, LLMDrafter  # noqa: E402
from fake_llm import start_fake_llm  # noqa: E402
from conftest import corpus_files  # noqa: E402
from test_drafting_offline import SOURCES, fact_lines, note_forms  # noqa: E402

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
            tokens.append(drafter.prompt_tokens)  # the last request's prompt, against the budget
            examples.append(len(draft.sources))
    finally:
        server.shutdown()
    tokens.sort()
    return {"context_tokens": CONTEXT_TOKENS, "prompt_budget": int(CONTEXT_TOKENS * (1 - REPLY_RESERVE)),
            "tokens_p50": statistics.median(tokens), "tokens_max": tokens[-1],
            "examples_per_request_p50": statistics.median(examples)}


# Fact set groups: the sets written beside the drafter, and those written afterwards in another hand
# (bench/factsets/heldout/), the way staff jot them, that the rewriting was not tuned on first.
FACTSET_GROUPS = {"written": REPO / "bench" / "factsets", "held-out hand": REPO / "bench" / "factsets" / "heldout"}


def factset_requests(folder: Path = FACTSET_GROUPS["written"]) -> list[tuple[str, DraftRequest]]:
    """(name, request) for each part / topic group of each fact set in folder, headings read as
    a facts file's are (the words people use for a part or topic)."""
    found = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        bureau, year = re.match(r"#\s*(\S+)\s+(\d{4})", text).groups()
        for part_id, topics in read_report_facts(text).groups.items():
            for topic_id, facts in topics.items():
                found.append((f"{path.stem}/{part_id}{'/' + topic_id if topic_id else ''}",
                              DraftRequest(part_id, facts, topic_id, bureau, int(year))))
    return found


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。；\n]", text) if len(s.strip()) >= 6]


def corpus_density() -> dict[str, tuple[float, float, int, int]]:
    """Per part: characters per sentence p10–p90, and section length p10–p90, in real reports."""
    per_sentence: dict[str, list[float]] = {}
    lengths: dict[str, list[int]] = {}
    for path in corpus_files() or supported_files([REPO / "knowledge"]):
        for part in load_report(path).parts:
            units = part.sections if part.part in ("measures", "highlights") else [part]
            for unit in units:
                text = "".join(i.text for s in getattr(unit, "sections", [unit]) for i in s.items)
                if sentences(text):
                    per_sentence.setdefault(part.part, []).append(len(text) / len(sentences(text)))
                    lengths.setdefault(part.part, []).append(len(text))
    return {part: (*deciles(values), *deciles(lengths[part])) for part, values in per_sentence.items()}


def deciles(values: list[float]) -> tuple:
    values = sorted(values)
    return values[len(values) // 10], values[min(len(values) - 1, len(values) * 9 // 10)]


def factset_prose(kb: KnowledgeBase, folder: Path = FACTSET_GROUPS["written"]) -> dict:
    """Every fact set of folder drafted offline: check, unused facts, findings, length, time."""
    density, drafter, rows, timings, composing = corpus_density(), OfflineDrafter(), [], [], []
    for name, request in factset_requests(folder):
        started = time.perf_counter()
        draft = draft_section(request, drafter, kb)
        timings.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        drafter.compose(request, draft.sources)
        composing.append((time.perf_counter() - started) * 1000)
        low, high, shortest, longest = density.get(request.part, (0, 1e9, 0, 0))
        per_fact = len(draft.text) / len(request.facts)
        findings = [f.kind for f in proofread_fragment(draft.text)] + note_forms(draft.text)
        rows.append({"set": name, "facts": len(request.facts), "chars": len(draft.text),
                     "chars_per_fact": round(per_fact), "corpus_chars_per_sentence": [round(low), round(high)],
                     "corpus_section_chars": [shortest, longest], "length_in_range": low <= per_fact <= high,
                     "check_clean": draft.check.ok, "facts_unused": len(draft.check.unused_facts),
                     "names_unsupported": [n.text for n in draft.check.unsupported_names],
                     "findings": dict(Counter(findings)), "text": draft.text})
    return {"factsets": len(rows), "bureaus": len({r["set"].split("/")[0] for r in rows}),
            "factset_checks_clean": sum(r["check_clean"] for r in rows),
            "factset_facts_unused": sum(r["facts_unused"] for r in rows),
            "factset_names_unsupported": sum(len(r["names_unsupported"]) for r in rows),
            "factset_findings": sum(sum(r["findings"].values()) for r in rows),
            "factset_length_in_range": sum(r["length_in_range"] for r in rows),
            "factset_length_in_range_by_part": in_range_by_part(rows),
            "factset_ms_p50": round(statistics.median(timings), 1),
            "factset_compose_ms_p50": round(statistics.median(composing), 1), "drafts": rows}


def in_range_by_part(rows: list[dict]) -> dict[str, str]:
    """"in range / drafts" per part, e.g. {"measures": "15/18"}."""
    parts: dict[str, list[bool]] = {}
    for row in rows:
        parts.setdefault(row["set"].split("/")[1], []).append(row["length_in_range"])
    return {part: f"{sum(flags)}/{len(flags)}" for part, flags in parts.items()}


def main() -> None:
    """All figures; with --prose, only the fact sets' drafts (quick, while working on the prose)."""
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase.from_settings(Settings(kb_dir=Path(tmp)))
        list(kb.ingest(supported_files([REPO / "knowledge"])))
        groups = {group: factset_prose(kb, folder) for group, folder in FACTSET_GROUPS.items()}
        prose = groups["written"]
        result = {} if "--prose" in sys.argv else offline_latency(kb, requests()) | llm_tokens(kb, requests())
    result |= {k: v for k, v in prose.items() if k != "drafts"}
    result["groups"] = {group: {k: v for k, v in g.items() if k != "drafts"} for group, g in groups.items()}
    for group, g in groups.items():
        print(f"== {group}")
        for row in g["drafts"]:
            print(f"{row['set']}: {row['chars']} 字 / {row['facts']} 条（每条 {row['chars_per_fact']}，语料 "
                  f"{row['corpus_chars_per_sentence']}）检查{'通过' if row['check_clean'] else '未通过'} "
                  f"未用 {row['facts_unused']} 名称 {row['names_unsupported'] or 0} 问题 {row['findings'] or 0}"
                  f"\n  {row['text']}")
    result["drafts"] = [row for g in groups.values() for row in g["drafts"]]
    print({k: v for k, v in result.items() if k not in ("drafts", "groups")})
    for group, summary in result["groups"].items():
        print(group, summary)
    save_results("drafting.json", result)

if __name__ == "__main__":
    main()
