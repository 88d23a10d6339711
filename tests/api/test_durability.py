"""Acknowledged writes survive ``kill -9`` of a real server process."""

from __future__ import annotations

import httpx
from api_testkit import ADMIN, Server, free_port

HEADERS = {"Authorization": f"Bearer {ADMIN}"}


def test_acknowledged_writes_survive_kill_9(tmp_path):
    store = tmp_path / "durable.lbug"
    server = Server(store, free_port()).start()
    try:
        with httpx.Client(base_url=server.url, headers=HEADERS, timeout=30) as c:
            assert c.post("/api/groups", json={"id": "g", "name": "G"}).status_code == 201
            r = c.post("/api/stakeholders", json={"id": "kept", "name": "Kept Safe", "group": "g"})
            assert r.status_code == 201
            r = c.post("/api/stakeholders", json={"id": "other", "name": "Other"})
            assert r.status_code == 201
            r = c.post("/api/touchpoints", json={"source": "kept", "target": "other"})
            assert r.status_code == 201
            r = c.patch("/api/stakeholders/other", json={"influence": 5})
            assert r.status_code == 200
            made = c.post("/api/tokens", json={"role": "viewer", "name": "durable"})
            assert made.status_code == 201
        server.kill9()  # no shutdown, no checkpoint: SIGKILL right after the acknowledgements
    finally:
        server.stop()

    again = Server(store, free_port()).start()
    try:
        with httpx.Client(base_url=again.url, headers=HEADERS, timeout=30) as c:
            kept = c.get("/api/stakeholders/kept")
            assert kept.status_code == 200 and kept.json()["name"] == "Kept Safe"
            assert c.get("/api/stakeholders/other").json()["influence"] == 5
            assert c.get("/api/touchpoints/kept|other|meeting").status_code == 200
            token = made.json()["token"]
            assert (
                c.get("/api/groups", headers={"Authorization": f"Bearer {token}"}).status_code
                == 200
            )
    finally:
        again.stop()
