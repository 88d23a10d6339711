"""Property-based run of the whole OpenAPI document against a real server: no 5xx.

Uses schemathesis's Python API with an admin token (every operation reachable) and a
bounded number of examples per operation, so it finishes in well under two minutes.
"""

from __future__ import annotations

import os

import httpx
import pytest
from api_testkit import ADMIN, load_demo, serving

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings

EXAMPLES = int(os.environ.get("GRAPHKIT_SCHEMATHESIS_EXAMPLES", "30"))
HEADERS = {"Authorization": f"Bearer {ADMIN}"}


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    store = tmp_path_factory.mktemp("fuzz") / "net.lbug"
    load_demo(store, size=60)
    with serving(store) as server:
        yield server


def test_no_operation_answers_with_a_server_error(fuzz_server):
    spec = httpx.get(fuzz_server.url + "/openapi.json", headers=HEADERS, timeout=30).json()
    schema = schemathesis.openapi.from_dict(spec)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operations += 1
        _fuzz(result.ok(), fuzz_server.url, failures)
    assert operations >= 25
    assert not failures, "\n".join(failures[:20])
    # the server is still healthy afterwards
    assert httpx.get(fuzz_server.url + "/health").status_code == 200


def _fuzz(operation, base_url: str, failures: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        case.headers = {**(case.headers or {}), **HEADERS}
        response = case.call(base_url=base_url, timeout=30)
        if response.status_code >= 500:
            failures.append(
                f"{operation.method.upper()} {operation.path}: "
                f"{response.status_code} for {case.path_parameters} "
                f"{case.query} {str(case.body)[:200]}"
            )

    run()
