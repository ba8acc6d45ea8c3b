"""The filter panel (docs/product.md U2): a control for every filter of FilterSpec,
the chips row on top, presets, and a debounced `filterChanged(FilterSpec)`.

The session's filter is the truth; the panel holds only the edit in
progress. A control's edit changes only its own filters (and switches them
back on), chips switch off or remove filters, and the controls are then
redrawn from the spec with their signals quiet; ~DEBOUNCE_MS after the last
edit the spec goes to the session. A filter the session gets from elsewhere
(a project opened, the queue panel) is shown at once. Choices come from the
session via FilterOptions, so nothing here waits on the network."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.filters import FilterSpec
from desktop_app.domain.limits import NAME_MAX
from desktop_app.qt.app_state import AppState
from desktop_app.qt.filter_options import EvaluationPreset, FalsePositivePreset, FilterOptions
from desktop_app.ui.common.actions import make_action
from desktop_app.ui.filters.filter_checklist import CheckList
from desktop_app.ui.filters.filter_chips import FilterChips
from desktop_app.ui.filters.filter_evaluation import EvaluationEditor
from desktop_app.ui.filters.filter_presets import PresetsButton
from desktop_app.ui.filters.filter_queue import QueueStatusEditor
from desktop_app.ui.filters.filter_range import LabelRangeEditor
from desktop_app.ui.filters.filter_segmented import SegmentedToggle
from desktop_app.ui.filters.filter_tags import TagFilterEditor
from desktop_app.ui.filters.filter_tristate import EXCLUDE, INCLUDE, TriStateList

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
MIN_WIDTH = 260
ANNOTATED_VALUES: tuple[bool | None, ...] = (None, True, False)  # SegmentedToggle index -> FilterSpec.annotated


def merge(old: tuple[int, ...], now: list[int]) -> tuple[int, ...]:
    """`now`, keeping the order of ids that were already chosen (so equal choices give equal specs)."""
    return tuple(i for i in old if i in now) + tuple(i for i in now if i not in old)


ITEM_TAGS_TITLES = {"images": "Image tags", "videos": "Video tags", "point_clouds": "Point-cloud tags"}


class FilterPanel(QWidget):
    filterChanged = Signal(object)  # FilterSpec sent to the session, ~DEBOUNCE_MS after the last edit

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.session = state.session
        self.options = FilterOptions(state, self)
        self._spec = self.session.filter
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit_if_changed)
        self._build()
        self._make_actions()
        self.options.changed.connect(self._choices_changed)
        state.signals.filterChanged.connect(self._follow_session)
        state.projectChanged.connect(self._name_item_tags)
        self._name_item_tags(state.project)
        self._rebuild_choices({"datasets", "meta", "collections", "queues"})
        self._show_spec()
        self._fit_minimum_width()

    # -- public API ----------------------------------------------------------
    def spec(self) -> FilterSpec:
        return self._spec

    def set_spec(self, spec: FilterSpec) -> None:
        """Filter by `spec` at once: it goes to the session without `filterChanged` (the caller
        has it already) and an edit still waiting for its debounce is superseded. Ids the
        project lacks are dropped (and that change emitted) when its choices next load."""
        self._timer.stop()
        self.session.set_filter(spec)
        self._follow_session(self.session.filter)

    def _follow_session(self, spec: FilterSpec) -> None:
        """The session's filter changed (or was set here): show it, dropping an edit in progress."""
        self._timer.stop()
        self._set(spec)
        self._timer.stop()

    def clear(self) -> None:
        self._set(FilterSpec())

    def actions(self) -> list[QAction]:
        return [self.clear_action, self.focus_action]

    def add_bar(self, bar: QWidget) -> None:
        """A line above the chips about what they are for (e.g. a smart collection's filter being edited)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(self._bars_at, bar)

    # -- layout --------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(6)

        header = QHBoxLayout()
        title = QLabel("Filters", self)
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        header.addWidget(title)
        header.addStretch(1)
        self.presets = PresetsButton(self)
        self.presets.presetChosen.connect(self._apply_preset)
        header.addWidget(self.presets)
        self.clear_button = QToolButton(self)
        header.addWidget(self.clear_button)
        outer.addLayout(header)
        self._bars_at = outer.count()  # add_bar() puts a line here, above the chips

        self.chips = FilterChips(self.options.describe, self)
        self.chips.chipToggled.connect(lambda name, on: self._set(self._spec.with_enabled(name, on)))
        self.chips.chipRemoved.connect(lambda name: self._set(self._spec.without(name)))
        outer.addWidget(self.chips)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(line)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(self.scroll_area)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(8)
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area, 1)
        self._sections: dict[str, tuple[QGroupBox, str, tuple[str, ...]]] = {}

        self.name_edit = QLineEdit(body)
        self.name_edit.setPlaceholderText("File name contains…")
        self.name_edit.setClearButtonEnabled(True)
        self.name_edit.setMaxLength(NAME_MAX)
        self.name_edit.textChanged.connect(lambda text: self._edit(name_contains=text))
        self._section("name", "Name", ("name_contains",), self.name_edit)

        self.datasets = CheckList("No datasets", body)
        self.datasets.changed.connect(lambda: self._edit(datasets=merge(self._spec.datasets, self.datasets.checked())))
        self._section("datasets", "Datasets", ("datasets",), self.datasets)

        self.classes = TriStateList(
            ("Any", "Has", "Not"), ("Any", "Has an object of", "Has no object of"), "No classes in this project", body
        )
        self.classes.changed.connect(self._classes_edited)
        self._section("classes", "Classes", ("classes_present", "classes_absent"), self.classes)

        self.tags = TagFilterEditor(body)
        self.tags.changed.connect(lambda: self._edit(tags=self.tags.conditions()))
        self._section("tags", "Image tags", ("tags",), self.tags)

        objects = QWidget(body)
        objects_layout = QVBoxLayout(objects)
        objects_layout.setContentsMargins(0, 0, 0, 0)
        self.annotated = SegmentedToggle(
            ["Any", "Annotated", "Unannotated"],
            ["Annotated or not", "Has at least one object", "Has no object"],
            objects,
        )
        self.annotated.changed.connect(lambda i: self._edit(annotated=ANNOTATED_VALUES[i]))
        objects_layout.addWidget(self.annotated)
        self.labels = LabelRangeEditor(objects)
        self.labels.changed.connect(self._labels_edited)
        objects_layout.addWidget(self.labels)
        self._section("objects", "Objects", ("annotated", "labels_min", "labels_max"), objects)

        self.collections = TriStateList(
            ("Any", "In", "Not in"), ("Any", "In", "Not in"), "No collections in this project", body
        )
        self.collections.changed.connect(self._collections_edited)
        self._section("collections", "Collections", ("in_collections", "not_in_collections"), self.collections)

        self.queue = QueueStatusEditor(body)
        self.queue.changed.connect(lambda: self._edit(queue_status=self.queue.value()))
        self._section("queue", "Labeling queue status", ("queue_status",), self.queue)

        self.evaluation = EvaluationEditor(body)
        self.evaluation.changed.connect(lambda: self._edit(evaluation=self.evaluation.value()))
        self._section("evaluation", "Evaluation", ("evaluation",), self.evaluation)
        self.body.addStretch(1)

    def _fit_minimum_width(self) -> None:
        """At least MIN_WIDTH, and wide enough that no section is clipped beside the scroll bar
        (fonts differ between systems)."""
        layout, body = self.layout(), self.scroll_area.widget()
        assert layout is not None and body is not None  # both made in _build
        margins = layout.contentsMargins()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        needed = body.minimumSizeHint().width() + bar + margins.left() + margins.right() + 2
        self.setMinimumWidth(max(MIN_WIDTH, needed))

    def _section(self, key: str, title: str, names: tuple[str, ...], content: QWidget) -> None:
        box = QGroupBox(title, self.body.parentWidget())
        box.setObjectName(f"section-{key}")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.addWidget(content)
        self.body.addWidget(box)
        self._sections[key] = (box, title, names)

    def _name_item_tags(self, project: object) -> None:
        """The tags section names the items of the project's type ("Video tags")."""
        box, _title, names = self._sections["tags"]
        self._sections["tags"] = (box, ITEM_TAGS_TITLES.get(getattr(project, "type", "images"), "Item tags"), names)
        self._show_switches()

    def _make_actions(self) -> None:
        self.clear_action = make_action(
            self, "Clear filters", self.clear, shortcuts="Ctrl+Shift+L", tip="Remove every filter"
        )
        self.clear_button.setDefaultAction(self.clear_action)
        self.focus_action = make_action(
            self,
            "Focus name filter",
            self._focus_name,
            shortcuts="Ctrl+F",
            tip="Type a part of the file name to filter by",
        )

    # -- edits ---------------------------------------------------------------
    def _edit(self, *, together: bool = False, **values: Any) -> None:
        """A control changed its filters: set them, and switch them on again if they were off.
        `together`: the control shows all of `values` as one state (a tri-state list), so an
        edit switches all of them back on."""
        changed = {k: v for k, v in values.items() if getattr(self._spec, k) != v}
        if not changed:
            return
        switch_on = set(values) if together else set(changed)
        try:
            spec = replace(self._spec, **changed, disabled=self._spec.disabled - switch_on)
        except ValueError as exc:  # the controls should not allow it; keep the last good spec
            log.warning("filter edit refused: %s", exc)
            self._show_spec()
            return
        self._set(spec, redraw=False)

    def _classes_edited(self) -> None:
        self._edit(
            together=True,
            classes_present=merge(self._spec.classes_present, self.classes.state(INCLUDE)),
            classes_absent=merge(self._spec.classes_absent, self.classes.state(EXCLUDE)),
        )

    def _collections_edited(self) -> None:
        self._edit(
            together=True,
            in_collections=merge(self._spec.in_collections, self.collections.state(INCLUDE)),
            not_in_collections=merge(self._spec.not_in_collections, self.collections.state(EXCLUDE)),
        )

    def _labels_edited(self) -> None:
        low, high = self.labels.value()
        self._edit(labels_min=low, labels_max=high)

    def _apply_preset(self, preset: FalsePositivePreset | EvaluationPreset) -> None:
        self._set(preset.apply(self._spec))

    def _focus_name(self) -> None:
        self.scroll_area.ensureWidgetVisible(self.name_edit)
        self.name_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.name_edit.selectAll()

    def _set(self, spec: FilterSpec, *, redraw: bool = True) -> None:
        if spec == self._spec:
            return
        self._spec = spec
        if redraw:
            self._show_spec()
        else:
            self._show_switches()
        self._timer.start()  # restarts: only the last of quick edits is emitted

    def _emit_if_changed(self) -> None:
        spec = self._spec
        if self.session.set_filter(spec):
            self.filterChanged.emit(spec)

    # -- showing the spec ----------------------------------------------------
    def _show_spec(self) -> None:
        spec = self._spec
        with QSignalBlocker(self.name_edit):
            if self.name_edit.text() != spec.name_contains:
                self.name_edit.setText(spec.name_contains)
        self.datasets.set_checked(spec.datasets)
        self.classes.set_state(spec.classes_present, spec.classes_absent)
        self.tags.set_conditions(spec.tags)
        self.annotated.set_value(ANNOTATED_VALUES.index(spec.annotated))
        self.labels.set_value(spec.labels_min, spec.labels_max)
        self.collections.set_state(spec.in_collections, spec.not_in_collections)
        self.queue.set_filter(spec.queue_status)
        self.evaluation.set_filter(spec.evaluation)
        self._show_switches()

    def _show_switches(self) -> None:
        """Chips, and section titles saying when their filter is switched off."""
        self.chips.set_spec(self._spec)
        for box, title, names in self._sections.values():
            set_ = [n for n in names if self._spec.is_set(n)]
            off = [n for n in set_ if n in self._spec.disabled]
            box.setTitle(title if not off else f"{title} (switched off)" if off == set_ else f"{title} (partly off)")

    # -- choices -------------------------------------------------------------
    def _choices_changed(self, kind: str) -> None:
        if kind == "project":  # the session brings the new project's filter itself
            self._rebuild_choices({"datasets", "meta", "collections", "queues"}, prune=False)
        else:
            self._rebuild_choices({kind})

    def _rebuild_choices(self, kinds: set[str], *, prune: bool = True) -> None:
        if "datasets" in kinds:
            self.datasets.set_choices(self.options.datasets())
        if "meta" in kinds:
            self.classes.set_choices(self.options.classes())
            self.tags.set_choices(self.options.tags())
            self.presets.set_presets(self.options.false_positive_presets())
            self.evaluation.set_choices(self.options.classes())
        if "collections" in kinds:
            self.collections.set_choices(self.options.collections())
        if "queues" in kinds:
            self.queue.set_choices(self.options.queues())
        if prune and self.options.project_id is not None:
            self._set(self.options.prune(self._spec, kinds))
        self._show_spec()  # rebuilt controls show the (kept) selections; chip texts follow renames
