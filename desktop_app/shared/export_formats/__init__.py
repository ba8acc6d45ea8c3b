"""Writers of a collection export (docs/export-formats.md): pure Python, no
network, no database, no Qt. The app (domain/services/export.py, over HTTP)
and the server's CLI (server/exporting/, over its database) drive the same
writers, so both write the same files (desktop_app/shared: neither side's imports)."""

from desktop_app.shared.export_formats.formats import FORMATS, IMAGE_FORMATS, fits, label_for, refusal, writer_for
from desktop_app.shared.export_formats.records import ExportFailed, ExportItem, Summary

__all__ = [
    "FORMATS",
    "IMAGE_FORMATS",
    "ExportFailed",
    "ExportItem",
    "Summary",
    "fits",
    "label_for",
    "refusal",
    "writer_for",
]
