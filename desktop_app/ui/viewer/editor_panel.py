"""The box editor's side panel, as widgets only: the class list (with color
swatches and number keys), the selected box (what it is, its tags, Delete),
the image tags, a status line, and Undo / Redo / Save buttons. BoxEditor
(box_editor.py) gives it behaviour; this file only lays it out and shows
what it is told."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.annotation_records import ObjClass
from desktop_app.domain.annotation_draft import DraftFigure
from desktop_app.ui.common.swatch import swatch_icon
from desktop_app.ui.viewer.tag_list_editor import TagListEditor

PANEL_WIDTH = 290
NO_BOX = "No box selected. Click a box (V, Select), or press R (Draw box) and drag to draw one."


class EditorPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(PANEL_WIDTH)
        self.setMaximumWidth(PANEL_WIDTH + 80)
        self.class_combo = QComboBox(self)
        self.class_combo.setObjectName("classCombo")
        self.class_combo.setToolTip("Class of the selected box and of the next box drawn (1–9)")
        self.object_info = QLabel(NO_BOX, self)
        self.object_info.setObjectName("objectInfo")
        self.object_info.setWordWrap(True)
        self.object_tags = TagListEditor("No tags on this box.", self)
        self.object_tags.setObjectName("objectTags")
        self.delete_button = QPushButton("Delete box", self)
        self.image_tags = TagListEditor("No image tags.", self)
        self.image_tags.setObjectName("imageTags")
        self.status = QLabel(self)
        self.status.setObjectName("editorStatus")
        self.status.setWordWrap(True)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.undo_button, self.redo_button, self.save_button = (QToolButton(self) for _ in range(3))
        for button in (self.undo_button, self.redo_button, self.save_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

        obj_box = QGroupBox("Selected box", self)
        obj_layout = QVBoxLayout(obj_box)
        obj_layout.addWidget(self.object_info)
        obj_layout.addWidget(self.object_tags)
        obj_layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        tags_box = self.tags_box = QGroupBox("Image tags", self)
        self.tags_layout = QVBoxLayout(tags_box)
        self.tags_layout.addWidget(self.image_tags)
        buttons = QHBoxLayout()
        for button in (self.undo_button, self.redo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form = self.form = QFormLayout()  # another kind of item adds its rows (the video editor)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Class", self.class_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(form)
        layout.addWidget(obj_box)
        layout.addWidget(tags_box)
        layout.addStretch(1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    # -- classes ---------------------------------------------------------------------
    def fill_classes(self, classes: Iterable[ObjClass]) -> None:
        """The classes a box can have, numbered 1-9 for their keys; the choice is kept."""
        current = self.class_combo.currentData()
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        for n, cls in enumerate(classes, 1):
            label = f"{n}  {cls.title}" if n <= 9 else cls.title
            self.class_combo.addItem(swatch_icon(cls.color), label, cls.title)
        index = self.class_combo.findData(current)
        self.class_combo.setCurrentIndex(max(0, index))
        self.class_combo.blockSignals(False)

    def current_class(self) -> str | None:
        return self.class_combo.currentData() or None

    def show_class(self, title: str) -> None:
        """Show a class as chosen without it counting as the user's choice."""
        index = self.class_combo.findData(title)
        if index >= 0 and index != self.class_combo.currentIndex():
            self.class_combo.blockSignals(True)
            self.class_combo.setCurrentIndex(index)
            self.class_combo.blockSignals(False)

    # -- the selected box ------------------------------------------------------------
    def show_figure(self, figure: DraftFigure | None) -> None:
        self.object_tags.setEnabled(figure is not None)
        self.delete_button.setEnabled(figure is not None)
        if figure is None:
            self.object_info.setText(NO_BOX)
            self.object_tags.set_tags(())
            return
        kind = "Prediction" if figure.is_prediction else "Ground truth"
        size = f"{figure.right - figure.left:g} × {figure.bottom - figure.top:g} px"
        self.object_info.setText(f"<b>{figure.class_title}</b> · {kind}<br>{size} at ({figure.left:g}, {figure.top:g})")
        self.object_tags.set_tags(figure.tags)
        self.show_class(figure.class_title)

    def set_status(self, text: str) -> None:
        self.status.setText(text)
