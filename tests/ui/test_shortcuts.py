"""Every key the F1 list shows, pressed as a facilitator presses it (issue 10, item 1).

For each row of the shortcut table there is a check below: it puts the window in
a state where the key applies, presses the real key on the widget that has the
keyboard (so window shortcuts go through Qt's shortcut map, and a focused
editor gets its chance first), and checks what the key did and that nothing
went wrong (no red message; an exception in a slot fails the test). A row
added to the table without a check fails :func:`test_every_row_of_f1_has_a_check`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from facilitator.model import AgendaItem, Problem
from tests.ui.conftest import FakeClock, agenda_items, go_to, select_card, type_card
from ui.home import HomeWindow
from ui.live.board import CardEditor
from ui.live.shortcuts import SHORTCUTS
from ui.live.vote import COL_DOTS, VoteView
from ui.live.window import WorkshopWindow

Check = Callable[[QtBot, WorkshopWindow, FakeClock], None]
CHECKS: dict[str, Check] = {}


def check(action: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[action] = function
        return function

    return register


def press(qtbot: QtBot, window: WorkshopWindow, keys: str) -> None:
    """Press *keys* on whatever has the keyboard in *window* (made the active window,
    as it is on a desktop once a dialog has gone)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    combination = QKeySequence(keys)[0]
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())


def problems_on_the_board(qtbot: QtBot, window: WorkshopWindow, *texts: str) -> list[Problem]:
    go_to(window, "Start with the problem")
    for text in texts:
        type_card(qtbot, window, text)
    return window.workshop.typed(Problem)


def on_the_cards(window: WorkshopWindow, *cards: Problem) -> None:
    """The keyboard on the board, these cards selected (the last one current)."""
    window.board.cards.setFocus()
    window.board.cards.clearSelection()
    selection = window.board.cards.selectionModel()
    for card in cards:
        selected = selection.selection()
        select_card(window, card.id)
        selection.select(selected, QItemSelectionModel.SelectionFlag.Select)


def answer_dialog(answer: Callable[[QWidget], None]) -> None:
    """Answer the modal dialog a key is about to open, once it is up."""

    def when_open() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, when_open)
            return
        answer(dialog)

    QTimer.singleShot(0, when_open)


@check("Capture")
def _capture(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    go_to(window, "Start with the problem")
    assert QApplication.focusWidget() is window.board.capture
    qtbot.keyClicks(window.board.capture, "Permits wait 9 weeks")
    press(qtbot, window, "Return")
    assert [p.text for p in window.workshop.typed(Problem)] == ["Permits wait 9 weeks"]


@check("Go to the capture line")
def _capture_line(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    (card,) = problems_on_the_board(qtbot, window, "A card")
    on_the_cards(window, card)
    press(qtbot, window, "Ctrl+L")
    assert QApplication.focusWidget() is window.board.capture


@check("Filter cards")
def _filter(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    problems_on_the_board(qtbot, window, "A card")
    press(qtbot, window, "Ctrl+F")
    assert QApplication.focusWidget() is window.board.search


@check("Edit the selected card's text")
def _edit(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    (card,) = problems_on_the_board(qtbot, window, "Quotes take three days")
    on_the_cards(window, card)
    press(qtbot, window, "F2")
    editor = QApplication.focusWidget()
    assert isinstance(editor, CardEditor) and editor.toPlainText() == "Quotes take three days"


@check("Delete the selected cards")
def _delete(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    first, second = problems_on_the_board(qtbot, window, "Keep me", "Delete me")
    on_the_cards(window, second)
    press(qtbot, window, "Delete")
    assert window.workshop.typed(Problem) == [first]


@check("Group the selected cards")
def _group(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    cards = problems_on_the_board(qtbot, window, "Permits wait", "Forms get lost", "Other")
    on_the_cards(window, cards[0], cards[1])

    def name_the_group(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Permits")
        dialog.accept()

    answer_dialog(name_the_group)
    press(qtbot, window, "Ctrl+G")
    assert [p.group for p in window.workshop.typed(Problem)] == ["Permits", "Permits", ""]


@check("Workshop details: title, client, objective …")
def _details(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    press(qtbot, window, "Ctrl+I")
    assert window.inspector.record == window.workshop.meta
    assert window.inspector.isAncestorOf(QApplication.focusWidget())


@check("The selected card's fields, in the inspector (Escape comes back)")
def _fields(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    (card,) = problems_on_the_board(qtbot, window, "A card")
    on_the_cards(window, card)
    press(qtbot, window, "F4")
    assert window.inspector.record == card
    assert window.inspector.isAncestorOf(QApplication.focusWidget())


@check("Start or pause the timer")
def _start(qtbot: QtBot, window: WorkshopWindow, clock: FakeClock) -> None:
    item = go_to(window, "Start with the problem")
    press(qtbot, window, "Ctrl+Space")
    assert window.timer.running
    clock.advance(90)
    press(qtbot, window, "Ctrl+Space")
    assert not window.timer.running
    assert window.workshop.get(item.id).elapsed_seconds == 90  # type: ignore[attr-defined]


@check("Reset the timer")
def _reset(qtbot: QtBot, window: WorkshopWindow, clock: FakeClock) -> None:
    item = go_to(window, "Start with the problem")
    window.timer.start()
    clock.advance(60)
    press(qtbot, window, "Ctrl+R")
    assert window.workshop.get(item.id).elapsed_seconds == 0  # type: ignore[attr-defined]


@check("Add 1 / 5 minutes")
def _more_time(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    item = go_to(window, "Start with the problem")
    press(qtbot, window, "Ctrl+1")
    press(qtbot, window, "Ctrl+5")
    after = window.workshop.get(item.id)
    assert isinstance(after, AgendaItem) and after.planned_minutes == item.planned_minutes + 6


@check("Previous / next step")
def _steps(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    go_to(window, "Start with the problem")
    press(qtbot, window, "Ctrl+Right")
    assert window.run.step() == 1
    press(qtbot, window, "Ctrl+Left")
    assert window.run.step() == 0


@check("Previous / next exercise")
def _exercises(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    first, second = agenda_items(window)[:2]
    go_to(window, first.summary())
    press(qtbot, window, "Ctrl+Down")
    assert window.run.item is not None and window.run.item.id == second.id
    press(qtbot, window, "Ctrl+Up")
    assert window.run.item is not None and window.run.item.id == first.id


@check("Move the exercise up / down (in the agenda)")
def _move(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    first, second = agenda_items(window)[:2]
    go_to(window, first.summary())
    window.agenda.view.setFocus()
    press(qtbot, window, "Alt+Down")
    assert [i.id for i in agenda_items(window)[:2]] == [second.id, first.id]
    press(qtbot, window, "Alt+Up")
    assert [i.id for i in agenda_items(window)[:2]] == [first.id, second.id]


@check("Add an exercise to the agenda")
def _add_exercise(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    before = len(agenda_items(window))

    def pick_the_first(dialog: QWidget) -> None:
        assert window.agenda.add_dialog is dialog
        dialog.choices.setCurrentRow(0)  # type: ignore[attr-defined]
        dialog.accept()  # type: ignore[attr-defined]

    answer_dialog(pick_the_first)
    press(qtbot, window, "Ctrl+Shift+A")
    assert len(agenda_items(window)) == before + 1


@check("Undo / redo")
def _undo(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    (card,) = problems_on_the_board(qtbot, window, "A card")
    on_the_cards(window, card)
    press(qtbot, window, "Ctrl+Z")
    assert window.workshop.typed(Problem) == []
    press(qtbot, window, "Ctrl+Shift+Z")
    assert [p.id for p in window.workshop.typed(Problem)] == [card.id]


@check("Projector view")
def _projector(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    press(qtbot, window, "F5")
    assert window.projector.isVisible()
    press(qtbot, window, "F5")
    assert not window.projector.isVisible()


@check("Reveal to the room (the vote, the silent writing)")
def _reveal(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    go_to(window, "Start with the problem")
    assert window.run.private_step() and window.projector.private  # silent writing
    press(qtbot, window, "F6")
    assert not window.projector.private
    press(qtbot, window, "F6")
    assert window.projector.private


def vote_on_a_card(qtbot: QtBot, window: WorkshopWindow) -> tuple[VoteView, Problem]:
    (card,) = problems_on_the_board(qtbot, window, "Quotes are late")
    go_to(window, "Which problems matter most")
    window.run.go_step(+1)  # from grouping on the board to the vote
    view = window.run.current_view
    assert isinstance(view, VoteView)
    view.table.setFocus()
    view.table.setCurrentIndex(view.order.index(0, COL_DOTS))
    return view, card


@check("Vote: add a dot / take it back")
def _dots(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    view, card = vote_on_a_card(qtbot, window)
    for keys, dots in (("Space", 1), ("+", 2), ("-", 1), ("Backspace", 0)):
        press(qtbot, window, keys)
        assert view.tally.dots(card.id) == dots, keys


@check("Vote: previous / next person")
def _voters(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    view, _card = vote_on_a_card(qtbot, window)
    assert view.voter.currentData() is None  # the room's proxy dots
    press(qtbot, window, "]")
    assert view.voter.currentText() == "Ana Silva"
    press(qtbot, window, "[")
    assert view.voter.currentData() is None


@check("People in the room")
def _people(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    press(qtbot, window, "Ctrl+Shift+P")
    assert window.people_dialog is not None and window.people_dialog.isVisible()
    window.people_dialog.close()


@check("The room: phones join, write and vote (open, close, review)")
def _room(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    press(qtbot, window, "F7")
    dialog = window.room.dialog
    assert dialog is not None and dialog.isVisible()  # the room is not open until asked
    assert window.room.door.server is None
    dialog.close()


@check("Export the brief")
def _export(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    press(qtbot, window, "Ctrl+E")
    assert window.export_dialog is not None and window.export_dialog.isVisible()
    window.export_dialog.close()


@check("These shortcuts")
def _help(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    press(qtbot, window, "F1")
    assert window.shortcuts_dialog is not None and window.shortcuts_dialog.isVisible()
    window.shortcuts_dialog.close()


@check("Close the workshop")
def _close(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    press(qtbot, window, "Ctrl+W")
    assert not window.isVisible()


@check("Quit Facilitator")
def _quit(qtbot: QtBot, window: WorkshopWindow, _clock: FakeClock) -> None:
    press(qtbot, window, "Ctrl+Q")
    assert not window.isVisible()


def test_every_row_of_f1_has_a_check() -> None:
    assert set(CHECKS) == {row.action for row in SHORTCUTS}


@pytest.mark.parametrize("row", SHORTCUTS, ids=[row.keys for row in SHORTCUTS])
def test_the_key_does_what_f1_says(
    qtbot: QtBot, window: WorkshopWindow, clock: FakeClock, row: object
) -> None:
    action = getattr(row, "action", "")
    CHECKS[action](qtbot, window, clock)
    assert window.message.mood != "bad", window.message.text()


def test_ctrl_q_quits_from_the_home_screen_too(qtbot: QtBot, home: HomeWindow) -> None:
    home.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is home)
    qtbot.keyClick(home, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not home.isVisible()
