"""The room in the live window: F7 opens it, a phone's card appears on the board and
on the projector like a typed one (and Ctrl+Z takes it back), held cards wait for
review, and closing the window closes the room."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.agenda import add_exercise
from facilitator.model import Concern, Problem
from facilitator.room import RoomServer
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from ui.live.room import HeldCards, RoomDialog
from ui.live.window import WorkshopWindow
from ui.settings import AppSettings


class Phone:
    """A phone on a thread of its own (the GUI thread must stay free to answer it)."""

    def __init__(self, server: RoomServer, name: str = "") -> None:
        self.address = server.address
        self.code = server.code
        self.name = name
        self.replies: list[tuple[int, dict[str, Any]]] = []
        self.done = threading.Event()
        self.listening = threading.Event()
        self.jobs: list[dict[str, Any]] = []
        self.wake = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self.thread.start()

    def send(self, exercise: str, text: str, **more: Any) -> None:
        self.jobs.append({"id": str(uuid.uuid4()), "exercise": exercise, "text": text, **more})
        self.wake.set()

    async def _run(self) -> None:
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"{self.address}/api/join", json={"code": self.code, "name": self.name}
            ) as response:
                key = (await response.json())["device"]
            headers = {"X-Room-Device": key}
            async with session.get(f"{self.address}/api/events", params={"device": key}):
                self.listening.set()
                while not self.done.is_set():
                    await asyncio.to_thread(self.wake.wait, 0.05)
                    self.wake.clear()
                    while self.jobs:
                        body = self.jobs.pop(0)
                        async with session.post(
                            f"{self.address}/api/card", json=body, headers=headers
                        ) as reply:
                            text = await reply.text()
                            self.replies.append((reply.status, json.loads(text)))

    def stop(self) -> None:
        self.done.set()
        self.thread.join(10)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[WorkshopWindow]:
    path = tmp_path / "acme.workshop.json"
    workshop = Workshop.create(path, title="Acme AI day")
    library = load_library(include_user=False)
    add_exercise(workshop, library.template("problem-first"))
    add_exercise(workshop, library.template("people-and-change"))
    workshop.close()
    win = WorkshopWindow(open_workshop(path), library, AppSettings(tmp_path / "s.ini"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    win.session.workshop.close()


def test_a_card_from_a_phone_appears_on_the_board_and_the_wall_and_undo_takes_it_back(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    assert window.buttons["room"].text() == "Open the room"
    qtbot.keyClick(window, Qt.Key.Key_F7)
    dialog = window.room.dialog
    assert isinstance(dialog, RoomDialog) and dialog.isVisible()
    dialog.network.setCurrentIndex(dialog.network.findData("127.0.0.1"))
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    server = window.room.door.server
    assert server is not None
    assert window.room.join.isVisibleTo(window.projector)  # the QR, the address, the code
    assert window.room.join.qr.modules and server.code in window.room.join.code.text()

    phone = Phone(server, "Ana")
    try:
        qtbot.waitUntil(lambda: window.buttons["room"].text() == "Room open · 1 phone")
        item = window.run.item
        assert item is not None
        typed = "Quotes take a week <b>really</b>"
        phone.send(item.id, typed, anonymous=False)
        board = window.cards.board_proxy
        wall = window.cards.projector_proxy
        assert board is not None and wall is not None
        qtbot.waitUntil(lambda: len(phone.replies) == 1)
        assert phone.replies[0][0] == 200, phone.replies
        qtbot.waitUntil(lambda: board.rowCount() == 1 and wall.rowCount() == 1)
        assert board.index(0, 0).data(Qt.ItemDataRole.EditRole) == typed
        qtbot.waitUntil(lambda: len(phone.replies) == 1)  # "sent ✓" once it is saved
        assert phone.replies[0][0] == 200 and phone.replies[0][1]["saved"]
        (card,) = window.session.workshop.typed(Problem)
        assert card.from_phone

        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        assert window.session.undo_stack.undoText().startswith("Add problem")
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: board.rowCount() == 0 and wall.rowCount() == 0)
        assert window.session.workshop.typed(Problem) == []
    finally:
        phone.stop()
    window.close()
    assert window.room.door.server is None  # the room closes with the workshop


def test_held_anonymous_cards_wait_for_review_and_accepting_puts_them_on_the_board(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.run.captures == "concern")
    window.room.open()
    dialog = window.room.dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.hold, Qt.MouseButton.LeftButton)
    window.room.door.open_room("127.0.0.1", 0)
    server = window.room.door.server
    assert server is not None
    phone = Phone(server)
    try:
        item = window.run.item
        assert item is not None
        phone.send(item.id, "My manager will read this")
        held = dialog.held_cards
        assert isinstance(held, HeldCards)
        qtbot.waitUntil(lambda: len(held.cards) == 1 and len(phone.replies) == 1)
        board = window.cards.board_proxy
        assert board is not None and board.rowCount() == 0  # not on the board, nor the wall
        assert phone.replies[0][1]["held"] is True
        dialog.held.setCurrentIndex(held.index(0, 0))
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: board.rowCount() == 1)
        (concern,) = window.session.workshop.typed(Concern)
        assert concern.anonymous and concern.participant_id is None and not concern.held
        assert held.cards == []
    finally:
        phone.stop()
        window.room.door.close_room()
