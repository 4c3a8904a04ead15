"""The room in the live window: F7 opens it on the network picked, a phone's card
appears on the board and on the projector like a typed one (and Ctrl+Z takes it
back), held cards wait for review, a phone is removed and the door closed from
the dialog, the phones vote in the vote view's round, and closing the window
closes the room."""

from __future__ import annotations

import asyncio
import gc
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator.agenda import add_exercise
from facilitator.model import AgendaItem, Concern, Problem, Vote
from facilitator.room import RoomServerProcess, network
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from ui import heap
from ui.live import room as room_ui
from ui.live.room import HeldCards, RoomDialog
from ui.live.vote import VoteView
from ui.live.window import WorkshopWindow
from ui.settings import AppSettings


class Phone:
    """A phone on a thread of its own (the GUI thread must stay free to answer it):
    it joins, listens to the wall's stream (keeping the names of the events it
    hears) and sends what it is given, one request at a time, as the page does."""

    def __init__(self, server: RoomServerProcess, name: str = "") -> None:
        # The server's process takes a moment to start (longer on a busy machine).
        assert server.ready.wait(60), "the room's server did not start"
        self.address = server.address
        self.code = server.code
        self.name = name
        self.joined: tuple[int, dict[str, Any]] | None = None
        self.replies: list[tuple[int, dict[str, Any]]] = []
        self.events: list[str] = []
        self.state: dict[str, Any] = {}
        """The latest state of the wall the phone heard."""
        self.done = threading.Event()
        self.listening = threading.Event()
        self.jobs: list[tuple[str, dict[str, Any]]] = []
        self.wake = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self.thread.start()

    def send(self, exercise: str, text: str, **more: Any) -> None:
        card = {"id": str(uuid.uuid4()), "exercise": exercise, "text": text, **more}
        self.jobs.append(("card", card))
        self.wake.set()

    def vote(self, card_id: str) -> None:
        self.jobs.append(("vote", {"id": str(uuid.uuid4()), "card": card_id}))
        self.wake.set()

    async def _run(self) -> None:
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"{self.address}/api/join", json={"code": self.code, "name": self.name}
            ) as response:
                self.joined = (response.status, await response.json())
            if self.joined[0] != 200:
                return
            key = self.joined[1]["device"]
            headers = {"X-Room-Device": key}
            async with session.get(f"{self.address}/api/events", params={"device": key}) as stream:
                self.listening.set()
                hearing = asyncio.create_task(self._hear(stream))
                while not self.done.is_set():
                    await asyncio.to_thread(self.wake.wait, 0.05)
                    self.wake.clear()
                    while self.jobs:
                        path, body = self.jobs.pop(0)
                        async with session.post(
                            f"{self.address}/api/{path}", json=body, headers=headers
                        ) as reply:
                            text = await reply.text()
                            self.replies.append((reply.status, json.loads(text)))
                hearing.cancel()

    async def _hear(self, stream: aiohttp.ClientResponse) -> None:
        async for line in stream.content:
            if line.startswith(b"event: "):
                self.events.append(line[7:].decode().strip())
            elif line.startswith(b"data: ") and self.events[-1:] == ["state"]:
                self.state = json.loads(line[6:])

    def stop(self) -> None:
        self.done.set()
        self.thread.join(10)


ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@contextmanager
def opened(qtbot: QtBot, path: Path) -> Iterator[WorkshopWindow]:
    """The live window on the workshop at *path*; closed (its room and all) afterwards."""
    library = load_library(include_user=False)
    win = WorkshopWindow(open_workshop(path), library, AppSettings(path.parent / "s.ini"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    try:
        yield win
    finally:
        win.close()
        win.session.workshop.close()


def workshop_of(path: Path, *exercises: str, problems: tuple[str, ...] = ()) -> Path:
    workshop = Workshop.create(path, title="Acme AI day")
    library = load_library(include_user=False)
    for name in exercises:
        add_exercise(workshop, library.template(name))
    for text in problems:
        workshop.add(Problem, text=text)
    workshop.close()
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[WorkshopWindow]:
    path = workshop_of(tmp_path / "acme.workshop.json", "problem-first", "people-and-change")
    with opened(qtbot, path) as win:
        yield win


def active(qtbot: QtBot, widget: QWidget) -> None:
    """Alt+letters and Ctrl+Z reach the active window only."""
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def open_dialog(qtbot: QtBot, window: WorkshopWindow) -> RoomDialog:
    """F7, then the room opened on this computer's own address with Alt+O."""
    active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    dialog = window.room.dialog
    assert isinstance(dialog, RoomDialog) and dialog.isVisible()
    dialog.network.setCurrentIndex(dialog.network.findData("127.0.0.1"))
    active(qtbot, dialog)
    return dialog


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
        qtbot.waitUntil(lambda: window.buttons["room"].text() == "Room open\n1 phone")
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


def test_the_facilitator_removes_a_phone_and_closes_the_door_from_the_dialog(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    dialog = open_dialog(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # &Open the room
    qtbot.waitUntil(lambda: window.room.door.server is not None)
    server = window.room.door.server
    assert server is not None
    assert dialog.open_button.text() == "&Close the room" and dialog.joinable.isChecked()
    item = window.run.item
    assert item is not None
    phones = [Phone(server, "Ana")]
    try:
        qtbot.waitUntil(lambda: dialog.phone_list.rowCount() == 1)
        phones.append(Phone(server, "Ben"))  # joins second: the list is in joining order
        qtbot.waitUntil(lambda: dialog.phone_list.rowCount() == 2)
        qtbot.waitUntil(lambda: window.buttons["room"].text() == "Room open\n2 phones")
        assert not dialog.remove_button.isEnabled()  # nobody picked: nothing to remove
        qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)  # &Phones
        assert dialog.phones.hasFocus()
        qtbot.keyClick(dialog.phones, Qt.Key.Key_End)
        assert dialog.phones.currentIndex().data() == "Ben"
        phones.append(Phone(server, "Cy"))  # the list is read again as Cy comes in …
        qtbot.waitUntil(lambda: dialog.phone_list.rowCount() == 3)
        assert dialog.phones.currentIndex().data() == "Ben"  # … and Ben stays picked
        assert dialog.remove_button.isEnabled()
        qtbot.keyClick(dialog.phones, Qt.Key.Key_R, ALT)  # &Remove phone
        ana, ben, cy = phones
        qtbot.waitUntil(lambda: "removed" in ben.events)  # Ben's page says so
        qtbot.waitUntil(lambda: [p.name for p in window.room.door.phones] == ["Ana", "Cy"])
        assert "removed" not in ana.events and "removed" not in cy.events
        ben.send(item.id, "Sent after I was removed")
        ana.send(item.id, "Ana is still in the room", anonymous=False)
        qtbot.waitUntil(lambda: len(ben.replies) == 1 and len(ana.replies) == 1)
        assert ben.replies[0][0] == 403 and ana.replies[0][0] == 200

        qtbot.keyClick(dialog, Qt.Key.Key_J, ALT)  # New phones may &join: off
        qtbot.waitUntil(lambda: not dialog.joinable.isChecked())
        late = Phone(server, "Dee")
        phones.append(late)
        qtbot.waitUntil(lambda: late.joined is not None)
        assert late.joined is not None and late.joined[0] == 403
        assert "closed to new phones" in late.joined[1]["error"]
        cy.send(item.id, "Cy, already in, still writes", anonymous=False)
        qtbot.waitUntil(lambda: len(cy.replies) == 1)
        assert cy.replies[0][0] == 200
        qtbot.keyClick(dialog, Qt.Key.Key_J, ALT)  # the door opens again
        qtbot.waitUntil(dialog.joinable.isChecked)
        again = Phone(server, "Dee")
        phones.append(again)
        qtbot.waitUntil(lambda: again.joined is not None)
        assert again.joined is not None and again.joined[0] == 200
        texts = sorted(p.text for p in window.session.workshop.typed(Problem))
        assert texts == ["Ana is still in the room", "Cy, already in, still writes"]
    finally:
        for phone in phones:
            phone.stop()
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)  # &Close the room
    qtbot.waitUntil(lambda: not window.room.door.is_open)
    assert dialog.open_button.text() == "&Open the room"


def test_holding_for_review_is_a_setting_of_the_exercise_undone_in_one_step_and_kept(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = workshop_of(tmp_path / "acme.workshop.json", "problem-first", "people-and-change")
    with opened(qtbot, path) as window:
        active(qtbot, window)
        qtbot.keyClick(window, Qt.Key.Key_Down, CTRL)  # to the concerns
        qtbot.waitUntil(lambda: window.run.captures == "concern")
        concerns = window.run.item
        assert concerns is not None
        qtbot.keyClick(window, Qt.Key.Key_F7)
        dialog = window.room.dialog
        assert dialog is not None
        active(qtbot, dialog)
        qtbot.keyClick(dialog, Qt.Key.Key_H, ALT)  # &Hold anonymous cards …
        qtbot.waitUntil(dialog.hold.isChecked)

        def holds() -> bool:
            item = window.session.workshop.get(concerns.id)
            return isinstance(item, AgendaItem) and item.hold_anonymous

        assert holds()
        assert window.session.undo_stack.undoText() == "Hold anonymous cards for review"
        undo_index = window.session.undo_stack.index()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the dialog goes; the window has the keys
        active(qtbot, window)
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
        assert not holds() and not dialog.hold.isChecked()
        assert window.session.undo_stack.index() == undo_index - 1  # one step
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
        assert holds() and dialog.hold.isChecked()
        window.agenda.select(window.session.workshop.typed(AgendaItem)[0].id)
        assert not dialog.hold.isChecked()  # a setting of each exercise

    with opened(qtbot, path) as window:  # the app started again on the same file
        window.agenda.select(concerns.id)
        window.room.open()
        dialog = window.room.dialog
        assert dialog is not None and dialog.hold.isChecked()
        window.room.door.open_room("127.0.0.1", 0)
        server = window.room.door.server
        assert server is not None
        phone = Phone(server)
        try:
            phone.send(concerns.id, "My manager will read this")
            qtbot.waitUntil(lambda: len(phone.replies) == 1)
            assert phone.replies[0][1]["held"] is True
            qtbot.waitUntil(lambda: len(dialog.held_cards.cards) == 1)
        finally:
            phone.stop()


@dataclass
class VotingRoom:
    """The live window on a dot vote of two problems, the room open, one phone in."""

    window: WorkshopWindow
    view: VoteView
    phone: Phone
    quotes: Problem
    invoices: Problem

    def heard_vote(self) -> dict[str, Any]:
        """The vote as the phone last heard it."""
        return dict((self.phone.state.get("exercise") or {}).get("vote") or {})


@contextmanager
def voting_room(qtbot: QtBot, tmp_path: Path, *more: str) -> Iterator[VotingRoom]:
    path = workshop_of(
        tmp_path / "acme.workshop.json",
        "problem-vote",
        *more,
        problems=("Quotes take a week", "Invoices are keyed twice"),
    )
    with opened(qtbot, path) as window:
        active(qtbot, window)
        qtbot.keyClick(window, Qt.Key.Key_Right, CTRL)  # from grouping to the vote
        view = window.run.current_view
        assert isinstance(view, VoteView)
        quotes, invoices = window.session.workshop.typed(Problem)
        window.room.door.open_room("127.0.0.1", 0)
        server = window.room.door.server
        assert server is not None
        phone = Phone(server, "Ana")
        try:
            yield VotingRoom(window, view, phone, quotes, invoices)
        finally:
            phone.stop()


def test_phones_vote_in_the_round_the_vote_view_is_on(qtbot: QtBot, tmp_path: Path) -> None:
    with voting_room(qtbot, tmp_path) as room:
        view, phone, quotes, invoices = room.view, room.phone, room.quotes, room.invoices
        qtbot.waitUntil(lambda: room.heard_vote().get("round") == 1)
        phone.vote(quotes.id)
        qtbot.waitUntil(lambda: len(phone.replies) == 1)
        qtbot.waitUntil(lambda: view.tally.dots(quotes.id) == 1)

        qtbot.mouseClick(view.new_round_button, Qt.MouseButton.LeftButton)
        assert view.round.value() == 2 and view.tally.dots(quotes.id) == 0
        qtbot.waitUntil(lambda: room.heard_vote().get("round") == 2)  # the phones follow
        phone.vote(invoices.id)
        qtbot.waitUntil(lambda: len(phone.replies) == 2)
        assert phone.replies[1][0] == 200, phone.replies
        qtbot.waitUntil(lambda: view.tally.dots(invoices.id) == 1)  # shown in round 2
        view.table.setFocus()
        view.table.setCurrentIndex(view.order.index(0, 0))  # Quotes, by the keyboard
        qtbot.keyClick(view.table, Qt.Key.Key_Space)  # a proxy dot, round 2 too
        assert view.tally.dots(quotes.id) == 1

        view.round.setValue(1)  # back to round 1: the phones vote there again
        qtbot.waitUntil(lambda: room.heard_vote().get("round") == 1)
        phone.vote(invoices.id)
        qtbot.waitUntil(lambda: len(phone.replies) == 3)
    dots = sorted(
        (v.round, v.item_id == quotes.id, v.participant_id is None)
        for v in room.window.session.workshop.typed(Vote)
    )
    assert dots == [(1, False, False), (1, True, False), (2, False, False), (2, True, True)]


def test_the_dialog_offers_the_hotspot_first_and_opens_on_the_network_picked(
    qtbot: QtBot, window: WorkshopWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = [
        network.Interface("lo", "127.0.0.1", network.LOOPBACK),
        network.Interface("Ethernet", "10.1.4.20", network.WIRED),
        network.Interface("Wi-Fi", "192.168.1.34", network.WIFI),
        network.Interface("Wi-Fi", "169.254.7.7", network.WIFI),
        network.Interface("Local Area Connection* 10", "192.168.137.1", network.WIFI),
    ]
    monkeypatch.setattr(room_ui, "interfaces", lambda: laptop)
    active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    dialog = window.room.dialog
    assert isinstance(dialog, RoomDialog)
    offered = [dialog.network.itemText(i) for i in range(dialog.network.count())]
    assert offered == [
        "Local Area Connection* 10, this laptop's hotspot — 192.168.137.1",
        "Wi-Fi, Wi-Fi — 192.168.1.34",
        "Ethernet, wired — 10.1.4.20",
        "This computer only — 127.0.0.1",
    ]
    assert dialog.network.currentIndex() == 0  # the hotspot, unless the facilitator picks
    active(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # this machine has no such address …
    qtbot.waitUntil(lambda: "192.168.137.1" in dialog.where.text())
    assert dialog.where.text() == (
        "the room cannot open on 192.168.137.1: this computer is not on that network now "
        "(connect it again, or pick another network)"
    )
    assert not window.room.door.is_open and window.buttons["room"].text() == "Open the room"
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)  # &Network
    assert dialog.network.hasFocus()
    qtbot.keyClick(dialog.network, Qt.Key.Key_End)  # … so: this computer only
    assert dialog.network.currentData() == "127.0.0.1"
    qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: window.room.door.is_open)
    server = window.room.door.server
    assert server is not None and server.host == "127.0.0.1"
    assert dialog.where.text().startswith(f"Phones open {server.address} and type the code")
    assert not dialog.network.isEnabled()  # the network is fixed while the room is open


def test_the_join_panel_fits_a_1280_by_720_wall_whole(qtbot: QtBot, window: WorkshopWindow) -> None:
    """A small projector: the QR code, the address, the code and the phone count are
    all on the wall under a two-line prompt, none pushed off its bottom edge."""
    dialog = open_dialog(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # &Open the room
    qtbot.waitUntil(lambda: window.room.door.server is not None)
    wall, join = window.projector, window.room.join
    wall.show()
    wall.resize(1280, 720)
    qtbot.waitExposed(wall)
    qtbot.waitUntil(lambda: join.isVisible() and join.code.height() > 0)
    assert (wall.width(), wall.height()) == (1280, 720)  # not grown past the screen
    assert wall.prompt.height() > 1.5 * wall.prompt.fontMetrics().height()  # it wraps
    for label in (join.qr, join.address, join.code, join.phones):
        bottom = label.mapTo(wall, label.rect().bottomLeft()).y()
        assert 0 < bottom < wall.height(), label.objectName()
    assert min(join.qr.width(), join.qr.height()) >= 200  # readable from the back rows


def test_once_the_vote_is_revealed_phones_cannot_vote_on_the_next_step_or_later(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The result on the wall closes the vote: "Read the result", the step after,
    is not a second chance to vote from a phone, nor is coming back to the
    exercise later; the view's own Reveal button and F6 are one switch."""
    with voting_room(qtbot, tmp_path, "problem-first") as room:
        window, view, phone = room.window, room.view, room.phone
        qtbot.waitUntil(lambda: room.heard_vote().get("open") is True)
        phone.vote(room.quotes.id)
        qtbot.waitUntil(lambda: view.tally.dots(room.quotes.id) == 1)
        # The view's own "Reveal to the room" button is the same switch as F6.
        qtbot.mouseClick(view.reveal, Qt.MouseButton.LeftButton)
        assert view.reveal.isChecked() and window.run.reveal_button.isChecked()
        qtbot.waitUntil(lambda: room.heard_vote().get("open") is False)
        qtbot.keyClick(window, Qt.Key.Key_F6)  # hidden again: the vote goes on
        assert not view.reveal.isChecked()
        qtbot.waitUntil(lambda: room.heard_vote().get("open") is True)
        qtbot.keyClick(window, Qt.Key.Key_F6)  # the result on the wall
        qtbot.waitUntil(lambda: room.heard_vote().get("open") is False)
        qtbot.keyClick(window, Qt.Key.Key_Right, CTRL)  # "Read the result"
        assert window.run.current_view is view and view.reveal.isChecked()
        qtbot.keyClick(window, Qt.Key.Key_Down, CTRL)  # the next exercise…
        qtbot.keyClick(window, Qt.Key.Key_Up, CTRL)  # …and back to the vote
        assert window.run.current_view is view and window.run.reveal_button.isChecked()
        qtbot.wait(300)  # the room follows the window on a timer
        assert room.heard_vote().get("open") is False
        phone.vote(room.invoices.id)
        qtbot.waitUntil(lambda: len(phone.replies) == 2)
        assert phone.replies[1][0] == 409, phone.replies
    assert view.tally.dots(room.invoices.id) == 0
    assert len(window.session.workshop.typed(Vote)) == 1


def test_a_room_whose_server_stops_closes_and_says_so(qtbot: QtBot, window: WorkshopWindow) -> None:
    door = window.room.door
    door.open_room("127.0.0.1", 0)
    server = door.server
    assert server is not None and server._process is not None
    qtbot.waitUntil(lambda: window.buttons["room"].text().startswith("Room open"))
    server._process.kill()  # the server's process dies (the app does not)
    qtbot.waitUntil(lambda: window.buttons["room"].text() == "Open the room", timeout=20_000)
    assert door.server is None
    assert not window.room.join.isVisibleTo(window.projector)
    assert "The room closed: its server stopped" in window.message.text()
    door.open_room("127.0.0.1", 0)  # and it opens again
    assert door.server is not None and door.server is not server
    door.close_room()


def test_closing_the_room_leaves_the_window_out_of_the_collectors_sight(
    window: WorkshopWindow,
) -> None:
    heap.keep_out_of_collections()  # what the app does when it shows the window
    kept = gc.get_freeze_count()
    window.room.door.open_room("127.0.0.1", 0)
    window.room.door.close_room()
    # Still out of sight (a few of those objects may have been freed meanwhile);
    # given back, the count would be 0 and full collections would stall the window.
    assert gc.get_freeze_count() > 0.9 * kept
