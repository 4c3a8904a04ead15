"""While the room is open, the keyboard never waits for the disk: a typed card is on
the board at once, the status says "Saving…" while the writer thread waits on the
disk (once that takes a moment: quick writes do not flicker the bar), then
"Saved ✓"."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from facilitator.model import Problem
from facilitator.workshop import open_workshop
from tests.disk import HeldSyncs
from tests.ui.conftest import go_to, type_card
from ui.live.window import WorkshopWindow


def test_a_card_typed_while_the_room_is_open_is_saving_until_the_sync_then_saved(
    qtbot: QtBot, window: WorkshopWindow, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    go_to(window, "Start with the problem")
    window.room.door.open_room("127.0.0.1", 0)
    disk = HeldSyncs(monkeypatch)
    try:
        type_card(qtbot, window, "Quotes wait a week for a signature")  # returns: no wait
        assert disk.entered.wait(20)  # the writer thread, not the GUI, waits for the disk
        assert [p.text for p in window.workshop.typed(Problem)][-1] == (
            "Quotes wait a week for a signature"
        )
        status = window.save_state
        # Shown once the write takes a moment (a quick one does not flicker the bar).
        qtbot.waitUntil(lambda: status.label.text() == "Saving…", timeout=10_000)
        assert not status.retry.isVisible()  # nothing failed: no red, no Retry
    finally:
        disk.release()
    qtbot.waitUntil(lambda: window.save_state.label.text() == "Saved ✓", timeout=10_000)
    copy = open_workshop(path, read_only=True)
    assert "Quotes wait a week for a signature" in [p.text for p in copy.typed(Problem)]
    window.room.door.close_room()
