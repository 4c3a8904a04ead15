"""The commitments table, driven with the keyboard as in the room, and its projector mirror."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.model import Action, AgendaItem, Idea
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from tests.ui.conftest import live_window
from ui.live.actions import (
    COL_DUE,
    COL_IDEA,
    COL_OWNER,
    COL_TEXT,
    NO_DATE,
    NO_OWNER,
    ActionsView,
)
from ui.live.dates import DueEditor
from ui.live.models import RECORD_ROLE
from ui.live.views import view_class
from ui.live.window import WorkshopWindow
from ui.settings import AppSettings
from ui.theme import tone

# The owner's name completer pops up a list of the people in the room: the offscreen
# platform cannot grab the keyboard for it, and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "commitments.workshop.json"
    workshop = Workshop.create(target, title="Commitments")
    library = load_library(include_user=False)
    apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    problem = workshop.add("problem", text="Quotes are late")
    workshop.add("idea", text="Draft quotes from the CRM", problem_ids=[problem.id])
    workshop.add("idea", text="Summarise customer calls", problem_ids=[problem.id])
    workshop.add("participant", name="Ana Silva")
    workshop.add("action", text="Pull the active-seat numbers", owner="Raj Patel", due="2026-12-04")
    workshop.add("action", text="Brief the board")  # no owner, no date yet
    workshop.close()
    # Both agreed in the same instant (to the millisecond, as an import writes them):
    # capture order must not hang on the clock.
    doc = json.loads(target.read_text(encoding="utf-8"))
    for action in doc["actions"].values():
        action["created_at"] = action["updated_at"] = "2026-11-20T10:00:00.000Z"
    target.write_text(json.dumps(doc), encoding="utf-8")
    return target


@pytest.fixture
def window(qtbot: QtBot, path: Path, tmp_path: Path) -> Iterator[WorkshopWindow]:
    with live_window(qtbot, path, tmp_path, "actions") as win:
        yield win


def actions_view(window: WorkshopWindow) -> ActionsView:
    view = window.run.current_view
    assert isinstance(view, ActionsView)
    assert window.board.body.currentWidget() is view
    return view


def go_to(view: ActionsView, text: str, column: int) -> None:
    model = view.model
    for row in range(model.rowCount()):
        if model.index(row, 0).data(RECORD_ROLE).text == text:
            view.table.setCurrentIndex(model.index(row, column))
            return
    raise AssertionError(text)


def editor(view: ActionsView) -> QWidget:
    """The cell editor that has the keyboard."""
    assert view.table.state() == QAbstractItemView.State.EditingState
    focused = view.table.focusWidget()
    assert focused is not None and focused is not view.table
    # A date or combo editor's keyboard goes to an inner line edit; type at the editor.
    parent = focused.parentWidget()
    return parent if isinstance(parent, DueEditor | QComboBox) else focused


def cell(view: ActionsView, text: str, column: int) -> str:
    model = view.model
    for row in range(model.rowCount()):
        if model.index(row, 0).data(RECORD_ROLE).text == text:
            return str(model.index(row, column).data())
    raise AssertionError(text)


def test_registered_for_the_commitments_template() -> None:
    assert view_class("actions") is ActionsView


def test_owner_date_and_use_case_by_keyboard_are_saved(
    qtbot: QtBot, window: WorkshopWindow, path: Path
) -> None:
    view = actions_view(window)
    table = view.table
    view.focus_main()
    assert table.hasFocus()
    ideas = {i.text: i.id for i in window.workshop.typed(Idea)}

    # Typing on the owner cell opens it with what was typed; Tab keeps it and moves on.
    go_to(view, "Brief the board", COL_OWNER)
    qtbot.keyClick(table, "A")
    qtbot.keyClicks(editor(view), "na")  # the start of the one name it can be
    qtbot.keyClick(editor(view), Qt.Key.Key_Tab)
    assert cell(view, "Brief the board", COL_OWNER) == "Ana Silva"

    # The due date editor is open now: typed as said, kept with Tab.
    due = editor(view)
    assert isinstance(due, DueEditor)
    due.setSelectedSection(due.sectionAt(0))
    qtbot.keyClicks(due, "18 dec 2026")
    qtbot.keyClick(due, Qt.Key.Key_Tab)
    assert cell(view, "Brief the board", COL_DUE) == "Fri 18 Dec 2026"

    # The use case: a combo of the ideas; Down picks the next one, Enter keeps it.
    combo = editor(view)
    assert isinstance(combo, QComboBox)
    assert combo.itemText(0) == "— no use case"
    assert [combo.itemText(i) for i in range(1, combo.count())] == list(ideas)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert cell(view, "Brief the board", COL_IDEA) == "Summarise customer calls"

    # F2 edits too; Delete in the date editor clears the date (empty is allowed).
    go_to(view, "Pull the active-seat numbers", COL_DUE)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.keyClick(editor(view), Qt.Key.Key_Delete)
    qtbot.keyClick(editor(view), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert cell(view, "Pull the active-seat numbers", COL_DUE) == NO_DATE
    # ...and the text, with Enter; an undated step tabbed through stays undated.
    go_to(view, "Pull the active-seat numbers", COL_TEXT)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    line = editor(view)
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "Pull the seat numbers from the admin console")
    qtbot.keyClick(line, Qt.Key.Key_Tab)  # to the owner...
    qtbot.keyClick(editor(view), Qt.Key.Key_Tab)  # ...to the empty date, untouched
    qtbot.keyClick(editor(view), Qt.Key.Key_Escape)
    assert window.workshop.typed(Action)[0].due is None

    window.close()
    window.workshop.close()
    saved = {a.text: a for a in open_workshop(path, read_only=True).typed(Action)}
    board = saved["Brief the board"]
    assert (board.owner, board.due, board.idea_id) == (
        "Ana Silva",
        "2026-12-18",
        ideas["Summarise customer calls"],
    )
    seats = saved["Pull the seat numbers from the admin console"]
    assert (seats.owner, seats.due, seats.idea_id) == ("Raj Patel", None, None)


def test_delete_and_undo_and_the_add_button(qtbot: QtBot, window: WorkshopWindow) -> None:
    view = actions_view(window)
    table = view.table
    selected: list[object] = []
    view.record_selected.connect(selected.append)
    view.focus_main()
    go_to(view, "Brief the board", COL_OWNER)
    assert getattr(selected[-1], "text", None) == "Brief the board"  # for the inspector
    assert window.inspector.record is not None
    assert window.inspector.record.summary() == "Brief the board"

    go_to(view, "Pull the active-seat numbers", COL_DUE)
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # the window's own Delete must not swallow it
    assert [a.text for a in window.workshop.typed(Action)] == ["Brief the board"]
    assert view.model.rowCount() == 1
    assert getattr(selected[-1], "text", None) == "Brief the board"  # the next step is current
    window.undo_action.trigger()
    assert sorted(a.text for a in window.workshop.typed(Action)) == [
        "Brief the board",
        "Pull the active-seat numbers",
    ]
    # Back in its place, and current again.
    assert [view.model.index(r, COL_TEXT).data() for r in range(2)] == [
        "Pull the active-seat numbers",
        "Brief the board",
    ]
    assert table.currentIndex().row() == 0

    # "Add next step" opens the new step's text for typing.
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    line = editor(view)
    assert isinstance(line, QLineEdit)
    qtbot.keyClicks(line, "Book the check-in for January")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    added = window.workshop.typed(Action)[-1]
    assert added.text == "Book the check-in for January"
    assert added.exercise_id == view.item.id if view.item else False

    # The capture line above adds steps to the table too.
    qtbot.keyClicks(window.board.capture, "Send the brief to the sponsor")
    qtbot.keyClick(window.board.capture, Qt.Key.Key_Return)
    assert view.model.index(3, COL_TEXT).data() == "Send the brief to the sponsor"
    assert table.currentIndex().row() == 3


def test_steps_without_owner_or_date_are_flagged(qtbot: QtBot, window: WorkshopWindow) -> None:
    view = actions_view(window)
    model = view.model
    warn = tone("warn")
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Brief the board")
    owner, due = model.index(row, COL_OWNER), model.index(row, COL_DUE)
    assert owner.data() == NO_OWNER and due.data() == NO_DATE
    assert owner.data(Qt.ItemDataRole.ForegroundRole).name().lower() == warn.lower()
    assert due.data(Qt.ItemDataRole.ForegroundRole).name().lower() == warn.lower()
    done = model.index(1 - row, COL_OWNER)
    assert done.data() == "Raj Patel" and done.data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1 - row, COL_DUE).data() == "Fri 4 Dec 2026"
    assert view.tally.text() == "2 next steps · 1 with a named owner · 1 without a date"
    assert warn.lower() in view.tally.styleSheet().lower()

    # Only spaces is not a name: still flagged, and no change to undo.
    steps = window.session.undo_stack.count()
    view.table.setCurrentIndex(owner)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    qtbot.keyClick(editor(view), Qt.Key.Key_Tab)  # kept; on to the date...
    qtbot.keyClick(editor(view), Qt.Key.Key_Escape)  # ...left as it was
    assert view.table.state() != QAbstractItemView.State.EditingState
    assert view.model.index(row, COL_OWNER).data() == NO_OWNER
    assert window.session.undo_stack.count() == steps

    action = model.index(row, 0).data(RECORD_ROLE)
    window.session.perform(
        lambda: window.workshop.update(action.id, owner="Ana Silva", due="2026-12-11")
    )
    assert model.index(row, COL_OWNER).data(Qt.ItemDataRole.ForegroundRole) is None
    assert view.tally.text() == "2 next steps · 2 with a named owner"
    assert view.tally.styleSheet() == ""


def test_the_projector_reads_back_what_who_by_when(window: WorkshopWindow) -> None:
    view = actions_view(window)
    window.toggle_projector()
    mirror = view.projector_view()
    assert mirror is not None and window.projector.body.currentWidget() is mirror
    table = view.mirror_table
    assert table is not None
    room = table.model()

    def rows() -> list[tuple[str, str, str]]:
        return [
            tuple(str(room.index(r, c).data()) for c in range(3))  # type: ignore[misc]
            for r in range(room.rowCount())
        ]

    assert rows() == [
        ("Pull the active-seat numbers", "Raj Patel", "Fri 4 Dec 2026"),
        ("Brief the board", "owner?", "date?"),
    ]
    assert [room.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "What",
        "Who",
        "By when",
    ]
    # Large type, as the room reads it from the back: at least 24 pt.
    assert table.font().pointSizeF() >= 24
    assert "2 next steps · 1 with a named owner" in view._mirror_title.text()  # type: ignore[union-attr]

    # Live, and in the brief's order: by date, undated last.
    board = next(a for a in window.workshop.typed(Action) if a.text == "Brief the board")
    window.session.perform(
        lambda: window.workshop.update(board.id, owner="Ana Silva", due="2026-11-30")
    )
    assert rows() == [
        ("Brief the board", "Ana Silva", "Mon 30 Nov 2026"),
        ("Pull the active-seat numbers", "Raj Patel", "Fri 4 Dec 2026"),
    ]
    # The facilitator's table keeps the order they were agreed in.
    assert view.model.index(0, COL_TEXT).data() == "Pull the active-seat numbers"


def test_read_only_workshop_cannot_be_edited(qtbot: QtBot, path: Path, tmp_path: Path) -> None:
    win = WorkshopWindow(
        open_workshop(path, read_only=True),
        load_library(include_user=False),
        AppSettings(tmp_path / "s.ini"),
    )
    qtbot.addWidget(win)
    win.show()
    item = next(i for i in win.workshop.typed(AgendaItem) if i.template["view"] == "actions")
    win.agenda.select(item.id)
    view = actions_view(win)
    view.focus_main()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.keyClick(view.table, "x")
    assert view.table.state() != QAbstractItemView.State.EditingState
    assert not view.add_button.isEnabled()
    assert len(win.workshop.typed(Action)) == 2
    win.close()
    win.workshop.close()


def test_date_editor_keeps_an_empty_date_unless_changed(qtbot: QtBot) -> None:
    due = DueEditor()
    qtbot.addWidget(due)
    due.set_due(None)
    assert due.due() is None  # opened on today, but nobody chose a day
    due.setDate(QDate(2027, 1, 8))
    assert due.due() == "2027-01-08"
    due.clear_date()
    assert due.due() is None and due.text() == "No date"


@pytest.mark.parametrize(
    ("start", "typed", "day"),
    [
        ("2026-11-27", "1 dec 2026", "2026-12-01"),  # a one-digit day, ended by the space
        ("2026-11-27", "18 dec 2026", "2026-12-18"),
        ("2026-11-27", "1/12/2026", "2026-12-01"),  # the month as a number
        ("2026-11-27", "04.12.2026", "2026-12-04"),
        ("2026-11-27", "2026-12-04", "2026-12-04"),  # ISO, year first
        ("2026-11-27", "9 jan 2027", "2027-01-09"),
        ("2026-11-27", "18 dec", "2026-12-18"),  # no year: this one
        # Typed in a short month: the 31st is not cut to the 3rd by the month on screen.
        ("2026-02-10", "31/12/2026", "2026-12-31"),
        ("2026-11-27", "31 jan 2026", "2026-01-31"),
        ("2026-02-10", "29 feb 2028", "2028-02-29"),  # a leap day
    ],
)
def test_a_due_date_typed_as_said_is_the_day_meant(
    qtbot: QtBot, start: str, typed: str, day: str
) -> None:
    due = DueEditor()
    qtbot.addWidget(due)
    due.show()
    due.set_due(start)
    due.setFocus()
    due.setSelectedSection(due.sectionAt(0))
    qtbot.keyClicks(due, typed)
    assert due.due() == day
