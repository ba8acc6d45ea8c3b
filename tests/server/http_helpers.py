"""Checks on the server's HTTP answers, shared by the contract tests."""

from __future__ import annotations


def ok(response):
    """The JSON of a 200 answer (the assertion shows the body otherwise)."""
    assert response.status_code == 200, response.text
    return response.json()


def refused(response, status=400):
    """The message of a refusal with `status`, in the error shape the SDK reads."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] and body["details"]["message"]
    return body["details"]["message"]
