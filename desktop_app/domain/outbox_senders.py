"""One outbox, several kinds of edits: a sender that hands each operation to
the sender of its kind's prefix ("collections." -> collection edits,
"annotations." -> annotation saves, "videos.annotations." -> video annotation saves,
"point-clouds." -> point-cloud annotation saves).

The app builds its outbox with `app_sender(api, backend)`:

    Outbox(path, app_sender(api, ApiCollectionsBackend.from_client(api)))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .annotation_save import annotation_sender
from .collection_backend import CollectionsBackend, collection_sender
from .outbox import OutboxSender
from .point_clouds.cloud_save import cloud_annotation_sender
from .video_save import video_annotation_sender


def combined_sender(by_prefix: Mapping[str, OutboxSender]) -> OutboxSender:
    """Dispatch on the longest matching kind prefix; an unknown kind is a plain
    error (the outbox marks that operation failed and goes on)."""
    routes = sorted(by_prefix.items(), key=lambda kv: len(kv[0]), reverse=True)

    async def send(kind: str, payload: dict[str, Any]) -> Any:
        for prefix, sender in routes:
            if kind.startswith(prefix):
                return await sender(kind, payload)
        raise ValueError(f"no sender for edits of kind {kind!r}")

    return send


def app_sender(api: Any, backend: CollectionsBackend) -> OutboxSender:
    """Every kind of edit the app queues (api: an api.ApiClient)."""
    return combined_sender(
        {
            "collections.": collection_sender(backend),
            "annotations.": annotation_sender(api),
            "videos.annotations.": video_annotation_sender(api),
            "point-clouds.": cloud_annotation_sender(api),
        }
    )
