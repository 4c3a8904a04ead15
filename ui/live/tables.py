"""What the table views of the exercises share (vote, readiness, spend, commitments).

:class:`RecordTableModel` is a facilitator's table of workshop records, one a
row, under a tuple of column headers: the counts, :meth:`~RecordTableModel.row_of`
and the header titles are the same for every table, and a table refreshed from
the workshop either resets (a record came or went) or redraws its cells in
place. :class:`EditGrid` and :class:`TextDelegate` make a table a spreadsheet
edited from the keyboard (the readiness grid and the spend sheet).
:class:`RoomProxy` is the projector's picture of such a table: the same source
model seen through a proxy (its own rows, order and columns, the room's colours
and fonts), so the wall never reloads anything of its own. :func:`room_table`
and :func:`for_the_room` make a table for the projector: large, light on dark,
read-only, no cursor. The rest is how a view holds its table: the keys line
above it, the layout, the keyboard on its first cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.model import Participant, Record
from ui.live.session import Session
from ui.table_model import AnyIndex, TableModel, column_header
from ui.theme import TONES

# -- the records in a table ------------------------------------------------------------------


class RecordTableModel(TableModel):
    """Workshop records, one a row, under the column titles *headers*.

    A table says where its rows are (:attr:`records`: usually a list kept by the
    exercise's tally, rows or sheet, which refreshes it) and what its cells hold."""

    @property
    def records(self) -> Sequence[Record]:
        """The rows, in order."""
        raise NotImplementedError

    @property
    def listed(self) -> Sequence[Record]:
        return self.records

    def record_ids(self) -> list[str]:
        return [record.id for record in self.records]

    def refreshed(self, before: list[str]) -> None:
        """Show the records just refreshed from the workshop; *before* are the ids
        they had. A record that came or went resets the table (a few dozen rows at
        most); otherwise every cell is redrawn where it is."""
        if self.record_ids() != before:
            self.beginResetModel()
            self.endResetModel()
        else:
            self.redraw()

    def row_of(self, record_id: str) -> int:
        return next((r for r, record in enumerate(self.records) if record.id == record_id), -1)


class RoomProxy(QSortFilterProxyModel):
    """The room's picture of a facilitator's table: the same source model, through
    the source *columns* the room reads (in the source's order), under the room's
    *headers*. Which rows the room sees is :meth:`filterAcceptsRow`, their order
    :meth:`lessThan` (capture order unless :meth:`order_rows` is called), and what a
    cell shows on the wall — its text, colour, font — :meth:`room_data`."""

    def __init__(
        self, source: QAbstractItemModel, columns: tuple[int, ...], headers: tuple[str, ...]
    ) -> None:
        super().__init__()
        self.columns = columns
        self.headers = headers
        self.setDynamicSortFilter(True)
        self.setSourceModel(source)

    def order_rows(self, ordered: bool = True) -> None:
        """Sort the rows by :meth:`lessThan` (or back to the source's order)."""
        self.sort(0 if ordered else -1)

    def filterAcceptsColumn(self, source_column: int, source_parent: AnyIndex) -> bool:
        return source_column in self.columns

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_header(self, section, orientation, role)

    def header_role(self, section: int, role: int) -> Any:
        """What the room's header *section* holds for *role* besides its title."""
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.room_data(self.mapToSource(index), role)

    def room_data(self, source: QModelIndex, role: int) -> Any:
        """What the room sees in the cell of *source* (the facilitator's cell) for *role*."""
        return source.data(role)


# -- a spreadsheet-like table, shared by the readiness grid and the spend sheet --------------


def edited_like_a_sheet(table: QTableView) -> None:
    """One cell at a time, edited by typing on it, F2 or a double click; Tab moves
    to the next cell."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.AnyKeyPressed
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.DoubleClicked
    )
    table.setTabKeyNavigation(True)


class EditGrid(QTableView):
    """A table edited from the keyboard: typing or F2 edits a cell, Enter keeps the
    edit, Tab moves on. Delete and F2 belong to the table while it has the focus
    (the live window binds them to the card board otherwise). *on_key* sees every
    key first and returns True when it handled it (a digit on a score, ...)."""

    def __init__(self, name: str, on_key: Callable[[QKeyEvent], bool] | None = None) -> None:
        super().__init__()
        self.on_key = on_key
        edited_like_a_sheet(self)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.setAccessibleName(name)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            keys = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_F2)
            if event.key() in keys and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                event.accept()  # the table's key, not the window's shortcut
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and self.on_key is not None and self.on_key(event):
            event.accept()
            return
        current = self.currentIndex()
        if (
            not editing
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and current.isValid()
            and current.flags() & Qt.ItemFlag.ItemIsEditable
        ):
            self.edit(current)
            event.accept()
            return
        super().keyPressEvent(event)


class SheetDelegate(QStyledItemDelegate):
    """Qt's own editors (a spin box for a count) with a spreadsheet's keys: Up and
    Down keep what was typed and move to the cell above or below, rather than count
    the number up or down while the editor stays open on the first row."""

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        keys = (Qt.Key.Key_Up, Qt.Key.Key_Down)
        view = self.parent()
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in keys
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and isinstance(editor, QWidget)
            and isinstance(view, QAbstractItemView)
        ):
            current = view.currentIndex()
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            # Held across the commit: a count may re-sort the rows.
            below = QPersistentModelIndex(current.sibling(current.row() + step, current.column()))
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            if below.isValid():
                view.setCurrentIndex(view.model().index(below.row(), below.column()))
            return True
        return super().eventFilter(editor, event)


class TextDelegate(QStyledItemDelegate):
    """A one-line editor for every text and number cell; names of the people in
    the room are offered for the columns in *people_columns*."""

    def __init__(
        self, session: Session, parent: QWidget, people_columns: tuple[int, ...] = ()
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.people_columns = people_columns

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if index.column() in self.people_columns:
            names = [p.name for p in self.session.workshop.typed(Participant)]
            completer = QCompleter(names, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            # Completed in the cell as you type: no popup over the grid.
            completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
            editor.setCompleter(completer)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit) and not editor.isModified():
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def destroyEditor(self, editor: QWidget, index: AnyIndex) -> None:
        # Qt stops filtering a closed editor's events only for the view's own
        # delegate; a column delegate's closed editor would still commit on focus-out.
        editor.removeEventFilter(self)
        super().destroyEditor(editor, index)


# -- the views around the tables -------------------------------------------------------------


def keys_line(text: str = "") -> QLabel:
    """The keys of a table view (and its rules), in a muted line under its header row."""
    line = QLabel(text)
    line.setObjectName("muted")
    line.setWordWrap(True)
    return line


class TableHeader(QWidget):
    """What sits above a view's table: its tally (:attr:`tally`, "7 next steps · 5
    with a named owner") with the view's controls beside it, and the table's keys
    and rules in a muted line under them (:attr:`keys`)."""

    def __init__(self, keys: str, *controls: QWidget) -> None:
        super().__init__()
        self.tally = QLabel()
        self.tally.setObjectName("section")
        self.tally.setWordWrap(True)
        self.keys = keys_line(keys)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.tally, 1)
        for control in controls:
            row.addWidget(control)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.keys)


def focus_first_cell(table: QTableView, column: int) -> None:
    """Put the keyboard in *table*, on the first row's *column* when no cell is current."""
    table.setFocus()
    model = table.model()
    if not table.currentIndex().isValid() and model.rowCount():
        table.setCurrentIndex(model.index(0, column))


def stack(widget: QWidget, *rows: QWidget | QLayout, main: QWidget) -> None:
    """*rows* from top to bottom in *widget*, edge to edge, and under them *main*
    (the table, the room's picture), which takes the height left."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    for row in rows:
        if isinstance(row, QLayout):
            layout.addLayout(row)
        else:
            layout.addWidget(row)
    layout.addWidget(main, 1)


# -- the room's tables -----------------------------------------------------------------------

# The projector is dark whatever the laptop's mode: its colours are the dark variants.
ROOM_STYLE = """
QTableView { background: transparent; border: none; color: #F4F7FA; font-size: 24pt;
             gridline-color: #3A5670; }
QHeaderView { background: transparent; }
QHeaderView::section { background: #0F2233; color: #9CC3E6; font-size: 24pt; font-weight: 600;
                       border: none; border-bottom: 2px solid #3A5670; padding: 6px 12px; }
QTableView QScrollBar:vertical { background: #0F2233; width: 14px; margin: 0; }
QTableView QScrollBar::handle:vertical { background: #3A5670; border-radius: 7px;
                                          min-height: 40px; }
QTableView QScrollBar::add-line, QTableView QScrollBar::sub-line { height: 0; }
"""


def room_tone(name: str) -> str:
    """A status colour as the (always dark) projector shows it."""
    return TONES[name][1]


def room_font(points: float) -> QFont:
    """Bold type of *points* for a figure the room reads from the back."""
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(True)
    return font


def for_the_room(table: QTableView, name: str) -> None:
    """*table* read-only for the projector: no cursor, no selection, no grid, no
    row numbers, nothing to scroll sideways."""
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setShowGrid(False)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setHighlightSections(False)
    table.setAccessibleName(name)


def room_table(model: QAbstractItemModel, name: str) -> QTableView:
    """A read-only table for the projector: large, light on dark, no cursor."""
    table = QTableView()
    table.setModel(model)
    table.setStyleSheet(ROOM_STYLE)
    for_the_room(table, name)
    table.setWordWrap(True)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    font = table.font()
    font.setPointSizeF(24)
    table.setFont(font)
    table.horizontalHeader().setFont(font)
    return table
