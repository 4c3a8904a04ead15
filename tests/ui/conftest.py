"""GUI fixtures: offscreen Qt, a home window on private folders, no leaks."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from facilitator.model import AgendaItem
from facilitator.templates import load_library
from facilitator.workshop import open_workshop
from ui import tasks
from ui.home import HomeWindow
from ui.live.window import WorkshopWindow
from ui.paths import AppPaths
from ui.settings import AppSettings


@pytest.fixture
def restore_excepthook() -> Iterator[None]:
    """For tests that start the app: it installs its exception hook."""
    before = sys.excepthook
    yield
    sys.excepthook = before


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
    qtbot.waitUntil(lambda: len(home.windows) >= count, timeout=10_000)


def type_text(widget: QWidget, text: str) -> None:
    """Type *text* into *widget* as a keyboard would, including letters QTest's
    key tables do not know (Ł, ö, ...), which arrive as key events with text."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)
