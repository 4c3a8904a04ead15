"""The toolbar's count of phones agrees with the room dialog's list: phones whose
connection dropped are counted as away, not as gone (walkthrough: "Room open ·
0 phones" while the dialog listed two phones as away)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from tests.ui.test_room import Phone, open_dialog, opened, workshop_of
from ui.live.window import WorkshopWindow


def until_the_button_says(
    qtbot: QtBot, window: WorkshopWindow, button: QPushButton, text: str
) -> None:
    """A dropped phone is noticed when the server next writes to it: the wall moves
    on (a step forward, a step back) until it has."""
    for turn in range(100):
        if button.text() == text:
            return
        window.run.go_step(+1 if turn % 2 == 0 else -1)
        qtbot.wait(150)
    assert button.text() == text


def test_the_toolbar_counts_the_phones_the_dialog_lists_as_away(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = workshop_of(tmp_path / "acme.workshop.json", "problem-first")
    with opened(qtbot, path) as window:
        dialog = open_dialog(qtbot, window)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        server = window.room.door.server
        assert server is not None
        button = window.buttons["room"]
        phones = [Phone(server, "Ana"), Phone(server, "Ben")]
        model = dialog.phones.model()
        try:
            qtbot.waitUntil(lambda: button.text() == "Room open\n2 phones", timeout=20000)
            phones[0].stop()  # Ana's phone sleeps: its connection drops
            until_the_button_says(qtbot, window, button, "Room open\n1 phone here · 1 away")
            assert sorted(model.index(r, 0).data() for r in range(2)) == ["Ana (away)", "Ben"]
            phones[1].stop()
            until_the_button_says(qtbot, window, button, "Room open\n0 phones here · 2 away")
            listed = sorted(model.index(r, 0).data() for r in range(2))
            assert listed == ["Ana (away)", "Ben (away)"]
        finally:
            for phone in phones:
                phone.stop()
