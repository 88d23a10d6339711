"""The query worker: a separate process that runs users' Cypher, so a query that crashes
the engine, eats memory or runs away costs that one query, never the server.

Run as ``python -m graphkit.store.query_worker`` by :class:`graphkit.store.query_pool.
QueryPool`, it talks over its stdin and stdout in frames (a 4-byte big-endian length, then
the bytes); requests and replies are JSON — never pickle, so a worker the engine let
misbehave still cannot make the server run code. A request is one of

``{"op": "open", "engine": "ladybug", "memory_mb": M}``
    Get ready for Ladybug: queries run on an in-memory replica of the network.
``{"op": "open", "engine": "neo4j", "uri": …, "user": …, "password": …, "database": …}``
    Hold a driver of its own; queries run in READ transactions with the server-side
    timeout.
``{"op": "load", "version": V}`` then a frame of Arrow IPC per table of the snapshot
(groups, stakeholders, touchpoints, contacts)
    Replace the replica with data version ``V`` (Ladybug: the server holds the store file
    and its exclusive lock, so the worker cannot open it; it gets the snapshot instead).
``{"op": "query", "cypher": …, "params": {…}, "limit": N, "max_bytes": B, "timeout_s": T}``
    Run one query; the reply's header is followed by one frame: the API's JSON body.

Every reply is ``{"ok": true, …}`` or ``{"ok": false, "error": kind, "message": text}``
with ``kind`` one of ``refused``, ``read_only``, ``syntax``, ``engine``, ``timeout``,
``memory``, ``too_large``, ``load``.

Caps inside the worker: the engine's buffer pool is sized to the replica plus
``memory_mb``; the process's address space (``RLIMIT_AS``) to what the replica took plus
``memory_mb``; the engine stops a query at its timeout; the process runs at a lower CPU
priority (nice 10) so the server's own work goes first. The server kills a worker that
overruns its time (see the pool).
"""

from __future__ import annotations

import json
import os
import resource
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

import pyarrow as pa

from graphkit.model import Snapshot
from graphkit.store.port import KINDS, ReadOnlyViolation, StoreError
from graphkit.store.query_answer import AnswerCollector, AnswerTooLarge
from graphkit.store.query_guard import QueryRefused, QuerySyntaxError

_HEADER = struct.Struct(">I")
MAX_FRAME = 2**31
"""A frame longer than this is refused: no reply or snapshot table comes near it."""
NICENESS = 10
_REPLICA_OVERHEAD = 4
"""The replica needs about this many times its Arrow bytes of buffer pool (measured: 22 MB
of Arrow for 20,000 stakeholders took ~90 MB)."""


# --- frames (used by both ends) ------------------------------------------------------------


def write_frame(out: BinaryIO, payload: bytes) -> None:
    out.write(_HEADER.pack(len(payload)))
    out.write(payload)


def read_frame(source: BinaryIO) -> bytes | None:
    """One frame, or None at the end of the stream."""
    head = _read_exactly(source, _HEADER.size)
    if head is None:
        return None
    (length,) = _HEADER.unpack(head)
    if length > MAX_FRAME:
        raise ValueError(f"a frame of {length:,} bytes is too long")
    body = _read_exactly(source, length)
    if body is None:
        raise EOFError("the stream ended inside a frame")
    return body


def _read_exactly(source: BinaryIO, size: int) -> bytes | None:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = source.read(remaining)
        if not chunk:
            if remaining == size:
                return None
            raise EOFError("the stream ended inside a frame")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def snapshot_frames(snapshot: Snapshot) -> list[bytes]:
    """The snapshot's tables as Arrow IPC streams, in :data:`KINDS` order."""
    frames = []
    for kind in KINDS:
        sink = pa.BufferOutputStream()
        table = snapshot.table(kind)
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        frames.append(sink.getvalue().to_pybytes())
    return frames


def _snapshot_from(frames: list[bytes]) -> Snapshot:
    tables = [pa.ipc.open_stream(pa.py_buffer(frame)).read_all() for frame in frames]
    return Snapshot(*tables)


# --- the worker's side ---------------------------------------------------------------------


@dataclass
class _Failure(Exception):
    kind: str
    message: str
    extra: dict[str, Any] | None = None


def _cap_address_space(extra_mb: int) -> None:
    """Let the process grow by at most ``extra_mb`` from here (soft RLIMIT_AS)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    limit = pages * resource.getpagesize() + extra_mb * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _lift_address_space_cap() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def _classify(error: BaseException) -> _Failure:
    if isinstance(error, QueryRefused):
        return _Failure("refused", str(error), {"clause": error.clause, "function": error.function})
    if isinstance(error, ReadOnlyViolation):
        return _Failure("read_only", str(error))
    if isinstance(error, QuerySyntaxError):
        return _Failure("syntax", str(error))
    if isinstance(error, AnswerTooLarge):
        return _Failure("too_large", str(error))
    if isinstance(error, MemoryError):
        return _Failure("memory", "the query needed more memory than its cap")
    message = str(error).strip() or type(error).__name__
    lowered = message.lower()
    if isinstance(error, StoreError) and "ran longer than" in message:
        return _Failure("timeout", message)
    if any(
        word in lowered
        for word in ("buffer pool is full", "bad_alloc", "out of memory", "cannot allocate", "mmap")
    ):
        return _Failure("memory", f"the query needed more memory than its cap ({message})")
    return _Failure("engine", message)


class _Worker:
    def __init__(self) -> None:
        self.engine = ""
        self.memory_mb = 1024
        self.store: Any = None
        self.version: int | None = None

    # -- ops
    def open(self, request: dict[str, Any]) -> dict[str, Any]:
        self.engine = str(request["engine"])
        self.memory_mb = int(request.get("memory_mb", 1024))
        if self.engine == "neo4j":
            from graphkit.store.neo4j import Neo4jStore

            self.store = Neo4jStore(
                request["uri"],
                user=request["user"],
                password=request["password"],
                database=request.get("database"),
            )
            _cap_address_space(self.memory_mb)
        elif self.engine != "ladybug":
            raise _Failure("load", f"unknown engine {self.engine!r}")
        return {"ok": True}

    def load(self, request: dict[str, Any], frames: list[bytes]) -> dict[str, Any]:
        from graphkit.store.ladybug import LadybugStore

        _lift_address_space_cap()
        if self.store is not None:
            self.store.close()
            self.store = None
            self.version = None
        snapshot = _snapshot_from(frames)
        arrow_bytes = sum(snapshot.table(kind).nbytes for kind in KINDS)
        pool = self.memory_mb * 2**20 + _REPLICA_OVERHEAD * arrow_bytes + 64 * 2**20
        try:
            store = LadybugStore(":memory:", buffer_pool_size=pool, max_num_threads=1)
            store.setup_schema()
            store.load_replica(snapshot)
        except Exception as error:
            raise _Failure("load", f"the query replica could not be loaded: {error}") from error
        self.store, self.version = store, int(request["version"])
        _cap_address_space(self.memory_mb)
        return {"ok": True, "version": self.version}

    def query(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        if self.store is None:
            raise _Failure("load", "the worker holds no data yet")
        limit = int(request["limit"])
        answer = self.store.query(
            str(request["cypher"]),
            dict(request.get("params") or {}),
            limit=limit,
            timeout_s=float(request["timeout_s"]),
            max_bytes=int(request["max_bytes"]),
        )
        version = self.version if self.engine == "ladybug" else request.get("version")
        collector = AnswerCollector(answer.columns, None, None)
        for row in answer.rows:
            collector.add(row)
        collector.truncated_by = answer.truncated_by
        body = collector.body(limit=limit, data_version=version)
        return {"ok": True, "rows": len(answer.rows), "version": version}, body


def serve(source: BinaryIO, out: BinaryIO) -> None:
    """Answer requests from ``source`` on ``out`` until the stream ends."""
    worker = _Worker()
    ops: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {"open": worker.open}
    while True:
        frame = read_frame(source)
        if frame is None:
            return
        request = json.loads(frame)
        body: bytes | None = None
        try:
            op = request.get("op")
            if op == "load":
                frames = [read_frame(source) or b"" for _ in KINDS]
                reply = worker.load(request, frames)
            elif op == "query":
                reply, body = worker.query(request)
            elif op in ops:
                reply = ops[op](request)
            else:
                raise _Failure("engine", f"unknown request {op!r}")
        except _Failure as failure:
            reply = {
                "ok": False,
                "error": failure.kind,
                "message": failure.message,
                **(failure.extra or {}),
            }
        except Exception as error:
            told = _classify(error)
            reply = {"ok": False, "error": told.kind, "message": told.message, **(told.extra or {})}
        write_frame(out, json.dumps(reply).encode())
        if body is not None:
            write_frame(out, body)
        out.flush()


def main() -> None:
    # The protocol owns the real stdout; anything printed (by a library, by the engine)
    # goes to stderr, the server's log, instead of corrupting a frame.
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    protocol_in = os.fdopen(os.dup(0), "rb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    try:
        serve(protocol_in, protocol_out)
    except (BrokenPipeError, EOFError):
        pass  # the server went away: so does the worker


if __name__ == "__main__":
    main()
