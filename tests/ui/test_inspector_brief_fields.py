"""What the brief needs of a card, set in the inspector: the licence a use case draws
on, and when a concern's mitigation is due."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.model import Concern, Idea
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from ui.live.dates import DueEditor
from ui.live.window import WorkshopWindow
from ui.settings import AppSettings


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[WorkshopWindow]:
    library: Any = load_library(include_user=False)
    target = tmp_path / "acme.workshop.json"
    workshop = Workshop.create(target, title="Acme AI day", client="Acme")
    apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    problem = workshop.add("problem", text="Invoices are keyed twice", baseline="2 h a day")
    workshop.add("idea", text="Read invoices as they arrive", problem_ids=[problem.id])
    workshop.add("licence", tool="Assistant seats", seats=500, price_per_seat_month=30)
    workshop.add("concern", text="Will the clerks be cut?")
    workshop.close()
    win = WorkshopWindow(open_workshop(target), library, AppSettings(tmp_path / "s.ini"))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def test_a_use_case_names_the_licence_it_draws_on(qtbot: QtBot, window: WorkshopWindow) -> None:
    (idea,) = window.workshop.typed(Idea)
    window.inspector.show_record(idea, None)
    draws_on = window.inspector.editors["licence_id"]
    assert isinstance(draws_on, QComboBox)
    assert [draws_on.itemText(n) for n in range(draws_on.count())] == [
        "None named",
        "Assistant seats",
    ]
    draws_on.setFocus()
    qtbot.keyClick(draws_on, Qt.Key.Key_Down)
    (licence,) = window.workshop.records("licences")
    assert window.workshop.get(idea.id).licence_id == licence.id  # type: ignore[attr-defined]
    # One choice, one undo step.
    window.undo_action.trigger()
    assert window.workshop.get(idea.id).licence_id is None  # type: ignore[attr-defined]
    assert draws_on.currentText() == "None named"
    # A licence added on the spend sheet is offered at once.
    window.session.perform(lambda: window.workshop.add("licence", tool="Transcription", seats=1))
    again = window.inspector.editors["licence_id"]
    assert isinstance(again, QComboBox) and again.findText("Transcription") > 0


def test_a_concerns_mitigation_has_a_due_date(window: WorkshopWindow) -> None:
    (concern,) = window.workshop.typed(Concern)
    window.inspector.show_record(concern, None)
    due = window.inspector.editors["due"]
    assert isinstance(due, DueEditor)
    due.setDate(QDate(2026, 12, 18))  # as the calendar does
    due.calendarWidget().clicked.emit(QDate(2026, 12, 18))
    assert window.workshop.get(concern.id).due == "2026-12-18"  # type: ignore[attr-defined]
