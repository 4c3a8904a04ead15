"""The people in the room: add, edit and remove participants during the workshop.

The table is an :class:`~ui.live.tables.EditGrid`: typing edits a cell, Tab keeps
it and moves on (Name, Role, Department, Stance, then the next person), Escape
drops only the cell being edited. An edit redraws the cells in place, so the
cursor stays where Tab put it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.model import STANCES, Participant, Record
from facilitator.workshop import Change
from ui.live.session import Session
from ui.live.tables import EditGrid, RecordTableModel, TextDelegate

AnyIndex = QModelIndex | QPersistentModelIndex
COLUMNS = (("name", "Name"), ("role", "Role"), ("department", "Department"), ("stance", "Stance"))
COL_STANCE = 3


class ParticipantsModel(RecordTableModel):
    """Participants as an editable table; each edit is one core update."""

    def __init__(self, session: Session) -> None:
        super().__init__(tuple(title for _, title in COLUMNS))
        self.session = session
        self._rows: list[Participant] = session.workshop.typed(Participant)
        session.changed.connect(self._changed)

    @property
    def records(self) -> Sequence[Record]:
        return self._rows

    def _changed(self, change: Change) -> None:
        if not any(rc.table == "participants" for rc in change.records):
            return
        before = self.record_ids()
        self._rows = self.session.workshop.typed(Participant)
        # Reset only when a person came or went: an edited cell is redrawn in place,
        # so the current cell (where Tab is going next) survives the save.
        self.refreshed(before)

    def person(self, row: int) -> Participant:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
        ):
            return None
        value = getattr(self._rows[index.row()], COLUMNS[index.column()][0])
        return value or ""

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if self.session.read_only or not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(
        self,
        index: AnyIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        person = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        new = value or None if key == "stance" else str(value)
        if getattr(person, key) == new:
            return False
        done = self.session.perform(lambda: self.session.workshop.update(person.id, **{key: new}))
        return done is not None


class StanceDelegate(TextDelegate):
    """A drop-down of the four stances for the Stance column."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem("", "")
        for stance in STANCES:
            combo.addItem(stance, stance)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PeopleGrid(EditGrid):
    """The people as a sheet. Tab past the last cell leaves the table (for "Add
    person") instead of wrapping round into the first person's name."""

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        index = super().moveCursor(cursorAction, modifiers)
        current = self.currentIndex()
        if index.isValid() and current.isValid():
            here, there = (current.row(), current.column()), (index.row(), index.column())
            forward = cursorAction == QAbstractItemView.CursorAction.MoveNext
            backward = cursorAction == QAbstractItemView.CursorAction.MovePrevious
            if (forward and there < here) or (backward and there > here):
                return QModelIndex()
        return index

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        step = {
            QAbstractItemDelegate.EndEditHint.EditNextItem: QAbstractItemView.CursorAction.MoveNext,
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: (
                QAbstractItemView.CursorAction.MovePrevious
            ),
        }.get(hint)
        leaving = (
            step is not None and not self.moveCursor(step, Qt.KeyboardModifier.NoModifier).isValid()
        )
        super().closeEditor(editor, hint)
        if leaving:
            self.focusNextPrevChild(step == QAbstractItemView.CursorAction.MoveNext)


class ParticipantsDialog(QDialog):
    """Manage the people in the room."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("People in the room"))
        self.resize(720, 420)
        self.model = ParticipantsModel(session)
        self.view = PeopleGrid(self.tr("Participants"))
        self.view.setModel(self.model)
        self.view.setItemDelegate(TextDelegate(session, self.view))
        self.view.setItemDelegateForColumn(COL_STANCE, StanceDelegate(session, self.view))
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setVisible(False)
        add = QPushButton(self.tr("&Add person"))
        remove = QPushButton(self.tr("&Remove"))
        close = QPushButton(self.tr("Close"))
        add.clicked.connect(lambda _checked=False: self.add_person())
        remove.clicked.connect(self.remove_selected)
        close.clicked.connect(self.accept)
        for button in (add, remove):
            button.setEnabled(not session.read_only)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(row)

    def add_person(self, name: str = "") -> None:
        person = self.session.perform(
            lambda: self.session.workshop.add("participant", name=name or self.tr("New person"))
        )
        if person is not None:
            index = self.model.index(self.model.rowCount() - 1, 0)
            self.view.setCurrentIndex(index)
            if not name:
                self.view.edit(index)

    def remove_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            person = self.model.person(index.row())
            self.session.perform(lambda: self.session.workshop.delete(person.id))
