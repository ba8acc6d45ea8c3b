"""The client's side of a figure in a fresh process, as the SDK's side runs:
times only the call, not the import, and prints one JSON line.

    python -m tools.bench.client_side list URL TOKEN PROJECT_ID
    python -m tools.bench.client_side add URL TOKEN PROJECT_ID IDS_FILE

`list` is ApiClient's listing of a whole project; `add` is api/bulk.py's
ItemsBulk with its default settings, the ids of IDS_FILE (a JSON list) into a new collection."""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
import uuid

from desktop_app.api.bulk import ItemsBulk
from desktop_app.api.client import ApiClient
from desktop_app.api.errors import ApiError


def rss_kb() -> int:
    """Current RSS (not the peak, which the imports may already have set)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() // 1024


async def main(argv: list[str]) -> dict:
    kind, url, token, project_id = argv[0], argv[1], argv[2], int(argv[3])
    async with ApiClient(url, token) as api:
        if kind == "list":
            start_kb = rss_kb()
            started = time.perf_counter()
            images = await api.images.list(project_id=project_id)
            return {"seconds": time.perf_counter() - started, "count": len(images), "rss_kb": rss_kb() - start_kb}
        with open(argv[4]) as file:
            ids = json.load(file)
        collection = await api.collections.create(project_id, f"bench-client-{uuid.uuid4().hex[:8]}")
        started = time.perf_counter()
        try:
            job = await ItemsBulk(api.collections, collection.id, ids).run()
        except ApiError as exc:
            return {"error": f"{type(exc).__name__}: {exc}", "count": len(ids)}
        return {"seconds": time.perf_counter() - started, "count": len(ids), "changed": len(job.changed)}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1:]))), flush=True)
