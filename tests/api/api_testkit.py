"""Helpers shared by the API tests and the load bench: settings, the demo network, and a
real uvicorn server in a subprocess."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run from anywhere, without installing the project
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from graphkit.settings import Settings  # noqa: E402
from graphkit.store import NetworkChange, open_store  # noqa: E402

ARTIFACTS = ROOT / "test-artifacts"
ADMIN = "test-admin-0123456789abcdefghijklmnopqrstuvwxyz"
CHROMIUM = os.environ.get("GRAPHKIT_CHROMIUM", "/usr/bin/chromium")
"""Debian's Chromium, driven by Playwright (``executable_path``)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_SIZE = 120
DEMO_SEED = 7
TODAY = dt.date.today()
LONG_AGO = (TODAY - dt.timedelta(days=120)).isoformat()
#: the PMO's one-to-one with Olu, four months without a contact: a stale tie
STALE_TIE = "pam|olu|one_to_one"


def practice_network() -> dict:
    """A small week of practice: Pam (PMO) has a stale one-to-one with Olu (Operations),
    who chats every week with Ola. A fresh document each call: tests may add to it."""
    return {
        "groups": [{"id": "ops", "name": "Operations", "desired_cadence_days": 14}],
        "stakeholders": [
            {"id": "pam", "name": "Pam PMO", "is_pmo": True},
            {"id": "olu", "name": "Olu Ops", "group": "ops", "influence": 4},
            {"id": "ola", "name": "Ola Ops", "group": "ops", "influence": 2},
        ],
        "touchpoints": [
            {
                "source": "pam",
                "target": "olu",
                "vehicle": "one_to_one",
                "cadence_days": 14,
                "last_contact": LONG_AGO,
            },
            {
                "source": "olu",
                "target": "ola",
                "vehicle": "chat",
                "cadence_days": 7,
                "last_contact": TODAY.isoformat(),
            },
        ],
    }


def settings_for(store: Path | str, **extra) -> Settings:
    # no warm-up by default: each test's app computes only what the test asks for
    return Settings(**{"store": str(store), "admin_token": ADMIN, "warm_analysis": False, **extra})


def load_demo(
    store_path: Path | str,
    size: int = DEMO_SIZE,
    seed: int = DEMO_SEED,
    as_of: dt.date | None = None,
) -> None:
    """Fill a store with the demo network (the store is closed again afterwards); its dates
    count back from ``as_of`` (the demo's fixed day unless given)."""
    from graphkit import demo

    settings = settings_for(store_path)
    with open_store(str(store_path), settings) as store:
        store.apply(NetworkChange(**demo.generate_tables(size, seed, as_of=as_of)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    store: Path
    port: int
    process: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> Server:
        env = {
            **os.environ,
            "GRAPHKIT_STORE": str(self.store),
            "GRAPHKIT_ADMIN_TOKEN": ADMIN,
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        }
        self.log = self.store.with_suffix(".server.log")
        out = open(self.log, "ab")  # noqa: SIM115 (kept open for the child's lifetime)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "graphkit.api.server",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                if httpx.get(self.url + "/health", timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start in {timeout}s: {self.log.read_text()[-3000:]}")

    def kill9(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@contextmanager
def serving(store: Path) -> Iterator[Server]:
    """A real server over ``store`` on a free port while the block runs, stopped after."""
    server = Server(store, free_port()).start()
    try:
        yield server
    finally:
        server.stop()
