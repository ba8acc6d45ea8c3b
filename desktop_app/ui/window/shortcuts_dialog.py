"""The keyboard cheat sheet, built from the window's QActions.

Each action with a shortcut is listed under its category
(`action.setProperty("category", "Selection")`, "General" when unset), with
its text and every shortcut. A search box filters by action, category or key."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.common.tree_items import child_items, top_level_items

DEFAULT_CATEGORY = "General"


def action_label(action: QAction) -> str:
    """The menu text without mnemonics ("&Undo" -> "Undo") or a trailing tab part."""
    text = action.text().split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.strip() or action.toolTip().strip()


def shortcut_text(action: QAction) -> str:
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
    return ", ".join(dict.fromkeys(keys))


def category_of(action: QAction) -> str:
    value = action.property("category")
    return str(value) if value else DEFAULT_CATEGORY


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search actions or keys…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(("Action", "Shortcut"))
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.nothing = QLabel()
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.nothing)
        layout.addWidget(buttons)
        rows = self._fill(actions)
        line = self.fontMetrics().height() + 6
        self.resize(480, min(620, max(260, 140 + rows * line)))
        self.search.setFocus()

    def _fill(self, actions: Iterable[QAction]) -> int:
        groups: dict[str, QTreeWidgetItem] = {}
        seen: set[tuple[str, str]] = set()
        bold = self.font()
        bold.setBold(True)
        for action in actions:
            keys = shortcut_text(action)
            label = action_label(action)
            if action.isSeparator() or not keys or not label or (label, keys) in seen:
                continue
            seen.add((label, keys))
            category = category_of(action)
            group = groups.get(category)
            if group is None:
                group = groups[category] = QTreeWidgetItem([category])
                group.setFont(0, bold)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                metrics = self.fontMetrics()  # a taller row: air between groups
                group.setSizeHint(0, QSize(metrics.horizontalAdvance(category) + 24, metrics.height() + 12))
                group.setTextAlignment(0, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft)
                self.tree.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)
            row = QTreeWidgetItem([label, keys])
            row.setToolTip(0, action.toolTip())
            row.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.addChild(row)
        self.tree.expandAll()
        return len(seen) + len(groups)

    def rows(self) -> list[tuple[str, str, str]]:
        """(category, action, shortcut) of every row not hidden by the search."""
        out = []
        for group in top_level_items(self.tree):
            for row in child_items(group):
                if not row.isHidden():
                    out.append((group.text(0), row.text(0), row.text(1)))
        return out

    def apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        shown = 0
        for group in top_level_items(self.tree):
            visible = 0
            for row in child_items(group):
                haystack = f"{group.text(0)} {row.text(0)} {row.text(1)}".casefold()
                match = all(w in haystack for w in words)
                row.setHidden(not match)
                visible += match
            group.setHidden(visible == 0)
            shown += visible
        self.nothing.setText(f"No shortcut matches “{text.strip()}”.")
        self.nothing.setVisible(shown == 0 and bool(words))
        self.tree.setVisible(shown > 0 or not words)
