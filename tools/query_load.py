"""Clients that keep a server's query workers busy, run as a process of their own.

Each client (asyncio, one connection each) sends a slow query, and after a 429 waits the
short back-off a polite client would before asking again, for a bounded time. Run in a
separate process so the load's own Python work cannot slow the measurements of the process
that times writes and ``/health``.

    python tools/query_load.py URL TOKENS_JSON SECONDS QUERY OUT_JSON

Used by tests/api/test_hostile_queries.py and bench/bench_query_isolation.py.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter

import httpx

BACKOFF_S = 0.2


async def _client(
    url: str,
    token: str,
    query: str,
    until: float,
    counts: Counter[str],
    runs: list[tuple[float, float]],
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as client:
        while time.monotonic() < until:
            began = time.monotonic()  # CLOCK_MONOTONIC: comparable with the test's process
            try:
                answer = await client.post("/api/query", json={"cypher": query})
            except httpx.HTTPError:
                counts["transport_error"] += 1
                continue
            kind = {200: "answered", 422: "stopped", 429: "busy"}.get(
                answer.status_code, f"http_{answer.status_code}"
            )
            counts[kind] += 1
            if answer.status_code in (200, 422):
                runs.append((began, time.monotonic()))  # a query that held a worker
            if answer.status_code == 429:
                await asyncio.sleep(BACKOFF_S)


async def run(url: str, tokens: list[str], seconds: float, query: str) -> dict[str, object]:
    counts: Counter[str] = Counter()
    runs: list[tuple[float, float]] = []
    until = time.monotonic() + seconds
    await asyncio.gather(*(_client(url, t, query, until, counts, runs) for t in tokens))
    return {"counts": dict(counts), "runs": runs}


def main() -> None:
    url, tokens_json, seconds, query, out = sys.argv[1:6]
    with open(tokens_json) as handle:
        tokens = json.load(handle)
    found = asyncio.run(run(url, tokens, float(seconds), query))
    with open(out, "w") as handle:
        json.dump(found, handle)


if __name__ == "__main__":
    main()
