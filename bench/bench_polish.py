"""Offline polishing on real paragraphs roughened the way PDF extraction and web pages roughen them.

Reads the real reports in ../shared/corpus (REPORT_CORPUS_DIR) at run time, or only our own sample
paragraphs when it is absent. Each paragraph pair is roughened by code (spaces around numbers,
half-width punctuation, straight quotes, 法制 for 法治, line breaks anywhere including inside a
number, bullets) with several seeds, polished, and scored: what a person gets back (after the
number guard of Assistant.polish), whether every number is the original's, whether any roughness
is left, whether the bullet lines stay lines. The same is measured for the polisher of an earlier
commit (--before, loaded with `git show`), so the README can give before and after.

    .venv/bin/python bench/bench_polish.py [--seeds 20] [--before c25e2be]
"""

import argparse
import importlib.util
import json
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from test_polishing import OWN, real_paragraphs, roughen, roughness  # noqa: E402

from assistant.write import polishing  # noqa: E402
from benchlib import save_results  # noqa: E402
from assistant.check.mentions import find_quantities  # noqa: E402


def polisher_at(ref: str):
    """assistant/write/polishing.py as it was at a git ref, as a module inside the assistant package."""
    source = subprocess.run(["git", "show", f"{ref}:assistant/write/polishing.py"], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader("assistant._polishing_before", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "assistant"
    exec(compile(source, f"{ref}:assistant/write/polishing.py", "exec"), module.__dict__)
    return module


def shown(module, rough: str) -> str:
    """What Assistant.polish returns offline: the polish, or the rough text when the guard refuses it."""
    polished = module.polish_offline(rough)
    return rough if module.number_diff(rough, polished) else polished


def numbers(text: str) -> list[str]:
    return [q.text.replace(" ", "") for q in find_quantities(text)]


def score(module, cases: list[tuple[str, str, str]]) -> dict:
    counts = {"refused": 0, "numbers_exact": 0, "no_roughness": 0, "bullets_kept": 0, "all_good": 0}
    started = time.perf_counter()
    for first, second, rough in cases:
        polished = module.polish_offline(rough)
        result = shown(module, rough)
        good = {"refused": result == rough and polished != rough,
                "numbers_exact": numbers(result) == numbers(f"{first}\n{second}"),
                "no_roughness": not roughness(result),
                "bullets_kept": len(result.split("\n")) == 2}
        good["all_good"] = good["numbers_exact"] and good["no_roughness"] and good["bullets_kept"]
        for key, ok in good.items():
            counts[key] += ok
    per_case = (time.perf_counter() - started) / len(cases) * 1000
    return {k: round(v / len(cases), 3) for k, v in counts.items()} | {"ms_per_case": round(per_case, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--before", default="c25e2be", help="git ref of the polisher to compare with")
    args = parser.parse_args()
    paragraphs = real_paragraphs()
    source = f"corpus ({len(paragraphs)} paragraphs)" if paragraphs else "own samples (corpus absent)"
    paragraphs = paragraphs or OWN
    cases = []
    for seed in range(1000, 1000 + args.seeds):  # seeds the tests never use
        rng = random.Random(seed)
        for n, first in enumerate(paragraphs):
            second = paragraphs[(n + 1) % len(paragraphs)]
            cases.append((first, second, f"- {roughen(first, rng)}\n- {roughen(second, rng)}"))
    results = {"source": source, "cases": len(cases), "before": args.before,
               "before_scores": score(polisher_at(args.before), cases), "after_scores": score(polishing, cases)}
    print(json.dumps(results, ensure_ascii=False, indent=2))
    save_results("polish.json", results)


if __name__ == "__main__":
    main()
