"""“Export collection…”: which format, whether the images (videos, point
clouds) are copied or only linked, and the folder the export's own folder is
made in (chosen with a folder dialog, remembered for next time). Nothing is
written here: accepting hands an ExportChoice to ExportActions, which runs it
with progress."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.records import Collection
from desktop_app.domain.services.export import ExportChoice
from desktop_app.qt.undo import quoted
from desktop_app.shared.export_formats import FORMATS, IMAGE_FORMATS, fits, label_for
from desktop_app.ui.common.dialog_parts import accept_cancel_buttons, dialog_title, reserve_message_space

FILES = {"images": "images", "videos": "videos", "point_clouds": "point clouds"}  # what "copy" copies


class ExportDialog(QDialog):
    def __init__(self, collection: Collection, project_type: str, folder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export collection")
        self.choice: ExportChoice | None = None
        self.folder_dialog: QFileDialog | None = None  # open while the user picks a folder (tests read it)
        self.message = QLabel(self)  # why the folder is refused
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #C62828")
        reserve_message_space(self.message)

        self.format_box = QComboBox(self)
        for name in FORMATS:
            if fits(name, project_type):  # COCO and YOLO hold image annotations only
                self.format_box.addItem(label_for(name, project_type), name)
        self.format_box.currentIndexChanged.connect(self._format_changed)

        files = FILES.get(project_type, "images")
        self.copy_images = QRadioButton(f"Copy the {files} into the export", self)
        self.link_images = QRadioButton(f"Link the {files}: record where each one is, copy nothing", self)
        self.copy_images.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.copy_images)
        group.addButton(self.link_images)
        images = QVBoxLayout()
        images.setSpacing(2)
        images.addWidget(self.copy_images)
        images.addWidget(self.link_images)

        self.folder_edit = QLineEdit(folder or str(Path.home()), self)
        self.folder_edit.textChanged.connect(lambda _: self.message.clear())
        self.browse_button = QPushButton("Choose…", self)
        self.browse_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)

        form = QFormLayout()
        form.addRow("Format:", self.format_box)
        form.addRow(f"{files.capitalize()}:", images)
        form.addRow("Into folder:", folder_row)

        self.note = QLabel(self)
        self.note.setWordWrap(True)
        # why COCO and YOLO are missing from the list for a video or point-cloud project
        self.image_only_note = QLabel(
            f"COCO and YOLO hold image annotations only, so they are not offered for {files}.", self
        )
        self.image_only_note.setWordWrap(True)
        self.image_only_note.setVisible(project_type != "images")
        self.buttons, self.ok_button = accept_cancel_buttons(self, "Export", self._accept_if_valid)

        layout = QVBoxLayout(self)
        layout.addWidget(dialog_title(f"Export {quoted(collection.name)}", self))
        layout.addLayout(form)
        layout.addWidget(self.image_only_note)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._collection_name = collection.name
        self._format_changed()

    @property
    def format(self) -> str:
        return str(self.format_box.currentData())

    def set_format(self, name: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(name))

    def _format_changed(self, *_: object) -> None:
        with_images = self.format in IMAGE_FORMATS
        self.copy_images.setEnabled(with_images)
        self.link_images.setEnabled(with_images)
        what = f"{self._collection_name} ({self.format})"
        self.note.setText(f"A new folder “{what}” is made inside the folder above; nothing there is overwritten.")

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, "Export into folder", self.folder_edit.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.folder_edit.setText)
        dialog.finished.connect(lambda _: setattr(self, "folder_dialog", None))
        self.folder_dialog = dialog
        dialog.open()

    def _accept_if_valid(self) -> None:
        folder = Path(self.folder_edit.text().strip()).expanduser()
        if not self.folder_edit.text().strip() or not folder.is_dir():
            self.message.setText("Choose a folder that exists.")
            return
        if not os.access(folder, os.W_OK | os.X_OK):
            self.message.setText(f"You cannot write in {folder}; choose another folder.")
            return
        self.choice = ExportChoice(self.format, folder, self.format in IMAGE_FORMATS and self.link_images.isChecked())
        self.accept()
