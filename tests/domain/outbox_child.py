"""Run by test_outbox.py in a subprocess that the test kills with SIGKILL.

It enqueues one operation and starts draining; its sender writes the marker
file (holding the operation id) once the send is under way, then hangs, so
the test can kill the process mid-send. With a server URL the sender first
really sends entities-collections.items.bulk.add, so the kill lands after the
server applied the edit but before the outbox recorded it as done.

usage: outbox_child.py DB MARKER KIND PAYLOAD_JSON [SERVER_URL TOKEN]"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import httpx

from desktop_app.domain.outbox import Outbox


async def main(db: str, marker: str, kind: str, payload: str, url: str | None, token: str | None) -> None:
    op_id = ""

    async def sender(kind: str, payload: dict) -> None:
        if url:
            async with httpx.AsyncClient(base_url=url, timeout=10) as http:
                resp = await http.post(f"/public/api/v3/{kind}", json=payload, headers={"x-api-key": token})
                resp.raise_for_status()
        Path(marker).write_text(op_id)
        await asyncio.sleep(3600)  # "the network call is still in flight" until the kill

    outbox = Outbox(Path(db), sender)
    op_id = outbox.enqueue(kind, json.loads(payload)).op_id
    outbox.start()
    await asyncio.sleep(3600)


if __name__ == "__main__":
    args = sys.argv[1:] + [None, None]
    asyncio.run(main(*args[:6]))
