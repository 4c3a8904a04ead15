"""The dot-voting view, driven with the keyboard as in the room, and its projector mirror."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from facilitator import voting
from facilitator.agenda import apply_recipe
from facilitator.model import Problem
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from tests.ui.conftest import live_window
from ui.live.models import DOTS_ROLE, RECORD_ROLE
from ui.live.vote import COL_DOTS, VoteView
from ui.live.window import WorkshopWindow


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "vote.workshop.json"
    workshop = Workshop.create(target, title="Vote")
    library = load_library(include_user=False)
    apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    for text in ("Quotes are late", "Invoices are wrong", "Calls get lost"):
        workshop.add("problem", text=text)
    workshop.add("participant", name="Ana Silva")
    workshop.close()
    return target


@pytest.fixture
def window(qtbot: QtBot, path: Path, tmp_path: Path) -> Iterator[WorkshopWindow]:
    with live_window(qtbot, path, tmp_path, "vote") as win:
        assert win.run.current_view is None  # its first step groups the cards on the board
        win.run.go_step(+1)  # the vote
        yield win


def go_to_card(view: VoteView, text: str) -> Problem:
    for row in range(view.order.rowCount()):
        index = view.order.index(row, COL_DOTS)
        card = index.data(RECORD_ROLE)
        if card.text == text:
            view.table.setCurrentIndex(index)
            return card
    raise AssertionError(text)


def room_dots(window: WorkshopWindow) -> dict[str, int]:
    view = window.run.current_view
    assert isinstance(view, VoteView)
    room = view.room
    return {
        room.index(r, 0).data(RECORD_ROLE).text: room.index(r, 0).data(DOTS_ROLE)
        for r in range(room.rowCount())
    }


def test_dots_by_keyboard_within_budget_and_cap_then_reveal(
    qtbot: QtBot, window: WorkshopWindow, path: Path
) -> None:
    view = window.run.current_view
    assert isinstance(view, VoteView) and window.board.body.currentWidget() is view
    view.focus_main()
    table = view.table
    room_width = view.voter.fontMetrics().horizontalAdvance(view.voter.itemText(0))
    # "The room (proxy dots)" in full, with room for the drop-down arrow beside it.
    assert view.voter.width() >= room_width + 25
    qtbot.keyClick(table, Qt.Key.Key_BracketRight)  # from the room to Ana
    assert view.voter.currentText() == "Ana Silva"
    assert "3 of 3 dots left" in view.budget.text()

    quotes = go_to_card(view, "Quotes are late")
    for _ in range(3):
        qtbot.keyClick(table, Qt.Key.Key_Space)
    assert "at most 2 on one card" in window.message.text()  # the third is refused
    go_to_card(view, "Invoices are wrong")
    qtbot.keyClick(table, Qt.Key.Key_Plus)
    assert "at most 2" not in window.message.text()  # a dot since: the refusal is old
    go_to_card(view, "Calls get lost")
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert "used all 3 dots" in window.message.text()
    assert "0 of 3 dots left" in view.budget.text()
    qtbot.keyClick(table, Qt.Key.Key_Minus)  # nothing of Ana's here to take back
    go_to_card(view, "Invoices are wrong")
    qtbot.keyClick(table, Qt.Key.Key_Backspace)  # take it back...
    go_to_card(view, "Calls get lost")
    qtbot.keyClick(table, Qt.Key.Key_Space)  # ...and move it

    # The room's paper stickers, typed in as a number on the card.
    qtbot.keyClick(table, Qt.Key.Key_BracketLeft)  # back to the room
    go_to_card(view, "Invoices are wrong")
    qtbot.keyClicks(table, "4")  # typing a number opens the count, Enter keeps it
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    counts = {
        p.text: voting.count(window.workshop, p.id, 1) for p in window.workshop.typed(Problem)
    }
    assert counts == {"Quotes are late": 2, "Invoices are wrong": 4, "Calls get lost": 1}

    # The projector shows the cards but no counts until the reveal, then the result.
    window.toggle_projector()
    assert window.projector.body.currentWidget() is view.projector_view()
    assert set(room_dots(window).values()) == {-1}
    window.run.set_revealed(True)
    assert list(room_dots(window).items()) == [
        ("Invoices are wrong", 4),
        ("Quotes are late", 2),
        ("Calls get lost", 1),
    ]
    assert "The result, round 1: 7 dots" in view._mirror_title.text()  # type: ignore[union-attr]
    assert view.order.index(0, 0).data(RECORD_ROLE).text == "Invoices are wrong"

    # A new round starts with a fresh budget and no dots; the first is kept apart.
    view.new_round()
    assert view.tally.round == 2
    view.voter.setCurrentIndex(view.voter.findText("Ana Silva"))
    assert "3 of 3 dots left" in view.budget.text()
    go_to_card(view, "Calls get lost")
    qtbot.keyClick(table, Qt.Key.Key_Space)
    window.undo_action.trigger()  # and every dot undoes
    assert voting.count(window.workshop, quotes.id, 1) == 2
    assert sum(voting.count(window.workshop, p.id, 2) for p in window.workshop.typed(Problem)) == 0

    window.close()
    window.workshop.close()
    saved = open_workshop(path, read_only=True)
    assert {p.text: p.votes for p in saved.typed(Problem)} == counts


def test_the_projector_never_names_a_voter(window: WorkshopWindow, qtbot: QtBot) -> None:
    view = window.run.current_view
    assert isinstance(view, VoteView)
    mirror: Any = view.projector_view()
    assert mirror is not None
    delegate = view.mirror_cards.itemDelegate()
    assert not delegate.show_authors  # type: ignore[attr-defined]


def test_the_cards_are_grouped_on_the_board_then_voted_on(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    window.toggle_projector()
    window.run.go_step(-1)  # "Group": the board, where a card dropped on another joins it
    assert window.run.current_view is None
    assert window.board.body.currentWidget() is window.board.card_page
    assert window.projector.body.currentWidget() is window.projector.cards
    proxy = window.cards.board_proxy
    assert proxy is not None and proxy.rowCount() == 3
    first = proxy.index(0, 0).data(RECORD_ROLE)
    window.workshop.update(first.id, group="Sales")  # as the drag or #group does
    window.run.go_step(+1)  # "Vote": the vote view, its group column up to date
    view = window.run.current_view
    assert isinstance(view, VoteView) and window.board.body.currentWidget() is view
    assert window.projector.body.currentWidget() is view.projector_view()
    row = next(
        r
        for r in range(view.order.rowCount())
        if view.order.index(r, 0).data(RECORD_ROLE).id == first.id
    )
    assert view.order.index(row, 1).data() == "Sales"
    window.run.set_revealed(True)
    window.run.go_step(+1)  # "Read the result": the same view, still revealed
    assert window.run.current_view is view and window.run.reveal_button.isChecked()
    window.toggle_projector()


def test_ctrl_down_from_the_vote_table_lands_in_the_next_capture_line(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    view = window.run.current_view
    assert isinstance(view, VoteView)
    view.focus_main()
    assert window.focusWidget() is view.table
    qtbot.keyClick(view.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.run.item is not None and window.run.item.summary() == "Could not do before"
    assert window.focusWidget() is window.board.capture  # typing goes to the new exercise
