"""A burst of phones in the live window: the cards of one slice reach the board
together, yet each is its own saved change and its own undo step."""

from __future__ import annotations

import uuid
from concurrent.futures import Future

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.model import Problem
from facilitator.room import Phone
from tests.ui.conftest import go_to
from ui.live.window import WorkshopWindow


def test_cards_that_arrive_together_are_undone_one_by_one(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Start with the problem")
    door = window.room.door
    door.open_room("127.0.0.1", 0)
    room, inbox, item = door.room, door.inbox, window.run.item
    assert room is not None and inbox is not None and item is not None
    steps = window.session.undo_stack.count()
    # Queued while the GUI thread is busy here: one slice finds all of them waiting.
    replies: list[Future[object]] = [
        inbox.put(
            lambda n=n: room.card(
                Phone(), str(uuid.uuid4()), item.id, f"Phone card {n}", anonymous=True
            )
        )
        for n in range(5)
    ]
    qtbot.waitUntil(lambda: all(reply.done() for reply in replies), timeout=10_000)
    assert all(reply.exception() is None for reply in replies)
    board = window.cards.board_proxy
    assert board is not None and board.rowCount() == 5
    assert window.session.undo_stack.count() == steps + 5  # one step per card
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for left in (4, 3, 2, 1, 0):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda left=left: board.rowCount() == left)
        assert len(window.session.workshop.typed(Problem)) == left
    door.close_room()
