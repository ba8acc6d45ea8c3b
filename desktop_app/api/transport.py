"""One connection to a Supervisely-compatible server: `SlyClient`.

It owns ONE shared `httpx.AsyncClient`, posts JSON to
`{server}/public/api/v3/{method}` with the `x-api-key` header, bounds the
number of requests in flight, retries reads within a time budget and turns
every failure into an `errors.ApiError`. Writes are never retried here: a
write that failed raises `Unavailable` and the domain's outbox decides.

The token is kept in one private attribute and sent only to the server's own
origin; it is never logged nor put into an error or a repr."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from .errors import ApiError, BadResponse, Unavailable, error_for_status
from .retry import READ_RETRIES, RETRY_STATUSES, RetryPolicy, parse_retry_after
from .server_address import normalize_server_address

log = logging.getLogger(__name__)

API_PATH = "/public/api/v3/"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)


def encode_body(body: Any) -> bytes:
    """Compact JSON, the same bytes whatever httpx version is installed."""
    return json.dumps({} if body is None else body, separators=(",", ":"), ensure_ascii=False).encode()


class SlyClient:
    def __init__(
        self,
        server_address: str,
        token: str | None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        read_retry_budget: float = 10.0,
        max_concurrency: int = 8,
        retry_base_delay: float = 0.2,
        retry_max_delay: float = 4.0,
    ) -> None:
        self.server_address = normalize_server_address(server_address)
        self.retry = RetryPolicy(read_retry_budget, retry_base_delay, retry_max_delay)
        self._token = token
        self._origin = _origin(self.server_address)
        self._limit = asyncio.Semaphore(max_concurrency)
        self._http = httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False)

    def __repr__(self) -> str:
        return f"SlyClient({self.server_address!r})"

    def method_url(self, method: str) -> str:
        return f"{self.server_address}{API_PATH}{method}"

    async def call(self, method: str, body: Any = None, *, idempotent: bool) -> Any:
        """POST a v3 method; return its decoded JSON answer."""
        response = await self._post(method, body, idempotent=idempotent)
        return _decode(response, method)

    async def call_bytes(self, method: str, body: Any = None, *, idempotent: bool) -> bytes:
        """POST a v3 method whose answer is raw bytes (images.download)."""
        return (await self._post(method, body, idempotent=idempotent)).content

    async def get_bytes(self, url: str) -> bytes:
        """GET a file (original or preview) by URL, with the read retries.

        The token goes along only when the URL is on the server's own origin."""
        headers = self._auth_headers() if _origin(url) == self._origin else {}
        request = self._http.build_request("GET", url, headers=headers)
        return (await self._send(request, label=f"GET {urlsplit(url).path}", idempotent=True)).content

    async def get_file(self, url: str, etag: str | None = None) -> tuple[bytes | None, str | None]:
        """GET a file by URL as `get_bytes` does, with its ETag: (bytes, ETag), or (None, etag)
        when `etag` is given and the server answers 304 (the copy the caller has is current)."""
        headers = self._auth_headers() if _origin(url) == self._origin else {}
        if etag is not None:
            headers["if-none-match"] = etag
        request = self._http.build_request("GET", url, headers=headers)
        response = await self._send(request, label=f"GET {urlsplit(url).path}", idempotent=True)
        if response.status_code == 304:
            return None, etag
        return response.content, response.headers.get("etag")

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> SlyClient:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    def _auth_headers(self) -> dict[str, str]:
        return {"x-api-key": self._token} if self._token else {}

    async def _post(self, method: str, body: Any, *, idempotent: bool) -> httpx.Response:
        headers = {"content-type": "application/json", **self._auth_headers()}
        request = self._http.build_request("POST", self.method_url(method), content=encode_body(body), headers=headers)
        return await self._send(request, label=method, idempotent=idempotent)

    async def _send(self, request: httpx.Request, *, label: str, idempotent: bool) -> httpx.Response:
        deadline = time.monotonic() + self.retry.budget
        attempt = 0
        while True:
            response, error, retry_after = await self._attempt(request, label)
            if error is None:
                return response
            retryable = idempotent and READ_RETRIES.get() and _is_retryable(error)
            if not retryable:
                raise error
            delay = self.retry.delay(attempt, retry_after)
            if time.monotonic() + delay > deadline:
                log.debug("%s: giving up after %d attempts (%s)", label, attempt + 1, type(error).__name__)
                raise error
            log.debug("%s: retry %d in %.2fs after %s", label, attempt + 1, delay, type(error).__name__)
            await asyncio.sleep(delay)
            attempt += 1

    async def _attempt(self, request: httpx.Request, label: str) -> tuple[Any, ApiError | None, float | None]:
        """One try: (response, None, None) on 200 (or a 304 to a conditional GET),
        else (None, error, Retry-After seconds)."""
        try:
            async with self._limit:
                response = await self._http.send(request)
        except httpx.TransportError as exc:
            not_sent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))
            error = Unavailable(_describe(exc), method=label, maybe_applied=not not_sent)
            error.__cause__ = exc
            return None, error, None
        status = response.status_code
        if status == 200 or (status == 304 and "if-none-match" in request.headers):
            return response, None, None
        if 300 <= status < 400:
            where = response.headers.get("location", "another address")
            message = f"the server redirects to {where}; use that address"
            return None, BadResponse(message, status=status, method=label), None
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        return None, error_for_status(status, label, _json_or_text(response), retry_after=retry_after), retry_after


def _decode(response: httpx.Response, method: str) -> Any:
    """The answer's JSON: orjson decodes a listing page several times faster than json;
    what orjson refuses and json takes (NaN, a huge integer) still decodes."""
    try:
        return orjson.loads(response.content)
    except ValueError:
        pass
    try:
        return response.json()
    except ValueError:
        raise BadResponse("the answer is not JSON", status=200, method=method) from None


def _is_retryable(error: ApiError) -> bool:
    if error.status is None:
        return isinstance(error, Unavailable)  # transport error: connection, timeout
    return error.status in RETRY_STATUSES


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _json_or_text(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return {"error": response.text[:200]}  # e.g. a proxy's HTML error page


def _describe(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "the server did not answer in time"
    if isinstance(exc, httpx.ConnectError):
        return "could not connect to the server"
    return "the connection to the server failed"
