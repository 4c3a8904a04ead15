"""Item models of the live window, kept in step with the core change by change.

No model resets on an edit: a new card is one inserted row, an edited card one
changed row, so a board showing 2,000 cards stays instant (bench_board.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from facilitator import scoring
from facilitator.model import AgendaItem, Concern, Participant, Record, clipped, record_type
from facilitator.operations import drop_into_group
from facilitator.workshop import Change
from ui.live.session import Session

AnyIndex = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3
ORDER_ROLE = Qt.ItemDataRole.UserRole + 4
AUTHOR_ROLE = Qt.ItemDataRole.UserRole + 5
DOTS_ROLE = Qt.ItemDataRole.UserRole + 6
"""A vote round's count for a card, or -1 while the room may not see it."""
CARD_FLAGS = Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
AGENDA_MIME = "application/x-facilitator-agenda-item"
CARD_MIME = "application/x-facilitator-card"


class AgendaModel(QAbstractListModel):
    """The agenda in running order; drag and drop reorders it (through the core)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._items: list[AgendaItem] = session.workshop.typed(AgendaItem)
        session.changed.connect(self._changed)

    def items(self) -> list[AgendaItem]:
        return list(self._items)

    def row_of(self, item_id: str) -> int:
        return next((r for r, item in enumerate(self._items) if item.id == item_id), -1)

    def _changed(self, change: Change) -> None:
        if not any(rc.table == "agenda" for rc in change.records):
            return
        fresh = self.session.workshop.typed(AgendaItem)
        if [i.id for i in fresh] == [i.id for i in self._items]:
            self._items = fresh  # same items, same order: only their data changed
            if fresh:
                self.dataChanged.emit(self.index(0), self.index(len(fresh) - 1))
            return
        self.beginResetModel()  # the agenda is a dozen rows; a reorder may reset it
        self._items = fresh
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == RECORD_ROLE:
            return item
        if role == ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.DisplayRole:
            return item.summary()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            used = round(item.elapsed_seconds / 60)
            return (
                f"{index.row() + 1}. {item.summary()}, {item.planned_minutes} minutes "
                f"planned, {used} used, {item.status}"
            )
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if self.session.read_only:
            return base
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [AGENDA_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        if indexes:
            data.setData(AGENDA_MIME, QByteArray(self._items[indexes[0].row()].id.encode()))
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(AGENDA_MIME):
            return False
        item_id = bytes(data.data(AGENDA_MIME).data()).decode()
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._items))
        current = self.row_of(item_id)
        if current < 0:
            return False
        if target > current:
            target -= 1  # the item leaves its old place first
        self.session.perform(lambda: self.session.workshop.move_agenda_item(item_id, target))
        return False  # the core moved it; the model follows from the change


def _on_board(record: Record) -> bool:
    """A parked idea waits in the parking lot, not among the notes on the board; a
    card held for review waits in the room's review queue."""
    return not getattr(record, "parked", False) and not getattr(record, "held", False)


def group_key(record: Record) -> str:
    """Where a card's group sorts on the board: by name, whatever the case; the
    cards in no group last."""
    return str(getattr(record, "group", "") or "\uffff").lower()


class CardsModel(QAbstractListModel):
    """The cards of one table (problems, ideas, ...) in the order they were captured."""

    def __init__(self, session: Session, table: str) -> None:
        super().__init__()
        self.session = session
        self.table = table
        self._cards: list[Record] = [r for r in session.workshop.records(table) if _on_board(r)]
        self._row: dict[str, int] = {r.id: i for i, r in enumerate(self._cards)}
        self.groups: list[str] = [group_key(r) for r in self._cards]
        """Each row's group as the board sorts it, kept beside the cards: the board's
        and the wall's proxies compare a few hundred pairs for each slice of phone
        cards, and reading the record each time was most of that."""
        self._people: dict[str, str] = self._names()
        self._flags: Qt.ItemFlag | None = None
        session.changed.connect(self._changed)

    def _names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.session.workshop.typed(Participant)}

    def card(self, row: int) -> Record:
        return self._cards[row]

    def row_of(self, record_id: str) -> int:
        return self._row.get(record_id, -1)

    def _changed(self, change: Change) -> None:
        if any(rc.table == "participants" for rc in change.records):
            self._people = self._names()
        arriving: list[Record] = []  # new cards at the end, inserted together
        for rc in change.records:
            if rc.table != self.table:
                continue
            row = self._row.get(rc.id, -1)
            after = rc.after if rc.after is not None and _on_board(rc.after) else None
            if after is not None and row < 0 and self._at_end(after, arriving):
                arriving.append(after)
                continue
            self._append(arriving)
            if after is None and row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._cards[row]
                del self.groups[row]
                del self._row[rc.id]
                self._reindex(row)
                self.endRemoveRows()
            elif after is not None and row < 0:
                # New cards go to the end; a card brought back by undo goes home.
                at = self._position_for(after)
                self.beginInsertRows(QModelIndex(), at, at)
                self._cards.insert(at, after)
                self.groups.insert(at, group_key(after))
                self._reindex(at)
                self.endInsertRows()
            elif after is not None:
                self._cards[row] = after
                self.groups[row] = group_key(after)
                self.dataChanged.emit(self.index(row), self.index(row))
        self._append(arriving)

    def _at_end(self, record: Record, arriving: list[Record]) -> bool:
        last = arriving[-1] if arriving else self._cards[-1] if self._cards else None
        return last is None or last.created_at <= record.created_at

    def _append(self, cards: list[Record]) -> None:
        """Cards that arrived together (a slice of phones), as one insertion."""
        if not cards:
            return
        first = len(self._cards)
        self.beginInsertRows(QModelIndex(), first, first + len(cards) - 1)
        self._cards.extend(cards)
        self.groups.extend(group_key(card) for card in cards)
        self._reindex(first)
        self.endInsertRows()
        cards.clear()

    def _position_for(self, record: Record) -> int:
        if not self._cards or self._cards[-1].created_at <= record.created_at:
            return len(self._cards)
        for i, card in enumerate(self._cards):
            if card.created_at > record.created_at:
                return i
        return len(self._cards)

    def _reindex(self, start: int) -> None:
        for i in range(start, len(self._cards)):
            self._row[self._cards[i].id] = i

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._cards[index.row()]
        if role == RECORD_ROLE:
            return record
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (
                record.summary()
                if role == Qt.ItemDataRole.DisplayRole
                else getattr(record, "text", record.summary())
            )
        if role == ID_ROLE:
            return record.id
        if role == GROUP_ROLE:
            return str(getattr(record, "group", "") or "")
        if role == ORDER_ROLE:
            return index.row()
        if role == AUTHOR_ROLE:
            return self.author(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return clipped(getattr(record, "text", record.summary()))
        return None

    def author(self, record: Record) -> str:
        """Who raised a card — never for an anonymous concern — and, quietly, that it
        came from a phone in the room."""
        person = scoring.raised_by(record)
        name = self._people.get(person, "") if person else ""
        if getattr(record, "from_phone", False):
            return f"{name} · phone" if name else "from a phone"
        return name

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # Asked for every card on every paint: the answer is the same for a whole
        # table, so it is worked out once (combining Qt's enum flags is slow).
        if self.session.read_only or not index.isValid():
            return super().flags(index)
        if self._flags is None:
            flags = super().flags(index) | CARD_FLAGS
            if "text" in record_type(self.table).field_specs():
                flags |= Qt.ItemFlag.ItemIsEditable
            self._flags = flags
        return self._flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Editing a card in place changes its text: one undoable, saved edit."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        record = self._cards[index.row()]
        text = str(value).strip()
        if text == getattr(record, "text", None):
            return False
        if not text:  # an emptied card is a slip of the keyboard, not a deletion
            self.session.failed.emit("A card needs some text; Delete removes it.")
            return False
        done = self.session.perform(partial(self.session.workshop.update, record.id, text=text))
        return done is not None

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = ",".join(self._cards[i.row()].id for i in indexes if i.isValid())
        data.setData(CARD_MIME, QByteArray(ids.encode()))
        return data

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


class BoardProxy(QSortFilterProxyModel):
    """The board's order and filters: grouped cards together, then capture order;
    the cards that contain the search text, and of a concern category if one is
    chosen (the facilitator saying "now the job worries", the room seeing them)."""

    def __init__(self, cards: CardsModel) -> None:
        super().__init__()
        self.category: str | None = None
        self._cards = cards
        self.setSourceModel(cards)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterRole(Qt.ItemDataRole.ToolTipRole)
        self.setDynamicSortFilter(True)
        self.sort(0)

    def set_category(self, category: str | None) -> None:
        """Show only the concerns of *category* (None: every card)."""
        if category != self.category:
            self.beginFilterChange()
            self.category = category
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self.category is not None:
            card = self.sourceModel().index(source_row, 0, source_parent).data(RECORD_ROLE)
            if isinstance(card, Concern) and card.category != self.category:
                return False
        return super().filterAcceptsRow(source_row, source_parent)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        # Asked a few times for each card a burst of phones inserts: the groups are
        # read from the model's own list, not through data() and back.
        groups = self._cards.groups
        left_row, right_row = left.row(), right.row()
        left_group, right_group = groups[left_row], groups[right_row]
        if left_group != right_group:
            return left_group < right_group
        return left_row < right_row

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Dropping cards on a card puts them in that card's group."""
        if not data.hasFormat(CARD_MIME) or not parent.isValid():
            return False
        cards = self.sourceModel()
        assert isinstance(cards, CardsModel)
        target = cards.card(self.mapToSource(parent).row())
        ids = [i for i in bytes(data.data(CARD_MIME).data()).decode().split(",") if i]
        session = cards.session
        session.perform(partial(drop_into_group, session.workshop, target.id, ids))
        return False
