"""The 2D stand-in for the 3D view where there is no OpenGL: a note saying
why, the top view, and below it the side or front view, in a splitter.
The cameras of the 3D view map onto it: top (1) gives the top view most of
the room, side (2) and front (3) put that view below and give it the room,
reset (R) fits both and shares the room evenly."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from desktop_app.domain.point_clouds.drawn_cuboids import DrawnCuboid
from desktop_app.ui.point_cloud.projection_pane import ProjectionPane


class ProjectionView(QWidget):
    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cloudProjection")
        self.note = QLabel(f"No 3D view: {reason} Showing the cloud from above and from the side instead.", self)
        self.note.setObjectName("noOpenGlNote")
        self.note.setWordWrap(True)
        self.note.setContentsMargins(8, 4, 8, 4)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.top = ProjectionPane("top", self)
        self.elevation = ProjectionPane("side", self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.top)
        self.splitter.addWidget(self.elevation)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.note)
        layout.addWidget(self.splitter, 1)
        self.view_name = "reset"
        self._xyz = np.zeros((0, 3), np.float32)
        self._colors = np.zeros((0, 4), np.float32)
        self.splitter.setSizes([600, 400])

    def panes(self) -> list[ProjectionPane]:
        return [self.top, self.elevation]

    def set_cloud(self, xyz: np.ndarray, colors: np.ndarray) -> None:
        self._xyz, self._colors = xyz, colors
        for pane in self.panes():
            pane.set_cloud(xyz, colors)
        self.reset_view()

    def set_cuboids(self, cuboids: list[DrawnCuboid], *, show_labels: bool = True) -> None:
        for pane in self.panes():
            pane.set_cuboids(cuboids, show_labels=show_labels)

    def clear_cloud(self) -> None:
        self.set_cuboids([])
        self.set_cloud(np.zeros((0, 3), np.float32), np.zeros((0, 4), np.float32))

    @property
    def point_count(self) -> int:
        return len(self._xyz)

    def show_view(self, name: str) -> None:
        """ "reset", "top", "side" or "front"."""
        self.view_name = name
        below = name if name in ("side", "front") else "side" if name == "reset" else self.elevation.plane
        if self.elevation.plane != below:
            self.elevation.set_plane(below, self._xyz, self._colors)
        total = max(sum(self.splitter.sizes()), 2)
        share = {"reset": 0.6, "top": 0.8, "side": 0.25, "front": 0.25}[name]
        self.splitter.setSizes([int(total * share), total - int(total * share)])
        for pane in self.panes():
            pane.fit()

    def reset_view(self) -> None:
        self.show_view("reset")
