"""Bulk import (all or nothing, idempotent), export, and read-only Cypher."""

from __future__ import annotations

import io
import json
import zipfile

DOC = {
    "groups": [{"id": "delivery", "name": "Delivery Teams"}],
    "stakeholders": [
        {"id": "p1", "name": "Pam PMO", "is_pmo": True, "group": "delivery"},
        {"id": "d1", "name": "Dev One", "group": "delivery", "influence": 3},
        {"id": "d2", "name": "Dev Two", "group": "delivery"},
    ],
    "touchpoints": [
        {"source": "p1", "target": "d1", "vehicle": "meeting", "cadence_days": 7},
        {"source": "d1", "target": "d2", "vehicle": "chat", "cadence_days": 1},
    ],
}


def counts(api):
    return api.client.get("/api/stakeholders", headers=api.as_("viewer")).json()["total"]


def test_import_json_document_then_again_changes_nothing(api):
    ed = api.as_("editor")
    r = api.client.post("/api/import", json=DOC, headers=ed)
    assert r.status_code == 200, r.text
    assert r.json()["summary"]["created"] == {
        "groups": 1,
        "stakeholders": 3,
        "touchpoints": 2,
        "contacts": 0,
    }
    assert r.json()["counts"] == {"groups": 1, "stakeholders": 3, "touchpoints": 2, "contacts": 0}
    version = api.service.version
    again = api.client.post("/api/import", json=DOC, headers=ed).json()
    assert again["summary"]["unchanged"] == {
        "groups": 1,
        "stakeholders": 3,
        "touchpoints": 2,
        "contacts": 0,
    }
    assert sum(again["summary"]["created"].values()) == 0
    assert api.service.version == version


def test_bad_document_names_file_row_field_and_changes_nothing(api):
    ed = api.as_("editor")
    api.client.post("/api/import", json=DOC, headers=ed)
    bad = json.loads(json.dumps(DOC))
    bad["stakeholders"].append({"id": "x9", "name": "X", "influence": 11})
    bad["stakeholders"][0]["name"] = "Renamed"
    r = api.client.post("/api/import", json=bad, headers=ed)
    assert r.status_code == 422
    problem = r.json()["problems"][0]
    assert problem["field"] == "influence" and problem["row"] is not None
    assert "document.json" in problem["file"]
    assert counts(api) == 3
    assert api.client.get("/api/stakeholders/p1", headers=ed).json()["name"] == "Pam PMO"


def test_import_csv_upload_all_or_nothing(api):
    ed = api.as_("editor")
    people = b"id,name,group,influence\na1,Ann,,3\na2,Ben,,2\n"
    ties = b"source,target,vehicle,cadence_days\na1,a2,email,14\na1,ghost,email,7\n"
    r = api.client.post(
        "/api/import",
        headers=ed,
        files=[
            ("files", ("stakeholders.csv", people, "text/csv")),
            ("files", ("touchpoints.csv", ties, "text/csv")),
        ],
    )
    assert r.status_code == 422
    problem = r.json()["problems"][0]
    assert problem["file"].startswith("touchpoints.csv") and problem["row"] == 3
    assert "ghost" in problem["message"]
    assert counts(api) == 0  # the good stakeholders were not written either
    ok = api.client.post(
        "/api/import",
        headers=ed,
        files=[
            ("files", ("stakeholders.csv", people, "text/csv")),
            ("files", ("touchpoints.csv", ties.replace(b"ghost,email", b"a2,chat"), "text/csv")),
        ],
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["counts"]["touchpoints"] == 2


def test_import_refuses_garbage(api):
    ed = api.as_("editor")
    r = api.client.post(
        "/api/import", content=b"{not json", headers={**ed, "content-type": "application/json"}
    )
    assert r.status_code == 422 and r.json()["problems"]
    r = api.client.post("/api/import", content=b"x", headers={**ed, "content-type": "text/plain"})
    assert r.status_code == 415
    r = api.client.post(
        "/api/import", headers=ed, files=[("files", ("notes.txt", b"hello", "text/plain"))]
    )
    assert r.status_code == 422


def test_export_formats(api):
    api.client.post("/api/import", json=DOC, headers=api.as_("editor"))
    v = api.as_("viewer")
    doc = api.client.get("/api/export?format=json", headers=v)
    assert doc.status_code == 200
    assert {s["id"] for s in doc.json()["stakeholders"]} == {"p1", "d1", "d2"}
    assert "attachment" in doc.headers["content-disposition"]
    zipped = api.client.get("/api/export?format=csv", headers=v)
    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert {"stakeholders.csv", "touchpoints.csv", "groups.csv"} <= set(names)
    for fmt, marker in (("graphml", b"<graphml"), ("gexf", b"<gexf")):
        r = api.client.get(f"/api/export?format={fmt}", headers=v)
        assert r.status_code == 200 and marker in r.content
    assert api.client.get("/api/export?format=pdf", headers=v).status_code == 422
    # round trip: the export imports back as "unchanged"
    back = api.client.post(
        "/api/import",
        content=doc.content,
        headers={**api.as_("editor"), "content-type": "application/json"},
    ).json()
    assert sum(back["summary"]["created"].values()) == 0


def test_query_reads_with_params_and_a_row_limit(api):
    api.client.post("/api/import", json=DOC, headers=api.as_("editor"))
    v = api.as_("viewer")
    r = api.client.post(
        "/api/query",
        headers=v,
        json={
            "cypher": "MATCH (s:Stakeholder) WHERE s.id = $id RETURN s.name AS name",
            "params": {"id": "d1"},
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["columns"] == ["name"] and r.json()["rows"] == [["Dev One"]]
    r = api.client.post(
        "/api/query",
        headers=v,
        json={"cypher": "MATCH (s:Stakeholder) RETURN s.id ORDER BY s.id", "limit": 2},
    )
    assert r.json()["rows"] == [["d1"], ["d2"]] and r.json()["truncated"] is True


def test_query_refuses_writes_and_changes_nothing(api):
    api.client.post("/api/import", json=DOC, headers=api.as_("editor"))
    for cypher in (
        "MATCH (s:Stakeholder) DETACH DELETE s",
        "CREATE (:Stakeholder {id: 'evil', name: 'E'})",
        "MATCH (s:Stakeholder) SET s.name = 'x' RETURN s",
        "RETURN 1; MATCH (s) DELETE s",
    ):
        r = api.client.post("/api/query", json={"cypher": cypher}, headers=api.as_("admin"))
        assert r.status_code == 403, (cypher, r.text)
        assert r.json()["error"] == "read_only"
    assert counts(api) == 3
    bad = api.client.post(
        "/api/query", json={"cypher": "MATCH (s RETURN"}, headers=api.as_("viewer")
    )
    assert bad.status_code == 400 and bad.json()["message"]
