"""The server's analysis under everyday changes, measured from a client.

On the 5,000-stakeholder demo (a real server process): the report once computed, then
after a logged contact (the ties unchanged: heavy parts reused) and after a new tie (a
structural change: the last heavy parts served, marked, while the new ones are computed in
the background) — the time to the dashboard and to the whole report each time, and when
the recomputed report lands. On a cold 20,000-stakeholder server: the time to the first ego
page after the server answers /health.

    python bench/bench_server_analysis.py [--size 5000] [--ego-size 20000]

Aims (issue 12): after a contact, the dashboard in under 1 s; after a structural change,
in under 1 s with the previous report marked; the first ego page on a cold 20,000 server
in under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from urllib.parse import quote

import httpx
from served import served_demo


def _timed(client: httpx.Client, path: str, **kw: object) -> tuple[float, httpx.Response]:
    began = time.perf_counter()
    answer = client.get(path, timeout=600, **kw)  # type: ignore[arg-type]
    answer.raise_for_status()
    return time.perf_counter() - began, answer


def changes(size: int) -> None:
    with (
        served_demo(size) as server,
        httpx.Client(base_url=server.url, headers=server.admin) as client,
    ):
        cold, _ = _timed(client, "/api/analysis")
        print(f"{size:,} stakeholders: first whole report {cold:.2f} s")
        ties = client.get("/api/touchpoints?limit=1", timeout=60).json()["items"]
        tie = quote(ties[0]["id"], safe="")
        client.post(
            f"/api/touchpoints/{tie}/contacts",
            timeout=60,
            json={"date": dt.date.today().isoformat(), "note": "bench"},
        ).raise_for_status()
        page, _ = _timed(client, "/")
        report, answer = _timed(client, "/api/analysis")
        print(
            f"after a logged contact: dashboard {page:.2f} s, report {report:.2f} s, "
            f"stale parts {answer.json()['stale_parts']}"
        )
        people = client.get("/api/stakeholders?limit=2", timeout=60).json()["items"]
        client.post(
            "/api/touchpoints",
            timeout=60,
            json={
                "source": people[0]["id"],
                "target": people[1]["id"],
                "vehicle": "other",
                "cadence_days": 1,
            },
        ).raise_for_status()
        began = time.perf_counter()
        page, _ = _timed(client, "/")
        report, answer = _timed(client, "/api/analysis")
        print(
            f"after a new tie: dashboard {page:.2f} s, report {report:.2f} s, "
            f"stale parts {answer.json()['stale_parts']}"
        )
        while answer.json()["stale_parts"]:
            time.sleep(0.2)
            _, answer = _timed(client, "/api/analysis")
        print(
            f"  the recomputed report landed {time.perf_counter() - began:.1f} s after the change"
        )


def cold_ego(size: int) -> None:
    with (
        served_demo(size) as server,
        httpx.Client(base_url=server.url, headers=server.admin) as client,
    ):
        person = client.get("/api/stakeholders?limit=1&is_pmo=true", timeout=600).json()["items"][
            0
        ]["id"]
        took, _ = _timed(client, f"/stakeholders/{quote(person, safe='')}")
        print(f"cold {size:,} server: first ego page (a PMO member) {took:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--ego-size", type=int, default=20_000)
    args = parser.parse_args(argv)
    changes(args.size)
    cold_ego(args.ego_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
