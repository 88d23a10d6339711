"""What isolating user queries costs, and what it buys.

1. **Replica load** at 300, 2,000 and 20,000 demo stakeholders: the worker's in-memory
   Ladybug replica filled by bulk COPY (``LadybugStore.load_replica``) against the same
   through ``apply`` (the change diff), side by side, interleaved, best of ``--repeat``;
   the snapshot's Arrow IPC encoding and decoding (how it travels to the worker); and,
   through a real :class:`~graphkit.store.query_pool.QueryPool`, a query on an unchanged
   version against the first query after a write (reload + query), with the worker's RSS.
2. **Starvation**: a real server; 45 clients (a separate process) send slow cross joins
   while this process times ``PATCH /api/stakeholders/{id}`` and ``/health``.

    python bench/bench_query_isolation.py [--sizes 300 2000 20000] [--repeat 3]
                                          [--clients 45] [--seconds 30] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SLOW = (
    "MATCH (a:Stakeholder), (b:Stakeholder), (c:Stakeholder), (d:Stakeholder), "
    "(e:Stakeholder) WHERE a.influence + b.influence + c.influence + d.influence "
    "+ e.influence = 99 RETURN count(*)"
)


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def replica_load(sizes: list[int], repeat: int) -> list[dict[str, float]]:
    return [_replica_size(size, repeat) for size in sizes]


def _replica_size(size: int, repeat: int) -> dict[str, float]:
    from graphkit.demo import generate_tables
    from graphkit.store.ladybug import LadybugStore
    from graphkit.store.port import NetworkChange, Snapshot
    from graphkit.store.query_pool import QueryCaps, QueryPool
    from graphkit.store.query_worker import _snapshot_from, snapshot_frames

    tables = generate_tables(size, 7)
    snapshot = Snapshot(**tables)
    best: dict[str, float] = {}

    def timed(name: str, work) -> None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        work()
        best[name] = min(best.get(name, float("inf")), time.perf_counter() - started)

    def by_copy() -> None:
        store = LadybugStore(":memory:")
        store.setup_schema()
        store.load_replica(snapshot)
        store.close()

    def by_apply() -> None:
        store = LadybugStore(":memory:")
        store.setup_schema()
        store.apply(NetworkChange(**tables))
        store.close()

    frames: list[bytes] = []
    for _ in range(repeat):  # interleaved, so both see the same machine load
        timed("copy_s", by_copy)
        timed("apply_s", by_apply)
        timed("encode_s", lambda: frames.__setitem__(slice(None), snapshot_frames(snapshot)))
        timed("decode_s", lambda: _snapshot_from(frames))

    version = [0]
    pool = QueryPool(
        {"op": "open", "engine": "ladybug"},
        QueryCaps(workers=1, timeout_s=60.0, memory_mb=1024),
        lambda: (version[0], snapshot),
        lambda: version[0],
    )
    try:
        pool.submit("RETURN 1", {}, 1).result(timeout=300)  # start the worker
        for _ in range(repeat):
            version[0] += 1
            timed(
                "first_query_after_write_s",
                lambda: pool.submit("MATCH (s:Stakeholder) RETURN count(s)", {}, 1).result(
                    timeout=300
                ),
            )
            timed(
                "query_same_version_s",
                lambda: pool.submit("MATCH (s:Stakeholder) RETURN count(s)", {}, 1).result(
                    timeout=300
                ),
            )
        worker_rss = _rss_mb(pool.worker_pids[0])
    finally:
        pool.close()
    row = {
        "stakeholders": size,
        "touchpoints": tables["touchpoints"].num_rows,
        "arrow_mb": round(sum(t.nbytes for t in tables.values()) / 2**20, 1),
        **{k: round(v, 4) for k, v in best.items()},
        "copy_vs_apply": round(best["apply_s"] / best["copy_s"], 2),
        "worker_rss_mb": round(worker_rss),
    }
    print(json.dumps(row))
    return row


def starvation(size: int, clients: int, seconds: float) -> dict[str, object]:
    import httpx
    from served import served_demo

    folder = Path(tempfile.mkdtemp(prefix="gk-starve-"))
    with served_demo(size) as server:
        editor = server.token("editor")
        (folder / "tokens.json").write_text(
            json.dumps([server.token("viewer")["Authorization"].split()[1] for _ in range(clients)])
        )
        sid = httpx.get(
            server.url + "/api/stakeholders?limit=1", headers=editor, timeout=30
        ).json()["items"][0]["id"]
        load = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "tools" / "query_load.py"),
                server.url,
                str(folder / "tokens.json"),
                str(seconds),
                SLOW,
                str(folder / "load.json"),
            ]
        )
        time.sleep(4)
        patch_s, health_s = [], []
        until = time.monotonic() + seconds - 6
        n = 0
        while time.monotonic() < until:
            started = time.monotonic()
            httpx.patch(
                f"{server.url}/api/stakeholders/{sid}",
                json={"role": f"r{n}"},
                headers=editor,
                timeout=60,
            ).raise_for_status()
            patch_s.append(time.monotonic() - started)
            started = time.monotonic()
            httpx.get(server.url + "/health", timeout=60).raise_for_status()
            health_s.append(time.monotonic() - started)
            n += 1
            time.sleep(0.5)
        load.wait(timeout=seconds + 120)
        counts = json.loads((folder / "load.json").read_text())["counts"]

    def summary(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "n": len(values),
            "p50_ms": round(1000 * statistics.median(values)),
            "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))]),
            "max_ms": round(1000 * max(values)),
        }

    result = {
        "stakeholders": size,
        "clients": clients,
        "client_answers": counts,
        "patch": summary(patch_s),
        "health": summary(health_s),
    }
    print(json.dumps(result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 2000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clients", type=int, default=45)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--starvation-size", type=int, default=300)
    parser.add_argument("--json")
    args = parser.parse_args()
    results = {
        "replica": replica_load(args.sizes, args.repeat),
        "starvation": starvation(args.starvation_size, args.clients, args.seconds),
    }
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
