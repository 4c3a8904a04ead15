"""The room's HTTP server in a process of its own.

Two hundred phones sending at once keep an HTTP server busy: parsing requests,
writing answers and event streams took two thirds of the laptop's Python time in
the room's load test, and Python runs one thread at a time. In a process of its
own the server has a core to itself, and the workshop's thread — the GUI, that
paints the board while the phones write — keeps the other.

The laptop's process binds the listening socket itself (so a port in use or a
network gone is said at once, in the facilitator's words) and hands it to the
server's process, started with :mod:`multiprocessing`'s ``spawn``: a fresh
interpreter that imports no Qt and holds no workshop. The two speak over one
pipe, in short messages:

* the server asks for the room's answers — a named operation of
  :func:`facilitator.room.server.answer` and its arguments — batched as they
  arrive; the laptop runs them on the workshop's thread through the
  :class:`~facilitator.room.inbox.Inbox` and sends the answers of a slice back
  together once they are durable in the journal;
* the server says which phones are in the room, and what it logs (the laptop
  writes the log: one log file, as before);
* the laptop tells it to close or open the door, to remove a phone, and to stop.

The server's process ends when the laptop's does: it stops on its own when the
pipe closes, even after a ``kill -9`` of the app.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import multiprocessing
import queue
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from functools import partial
from multiprocessing.connection import Connection
from typing import Any

from facilitator.room.inbox import Inbox, Ticket
from facilitator.room.room import RefusedError, Room
from facilitator.room.server import (
    Doorway,
    PhoneInfo,
    RoomError,
    RoomServer,
    answer,
    cannot_listen,
    new_code,
)

log = logging.getLogger("facilitator.room")
STOP_WAIT_S = 10.0
ANSWERS_WAIT_S = 3.0
"""How long closing the room waits for the answers of cards already taken (being
made durable) to go out, so their phones hear "sent ✓" rather than resend them."""
BACKLOG = 512

Answer = tuple[int, Any, tuple[Any, ...] | None]
"""A request's number, its result, and its refusal as plain values (or None)."""


def _refusal(error: BaseException) -> tuple[Any, ...]:
    """An exception as plain values that cross the pipe (exceptions pickle badly)."""
    if isinstance(error, RefusedError):
        return ("refused", str(error), error.status)
    if isinstance(error, RuntimeError):
        return ("closed", str(error))
    return ("failed", f"{type(error).__name__}: {error}")


def _raise(refusal: tuple[Any, ...]) -> BaseException:
    kind, message, *rest = refusal
    if kind == "refused":
        return RefusedError(message, rest[0])
    if kind == "closed":
        return RuntimeError(message)
    return Exception(message)


class Outbox:
    """Messages for the other process, written to the pipe by a thread of their
    own: whoever sends — the GUI thread, the store's writer thread, the server's
    loop — never waits for the other side to read."""

    def __init__(self, pipe: Connection, name: str) -> None:
        self._pipe = pipe
        self._queue: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        self._gone = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def put(self, message: tuple[Any, ...]) -> None:
        if not self._gone:
            self._queue.put(message)

    def close(self, wait_s: float = STOP_WAIT_S) -> None:
        """Send what is queued, then stop (the pipe itself stays open)."""
        self._queue.put(None)
        self._thread.join(wait_s)

    def _run(self) -> None:
        while (message := self._queue.get()) is not None:
            try:
                self._pipe.send(message)
            except (OSError, ValueError):
                self._gone = True  # the other process has gone: nobody reads
                return
            except Exception:  # a message that cannot be pickled: said, not fatal
                log.exception("the room could not pass on a %r message", message[0])


class RoomServerProcess(Doorway):
    """The room on the network, served by a process of its own. The same doors as
    :class:`RoomServer` for the owner thread: :meth:`start`, :meth:`stop`,
    :meth:`set_joinable`, :meth:`remove`, :attr:`address`, :attr:`code`."""

    def __init__(
        self,
        room: Room,
        inbox: Inbox,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        code: str | None = None,
        on_phones: Callable[[list[PhoneInfo]], None] | None = None,
        on_stopped: Callable[[], None] | None = None,
    ) -> None:
        self.room = room
        self.inbox = inbox
        self.host = host
        self.port = port
        self.code = code or new_code()
        self.on_phones = on_phones
        self.on_stopped = on_stopped
        """Called if the server's process ends by itself (on the pipe's thread: it
        must only signal the owner thread, e.g. set an event or emit a Qt signal)."""
        self.joinable = True
        self.ready = threading.Event()
        """Set once the server's process serves (until then phones wait in the
        socket's queue)."""
        self._pipe: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._reader: threading.Thread | None = None
        self._outbox: Outbox | None = None
        self._stopping = False
        self._waiting = 0
        """Requests taken from the server and not answered yet."""
        self._answered = threading.Condition()

    def start(self) -> None:
        """Listen on the chosen address and start the server's process; raises
        :class:`RoomError` if the address cannot be used. Returns at once: phones
        that knock in the half second the process takes to start wait in the
        socket's queue."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        try:
            listening = socket.create_server((self.host, self.port), family=family, backlog=BACKLOG)
        except OSError as error:
            raise RoomError(cannot_listen(self.host, self.port, error)) from None
        self.port = int(listening.getsockname()[1])
        spawn = multiprocessing.get_context("spawn")
        ours, theirs = spawn.Pipe(duplex=True)
        process = spawn.Process(
            target=serve_room,
            args=(theirs, listening, self.host, self.code),
            name="facilitator-room",
            daemon=True,  # ends with the app's process, however that ends
        )
        try:
            with _no_ctrl_c():
                process.start()
        finally:
            theirs.close()
            listening.close()  # the server's process has its own copy
        self._pipe, self._process = ours, process
        self._outbox = Outbox(ours, "facilitator-room-send")
        self._reader = threading.Thread(
            target=self._read, name="facilitator-room-pipe", daemon=True
        )
        self._reader.start()
        log.info("room open on %s", self.address)

    def stop(self) -> None:
        """Close every phone's stream, stop listening and end the process."""
        pipe, process = self._pipe, self._process
        if pipe is None or process is None:
            return
        self._stopping = True
        self.inbox.close()  # what waits untouched is refused: the phones send it again
        with self._answered:  # what was taken is answered once durable: let it go out
            self._answered.wait_for(lambda: self._waiting <= 0, ANSWERS_WAIT_S)
        self._send(("stop",))
        process.join(STOP_WAIT_S)
        if process.is_alive():
            process.kill()
            process.join()
        if self._outbox is not None:
            self._outbox.close(wait_s=1.0)
        if self._reader is not None:
            self._reader.join(STOP_WAIT_S)
        pipe.close()  # no thread uses it now
        self._pipe = self._process = self._outbox = None
        log.info("room closed")

    def set_joinable(self, joinable: bool) -> None:
        """Open or close the room to phones that have not joined yet."""
        self.joinable = joinable
        self._send(("joinable", joinable))

    def remove(self, number: int) -> None:
        """Send a phone out of the room: its key stops working at once."""
        self._send(("remove", number))

    # -- the pipe, on the laptop's side --------------------------------------------------

    def _send(self, message: tuple[Any, ...]) -> None:
        outbox = self._outbox
        if outbox is not None:
            outbox.put(message)

    def _read(self) -> None:
        """The server's messages, on a thread of the laptop's process."""
        pipe = self._pipe
        assert pipe is not None
        try:
            while True:
                try:
                    message = pipe.recv()
                except (EOFError, OSError):
                    break
                if message[0] == "stopped":
                    break
                try:
                    self._heard(message)
                except Exception:  # one bad message must not leave the room deaf
                    log.exception("the room could not take a %r message", message[0])
        finally:
            if not self._stopping:
                log.error("the room's server stopped by itself")
                if self.on_stopped is not None:
                    self.on_stopped()

    def _heard(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "ask":
            for number, operation, arguments in message[1]:
                with self._answered:
                    self._waiting += 1
                self.inbox.ask_for(
                    Ticket(number, self._answer), _job(self.room, operation, arguments)
                )
        elif kind == "phones" and self.on_phones is not None:
            self.inbox.put(partial(self.on_phones, [PhoneInfo(*p) for p in message[1]]))
        elif kind == "log":
            log.log(message[1], "%s", message[2])
        elif kind == "ready":
            self.ready.set()

    def _answer(self, answers: list[tuple[int, Any, BaseException | None]]) -> None:
        """Send the answers of one slice back together (called by the inbox, on the
        owner thread or the store's writer thread)."""
        with self._answered:
            self._waiting -= len(answers)
            self._answered.notify_all()
        self._send(
            (
                "answers",
                [
                    (number, result, None if error is None else _refusal(error))
                    for number, result, error in answers
                ],
            )
        )


def _job(room: Room, operation: str, arguments: tuple[Any, ...]) -> Callable[[], Any]:
    return partial(answer, room, operation, arguments)


@contextlib.contextmanager
def _no_ctrl_c() -> Iterator[None]:
    """The server's process is started ignoring Ctrl+C (it inherits that), so a
    Ctrl+C while it is still starting — before it could say so itself — does not
    kill it: the laptop's process closes the room in order."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# -- the server's process ---------------------------------------------------------------


class RemoteOwner:
    """The workshop's owner, seen from the server's process: requests go over the
    pipe, a loop turn's worth in one message, and come back as answers."""

    def __init__(self, pipe: Connection, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.pipe = pipe
        self._sending = threading.Lock()
        self._numbers = itertools.count()
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._asks: list[tuple[int, str, tuple[Any, ...]]] = []
        self._closed = False

    def ask(self, operation: str, *arguments: Any) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = self.loop.create_future()
        if self._closed:
            future.set_exception(RuntimeError("the room is closed"))
            return future
        number = next(self._numbers)
        self._waiting[number] = future
        if not self._asks:
            self.loop.call_soon(self._flush)
        self._asks.append((number, operation, arguments))
        return future

    def _flush(self) -> None:
        asks, self._asks = self._asks, []
        if asks and not self._closed:
            self.send(("ask", asks))

    def phones(self, phones: list[PhoneInfo]) -> None:
        self.send(("phones", [(p.number, p.name, p.connected) for p in phones]))

    def close(self) -> None:
        self._closed = True
        waiting, self._waiting = self._waiting, {}
        for future in waiting.values():
            if not future.done():
                future.set_exception(RuntimeError("the room is closed"))

    def send(self, message: tuple[Any, ...]) -> None:
        # Straight from the loop, with no thread between: the laptop's reader
        # thread does nothing but read, from the start until the pipe closes.
        with self._sending, contextlib.suppress(OSError, ValueError):
            self.pipe.send(message)

    def settle(self, answers: list[Answer]) -> None:
        """The laptop's answers arrived (on the loop)."""
        for number, result, refusal in answers:
            future = self._waiting.pop(number, None)
            if future is None or future.done():
                continue  # the phone went away meanwhile
            if refusal is None:
                future.set_result(result)
            else:
                future.set_exception(_raise(refusal))


class _ToTheLaptop(logging.Handler):
    """What the server logs is written by the laptop's process, in its one log file."""

    def __init__(self, owner: RemoteOwner) -> None:
        super().__init__()
        self.owner = owner

    def emit(self, record: logging.LogRecord) -> None:
        self.owner.send(("log", record.levelno, record.getMessage()))


def _new_loop() -> asyncio.AbstractEventLoop:
    """uvloop where it runs (Linux, macOS): asyncio's loop written in C, which
    answered two hundred phones back to back at a steady 60 ms p95 where
    asyncio's own loop ranged from 70 to 140 ms; asyncio's own elsewhere."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def serve_room(pipe: Connection, listening: socket.socket, host: str, code: str) -> None:
    """The server process's life: serve on *listening* until the laptop says stop
    or goes away."""
    # Ctrl+C in the terminal reaches every process of the app: the laptop's
    # process closes the room in order (and tells this one to stop).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    loop = _new_loop()
    asyncio.set_event_loop(loop)
    owner = RemoteOwner(pipe, loop)
    logger = logging.getLogger("facilitator")
    logger.handlers[:] = [_ToTheLaptop(owner)]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    server = RoomServer(None, None, owner=owner, host=host, code=code, listening=listening)
    stopped = asyncio.Event()

    def heard(message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "answers":
            owner.settle(message[1])
        elif kind == "joinable":
            server.joinable = bool(message[1])
        elif kind == "remove":
            server.remove(int(message[1]))
        elif kind == "stop":
            stopped.set()

    def listen() -> None:
        # Reads until the laptop's side closes the pipe, "stop" or not: answers
        # sent after it are still read (and settled while the server closes).
        while True:
            try:
                message = pipe.recv()
            except (EOFError, OSError):
                break  # the laptop's process has gone: stop serving
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(heard, message)
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(stopped.set)

    async def main() -> None:
        await server.listen()
        threading.Thread(target=listen, name="facilitator-room-pipe", daemon=True).start()
        owner.send(("ready",))
        await stopped.wait()
        await server.close()  # in-flight requests get their answers, the phones hear "closed"
        owner.close()

    try:
        loop.run_until_complete(main())
    finally:
        owner.send(("stopped",))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
