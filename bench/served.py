"""A demo network served by a real ``graphkit serve`` process, for the HTTP benches.

with served_demo(size=5000) as server:
    httpx.get(server.url + "/health")
    server.rss_mb()  # the server process's resident memory
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ADMIN = "bench-admin-" + os.urandom(16).hex()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def load_demo(store: Path, size: int, seed: int = 7) -> dict[str, int]:
    """Fill a new store with the demo network dated from today (as ``graphkit demo`` does:
    its planted stale ties are stale, the rest are not); the store is closed again after."""
    import datetime as dt

    from graphkit import demo
    from graphkit.settings import Settings
    from graphkit.store import NetworkChange, open_store

    with open_store(str(store), Settings(store=str(store))) as opened:
        opened.apply(NetworkChange(**demo.generate_tables(size, seed, dt.date.today())))
        return opened.counts().as_dict()


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    counts: dict[str, int]
    admin: dict[str, str]

    def rss_mb(self) -> float:
        import psutil

        return float(psutil.Process(self.process.pid).memory_info().rss) / 1e6

    def token(self, role: str) -> dict[str, str]:
        import httpx

        made = httpx.post(
            self.url + "/api/tokens",
            json={"role": role, "name": "bench"},
            headers=self.admin,
            timeout=30,
        )
        made.raise_for_status()
        return {"Authorization": f"Bearer {made.json()['token']}"}


@contextlib.contextmanager
def served_demo(size: int, seed: int = 7) -> Iterator[Server]:
    """Load the demo into a temporary store and serve it until the block ends."""
    import httpx

    with tempfile.TemporaryDirectory(prefix="graphkit-bench-") as folder:
        store = Path(folder) / "bench.lbug"
        began = time.perf_counter()
        counts = load_demo(store, size, seed)
        print(f"demo network {counts} loaded in {time.perf_counter() - began:.1f} s")
        port = free_port()
        env = {**os.environ, "GRAPHKIT_STORE": str(store), "GRAPHKIT_ADMIN_TOKEN": ADMIN}
        with open(Path(folder) / "server.log", "wb") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "graphkit.api.server",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            url = f"http://127.0.0.1:{port}"
            try:
                for _ in range(600):
                    with contextlib.suppress(httpx.HTTPError):
                        if httpx.get(url + "/health", timeout=1).status_code == 200:
                            break
                    time.sleep(0.1)
                yield Server(url, process, counts, {"Authorization": f"Bearer {ADMIN}"})
            finally:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
