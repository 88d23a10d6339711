"""The API described as it behaves: operation ids from route names, the error body in the
OpenAPI document equal to the one sent, 401 JSON for API clients without a token (pages keep
the redirect), and Swagger UI / ReDoc drawing every operation offline in Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from api_testkit import ADMIN

from graphkit.api.schemas import ErrorOut

CHROMIUM = os.environ.get("GRAPHKIT_CHROMIUM", "/usr/bin/chromium")
DEFAULT_ID = re.compile(r"_(api|health)_.*_(get|post|put|patch|delete)$")


def _operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, op) for path, item in spec["paths"].items() for method, op in item.items()
    ]


def test_operation_ids_are_route_names_unique_and_not_fastapis_defaults(demo_api):
    spec = demo_api.client.get("/openapi.json", headers=demo_api.as_("viewer")).json()
    ids = [op["operationId"] for _, _, op in _operations(spec)]
    assert len(ids) == len(set(ids))
    assert not [i for i in ids if DEFAULT_ID.search(i) or "__" in i]
    assert {"list_groups", "create_stakeholder", "log_contact", "query", "list_plan"} <= set(ids)


def test_the_error_body_documented_is_the_one_sent(demo_api):
    spec = demo_api.client.get("/openapi.json", headers=demo_api.as_("viewer")).json()
    refused = [op["responses"]["422"] for _, _, op in _operations(spec) if "422" in op["responses"]]
    assert refused and all(
        r["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/ErrorOut"
        for r in refused
    )
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    documented = set(spec["components"]["schemas"]["ErrorOut"]["properties"])
    c, ed = demo_api.client, demo_api.as_("editor")
    answers = [
        c.post("/api/stakeholders", json={"name": 5}, headers=ed),  # 422 body
        c.get("/api/analysis?as_of=not-a-day", headers=ed),  # 422 query
        c.get("/api/groups"),  # 401
        c.get("/api/tokens", headers=ed),  # 403
        c.get("/api/stakeholders/nobody", headers=ed),  # 404
    ]
    assert [a.status_code for a in answers] == [422, 422, 401, 403, 404]
    for answer in answers:
        body = answer.json()
        assert set(body) <= documented, body
        ErrorOut.model_validate(body)


def test_api_clients_get_a_401_browsers_the_login(demo_api):
    c = demo_api.client
    bare = c.get("/openapi.json", follow_redirects=False)
    assert bare.status_code == 401
    assert bare.headers["www-authenticate"] == "Bearer"
    assert bare.json()["error"] == "unauthorized"
    browser = c.get("/openapi.json", headers={"Accept": "text/html,*/*"}, follow_redirects=False)
    assert browser.status_code == 303 and browser.headers["location"].startswith("/login")
    assert c.get("/openapi.json", headers=demo_api.as_("viewer")).status_code == 200
    assert c.get("/api/groups", headers={"Accept": "text/html"}).status_code == 401


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")
@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_swagger_ui_and_redoc_draw_every_operation_offline(demo_server, page):
    sync_api = pytest.importorskip("playwright.sync_api")
    import httpx

    spec = httpx.get(
        demo_server.url + "/openapi.json", headers={"Authorization": f"Bearer {ADMIN}"}
    ).json()
    ids = {op["operationId"] for _, _, op in _operations(spec)}
    origin = urlsplit(demo_server.url).netloc
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(extra_http_headers={"Authorization": f"Bearer {ADMIN}"})
        view = context.new_page()
        view.on("request", lambda r: requests.append(r.url))
        view.goto(demo_server.url + page)
        if page == "/docs":
            view.wait_for_selector(".opblock", timeout=60_000)
            # an operation under two tags is drawn twice: count operations, not blocks
            shown = set(
                view.eval_on_selector_all(
                    ".opblock", "els => els.map(e => e.id.replace(/^operations-[^-]*-/, ''))"
                )
            )
            assert shown == ids
            drawn = len(shown)
            assert view.locator("button.authorize").count() == 1
        else:
            view.wait_for_selector('[data-section-id^="operation/"]', timeout=60_000)
            drawn = len(
                set(
                    view.eval_on_selector_all(
                        '[data-section-id^="operation/"]',
                        "els => els.map(e => e.getAttribute('data-section-id'))",
                    )
                )
            )
            shown = set(
                view.eval_on_selector_all(
                    '[data-section-id^="operation/"]',
                    "els => els.map(e => e.getAttribute('data-section-id').split('/').pop())",
                )
            )
            assert shown == ids
        browser.close()
    assert drawn == len(ids)
    outside = [
        u
        for u in requests
        if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != origin
    ]
    assert not outside, outside


@pytest.mark.parametrize(
    "part",
    ["centrality", "roles", "reach", "gaps", "network", "communities", "complexity", "plan", ""],
)
def test_analysis_answers_are_what_their_schemas_say(demo_api, part):
    from pydantic import TypeAdapter

    from graphkit.api import schemas

    model = {"plan": schemas.PlanOut, "": schemas.ReportOut}.get(part) or schemas.PART_MODELS[part]
    path = f"/api/analysis/{part}".rstrip("/")
    answer = demo_api.client.get(path, headers=demo_api.as_("viewer"))
    assert answer.status_code == 200
    TypeAdapter(model).validate_python(answer.json())  # extra keys are refused
    spec = demo_api.client.get("/openapi.json", headers=demo_api.as_("viewer")).json()
    documented = spec["paths"][path]["get"]["responses"]["200"]
    assert "schema" in documented["content"]["application/json"]
