"""CRUD for groups, stakeholders and touchpoints over a real Ladybug store."""

from __future__ import annotations

import pytest

GROUP = {
    "id": "leaders",
    "name": "Senior Leadership",
    "desired_cadence_days": 14,
    "desired_connection": "strategic",
    "desired_links": [],
}


def seed(api) -> dict[str, str]:
    ed = api.as_("editor")
    assert api.client.post("/api/groups", json=GROUP, headers=ed).status_code == 201
    for sid, name, pmo in (
        ("pmo1", "Pat PMO", True),
        ("ann", "Ann Lee", False),
        ("bob", "Bob Ray", False),
    ):
        r = api.client.post(
            "/api/stakeholders",
            headers=ed,
            json={
                "id": sid,
                "name": name,
                "group": "leaders",
                "is_pmo": pmo,
                "influence": 4,
                "interest": 2,
                "stance": "champion" if sid == "ann" else "neutral",
            },
        )
        assert r.status_code == 201, r.text
    return ed


def test_create_get_list_stakeholder(api):
    ed = seed(api)
    r = api.client.get("/api/stakeholders/ann", headers=api.as_("viewer"))
    assert r.status_code == 200
    assert r.json()["name"] == "Ann Lee" and r.json()["group"] == "leaders"
    page = api.client.get("/api/stakeholders", headers=ed).json()
    assert page["total"] == 3 and [i["id"] for i in page["items"]] == ["ann", "bob", "pmo1"]


def test_create_answers_201_with_location_and_refuses_duplicates(api):
    r = api.client.post(
        "/api/stakeholders", json={"id": "x1", "name": "X"}, headers=api.as_("editor")
    )
    assert r.status_code == 201
    assert r.headers["location"] == "/api/stakeholders/x1"
    again = api.client.post(
        "/api/stakeholders", json={"id": "x1", "name": "Y"}, headers=api.as_("editor")
    )
    assert again.status_code == 409
    assert "exists already" in again.json()["message"]
    assert api.client.get("/api/stakeholders/x1", headers=api.as_("viewer")).json()["name"] == "X"


def test_list_filters_and_paging(api):
    seed(api)
    v = api.as_("viewer")
    assert [
        i["id"] for i in api.client.get("/api/stakeholders?is_pmo=true", headers=v).json()["items"]
    ] == ["pmo1"]
    assert api.client.get("/api/stakeholders?stance=champion", headers=v).json()["total"] == 1
    assert api.client.get("/api/stakeholders?q=RAY", headers=v).json()["items"][0]["id"] == "bob"
    assert api.client.get("/api/stakeholders?group=nobody", headers=v).json()["total"] == 0
    page = api.client.get("/api/stakeholders?limit=2&offset=1", headers=v).json()
    assert page["total"] == 3 and len(page["items"]) == 2 and page["items"][0]["id"] == "bob"
    bad = api.client.get("/api/stakeholders?limit=0", headers=v)
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "query.limit"


def test_patch_put_and_validation(api):
    ed = seed(api)
    r = api.client.patch("/api/stakeholders/bob", json={"influence": 5, "role": "CFO"}, headers=ed)
    assert r.status_code == 200 and r.json()["influence"] == 5 and r.json()["name"] == "Bob Ray"
    bad = api.client.patch("/api/stakeholders/bob", json={"influence": 9}, headers=ed)
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["field"] == "influence"
    r = api.client.put("/api/stakeholders/bob", json={"name": "Robert Ray"}, headers=ed)
    assert r.status_code == 200
    assert r.json()["name"] == "Robert Ray" and r.json()["influence"] is None  # replaced
    moved = api.client.put("/api/stakeholders/bob", json={"id": "rob", "name": "R"}, headers=ed)
    assert moved.status_code == 422 and "ids cannot change" in moved.json()["message"]
    assert r.json()["group"] is None
    unknown_group = api.client.patch("/api/stakeholders/bob", json={"group": "nope"}, headers=ed)
    assert unknown_group.status_code == 422
    assert unknown_group.json()["problems"][0]["field"] == "group"
    assert api.client.get("/api/stakeholders/bob", headers=ed).json()["group"] is None
    assert (
        api.client.patch("/api/stakeholders/ghost", json={"name": "G"}, headers=ed).status_code
        == 404
    )


def test_touchpoints_crud_and_delete_cascade(api):
    ed = seed(api)
    r = api.client.post(
        "/api/touchpoints",
        headers=ed,
        json={
            "source": "pmo1",
            "target": "ann",
            "vehicle": "one_to_one",
            "cadence_days": 14,
            "last_contact": "2024-01-02",
        },
    )
    assert r.status_code == 201, r.text
    tid = r.json()["id"]
    assert tid == "pmo1|ann|one_to_one"
    assert (
        api.client.get(f"/api/touchpoints/{tid}", headers=ed).json()["last_contact"] == "2024-01-02"
    )
    assert api.client.get("/api/touchpoints?stakeholder=ann", headers=ed).json()["total"] == 1
    assert api.client.get("/api/touchpoints?vehicle=email", headers=ed).json()["total"] == 0
    r = api.client.patch(f"/api/touchpoints/{tid}", json={"strength": 0.5}, headers=ed)
    assert r.status_code == 200 and r.json()["strength"] == 0.5
    r = api.client.put(
        f"/api/touchpoints/{tid}",
        headers=ed,
        json={"source": "pmo1", "target": "ann", "vehicle": "one_to_one"},
    )
    assert r.status_code == 200 and r.json()["cadence_days"] == 30 and r.json()["id"] == tid
    dangling = api.client.post(
        "/api/touchpoints", headers=ed, json={"source": "pmo1", "target": "nobody"}
    )
    assert dangling.status_code == 422
    assert "nobody" in dangling.text
    self_loop = api.client.post(
        "/api/touchpoints", headers=ed, json={"source": "ann", "target": "ann"}
    )
    assert self_loop.status_code == 422
    # deleting a stakeholder removes their touchpoints too
    assert api.client.delete("/api/stakeholders/ann", headers=ed).status_code == 204
    assert api.client.get(f"/api/touchpoints/{tid}", headers=ed).status_code == 404
    assert api.client.delete("/api/stakeholders/ann", headers=ed).status_code == 404


def test_groups_crud_and_group_with_members_is_kept(api):
    ed = seed(api)
    r = api.client.delete("/api/groups/leaders", headers=ed)
    assert r.status_code == 422 and "member" in r.json()["problems"][0]["message"]
    assert api.client.get("/api/groups/leaders", headers=ed).status_code == 200
    assert (
        api.client.post(
            "/api/groups", json={"id": "empty", "name": "Empty"}, headers=ed
        ).status_code
        == 201
    )
    r = api.client.patch("/api/groups/leaders", json={"desired_links": ["empty"]}, headers=ed)
    assert r.status_code == 200 and r.json()["desired_links"] == ["empty"]
    assert (
        api.client.patch("/api/groups/leaders", json={"desired_links": []}, headers=ed).status_code
        == 200
    )
    assert api.client.delete("/api/groups/empty", headers=ed).status_code == 204
    assert api.client.get("/api/groups", headers=ed).json()["total"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"name": "no id"},
        {"id": "x", "name": "X", "extra": 1},
        {"id": "x", "name": "X", "stance": "angry"},
        [],
        "text",
    ],
)
def test_bad_bodies_are_422_json(api, body):
    r = api.client.post("/api/stakeholders", json=body, headers=api.as_("editor"))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"] == "invalid" and r.json()["problems"]


def test_writes_show_in_cached_reads_at_once(api):
    ed = seed(api)
    before = api.service.version
    assert api.client.get("/api/stakeholders", headers=ed).json()["total"] == 3
    api.client.post("/api/stakeholders", json={"id": "new", "name": "New"}, headers=ed)
    assert api.service.version == before + 1
    assert api.client.get("/api/stakeholders", headers=ed).json()["total"] == 4
    # an unchanged write (same values) does not move the version
    api.client.put("/api/stakeholders/new", json={"name": "New"}, headers=ed)
    assert api.service.version == before + 1
