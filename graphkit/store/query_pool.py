"""The server's side of isolated user queries: worker processes, their caps, fairness.

:class:`QueryPool` keeps a few :mod:`graphkit.store.query_worker` processes. Each has a
supervisor thread of its own (never a thread of the web server's pool) that hands it one
query at a time, reads the answer with a deadline, and kills the process when the query
overruns its time by a grace period, or finds it dead when the engine crashed: either way
that one query gets a clear error and the next one a fresh worker. An async caller awaits a
future, so it holds no thread and no lock while a query runs.

On Ladybug every worker holds an in-memory **replica** of one data version, loaded from the
service's snapshot (Arrow IPC over the pipe) and reloaded only when a query finds the data
moved on; every answer says which version it read. On Neo4j a worker holds its own driver
and needs no replica.

Fairness: at most ``per_token`` queries running or waiting per token and ``concurrency``
in all; one more is refused at once (:class:`QueryBusy`, the API's 429), and a query that
waited longer than its own timeout for a worker is refused the same way.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphkit.model import Snapshot
from graphkit.store.port import ReadOnlyViolation, StoreError
from graphkit.store.query_answer import AnswerTooLarge
from graphkit.store.query_guard import QueryRefused, QuerySyntaxError
from graphkit.store.query_worker import _HEADER, MAX_FRAME, snapshot_frames

GRACE_S = 2.0
"""A worker still busy this long after its query's timeout is killed."""
LOAD_TIMEOUT_S = 300.0
"""Starting a worker or loading a replica may take this long (10^6 touchpoints: ~10 s)."""
# Only what a Python process needs: no token, password or other secret of the server's
# environment reaches the worker (a Neo4j password travels in its "open" request).
_WORKER_ENVIRONMENT = (
    "PATH",
    "PYTHONPATH",
    "PYTHONHOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TMPDIR",
    "HOME",
    "SYSTEMROOT",
)


class QueryBusy(StoreError):
    """Too many queries at once for this token or this server (the API answers 429)."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class QueryStopped(StoreError):
    """The query was stopped by a cap, or it crashed its worker (the API answers 422).

    ``kind`` is ``timeout``, ``memory`` or ``crashed``.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class WorkerAnswer:
    """A query's answer as the worker sent it: the API's JSON body, ready to send."""

    body: bytes
    rows: int
    data_version: int | None

    def json(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


@dataclass(frozen=True)
class QueryCaps:
    """The caps every query of a pool runs under (see ``graphkit.settings``)."""

    timeout_s: float = 10.0
    memory_mb: int = 1024
    max_bytes: int = 8_000_000
    workers: int = 2
    concurrency: int = 6
    per_token: int = 2


@dataclass
class _Job:
    cypher: str
    params: dict[str, Any]
    limit: int
    future: concurrent.futures.Future[WorkerAnswer]
    queued_at: float = field(default_factory=time.monotonic)


def _failure(reply: dict[str, Any]) -> StoreError:
    """The exception for a worker's ``{"ok": false}`` reply."""
    kind, message = reply.get("error", "engine"), str(reply.get("message", ""))
    if kind == "refused":
        return QueryRefused(message, clause=reply.get("clause"), function=reply.get("function"))
    if kind == "read_only":
        return ReadOnlyViolation(message)
    if kind == "syntax":
        return QuerySyntaxError(message)
    if kind == "too_large":
        return AnswerTooLarge(message)
    if kind in ("timeout", "memory"):
        return QueryStopped(kind, message)
    if kind == "load":
        return StoreError(message)
    return StoreError(message)


def _signal_name(returncode: int | None) -> str:
    if returncode is None:
        return "still running"
    if returncode < 0:
        try:
            return signal.Signals(-returncode).name
        except ValueError:
            return f"signal {-returncode}"
    return f"exit status {returncode}"


class _WorkerProcess:
    """One worker process and the pipe to it; owned by one supervisor thread."""

    def __init__(self, open_request: dict[str, Any]) -> None:
        self.open_request = open_request
        self.process: subprocess.Popen[bytes] | None = None
        self.version: int | None = None
        self._buffer = bytearray()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        environment = {k: v for k, v in os.environ.items() if k in _WORKER_ENVIRONMENT}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graphkit.store.query_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,
            env=environment,
            close_fds=True,
        )
        self.version = None
        self._buffer.clear()
        self.call(self.open_request, [], time.monotonic() + LOAD_TIMEOUT_S)

    def stop(self) -> None:
        process, self.process = self.process, None
        self.version = None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for stream in (process.stdin, process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass

    def call(
        self, request: dict[str, Any], frames: list[bytes], deadline: float
    ) -> tuple[dict[str, Any], bytes | None]:
        """Send ``request`` (and ``frames``), read the reply by ``deadline``.

        Raises
        ------
        QueryStopped
            ``timeout`` when the deadline passed (the worker is killed), ``crashed``
            when the worker died.
        """
        process = self.process
        assert process is not None and process.stdin is not None
        try:
            for payload in [json.dumps(request).encode(), *frames]:
                process.stdin.write(_HEADER.pack(len(payload)))
                process.stdin.write(payload)
            process.stdin.flush()
            head = self._frame(deadline)
            reply: dict[str, Any] = json.loads(head)
            body = self._frame(deadline) if reply.get("ok") and request["op"] == "query" else None
            return reply, body
        except (BrokenPipeError, EOFError, ConnectionResetError, OSError) as error:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            how = _signal_name(process.returncode)
            self.stop()
            raise QueryStopped(
                "crashed",
                f"the query crashed its worker process ({how}); "
                "the server, its data and other queries are "
                "unaffected",
            ) from error

    def _frame(self, deadline: float) -> bytes:
        head = self._exactly(_HEADER.size, deadline)
        (length,) = _HEADER.unpack(head)
        if length > MAX_FRAME:
            raise EOFError(f"the worker sent a frame of {length:,} bytes")
        return self._exactly(length, deadline)

    def _exactly(self, size: int, deadline: float) -> bytes:
        assert self.process is not None and self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while len(self._buffer) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                raise QueryStopped(
                    "timeout", "the query overran its time and its worker process was stopped"
                )
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, max(65536, size - len(self._buffer)))
            if not chunk:
                raise EOFError("the worker closed its output")
            self._buffer += chunk
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data


class QueryPool:
    """Worker processes for user queries, with their caps and fairness limits.

    Parameters
    ----------
    open_request : dict
        The worker's ``open`` request (engine and, for Neo4j, where and as whom).
    caps : QueryCaps
        Time, memory, answer size, number of workers, concurrency.
    snapshot_source : callable, optional
        ``() -> (version, Snapshot)``, consistent with each other: the data a Ladybug
        replica loads. None for Neo4j (workers read the server).
    version_source : callable
        ``() -> int``: the current data version (cheap).

    Examples
    --------
    In the server (worker processes and a store: not run as a doctest; the API tests and
    ``tests/test_query_pool.py`` run it)::

        pool = QueryPool.for_store(store, settings, snapshot_source, lambda: service.version)
        answer = await pool.run("MATCH (s:Stakeholder) RETURN count(s)", {}, 10, "token-id")
    """

    def __init__(
        self,
        open_request: dict[str, Any],
        caps: QueryCaps,
        snapshot_source: Callable[[], tuple[int, Snapshot]] | None,
        version_source: Callable[[], int],
    ) -> None:
        self.open_request = {**open_request, "memory_mb": caps.memory_mb}
        self.caps = caps
        self.snapshot_source = snapshot_source
        self.version_source = version_source
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._workers: list[_WorkerProcess] = []
        self._lock = threading.Lock()
        self._running: dict[str, int] = {}
        self._total = 0
        self._frames: tuple[int, list[bytes]] | None = None
        self._frames_lock = threading.Lock()
        self._closed = False

    @classmethod
    def for_store(
        cls,
        store: Any,
        settings: Any,
        snapshot_source: Callable[[], tuple[int, Snapshot]],
        version_source: Callable[[], int],
    ) -> QueryPool:
        """A pool for ``store``'s engine with the caps from ``settings``."""
        caps = QueryCaps(
            timeout_s=settings.query_timeout_s,
            memory_mb=settings.query_memory_mb,
            max_bytes=settings.query_max_bytes,
            workers=settings.query_workers,
            concurrency=settings.query_concurrency,
            per_token=settings.query_concurrency_per_token,
        )
        if store.engine == "neo4j":
            request = {
                "op": "open",
                "engine": "neo4j",
                "uri": store.uri,
                "user": settings.neo4j_user,
                "password": settings.neo4j_password,
                "database": store.database,
            }
            return cls(request, caps, None, version_source)
        return cls({"op": "open", "engine": "ladybug"}, caps, snapshot_source, version_source)

    # -- fairness
    def _admit(self, token: str) -> None:
        """Take one of the token's and the server's query places, or raise QueryBusy."""
        with self._lock:
            if self._running.get(token, 0) >= self.caps.per_token:
                raise QueryBusy(
                    f"this token already has {self.caps.per_token} queries "
                    "running or waiting; wait for one to finish",
                    retry_after_s=max(1, round(self.caps.timeout_s / 2)),
                )
            if self._total >= self.caps.concurrency:
                raise QueryBusy(
                    f"the server already has {self.caps.concurrency} queries "
                    "running or waiting; try again shortly",
                    retry_after_s=max(1, round(self.caps.timeout_s / 2)),
                )
            self._running[token] = self._running.get(token, 0) + 1
            self._total += 1

    def _release(self, token: str) -> None:
        with self._lock:
            self._total -= 1
            self._running[token] -= 1
            if not self._running[token]:
                del self._running[token]

    # -- running
    async def run(
        self, cypher: str, params: dict[str, Any], limit: int, token: str
    ) -> WorkerAnswer:
        """Run one (already guarded) query in a worker; the caller holds no thread.

        The query's place is given back when the query ends, not when the caller stops
        waiting: a client that hangs up cannot start more queries than its limit.
        """
        self._admit(token)
        try:
            future = self.submit(cypher, params, limit)
        except BaseException:
            self._release(token)
            raise
        future.add_done_callback(lambda _: self._release(token))
        return await asyncio.wrap_future(future)

    def submit(
        self, cypher: str, params: dict[str, Any], limit: int
    ) -> concurrent.futures.Future[WorkerAnswer]:
        """Queue a query for the next free worker (no fairness check: see :meth:`run`)."""
        future: concurrent.futures.Future[WorkerAnswer] = concurrent.futures.Future()
        with self._lock:
            if self._closed:
                raise StoreError("the query workers are shut down")
            if not self._threads:
                for number in range(self.caps.workers):
                    worker = _WorkerProcess(self.open_request)
                    thread = threading.Thread(
                        target=self._supervise,
                        args=(worker,),
                        name=f"query-worker-{number}",
                        daemon=True,
                    )
                    self._workers.append(worker)
                    self._threads.append(thread)
                    thread.start()
        self._jobs.put(_Job(cypher, dict(params), limit, future))
        return future

    def close(self) -> None:
        """Stop the workers (their queries end with an error) and the threads."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            threads = list(self._threads)
        for worker in self._workers:
            worker.stop()
        for _ in threads:
            self._jobs.put(None)
        for thread in threads:
            thread.join(timeout=15)

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (for tests and operators)."""
        return [w.process.pid for w in self._workers if w.process is not None and w.alive]

    # -- a supervisor thread per worker
    def _supervise(self, worker: _WorkerProcess) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                worker.stop()
                return
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                job.future.set_result(self._run_job(worker, job))
            except BaseException as error:
                job.future.set_exception(error)

    def _run_job(self, worker: _WorkerProcess, job: _Job) -> WorkerAnswer:
        waited = time.monotonic() - job.queued_at
        if waited > self.caps.timeout_s:
            raise QueryBusy(
                f"the query waited {waited:.0f} s for a free query worker; try again shortly",
                retry_after_s=max(1, round(waited / 2)),
            )
        if self._closed:
            raise StoreError("the query workers are shut down")
        if not worker.alive:
            worker.start()
        version = self.version_source()
        if self.snapshot_source is not None and worker.version != version:
            version, frames = self._snapshot_frames()
            reply, _ = worker.call(
                {"op": "load", "version": version}, frames, time.monotonic() + LOAD_TIMEOUT_S
            )
            if not reply.get("ok"):
                worker.stop()
                raise _failure(reply)
            worker.version = version
        request = {
            "op": "query",
            "cypher": job.cypher,
            "params": job.params,
            "limit": job.limit,
            "max_bytes": self.caps.max_bytes,
            "timeout_s": self.caps.timeout_s,
            "version": version,
        }
        try:
            reply, body = worker.call(request, [], time.monotonic() + self.caps.timeout_s + GRACE_S)
        except QueryStopped as stopped:
            if stopped.kind != "timeout":
                raise
            raise QueryStopped(
                "timeout",
                f"the query ran longer than "
                f"{self.caps.timeout_s:g} s; its worker process "
                "was stopped",
            ) from stopped
        if not reply.get("ok") or body is None:
            if reply.get("error") == "memory":
                # the worker may hold half-freed memory: start the next query afresh
                worker.stop()
            raise _failure(reply)
        return WorkerAnswer(
            body=body, rows=int(reply.get("rows", 0)), data_version=reply.get("version")
        )

    def _snapshot_frames(self) -> tuple[int, list[bytes]]:
        """The current snapshot as Arrow IPC frames, made once per data version."""
        assert self.snapshot_source is not None
        with self._frames_lock:
            current = self.version_source()
            if self._frames is not None and self._frames[0] == current:
                return self._frames
            version, snapshot = self.snapshot_source()
            self._frames = (version, snapshot_frames(snapshot))
            return self._frames


__all__ = ["QueryBusy", "QueryCaps", "QueryPool", "QueryStopped", "WorkerAnswer"]
