"""What the bench scripts share: how a result is saved under bench/results/ (kept out of git)."""

import json
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def save_results(name: str, results, indent: int = 2) -> Path:
    """Write a bench's results as JSON to bench/results/<name>; returns the path."""
    path = RESULTS_DIR / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=indent), encoding="utf-8")
    return path
