"""The agenda on the clock: a start time typed in the agenda panel gives every exercise
its clock time, the end moves as the day runs over, and the run sheet button writes
the one-page PDF — driven with the keys a facilitator presses."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.model import AgendaItem
from facilitator.templates import load_library
from facilitator.workshop import Workshop
from tests.ui.conftest import live_window
from ui import tasks
from ui.live.agenda import agenda_line
from ui.live.window import WorkshopWindow

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[WorkshopWindow]:
    path = tmp_path / "leadership.workshop.json"
    workshop = Workshop.create(path, title="Leadership session", client="Acme")
    library = load_library(include_user=False)
    apply_recipe(workshop, library.recipe("executive-90"), library)
    workshop.close()
    with live_window(qtbot, path, tmp_path, "cards") as win:
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
        yield win


def starts(window: WorkshopWindow) -> list[str]:
    """The clock time each agenda line shows first."""
    items = window.agenda.model.items()
    return [agenda_line(item, window.agenda.clock).split(" · ")[0] for item in items]


def type_start_time(qtbot: QtBot, window: WorkshopWindow, text: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_T, ALT)  # "Star&ts at"
    assert window.agenda.start_time.hasFocus()
    window.agenda.start_time.selectAll()
    qtbot.keyClicks(window.agenda.start_time, text)
    qtbot.keyClick(window.agenda.start_time, Qt.Key.Key_Return)


def test_a_start_time_puts_every_exercise_on_the_clock(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    assert "to" not in window.agenda.totals.text().split("·")[0]  # no start time yet
    type_start_time(qtbot, window, "9.30")
    assert window.workshop.meta.start_time == "09:30"
    assert window.agenda.start_time.text() == "09:30"
    assert starts(window) == [
        "09:30",
        "09:40",
        "09:55",
        "10:05",
        "10:20",
        "10:30",
        "10:37",
        "10:44",
        "10:50",
    ]
    assert window.agenda.totals.text().startswith("09:30 to 11:00 · 90 min planned")
    # The first exercise runs five minutes over: everything after it moves.
    first = window.agenda.model.items()[0]
    window.workshop.update(first.id, status="done", elapsed_seconds=15 * 60)
    assert starts(window)[:3] == ["09:30", "09:45", "10:00"]
    assert window.agenda.totals.text().startswith("09:30 to 11:05")
    assert "running 5 min over" in window.agenda.totals.text()
    # Setting the time was one step (time on the clock is not one): Ctrl+Z takes it back.
    window.agenda.view.setFocus()
    qtbot.keyClick(window.agenda.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.workshop.meta.start_time is None
    assert window.agenda.start_time.text() == ""
    assert starts(window)[0] == "10 min planned"  # no clock time without a start time


def test_a_start_time_that_is_not_a_time_is_refused_and_kept_to_correct(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    type_start_time(qtbot, window, "09:30")
    type_start_time(qtbot, window, "after lunch")
    assert window.workshop.meta.start_time == "09:30"  # nothing lost
    assert "a time of day such as 09:30" in window.message.text()
    assert window.agenda.start_time.text() == "after lunch"  # there to be corrected


def test_the_run_sheet_button_writes_the_page_off_the_gui_thread(
    qtbot: QtBot, window: WorkshopWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    type_start_time(qtbot, window, "13:00")
    target = tmp_path / "run sheet.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), "PDF (*.pdf)")
    )
    qtbot.keyClick(window, Qt.Key.Key_H, ALT)  # "Run s&heet…"
    qtbot.waitUntil(  # fonts load and the page is laid out: seconds on a busy machine
        lambda: not tasks.busy() and window.agenda.run_sheet_written is not None, timeout=30_000
    )
    QApplication.processEvents()
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join((reader.pages[0].extract_text() or "").split())
    assert len(reader.pages) == 1
    assert "13:00–14:30" in text and "Run sheet — Leadership session" in text
    assert str(target) in window.message.text()
    items = window.workshop.typed(AgendaItem)
    assert all(str(i.template["title"]) in text for i in items)
