"""A burst of phones in the live window: the cards of one slice reach the board
together, yet each is its own saved change and its own undo step; a flood of them
arrives whole, in the order sent, after the cards already grouped, and the bar
ends at "Saved ✓"."""

from __future__ import annotations

import uuid
from concurrent.futures import Future

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.model import Problem
from facilitator.room import Phone
from tests.ui.conftest import go_to
from ui.live.models import RECORD_ROLE
from ui.live.room import RoomDoor
from ui.live.window import WorkshopWindow


def send_cards(qtbot: QtBot, door: RoomDoor, exercise_id: str, texts: list[str]) -> None:
    """Phones send *texts*, queued while the GUI thread is busy here (so slices find
    many waiting); returns once every phone has its answer, none refused."""
    room, inbox = door.room, door.inbox
    assert room is not None and inbox is not None
    replies: list[Future[object]] = [
        inbox.put(
            lambda text=text: room.card(
                Phone(), str(uuid.uuid4()), exercise_id, text, anonymous=True
            )
        )
        for text in texts
    ]
    qtbot.waitUntil(lambda: all(reply.done() for reply in replies), timeout=20_000)
    assert all(reply.exception() is None for reply in replies)


def test_cards_that_arrive_together_are_undone_one_by_one(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Start with the problem")
    door = window.room.door
    door.open_room("127.0.0.1", 0)
    item = window.run.item
    assert item is not None
    steps = window.session.undo_stack.count()
    send_cards(qtbot, door, item.id, [f"Phone card {n}" for n in range(5)])
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


def test_fifty_phone_cards_reach_the_board_in_order_saved_and_undone_one_by_one(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    item = go_to(window, "Start with the problem")
    workshop = window.workshop
    for group in ("Waiting", "approvals", "Approvals"):
        workshop.add(Problem, text=f"Grouped under {group}", group=group, exercise_id=item.id)
    door = window.room.door
    door.open_room("127.0.0.1", 0)
    steps = window.session.undo_stack.count()
    send_cards(qtbot, door, item.id, [f"Phone card {n:02}" for n in range(50)])
    board = window.cards.board_proxy
    assert board is not None
    shown = [board.index(row, 0).data(RECORD_ROLE).text for row in range(board.rowCount())]
    # The groups by name whatever the case (each in capture order), the new cards after.
    assert shown == [
        "Grouped under approvals",
        "Grouped under Approvals",
        "Grouped under Waiting",
        *[f"Phone card {n:02}" for n in range(50)],
    ]
    qtbot.waitUntil(lambda: window.save_state.label.text() == "Saved ✓", timeout=10_000)
    assert window.session.undo_stack.count() == steps + 50  # one step per card
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for left in (49, 48):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda left=left: board.rowCount() == 3 + left)
        last = board.index(board.rowCount() - 1, 0).data(RECORD_ROLE).text
        assert last == f"Phone card {left - 1:02}"
    door.close_room()
