"""Hostile or mistaken input is bounded and refused clearly, and changes nothing."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import openpyxl
from api_testkit import settings_for
from fastapi.testclient import TestClient

from graphkit.api.main import create_app
from graphkit.tokens import TokenStore, tokens_path

DOC = {
    "groups": [{"id": "delivery", "name": "Delivery Teams"}],
    "stakeholders": [
        {"id": "p1", "name": "Pam", "is_pmo": True, "group": "delivery"},
        {"id": "d1", "name": "Dev", "group": "delivery"},
    ],
    "touchpoints": [{"source": "p1", "target": "d1"}],
}


def _client(tmp_path: Path, **limits) -> tuple[TestClient, dict[str, str]]:
    settings = settings_for(tmp_path / "net.lbug", **limits)
    tokens = TokenStore(tokens_path(settings))
    secret = tokens.create("editor", "test")[1]
    tokens.close()
    return TestClient(create_app(settings)), {"Authorization": f"Bearer {secret}"}


def _counts(client, headers) -> dict:
    return {
        kind: client.get(f"/api/{kind}", headers=headers).json()["total"]
        for kind in ("groups", "stakeholders", "touchpoints")
    }


def test_a_huge_name_is_refused_before_it_is_read(tmp_path):
    client, ed = _client(tmp_path)
    with client:
        huge = client.post(
            "/api/stakeholders", json={"id": "x", "name": "n" * 10_000_000}, headers=ed
        )
        assert huge.status_code == 413
        assert huge.json()["error"] == "too_large"
        long = client.post("/api/stakeholders", json={"id": "x", "name": "n" * 201}, headers=ed)
        assert long.status_code == 422
        assert long.json()["problems"][0]["field"] == "name"
        assert _counts(client, ed)["stakeholders"] == 0


def test_ids_and_names_take_no_control_characters(tmp_path):
    client, ed = _client(tmp_path)
    with client:
        for body, field in (
            ({"id": "a\x00b", "name": "A"}, "id"),
            ({"id": "a", "name": "A\nB"}, "name"),
            ({"id": "a", "name": "A", "role": "x" * 501}, "role"),
            ({"id": "a", "name": "A", "attributes": {"k": "v" * 2001}}, "attributes"),
        ):
            r = client.post("/api/stakeholders", json=body, headers=ed)
            assert r.status_code == 422, body
            assert r.json()["problems"][0]["field"] == field
        assert _counts(client, ed)["stakeholders"] == 0


def test_a_chunked_body_over_the_cap_is_stopped_midway(tmp_path):
    client, ed = _client(tmp_path, request_max_bytes=4096)
    with client:

        def chunks():
            for _ in range(100):
                yield b" " * 1024

        r = client.post(
            "/api/stakeholders",
            content=chunks(),
            headers={**ed, "content-type": "application/json"},
        )
        assert r.status_code == 413


def test_an_import_over_its_cap_is_refused_and_changes_nothing(tmp_path):
    client, ed = _client(tmp_path, import_max_bytes=10_000)
    with client:
        body = {
            **DOC,
            "stakeholders": DOC["stakeholders"] * 1
            + [{"id": f"s{i}", "name": "x" * 100} for i in range(200)],
        }
        r = client.post("/api/import", json=body, headers=ed)
        assert r.status_code == 413
        assert _counts(client, ed) == {"groups": 0, "stakeholders": 0, "touchpoints": 0}


def _zip_bomb_workbook(rows: int) -> bytes:
    """A small XLSX whose stakeholders sheet unpacks to ``rows`` rows."""
    book = openpyxl.Workbook()
    book.active.title = "stakeholders"
    book.active.append(["id", "name"])
    book.active.append(["seed", "Seed"])
    buffer = io.BytesIO()
    book.save(buffer)
    original = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                body = "".join(
                    f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>s{i}</t></is>'
                    f'</c><c r="B{i}" t="inlineStr"><is><t>x</t></is></c></row>'
                    for i in range(2, rows + 2)
                )
                text = text.replace(
                    '<dimension ref="A1:B2" />', f'<dimension ref="A1:B{rows + 1}"/>'
                )
                head, _, tail = text.partition("<sheetData>")
                _, _, after = tail.partition("</sheetData>")
                data = (
                    f'{head}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id'
                    f'</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c>'
                    f"</row>{body}</sheetData>{after}".encode()
                )
            bomb.writestr(info, data)
    return out.getvalue()


def test_an_xlsx_that_inflates_past_its_caps_is_refused_clearly(tmp_path):
    workbook = _zip_bomb_workbook(20_000)
    assert len(workbook) < 400_000  # small on the wire, ~2 MB unpacked
    # rows: refused at the cap, without reading the rest
    client, ed = _client(tmp_path / "rows", import_max_rows=5_000)
    with client:
        r = client.post("/api/import", files={"files": ("register.xlsx", workbook)}, headers=ed)
        assert r.status_code == 422
        assert "more than 5,000 rows" in r.json()["message"] + str(r.json()["problems"])
        assert len(r.content) < 10_000
        assert _counts(client, ed)["stakeholders"] == 0
    # unpacked size: refused from the zip's directory, before a row is parsed
    client, ed = _client(tmp_path / "inflated", import_max_inflated_bytes=1_000_000)
    with client:
        r = client.post("/api/import", files={"files": ("register.xlsx", workbook)}, headers=ed)
        assert r.status_code == 422
        assert "unpacks to" in r.json()["problems"][0]["message"]


def test_a_refusal_lists_a_capped_number_of_problems_and_counts_them_all(tmp_path):
    client, ed = _client(tmp_path, problems_listed=20)
    with client:
        rows = "id,name,influence\n" + "".join(f"s{i},S,{9}\n" for i in range(3000))
        r = client.post(
            "/api/import", files={"files": ("stakeholders.csv", rows.encode())}, headers=ed
        )
        assert r.status_code == 422
        body = r.json()
        assert len(body["problems"]) == 20
        assert body["total_problems"] == 3000
        assert body["problems"][0] == {
            "file": "stakeholders.csv",
            "row": 2,
            "field": "influence",
            "message": body["problems"][0]["message"],
        }
        assert len(r.content) < 20_000


def test_touchpoint_ids_cannot_collide_through_the_api(tmp_path):
    client, ed = _client(tmp_path)
    with client:
        for sid in ("a|b", "c", "a", "b|c"):
            assert (
                client.post(
                    "/api/stakeholders", json={"id": sid, "name": sid}, headers=ed
                ).status_code
                == 201
            )
        one = client.post("/api/touchpoints", json={"source": "a|b", "target": "c"}, headers=ed)
        two = client.post("/api/touchpoints", json={"source": "a", "target": "b|c"}, headers=ed)
        assert one.status_code == two.status_code == 201
        assert one.json()["id"] != two.json()["id"]
        ties = client.get("/api/touchpoints", headers=ed).json()["items"]
        assert {(t["source"], t["target"]) for t in ties} == {("a|b", "c"), ("a", "b|c")}


def test_an_import_is_parsed_without_holding_up_writes(tmp_path):
    """While a large upload is being parsed and validated, an editor's change goes
    through (before, the parse held the store lock and writes waited behind it)."""
    client, ed = _client(tmp_path)
    with client:
        assert client.post("/api/import", json=DOC, headers=ed).status_code == 200
        rows = "id,name,role\n" + "".join(f"s{i},Someone {i},Role {i}\n" for i in range(150_000))
        finished: list[str] = []

        def upload() -> None:
            r = client.post(
                "/api/import", files={"files": ("stakeholders.csv", rows.encode())}, headers=ed
            )
            finished.append(f"import {r.status_code}")

        worker = threading.Thread(target=upload)
        worker.start()
        while not finished and client.app.state.service.version == 1 and worker.is_alive():
            r = client.patch("/api/stakeholders/d1", json={"role": "Lead"}, headers=ed)
            assert r.status_code == 200
            finished.append("patch")
        worker.join()
        assert finished[0] == "patch", finished
        assert finished[-1] == "import 200"
