"""How fast the demo network is generated, side by side with what follows it, in one run.

``generate_tables`` (the Arrow tables ``graphkit demo`` loads) is timed against the two
things a user does with it: the validated document (``generate``, every row through the
models) and the bulk load of the same tables into a fresh embedded store (what
``graphkit demo`` does next). Runs are interleaved and the minimum of each is kept; the
ratios say how small a share of ``graphkit demo`` the generation is. The tables are also
generated twice and compared, byte for byte.

    python bench/bench_demo.py                       # 2,000, 20,000 and 100,000
    python bench/bench_demo.py --sizes 300 5000 --runs 5
    python bench/bench_demo.py --load-upto 100000    # also load 100,000 (slow)
"""

from __future__ import annotations

import argparse
import gc
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from graphkit.demo import DEFAULT_AS_OF, generate, generate_tables
from graphkit.store import NetworkChange, open_store


@dataclass
class Timing:
    """Seconds of each run of one step."""

    runs: list[float]

    @property
    def best(self) -> float:
        return min(self.runs)


def _timed(step: Callable[[], object]) -> float:
    gc.collect()
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def _load(tables: dict[str, pa.Table], folder: Path, run: int) -> Callable[[], object]:
    def step() -> object:
        location = folder / f"demo-{run}.lbug"
        with open_store(str(location)) as store:
            return store.apply(NetworkChange(**tables))

    return step


def bench(size: int, runs: int, document_upto: int, load_upto: int) -> None:
    first = generate_tables(size, 7, DEFAULT_AS_OF)
    again = generate_tables(size, 7, DEFAULT_AS_OF)
    same = all(first[kind].equals(again[kind]) for kind in first)
    touchpoints = first["touchpoints"]
    broadcasts = touchpoints.num_rows - touchpoints.column("target").drop_null().length()
    print(
        f"\n{size:,} stakeholders: {touchpoints.num_rows:,} touchpoints "
        f"({touchpoints.num_rows / size:.2f} each, {broadcasts} with a group), "
        f"{first['contacts'].num_rows:,} logged contacts; same tables twice: {same}"
    )

    tables, document, load = Timing([]), Timing([]), Timing([])
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as tmp:
        for run in range(runs):
            tables.runs.append(_timed(lambda: generate_tables(size, 7, DEFAULT_AS_OF)))
            if size <= document_upto:
                document.runs.append(_timed(lambda: generate(size, 7, DEFAULT_AS_OF)))
            if size <= load_upto:
                load.runs.append(_timed(_load(first, Path(tmp), run)))
                shutil.rmtree(Path(tmp), ignore_errors=True)
                Path(tmp).mkdir(exist_ok=True)

    rate = touchpoints.num_rows / tables.best
    print(f"  generate_tables      {tables.best:8.2f} s   ({rate:,.0f} touchpoints/s)")
    if document.runs:
        print(
            f"  generate (document)  {document.best:8.2f} s   "
            f"{document.best / tables.best:6.1f}x the tables"
        )
    if load.runs:
        print(
            f"  load into Ladybug    {load.best:8.2f} s   "
            f"{load.best / tables.best:6.1f}x the tables"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--document-upto",
        type=int,
        default=20_000,
        help="largest size for which the validated document is timed",
    )
    parser.add_argument(
        "--load-upto",
        type=int,
        default=20_000,
        help="largest size for which the store load is timed",
    )
    args = parser.parse_args()
    for size in args.sizes:
        bench(size, args.runs, args.document_upto, args.load_upto)


if __name__ == "__main__":
    main()
