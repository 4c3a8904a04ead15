"""What a new user's walkthrough found in the live window, pressed with the real keys.

Each test replays what was done on a 1280×720 screen with the keyboard, and
checks what a facilitator relies on: every timer action is one undo step that
says what it did, Ctrl+Space starts the exercise on screen, undo says what it
undid, the tables follow the keyboard.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QApplication
from pytestqt.qtbot import QtBot

from facilitator.model import AgendaItem, Idea, Problem
from tests.ui.conftest import FakeClock, agenda_items, go_to, type_card
from tests.ui.test_shortcuts import press, problems_on_the_board
from ui.live.matrix import MatrixView
from ui.live.vote import VoteView
from ui.live.window import WorkshopWindow


def recorded(window: WorkshopWindow, item: AgendaItem) -> AgendaItem:
    found = window.workshop.get(item.id)
    assert isinstance(found, AgendaItem)
    return found


def test_ctrl_r_on_a_finished_exercise_is_an_undo_step_that_says_what_it_did(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    first, second = agenda_items(window)[:2]
    window.workshop.update(second.id, elapsed_seconds=31 * 60, status="done")
    go_to(window, first.summary())
    press(qtbot, window, "Ctrl+Down")  # to the finished exercise, "31 used"
    assert window.run.item is not None and window.run.item.id == second.id
    press(qtbot, window, "Ctrl+R")
    assert recorded(window, second).elapsed_seconds == 0
    assert "31 min used" in window.message.text() and "Ctrl+Z" in window.message.text()
    press(qtbot, window, "Ctrl+Z")
    assert recorded(window, second).elapsed_seconds == 31 * 60  # the time it took is back
    assert window.timer.used() == 31 * 60  # and the clock shows it
    assert window.timer.remaining() == (second.planned_minutes - 31) * 60


def test_more_minutes_are_undo_steps(qtbot: QtBot, window: WorkshopWindow) -> None:
    item = go_to(window, "Start with the problem")
    window.workshop.update(item.id, status="done")
    press(qtbot, window, "Ctrl+1")
    press(qtbot, window, "Ctrl+5")
    assert recorded(window, item).planned_minutes == item.planned_minutes + 6
    assert window.message.text().startswith("Add 5 min to “Start with the problem”")
    press(qtbot, window, "Ctrl+Z")
    press(qtbot, window, "Ctrl+Z")
    assert recorded(window, item).planned_minutes == item.planned_minutes
    assert window.timer.remaining() == item.planned_minutes * 60


def test_ctrl_space_on_the_next_exercise_starts_its_clock(
    qtbot: QtBot, window: WorkshopWindow, clock: FakeClock
) -> None:
    first, second = agenda_items(window)[:2]
    go_to(window, first.summary())
    press(qtbot, window, "Ctrl+Space")
    clock.advance(120)
    press(qtbot, window, "Ctrl+Down")
    assert window.timer.item_id == first.id  # the clock runs on while one looks ahead
    assert window.run.timer_widget.start_button.text() == "Start"  # Start is for this one
    press(qtbot, window, "Ctrl+Space")  # one press: this exercise's clock starts
    assert window.timer.running and window.timer.item_id == second.id
    assert recorded(window, first).elapsed_seconds == 120
    assert recorded(window, first).status == "done"
    assert recorded(window, second).status == "running"
    assert not window.run.timer_widget.timing.isVisibleTo(window)  # no "timing: 1. …"
    assert window.run.timer_widget.start_button.text() == "Pause"
    clock.advance(30)
    press(qtbot, window, "Ctrl+Z")  # the start taken back: the agenda as it was, the clock stopped
    assert not window.timer.running
    assert recorded(window, first).status == "running"
    assert recorded(window, second).status == "planned"
    assert recorded(window, second).elapsed_seconds == 30  # the time used is kept


def test_undo_says_what_it_undid_and_goes_where_it_was_done(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    problems_on_the_board(qtbot, window, "Permits wait 9 weeks")
    press(qtbot, window, "Ctrl+Down")  # on to the next exercise
    elsewhere = window.run.item
    assert elsewhere is not None and elsewhere.summary() != "Start with the problem"
    press(qtbot, window, "Ctrl+Z")
    assert window.workshop.typed(Problem) == []
    assert window.message.text() == (
        "Undone: Add problem “Permits wait 9 weeks” (in 2. Start with the problem)"
    )
    assert window.run.item is not None and window.run.item.summary() == "Start with the problem"
    press(qtbot, window, "Ctrl+Shift+Z")
    assert [p.text for p in window.workshop.typed(Problem)] == ["Permits wait 9 weeks"]
    assert window.message.text() == "Redone: Add problem “Permits wait 9 weeks”"
    press(qtbot, window, "Ctrl+Shift+Z")
    assert window.message.text() == "Nothing to redo"


def test_ctrl_q_right_after_f5_quits_not_just_the_projector(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    press(qtbot, window, "F5")
    projector = window.projector
    assert projector.isVisible()
    press(qtbot, window, "Ctrl+Q")  # closing the wall (which only hides) stopped the quit
    assert not projector.isVisible() and not window.isVisible()  # one press quits
    assert QApplication.instance().findChild(QAction, "quit_action") in projector.actions()


def test_moving_down_a_long_table_at_720p_keeps_the_current_cell_in_view(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    for number in range(1, 16):
        window.workshop.add("action", text=f"Next step {number}", owner="Tom")
    # 720p less a window manager's title bar and a panel, a dock or two open: the
    # exercise no longer fits, and scrolls as a whole (as in the walkthrough).
    window.resize(1280, 520)
    item = next(i for i in agenda_items(window) if i.template["view"] == "actions")
    window.agenda.select(item.id)
    view = window.run.current_view
    assert view is not None
    view.focus_main()
    table = QApplication.focusWidget()
    assert isinstance(table, QAbstractItemView)
    scroll = window.board_scroll
    assert scroll.verticalScrollBar().maximum() > 0  # the exercise is taller than the window
    for _ in range(14):
        press(qtbot, window, "Down")
        rect = table.visualRect(table.currentIndex())
        top_left = table.viewport().mapTo(scroll.viewport(), rect.topLeft())
        seen = scroll.viewport().rect()
        assert seen.contains(top_left) and seen.contains(
            top_left + rect.bottomRight() - rect.topLeft()
        )
    assert table.currentIndex().row() == 14


def test_typing_counts_down_the_vote_table_moves_card_to_card(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    cards = problems_on_the_board(qtbot, window, "Quotes are late", "Forms get lost", "Permits")
    go_to(window, "Which problems matter most")
    window.run.go_step(+1)  # from grouping on the board to the vote
    view = window.run.current_view
    assert isinstance(view, VoteView)
    view.focus_main()
    press(qtbot, window, "Escape")
    for keys in ("5", "Down", "3", "Down", "4", "Down"):
        press(qtbot, window, keys)
    assert [view.tally.dots(card.id) for card in cards] == [5, 3, 4]
    assert view.table.state() != QAbstractItemView.State.EditingState


def test_placing_ideas_on_the_matrix_with_enter_and_arrows(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    problem = window.workshop.add("problem", text="Quotes are late")
    for text in ("Draft quotes", "Check permits", "Sort the post"):
        window.workshop.add("idea", text=text, problem_ids=[problem.id])
    item = next(i for i in agenda_items(window) if i.template["view"] == "matrix")
    window.agenda.select(item.id)
    view = window.run.current_view
    assert isinstance(view, MatrixView)
    view.focus_main()
    press(qtbot, window, "Escape")  # from the grid to the ranking
    assert QApplication.focusWidget() is view.ranking
    assert view.keys_hint.text().startswith("Ranking: ↑ ↓ choose an idea")
    for keys in ("Home", "Return", "Right", "Right", "Right", "Return"):
        press(qtbot, window, keys)
        if keys == "Right":
            assert "the arrows move it" in view.keys_hint.text()  # how to get back, too
    assert QApplication.focusWidget() is view.ranking  # Enter placed it: back to the list
    for keys in ("Down", "Return", "Right", "Return", "Down", "Return", "Left", "Return"):
        press(qtbot, window, keys)
    placed = {i.text: (i.value, i.feasibility) for i in window.workshop.typed(Idea)}
    assert placed == {"Draft quotes": (3, 5), "Check permits": (3, 4), "Sort the post": (3, 2)}
    press(qtbot, window, "Down")  # in the ranking: nothing moves on the grid
    assert {i.text: (i.value, i.feasibility) for i in window.workshop.typed(Idea)} == placed


def test_ctrl_g_where_cards_have_no_groups_says_why(qtbot: QtBot, window: WorkshopWindow) -> None:
    go_to(window, "Why are we here?")  # a notes exercise
    for text in ("Board wants AI", "Costs up", "Staff leaving", "Customers wait"):
        type_card(qtbot, window, text)
    press(qtbot, window, "Escape")
    press(qtbot, window, "Home")
    press(qtbot, window, "Shift+Right")
    assert len(window.cards.selected_cards()) == 2
    press(qtbot, window, "Ctrl+G")
    assert window.message.mood == "bad"
    assert window.message.text() == "Notes have no groups: only problems and ideas are grouped"
