"""Benchmark of the number check: speed, and precision/recall of planted errors.

    .venv/bin/python bench/bench_numbers.py [--runs 30]

Reads the real reports in ../shared/corpus (REPORT_CORPUS_DIR) at run time, or falls back to
our own sample paragraphs. Facts are built from each report's own stated numbers; then every
single-number change (each digit, scale, unit, qualifier, Chinese numeral, date) is planted in
the whole report, one at a time, and counted as caught when the check flags exactly that mention.
Then the error classes of issue 10 (tests/number_cases.py, one family of our own drafts per
class): recall on the planted errors, precision against the false alarms on the faithful drafts.
Prints a table and writes bench/results/numbers.json. Medians throughout.
"""

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from conftest import corpus_files  # noqa: E402
import number_cases  # noqa: E402
import number_cases_heldout  # noqa: E402
from test_numbers_corpus import SAMPLES  # noqa: E402
from test_numbers_perturb import Perturbation, checkable, facts_for, perturbations  # noqa: E402

from benchlib import save_results  # noqa: E402
from assistant.check.facts import parse_facts  # noqa: E402
from assistant.check.numbers import check_numbers  # noqa: E402

RESULTS = REPO / "bench" / "results" / "numbers.json"


def load_reports() -> tuple[list[str], str]:
    """The real reports plus our own sample paragraphs (only those when the corpus is absent)."""
    files = corpus_files()
    own = "\n".join(SAMPLES)
    if files:
        return [f.read_text(encoding="utf-8") for f in files] + [own], f"corpus ({len(files)} reports) + own samples"
    return [own], "own sample paragraphs (corpus absent)"


def report_of(texts: list[str], size: int = 10_000) -> str:
    """About `size` characters of report text, cut at a line end."""
    text = "\n".join(texts * (1 + size // max(1, sum(map(len, texts)))))
    return text[:text.rfind("\n", 0, size) + 1 or size]


def time_check(text: str, runs: int) -> dict:
    """Median time to check `text` against facts built from it, with and without reading the facts."""
    facts = facts_for(text)
    lines = "\n".join(f.text for f in facts)
    check_times, total_times, cpu_times = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        parsed = parse_facts(lines)
        middle, cpu_started = time.perf_counter(), time.process_time()
        result = check_numbers(text, parsed)
        cpu_times.append(time.process_time() - cpu_started)  # the machine is shared: wall time follows its load
        check_times.append(time.perf_counter() - middle)
        total_times.append(time.perf_counter() - started)
    mentions = len(result.mentions)
    median = statistics.median(check_times)
    return {"chars": len(text), "facts": len(facts), "mentions": mentions,
            "check_ms": round(median * 1000, 2), "check_cpu_ms": round(statistics.median(cpu_times) * 1000, 2), "facts_and_check_ms": round(statistics.median(total_times) * 1000, 2),
            "mentions_per_second": round(mentions / median)}


def extra_changes(text: str) -> list[Perturbation]:
    """Besides the standard perturbations: every nonzero digit moved up and down, qualifiers dropped."""
    found = []
    for q in checkable(text):
        variants = [("digit_any", q.text[:i] + str(int(ch) + step) + q.text[i + 1:])
                    for i, ch in enumerate(q.text) if ch.isdigit() and ch != "0"
                    for step in (1, -1) if 0 <= int(ch) + step <= 9 and not (i == 0 and int(ch) + step == 0)]
        dropped = re.sub(r"^(?:约|近|超过)|余|以上|左右", "", q.text, count=1)
        if q.kind == "number" and q.qualifiers and dropped != q.text:
            variants.append(("qualifier_drop", dropped))
        for kind, changed in variants:
            found.append(Perturbation(kind, text[:q.start] + changed + text[q.end:], q.start,
                                      q.start + len(changed), q.text, changed))
    return found


def kind_of(p: Perturbation, text: str) -> str:
    """The perturbation's kind, with changes to a bare year ("2023年") counted apart."""
    original = next(q for q in checkable(text) if q.start == p.start)
    return "bare_year" if original.kind == "date" and original.date[1:] == (None,) * 4 else p.kind


def planted_errors(reports: list[str], with_object: bool) -> dict:
    """Plant each perturbation in its whole report and count what the check flags."""
    tally, by_kind, faithful_flags = Counter(), {}, 0
    for text in reports:
        facts = facts_for(text, with_object)
        faithful_flags += len(check_numbers(text, facts).unsupported)
        unique = {}
        for p in perturbations(text) + extra_changes(text):
            unique.setdefault(p.text, p)  # a digit change may repeat a standard one: count it once
        for p in unique.values():
            flagged = check_numbers(p.text, facts).unsupported
            hit = any(m.quantity.start < p.end and m.quantity.end > p.start for m in flagged)
            tally["planted"] += 1
            tally["caught"] += hit
            tally["false_flags"] += sum(not (m.quantity.start < p.end and m.quantity.end > p.start) for m in flagged)
            kind = by_kind.setdefault(kind_of(p, text), Counter())
            kind["planted"] += 1
            kind["caught"] += hit
    tally["false_flags"] += faithful_flags
    years = by_kind.get("bare_year", Counter())
    return {"planted": tally["planted"], "caught": tally["caught"],
            "recall": round(tally["caught"] / tally["planted"], 4),
            "recall_without_bare_years": round((tally["caught"] - years["caught"]) /
                                               max(1, tally["planted"] - years["planted"]), 4),
            "precision": round(tally["caught"] / max(1, tally["caught"] + tally["false_flags"]), 4),
            "false_flags": tally["false_flags"], "faithful_false_flags": faithful_flags,
            "recall_by_kind": {k: round(c["caught"] / c["planted"], 4) for k, c in sorted(by_kind.items())},
            "planted_by_kind": {k: c["planted"] for k, c in sorted(by_kind.items())}}


def class_families(table=number_cases, misses: list | None = None) -> dict:
    """Per error class of `table`: planted errors caught at their mention, faithful drafts falsely flagged."""
    by_class = {}
    for kind, cases in table.CASES.items():
        tally = Counter()
        for facts, draft, target in cases:
            flagged = check_numbers(draft, parse_facts(facts), year=table.YEAR).unsupported
            if misses is not None and (target is None) == bool(flagged):
                misses.append((kind, draft, target, [(m.quantity.text, m.reason) for m in flagged]))
            if target is None:
                tally["faithful"] += 1
                tally["false_alarms"] += bool(flagged)
                continue
            start, end = draft.index(target), draft.index(target) + len(target)
            tally["planted"] += 1
            hit = any(m.quantity.start < end and m.quantity.end > start for m in flagged)
            tally["caught"] += hit
            if misses is not None and flagged and not hit:
                misses.append((kind, draft, target, [(m.quantity.text, m.reason) for m in flagged]))
        by_class[kind] = {**tally, "recall": round(tally["caught"] / tally["planted"], 4),
                          "precision": round(tally["caught"] / max(1, tally["caught"] + tally["false_alarms"]), 4)}
    return by_class


def print_families(title: str, families: dict) -> None:
    """One line per error class, then the totals."""
    print(f"{title:28}caught / planted, false alarms / faithful drafts")
    for kind, c in families.items():
        print(f"  {kind:14}recall {c['recall']:6.1%} ({c['caught']}/{c['planted']})  "
              f"precision {c['precision']:6.1%}  false alarms {c.get('false_alarms', 0)}/{c['faithful']}")
    caught, planted = sum(c["caught"] for c in families.values()), sum(c["planted"] for c in families.values())
    alarms = sum(c.get("false_alarms", 0) for c in families.values())
    print(f"  {'all':14}caught {caught}/{planted}, false alarms {alarms}/{sum(c['faithful'] for c in families.values())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--misses", action="store_true", help="list the held-out cases the check gets wrong")
    args = parser.parse_args()
    reports, source = load_reports()
    speed = time_check(report_of(reports), args.runs)
    quality = planted_errors(reports, with_object=True)
    terse = planted_errors(reports, with_object=False)
    families, misses = class_families(), []
    heldout = class_families(number_cases_heldout, misses)
    figures = {"source": source, "speed_10k": speed, "planted_errors": quality,
               "planted_errors_terse_facts": terse, "error_classes": families, "heldout_classes": heldout}
    save_results(RESULTS.name, figures)
    print(f"source: {source}")
    print(f"{'10k-char report':28}{speed['chars']} chars, {speed['mentions']} mentions, {speed['facts']} facts")
    print(f"{'check (median)':28}{speed['check_ms']} ms ({speed['check_cpu_ms']} ms of CPU)")
    print(f"{'read facts + check':28}{speed['facts_and_check_ms']} ms")
    print(f"{'mentions per second':28}{speed['mentions_per_second']}")
    print(f"{'planted errors':28}{quality['planted']} (caught {quality['caught']})")
    print(f"{'recall / precision':28}{quality['recall']:.1%} / {quality['precision']:.1%}"
          f" (recall without bare years {quality['recall_without_bare_years']:.1%})")
    for kind, recall in quality["recall_by_kind"].items():
        print(f"  {kind:26}{recall:.1%} of {quality['planted_by_kind'][kind]}")
    print(f"{'terse facts (立案93起)':26}recall {terse['recall']:.1%} / precision {terse['precision']:.1%}, "
          f"{terse['faithful_false_flags']} false flags on the faithful reports")
    print_families("error classes (issue 10)", families)
    print_families("held-out classes", heldout)
    for kind, draft, target, flagged in misses if args.misses else []:
        print(f"  miss {kind:10}{draft}  want {target}  got {flagged}")
    print(f"results written to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
