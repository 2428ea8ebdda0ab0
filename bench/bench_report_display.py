"""How long the 整篇报告 tab takes to show a saved report: the handlers the page runs on a reload or a
pick from 历史报告 (reopen) and on 按以上内容重新生成 Word (reexport), in-process over the real store
and knowledge base (knowledge/), on the sample facts file. Prints the medians and writes
bench/results/report_display.json; the files written to data/exports/ are counted too.

    .venv/bin/python bench/bench_report_display.py [--runs 15]
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import ui  # noqa: E402
from assistant.app.report_tab import SAMPLE_FACTS  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.records.store import Store  # noqa: E402


def workspace(root: Path) -> ui.Workspace:
    """The app's handlers over a fresh data folder and the sample knowledge base."""
    settings = Settings(data_dir=root / "data", kb_dir=root / "kb", knowledge_dir=REPO / "knowledge", llm_base_url="")
    assistant = Assistant.from_settings(settings)
    ui.sync_folders(assistant.kb, [settings.knowledge_dir])
    return ui.Workspace(assistant, Store(settings.data_dir))


def median_seconds(handler, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        handler()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as root:
        ws = workspace(Path(root))
        start = time.perf_counter()
        shown = ws.report.draft_report(SAMPLE_FACTS.read_text(encoding="utf-8"), "", None, "", "", "")
        drafted = time.perf_counter() - start
        report_id = shown[11]
        results = {"runs": runs, "draft_report_s": round(drafted, 3),
                   "reopen_median_s": round(median_seconds(lambda: ws.report.reopen_report(report_id), runs), 4),
                   "reexport_median_s": round(median_seconds(
                       lambda: ws.report.reexport(report_id, "示应急〔2025〕3号", "", ""), runs), 4),
                   "export_files": len(list(ws.store.exports_dir.glob("*")))}
    print(json.dumps(results, ensure_ascii=False, indent=2))
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "report_display.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
