"""Import benchmark: 100,000 stakeholders and 1,000,000 touchpoints into the embedded store.

Writes a register as CSV files (as a PMO would bring it), then times the user's path:
``graphkit import`` validation (every row checked, every problem named) and the one
transaction that writes it, then the same import again (must change nothing), then a
snapshot read. Prints rows per second and the peak memory of this process.

    python bench/bench_import.py [--stakeholders N] [--touchpoints M]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from graphkit import io as network_io
from graphkit.store import open_store

VEHICLES = ["meeting", "one_to_one", "email", "newsletter", "chat", "event", "linkedin"]
CONNECTIONS = ["operational", "personal", "strategic"]
GROUPS = ["delivery", "leadership", "business", "influencers", "industry"]


def write_register(folder: Path, n: int, m: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    with open(folder / "stakeholders.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "name", "group", "source", "influence", "interest", "is_pmo", "stance"])
        groups = rng.integers(0, len(GROUPS), n)
        for i in range(n):
            out.writerow(
                [
                    f"s{i:06d}",
                    f"Person {i}",
                    GROUPS[groups[i]],
                    "stakeholder",
                    1 + i % 5,
                    1 + (i * 7) % 5,
                    "true" if i < 10 else "false",
                    "neutral",
                ]
            )
    # Distinct (source, target, vehicle) triples so every touchpoint has its own id.
    source = rng.integers(0, n, m)
    offset = rng.integers(1, n, m)
    target = (source + offset) % n
    vehicle = rng.integers(0, len(VEHICLES), m)
    key = (source.astype(np.int64) * n + target) * len(VEHICLES) + vehicle
    _, first = np.unique(key, return_index=True)
    first.sort()
    start = dt.date(2026, 1, 1).toordinal()
    days = rng.integers(0, 300, m)
    cadence = rng.choice([1, 7, 14, 30, 90], m)
    with open(folder / "touchpoints.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(
            [
                "source",
                "target",
                "vehicle",
                "connection",
                "cadence_days",
                "last_contact",
                "strength",
            ]
        )
        for j in first[:m]:
            out.writerow(
                [
                    f"s{source[j]:06d}",
                    f"s{target[j]:06d}",
                    VEHICLES[vehicle[j]],
                    CONNECTIONS[j % 3],
                    cadence[j],
                    dt.date.fromordinal(start + int(days[j])).isoformat(),
                    round(0.2 + 0.8 * (j % 10) / 10, 2),
                ]
            )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stakeholders", type=int, default=100_000)
    parser.add_argument("--touchpoints", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        write_register(folder, args.stakeholders, args.touchpoints)
        print(
            f"register written in {time.perf_counter() - t:.1f} s "
            f"({(folder / 'touchpoints.csv').stat().st_size / 1e6:.0f} MB of touchpoints)"
        )
        store = open_store(str(folder / "bench.lbug"))
        total = time.perf_counter()
        t = time.perf_counter()
        change = network_io.load_paths([folder], store, default_groups=True)
        validated = time.perf_counter() - t
        rows = change.stakeholders.num_rows + change.touchpoints.num_rows
        t = time.perf_counter()
        summary = network_io.import_network(store, change)
        written = time.perf_counter() - t
        elapsed = time.perf_counter() - total
        print(
            f"first import: {rows:,} rows in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s "
            f"(validate {validated:.1f} s, write {written:.1f} s); created {summary.created}"
        )
        t = time.perf_counter()
        again = network_io.import_network(
            store, network_io.load_paths([folder], store, default_groups=True)
        )
        print(
            f"second import: {time.perf_counter() - t:.1f} s, changed anything: "
            f"{again.changed_anything}"
        )
        t = time.perf_counter()
        snapshot = store.snapshot()
        print(
            f"snapshot read: {snapshot.touchpoints.num_rows:,} touchpoints in "
            f"{time.perf_counter() - t:.2f} s"
        )
        print(f"peak memory (RSS): {peak_mb():,.0f} MB")
        store.close()


if __name__ == "__main__":
    main()
