"""What every per-area API object shares: the connection, and reads vs writes."""

from __future__ import annotations

from typing import Any

from .transport import SlyClient

Json = dict[str, Any]


class Area:
    def __init__(self, client: SlyClient) -> None:
        self._client = client

    async def _read(self, method: str, body: Json) -> Any:
        """Reads are retried within the connection's budget."""
        return await self._client.call(method, body, idempotent=True)

    async def _write(self, method: str, body: Json) -> Any:
        """Writes are sent once; on failure the caller (the outbox) decides."""
        return await self._client.call(method, body, idempotent=False)
