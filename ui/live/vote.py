"""Dot voting in the room (the ``vote`` view).

The facilitator picks whose dots they are entering (a person, or the room for
proxy dots), then clicks or keys the cards: Space or + adds a dot, - or
Backspace takes one back, a number typed on a card sets its total from the paper
stickers counted (the room's proxy dots make up what people's dots do not), [ and
] move to the previous or next person. Each person's budget and the cap per card
come from the exercise (see :mod:`facilitator.voting`) and a refused dot says why.
Rounds are kept apart.

The projector shows the cards while the room votes but not the counts — seeing
early dots pulls the late ones — until the facilitator reveals the result,
sorted, ties side by side.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from facilitator import voting
from facilitator.exercise import Exercise
from facilitator.model import AgendaItem, Participant, Record
from facilitator.workshop import Change
from ui.live.models import AUTHOR_ROLE, DOTS_ROLE, RECORD_ROLE
from ui.live.projector import RoomCards, RoomWall
from ui.live.session import Session
from ui.live.tables import (
    RecordTableModel,
    RoomProxy,
    SheetDelegate,
    focus_first_cell,
    keys_line,
    stack,
)
from ui.live.views import ExerciseView
from ui.table_model import AnyIndex

COL_CARD, COL_GROUP, COL_DOTS, COL_RANK = range(4)
HEADERS = ("Card", "Group", "Dots", "Place")
ORDER_ROLE = Qt.ItemDataRole.UserRole + 20


class VoteTally:
    """The cards of one table and their dots in one round, recomputed on change."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.table = "problems"
        self.round = 1
        self.exercise_id: str | None = None
        self.cards: list[Record] = []
        self.places: dict[str, voting.Result] = {}

    def refresh(self) -> None:
        workshop = self.session.workshop
        self.cards = workshop.records(self.table)
        self.places = {r.card.id: r for r in voting.results(workshop, self.table, self.round)}

    def dots(self, card_id: str) -> int:
        result = self.places.get(card_id)
        return result.dots if result else 0

    def place(self, card_id: str) -> str:
        result = self.places.get(card_id)
        if result is None or not result.dots:
            return ""
        return f"={result.rank}" if result.tied else str(result.rank)


class VoteTableModel(RecordTableModel):
    """The facilitator's table: every card, its dots this round and its place."""

    def __init__(self, tally: VoteTally) -> None:
        super().__init__(HEADERS)
        self.tally = tally

    @property
    def records(self) -> list[Record]:
        return self.tally.cards

    def reload(self) -> None:
        before = self.record_ids()
        self.tally.refresh()
        self.refreshed(before)  # reset if a card came or went: a few dozen rows

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        card = self.tally.cards[index.row()]
        column = index.column()
        if role == RECORD_ROLE:
            return card
        if role == ORDER_ROLE:
            return (-self.tally.dots(card.id), index.row())
        if role == DOTS_ROLE:
            return self.tally.dots(card.id)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_CARD:
            return getattr(card, "text", "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_DOTS, COL_RANK):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if column == COL_CARD:
            return card.summary()
        if column == COL_GROUP:
            return str(getattr(card, "group", "") or "")
        if column == COL_DOTS:
            dots = self.tally.dots(card.id)
            return dots if role == Qt.ItemDataRole.EditRole else ("●" * min(dots, 12) or "–")
        return self.tally.place(card.id)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == COL_DOTS and not self.tally.session.read_only:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A count typed on a card: the room's paper stickers for this round."""
        if role != Qt.ItemDataRole.EditRole or index.column() != COL_DOTS:
            return False
        card = self.tally.cards[index.row()]
        session = self.tally.session
        done = session.perform(
            partial(
                voting.set_count,
                session.workshop,
                card.id,
                int(value),
                round=self.tally.round,
                exercise_id=self.tally.exercise_id,
            )
        )
        return done is not None or self.tally.dots(card.id) == int(value)


class ResultOrder(QSortFilterProxyModel):
    """Capture order while voting; most dots first (ties in capture order) for the result."""

    def __init__(self) -> None:
        super().__init__()
        self.by_result = False
        self.setDynamicSortFilter(True)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        if self.by_result:
            return bool(left.data(ORDER_ROLE) < right.data(ORDER_ROLE))
        return left.row() < right.row()


class VoteTable(QTableView):
    """The cards to vote on; the keys of the module docstring."""

    def __init__(self, view: VoteView) -> None:
        super().__init__()
        self.view = view
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        self.setAccessibleName(self.tr("Cards to vote on"))
        # A count typed, then Down: kept, and on to the next card (as in a spreadsheet).
        self.setItemDelegate(SheetDelegate(self))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.view.add_dot()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Backspace):
            self.view.take_dot()
        elif key == Qt.Key.Key_BracketLeft:
            self.view.next_voter(-1)
        elif key == Qt.Key.Key_BracketRight:
            self.view.next_voter(+1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class RoomVote(RoomProxy):
    """The cards as the projector shows them: no counts until the reveal, then the
    result in order (ties side by side, in capture order). Nobody's name, ever."""

    def __init__(self, tally: VoteTableModel) -> None:
        super().__init__(tally, (COL_CARD,), ("Card",))
        self.revealed = False

    def set_revealed(self, revealed: bool) -> None:
        self.revealed = revealed
        self.order_rows(revealed)
        if self.rowCount():  # the dots appear, or go
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        return bool(left.data(ORDER_ROLE) < right.data(ORDER_ROLE))

    def room_data(self, source: QModelIndex, role: int) -> Any:
        if role == RECORD_ROLE:
            return source.data(RECORD_ROLE)
        if role == DOTS_ROLE:
            return source.data(DOTS_ROLE) if self.revealed else -1
        if role == AUTHOR_ROLE:
            return ""
        if role == Qt.ItemDataRole.DisplayRole:
            return source.data(role)
        return None


class VoteView(ExerciseView):
    """The vote exercise: whose dots, which round, the cards, the reveal."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.rules = voting.Rules()
        self.tally = VoteTally(session)
        self.model = VoteTableModel(self.tally)
        self.order = ResultOrder()
        self.order.setSourceModel(self.model)
        self.table = VoteTable(self)
        self.table.setModel(self.order)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_CARD, QHeaderView.ResizeMode.Stretch)
        for column in (COL_GROUP, COL_DOTS, COL_RANK):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(self._double_clicked)

        self.voter = QComboBox()
        self.voter.setAccessibleName(self.tr("Whose dots"))
        # Wide enough for "The room (proxy dots)" and the names added later.
        self.voter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.voter.currentIndexChanged.connect(self._update_budget)
        voter_label = QLabel(self.tr("&Dots of"))
        voter_label.setBuddy(self.voter)
        self.budget = QLabel()
        self.budget.setObjectName("muted")
        self.budget.setWordWrap(True)  # a long budget line must not widen the view
        self.round = QSpinBox()
        self.round.setRange(1, 99)
        self.round.setPrefix(self.tr("Round "))
        self.round.setAccessibleName(self.tr("Voting round"))
        self.round.valueChanged.connect(self._round_changed)
        self.new_round_button = QPushButton(self.tr("New round"))
        self.new_round_button.clicked.connect(self.new_round)
        self.by_result = QCheckBox(self.tr("&Sort by result"))
        self.by_result.toggled.connect(self._sort)
        self.reveal = QPushButton(self.tr("&Reveal to the room"))
        self.reveal.setCheckable(True)
        self.reveal.toggled.connect(self.set_revealed)
        self.rules_line = keys_line()

        row = QHBoxLayout()
        row.addWidget(voter_label)
        row.addWidget(self.voter)
        row.addWidget(self.budget, 1)
        row.addWidget(self.round)
        row.addWidget(self.new_round_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.rules_line, 1)
        row2.addWidget(self.by_result)
        row2.addWidget(self.reveal)
        stack(self, row, row2, main=self.table)

        self.room = RoomVote(self.model)
        self._revealed_rounds: set[tuple[str | None, int]] = set()
        """(exercise, round) whose result the room has seen, in this window."""
        self._mirror: QWidget | None = None
        self._mirror_title: QLabel | None = None
        session.changed.connect(self._changed)

    # -- the exercise -------------------------------------------------------------------

    def show_item(self, item: AgendaItem) -> None:
        super().show_item(item)
        self.rules = voting.Rules.of(item)
        self.tally.exercise_id = item.id
        self.tally.table = Exercise(item).voted_on or "problems"
        self.rules_line.setText(
            self.tr(
                "%s. Space or + adds a dot, - takes one back, [ and ] change person, "
                "a number sets the card's total (the paper stickers counted)."
            )
            % self.rules.sentence().capitalize()
        )
        latest = voting.voting_round(self.session.workshop, self.tally.table)
        self.round.blockSignals(True)
        self.round.setValue(latest)
        self.round.blockSignals(False)
        self.tally.round = latest
        self._show_reveal()
        self._fill_voters()
        self.reload()

    def reload(self) -> None:
        self.model.reload()
        self._update_budget()
        self._update_mirror_title()

    def _changed(self, change: Change) -> None:
        if self.item is None or not self.active:
            return
        tables = {rc.table for rc in change.records}
        if "participants" in tables:
            self._fill_voters()
        if tables & {"votes", self.tally.table, "participants"}:
            self.reload()

    def _fill_voters(self) -> None:
        current = self.voter.currentData()
        self.voter.blockSignals(True)
        self.voter.clear()
        self.voter.addItem(self.tr("The room (proxy dots)"), None)
        for person in self.session.workshop.typed(Participant):
            self.voter.addItem(person.name, person.id)
        self.voter.setCurrentIndex(max(self.voter.findData(current), 0))
        self.voter.blockSignals(False)
        self._update_budget()

    # -- voting -------------------------------------------------------------------------

    def current_card(self) -> Record | None:
        index = self.table.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def add_dot(self) -> None:
        card = self.current_card()
        if card is None or self.session.read_only:
            return
        voter = self.voter.currentData()
        workshop = self.session.workshop
        self.session.perform(
            partial(
                voting.cast,
                workshop,
                self.rules,
                card.id,
                voter,
                round=self.tally.round,
                exercise_id=self.tally.exercise_id,
            )
        )

    def take_dot(self) -> None:
        card = self.current_card()
        if card is None or self.session.read_only:
            return
        voter = self.voter.currentData()
        workshop = self.session.workshop
        self.session.perform(partial(voting.take_back, workshop, card.id, voter, self.tally.round))

    def next_voter(self, step: int) -> None:
        count = self.voter.count()
        if count:
            self.voter.setCurrentIndex((self.voter.currentIndex() + step) % count)

    def new_round(self) -> None:
        self.round.setValue(voting.new_round(self.session.workshop, self.tally.table))

    def vote_round(self) -> int | None:
        return self.tally.round

    def _round_changed(self, value: int) -> None:
        self.tally.round = value
        self._show_reveal()
        self.reload()

    def _show_reveal(self) -> None:
        """A round whose result the room has seen stays revealed when the facilitator
        comes back to it (another step, another exercise and back): its vote is
        closed, on the wall and on the phones."""
        self.set_revealed((self.tally.exercise_id, self.tally.round) in self._revealed_rounds)

    def _update_budget(self) -> None:
        voter = self.voter.currentData()
        if voter is None:
            self.budget.setText(self.tr("Proxy dots: as many as the room put on paper"))
            return
        left = voting.dots_left(
            self.session.workshop, self.rules, self.tally.table, voter, self.tally.round
        )
        self.budget.setText(
            self.tr("%s has %d of %d dots left")
            % (self.voter.currentText(), left, self.rules.dots_per_person)
        )

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() != COL_DOTS:
            self.add_dot()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.record_selected.emit(current.data(RECORD_ROLE) if current.isValid() else None)
        if current.isValid() and current.column() != COL_DOTS:
            # Typing a number on a card edits its count: keep the cursor on that column.
            self.table.setCurrentIndex(current.siblingAtColumn(COL_DOTS))

    def _sort(self, by_result: bool) -> None:
        self.order.by_result = by_result
        self.order.invalidate()
        self.order.sort(0)

    # -- the room -----------------------------------------------------------------------

    def set_revealed(self, revealed: bool) -> None:
        if self.reveal.isChecked() != revealed:
            self.reveal.setChecked(revealed)  # comes back here through toggled
            return
        self.room.set_revealed(revealed)
        shown = (self.tally.exercise_id, self.tally.round)
        if revealed:
            self._revealed_rounds.add(shown)
            self.by_result.setChecked(True)
        else:
            self._revealed_rounds.discard(shown)
        self._update_mirror_title()
        self.reveal_changed.emit(revealed)

    def is_revealed(self) -> bool:
        return self.reveal.isChecked()

    def projector_view(self) -> QWidget | None:
        if self._mirror is None:
            mirror = QWidget()
            title = QLabel()
            title.setObjectName("projector_count")
            cards = RoomCards()  # the room's cards, as wide as the wall allows
            cards.setAccessibleName(self.tr("The vote on the projector"))
            wall = RoomWall(cards)  # or, past what fits, the groups and their dots
            wall.setModel(self.room)
            stack(mirror, title, main=wall)
            self._mirror, self._mirror_title = mirror, title
            self.mirror_cards = cards
            self._update_mirror_title()
        return self._mirror

    def _update_mirror_title(self) -> None:
        if self._mirror_title is None:
            return
        total = sum(self.tally.dots(c.id) for c in self.tally.cards)
        round_text = self.tr("round %d") % self.tally.round
        if self.room.revealed:
            text = self.tr("The result, %s: %d dots — most first, ties side by side") % (
                round_text,
                total,
            )
        else:
            text = self.tr("Voting, %s: %d dots so far") % (round_text, total)
        self._mirror_title.setText(text)

    def focus_main(self) -> None:
        focus_first_cell(self.table, COL_DOTS)
