"""Operating the server safely: sessions, secrets, file modes, the compose file, the image."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

from api_testkit import ROOT, free_port, settings_for
from command_line import graphkit
from fastapi.testclient import TestClient

from graphkit.api.main import create_app
from graphkit.tokens import TokenStore


def _login(client: TestClient, token: str) -> str:
    r = client.post("/login", data={"token": token, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303
    return r.cookies["gk_session"]


def test_an_admin_session_ends_when_the_environment_token_is_rotated(tmp_path):
    store = tmp_path / "net.lbug"
    with TestClient(create_app(settings_for(store, admin_token="first-token-" + "x" * 20))) as c:
        cookie = _login(c, "first-token-" + "x" * 20)
        c.cookies.clear()
        assert (
            c.get("/grid", cookies={"gk_session": cookie}, follow_redirects=False).status_code
            == 200
        )
    # the operator rotates GRAPHKIT_ADMIN_TOKEN and restarts
    with TestClient(create_app(settings_for(store, admin_token="second-token-" + "y" * 20))) as c:
        page = c.get("/grid", cookies={"gk_session": cookie}, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        fresh = _login(c, "second-token-" + "y" * 20)
        c.cookies.clear()
        assert (
            c.get("/grid", cookies={"gk_session": fresh}, follow_redirects=False).status_code == 200
        )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_and_token_files_are_the_owners_only(tmp_path):
    store = tmp_path / "demo.lbug"
    env = {"GRAPHKIT_TOKENS_PATH": str(tmp_path / "tokens.sqlite")}
    graphkit(store, "demo", "--size", "40", env=env)
    graphkit(store, "token", "create", "--role", "viewer", env=env)
    made = [p for p in tmp_path.iterdir() if p.is_file()]
    assert store in made and tmp_path / "tokens.sqlite" in made
    for path in made:
        assert _mode(path) & 0o077 == 0, f"{path.name} is {oct(_mode(path))}"
    # a library caller (no CLI umask) still gets private store and token files
    TokenStore(tmp_path / "lib.tokens.sqlite").close()
    assert _mode(tmp_path / "lib.tokens.sqlite") & 0o077 == 0
    from graphkit.store import open_store

    open_store(str(tmp_path / "lib.lbug")).close()
    assert _mode(tmp_path / "lib.lbug") & 0o077 == 0


def test_demo_serve_never_prints_a_token_the_operator_set(tmp_path):
    secret = "operator-secret-" + "z" * 24
    port = free_port()
    env = {**os.environ, "GRAPHKIT_ADMIN_TOKEN": secret, "COLUMNS": "200"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graphkit.cli",
            "--store",
            str(tmp_path / "d.lbug"),
            "demo",
            "--size",
            "40",
            "--serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    try:
        seen = ""
        deadline = time.monotonic() + 120
        while "sign in" not in seen and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            seen += line
        assert "sign in" in seen, seen
        assert secret not in seen
        assert "GRAPHKIT_ADMIN_TOKEN" in seen
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_compose_publishes_on_loopback_with_no_default_password():
    text = (ROOT / "docker-compose.yml").read_text()
    ports = re.findall(r'^\s*-\s*"([^"]+)"', text, re.M)
    assert ports and all(p.startswith("127.0.0.1:") for p in ports), ports
    assert "graphkit-dev-password" not in text
    for name in ("NEO4J_PASSWORD", "GRAPHKIT_ADMIN_TOKEN"):
        for use in re.findall(r"\$\{" + name + r"([^}]*)\}", text):
            assert use.startswith(":?"), f"{name} must be required, not defaulted: {use}"


def test_the_image_installs_a_wheel_not_the_source_tree():
    text = (ROOT / "Dockerfile").read_text()
    assert "pip install -e" not in text
    assert re.search(r"pip wheel .*--no-deps", text)
    assert re.search(r"pip install /wheels/\*\.whl", text)
