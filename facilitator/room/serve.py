"""``facilitator serve``: the room without the GUI.

The main thread owns the workshop: it runs what the phones send (through the
inbox), keeps the journal tidy, and reads a few typed commands when the
terminal has a keyboard (``next``, ``back``, ``step``, ``reveal``, ``round``,
``close``, ``open``, ``quit``). The room follows the exercise that is running on the
agenda, or the first one not done yet. Ctrl+C (or SIGTERM) closes the room,
then the workshop, with its journal folded into the file.
"""

from __future__ import annotations

import gc
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import TextIO

import segno

from facilitator import paths, voting
from facilitator.model import AgendaItem
from facilitator.room import network
from facilitator.room.inbox import SLICE_S, Inbox
from facilitator.room.process import RoomServerProcess
from facilitator.room.room import Focus, Room, stage_of
from facilitator.room.server import PhoneInfo
from facilitator.workshop import Workshop, open_workshop

DEFAULT_PORT = 8765
MAINTAIN_EVERY_S = 30.0
COMMANDS = (
    "next · back · step · reveal · round (a new round of the vote) · "
    "close (to new phones) · open · quit"
)


def choose_address(bind: str | None, out: TextIO) -> str:
    """The address to listen on: the one asked for, else the laptop's first network."""
    if bind:
        return bind
    found = network.addresses()
    if not found:
        print("no network found: only this computer can join (use --bind ADDR)", file=out)
        return "127.0.0.1"
    if len(found) > 1:
        others = ", ".join(found[1:])
        print(
            f"the room joins on {found[0]}; other networks: {others} (choose with --bind)",
            file=out,
        )
    return found[0]


def starting_focus(workshop: Workshop) -> Focus:
    """The exercise running on the agenda, or the first one not done yet."""
    items = workshop.typed(AgendaItem)
    item = next((i for i in items if i.status == "running"), None) or next(
        (i for i in items if i.status == "planned"), items[0] if items else None
    )
    return Focus(item.id if item else None)


class Console:
    """The typed commands of a headless room; each runs on the owner thread."""

    def __init__(
        self, room: Room, server: RoomServerProcess, out: TextIO, quit: Callable[[], None]
    ):
        self.room = room
        self.server = server
        self.out = out
        self.quit = quit

    def __call__(self, line: str) -> None:
        word = line.strip().lower()
        room = self.room
        items = room.workshop.typed(AgendaItem)
        ids = [i.id for i in items]
        at = ids.index(room.focus.exercise_id) if room.focus.exercise_id in ids else -1
        if word in ("next", "n", "back", "b") and items:
            at = max(0, min(at + (1 if word[0] == "n" else -1), len(items) - 1))
            room.follow(Focus(ids[at]))
        elif word in ("step", "s") and at >= 0:
            stage = stage_of(items[at], room.focus.step + 1)
            if stage.index == room.focus.step:
                print("this is the exercise's last step (next: the next exercise)", file=self.out)
            room.follow(replace(room.focus, step=stage.index, revealed=False))
        elif word in ("reveal", "r"):
            room.follow(replace(room.focus, revealed=not room.focus.revealed))
        elif word == "round":
            self._new_round()
        elif word in ("close", "open"):
            self.server.set_joinable(word == "open")
            joinable = "new phones may join" if word == "open" else "no new phone may join"
            print(f"the door: {joinable}", file=self.out)
            return
        elif word in ("quit", "q", "exit"):
            self.quit()
            return
        elif word:
            print(f"commands: {COMMANDS}", file=self.out)
            return
        self.say()

    def _new_round(self) -> None:
        """The phones vote in a new round: one after the latest that has dots."""
        stage = self.room.stage()
        table = stage.voted_on if stage is not None else None
        if stage is None or table is None:
            print("no vote on the wall: a new round is for a vote", file=self.out)
            return
        next_round = voting.new_round(self.room.workshop, table)
        self.room.follow(replace(self.room.focus, round=next_round, revealed=False))

    def say(self) -> None:
        stage = self.room.stage()
        if stage is None:
            print("the room waits: the agenda is empty", file=self.out)
            return
        shown = " revealed" if self.room.focus.revealed else ""
        step = stage.step_title
        table = stage.voted_on
        if table is not None:
            step += (
                f", round {voting.voting_round(self.room.workshop, table, self.room.focus.round)}"
            )
        print(f"on the wall: {stage.item.summary()} — {step}{shown}", file=self.out)


def serve(
    path: Path,
    *,
    port: int = DEFAULT_PORT,
    bind: str | None = None,
    out: TextIO = sys.stdout,
    stop: threading.Event | None = None,
    commands: TextIO | None = None,
    ready: Callable[[RoomServerProcess], None] | None = None,
) -> int:
    """Open the workshop and run its room until *stop* is set or Ctrl+C."""
    log_file = _log_to_file()
    try:
        return _serve(
            path, port=port, bind=bind, out=out, stop=stop, commands=commands, ready=ready
        )
    finally:
        logging.getLogger("facilitator").removeHandler(log_file)
        log_file.close()


def _serve(
    path: Path,
    *,
    port: int,
    bind: str | None,
    out: TextIO,
    stop: threading.Event | None,
    commands: TextIO | None,
    ready: Callable[[RoomServerProcess], None] | None,
) -> int:
    host = choose_address(bind, out)
    stop = stop or threading.Event()
    work = threading.Event()
    inbox = Inbox(work.set)
    workshop = open_workshop(path)
    room = Room(workshop)
    room.follow(starting_focus(workshop))
    # The workshop's records stay while the room is open: the collector's full
    # passes over them (tens of milliseconds each) would stall every answer.
    gc.freeze()

    lost = threading.Event()
    server = _server(room, inbox, host, port, out=out, stop=stop, lost=lost)
    try:
        server.start()
    except BaseException:
        room.close()
        workshop.close()
        raise
    print(f"the room is open: {server.address}   code {server.code}", file=out)
    segno.make(server.join_url, error="m").terminal(out=out, compact=True)
    console = Console(room, server, out, stop.set)
    console.say()
    if commands is not None:
        print(f"type: {COMMANDS}", file=out)
        _read(commands, lambda line: inbox.put(lambda: console(line)), stop)
    print("Ctrl+C closes the room", file=out, flush=True)
    if ready is not None:
        ready(server)
    previous = _on_signals(stop)
    tidied = time.monotonic()
    try:
        while not stop.is_set():
            # A short wait: Ctrl+C and a stop asked from elsewhere are seen at once.
            if work.wait(0.2):
                work.clear()
                while inbox.run(SLICE_S, together=room.batch):
                    pass
            if time.monotonic() - tidied > MAINTAIN_EVERY_S:
                tidied = time.monotonic()
                workshop.maintain()
    finally:
        _restore(previous)
        server.stop()
        inbox.run(together=room.batch)  # nothing queued is left without an answer
        room.close()
        note = workshop.close()
        gc.unfreeze()  # serve may run again in this process (the tests do)
        if lost.is_set():
            print("the room's server stopped by itself; the room is closed", file=out)
        print(f"the room is closed; {workshop.path} is saved", file=out, flush=True)
        if note:
            print(note, file=out)
    return 0


def _server(
    room: Room,
    inbox: Inbox,
    host: str,
    port: int,
    *,
    out: TextIO,
    stop: threading.Event,
    lost: threading.Event,
) -> RoomServerProcess:
    """The room's server, saying on *out* how many phones are in; if its process
    ends by itself, *lost* and *stop* are set: the room closes."""

    def phones(found: list[PhoneInfo]) -> None:
        here = sum(1 for p in found if p.connected)
        print(f"{here} phone{'s' if here != 1 else ''} in the room", file=out, flush=True)

    def gone() -> None:
        lost.set()
        stop.set()

    return RoomServerProcess(room, inbox, host=host, port=port, on_phones=phones, on_stopped=gone)


def _read(stream: TextIO, handle: Callable[[str], object], stop: threading.Event) -> None:
    def run() -> None:
        for line in stream:
            handle(line)
        stop.set()  # the terminal went away

    threading.Thread(target=run, name="facilitator-room-console", daemon=True).start()


_Handler = Callable[[int, FrameType | None], object] | int | None


def _on_signals(stop: threading.Event) -> dict[int, _Handler]:
    """Ctrl+C and SIGTERM end the loop instead of killing it mid-change."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    previous: dict[int, _Handler] = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        previous[number] = signal.getsignal(number)
        signal.signal(number, lambda *_: stop.set())
    return previous


def _restore(previous: dict[int, _Handler]) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)


def _log_to_file() -> logging.Handler:
    """The room's refusals go to the app's log file, as in the GUI."""
    log = logging.getLogger("facilitator")
    folder = paths.logs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(folder / "facilitator.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler
