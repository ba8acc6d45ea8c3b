"""Check a server address and token before saving them: one `users.me` call
with a short-lived client and a small retry budget, so a wrong address answers
within seconds. The result is plain words for the connection dialog; the token
never appears in it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from desktop_app.api.client import ApiClient
from desktop_app.api.errors import ApiError, Unavailable
from desktop_app.api.server_address import normalize_server_address

CHECK_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
CHECK_RETRY_BUDGET = 2.0
# Connect and start-up wait for the answer at most this long: a hung server must not keep
# the user in front of "Connecting" (a black hole accepts the connection and never answers).
QUICK_DEADLINE = 4.0


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    text: str  # "Connected as alice" or the reason it failed
    login: str | None = None


async def check_connection(address: str, token: str, *, deadline: float | None = None) -> ConnectionCheck:
    """Ask the server who the token belongs to; with a deadline (seconds), a server that has not
    answered by then counts as unreachable."""
    if not address.strip():
        return ConnectionCheck(False, "Enter the server address first.")
    if not token:
        return ConnectionCheck(False, "Enter the API token first.")
    server = normalize_server_address(address)
    api = ApiClient(server, token, timeout=CHECK_TIMEOUT, read_retry_budget=CHECK_RETRY_BUDGET)
    try:
        user = await asyncio.wait_for(api.users.me(), deadline)
    except TimeoutError:
        return ConnectionCheck(False, f"{server} did not answer within {deadline:g} seconds.")
    except Unavailable:
        return ConnectionCheck(False, f"Could not reach {server}. Check the address and that the server is running.")
    except ApiError as exc:
        return ConnectionCheck(False, str(exc))
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError):
        return ConnectionCheck(False, f"“{address.strip()}” is not a valid server address.")
    finally:
        await api.aclose()
    name = f" ({user.name})" if user.name and user.name != user.login else ""
    return ConnectionCheck(True, f"Connected as {user.login}{name}", user.login)
