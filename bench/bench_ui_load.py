"""Load test of the app: concurrent drafts and whole reports through its API on loopback.

    .venv/bin/python bench/bench_ui_load.py [--requests 50] [--reports 20] [--probes 5] [--timeout 600]

Starts `python ui.py` (offline backend, knowledge/ indexed into a temporary folder) on a free
127.0.0.1 port, then through gradio_client:
1. N drafting requests at once (api_name "/draft"), each with different facts;
2. M whole reports at once (api_name "/report", the sample facts with different numbers), and,
   while they run, one person drafting P sections one after another (the latency that person sees).
Every request must come back checked. Bounded: at most 100 requests of each kind, one deadline;
loopback only. Latency p50/p95/max go to stdout and bench/results/ui_load.json.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchlib import save_results

REPO = Path(__file__).resolve().parent.parent
MAX_REQUESTS = 100
SAMPLE_FACTS = (REPO / "samples" / "facts-2024.md").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(data: Path, port: int) -> subprocess.Popen:
    """The app on loopback with its own data folder and the offline drafter."""
    env = os.environ | {"GRADIO_SERVER_PORT": str(port), "REPORT_DATA_DIR": str(data), "REPORT_KB_DIR": str(data / "kb"),
                        "REPORT_KNOWLEDGE_DIR": str(REPO / "knowledge"), "REPORT_LLM_BASE_URL": "",
                        "REPORT_UI_HOST": "127.0.0.1", "GRADIO_ANALYTICS_ENABLED": "False"}
    return subprocess.Popen([sys.executable, "ui.py"], cwd=REPO, env=env,
                            stdout=(data / "ui.log").open("w"), stderr=subprocess.STDOUT)


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 120) -> float:
    """Seconds until the app answered; raises if it exits or never answers."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if process.poll() is not None:
            raise RuntimeError(f"ui.py exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return time.monotonic() - started
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"ui.py did not answer within {seconds}s")


def facts_for(n: int) -> str:
    """Different facts per request, so no two drafts are the same."""
    return (f"- 全年开展执法检查{500 + n}家次\n- 立案{90 + n}起\n- 下达行政处罚决定书{70 + n}份\n"
            f"- 罚款{100 + n}.5万元\n- 组织执法人员培训{n % 9 + 1}期")


def one_request(client, n: int) -> tuple[float, str]:
    """Latency of one drafting call and its error, if any ("" when the draft came back checked)."""
    return timed(lambda: client.predict("measures", "", "示例市应急管理局", "2024", facts_for(n), api_name="/draft"),
                 lambda result: "num-supported" in result[5])


def one_report(client, n: int) -> tuple[float, str]:
    """Latency of one whole report and its error, if any ("" when the report came back checked)."""
    facts = SAMPLE_FACTS.replace("15场", f"{15 + n}场")
    return timed(lambda: client.predict(facts, "", None, "", "", "", api_name="/report"),
                 lambda result: "num-supported" in result[6])


def timed(call, looks_right) -> tuple[float, str]:
    started = time.monotonic()
    try:
        error = "" if looks_right(call()) else "no checked result in the answer"
    except Exception as e:  # any failure of a request is a result of the benchmark, not a crash
        error = f"{type(e).__name__}: {e}"
    return time.monotonic() - started, error


def clients_for(url: str, count: int) -> list:
    """One API client per simulated person, connected before the clock starts (as an open page is)."""
    from gradio_client import Client

    with ThreadPoolExecutor(max_workers=4) as pool:
        # a browser waits for its answer as long as it takes; the client's default read timeout does not
        return list(pool.map(lambda _: Client(url, verbose=False, httpx_kwargs={"timeout": 600}), range(count)))


def probes_during(client, count: int, delay: float) -> list[tuple[float, str]]:
    """One person drafting `count` sections one after another, starting `delay` s from now."""
    time.sleep(delay)
    return [one_request(client, 1000 + n) for n in range(count)]


def figures(outcomes: list[tuple[float, str]]) -> dict:
    latencies = [latency for latency, _ in outcomes]
    errors = [error for _, error in outcomes if error]
    return {"requests": len(outcomes), "failures": len(errors), "errors": errors[:5],
            "p50_s": round(percentile(latencies, 50), 3), "p95_s": round(percentile(latencies, 95), 3),
            "max_s": round(max(latencies), 3)}


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def run(requests: int, reports: int, probes: int, timeout: float) -> dict:
    """Start the app, fire the drafts, then the reports with one person's drafts among them; the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        process = start_app(Path(tmp), port)
        try:
            startup = wait_until_up(url, process)
            clients = clients_for(url, max(requests, reports + 1))
            idle = probes_during(clients[0], probes, 0)  # the same person on the app with nothing else to do
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=requests) as pool:
                drafts = list(pool.map(one_request, clients[:requests], range(requests), timeout=timeout))
            drafts_wall = time.monotonic() - started
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=reports + 1) as pool:
                person = pool.submit(probes_during, clients[reports], probes, 2.0)
                whole = list(pool.map(one_report, clients[:reports], range(reports), timeout=timeout))
                single = person.result(timeout=timeout)
            reports_wall = time.monotonic() - started
        finally:
            process.terminate()
            process.wait(timeout=30)
    return {"startup_s": round(startup, 2), "one person's drafts on an idle app": figures(idle),
            "drafts": figures(drafts) | {"wall_s": round(drafts_wall, 2)},
            "reports": figures(whole) | {"wall_s": round(reports_wall, 2)},
            "one person's drafts during the reports": figures(single)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--probes", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    results = run(min(args.requests, MAX_REQUESTS), min(args.reports, MAX_REQUESTS), min(args.probes, 20), args.timeout)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    save_results("ui_load.json", results)
    sys.exit(1 if any(part["failures"] for part in results.values() if isinstance(part, dict)) else 0)


if __name__ == "__main__":
    main()
