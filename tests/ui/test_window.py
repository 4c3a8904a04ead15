"""The live window as a whole: a scripted workshop, its keys, its layout, the inspector."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
)
from pytestqt.qtbot import QtBot

from facilitator.model import Action, Problem
from facilitator.workshop import open_workshop
from tests.ui.conftest import (
    FakeClock,
    agenda_items,
    go_to,
    pick_problem,
    type_card,
)
from ui.live.dates import DueEditor
from ui.live.shortcuts import ShortcutsDialog
from ui.live.window import WorkshopWindow
from ui.settings import AppSettings


def test_a_scripted_workshop_survives_closing_and_reopening(
    qtbot: QtBot, window: WorkshopWindow, path: Path, settings: AppSettings, clock: FakeClock
) -> None:
    # Exercise 1: the mandate, timed.
    first = go_to(window, "Why are we here?")
    qtbot.mouseClick(window.run.timer_widget.start_button, Qt.MouseButton.LeftButton)
    clock.advance(1.3)
    window.timer.pause()
    assert window.workshop.get(first.id).elapsed_seconds >= 1  # type: ignore[attr-defined]
    assert window.workshop.get(first.id).status == "running"  # type: ignore[attr-defined]

    # Exercise 2: twenty problems, captured by keyboard only.
    second = go_to(window, "Start with the problem")
    window.timer.start()
    for n in range(20):
        group = "#billing " if n % 2 else ""
        type_card(qtbot, window, f"Problem {n} {group}!{1 + n % 5}")
    assert window.board.capture.toPlainText() == ""
    problems = window.workshop.typed(Problem)
    assert [p.text for p in problems] == [f"Problem {n}" for n in range(20)]
    assert sum(1 for p in problems if p.group == "billing") == 10
    assert problems[3].impact == 4 and problems[3].exercise_id == second.id
    assert window.cards.board_proxy is not None and window.cards.board_proxy.rowCount() == 20

    # Group three ungrouped cards, by keyboard (Ctrl+G with a name).
    selection = window.board.cards.selectionModel()
    selection.clearSelection()
    for n in (0, 2, 4):
        row = window.cards.card_models["problems"].row_of(problems[n].id)
        proxy_index = window.cards.board_proxy.mapFromSource(
            window.cards.card_models["problems"].index(row)
        )
        selection.select(proxy_index, QItemSelectionModel.SelectionFlag.Select)
    window.cards.group_selected("Permits")
    assert {window.workshop.get(problems[n].id).group for n in (0, 2, 4)} == {  # type: ignore[attr-defined]
        "Permits"
    }

    # Edit one card in the inspector, then undo and redo.
    target = window.cards.card_models["problems"].row_of(problems[5].id)
    window.board.cards.setCurrentIndex(
        window.cards.board_proxy.mapFromSource(window.cards.card_models["problems"].index(target))
    )
    who = window.inspector.editors["who"]
    assert isinstance(who, QLineEdit)
    who.setFocus()
    qtbot.keyClicks(who, "Intake clerks")
    qtbot.keyClick(who, Qt.Key.Key_Return)
    assert window.workshop.get(problems[5].id).who == "Intake clerks"  # type: ignore[attr-defined]
    window.undo_action.trigger()
    assert window.workshop.get(problems[5].id).who == ""  # type: ignore[attr-defined]
    window.redo_action.trigger()
    assert window.workshop.get(problems[5].id).who == "Intake clerks"  # type: ignore[attr-defined]
    assert window.session.undo_stack.count() >= 22  # 20 captures, a grouping, an edit

    # The projector mirrors the board and never shows the facilitator's script.
    window.toggle_projector()
    projector = window.projector
    assert projector.isVisible()
    assert projector.cards.model().rowCount() == 20
    assert projector.prompt.text() == window.board.prompt.text()
    script = window.board.script.text()
    assert script and all(
        script not in label.text()
        for label in (projector.exercise, projector.step, projector.prompt, projector.count)
    )
    type_card(qtbot, window, "Problem twenty-one")
    assert projector.cards.model().rowCount() == 21  # live
    window.run.go_step(+1)
    assert projector.prompt.text() == window.board.prompt.text()
    # Large enough to read at the back of a room: 40 pt on a 1920×1080 wall, and on
    # a small projector still 24 pt or more, giving way so the cards stay in view.
    projector.resize(1920, 1080)
    assert projector.prompt.font().pointSizeF() == 40
    assert projector.count.font().pointSizeF() >= 24
    projector.resize(1024, 768)
    assert 24 <= projector.prompt.font().pointSizeF() < 40
    window.toggle_projector()
    clock.advance(1.1)  # the exercise has now run for more than a second
    window.timer.pause()

    # Exercise 3: a short run on the vote.
    third = go_to(window, "Which problems matter most")
    window.timer.start()
    clock.advance(1.1)
    window.timer.pause()

    # Close and reopen: every card, the groups, the edit and the time used.
    window.close()
    window.workshop.close()
    reopened = open_workshop(path, read_only=True)
    problems = reopened.typed(Problem)
    assert len(problems) == 21
    assert {problems[n].group for n in (0, 2, 4)} == {"Permits"}
    assert problems[5].who == "Intake clerks"
    for item in (first, second, third):
        assert reopened.get(item.id).elapsed_seconds >= 1  # type: ignore[attr-defined]
    assert settings.left_open() == []  # a clean close leaves nothing to recover


def test_shortcuts_are_listed_with_f1_and_fit_the_screen(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert "Start or pause the timer: Ctrl+Space" in dialog.text()
    room = window.screen().availableGeometry()  # the offscreen screen: 800×800
    assert dialog.frameGeometry().height() <= room.height()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isVisible() and dialog.rect().contains(ok.geometry().translated(dialog.buttons.pos()))
    every_row_in_reach(dialog)
    qtbot.keyClick(ok, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def every_row_in_reach(dialog: ShortcutsDialog) -> None:
    """No row is cut at the side: every label lies within the list's width."""
    width = dialog.list_area.viewport().width()
    for action, keys in dialog.rows:
        for label in (action, keys):
            assert label.mapTo(dialog.table, label.rect().topRight()).x() <= width, label.text()


def test_the_shortcut_list_fits_a_1280_by_720_laptop_whole(qtbot: QtBot) -> None:
    """Issue 10: on a 1280×720 laptop (less its task bar) every row and OK are in view."""
    dialog = ShortcutsDialog(room=QRect(0, 0, 1280, 680))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 1280 - 40 and dialog.height() <= 680 - 80
    assert dialog.list_area.verticalScrollBar().maximum() == 0  # nothing to scroll
    every_row_in_reach(dialog)
    last_action, last_keys = dialog.rows[-1]
    assert (last_action.text(), last_keys.text()) == ("Quit Facilitator", "Ctrl+Q")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isVisible()


def test_the_window_fits_a_small_screen_and_the_inspector_never_clips(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    # The offscreen screen is 800×600, smaller than a 1080p laptop at 150 %.
    area = window.screen().availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()
    go_to(window, "Start with the problem")
    type_card(qtbot, window, "A problem with a rather long description that goes on @ana")
    for title in ("Could not do before", "The last mile", "People and change"):
        go_to(window, title)
        if title == "The last mile":  # the idea captured before, with its readiness fields
            assert window.cards.board_proxy is not None
            window.board.cards.setCurrentIndex(window.cards.board_proxy.index(0, 0))
        else:
            if window.run.captures == "idea":
                QTimer.singleShot(0, lambda: pick_problem(window, "long description"))
            type_card(qtbot, window, "A card to inspect")
        assert window.inspector.record is not None, title
        # Every field fits a dock 260 pixels wide: labels wrap, pickers shrink.
        assert window.inspector.body.minimumSizeHint().width() <= 260, title
    # However tall an exercise's view, the window never outgrows the screen: the
    # exercise scrolls inside it (the matrix once made it 860 pixels tall).
    for item in agenda_items(window):
        window.agenda.select(item.id)
        for _ in range(3):
            window.run.go_step(+1)
            # 600: a 1280×720 screen, less its task bar and the window's title bar.
            assert window.minimumSizeHint().height() <= 600, item.summary()
            assert window.height() <= area.height(), item.summary()


def test_the_workshop_details_are_edited_in_the_inspector(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    editors = window.inspector.editors
    assert window.inspector.heading.text() == "Workshop"
    assert list(editors) == [
        "title",
        "client",
        "date",
        "start_time",
        "facilitators",
        "objective",
        "currency",
        "confidentiality",
    ]
    assert isinstance(editors["title"], QLineEdit)  # one line: it titles the window
    client = editors["client"]
    assert isinstance(client, QLineEdit) and client.text() == "Acme"
    client.setText("Acme Corp")
    client.editingFinished.emit()
    assert window.windowTitle().startswith("Acme AI day — Acme Corp")
    people = editors["facilitators"]
    assert isinstance(people, QLineEdit)
    people.setText("Ana Silva,  Bruno Costa, ")
    people.editingFinished.emit()
    assert window.workshop.meta.facilitators == ("Ana Silva", "Bruno Costa")
    assert people.text() == "Ana Silva, Bruno Costa"
    starts = editors["start_time"]
    assert isinstance(starts, QLineEdit)
    starts.setText("9.30")
    starts.editingFinished.emit()
    assert window.workshop.meta.start_time == "09:30" and starts.text() == "09:30"
    currency = editors["currency"]
    assert isinstance(currency, QLineEdit)
    currency.setText("euros")  # refused, with the reason, and the saved value kept
    currency.editingFinished.emit()
    assert window.workshop.meta.currency == "EUR" and currency.text() == "EUR"
    error = window.inspector.errors["currency"]
    assert not error.isHidden() and "three-letter currency code" in error.text()
    window.undo_action.trigger()
    assert window.workshop.meta.start_time is None
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.workshop.meta.client == "Acme"
    assert window.windowTitle().startswith("Acme AI day — Acme ·")


def test_f4_takes_the_keyboard_to_the_card_s_fields_and_escape_back(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Start with the problem")
    type_card(qtbot, window, "Quotes take three days")
    qtbot.waitUntil(lambda: window.inspector.record is not None)
    qtbot.keyClick(window.board.capture, Qt.Key.Key_F4)
    first = next(iter(window.inspector.editors.values()))
    assert window.focusWidget() is first  # one key, not nineteen Tabs
    field = window.inspector.editors["who"]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert window.focusWidget() is window.board.cards  # back to the cards


def test_the_inspector_edits_a_due_date_with_a_calendar(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Commitments")
    type_card(qtbot, window, "Brief the board")
    (action,) = window.workshop.typed(Action)
    window.inspector.show_record(action, None)
    due = window.inspector.editors["due"]
    assert isinstance(due, DueEditor)
    assert due.text() == "No date"  # never a day nobody chose
    due.setFocus()
    due.clearFocus()  # passing through changes nothing
    due.editingFinished.emit()
    assert window.workshop.get(action.id).due is None  # type: ignore[attr-defined]
    assert due.text() == "No date"
    due.setDate(QDate(2027, 1, 8))  # as the calendar does
    due.calendarWidget().clicked.emit(QDate(2027, 1, 8))
    assert window.workshop.get(action.id).due == "2027-01-08"  # type: ignore[attr-defined]
    qtbot.keyClick(due, Qt.Key.Key_Delete)
    due.editingFinished.emit()
    assert window.workshop.get(action.id).due is None  # type: ignore[attr-defined]
    window.session.undo_stack.undo()
    assert window.workshop.get(action.id).due == "2027-01-08"  # type: ignore[attr-defined]
    assert window.inspector.editors["due"].text() == "8 Jan 2027"


def test_someone_who_joins_mid_session_can_be_chosen_in_the_inspector(
    window: WorkshopWindow,
) -> None:
    go_to(window, "Start with the problem")
    problem = window.workshop.add("problem", text="Quotes take three days")
    window.inspector.show_record(problem, None)
    raised_by = window.inspector.editors["participant_id"]
    assert isinstance(raised_by, QComboBox)
    assert raised_by.findText("Maria Lopez") < 0
    maria = window.session.perform(lambda: window.workshop.add("participant", name="Maria Lopez"))
    assert maria is not None and raised_by.findText("Maria Lopez") > 0  # listed at once
    raised_by.setCurrentIndex(raised_by.findText("Maria Lopez"))
    assert window.workshop.get(problem.id).participant_id == maria.id  # type: ignore[attr-defined]
    window.session.perform(lambda: window.workshop.update(maria.id, name="María López"))
    assert raised_by.currentText() == "María López"  # a renamed person, renamed here too


def test_an_unknown_price_is_shown_and_kept_unknown_not_zero(window: WorkshopWindow) -> None:
    licence = window.workshop.add("licence", tool="Assistant seats", seats=5000)
    window.inspector.show_record(licence, None)
    price = window.inspector.editors["price_per_seat_month"]
    assert isinstance(price, QDoubleSpinBox)
    assert price.text() == "—"  # unknown, not "0.00"
    price.editingFinished.emit()  # leaving the field changes nothing
    assert window.workshop.get(licence.id).price_per_seat_month is None  # type: ignore[attr-defined]
    price.stepUp()  # the arrow from "—" lands on 0, not on an invented 0.99
    assert price.value() == 0 and price.text() == "0.00"
    price.editingFinished.emit()  # a free tool is a price of 0, and says so
    assert window.workshop.get(licence.id).price_per_seat_month == 0  # type: ignore[attr-defined]


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # a menu
def test_alt_w_opens_the_workshop_menu_with_the_commands_used_now_and_then(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    """The toolbar keeps what is used in front of the room; the details, the people,
    the shortcuts and closing sit in one menu that names each command's key, and
    choosing one does what its key does."""
    seen: list[tuple[str, str]] = []

    def in_the_menu() -> None:
        menu = window.workshop_menu
        if not menu.isVisible():
            QTimer.singleShot(20, in_the_menu)
            return
        seen.extend(
            (action.text().replace("&", ""), action.shortcut().toString())
            for action in menu.actions()
            if not action.isSeparator()
        )
        qtbot.keyClick(menu, Qt.Key.Key_S)  # Keyboard &shortcuts

    window.resize(1280, 720)  # the smallest laptop screen: the whole toolbar shows
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTimer.singleShot(0, in_the_menu)
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier
    )
    qtbot.waitUntil(lambda: bool(seen))  # the button presses itself a moment later
    assert seen == [
        ("Workshop details…", "Ctrl+I"),
        ("People in the room…", "Ctrl+Shift+P"),
        ("Keyboard shortcuts", "F1"),
        ("Close the workshop", "Ctrl+W"),
    ]
    qtbot.waitUntil(lambda: window.shortcuts_dialog is not None)
    assert window.shortcuts_dialog is not None
    qtbot.waitUntil(window.shortcuts_dialog.isVisible)
    window.shortcuts_dialog.accept()
    assert window.isVisible()
