"""The room in the live window: phones join, their cards arrive on the board.

:class:`RoomDoor` runs a :class:`~facilitator.room.process.RoomServerProcess`
for the open workshop. The server lives in a process of its own (so the phones'
HTTP work never competes with the board for Python's one running thread); what
the phones send comes back to the GUI thread through a queued signal and is answered there in short
slices (a few milliseconds, one journal flush each), so the window stays
responsive however many phones write at once. Each phone's card is an undo step
like a typed one. The door follows what the window shows — the exercise, its
step, the reveal, the clock — and tells the phones.

:class:`RoomDialog` is where the facilitator opens the room on a chosen network,
closes it to new phones, removes a phone, and reviews the anonymous cards an
exercise holds back. :class:`JoinPanel` is the projector's large QR code with
the address and the room code.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import segno
from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.model import AgendaItem, Record
from facilitator.room import (
    Focus,
    Inbox,
    PhoneInfo,
    Room,
    RoomError,
    RoomServerProcess,
    network,
    phones_in_room,
)
from facilitator.room.room import hold_for_review
from facilitator.workshop import Change
from ui.live.projector import ProjectorWindow
from ui.live.run import RunControl
from ui.live.session import ChangeCommand, Session
from ui.live.timer import ExerciseTimer
from ui.tasks import OwnerThreadCalls

DEFAULT_PORT = 8765
SLICE_S = 0.008
"""How long the GUI thread answers phones before the keyboard and the screen have a
turn. A card typed meanwhile waits for at most one slice and its end (the board
inserting the slice's cards, the wall and the status following): with 200 phones
sending back to back, a typed card reached the painted board at p95 12-13 ms
(budget 16), and the phones were answered at p95 68-110 ms; 4 ms slices spent so
much of the GUI thread on the slices' ends that the phones waited 106-135 ms."""
FOLLOW_EVERY_MS = 300

AnyIndex = QModelIndex | QPersistentModelIndex


_KINDS = {
    QNetworkInterface.InterfaceType.Wifi: network.WIFI,
    QNetworkInterface.InterfaceType.Ieee80211: network.WIFI,
    QNetworkInterface.InterfaceType.Ethernet: network.WIRED,
    QNetworkInterface.InterfaceType.Virtual: network.VIRTUAL,
    QNetworkInterface.InterfaceType.Loopback: network.LOOPBACK,
}


def interfaces() -> list[network.Interface]:
    """The laptop's IPv4 addresses, each with its interface, as Qt sees them."""
    found: list[network.Interface] = []
    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        kind = _KINDS.get(interface.type(), network.OTHER)
        if flags & QNetworkInterface.InterfaceFlag.IsLoopBack:
            kind = network.LOOPBACK
        up = bool(flags & QNetworkInterface.InterfaceFlag.IsUp)
        name = interface.humanReadableName() or interface.name()
        for entry in interface.addressEntries():
            address = entry.ip()
            if address.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                found.append(network.Interface(name, address.toString(), kind, up))
    return found


class RoomDoor(QObject):
    """The room of one open workshop, run from the GUI thread."""

    changed = Signal()  # opened, closed, a phone came or went
    arrived = Signal()  # the server has requests waiting (emitted on its thread)
    lost = Signal(object)  # this server's process ended by itself (emitted on its thread)
    failed = Signal(str)  # what went wrong with the room, for the window to say

    def __init__(self, session: Session, run: RunControl, timer: ExerciseTimer) -> None:
        super().__init__(run)
        self.session = session
        self.run = run
        self.timer = timer
        self.room: Room | None = None
        self.server: RoomServerProcess | None = None
        self.inbox: Inbox | None = None
        self.phones: list[PhoneInfo] = []
        self.joinable = True
        self._clock: tuple[float, float, bool] | None = None
        self._remaining = 0.0
        self.arrived.connect(self._answer, Qt.ConnectionType.QueuedConnection)
        self.lost.connect(self._lost, Qt.ConnectionType.QueuedConnection)
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(0)
        self._again.timeout.connect(self._answer)
        self._follow_timer = QTimer(self)
        self._follow_timer.setInterval(FOLLOW_EVERY_MS)
        self._follow_timer.timeout.connect(self.follow)
        timer.ticked.connect(self._ticked)

    @property
    def is_open(self) -> bool:
        return self.server is not None

    def connected(self) -> int:
        return sum(1 for phone in self.phones if phone.connected)

    def open_room(self, host: str, port: int = DEFAULT_PORT) -> None:
        """Open the room on *host* (the port given, or any free one if it is taken).
        Raises :class:`RoomError` when the address cannot be used."""
        if self.server is not None:
            return
        room = Room(self.session.workshop)
        inbox = Inbox(self.arrived.emit)
        server = self._server(room, inbox, host, port)
        try:
            server.start()
        except RoomError:
            if port == 0:
                room.close()
                raise
            server = self._server(room, inbox, host, 0)
            try:
                server.start()
            except RoomError:
                room.close()
                raise
        self.room, self.server, self.inbox = room, server, inbox
        workshop = self.session.workshop
        if workshop.call_on_owner_thread is None:
            workshop.call_on_owner_thread = OwnerThreadCalls(self).post
        # Phones and keyboard share the writer thread's syncs: typing never waits
        # behind the room's, and "Saved ✓" comes once the disk has it.
        workshop.write_in_background(True)
        self.joinable = True
        self.phones = []
        self._clock = None
        self.follow()
        self._follow_timer.start()
        self.changed.emit()

    def _server(self, room: Room, inbox: Inbox, host: str, port: int) -> RoomServerProcess:
        server = RoomServerProcess(room, inbox, host=host, port=port, on_phones=self._phones)
        server.on_stopped = lambda: self.lost.emit(server)
        return server

    def _lost(self, server: RoomServerProcess) -> None:
        """The server's process ended without being asked: the room is closed (the
        toolbar offers to open it again; the phones keep their cards and resend)."""
        if self.server is server:  # not a room opened again since
            self.close_room(wait=False)
            self.failed.emit(
                self.tr(
                    "The room closed: its server stopped. Open it again (F7); "
                    "the phones keep their unsent cards and send them then."
                )
            )

    def close_room(self, *, wait: bool = True) -> None:
        """Close the room: the phones are told, the server stops. With *wait* false
        the server finishes closing on a thread of its own (the window closes now)."""
        server, room = self.server, self.room
        if server is None or room is None:
            return
        self._follow_timer.stop()
        self.server = self.room = self.inbox = None
        self.phones = []
        room.close()
        self.session.workshop.write_in_background(False)
        if wait:
            server.stop()
        else:
            server.inbox.close()  # nothing more reaches the workshop from now on
            threading.Thread(target=server.stop, name="facilitator-room-close").start()
        self.changed.emit()

    def set_joinable(self, joinable: bool) -> None:
        self.joinable = joinable
        if self.server is not None:
            self.server.set_joinable(joinable)
        self.changed.emit()

    def remove(self, number: int) -> None:
        if self.server is not None:
            self.server.remove(number)

    def hold(self, exercise_id: str, holding: bool) -> None:
        """Hold this exercise's anonymous cards from phones for review (or stop): a
        setting of the exercise, saved in the workshop, one undo step."""
        label = (
            self.tr("Hold anonymous cards for review")
            if holding
            else self.tr("Stop holding anonymous cards for review")
        )
        self.session.perform(
            lambda: hold_for_review(self.session.workshop, exercise_id, holding), label
        )

    def holds(self, exercise_id: str) -> bool:
        """Whether this exercise holds anonymous cards from phones for review."""
        item = self.session.workshop.find(exercise_id)
        return isinstance(item, AgendaItem) and item.hold_anonymous

    # -- answering the phones, a slice at a time ------------------------------------------

    def _answer(self) -> None:
        inbox = self.inbox
        if inbox is not None and inbox.run(SLICE_S, together=self._together):
            self._again.start()  # more waiting: after the keyboard and the screen had a turn

    @contextmanager
    def _together(self) -> Iterator[object]:
        """A slice of phone requests: saved with one flush, by the store's writer
        thread (the phones hear once it is done); each card its own undo step."""
        room = self.room
        assert room is not None
        made: list[Change] = []
        disconnect = self.session.workshop.changed.connect(made.append)
        try:
            with self.session.burst(), room.batch() as saved:
                yield saved
        finally:
            disconnect()
            for change in made:
                self.session.undo_stack.push(ChangeCommand(self.session, change))

    def _phones(self, phones: list[PhoneInfo]) -> None:
        self.phones = phones
        self.changed.emit()

    # -- what the phones see ------------------------------------------------------------------

    def _ticked(self, remaining: float, _phase: object) -> None:
        self._remaining = remaining

    def follow(self) -> None:
        """Tell the room what the window shows (polled: nothing in the window has to
        remember to call it)."""
        room = self.room
        if room is None:
            return
        item = self.run.item
        if item is None:
            room.follow(Focus())
            return
        timed = self.timer.item_id == item.id
        remaining, running = (self._remaining, self.timer.running) if timed else (None, False)
        if remaining is not None:
            remaining = self._clock_for(remaining, running)
        view = self.run.current_view
        revealed = self.run.reveal_button.isChecked()
        vote_round = view.vote_round() if view is not None else None
        room.follow(Focus(item.id, self.run.step(), revealed, remaining, running, vote_round))

    def _clock_for(self, remaining: float, running: bool) -> float:
        """The remaining time the phones were last told, unless the clock did more
        than tick (started, paused, reset, minutes added): a phone counts down
        itself, and hears the clock again only when it jumps."""
        now = time.monotonic()
        if self._clock is not None:
            told_at, told, was_running = self._clock
            expected = told - (now - told_at if was_running else 0.0)
            if was_running == running and abs(expected - remaining) < 2.0:
                return told
        self._clock = (now, remaining, running)
        return remaining


class QrCode(QWidget):
    """A QR code drawn module by module: sharp at any size, on any screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.modules: list[list[bool]] = []
        self.text = ""
        self.setAccessibleName(self.tr("QR code to join the room"))

    def set_text(self, text: str) -> None:
        if text == self.text:
            return  # encoding a QR code takes milliseconds: only when the address changes
        self.text = text
        code = segno.make(text, error="m") if text else None
        self.modules = [[bool(bit) for bit in row] for row in code.matrix] if code else []
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.modules:
            return
        painter = QPainter(self)
        count = len(self.modules) + 8  # four modules of quiet zone on each side
        # Whole pixels per module where there is room: every module the same size,
        # which a phone's camera reads more readily than uneven ones.
        fit = min(self.width(), self.height()) / count
        cell = float(int(fit)) if fit >= 2 else fit
        side = cell * count
        left = (self.width() - side) / 2
        top = (self.height() - side) / 2
        painter.fillRect(QRectF(left, top, side, side), QColor("white"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for y, row in enumerate(self.modules):
            for x, dark in enumerate(row):
                if dark:
                    painter.drawRect(
                        QRectF(left + (x + 4) * cell, top + (y + 4) * cell, cell + 0.5, cell + 0.5)
                    )
        painter.end()


class JoinPanel(QWidget):
    """On the projector: scan this, or type the address and the code."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("room_join")
        self.qr = QrCode()
        # Small enough that the panel fits a 1280×720 wall under a two-line prompt;
        # the QR grows with the wall (its stretch) on a larger one.
        self.qr.setMinimumSize(200, 200)
        self.title = QLabel(self.tr("Join from your phone"))
        self.title.setObjectName("room_join_title")
        self.address = QLabel()
        self.address.setObjectName("room_join_address")
        self.code = QLabel()
        self.code.setObjectName("room_join_code")
        self.phones = QLabel()
        self.phones.setObjectName("projector_count")
        for label in (self.title, self.address, self.code, self.phones):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setWordWrap(True)
        self.setStyleSheet(
            "QLabel#room_join_title { font-size: 22pt; color: #9CC3E6; }"
            "QLabel#room_join_address { font-size: 20pt; font-weight: 600; }"
            "QLabel#room_join_code { font-size: 30pt; font-weight: 700; letter-spacing: 4px; }"
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.qr, 1)
        column.addWidget(self.address)
        column.addWidget(self.code)
        column.addWidget(self.phones)
        column.addStretch()
        self.setMinimumWidth(340)

    def show_room(self, server: RoomServerProcess, phones: int) -> None:
        self.qr.set_text(server.join_url)
        self.address.setText(server.address.removeprefix("http://"))
        self.code.setText(self.tr("code %s") % server.code)
        self.phones.setText(_phones_text(phones))


def _phones_text(count: int) -> str:
    return "1 phone" if count == 1 else f"{count} phones"


class HeldCards(QAbstractListModel):
    """The anonymous cards waiting for review, oldest first (a handful at a time)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.cards: list[Record] = []
        session.changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()  # a review queue is short; it is read again whole
        workshop = self.session.workshop
        kinds = ("problems", "ideas", "concerns", "notes", "actions")
        self.cards = [card for table in kinds for card in workshop.held(table)]
        self.endResetModel()

    def _changed(self, change: Change) -> None:
        if any(
            getattr(rc.before, "held", False) or getattr(rc.after, "held", False)
            for rc in change.records
        ):
            self.refresh()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cards)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        card = self.cards[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return f"{card.label}: {getattr(card, 'text', card.summary())}"
        return None


class PhoneList(QAbstractListModel):
    """The phones in the room: a name, or "Phone 3" for an anonymous one."""

    def __init__(self, door: RoomDoor) -> None:
        super().__init__()
        self.door = door
        self.phones: list[PhoneInfo] = []
        door.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.phones = list(self.door.phones)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.phones)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        phone = self.phones[index.row()]
        name = phone.name or f"Phone {phone.number}"
        return name if phone.connected else f"{name} (away)"


class RoomDialog(QDialog):
    """The room: its network, its door, its phones and its review queue."""

    def __init__(self, door: RoomDoor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.door = door
        self.setWindowTitle(self.tr("The room"))
        self.network = QComboBox()
        self.network.setAccessibleName(self.tr("Network the phones join on"))
        for offer in network.offers(interfaces()):
            self.network.addItem(offer.label, offer.address)
        self.open_button = QPushButton(self.tr("&Open the room"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.toggle)
        self.where = QLabel()
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.joinable = QCheckBox(self.tr("New phones may &join"))
        self.joinable.setChecked(True)
        self.joinable.toggled.connect(door.set_joinable)
        self.phone_list = PhoneList(door)
        self.phones = QListView()
        self.phones.setModel(self.phone_list)
        self.phones.setAccessibleName(self.tr("Phones in the room"))
        self.phones.selectionModel().currentChanged.connect(lambda *_: self.refresh())
        # The list is read again whenever a phone comes or goes: the phone the
        # facilitator picked stays picked (Remove must never hit another one).
        self._picked: int | None = None
        self.phone_list.modelAboutToBeReset.connect(self._remember_pick)
        self.phone_list.modelReset.connect(self._restore_pick)
        self.remove_button = QPushButton(self.tr("&Remove phone"))
        self.remove_button.clicked.connect(self.remove)
        self.hold = QCheckBox(self.tr("&Hold anonymous cards of this exercise for review"))
        self.hold.toggled.connect(self._hold)
        self.held_cards = HeldCards(door.session)
        self.held = QListView()
        self.held.setModel(self.held_cards)
        self.held.setWordWrap(True)
        self.held.setAccessibleName(self.tr("Cards waiting for review"))
        self.accept_button = QPushButton(self.tr("&Accept"))
        self.edit_button = QPushButton(self.tr("&Edit and accept…"))
        self.drop_button = QPushButton(self.tr("&Drop"))
        self.accept_button.clicked.connect(lambda: self.review("accept"))
        self.edit_button.clicked.connect(lambda: self.review("edit"))
        self.drop_button.clicked.connect(lambda: self.review("drop"))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.hide)

        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        network_label = QLabel(self.tr("&Network:"))
        network_label.setBuddy(self.network)
        row.addWidget(network_label)
        row.addWidget(self.network, 1)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        layout.addWidget(self.where)
        layout.addWidget(self.joinable)
        phones_label = QLabel(self.tr("&Phones"))
        phones_label.setBuddy(self.phones)
        layout.addWidget(phones_label)
        layout.addWidget(self.phones, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.hold)
        self.review_title = QLabel()
        layout.addWidget(self.review_title)
        layout.addWidget(self.held, 1)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.edit_button, self.drop_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.resize(560, 620)
        door.changed.connect(self.refresh)
        self.held_cards.modelReset.connect(self.refresh)
        door.run.view_shown.connect(self.refresh)
        door.session.changed.connect(self._changed)
        self.refresh()

    def _changed(self, change: Change) -> None:
        if any(rc.table == "agenda" for rc in change.records):
            self.refresh()  # e.g. holding for review undone, or another exercise

    def toggle(self) -> None:
        if self.door.is_open:
            self.door.close_room(wait=False)
            return
        try:
            self.door.open_room(str(self.network.currentData()))
        except RoomError as error:
            self.where.setText(str(error))

    def refresh(self) -> None:
        door = self.door
        server = door.server
        self.open_button.setText(
            self.tr("&Close the room") if door.is_open else self.tr("&Open the room")
        )
        self.network.setEnabled(not door.is_open)
        if server is not None and self.network.currentData() != server.host:
            found = self.network.findData(server.host)
            if found < 0:
                self.network.addItem(server.host, server.host)
                found = self.network.count() - 1
            self.network.setCurrentIndex(found)
        if server is not None:
            self.where.setText(
                self.tr("Phones open %s and type the code %s") % (server.address, server.code)
                + self.tr(" — or scan the QR code on the projector (F5).")
            )
        elif not self.where.text().startswith("the room cannot"):
            self.where.setText(self.tr("The room is closed: no phone can reach this workshop."))
        self.joinable.blockSignals(True)
        self.joinable.setChecked(door.joinable)
        self.joinable.blockSignals(False)
        self.joinable.setEnabled(door.is_open)
        self.remove_button.setEnabled(door.is_open and self._picked_phone() is not None)
        item = door.run.item
        self.hold.blockSignals(True)
        self.hold.setChecked(item is not None and door.holds(item.id))
        self.hold.blockSignals(False)
        self.hold.setEnabled(item is not None)
        waiting = len(self.held_cards.cards)
        self.review_title.setText(
            self.tr("Waiting for review: %d") % waiting
            if waiting
            else self.tr("No card waits for review.")
        )
        for button in (self.accept_button, self.edit_button, self.drop_button):
            button.setEnabled(bool(waiting))

    def _hold(self, holding: bool) -> None:
        item = self.door.run.item
        if item is not None:
            self.door.hold(item.id, holding)

    def _picked_phone(self) -> PhoneInfo | None:
        row = self.phones.currentIndex().row()
        phones = self.phone_list.phones
        return phones[row] if 0 <= row < len(phones) else None

    def _remember_pick(self) -> None:
        picked = self._picked_phone()
        self._picked = picked.number if picked is not None else None

    def _restore_pick(self) -> None:
        numbers = [phone.number for phone in self.phone_list.phones]
        if self._picked in numbers:
            self.phones.setCurrentIndex(self.phone_list.index(numbers.index(self._picked)))

    def remove(self) -> None:
        """Send the picked phone out of the room (it may join again while the door is open)."""
        picked = self._picked_phone()
        if picked is not None:
            self.door.remove(picked.number)

    def review(self, what: str) -> None:
        """Accept, edit then accept, or drop the selected held card: one undo step."""
        row = self.held.currentIndex().row()
        cards = self.held_cards.cards
        if not 0 <= row < len(cards):
            row = 0
        if not cards:
            return
        card = cards[row]
        room = Room(self.door.session.workshop)  # the rules of review need no server
        try:
            if what == "drop":
                self.door.session.perform(lambda: room.drop(card.id))
                return
            text: str | None = None
            if what == "edit":
                text, ok = QInputDialog.getMultiLineText(
                    self, self.tr("Edit the card"), self.tr("Text:"), str(getattr(card, "text", ""))
                )
                if not ok:
                    return
            self.door.session.perform(lambda: room.accept(card.id, text))
        finally:
            room.close()


def room_button_text(door: RoomDoor) -> str:
    """The toolbar's word on the room: "Open the room", or "Room open" over the count
    of phones ("14 phones", "12 phones here · 2 away": the count the dialog's list
    agrees with). Two short lines, so a full room never pushes a toolbar command
    into the "»" menu on a 1280-pixel laptop."""
    if not door.is_open:
        return QCoreApplication.translate("RoomControl", "Open the room")
    opened = QCoreApplication.translate("RoomControl", "Room open")
    return f"{opened}\n{phones_in_room(door.phones)}"


class RoomControl(QObject):
    """The room's part of the live window: the toolbar button ("Open the room",
    then "Room open" over "14 phones"), the dialog, and the join panel on the projector."""

    def __init__(
        self,
        session: Session,
        run: RunControl,
        timer: ExerciseTimer,
        projector: ProjectorWindow,
        button: QPushButton,
    ) -> None:
        super().__init__(run)
        self.door = RoomDoor(session, run, timer)
        self.projector = projector
        self.button = button
        self.dialog: RoomDialog | None = None
        self.join = JoinPanel()
        self.button.setAccessibleName(self.tr("The room"))
        self.door.changed.connect(self._show)
        self._show()

    def open(self) -> None:
        """F7: the room's dialog (its Open button has the keyboard)."""
        if self.dialog is None:
            self.dialog = RoomDialog(self.door, self.button.window())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _show(self) -> None:
        self.button.setText(room_button_text(self.door))
        server = self.door.server
        if server is not None:
            self.join.show_room(server, self.door.connected())
        self.projector.show_join(self.join if server is not None else None)

    def close(self) -> None:
        """The workshop closes: so does its room."""
        self.door.close_room(wait=False)
