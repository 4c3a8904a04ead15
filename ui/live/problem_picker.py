"""“Which problem does this solve?” — asked the moment an idea is typed without one.

The problems are listed (most votes first) and narrowed as you type; Enter
links the highlighted one. If nobody in the room can name the problem, Park it
puts the idea in the parking lot with that question, instead of losing it or
letting it in as a use case.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator import scoring
from facilitator.model import Problem, clipped

PARKED = 2
"""The dialog's result when the idea goes to the parking lot."""


class _Search(QLineEdit):
    """The search box; Up and Down move through the list below it."""

    def __init__(self, picker: ProblemPicker) -> None:
        super().__init__()
        self.picker = picker

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.picker.list.keyPressEvent(event)
            return
        super().keyPressEvent(event)


class ProblemPicker(QDialog):
    """Pick the problem an idea solves, or park the idea."""

    def __init__(self, problems: list[Problem], idea: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Which problem does this solve?"))
        self.setMinimumSize(560, 420)
        question = QLabel(self.tr("Which problem does “%s” solve?") % idea[:120])
        question.setWordWrap(True)
        question.setObjectName("section")
        self.search = _Search(self)
        self.search.setAccessibleName(self.tr("Find the problem"))
        self.search.setPlaceholderText(self.tr("Type to narrow the list"))
        self.list = QListWidget()  # a workshop's handful of problems
        self.list.setAccessibleName(self.tr("Problems"))
        self.list.setWordWrap(True)
        for problem in scoring.ranked_problems(problems):
            votes = f"  ● {problem.votes}" if problem.votes else ""
            entry = QListWidgetItem(f"{problem.summary()}{votes}")
            entry.setData(Qt.ItemDataRole.UserRole, problem.id)
            entry.setToolTip(clipped(problem.text))
            self.list.addItem(entry)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.search.textChanged.connect(self._narrow)
        self.search.returnPressed.connect(self.accept)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        link = buttons.button(QDialogButtonBox.StandardButton.Ok)
        link.setText(self.tr("Link"))
        self.park_button = QPushButton(self.tr("&Park it: nobody can name the problem yet"))
        buttons.addButton(self.park_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.park_button.clicked.connect(lambda: self.done(PARKED))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # With no problems yet there is nothing to link: say why, and offer the park.
        self.none_yet = QLabel(
            self.tr(
                "No problems are captured yet, and an idea must solve one. Park the "
                "idea for now, then capture the problem it answers (in “Start with "
                "the problem”) and link it from the parking lot."
            )
        )
        self.none_yet.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.none_yet)
        layout.addWidget(buttons)
        empty = not problems
        self.none_yet.setVisible(empty)
        self.search.setVisible(not empty)
        self.list.setVisible(not empty)
        link.setEnabled(not empty)
        self._narrow("")
        (self.park_button if empty else self.search).setFocus()

    def _narrow(self, text: str) -> None:
        wanted = text.strip().lower()
        first = None
        for row in range(self.list.count()):
            entry = self.list.item(row)
            hidden = bool(wanted) and wanted not in entry.text().lower()
            entry.setHidden(hidden)
            if not hidden and first is None:
                first = entry
        if first is not None:
            self.list.setCurrentItem(first)
        else:
            self.list.setCurrentRow(-1)

    def chosen(self) -> str | None:
        """The highlighted problem's id (None if the list shows nothing)."""
        entry = self.list.currentItem()
        if entry is None or entry.isHidden():
            return None
        return str(entry.data(Qt.ItemDataRole.UserRole))

    def accept(self) -> None:
        if self.chosen() is not None:
            super().accept()
