"""Load test of the app: many people logging in and drafting at once, on one or several app processes.

    .venv/bin/python bench/bench_ui_load.py [--users 50] [--processes 1,2] [--mixed] [--timeout 600]

Users (the default): starts one `chroma run` server on loopback and, for each process count, that
many `python ui.py` (offline backend, knowledge/ indexed, one shared data folder with one account
per user) on free ports; then U people at once, spread over the processes as a reverse proxy with
sticky sessions spreads them, each log in through /login and draft one section through Gradio's
HTTP queue (queue/join, then the server-sent events of queue/data, as the page does; see
tests/gradio_http.py). Throughput (drafts per second of wall time) and p50/p95/max of the login,
the draft and both, per process count, and the ratio of throughputs.

--mixed, on one process with its own embedded Chroma, through gradio_client:
1. N drafting requests at once (api_name "/draft"), each with different facts;
2. M whole reports at once (api_name "/report", the sample facts with different numbers), and,
   while they run, one person drafting P sections one after another (the latency that person sees).
Every request must come back checked. Bounded: at most 100 of each kind, one deadline; loopback
only. The figures go to stdout and bench/results/ui_load.json.
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
sys.path.insert(0, str(REPO / "tests"))  # the HTTP session of a person's browser, shared with the tests
MAX_REQUESTS = 100
CHROMA = Path(sys.executable).parent / "chroma"
SAMPLE_FACTS = (REPO / "samples" / "facts-2024.md").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(data: Path, port: int, chroma_port: int | None = None, log: str = "ui.log") -> subprocess.Popen:
    """The app on loopback with the offline drafter, its data folder, and Chroma embedded in it or
    on a `chroma run` server."""
    env = os.environ | {"GRADIO_SERVER_PORT": str(port), "REPORT_DATA_DIR": str(data), "REPORT_KB_DIR": str(data / "kb"),
                        "REPORT_KNOWLEDGE_DIR": str(REPO / "knowledge"), "REPORT_LLM_BASE_URL": "",
                        "REPORT_UI_HOST": "127.0.0.1", "GRADIO_ANALYTICS_ENABLED": "False"}
    if chroma_port:
        env |= {"REPORT_CHROMA_HOST": "127.0.0.1", "REPORT_CHROMA_PORT": str(chroma_port)}
    return subprocess.Popen([sys.executable, "ui.py"], cwd=REPO, env=env,
                            stdout=(data / log).open("w"), stderr=subprocess.STDOUT)


def start_chroma(folder: Path, port: int) -> subprocess.Popen:
    """One `chroma run` server on loopback, which every app process shares."""
    process = subprocess.Popen([str(CHROMA), "run", "--path", str(folder / "chroma"), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_up(f"http://127.0.0.1:{port}/api/v2/heartbeat", process)
    return process


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


# --- many people logging in and drafting, on one or several processes ----------------------------

def add_accounts(data: Path, users: int) -> list[tuple[str, str]]:
    """One drafter account per simulated person in the shared records database."""
    from assistant.records.store import Store

    accounts = Store(data).accounts
    people = [(f"keyuan{n:02d}", f"Qicao-2025!{n:02d}") for n in range(users)]
    for name, password in people:
        accounts.add(name, "drafter", password)
    return people


def log_in_and_draft(url: str, name: str, password: str, n: int, timeout: float) -> tuple[float, float, str]:
    """The seconds one person's login and draft took, and the error if any ("" when the draft came back checked)."""
    from gradio_http import Session

    person, started = Session(url, timeout), time.monotonic()
    try:
        status = person.login(name, password)
        logged_in = time.monotonic()
        if status != 200:
            return logged_in - started, 0.0, f"login answered {status}"
        answer = person.run("draft-button", "click", "measures", "", "示例市应急管理局", 2024, facts_for(n), [])
        checked = answer.get("success") and "num-supported" in str(answer["output"]["data"][5])
        return logged_in - started, time.monotonic() - logged_in, "" if checked else f"no checked draft: {str(answer)[:200]}"
    except Exception as e:  # any failure of a request is a result of the benchmark, not a crash
        return time.monotonic() - started, 0.0, f"{type(e).__name__}: {e}"


def users_on(processes: int, users: int, timeout: float) -> dict:
    """A fresh Chroma server and `processes` app processes over one data folder; U people at once."""
    with tempfile.TemporaryDirectory() as tmp:
        data, chroma_port = Path(tmp), free_port()
        people = add_accounts(data, users)
        chroma = start_chroma(data, chroma_port)
        ports, launched = [free_port() for _ in range(processes)], time.monotonic()
        apps = [start_app(data, port, chroma_port, f"ui-{n}.log") for n, port in enumerate(ports)]
        try:
            for port, app in zip(ports, apps):  # started at once, as a deployment's processes are
                wait_until_up(f"http://127.0.0.1:{port}/", app, 300)
            startup = time.monotonic() - launched
            urls = [f"http://127.0.0.1:{ports[n % processes]}" for n in range(users)]  # as sticky sessions spread them
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=users) as pool:
                outcomes = list(pool.map(log_in_and_draft, urls, *zip(*people), range(users), [timeout] * users,
                                         timeout=timeout))
            wall = time.monotonic() - started
            exited = {f"ui-{n}": app.returncode for n, app in enumerate(apps) if app.poll() is not None}
            logs = {name: (data / f"{name}.log").read_text(errors="replace")[-1500:] for name in exited}
        finally:
            for process in [*apps, chroma]:
                process.terminate()
                process.wait(timeout=30)
    return users_figures(outcomes, wall) | {"processes": processes, "startup_s": round(startup, 2),
                                            "exited during the run": exited, "their logs": logs}


def users_figures(outcomes: list[tuple[float, float, str]], wall: float) -> dict:
    """Throughput and latencies of one run of many people logging in and drafting."""
    done = [(login, draft) for login, draft, error in outcomes if not error]
    errors = [error for *_, error in outcomes if error]
    spread = {what: figures([(value, "") for value in values])
              for what, values in (("login", [lo for lo, _ in done]), ("draft", [d for _, d in done]),
                                   ("login and draft", [lo + d for lo, d in done]))} if done else {}
    return {"users": len(outcomes), "failures": len(errors), "errors": errors[:5], "wall_s": round(wall, 2),
            "drafts_per_s": round(len(done) / wall, 3)} | {what: {k: v for k, v in f.items() if k.endswith("_s")}
                                                           for what, f in spread.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--processes", default="1,2", help="app process counts to compare, e.g. 1,2")
    parser.add_argument("--mixed", action="store_true", help="also the drafts, reports and one person on one process")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--probes", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    results = {"users": [users_on(int(n), min(args.users, MAX_REQUESTS), args.timeout) for n in args.processes.split(",")]}
    if len(results["users"]) > 1:
        base = results["users"][0]["drafts_per_s"] or 1
        results["throughput_ratio"] = [round(r["drafts_per_s"] / base, 2) for r in results["users"]]
    if args.mixed:
        results["mixed"] = run(min(args.requests, MAX_REQUESTS), min(args.reports, MAX_REQUESTS), min(args.probes, 20),
                               args.timeout)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    save_results("ui_load.json", results)
    parts = results["users"] + [p for p in results.get("mixed", {}).values() if isinstance(p, dict)]
    sys.exit(1 if any(part["failures"] for part in parts) else 0)


if __name__ == "__main__":
    main()
