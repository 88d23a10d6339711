"""Incremental analysis in the server: a change that leaves the ties alone reuses the
heavy parts; a structural change is computed in the background while the previous parts
are served, marked as such; heavy parts are kept on disk across a restart."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from api_testkit import load_demo, settings_for
from fastapi.testclient import TestClient

from graphkit.analysis.report import Analysis
from graphkit.analysis.shelf import ResultShelf
from graphkit.api.main import create_app
from graphkit.api.service import NetworkService
from graphkit.store import open_store

HEAVY = ("centrality", "reach", "communities", "roles")


@contextmanager
def _served(tmp_path: Path) -> Iterator[tuple[TestClient, NetworkService, dict[str, str]]]:
    """The 80-stakeholder demo in ``tmp_path/net.lbug`` and the app over it: its client,
    its service and an admin's headers."""
    store = tmp_path / "net.lbug"
    load_demo(store, size=80)
    settings = settings_for(store)
    with TestClient(create_app(settings)) as client:
        admin = {"Authorization": f"Bearer {settings.admin_token}"}
        yield client, client.app.state.service, admin


def _wait_current(service, name: str, budget: float = 120.0) -> None:
    """Wait (not time) for the background computation to catch up."""
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        served, current = service.part_version(name)
        if served == current:
            return
        service.part(name)
        time.sleep(0.05)
    raise AssertionError(f"{name} never caught up with the data version")


def test_a_contact_or_a_stance_reuses_the_heavy_parts(tmp_path):
    with _served(tmp_path) as (client, service, ed):
        before = {name: service.part_now(name) for name in HEAVY}
        tie = next(iter(service.register("touchpoints")))
        logged = client.post(
            f"/api/touchpoints/{quote(tie, safe='')}/contacts",
            headers=ed,
            json={"date": dt.date.today().isoformat(), "note": "met"},
        )
        assert logged.status_code == 201
        person = next(p for p in service.items("stakeholders") if not p["is_pmo"])
        assert (
            client.patch(
                f"/api/stakeholders/{quote(person['id'], safe='')}",
                headers=ed,
                json={"stance": "champion"},
            ).status_code
            == 200
        )
        analysis = service.analysis()
        for name in HEAVY:  # at hand without computing: the ties are the same
            assert analysis.ready(name), name
            assert service.part(name) == before[name], name
            assert service.part_version(name) == (service.version, service.version)


def test_a_structural_change_serves_the_last_parts_marked_until_the_new_ones_land(tmp_path):
    with _served(tmp_path) as (client, service, ed):
        old = service.part_now("centrality")
        for name in HEAVY:  # as the server's warm-up leaves them
            service.part_now(name)
        old_version = service.version
        # hold the one background worker (at 80 people it would finish before we look)
        gate = threading.Event()
        service._background.submit(gate.wait)
        people = [p["id"] for p in service.items("stakeholders")]
        made = client.post(
            "/api/touchpoints",
            headers=ed,
            json={
                "source": people[0],
                "target": people[-1],
                "vehicle": "one_to_one",
                "cadence_days": 1,
            },
        )
        assert made.status_code == 201
        assert not service.analysis().ready("centrality")
        # answered at once from the earlier version, and said so
        served = client.get("/api/analysis/centrality", headers=ed)
        assert served.status_code == 200
        assert served.json() == old
        assert served.headers["X-Data-Version"] == str(old_version)
        assert served.headers["X-Data-Version-Current"] == str(service.version)
        # pages say the brokers they show are from before the change
        page = client.get("/", headers=ed).text
        assert 'id="recomputing"' in page and "brokers and connectors" in page
        report = client.get("/api/analysis", headers=ed).json()
        assert set(HEAVY) <= set(report["stale_parts"])
        assert report["data_version"] == service.version
        # and the new version's lands from the background
        gate.set()
        _wait_current(service, "centrality")
        for name in HEAVY:
            _wait_current(service, name)
        assert 'id="recomputing"' not in client.get("/", headers=ed).text
        fresh = client.get("/api/analysis/centrality", headers=ed)
        assert fresh.headers["X-Data-Version"] == str(service.version)
        assert "X-Data-Version-Current" not in fresh.headers
        assert fresh.json() != old  # the new tie moves someone's centrality


def test_heavy_parts_are_kept_on_disk_across_a_restart(tmp_path):
    store = tmp_path / "net.lbug"
    with _served(tmp_path) as (_, service, _):
        first = service.part_now("centrality")
        for name in HEAVY:
            service.part_now(name)
    results = tmp_path / "net.lbug.results"
    assert results.is_dir() and oct(results.stat().st_mode)[-3:] == "700"
    # a new process would open the same folder: a new shelf on it finds every heavy part
    with open_store(str(store)) as opened:
        analysis = Analysis(opened.snapshot(), shelf=ResultShelf(results))
    assert all(analysis.ready(name) for name in HEAVY)
    assert analysis.part("centrality") == first
    # a torn file is recomputed, not trusted
    for file in results.glob("c-*.npz"):
        file.write_bytes(b"not an array")
    with open_store(str(store)) as opened:
        again = Analysis(opened.snapshot(), shelf=ResultShelf(results))
        recomputed = again.part("centrality")
    # recomputed, so equal up to the last bits of floating point (threads sum in any order)
    assert [r["id"] for r in recomputed] == [r["id"] for r in first]
    for new, old in zip(recomputed, first):
        for measure in ("degree", "betweenness", "closeness", "pagerank", "eigenvector"):
            assert new[measure] == pytest.approx(old[measure], rel=1e-9, abs=1e-12)
