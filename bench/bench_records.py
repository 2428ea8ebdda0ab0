"""Records database: saving and listing drafts on SQLite and on a real PostgreSQL server.

    .venv/bin/python bench/bench_records.py [--writers 8] [--drafts 25] [--rounds 3]

For each backend, W threads (as W people at once, on two Store objects as two app processes) each
save D drafts through the real Store, then every writer lists its own drafts. Reports per backend
the median over rounds of: drafts saved per second, p50/p95 of one save, p50 of one listing.
PostgreSQL is started by tests/pg_server.py (Debian's package; skipped when not installed).
Results go to stdout and bench/results/records.json.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from assistant.records.accounts import Account  # noqa: E402
from assistant.records.store import DraftRecord, Store  # noqa: E402
from benchlib import save_results  # noqa: E402


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def one_round(database, writers: int, drafts: int) -> dict:
    """Saves and listings of one round on a fresh database; times in milliseconds."""
    with tempfile.TemporaryDirectory() as folder:
        stores = [Store(Path(folder) / "data", database(folder)) for _ in range(2)]

        def write(n: int) -> list[float]:
            person, store = Account(f"keyuan{n}", "drafter"), stores[n % 2]
            return [timed(lambda: store.save_draft(DraftRecord("measures", f"- 立案{n}起", f"全年立案{n}起。"), person))
                    for _ in range(drafts)]

        def list_own(n: int) -> float:
            return timed(lambda: stores[n % 2].list_drafts(user=Account(f"keyuan{n}", "drafter")))

        start = time.perf_counter()
        with ThreadPoolExecutor(writers) as pool:
            saves = [t for batch in pool.map(write, range(writers)) for t in batch]
            elapsed = time.perf_counter() - start
            listings = list(pool.map(list_own, range(writers)))
    saves.sort()
    return {"saves_per_second": len(saves) / elapsed, "save_p50_ms": 1000 * saves[len(saves) // 2],
            "save_p95_ms": 1000 * saves[int(len(saves) * 0.95)], "list_p50_ms": 1000 * statistics.median(listings)}


def median_of(rounds: list[dict]) -> dict:
    return {key: round(statistics.median(r[key] for r in rounds), 1) for key in rounds[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--drafts", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    backends = {"sqlite": lambda folder: Path(folder) / "records.db"}
    server = None
    try:
        from pg_server import PostgresUnavailable, start_postgres

        server = start_postgres(durable=True)  # fsync on, as a real deployment
        backends["postgresql"] = lambda folder: server.fresh_url()
    except PostgresUnavailable as e:
        print(f"postgresql skipped: {e}")
    try:
        results = {name: median_of([one_round(db, args.writers, args.drafts) for _ in range(args.rounds)])
                   for name, db in backends.items()}
    finally:
        if server:
            server.stop()
    results["setup"] = vars(args)
    print(json.dumps(results, indent=2))
    save_results("records.json", results)


if __name__ == "__main__":
    main()
