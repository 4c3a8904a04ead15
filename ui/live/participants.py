"""The people in the room: add, edit and remove participants during the workshop."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.model import STANCES, Participant
from facilitator.workshop import Change
from ui.live.session import Session

AnyIndex = QModelIndex | QPersistentModelIndex
COLUMNS = (("name", "Name"), ("role", "Role"), ("department", "Department"), ("stance", "Stance"))
COL_STANCE = 3


class ParticipantsModel(QAbstractTableModel):
    """Participants as an editable table; each edit is one core update."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._rows: list[Participant] = session.workshop.typed(Participant)
        session.changed.connect(self._changed)

    def _changed(self, change: Change) -> None:
        if not any(rc.table == "participants" for rc in change.records):
            return
        self.beginResetModel()  # a handful of people: a reset is cheap here
        self._rows = self.session.workshop.typed(Participant)
        self.endResetModel()

    def person(self, row: int) -> Participant:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section][1])
        return None

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
        return base if self.session.read_only else base | Qt.ItemFlag.ItemIsEditable

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


class StanceDelegate(QStyledItemDelegate):
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


class ParticipantsDialog(QDialog):
    """Manage the people in the room."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("People in the room"))
        self.resize(720, 420)
        self.model = ParticipantsModel(session)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Participants"))
        self.view.setItemDelegateForColumn(COL_STANCE, StanceDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setVisible(False)
        add = QPushButton(self.tr("&Add person"))
        remove = QPushButton(self.tr("&Remove"))
        close = QPushButton(self.tr("Close"))
        add.clicked.connect(self.add_person)
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
