"""Load test of the app: concurrent drafting requests through its API on loopback.

    .venv/bin/python bench/bench_ui_load.py [--requests 20] [--timeout 300]

Starts `python ui.py` (offline backend, knowledge/ indexed into a temporary folder) on a free
127.0.0.1 port, sends N drafting requests at once through gradio_client (api_name "/draft"),
each with different facts, and checks that none failed. Bounded: N requests (at most 100), one
deadline; loopback only. Latency p50/p95/max go to stdout and bench/results/ui_load.json.
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

REPO = Path(__file__).resolve().parent.parent
MAX_REQUESTS = 100


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


def one_request(url: str, n: int) -> tuple[float, str]:
    """Latency of one drafting call and its error, if any ("" when the draft came back checked)."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    started = time.monotonic()
    try:
        result = client.predict("measures", "", "示例市应急管理局", "2024", facts_for(n), api_name="/draft")
        error = "" if "num-supported" in result[5] else "no checked draft in the answer"
    except Exception as e:  # any failure of a request is a result of the benchmark, not a crash
        error = f"{type(e).__name__}: {e}"
    return time.monotonic() - started, error


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def run(requests: int, timeout: float) -> dict:
    """Start the app, fire the requests at once, stop the app; the figures as a dict."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        process = start_app(Path(tmp), port)
        try:
            startup = wait_until_up(url, process)
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=requests) as pool:
                outcomes = list(pool.map(lambda n: one_request(url, n), range(requests), timeout=timeout))
            wall = time.monotonic() - started
        finally:
            process.terminate()
            process.wait(timeout=30)
    latencies = [latency for latency, _ in outcomes]
    errors = [error for _, error in outcomes if error]
    return {"requests": requests, "failures": len(errors), "errors": errors[:5], "startup_s": round(startup, 2),
            "wall_s": round(wall, 2), "p50_s": round(percentile(latencies, 50), 3),
            "p95_s": round(percentile(latencies, 95), 3), "max_s": round(max(latencies), 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    results = run(min(args.requests, MAX_REQUESTS), args.timeout)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    out = REPO / "bench" / "results" / "ui_load.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    sys.exit(1 if results["failures"] else 0)


if __name__ == "__main__":
    main()
