"""“Create labeling queue…” from a collection (docs/product.md Q1).

Left: name, description, readme, labelers and reviewers (the team's users,
loaded in the background). Right: what to label — classes and tags (none
checked = all of them), objects/tags per image (0 = no limit), images to
include or leave out by tag, dynamic classes/tags, and the review options.

Every change is checked with QueueSpec's own rules (plus a queue name
already used in this project); the problems are listed under the form and
Create stays disabled until there are none. An empty collection is fine: the
queue follows its collection and fills as items are added.

Someone checked as both labeler and reviewer turns self-review on (unless
the user ticked or unticked it) and a note says so: otherwise Review would
find nothing of theirs. Esc or Cancel with changes asks "Discard this queue?".

Create sends the queue in the background (AppState.run) with the dialog
kept open and its fields locked; on success the queues are refreshed,
`created(queue_id)` fires and the dialog closes; a refusal from the server is
shown in the dialog in plain words, and nothing was created."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.records import Collection
from desktop_app.domain.limits import NAME_MAX
from desktop_app.domain.queue_spec import QueueSpec
from desktop_app.domain.team_users import TeamUser
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.filter_options import Choice
from desktop_app.qt.tasks import TaskScope
from desktop_app.qt.undo import items_text, quoted
from desktop_app.ui.collections.collection_dialogs import ProblemLabel
from desktop_app.ui.common.dialog_parts import accept_cancel_buttons, dialog_title, reserve_message_space
from desktop_app.ui.filters.filter_tristate import EXCLUDE, INCLUDE, TriStateList
from desktop_app.ui.queues.discard_prompt import ask_discard_queue
from desktop_app.ui.queues.queue_check_list import CheckList, Entry
from desktop_app.ui.queues.queue_form_parts import limit_box, limits_row, people_columns


class QueueDialog(QDialog):
    created = Signal(int)  # the new queue's id

    def __init__(
        self,
        state: AppState,
        collection: Collection,
        parent: QWidget | None = None,
        *,
        users: list[TeamUser] | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.collection = collection
        self.users: list[TeamUser] | None = None
        self.queue_id: int | None = None  # once created
        self._tasks = TaskScope(self)
        self._busy = False
        self._touched = False  # problems are muted hints until the user has changed something
        self._server_problem = ""
        self._review_own_chosen = False  # the user ticked or unticked self-review: no more defaulting
        self._syncing = False  # the dialog itself is setting self-review
        self.discard_prompt: QMessageBox | None = None
        self.setWindowTitle("Create labeling queue")
        self.setMinimumWidth(860)

        self._build()
        self._fill_meta()
        if users is not None:
            self._set_users(users)
        else:
            self._load_users()
        self._connect()
        self._validate()
        self.name_edit.setFocus()

    # -- layout ---------------------------------------------------------------
    def _build(self) -> None:
        title = dialog_title(f"Send {quoted(self.collection.name)} to annotators", self)
        self.source_label = QLabel(self._source_text(), self)
        self.source_label.setWordWrap(True)
        self.source_label.setTextFormat(Qt.TextFormat.PlainText)

        # left column: who and what it is called
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("e.g. Fix false positives, batch 3")
        self.name_edit.setMaxLength(NAME_MAX + 50)  # longer input is shown as a problem, not cut silently
        self.description_edit = QLineEdit(self)
        self.description_edit.setPlaceholderText("Optional: a line for the queue list")
        self.readme_edit = QPlainTextEdit(self)
        self.readme_edit.setPlaceholderText("Optional: instructions for the annotators (Markdown)")
        self.readme_edit.setTabChangesFocus(True)
        self.readme_edit.setMinimumHeight(80)
        self.labelers = CheckList(self, rows=6, min_rows=4)
        self.labelers.setAccessibleName("Labelers")
        self.reviewers = CheckList(self, rows=6, min_rows=4)
        self.reviewers.setAccessibleName("Reviewers")
        self.users_note = QLabel("Loading the team's users…", self)
        self.users_note.setEnabled(False)
        self.users_note.setWordWrap(True)
        names = QFormLayout()
        names.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        names.addRow("&Name:", self.name_edit)
        names.addRow("&Description:", self.description_edit)
        readme_label = QLabel("&Readme:", self)
        readme_label.setBuddy(self.readme_edit)
        people = people_columns(self, self.labelers, self.reviewers)
        left = QVBoxLayout()
        left.addLayout(names)
        left.addWidget(readme_label)
        left.addWidget(self.readme_edit, 1)
        left.addLayout(people)
        left.addWidget(self.users_note)

        # right column: what to label
        self.classes = CheckList(self, rows=8)
        self.classes.setAccessibleName("Classes to label")
        self.classes_note = QLabel(self)
        self.tags = CheckList(self, rows=4)
        self.tags.setAccessibleName("Tags to label")
        self.tags_note = QLabel(self)
        for note in (self.classes_note, self.tags_note):
            note.setEnabled(False)
        self.objects_limit = limit_box(self, "objects")
        self.tags_limit = limit_box(self, "tags")
        limits = limits_row(self, self.objects_limit, self.tags_limit)
        self.image_tags = TriStateList(
            ("Any", "Only with", "Without"),
            ("Any image, with or without the tag", "Only images with the tag", "Leave out images with the tag"),
            "The project has no image tags.",
            self,
        )
        what = QGroupBox("What to label", self)
        form = QFormLayout(what)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Classes:", self.classes)
        form.addRow("", self.classes_note)
        form.addRow("Tags:", self.tags)
        form.addRow("", self.tags_note)
        form.addRow("Per image:", limits)
        form.addRow("Images with tag:", self.image_tags)

        self.dynamic_classes = QCheckBox("Classes added to the project later can be labeled", self)
        self.dynamic_tags = QCheckBox("Tags added to the project later can be labeled", self)
        self.review_own = QCheckBox("Reviewers may review their own annotations", self)
        self.self_review_note = QLabel(self)  # why self-review is on (someone is labeler and reviewer)
        self.self_review_note.setObjectName("selfReviewNote")
        self.self_review_note.setWordWrap(True)
        self.self_review_note.setEnabled(False)
        reserve_message_space(self.self_review_note, 2)  # the form must not move when it shows
        self.self_review_note.hide()
        self.skip_completed = QCheckBox("Finish an annotator's job when the queue has nothing left", self)
        options = QGroupBox("Options", self)
        options_box = QVBoxLayout(options)
        for box in (
            self.dynamic_classes,
            self.dynamic_tags,
            self.review_own,
            self.self_review_note,
            self.skip_completed,
        ):
            options_box.addWidget(box)

        right = QVBoxLayout()
        right.addWidget(what)
        right.addWidget(options)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(8)
        columns.addLayout(right, 1)

        self.problem = ProblemLabel(self, reserve_lines=3)
        self.buttons, self.ok_button = accept_cancel_buttons(self, "Create queue", self.submit)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.source_label)
        layout.addSpacing(4)
        layout.addLayout(columns, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _source_text(self) -> str:
        c = self.collection
        if c.items_count == 0:
            return (
                f"{quoted(c.name)} is empty. The queue fills as items are added to {quoted(c.name)}; "
                "items removed from it leave the queue unless work on them has started."
            )
        count = f"its {items_text(c.items_count)}" if c.items_count is not None else "its items"
        return (
            f"The queue takes {count} and follows the collection: items added to {quoted(c.name)} later join the queue."
        )

    def _fill_meta(self) -> None:
        meta = self.state.meta
        classes = meta.classes if meta is not None else ()
        tags = meta.tags if meta is not None else ()
        self.classes.set_entries([Entry(c.title, c.title, c.color) for c in classes])
        self.tags.set_entries([Entry(t.name, t.name, t.color) for t in tags])
        # include/exclude images by IMAGE tags (not those only objects can carry)
        self.image_tags.set_choices(
            [Choice(t.id, t.name, t.color) for t in tags if t.id is not None and t.applicable_type != "objectsOnly"]
        )
        self._tag_names = {t.id: t.name for t in tags if t.id is not None}
        self._update_notes()
        self._keep_lists_whole()

    def _keep_lists_whole(self) -> None:
        """The form's lists have fixed heights, but the layout's minimum lets the dialog shrink below
        what they need (then the class list covers its note): hold the dialog at the form's natural
        height, or the screen's if that is smaller."""
        layout = self.layout()
        if layout is not None:
            screen = self.screen().availableGeometry().height() if self.screen() else 10_000
            self.setMinimumHeight(min(layout.sizeHint().height(), screen - 40))

    def _connect(self) -> None:
        for edit in (self.name_edit, self.description_edit):
            edit.textChanged.connect(self._edited)
        self.readme_edit.textChanged.connect(self._edited)
        for checklist in (self.labelers, self.reviewers, self.classes, self.tags):
            checklist.changed.connect(self._edited)
        self.image_tags.changed.connect(self._edited)
        for spin in (self.objects_limit, self.tags_limit):
            spin.valueChanged.connect(self._edited)
        for box in (self.dynamic_classes, self.dynamic_tags, self.review_own, self.skip_completed):
            box.toggled.connect(self._edited)
        self.review_own.toggled.connect(self._review_own_toggled)
        for checklist in (self.labelers, self.reviewers):
            checklist.changed.connect(self._sync_self_review)

    # -- the team's users --------------------------------------------------------
    def _load_users(self) -> None:
        project = self.state.project
        if project is None or project.team_id is None:
            self.users_note.setText("No project is open.")
            return
        self.labelers.setEnabled(False)
        self.reviewers.setEnabled(False)
        self._tasks.start(self._fetch_users(project.team_id), key="users")

    async def _fetch_users(self, team_id: int) -> None:
        try:
            users = await self.state.services.users.team_members(team_id)
        except Exception as exc:  # noqa: BLE001 (shown in the dialog; the user can cancel and retry)
            self.users_note.setText(f"Could not load the team's users: {plain_error(exc)}")
            return
        self._set_users(users)

    def _set_users(self, users: list[TeamUser]) -> None:
        self.users = list(users)
        entries = [
            Entry(u.id, u.label, tooltip=f"{u.label}" + (f" — {u.role} in the team" if u.role else ""))
            for u in self.users
        ]
        self.labelers.set_entries(entries)
        self.reviewers.set_entries(entries)
        self.labelers.setEnabled(True)
        self.reviewers.setEnabled(True)
        self.users_note.setText("" if self.users else "The team has no other users you can see.")
        self.users_note.setVisible(not self.users)
        self._validate()

    # -- the spec and its problems ---------------------------------------------
    def spec(self) -> QueueSpec:
        tag_state = {
            which: [self._tag_names[i] for i in self.image_tags.state(which) if i in self._tag_names]
            for which in (INCLUDE, EXCLUDE)
        }
        return QueueSpec(
            name=self.name_edit.text(),
            labeler_ids=tuple(self.labelers.checked()),
            reviewer_ids=tuple(self.reviewers.checked()),
            source_collection_id=self.collection.id,
            description=self.description_edit.text(),
            readme=self.readme_edit.toPlainText(),
            classes_to_label=tuple(self.classes.checked()),
            tags_to_label=tuple(self.tags.checked()),
            objects_limit_per_image=self.objects_limit.value(),
            tags_limit_per_image=self.tags_limit.value(),
            include_images_with_tags=tuple(tag_state[INCLUDE]),
            exclude_images_with_tags=tuple(tag_state[EXCLUDE]),
            dynamic_classes=self.dynamic_classes.isChecked(),
            dynamic_tags=self.dynamic_tags.isChecked(),
            allow_review_own_annotations=self.review_own.isChecked(),
            skip_complete_job_on_empty=self.skip_completed.isChecked(),
        )

    def problems(self) -> list[str]:
        spec = self.spec()
        out = spec.problems(self.state.meta)
        name = spec.cleaned().name
        if name and any(q.name == name for q in self.state.queues):
            out.insert(0, f"A queue named {quoted(name)} already exists in this project.")
        if self.users is None:
            out.append("Waiting for the team's users…")
        return out

    def _edited(self, *_: object) -> None:
        self._touched = True
        self._server_problem = ""
        self._update_notes()
        self._validate()

    # -- self-review: on by default when someone is both labeler and reviewer ------
    def _review_own_toggled(self, *_: object) -> None:
        if not self._syncing:  # ticked or unticked by the user: their choice stays
            self._review_own_chosen = True
            self._sync_self_review()

    def _both_roles(self) -> list[str]:
        """Who is checked as labeler and reviewer (by name)."""
        both = set(self.labelers.checked()) & set(self.reviewers.checked())
        names = {u.id: u.label for u in self.users or ()}
        return sorted(names.get(i, f"user {i}") for i in both)

    def _sync_self_review(self) -> None:
        """With one person as labeler and reviewer (the demo's single user), Review
        would find nothing without self-review: turn it on unless the user chose."""
        both = self._both_roles()
        if not self._review_own_chosen:
            self._syncing = True
            try:
                self.review_own.setChecked(bool(both))
            finally:
                self._syncing = False
        if not both:
            self.self_review_note.hide()
            return
        who = ", ".join(both)
        verb = "is" if len(both) == 1 else "are"
        if self.review_own.isChecked():
            text = f"Self-review is on: {who} {verb} both labeler and reviewer, so they can review what they submitted."
        else:
            text = (
                f"Self-review is off: {who} {verb} labeler and reviewer but cannot review what they "
                "submitted; another reviewer must."
            )
        self.self_review_note.setText(text)
        self.self_review_note.show()

    def _update_notes(self) -> None:
        n = len(self.classes.checked())
        self.classes_note.setText(
            "Every class of the project" if not n else "Only this class" if n == 1 else f"Only these {n} classes"
        )
        n = len(self.tags.checked())
        self.tags_note.setText(
            "Every tag of the project" if not n else "Only this tag" if n == 1 else f"Only these {n} tags"
        )

    def _validate(self) -> None:
        problems = self.problems()
        if self._server_problem:
            self.problem.show_problem(self._server_problem)
        else:
            self.problem.show_problem("\n".join(problems) if problems else None, quiet=not self._touched)
        self.ok_button.setEnabled(not problems and not self._busy)

    # -- creating -------------------------------------------------------------------
    def submit(self) -> None:
        if self._busy or self.problems():
            return
        self._set_busy(True)
        self.state.run(self._create(self.spec()), "Creating labeling queue")

    async def _create(self, spec: QueueSpec) -> int | None:
        try:
            queue_id = await self.state.services.queues.create(spec)
        except Exception as exc:  # refused or unreachable: say why in the dialog, keep the form
            self._server_problem = f"The queue was not created: {plain_error(exc)}"
            self._set_busy(False)
            return None
        except BaseException:  # cancelled from the status bar
            self._set_busy(False)
            raise
        self.queue_id = queue_id
        try:
            await self.state.refresh_queues()
        finally:
            self._set_busy(False)
            self.created.emit(queue_id)
            self.accept()
        return queue_id

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (
            self.name_edit,
            self.description_edit,
            self.readme_edit,
            self.labelers,
            self.reviewers,
            self.classes,
            self.tags,
            self.objects_limit,
            self.tags_limit,
            self.image_tags,
            self.dynamic_classes,
            self.dynamic_tags,
            self.review_own,
            self.skip_completed,
        ):
            w.setEnabled(not busy)
        self.ok_button.setText("Creating…" if busy else "Create queue")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        self._validate()

    def reject(self) -> None:
        """Esc and Cancel: ask first when something was filled in."""
        if self._busy:  # the request is on its way: wait for the answer
            return
        if not self._touched:
            super().reject()
            return
        if self.discard_prompt is None or not self.discard_prompt.isVisible():
            self.discard_prompt = ask_discard_queue(self, self._discard)

    def _discard(self) -> None:
        super().reject()
