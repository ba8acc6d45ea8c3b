"""The one server-address normaliser (clients, profiles, connection settings).
Its own module so that widgets can use it without importing the HTTP layer."""

from __future__ import annotations


def normalize_server_address(address: str) -> str:
    """As the SDK does: strip slashes, add http:// when no scheme is given."""
    result = address.strip().strip("/")
    if not result:
        raise ValueError("the server address is empty")
    if "http://" not in result and "https://" not in result:
        result = "http://" + result
    return result
