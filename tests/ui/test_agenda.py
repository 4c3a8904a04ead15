"""The agenda panel: reorder, add, skip, and undo that keeps the facilitator's place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from facilitator.model import Problem
from tests.ui.conftest import agenda_items, go_to, select_card, type_card
from ui.live.window import WorkshopWindow


def pick_commitments(window: WorkshopWindow) -> None:
    dialog = window.agenda.add_dialog
    assert dialog is not None
    rows = [dialog.choices.item(r) for r in range(dialog.choices.count())]
    dialog.choices.setCurrentItem(next(r for r in rows if r.text().startswith("Commit")))
    dialog.accept()


def test_an_exercise_added_in_the_middle_is_undone_and_redone_whole(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    before = [i.id for i in agenda_items(window)]
    go_to(window, agenda_items(window)[-2].summary())  # Add… puts it after: before the last
    QTimer.singleShot(0, lambda: pick_commitments(window))
    qtbot.mouseClick(window.agenda.add_button, Qt.MouseButton.LeftButton)
    after = [i.id for i in agenda_items(window)]
    assert len(after) == len(before) + 1 and after[-1] == before[-1]
    assert agenda_items(window)[-2].summary() == "Commitments"
    assert window.session.undo_stack.count() == 1  # one step, not "add" and "reorder"
    window.activateWindow()  # the dialog has gone (offscreen, nobody gives the window back)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [i.id for i in agenda_items(window)] == before
    assert [i.position for i in agenda_items(window)] == list(range(len(before)))
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [i.id for i in agenda_items(window)] == after


def test_the_agenda_reorders_adds_skips_and_warns_when_running_over(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    titles = [i.summary() for i in agenda_items(window)]
    go_to(window, titles[0])
    window.agenda.view.setFocus()
    qtbot.keyClick(window.agenda.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [i.summary() for i in agenda_items(window)][:2] == [titles[1], titles[0]]

    QTimer.singleShot(0, lambda: pick_commitments(window))
    qtbot.mouseClick(window.agenda.add_button, Qt.MouseButton.LeftButton)  # "Add…"
    assert len(agenda_items(window)) == len(titles) + 1
    assert window.run.item is not None and window.run.item.summary() == "Commitments"
    qtbot.mouseClick(window.agenda.skip_button, Qt.MouseButton.LeftButton)
    assert window.run.item is not None and window.run.item.status == "skipped"
    assert "over" not in window.agenda.totals.text()
    window.agenda.select(agenda_items(window)[0].id)
    window.workshop.update(agenda_items(window)[0].id, elapsed_seconds=60 * 60)
    assert "running" in window.agenda.totals.text() and "over" in window.agenda.totals.text()


def test_undoing_an_agenda_move_leaves_the_keyboard_on_the_card(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    item = go_to(window, "Start with the problem")
    type_card(qtbot, window, "Quotes take three days")
    (problem,) = window.workshop.typed(Problem)
    select_card(window, problem.id)
    window.board.cards.setFocus()
    window.session.perform(lambda: window.workshop.move_agenda_item(item.id, 0))
    window.undo_action.trigger()
    assert window.run.item is not None and window.run.item.id == item.id
    assert window.focusWidget() is window.board.cards  # not moved to the capture line
    assert [c.id for c in window.cards.selected_cards()] == [problem.id]


# An open drop-down grabs the keyboard; the offscreen platform says it cannot.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_alt_down_in_a_drop_down_opens_it_and_leaves_the_agenda_alone(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    """Issue 10, item 2: F4 on an idea, Tab to "New value or automation", Alt+Down."""
    problem = window.workshop.add("problem", text="Permits wait")
    window.workshop.add("idea", text="Pre-check permits", problem_ids=[problem.id])
    go_to(window, "Could not do before")
    order = [i.id for i in agenda_items(window)]
    window.board.cards.setFocus()
    window.board.cards.setCurrentIndex(window.cards.board_proxy.index(0, 0))  # type: ignore[union-attr]
    qtbot.keyClick(window.board.cards, Qt.Key.Key_F4)
    QApplication.processEvents()  # the inspector's rows are shown before the next key
    for _ in range(10):  # Tab through the idea's fields to the drop-down
        focused = QApplication.focusWidget()
        if isinstance(focused, QComboBox) and focused.accessibleName() == "New value or automation":
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox) and window.inspector.isAncestorOf(combo)
    qtbot.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: combo.view().isVisible())  # the list is open, as in any app
    assert [i.id for i in agenda_items(window)] == order  # and the agenda did not move
    qtbot.keyClick(combo.view(), Qt.Key.Key_Escape)
    window.agenda.view.setFocus()  # in the agenda, Alt+Down still moves the exercise
    qtbot.keyClick(window.agenda.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [i.id for i in agenda_items(window)] != order
