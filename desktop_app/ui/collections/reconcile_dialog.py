"""Reconcile…: a static collection made from a filter, brought back in line with
it. Before anything is written the dialog shows the counts both ways and a
few thumbnails of each side; Cancel is the default button. Undo (Ctrl+Z)
takes the change back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.api.records import Collection
from desktop_app.api.smart_collections import Drift
from desktop_app.domain.smart_collections import Sample
from desktop_app.qt.undo import items_text, quoted
from desktop_app.ui.common.dialog_parts import accept_cancel_buttons

THUMB = 72
PER_ROW = 6


def drift_text(drift: Drift) -> str:
    """What the collection header says: "now matches +37 / −12"."""
    return f"now matches +{drift.added:,} / −{drift.removed:,}"


class ReconcileDialog(QDialog):
    def __init__(
        self,
        collection: Collection,
        drift: Drift,
        added: list[Sample],
        removed: list[Sample],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reconcile with its filter")
        self.collection, self.drift = collection, drift
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{quoted(collection.name)} was made from a filter, which {drift_text(drift)}:"
            f" {items_text(drift.added)} match it but are not in the collection, and"
            f" {items_text(drift.removed)} in it no longer match. Reconcile makes the collection"
            " hold exactly what the filter matches now; Undo (Ctrl+Z) takes it back.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.added_strip = self._strip(f"To add ({drift.added:,})", added, drift.added, layout)
        self.removed_strip = self._strip(f"To remove ({drift.removed:,})", removed, drift.removed, layout)
        self.buttons, self.ok_button = accept_cancel_buttons(
            self, f"Add {drift.added:,}, remove {drift.removed:,}", self.accept
        )
        # Cancel is the default: Enter must not rewrite a collection by a slip
        self.ok_button.setDefault(False)
        self.ok_button.setAutoDefault(False)
        cancel = self.buttons.button(self.buttons.StandardButton.Cancel)
        cancel.setDefault(True)
        cancel.setFocus()
        layout.addWidget(self.buttons)
        self.setMinimumWidth(PER_ROW * (THUMB + 8) + 40)

    def _strip(self, title: str, samples: list[Sample], total: int, layout: QVBoxLayout) -> QWidget:
        heading = QLabel(f"<b>{title}</b>" + (f" — the first {len(samples)}" if total > len(samples) else ""), self)
        layout.addWidget(heading)
        strip = QWidget(self)
        grid = QGridLayout(strip)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # a short row stays left
        for n, sample in enumerate(samples):
            tile = QLabel(strip)
            tile.setFixedSize(THUMB, THUMB)
            tile.setAlignment(Qt.AlignmentFlag.AlignCenter)
            tile.setToolTip(sample.item.name)
            pixmap = QPixmap()
            if sample.preview is not None and pixmap.loadFromData(sample.preview):
                tile.setPixmap(
                    pixmap.scaled(
                        THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                    )
                )
            else:
                tile.setText(sample.item.name)
                tile.setWordWrap(True)
            grid.addWidget(tile, n // PER_ROW, n % PER_ROW)
        if not samples:
            grid.addWidget(QLabel("Nothing.", strip), 0, 0)
        layout.addWidget(strip)
        return strip
