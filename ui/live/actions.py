"""The commitments table (the ``actions`` view): next steps, who owns them, by when.

One row per next step, in the order the room agreed them: the text, the owner,
the due date (a calendar; empty is allowed) and the use case it moves forward.
Type on a cell or press F2 or Enter to edit it, Tab to the next cell, Delete to
remove the step (Ctrl+Z brings it back). "Add next step" and the capture line
above the board both add one. A step without a named owner or a date is flagged:
the brief reports how many steps have a named owner, and the read-back is the
moment to fix the ones that have not.

The rows stay in capture order while the facilitator edits them — a row that
jumped away the moment its date was set would take the cursor with it. The
projector reads them back in the brief's order (:func:`scoring.ordered_actions`:
by due date, undated last), in large type: what, who, by when.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from facilitator import scoring
from facilitator.model import Action, AgendaItem, Idea, Participant, clipped
from facilitator.numbers import day_with_weekday
from facilitator.workshop import Change
from ui.live.dates import DueEditor
from ui.live.models import RECORD_ROLE
from ui.live.session import Session
from ui.live.tables import (
    RecordTableModel,
    RoomProxy,
    TableHeader,
    edited_like_a_sheet,
    focus_first_cell,
    for_the_room,
    room_tone,
    stack,
)
from ui.live.views import ExerciseView
from ui.table_model import AnyIndex
from ui.theme import tone

COL_TEXT, COL_OWNER, COL_DUE, COL_IDEA = range(4)
HEADERS = ("Next step", "Owner", "Due", "Use case")
NO_OWNER = "No owner yet"
NO_DATE = "No date yet"
NO_IDEA = "—"


def one_line(text: str) -> str:
    return " ".join(clipped(text).split())


class WrappingTable(QTableView):
    """Rows as tall as their wrapped text, measured again whenever the width changes
    (Qt measures once, often before the window has its final width, and only the
    columns then in sight)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().sectionResized.connect(self._measure_later)
        self._measuring = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._measure_later()

    def _measure_later(self) -> None:
        # Once the header has stretched its columns to the new width, not before.
        if not self._measuring:
            self._measuring = True
            QTimer.singleShot(0, self, self._measure)  # not if the table is gone

    def _measure(self) -> None:
        self._measuring = False
        self.resizeRowsToContents()


class ActionsModel(RecordTableModel):
    """The facilitator's table: every next step, in the order it was agreed."""

    def __init__(self, session: Session) -> None:
        super().__init__(HEADERS)
        self.session = session
        self.actions: list[Action] = []
        self.ideas: dict[str, Idea] = {}
        self._gone: dict[str, int] = {}
        """Rows of deleted steps, for undo to put them back."""

    @property
    def records(self) -> list[Action]:
        return self.actions

    def reload(self) -> None:
        self.beginResetModel()
        self._gone.clear()
        # Capture order: by when each step was agreed (a step brought back by undo
        # comes back to its place, where the core lists it last).
        self.actions = sorted(self.session.workshop.typed(Action), key=lambda a: a.created_at)
        self.ideas = {i.id: i for i in self.session.workshop.typed(Idea)}
        self.endResetModel()

    def apply(self, change: Change) -> None:
        """Follow one core change row by row: the cursor and an open editor stay put."""
        if any(rc.table == "ideas" for rc in change.records):
            self.ideas = {i.id: i for i in self.session.workshop.typed(Idea)}
            if self.actions:
                self.dataChanged.emit(
                    self.index(0, COL_IDEA), self.index(len(self.actions) - 1, COL_IDEA)
                )
        for rc in change.records:
            if rc.table != "actions":
                continue
            row = self.row_of(rc.id)
            if rc.after is None and row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.actions[row]
                self._gone[rc.id] = row
                self.endRemoveRows()
            elif isinstance(rc.after, Action) and row < 0:
                at = self._position_for(rc.after)  # an undone delete goes back home
                self.beginInsertRows(QModelIndex(), at, at)
                self.actions.insert(at, rc.after)
                self.endInsertRows()
            elif isinstance(rc.after, Action):
                self.actions[row] = rc.after
                self.dataChanged.emit(self.index(row, 0), self.index(row, COL_IDEA))

    def _position_for(self, action: Action) -> int:
        if action.id in self._gone:  # where it was (steps agreed in the same instant tie)
            return min(self._gone.pop(action.id), len(self.actions))
        for row, other in enumerate(self.actions):
            if other.created_at > action.created_at:
                return row
        return len(self.actions)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return super().headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        action = self.actions[index.row()]
        column = index.column()
        if role == RECORD_ROLE:
            return action
        if role == Qt.ItemDataRole.EditRole:
            return (action.text, action.owner, action.due, action.idea_id)[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(action, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(action, column)
        missing = (column == COL_OWNER and not scoring.has_owner(action)) or (
            column == COL_DUE and not action.due
        )
        if role == Qt.ItemDataRole.ForegroundRole:
            if missing:
                return QColor(tone("warn"))
            if column == COL_IDEA and action.idea_id not in self.ideas:
                return QColor(tone("muted"))
        if role == Qt.ItemDataRole.FontRole and missing:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _shown(self, action: Action, column: int) -> str:
        if column == COL_TEXT:
            return one_line(action.text)
        if column == COL_OWNER:
            return action.owner.strip() or self.tr(NO_OWNER)
        if column == COL_DUE:
            return day_with_weekday(action.due) or self.tr(NO_DATE)
        idea = self.ideas.get(action.idea_id or "")
        return idea.summary() if idea else NO_IDEA

    def _tip(self, action: Action, column: int) -> str | None:
        if column == COL_TEXT:
            return clipped(action.text)
        if column == COL_OWNER and not scoring.has_owner(action):
            return self.tr("One named person, who knows tonight that they own it")
        if column == COL_DUE and not action.due:
            return self.tr("By when? “ASAP” doesn't count")
        if column == COL_IDEA:
            idea = self.ideas.get(action.idea_id or "")
            return (
                clipped(idea.text) if idea else self.tr("Moves no use case forward (that's fine)")
            )
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and not self.session.read_only:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """One cell edited: one undoable, saved update of the step."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        action = self.actions[index.row()]
        column = index.column()
        values: dict[str, Any]
        if column == COL_TEXT:
            text = str(value or "").strip()
            if not text:
                self.session.failed.emit(
                    self.tr("A next step needs some text; Delete removes the step.")
                )
                return False
            values = {"text": text}
        elif column == COL_OWNER:
            values = {"owner": " ".join(str(value or "").split())}
        elif column == COL_DUE:
            values = {"due": value or None}
        else:
            values = {"idea_id": value or None}
        if all(getattr(action, k) == v for k, v in values.items()):
            return False
        session = self.session
        done = session.perform(partial(session.workshop.update, action.id, **values))
        return done is not None


class ActionsDelegate(QStyledItemDelegate):
    """The editors: names of the people in the room for the owner, a calendar for the
    date, the ideas for the use case."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        column = index.column()
        if column == COL_DUE:
            return DueEditor(parent)
        if column == COL_IDEA:
            combo = QComboBox(parent)
            combo.setAccessibleName(self.tr("Use case it moves forward"))
            combo.addItem(self.tr("— no use case"), None)
            for idea in self.session.workshop.typed(Idea):
                star = "★ " if idea.shortlisted else ""
                combo.addItem(star + idea.summary(), idea.id)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.activated.connect(lambda _i: self.commitData.emit(combo))
            return combo
        line = QLineEdit(parent)
        line.setFrame(False)
        if column == COL_OWNER:
            line.setAccessibleName(self.tr("Owner"))
            line.setPlaceholderText(self.tr("One named person"))
            names = [p.name for p in self.session.workshop.typed(Participant)]
            completer = QCompleter(names, line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            line.setCompleter(completer)
        else:
            line.setAccessibleName(self.tr("Next step"))
        return line

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DueEditor):
            editor.set_due(value)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QLineEdit):
            if not editor.isModified():
                editor.setText(one_line(str(value or "")))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, DueEditor):
            due = editor.due()
            if editor.refusal:  # words that name no day: said, and the date stays
                self.session.failed.emit(editor.refusal)
                return
            model.setData(index, due)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QLineEdit):
            if editor.isModified():
                text = editor.text()
                if index.column() == COL_OWNER:
                    text = self._full_name(text)
                model.setData(index, text)
        else:
            super().setModelData(editor, model, index)

    def _full_name(self, typed: str) -> str:
        """A name begun and left with Tab, as with Enter: the one person it can mean."""
        wanted = typed.strip().casefold()
        if not wanted:
            return typed
        names = [p.name for p in self.session.workshop.typed(Participant)]
        exact = [n for n in names if n.casefold() == wanted]
        starts = [n for n in names if n.casefold().startswith(wanted)]
        return exact[0] if exact else starts[0] if len(starts) == 1 else typed


class ActionsTable(WrappingTable):
    """The steps, edited like a spreadsheet; Delete removes the current step."""

    def __init__(self, view: ActionsView) -> None:
        super().__init__()
        self.view = view
        edited_like_a_sheet(self)
        self.setAlternatingRowColors(True)
        self.setAccessibleName(self.tr("Next steps"))

    def event(self, event: QEvent) -> bool:
        # The window binds F2 and Delete to the card board; in this table they edit
        # the cell and remove the step.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_F2)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.state() != QAbstractItemView.State.EditingState
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        editing = self.state() == QAbstractItemView.State.EditingState
        if key == Qt.Key.Key_Delete and not editing:
            self.view.delete_current()
            event.accept()
            return
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not editing and self.currentIndex().isValid():
            self.edit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class RoomActions(RoomProxy):
    """The commitments as the room reads them back: what, who, by when — by date
    (undated last, then the order they were agreed)."""

    def __init__(self, actions: ActionsModel) -> None:
        super().__init__(actions, (COL_TEXT, COL_OWNER, COL_DUE), ("What", "Who", "By when"))
        self.order_rows()

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        def key(index: AnyIndex) -> tuple[bool, str, int]:
            return (*scoring.due_order(index.data(RECORD_ROLE)), index.row())

        return key(left) < key(right)

    def room_data(self, source: QModelIndex, role: int) -> Any:
        action: Action = source.data(RECORD_ROLE)
        column = source.column()
        if role == RECORD_ROLE:
            return action
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_TEXT:
                return one_line(action.text)
            if column == COL_OWNER:
                return action.owner.strip() or self.tr("owner?")
            return day_with_weekday(action.due) or self.tr("date?")
        missing = (column == COL_OWNER and not scoring.has_owner(action)) or (
            column == COL_DUE and not action.due
        )
        if role == Qt.ItemDataRole.ForegroundRole and missing:
            return QColor(room_tone("warn"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


ROOM_STYLE = """
QTableView#projector_actions {
    background: transparent; border: none; color: #F4F7FA; font-size: 26pt;
    gridline-color: transparent;
}
QTableView#projector_actions QHeaderView { background: transparent; }
QTableView#projector_actions QHeaderView::section {
    background: transparent; color: #9CC3E6; font-size: 24pt; font-weight: 600;
    border: none; border-bottom: 2px solid #3A5670; padding: 6px 14px;
}
"""
ROOM_PAD = QSize(14, 8)  # around each cell's text on the projector
ROOM_RULE = QColor("#2A4258")


class RoomDelegate(QStyledItemDelegate):
    """Cells with room to breathe and a faint rule under each commitment. (Padding set
    in a style sheet is not counted when wrapped text is measured: rows came out a
    line short, and long steps were cut.)"""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        inner = QStyleOptionViewItem(option)
        pad = ROOM_PAD
        inner.rect = option.rect.adjusted(0, 0, -2 * pad.width(), 0)
        size = super().sizeHint(inner, index)
        return QSize(size.width() + 2 * pad.width(), size.height() + 2 * pad.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        pad = ROOM_PAD
        inner = QStyleOptionViewItem(option)
        inner.rect = option.rect.adjusted(pad.width(), pad.height(), -pad.width(), -pad.height())
        super().paint(painter, inner, index)
        painter.save()
        painter.setPen(ROOM_RULE)
        bottom = option.rect.bottom()
        painter.drawLine(option.rect.left(), bottom, option.rect.right(), bottom)
        painter.restore()


class ActionsView(ExerciseView):
    """The commitments exercise: the next steps, their owners and dates."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = ActionsModel(session)
        self.table = ActionsTable(self)
        self.table.setModel(self.model)
        self.table.setItemDelegate(ActionsDelegate(session, self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_OWNER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_DUE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_IDEA, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_OWNER, 150)
        header.resizeSection(COL_IDEA, 230)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.add_button = QPushButton(self.tr("&Add next step"))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add_step)
        self.header = TableHeader(
            self.tr(
                "Type on a cell, or F2 / Enter, to edit it · Tab moves to the next cell · "
                "Delete removes the step (Ctrl+Z brings it back) · the capture line above "
                "adds steps too"
            ),
            self.add_button,
        )
        self.tally = self.header.tally
        self.tally.setAccessibleName(self.tr("Next steps with an owner"))
        stack(self, self.header, main=self.table)

        self.room = RoomActions(self.model)
        self._mirror: QWidget | None = None
        self._mirror_title: QLabel | None = None
        self.mirror_table: QTableView | None = None
        session.changed.connect(self._changed)

    # -- the exercise -------------------------------------------------------------------

    def show_item(self, item: AgendaItem) -> None:
        super().show_item(item)
        self.model.reload()
        self.add_button.setEnabled(not self.session.read_only)
        self._update_tally()

    def _changed(self, change: Change) -> None:
        if self.item is None or not self.active:
            return
        tables = {rc.table for rc in change.records}
        if not tables & {"actions", "ideas"}:
            return
        self.model.apply(change)
        self._update_tally()
        arrived = change.added("actions")  # captured, added, or brought back by undo
        editing = self.table.state() == QAbstractItemView.State.EditingState
        if arrived and not editing:
            row = self.model.row_of(arrived[-1].id)
            if row >= 0:
                index = self.model.index(row, COL_TEXT)
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)

    def _update_tally(self) -> None:
        tally = scoring.next_steps(self.model.actions)
        self.tally.setText(tally.sentence())
        self.tally.setStyleSheet("" if tally.all_complete else f"color: {tone('warn')};")
        if self._mirror_title is not None:
            self._mirror_title.setText(tally.sentence())

    # -- editing ------------------------------------------------------------------------

    def current_action(self) -> Action | None:
        index = self.table.currentIndex()
        action = index.data(RECORD_ROLE) if index.isValid() else None
        return action if isinstance(action, Action) else None

    def add_step(self) -> Action | None:
        """A new step at the end, its text open for typing."""
        if self.session.read_only:
            return None
        workshop = self.session.workshop
        values: dict[str, Any] = {"text": self.tr("New next step")}
        if self.item is not None:
            values["exercise_id"] = self.item.id
        added = self.session.perform(lambda: workshop.add("action", **values))
        if not isinstance(added, Action):
            return None
        row = self.model.row_of(added.id)
        if row >= 0:
            index = self.model.index(row, COL_TEXT)
            self.table.setFocus()
            self.table.setCurrentIndex(index)
            self.table.edit(index)
            editor = self.table.focusWidget()
            if isinstance(editor, QLineEdit):
                editor.selectAll()
        return added

    def delete_current(self) -> None:
        action = self.current_action()
        if action is None or self.session.read_only:
            return
        workshop = self.session.workshop
        self.session.perform(lambda: workshop.delete(action.id))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.record_selected.emit(current.data(RECORD_ROLE) if current.isValid() else None)

    def focus_main(self) -> None:
        focus_first_cell(self.table, COL_TEXT)

    # -- the room -----------------------------------------------------------------------

    def projector_view(self) -> QWidget | None:
        if self._mirror is None:
            mirror = QWidget()
            mirror.setStyleSheet(ROOM_STYLE)
            title = QLabel()
            title.setObjectName("projector_count")
            title.setWordWrap(True)
            table = WrappingTable()
            table.setObjectName("projector_actions")
            table.setModel(self.room)
            table.setItemDelegate(RoomDelegate(table))
            table.setTextElideMode(Qt.TextElideMode.ElideNone)
            for_the_room(table, self.tr("The commitments on the projector"))
            header = table.horizontalHeader()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            stack(mirror, title, main=table)
            self._mirror, self._mirror_title, self.mirror_table = mirror, title, table
            title.setText(scoring.next_steps(self.model.actions).sentence())
        return self._mirror
