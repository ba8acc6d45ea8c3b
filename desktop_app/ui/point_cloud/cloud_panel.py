"""The point-cloud viewer's side panel, as widgets only: what the cloud is
(points, file size), its objects (class, ground truth or prediction, tags),
the cloud's tags with their editor, a status line, and Undo / Redo / Save.
CloudTagEditor (cloud_tag_editor.py) gives it behaviour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.point_clouds.drawn_cuboids import DrawnCuboid
from desktop_app.shared.predictions import CONFIDENCE_TAG
from desktop_app.ui.common.swatch import swatch_icon
from desktop_app.ui.viewer.tag_list_editor import TagListEditor

PANEL_WIDTH = 320


class CloudPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(PANEL_WIDTH)
        self.setMaximumWidth(PANEL_WIDTH + 120)
        self.info = QLabel(self)
        self.info.setObjectName("cloudInfo")
        self.info.setWordWrap(True)
        self.objects = QTreeWidget(self)
        self.objects.setObjectName("cloudObjects")
        self.objects.setHeaderLabels(["Class", "Kind", "Tags"])
        self.objects.setRootIsDecorated(False)
        self.objects.setUniformRowHeights(True)
        self.objects.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.objects.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.cloud_tags = TagListEditor("No tags on this point cloud.", self)
        self.cloud_tags.setObjectName("cloudTags")
        self.status = QLabel(self)
        self.status.setObjectName("editorStatus")
        self.status.setWordWrap(True)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.undo_button, self.redo_button, self.save_button = (QToolButton(self) for _ in range(3))
        for button in (self.undo_button, self.redo_button, self.save_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

        objects_box = QGroupBox("Objects", self)
        QVBoxLayout(objects_box).addWidget(self.objects)
        tags_box = QGroupBox("Point cloud tags", self)
        QVBoxLayout(tags_box).addWidget(self.cloud_tags)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.info)
        layout.addWidget(objects_box, 1)
        layout.addWidget(tags_box)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def show_objects(self, cuboids: list[DrawnCuboid]) -> None:
        """One row per cuboid: its class (in its colour), what it is, its object's tags."""
        self.objects.clear()
        for drawn in cuboids:
            kind = "Prediction" if drawn.predicted else "Ground truth"
            if drawn.confidence is not None:
                kind += f" {drawn.confidence:.2f}"
            tags = ", ".join(t.text() for t in drawn.obj.tags if t.name != CONFIDENCE_TAG)
            row = QTreeWidgetItem([drawn.class_title, kind, tags])
            row.setIcon(0, swatch_icon(drawn.color))
            row.setToolTip(2, tags)
            self.objects.addTopLevelItem(row)

    def object_rows(self) -> list[tuple[str, str, str]]:
        """What the object list shows (for tests and accessibility)."""
        rows = (self.objects.topLevelItem(i) for i in range(self.objects.topLevelItemCount()))
        return [(r.text(0), r.text(1), r.text(2)) for r in rows if r is not None]

    def set_status(self, text: str) -> None:
        self.status.setText(text)
