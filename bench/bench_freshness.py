"""What it costs a process to learn whether another one changed the shared knowledge base.

    .venv/bin/python bench/bench_freshness.py [--chunks 10000] [--rounds 15]

Starts one `chroma run` server on loopback, fills a collection with synthetic passages, and times
(median of rounds) the two ways a process can tell that its BM25 index and bureau list are stale:
listing every passage id and hashing them (what a search did at most every 2 s before), and reading
the collection's change marker and passage count (KnowledgeBase._read_state, at most every
CHANGE_RECHECK s now). Figures go to stdout and bench/results/freshness.json.
"""

import argparse
import hashlib
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
from benchlib import save_results

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CHROMA = Path(sys.executable).parent / "chroma"
DIMENSIONS = 256


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_chroma(folder: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen([str(CHROMA), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            return process
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("chroma run did not answer within 60 s")


def fill(kb, chunks: int) -> None:
    """Synthetic passages with random vectors, written in the index's batches."""
    rng = np.random.default_rng(0)
    for start in range(0, chunks, 1000):
        ids = [f"doc{n // 40}.txt:{n:06d}" for n in range(start, min(start + 1000, chunks))]
        kb.collection.add(ids=ids, embeddings=rng.random((len(ids), DIMENSIONS)).tolist(),
                          documents=["我局全年开展执法检查。"] * len(ids),
                          metadatas=[{"source": i.split(":")[0], "bureau": "示例区应急管理局"} for i in ids])


def median_ms(call, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def run(chunks: int, rounds: int) -> dict:
    from assistant.config import Settings
    from assistant.kb.index import CHANGE_RECHECK, KnowledgeBase

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        server = start_chroma(Path(tmp), port)
        try:
            kb = KnowledgeBase.from_settings(Settings(chroma_host="127.0.0.1", chroma_port=port))
            fill(kb, chunks)
            listing = median_ms(lambda: hashlib.sha1("\n".join(sorted(kb.collection.get(include=[])["ids"])).encode()),
                                rounds)
            marker = median_ms(kb._read_state, rounds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"chunks": chunks, "list ids and hash (before, every 2 s)_ms": listing,
            f"read marker and count (after, every {CHANGE_RECHECK} s)_ms": marker, "ratio": round(listing / marker, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    results = run(min(args.chunks, 100_000), args.rounds)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    save_results("freshness.json", results)


if __name__ == "__main__":
    main()
