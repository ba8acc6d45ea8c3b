"""Every v3 method in the server's OpenAPI description, fed random and
malformed bodies (hypothesis, fuzz_bodies.py): the answer is never a 5xx
and never a dropped connection, and a refused call changes no row of the
database (db_snapshot.py). Calls that succeed may change things; later
examples then run against that state.

Short version in the default run (a few examples per method); `make
reliability` runs many."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.server.reliability.db_snapshot import snapshot
from tests.server.reliability.fuzz_bodies import bodies
from tests.server.world import ALICE, BOB

V3 = "/public/api/v3/"
TOKENS = st.sampled_from([ALICE, ALICE, ALICE, BOB, "", "not-a-token", "\u00e9\u00e8"])  # latin-1 on the wire


def v3_methods(live) -> dict[str, list[str]]:
    """method name -> the field names of its JSON body (none for multipart ones)."""
    spec = live.http.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    methods = {}
    for path, operations in spec["paths"].items():
        if not path.startswith(V3):
            continue
        content = operations["post"].get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        if "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
        methods[path[len(V3) :]] = sorted(schema.get("properties", {}))
    return methods


def _fuzzer(live, sessions, method: str, fields: list[str], examples: int, figures: dict[str, int]):
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],  # no "explain" phase: it re-runs every failing example many times
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(body=bodies(fields), token=TOKENS)
    def call_once(body: bytes, token: str) -> None:
        before = figures["state"]  # the state after the previous call: one snapshot per call
        headers: dict[str, str | bytes] = {"content-type": "application/json"}
        if token:
            headers["x-api-key"] = token.encode("latin-1")
        try:
            answer = live.http.post(V3 + method, content=body, headers=headers)
        except httpx.TransportError as exc:
            raise AssertionError(f"connection dropped ({exc!r}) for body {body[:200]!r}") from None
        figures["calls"] += 1
        assert answer.status_code < 500, f"{body[:300]!r}: {answer.status_code} {answer.text[:300]}"
        if answer.status_code != 200:
            figures["refused"] += 1
            error = answer.json()
            assert error["error"] and error["details"]["message"], answer.text
        after = snapshot(sessions)
        figures["state"] = after
        if answer.status_code != 200:
            assert after == before, f"refused ({answer.status_code}) but changed rows: {body[:300]!r}"

    return call_once


def fuzz(live, world, examples: int) -> dict[str, int]:
    methods = v3_methods(live)
    assert len(methods) >= 60
    sessions = live.sessions()
    figures: dict = {"methods": len(methods), "calls": 0, "refused": 0, "state": snapshot(sessions)}

    failures = []
    for method, fields in methods.items():
        try:
            _fuzzer(live, sessions, method, fields, examples, figures)()
        except AssertionError as exc:
            failures.append(f"{method}: {str(exc)[:600]}")
    assert not failures, "\n".join(failures)
    del figures["state"]
    return figures


def test_every_method_refuses_a_few_bad_bodies_cleanly(live, world):
    figures = fuzz(live, world, examples=2)
    assert figures["calls"] >= 2 * figures["methods"]


@pytest.mark.reliability
def test_every_method_refuses_many_bad_bodies_cleanly(live, world):
    figures = fuzz(live, world, examples=100)
    print(f"\nfuzzed: {figures}")
