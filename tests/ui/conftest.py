"""GUI fixtures: offscreen Qt, a home window on private folders, no leaks."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.model import AgendaItem
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from ui import collector, tasks
from ui.home import HomeWindow
from ui.live.window import WorkshopWindow
from ui.paths import AppPaths
from ui.settings import AppSettings


@pytest.fixture(autouse=True, scope="session")
def collect_on_the_gui_thread(qapp: QApplication) -> None:
    """As the app does: Python's cycle collector runs on the GUI thread only."""
    collector.install(qapp)


@pytest.fixture
def restore_excepthook() -> Iterator[None]:
    """For tests that start the app: it installs its exception hook."""
    before = sys.excepthook
    yield
    sys.excepthook = before


class FakeClock:
    """A clock for the exercise timer that moves only when a test moves it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths(data=tmp_path / "data", config=tmp_path / "config")


@pytest.fixture
def home(qtbot: QtBot, app_paths: AppPaths) -> Iterator[HomeWindow]:
    window = HomeWindow(app_paths, AppSettings(app_paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.shutdown()
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=10_000)


@contextmanager
def live_window(qtbot: QtBot, path: Path, tmp_path: Path, view: str) -> Iterator[WorkshopWindow]:
    """The live window on the workshop at *path*, at its first exercise shown in *view*;
    closed, and the workshop with it, afterwards."""
    win = WorkshopWindow(
        open_workshop(path), load_library(include_user=False), AppSettings(tmp_path / "s.ini")
    )
    qtbot.addWidget(win)
    win.show()
    item = next(i for i in win.workshop.typed(AgendaItem) if i.template["view"] == view)
    win.agenda.select(item.id)
    try:
        yield win
    finally:
        if win.isVisible():
            win.close()
        win.workshop.close()


def wait_for_window(qtbot: QtBot, home: HomeWindow, count: int = 1) -> None:
    # Opening runs on a worker thread (create, back up, replay): on a machine busy
    # with other test runs it has taken over 10 s. The wait ends as soon as it opens.
    qtbot.waitUntil(lambda: len(home.windows) >= count, timeout=60_000)


def type_text(widget: QWidget, text: str) -> None:
    """Type *text* into *widget* as a keyboard would, including letters QTest's
    key tables do not know (Ł, ö, ...), which arrive as key events with text."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


# -- the live window on a half-day workshop (used by the live window's tests) -------


@pytest.fixture
def library() -> Any:
    return load_library(include_user=False)


@pytest.fixture
def path(tmp_path: Path, library: Any) -> Path:
    target = tmp_path / "room" / "acme.workshop.json"
    target.parent.mkdir()
    workshop = Workshop.create(target, title="Acme AI day", client="Acme")
    apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    workshop.add("participant", name="Ana Silva")
    workshop.close()
    return target


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(tmp_path / "config" / "settings.ini")


@pytest.fixture
def window(
    qtbot: QtBot, path: Path, library: Any, settings: AppSettings, clock: FakeClock
) -> Iterator[WorkshopWindow]:
    win = WorkshopWindow(open_workshop(path), library, settings, clock=clock)
    qtbot.addWidget(win)
    win.show()
    yield win
    if win.isVisible():
        win.close()
    win.workshop.close()


def agenda_items(window: WorkshopWindow) -> list[AgendaItem]:
    return window.workshop.typed(AgendaItem)


def go_to(window: WorkshopWindow, title: str) -> AgendaItem:
    item = next(i for i in agenda_items(window) if i.summary() == title)
    window.agenda.select(item.id)
    assert window.run.item is not None and window.run.item.id == item.id
    return item


def type_card(qtbot: QtBot, window: WorkshopWindow, text: str) -> None:
    window.cards.focus_capture()
    qtbot.keyClicks(window.board.capture, text)
    qtbot.keyClick(window.board.capture, Qt.Key.Key_Return)


def select_card(window: WorkshopWindow, record_id: str) -> None:
    model = window.cards.card_models["problems"]
    assert window.cards.board_proxy is not None
    index = window.cards.board_proxy.mapFromSource(model.index(model.row_of(record_id)))
    window.board.cards.setCurrentIndex(index)


def pick_problem(window: WorkshopWindow, words: str) -> None:
    picker = window.cards.problem_picker
    assert picker is not None
    picker.search.setText(words)
    picker.accept()
