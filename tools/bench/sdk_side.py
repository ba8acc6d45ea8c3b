"""The SDK's side of a figure, run by the SDK's own python ($SDK_VENV), never
the project's: times only the call, not the import, and prints one JSON line.

    python sdk_side.py list URL TOKEN PROJECT_ID
    python sdk_side.py add URL TOKEN PROJECT_ID IDS_FILE

`add` creates a new collection and calls add_items once with the ids of
IDS_FILE (a JSON list), as a user would; a refusal is reported as
{"error": ...}, not raised."""

from __future__ import annotations

import json
import resource
import sys
import time
import uuid


def rss_kb() -> int:
    """Current RSS (not the peak, which the imports may already have set)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() // 1024


def main(argv: list[str]) -> dict:
    kind, url, token, project_id = argv[0], argv[1], argv[2], int(argv[3])
    import supervisely as sly

    api = sly.Api(url, token, ignore_task_id=True)
    if kind == "list":
        start_kb = rss_kb()
        started = time.perf_counter()
        images = api.image.get_list(project_id=project_id)
        return {"seconds": time.perf_counter() - started, "count": len(images), "rss_kb": rss_kb() - start_kb}
    with open(argv[4]) as file:
        ids = json.load(file)
    collection = api.entities_collection.create(project_id, f"bench-sdk-{uuid.uuid4().hex[:8]}")
    started = time.perf_counter()
    try:
        api.entities_collection.add_items(collection.id, ids)
    except Exception as exc:  # the figure records the refusal, the run goes on
        text = getattr(getattr(exc, "response", None), "text", "") or str(exc)
        return {"error": f"{type(exc).__name__}: {text[:300]}", "count": len(ids)}
    return {"seconds": time.perf_counter() - started, "count": len(ids)}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])), flush=True)
