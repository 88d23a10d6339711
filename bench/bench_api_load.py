"""Load test of the HTTP service: 50 concurrent clients against a real server.

Starts ``python -m graphkit.api.server`` in a subprocess on a store holding the demo network
(5,000 stakeholders by default), warms the caches (first-hit times are reported too),
then a *second process* runs the clients (httpx async, keep-alive, loopback) and each
endpoint gets a bounded number of requests within a time limit. Prints p50/p95/p99.

    python bench/bench_api_load.py [--size 5000] [--clients 50] [--requests 500]
                                   [--seconds 60] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import statistics
import time
from pathlib import Path

from served import percentile as _percentile
from served import served_demo

ENDPOINTS = ["/api/analysis/gaps", "/api/stakeholders", "/map", "/map/data.json"]


async def _hammer(
    base: str, path: str, clients: int, total: int, seconds: float, token: str
) -> dict:
    import httpx

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    left = total
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base, limits=limits, timeout=120, headers={"Authorization": f"Bearer {token}"}
    ) as client:

        async def worker() -> None:
            nonlocal left, errors
            while left > 0 and time.perf_counter() < deadline:
                left -= 1
                start = time.perf_counter()
                try:
                    # time to the last byte as sent (gzip when the server offers it); the
                    # client does not decompress, so its own CPU does not skew the figures
                    async with client.stream("GET", path) as r:
                        async for _ in r.aiter_raw():
                            pass
                    statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - start)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    return {
        "path": path,
        "requests": len(latencies),
        "errors": errors,
        "statuses": statuses,
        "seconds": elapsed,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": _percentile(latencies, 0.50) * 1000,
        "p95_ms": _percentile(latencies, 0.95) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
    }


def _client_process(
    base: str, paths: list[str], clients: int, total: int, seconds: float, token: str, out: mp.Queue
) -> None:
    results = [asyncio.run(_hammer(base, p, clients, total, seconds, token)) for p in paths]
    out.put(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=500, help="per endpoint")
    parser.add_argument("--seconds", type=float, default=60, help="time limit per endpoint")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)

    import httpx

    with served_demo(args.size, args.seed) as server:
        counts, base, headers = server.counts, server.url, server.admin
        token = server.token("viewer")["Authorization"].split()[1]
        first: dict[str, float] = {}
        for path in ENDPOINTS:  # cold: computes the analysis and the map once
            t = time.perf_counter()
            r = httpx.get(base + path, headers=headers, timeout=600)
            r.raise_for_status()
            first[path] = time.perf_counter() - t
            print(f"first {path}: {first[path]:.2f} s ({len(r.content) / 1e6:.2f} MB)")

        queue: mp.Queue = mp.get_context("spawn").Queue()
        proc = mp.get_context("spawn").Process(
            target=_client_process,
            args=(base, ENDPOINTS, args.clients, args.requests, args.seconds, token, queue),
        )
        proc.start()
        results = queue.get(timeout=args.seconds * len(ENDPOINTS) + 600)
        proc.join(timeout=60)

    print(
        f"\n{args.clients} concurrent clients (second process, loopback), "
        f"{args.size} stakeholders, {os.cpu_count()} CPUs"
    )
    print(
        f"{'endpoint':<22}{'requests':>9}{'errors':>8}{'req/s':>8}{'p50 ms':>9}"
        f"{'p95 ms':>9}{'p99 ms':>9}"
    )
    for r in results:
        bad = r["errors"] + sum(n for s, n in r["statuses"].items() if s != 200)
        print(
            f"{r['path']:<22}{r['requests']:>9}{bad:>8}{r['rps']:>8.1f}{r['p50_ms']:>9.1f}"
            f"{r['p95_ms']:>9.1f}{r['p99_ms']:>9.1f}"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "counts": counts,
                    "first_seconds": first,
                    "clients": args.clients,
                    "results": results,
                },
                indent=2,
            )
        )
    return 0 if all(r["errors"] == 0 and set(r["statuses"]) == {200} for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
