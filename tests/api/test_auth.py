"""Tokens and roles on every route family: missing, wrong and under-privileged tokens."""

from __future__ import annotations

import sqlite3

import pytest

from graphkit.tokens import create_token, tokens_path

# (method, path, least role, json body)
API_ROUTES = [
    ("GET", "/api/stakeholders", "viewer", None),
    ("GET", "/api/stakeholders/none", "viewer", None),
    ("POST", "/api/stakeholders", "editor", {}),
    ("PUT", "/api/stakeholders/none", "editor", {"name": "x"}),
    ("PATCH", "/api/stakeholders/none", "editor", {}),
    ("DELETE", "/api/stakeholders/none", "editor", None),
    ("GET", "/api/stakeholders/none/ego", "viewer", None),
    ("GET", "/api/groups", "viewer", None),
    ("GET", "/api/groups/none", "viewer", None),
    ("POST", "/api/groups", "editor", {}),
    ("PUT", "/api/groups/none", "editor", {"name": "x"}),
    ("PATCH", "/api/groups/none", "editor", {}),
    ("DELETE", "/api/groups/none", "editor", None),
    ("GET", "/api/touchpoints", "viewer", None),
    ("GET", "/api/touchpoints/none", "viewer", None),
    ("POST", "/api/touchpoints", "editor", {}),
    ("PUT", "/api/touchpoints/none", "editor", {"source": "a", "target": "b"}),
    ("PATCH", "/api/touchpoints/none", "editor", {}),
    ("DELETE", "/api/touchpoints/none", "editor", None),
    ("POST", "/api/import", "editor", {"stakeholders": []}),
    ("GET", "/api/export?format=json", "viewer", None),
    ("GET", "/api/analysis", "viewer", None),
    ("GET", "/api/analysis/centrality", "viewer", None),
    ("GET", "/api/analysis/reach", "viewer", None),
    ("GET", "/api/analysis/gaps", "viewer", None),
    ("GET", "/api/analysis/plan", "viewer", None),
    ("GET", "/api/analysis/communities", "viewer", None),
    ("POST", "/api/query", "viewer", {"cypher": "RETURN 1"}),
    ("GET", "/api/tokens", "admin", None),
    ("POST", "/api/tokens", "admin", {"role": "viewer", "name": "auth test"}),
    ("DELETE", "/api/tokens/none", "admin", None),
]
PAGES = [
    "/",
    "/map",
    "/map/data.json",
    "/map/groups",
    "/stakeholders/s00001",
    "/gaps",
    "/plan",
    "/plan.csv",
    "/plan.ics",
    "/grid",
    "/docs",
    "/redoc",
]
LOWER = {"editor": "viewer", "admin": "editor"}


def _call(api, method, path, body, headers):
    return api.client.request(method, path, json=body, headers=headers, follow_redirects=False)


@pytest.mark.parametrize(
    ("method", "path", "role", "body"), API_ROUTES, ids=[f"{m} {p}" for m, p, _, _ in API_ROUTES]
)
def test_api_routes_need_a_valid_token_with_the_role(demo_api, method, path, role, body):
    missing = _call(demo_api, method, path, body, {})
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"] == "unauthorized"
    wrong = _call(demo_api, method, path, body, {"Authorization": "Bearer gk_not-a-token"})
    assert wrong.status_code == 401
    not_bearer = _call(demo_api, method, path, body, {"Authorization": "Basic dXNlcjpwYXNz"})
    assert not_bearer.status_code == 401
    if role in LOWER:
        low = _call(demo_api, method, path, body, demo_api.as_(LOWER[role]))
        assert low.status_code == 403, low.text
        assert f"needs the {role} role" in low.json()["message"]
    ok = _call(demo_api, method, path, body, demo_api.as_(role))
    assert ok.status_code not in (401, 403), ok.text


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_strangers_to_login_and_refuse_wrong_tokens(demo_api, path):
    r = demo_api.client.get(path, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=")
    wrong = demo_api.client.get(
        path, headers={"Authorization": "Bearer nope"}, follow_redirects=False
    )
    assert wrong.status_code == 401
    assert demo_api.client.get(path, headers=demo_api.as_("viewer")).status_code == 200


def test_only_health_login_and_static_are_open(demo_api):
    c = demo_api.client
    assert c.get("/health").json()["status"] == "ok"
    assert c.get("/login").status_code == 200
    assert c.get("/static/app.css").status_code == 200
    assert c.get("/static/vendor/vis-network/vis-network.min.js").status_code == 200


def test_login_sets_a_session_cookie_that_pages_accept(demo_api):
    c = demo_api.client
    token = demo_api.as_("viewer")["Authorization"].split()[1]
    bad = c.post("/login", data={"token": "wrong", "next": "/gaps"}, follow_redirects=False)
    assert bad.status_code == 401 and "not valid" in bad.text
    r = c.post("/login", data={"token": token, "next": "/gaps"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/gaps"
    cookie = r.cookies.get("gk_session")
    assert cookie and token not in cookie
    assert "httponly" in r.headers["set-cookie"].lower()
    page = c.get("/gaps", cookies={"gk_session": cookie}, follow_redirects=False)
    assert page.status_code == 200
    # the cookie is for pages only: the API still wants a Bearer token
    api = c.get("/api/stakeholders", cookies={"gk_session": cookie})
    assert api.status_code == 401
    out = c.post("/logout", cookies={"gk_session": cookie}, follow_redirects=False)
    assert out.status_code == 303
    again = c.get("/gaps", cookies={"gk_session": cookie}, follow_redirects=False)
    assert again.status_code == 303
    c.cookies.clear()


def test_login_does_not_redirect_off_site(demo_api):
    token = demo_api.as_("viewer")["Authorization"].split()[1]
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil"):
        r = demo_api.client.post(
            "/login", data={"token": token, "next": target}, follow_redirects=False
        )
        assert r.headers["location"] == "/"
    demo_api.client.cookies.clear()


def test_admin_creates_lists_and_revokes_tokens(api):
    c, admin = api.client, api.as_("admin")
    made = c.post("/api/tokens", json={"role": "editor", "name": "ci"}, headers=admin)
    assert made.status_code == 201
    secret, tid = made.json()["token"], made.json()["id"]
    listed = c.get("/api/tokens", headers=admin).json()
    assert any(t["id"] == tid and t["role"] == "editor" for t in listed)
    assert all("token" not in t for t in listed)
    bearer = {"Authorization": f"Bearer {secret}"}
    assert (
        c.post("/api/stakeholders", json={"id": "a", "name": "A"}, headers=bearer).status_code
        == 201
    )
    assert c.delete(f"/api/tokens/{tid}", headers=admin).status_code == 204
    assert c.get("/api/stakeholders", headers=bearer).status_code == 401
    assert c.delete("/api/tokens/does-not-exist", headers=admin).status_code == 404
    assert c.post("/api/tokens", json={"role": "root"}, headers=admin).status_code == 422


def test_revoking_a_token_ends_its_sessions(api):
    c, admin = api.client, api.as_("admin")
    made = c.post("/api/tokens", json={"role": "viewer"}, headers=admin).json()
    r = c.post("/login", data={"token": made["token"], "next": "/grid"}, follow_redirects=False)
    cookie = r.cookies.get("gk_session")
    assert c.get("/grid", cookies={"gk_session": cookie}, follow_redirects=False).status_code == 200
    c.delete(f"/api/tokens/{made['id']}", headers=admin)
    assert c.get("/grid", cookies={"gk_session": cookie}, follow_redirects=False).status_code == 303
    c.cookies.clear()


def test_tokens_are_stored_hashed_and_cli_tokens_work(api):
    secret = create_token(api.settings, "viewer", "from the CLI")
    assert secret.startswith("gk_") and len(secret) > 40
    assert (
        api.client.get("/api/groups", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 200
    )
    path = tokens_path(api.settings)
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert secret.encode() not in raw
    with sqlite3.connect(path) as db:
        hashes = [h for (h,) in db.execute("SELECT hash FROM tokens")]
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    import hashlib

    assert hashlib.sha256(secret.encode()).hexdigest() in hashes
    with pytest.raises(ValueError):
        create_token(api.settings, "superuser")
