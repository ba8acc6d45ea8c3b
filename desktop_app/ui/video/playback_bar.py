"""Under the video: play/pause, the scrub bar, and where we are (frame number
and time). Only widgets: the video viewer drives it (`set_video`,
`show_position`) and listens to `frameChosen` (the user moved the bar) and
the play button's action."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QWidget


def clock_text(seconds: float) -> str:
    """0:03.25 (minutes, seconds and hundredths)."""
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{rest:05.2f}"


class PlaybackBar(QWidget):
    frameChosen = Signal(int)  # the user dragged or clicked the scrub bar to this frame

    def __init__(self, play_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playbackBar")
        self.play_button = QToolButton(self)
        self.play_button.setDefaultAction(play_action)
        self.play_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("scrubBar")
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrow keys step frames through the viewer's actions
        self.slider.setRange(0, 0)
        self.slider.setPageStep(10)
        self.position = QLabel(self)
        self.position.setObjectName("framePosition")
        self.position.setMinimumWidth(self.fontMetrics().horizontalAdvance("Frame 00000 / 00000 · 00:00.00 / 00:00.00"))
        self.frame_tags = QLabel(self)
        self.frame_tags.setObjectName("frameTags")
        self.frame_tags.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._fps = 0.0
        self._count = 0
        self._setting = False  # our own setValue(), not the user's

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 2)
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.position)
        layout.addWidget(self.frame_tags)
        self.slider.valueChanged.connect(self._moved)

    def set_video(self, frames_count: int, fps: float) -> None:
        self._count, self._fps = max(1, frames_count), fps
        self._setting = True
        self.slider.setRange(0, self._count - 1)
        self._setting = False

    def show_position(self, frame: int, tags_here: str = "") -> None:
        self._setting = True
        self.slider.setValue(frame)
        self._setting = False
        text = f"Frame {frame + 1} / {self._count}"
        if self._fps:
            text += f" · {clock_text(frame / self._fps)} / {clock_text(self._count / self._fps)}"
        self.position.setText(text)
        self.frame_tags.setText(tags_here)

    def _moved(self, value: int) -> None:
        if not self._setting:
            self.frameChosen.emit(value)
