"""Types of the C kernels (``graphkit/analysis/_kernels.c``; each function's docstring there
says what it computes). Arrays are one-dimensional and C-contiguous: ``ptr`` int64,
``idx`` int32, lengths and accumulators float64, vertex lists int64."""

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]

def accumulate_sources(
    out_ptr: I64,
    out_idx: I32,
    out_len: F64,
    in_ptr: I64,
    in_idx: I32,
    in_len: F64,
    sources: I64,
    betweenness: F64,
    harmonic: F64,
    distance_sum: F64,
    reached_by: F64,
    farthest: F64,
    /,
) -> None: ...
def sample_shortest_paths(
    out_ptr: I64,
    out_idx: I32,
    out_len: F64,
    in_ptr: I64,
    in_idx: I32,
    in_len: F64,
    first: int,
    count: int,
    seed: int,
    hits: F64,
    /,
) -> int: ...
def bfs_steps(ptr: I64, idx: I32, sources: I64, max_steps: int, steps: I64, /) -> None: ...
def two_step_counts(
    ptr: I64, idx: I32, hub_degree: int, first: int, last: int, counts: I64, /
) -> None: ...
def live_components(
    n: int,
    tail: I64,
    head: I64,
    probability: F64,
    seed: int,
    first_run: int,
    labels: I32,
    sizes: I32,
    /,
) -> None: ...
def live_reach(
    ptr: I64,
    idx: I32,
    arc_edge: I64,
    probability: F64,
    sources: I64,
    seed: int,
    first_run: int,
    heard: npt.NDArray[np.uint8] | npt.NDArray[np.bool_],
    /,
) -> None: ...
def dfs_cuts(
    ptr: I64,
    idx: I32,
    roots: I64,
    order: I32,
    position: I32,
    end: I32,
    events: I32,
    /,
) -> tuple[int, int]: ...
