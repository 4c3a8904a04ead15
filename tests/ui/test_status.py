"""The status bar (ui/live/status.py): a save that fails is shown, kept and retried."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.model import Problem
from facilitator.workshop import open_workshop
from tests.ui.conftest import FakeClock, go_to, type_card
from ui.live.window import WorkshopWindow


def test_a_save_failure_shows_red_keeps_the_card_and_retries(
    qtbot: QtBot, window: WorkshopWindow, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    go_to(window, "Start with the problem")
    type_card(qtbot, window, "Saved before the stick failed")
    real_write = os.write
    folder = str(path.parent.resolve())
    failing = [True]

    def write(fd: int, data: Any) -> int:
        target = os.readlink(f"/proc/self/fd/{fd}")
        if failing[0] and target.startswith(folder):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    type_card(qtbot, window, "Typed while the folder was read-only")
    status = window.save_state
    assert status.label.text().startswith("Not saved")
    assert "Read-only file system" in status.label.text()
    assert status.retry.isVisible()
    assert [p.text for p in window.workshop.typed(Problem)][-1] == (
        "Typed while the folder was read-only"
    )  # kept in memory, on the board
    failing[0] = False
    qtbot.mouseClick(status.retry, Qt.MouseButton.LeftButton)
    assert status.label.text() == "Saved ✓"
    assert not status.retry.isVisible()
    window.close()
    window.workshop.close()
    texts = [p.text for p in open_workshop(path, read_only=True).typed(Problem)]
    assert "Typed while the folder was read-only" in texts


def refused(qtbot: QtBot, window: WorkshopWindow) -> None:
    """A score out of range, typed: refused in red, the line kept to be fixed."""
    type_card(qtbot, window, "Quotes are late !9")
    assert window.message.mood == "bad" and "from 1 to 5" in window.message.text()
    window.board.capture.clear()


def test_a_refusal_in_red_goes_once_the_facilitator_moves_on(
    qtbot: QtBot, window: WorkshopWindow, clock: FakeClock
) -> None:
    """Issue 10, item 9: a red message is about what was just tried, not about later."""
    window.workshop.add("problem", text="One")
    window.workshop.add("problem", text="Two")
    go_to(window, "Start with the problem")
    window.timer.start()

    refused(qtbot, window)
    clock.advance(10)
    window.timer.save()  # the clock saving its minutes is not the facilitator moving on
    assert window.message.mood == "bad"
    qtbot.keyClick(window.board.capture, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.message.text() == ""  # on to the next step

    refused(qtbot, window)
    qtbot.keyClick(window.board.capture, Qt.Key.Key_Escape)  # to the cards
    qtbot.keyClick(window.board.cards, Qt.Key.Key_Right)  # to another card
    assert window.message.text() == ""

    refused(qtbot, window)
    window.agenda.view.setFocus()
    qtbot.keyClick(window.agenda.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.message.text() == ""  # the agenda was reordered: something done since
    window.timer.pause()
