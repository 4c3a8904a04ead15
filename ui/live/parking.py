"""The parking lot: ideas nobody could link to a problem yet.

An idea without a problem is not a use case — that is the rule of the day — but
it is not thrown away either. It waits here under the question “which problem
does this solve?”; when someone names the problem, Link turns it into an idea
(one undoable step), and the brief lists whatever is still parked at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.model import Note, clipped
from facilitator.workshop import Change
from ui.live.session import Session


def parked_notes(session: Session) -> list[Note]:
    return [n for n in session.workshop.typed(Note) if n.parked]


class ParkingLot(QWidget):
    """The parked ideas, with Link (to a problem) and Drop."""

    def __init__(
        self,
        session: Session,
        ask_problem: Callable[[str], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.ask_problem = ask_problem
        self.wanted = False  # shown in exercises that capture ideas
        self.title = QLabel()
        self.title.setObjectName("section")
        question = QLabel(self.tr("Which problem does each of these solve?"))
        question.setObjectName("muted")
        self.list = QListWidget()  # a few parked ideas
        self.list.setAccessibleName(self.tr("Parking lot"))
        self.list.setMaximumHeight(110)
        self.list.itemActivated.connect(lambda _item: self.link_current())
        self.link_button = QPushButton(self.tr("&Link to a problem…"))
        self.link_button.clicked.connect(self.link_current)
        self.drop_button = QPushButton(self.tr("Drop"))
        self.drop_button.clicked.connect(self.drop_current)
        buttons = QVBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.drop_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(question)
        layout.addLayout(row)
        session.changed.connect(self._changed)
        self.reload()

    def _changed(self, change: Change) -> None:
        if any(rc.table in ("notes", "ideas") for rc in change.records):
            self.reload()

    def reload(self) -> None:
        notes = parked_notes(self.session)
        current = self.current_id()
        self.list.clear()
        for note in notes:
            entry = QListWidgetItem(clipped(note.text))
            entry.setData(Qt.ItemDataRole.UserRole, note.id)
            self.list.addItem(entry)
            if note.id == current:
                self.list.setCurrentItem(entry)
        if self.list.currentRow() < 0 and notes:
            self.list.setCurrentRow(0)
        self.title.setText(self.tr("Parking lot (%d)") % len(notes))
        self.setVisible(self.wanted and bool(notes))
        writable = not self.session.read_only
        self.link_button.setEnabled(writable and bool(notes))
        self.drop_button.setEnabled(writable and bool(notes))

    def set_wanted(self, wanted: bool) -> None:
        self.wanted = wanted
        self.reload()

    def current_id(self) -> str | None:
        entry = self.list.currentItem()
        return str(entry.data(Qt.ItemDataRole.UserRole)) if entry is not None else None

    def link_current(self) -> None:
        note_id = self.current_id()
        if note_id is None:
            return
        note = self.session.workshop.get(note_id)
        problem = self.ask_problem(getattr(note, "text", ""))
        if problem is None or problem == "parked":  # still nobody can say: it stays
            return
        workshop = self.session.workshop
        self.session.perform(partial(workshop.unpark, note_id, [problem]))

    def drop_current(self) -> None:
        note_id = self.current_id()
        if note_id is not None:
            self.session.perform(partial(self.session.workshop.delete, note_id))
