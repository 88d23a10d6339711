"""Writes through the API: sequential and concurrent, on a small and a large network.

Serves the demo network (300 and 20,000 stakeholders by default) with a real server
process, then runs write cycles of six API writes each — create a stakeholder, change
them, give them a touchpoint, change its cadence, delete it, delete them — first from one
client, then from 20 concurrent clients (asyncio, keep-alive, loopback), 10,000 writes in
all per size. Prints writes/s, p50/p95/p99 latency per mode, and the server's resident
memory before and after the 10,000 writes.

    python bench/bench_writes.py [--sizes 300 20000] [--writes 10000] [--clients 20]

Aims on the 2-core development machine (issue 7): >= 300 sequential writes/s on both sizes,
p95 < 20 ms, RSS growth < 50 MB over 10,000 writes.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any
from urllib.parse import quote

import httpx
from served import percentile, served_demo

CYCLE = 6  # writes per cycle


async def _cycle(
    client: httpx.AsyncClient, name: str, friend: str, latencies: list[float], failures: list[str]
) -> None:
    tie = quote(f"{name}|{friend}|chat", safe="")
    steps: list[tuple[str, str, dict[str, Any] | None, int]] = [
        (
            "POST",
            "/api/stakeholders",
            {"id": name, "name": f"Bench {name}", "group": "delivery", "influence": 3},
            201,
        ),
        ("PATCH", f"/api/stakeholders/{name}", {"role": "Analyst", "stance": "supporter"}, 200),
        (
            "POST",
            "/api/touchpoints",
            {"source": name, "target": friend, "vehicle": "chat", "cadence_days": 14},
            201,
        ),
        ("PATCH", f"/api/touchpoints/{tie}", {"cadence_days": 7}, 200),
        ("DELETE", f"/api/touchpoints/{tie}", None, 204),
        ("DELETE", f"/api/stakeholders/{name}", None, 204),
    ]
    for method, path, body, expected in steps:
        began = time.perf_counter()
        r = await client.request(method, path, json=body)
        latencies.append(time.perf_counter() - began)
        if r.status_code != expected:
            failures.append(f"{method} {path}: {r.status_code} {r.text[:200]}")


async def _run(
    url: str, headers: dict[str, str], prefix: str, cycles: int, clients: int, friend: str
) -> dict[str, Any]:
    latencies: list[float] = []
    failures: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=limits, timeout=60
    ) as client:
        queue = list(range(cycles))

        async def worker() -> None:
            while queue:
                number = queue.pop()
                await _cycle(client, f"{prefix}{number}", friend, latencies, failures)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    return {
        "writes": len(latencies),
        "seconds": elapsed,
        "rate": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.5) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "failures": failures,
    }


def bench_size(size: int, writes: int, clients: int) -> list[dict[str, Any]]:
    rows = []
    with served_demo(size) as server:
        editor = server.token("editor")
        friend = httpx.get(server.url + "/api/stakeholders?limit=1", headers=editor).json()[
            "items"
        ][0]["id"]
        asyncio.run(_run(server.url, editor, "warm", 10, 1, friend))  # registers, indexes
        before = server.rss_mb()
        sequential = (writes * 2 // 5) // CYCLE
        concurrent = (writes - sequential * CYCLE) // CYCLE
        for mode, cycles, parallel in (
            ("sequential", sequential, 1),
            (f"{clients} clients", concurrent, clients),
        ):
            result = asyncio.run(_run(server.url, editor, f"{mode[:3]}", cycles, parallel, friend))
            rows.append({"size": size, "mode": mode, **result})
        after = server.rss_mb()
        for row in rows:
            row["rss_before"], row["rss_after"] = before, after
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 20_000])
    parser.add_argument("--writes", type=int, default=10_000, help="per size")
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args(argv)
    rows = [row for size in args.sizes for row in bench_size(size, args.writes, args.clients)]
    print(
        f"\n{'stakeholders':>12} {'mode':<12}{'writes':>8}{'writes/s':>10}{'p50 ms':>8}"
        f"{'p95 ms':>8}{'p99 ms':>8}{'RSS MB before → after':>24}"
    )
    for r in rows:
        print(
            f"{r['size']:>12,} {r['mode']:<12}{r['writes']:>8}{r['rate']:>10.0f}"
            f"{r['p50']:>8.1f}{r['p95']:>8.1f}{r['p99']:>8.1f}"
            f"{r['rss_before']:>13.0f} → {r['rss_after']:.0f} "
            f"({r['rss_after'] - r['rss_before']:+.0f})"
        )
    failures = [f for r in rows for f in r["failures"]]
    for failure in failures[:10]:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
