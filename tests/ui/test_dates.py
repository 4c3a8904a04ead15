"""A due date said as words (issue 10, item 3): "friday", "next tuesday", "in 2 weeks".

Typed into a commitment's Due cell and into the inspector's date, pressing the
real keys; words that name no day are refused in so many words and the old date
stays. (The words themselves are the core's: tests/facilitator/test_dates.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.dates import spoken_day
from facilitator.model import Action, Concern
from facilitator.numbers import day_with_weekday
from facilitator.templates import load_library
from facilitator.workshop import Workshop
from tests.ui.conftest import live_window
from tests.ui.test_actions_view import actions_view, cell, editor, go_to
from ui.live.actions import COL_DUE
from ui.live.dates import DueEditor
from ui.live.window import WorkshopWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Two next steps, one with a date and one without, in a half-day workshop."""
    target = tmp_path / "dates.workshop.json"
    workshop = Workshop.create(target, title="Dates")
    library = load_library(include_user=False)
    apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    workshop.add("action", text="Pull the active-seat numbers", due="2026-12-04")
    workshop.add("action", text="Brief the board")
    workshop.close()
    return target


@pytest.fixture
def window(qtbot: QtBot, path: Path, tmp_path: Path) -> Iterator[WorkshopWindow]:
    with live_window(qtbot, path, tmp_path, "actions") as win:
        yield win


def type_due(qtbot: QtBot, window: WorkshopWindow, step: str, typed: str) -> None:
    """Type *typed* on *step*'s Due cell and press Tab, as the facilitator does."""
    view = actions_view(window)
    view.table.setFocus()
    go_to(view, step, COL_DUE)
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    due = editor(view)
    assert isinstance(due, DueEditor)
    qtbot.keyClicks(due, typed)
    qtbot.keyClick(due, Qt.Key.Key_Tab)
    if view.table.state() == QAbstractItemView.State.EditingState:
        qtbot.keyClick(editor(view), Qt.Key.Key_Escape)  # the use case, left as it is


@pytest.mark.parametrize("said", ["friday", "Friday", "next tuesday", "in 2 weeks", "end of month"])
def test_a_due_date_said_in_words_is_the_day_meant(
    qtbot: QtBot, window: WorkshopWindow, said: str
) -> None:
    meant = spoken_day(said, date.today())
    assert meant is not None
    type_due(qtbot, window, "Brief the board", said)
    step = next(a for a in window.workshop.typed(Action) if a.text == "Brief the board")
    assert step.due == meant.isoformat()
    assert cell(actions_view(window), "Brief the board", COL_DUE) == day_with_weekday(step.due)
    assert window.message.mood != "bad"


def test_words_that_name_no_day_are_refused_and_the_date_stays(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    type_due(qtbot, window, "Pull the active-seat numbers", "soonish")
    step = next(a for a in window.workshop.typed(Action) if a.text.startswith("Pull"))
    assert step.due == "2026-12-04"  # as it was
    assert window.message.mood == "bad"
    assert window.message.text().startswith("“soonish” is not a day: type 18 dec")
    type_due(qtbot, window, "Brief the board", "whenever")  # an empty date stays empty
    step = next(a for a in window.workshop.typed(Action) if a.text == "Brief the board")
    assert step.due is None and "“whenever” is not a day" in window.message.text()


def test_the_inspector_takes_words_too_and_says_when_they_name_no_day(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    concern: Workshop = window.workshop
    worry = concern.add("concern", text="Who checks the answers?")
    window.inspector.show_record(worry, None)
    due = window.inspector.editors["due"]
    assert isinstance(due, DueEditor)
    due.setFocus()
    qtbot.keyClicks(due, "tomorrow")
    qtbot.keyClick(due, Qt.Key.Key_Tab)
    meant = spoken_day("tomorrow", date.today())
    assert meant is not None
    saved = concern.get(worry.id)
    assert isinstance(saved, Concern) and saved.due == meant.isoformat()
    due.setFocus()
    qtbot.keyClicks(due, "later")
    qtbot.keyClick(due, Qt.Key.Key_Tab)
    error = window.inspector.errors["due"]
    assert not error.isHidden() and "“later” is not a day" in error.text()
    assert concern.get(worry.id).due == meant.isoformat()  # type: ignore[attr-defined]
