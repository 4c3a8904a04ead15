"""The capture control: the capture line and the cards of the exercise on the board.

What is typed goes to :func:`facilitator.operations.capture` — the same call the
command line and the phones make — and the rules are the core's: this module
only asks the facilitator what the core needs to know (which problem an idea
solves) and says what happened. It also keeps the board's cards: one
:class:`~ui.live.models.CardsModel` per kind of card, shown through a proxy on
the board (sorted, searched) and another on the projector; the selection, which
the inspector shows and Delete, F2 and Ctrl+G act on; the parking lot and the
concern chips under and above the cards.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from facilitator.agenda import mandate_note_count, mandate_notes, notes_into_objective
from facilitator.capture import hint_for
from facilitator.model import AgendaItem, Problem, Record
from facilitator.operations import (
    Captured,
    capture,
    delete_cards,
    group_cards,
    groups,
    why_not_grouped,
)
from facilitator.workshop import Change
from ui.live.board import ExerciseBoard
from ui.live.concerns import ConcernSummary
from ui.live.inspector import Inspector
from ui.live.models import RECORD_ROLE, BoardProxy, CardsModel
from ui.live.parking import ParkingLot
from ui.live.problem_picker import PARKED, ProblemPicker
from ui.live.projector import ProjectorWindow, cards_text
from ui.live.run import RunControl
from ui.live.session import Session
from ui.live.status import MessageLine

TABLE_FOR = {
    "problem": "problems",
    "idea": "ideas",
    "concern": "concerns",
    "action": "actions",
    "licence": "licences",
    "participant": "participants",
    "note": "notes",
}

PARK = "parked"
"""What :meth:`CaptureControl.ask_problem` says when the idea went to the parking lot."""


class CaptureControl(QObject):
    """The capture line and the board's cards (see the module docstring)."""

    record_selected = Signal(object)  # the card the facilitator is on, for the inspector

    def __init__(
        self,
        session: Session,
        *,
        board: ExerciseBoard,
        projector: ProjectorWindow,
        run: RunControl,
        inspector: Inspector,
        message: MessageLine,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.session = session
        self.board = board
        self.projector = projector
        self.run = run
        self.inspector = inspector
        self.message = message
        self.window = window
        self.card_models: dict[str, CardsModel] = {}
        self.board_proxy: BoardProxy | None = None
        self.projector_proxy: BoardProxy | None = None
        self.problem_picker: ProblemPicker | None = None
        self.objective_question: QMessageBox | None = None
        self.concern_summary = ConcernSummary.install(session, board, projector)
        self.parking = ParkingLot(session, self.ask_problem)
        layout = board.layout()
        assert layout is not None
        layout.addWidget(self.parking)
        board.capture.captured.connect(self.capture)
        board.capture.escaped.connect(self.leave_capture)
        board.to_objective.clicked.connect(self.notes_to_objective)
        board.search.textChanged.connect(self._filter)
        board.cards.activated.connect(lambda _index: self.edit_card())
        session.settled.connect(self._settled)

    @property
    def table(self) -> str | None:
        """The table of the cards the exercise on screen captures (None: no cards)."""
        return TABLE_FOR.get(self.run.captures)

    # -- the exercise's cards ---------------------------------------------------------------

    def show(self, item: AgendaItem | None) -> None:
        """The cards of *item* on the board and the projector, the capture line ready."""
        exercise = self.run.exercise
        self.parking.set_wanted(self.run.captures == "idea")
        self.board.to_objective.setVisible(exercise is not None and exercise.into == "objective")
        self.board.to_objective.setEnabled(not self.session.read_only)
        self.board.hint.setText(hint_for(self.run.captures))
        table = self.table
        for widget in (
            self.board.capture,
            self.board.hint,
            self.board.search,
            self.board.cards,
            self.board.count,
        ):
            widget.setVisible(table is not None)
        self.record_selected.emit(None)
        if table is None or item is None:
            self.board_proxy = self.projector_proxy = None
            self.board.cards.setModel(None)
            self.projector.set_cards(None)
        else:
            model = self.card_models.get(table)
            if model is None:
                model = self.card_models[table] = CardsModel(self.session, table)
            self.board_proxy = BoardProxy(model)
            self.board_proxy.setFilterFixedString(self.board.search.text())
            self.board.cards.setModel(self.board_proxy)
            chosen = self.board.cards.selectionModel()
            chosen.currentChanged.connect(self._card_selected)
            chosen.selectionChanged.connect(lambda *_: self._inspect_selection())
            self.projector_proxy = BoardProxy(model)
            self.projector.set_cards(self.projector_proxy)
            self.count()
        self.concern_summary.follow(self.run.captures == "concern")

    def _filter(self, text: str) -> None:
        if self.board_proxy is not None:
            self.board_proxy.setFilterFixedString(text)
        self.count()

    def count(self) -> None:
        """ "12 cards", or "4 of 12 cards" while a filter hides some."""
        proxy = self.board_proxy
        if proxy is None:
            return
        shown, total = proxy.rowCount(), proxy.sourceModel().rowCount()
        self.board.count.setText(
            self.tr("%d of %d cards") % (shown, total) if shown != total else cards_text(total)
        )

    def _settled(self, change: Change) -> None:
        """Every model has followed *change*: count, and select the cards the
        facilitator brought (captured, or brought back by Ctrl+Z): they are the ones
        they are on, so Delete or F2 act on them. A card from a phone leaves the
        selection alone."""
        self.count()
        if not self.session.acting:
            return
        arrived = [
            rc.id
            for rc in change.records
            if rc.table == self.table and rc.before is None and rc.after is not None
        ]
        if arrived:
            self.select_cards(arrived)

    def select_cards(self, record_ids: list[str]) -> None:
        """Select these cards on the board; the last one is the current card."""
        model = self.card_models.get(self.table or "")
        chosen = self.board.cards.selectionModel()
        if model is None or self.board_proxy is None or chosen is None:
            return
        indexes = [
            self.board_proxy.mapFromSource(model.index(model.row_of(i)))
            for i in record_ids
            if model.row_of(i) >= 0
        ]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return
        self.board.cards.setCurrentIndex(indexes[-1])
        self.board.cards.scrollTo(indexes[-1])
        for index in indexes[:-1]:
            chosen.select(index, QItemSelectionModel.SelectionFlag.Select)

    def selected_cards(self) -> list[Record]:
        chosen = self.board.cards.selectionModel()
        rows = chosen.selectedIndexes() if chosen is not None else []
        return [i.data(RECORD_ROLE) for i in rows if i.data(RECORD_ROLE) is not None]

    def _card_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        board, room = self.board_proxy, self.projector_proxy
        if current.isValid() and board is not None and room is not None:
            # The room follows the card being talked about (the projector cannot scroll).
            self.projector.cards.show_card(room.mapFromSource(board.mapToSource(current)))
        chosen = self.board.cards.selectionModel()
        if current.isValid() and chosen is not None and not chosen.hasSelection():
            # The keyboard came to the cards (Escape from the capture line) and Qt made
            # a card current without selecting it: the card shown is the one selected,
            # so Delete and F2 act on what the inspector shows.
            chosen.select(current, QItemSelectionModel.SelectionFlag.Select)
        self._inspect_selection()

    def _inspect_selection(self) -> None:
        """The inspector shows the selected card: the current one if it is selected,
        else the one card selected, else nothing."""
        cards = self.board.cards
        chosen = cards.selectionModel()
        current = cards.currentIndex()
        if chosen is None:
            shown = None
        elif current.isValid() and chosen.isSelected(current):
            shown = current.data(RECORD_ROLE)
        else:
            picked = chosen.selectedIndexes()
            shown = picked[0].data(RECORD_ROLE) if len(picked) == 1 else None
        self.record_selected.emit(shown)

    # -- the capture line -------------------------------------------------------------------

    def focus_capture(self) -> None:
        self.board.capture.setFocus()

    def leave_capture(self) -> None:
        """Escape from the capture line: to the exercise's view, or to the cards."""
        if self.run.current_view is not None:
            self.run.current_view.focus_main()
        else:
            self.board.cards.setFocus()

    def capture(self, typed: str) -> Record | None:
        """Turn a typed line into a saved card of the exercise's kind (the rules are
        :func:`facilitator.operations.capture`'s); an idea without a problem asks
        which problem it solves."""
        item = self.run.item
        if self.table is None or item is None or self.session.read_only:
            return None
        workshop = self.session.workshop

        def attempt(**choice: Any) -> Captured | None:
            return self.session.perform(lambda: capture(workshop, item.id, typed, **choice))

        done = attempt()
        if done is not None and done.needs_problem:
            problem = self.ask_problem(done.text)
            if problem is None:
                self.message.say(
                    self.tr("Kept in the capture line: an idea needs the problem it solves.")
                )
                return None
            done = attempt(park=True) if problem == PARK else attempt(problem_ids=[problem])
        if done is None or done.card is None:
            return None
        self.board.capture.clear()
        news = []
        if done.parked:
            news.append(
                self.tr("Parked — which problem does it solve? It waits in the parking lot.")
            )
        if done.person is not None:
            news.append(self.tr("%s joined the people in the room.") % done.person.name)
            if not done.parked:
                news.append(self.tr("(Ctrl+Z takes back both)"))
        if news:
            self.message.tell(" ".join(news))
        else:
            self.message.say("")
        view = self.run.current_view
        if view is None or not view.captured(done.card):
            self.board.capture.setFocus()  # ready for the next card
        return done.card

    def ask_problem(self, idea: str) -> str | None:
        """The id of the problem the idea solves, PARK for the parking lot, or None."""
        picker = ProblemPicker(self.session.workshop.typed(Problem), idea, self.window)
        self.problem_picker = picker
        result = picker.exec()
        self.problem_picker = None
        if result == PARKED:
            return PARK
        return picker.chosen() if result == QDialog.DialogCode.Accepted else None

    # -- acting on the selected cards -------------------------------------------------------

    def delete_selected(self) -> None:
        if not self.board.cards.hasFocus():
            return
        cards = self.selected_cards()
        if not cards:
            self.message.say(self.tr("Select a card to delete it"))
            return
        workshop = self.session.workshop
        if self.session.perform(partial(delete_cards, workshop, [c.id for c in cards])) is not None:
            self.message.tell(self.tr("Deleted — Ctrl+Z brings it back"))

    def group_selected(self, group: str | None = None) -> None:
        """Put the selected cards in a group: *group*, or the one the facilitator
        types or picks ("" takes them out of their group)."""
        selected = self.selected_cards()
        why_not = why_not_grouped(selected)
        if why_not is not None:
            self.message.say(why_not)  # Ctrl+G does not do nothing without a word
            return
        cards = [c for c in selected if "group" in c.field_specs()]
        workshop = self.session.workshop
        if group is None:
            chosen, ok = QInputDialog.getItem(
                self.window,
                self.tr("Group cards"),
                self.tr("Group (empty to ungroup):"),
                groups(workshop, cards[0].table),
                0,
                True,
            )
            if not ok:
                return
            group = chosen
        self.session.perform(partial(group_cards, workshop, [c.id for c in cards], group))

    def edit_card(self) -> None:
        """F2: edit the selected card's text on the board (its other fields are in
        the inspector)."""
        view = self.run.current_view
        if view is not None and not self.board.cards.hasFocus():
            # The card board is hidden behind the exercise's view: F2 goes to the view
            # (its tables edit the current cell themselves once they have the keyboard).
            view.focus_main()
            return
        current = self.board.cards.currentIndex()
        if current.isValid() and current.flags() & Qt.ItemFlag.ItemIsEditable:
            self.board.cards.setFocus()
            self.board.cards.edit(current)
            return
        main = next(iter(self.inspector.editors.values()), None)
        if main is not None:
            main.setFocus()

    # -- the mandate check's notes ----------------------------------------------------------

    def notes_to_objective(self) -> None:
        """The mandate check's notes become the objective the brief opens with."""
        item = self.run.item
        if item is None:
            return
        workshop = self.session.workshop
        existing = workshop.meta.objective.strip()
        notes = mandate_notes(workshop, item)
        after = False
        if existing and notes and existing != notes:
            # An objective typed when the workshop was made is not thrown away unasked.
            box = QMessageBox(self.window)
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle(self.tr("The workshop has an objective"))
            box.setText(self.tr("Replace the objective with these notes, or add them to it?"))
            box.setInformativeText(existing[:400])
            replace = box.addButton(self.tr("&Replace"), QMessageBox.ButtonRole.AcceptRole)
            add = box.addButton(self.tr("&Add after it"), QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(add)
            self.objective_question = box
            box.exec()
            self.objective_question = None
            if box.clickedButton() not in (replace, add):
                return
            after = box.clickedButton() is add
        done = self.session.perform(lambda: notes_into_objective(workshop, item, after=after))
        if done is not None:
            lines = mandate_note_count(workshop, item)
            self.message.tell(
                self.tr("%d note(s) added to the objective; Ctrl+Z takes it back") % lines
                if after
                else self.tr("The objective is now these %d note(s); Ctrl+Z takes it back") % lines
            )
