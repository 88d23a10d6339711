"""How compiled work is spread over the machine's cores.

The C kernels (``graphkit/analysis/_kernels.c``) release the GIL, so plain Python threads
run them side by side. Each kernel call takes one share of the work (a range of sources,
runs or stakeholders) and writes into an output of its own or into its own rows of a
shared one, so the result never depends on how many threads ran.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

__all__ = ["available", "in_parallel", "ranges", "threads_for"]

T = TypeVar("T")


def available() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def threads_for(requested: int | None, items: int, per_thread: int = 200) -> int:
    """Threads worth starting for ``items`` units of work: ``requested`` (default every
    core), but none that would get fewer than ``per_thread`` units, since below that a
    thread costs more than it saves."""
    wanted = available() if requested is None else requested
    return max(1, min(wanted, items // per_thread or 1))


def ranges(total: int, parts: int) -> list[tuple[int, int]]:
    """``0..total`` cut into ``parts`` contiguous ranges of nearly equal size."""
    parts = max(1, min(parts, total)) if total else 1
    cuts = [total * k // parts for k in range(parts + 1)]
    return [(cuts[k], cuts[k + 1]) for k in range(parts)]


def in_parallel(work: Callable[[T], object], shares: Sequence[T]) -> None:
    """Run ``work`` on each share, in threads when there is more than one."""
    if len(shares) <= 1:
        for share in shares:
            work(share)
        return
    with ThreadPoolExecutor(len(shares)) as pool:
        list(pool.map(work, shares))
