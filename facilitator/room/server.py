"""The room's HTTP server: the phone page, its API and a stream of what the wall shows.

It runs on an asyncio loop of its own (aiohttp) — in a process of its own in the
app (:mod:`facilitator.room.process`), in the tests' loop through
:meth:`RoomServer.make_app` — listens on one address only (the network the
facilitator chose) and serves nothing but the packaged phone page and its API.
Every request that changes the workshop is handed to the
:class:`~facilitator.room.room.Room` on the workshop's thread through an
:class:`Owner` (:class:`LocalOwner`: an :class:`~facilitator.room.inbox.Inbox`
in this process); the phone gets its answer once the room has answered, so
"sent ✓" means saved in the journal.

The doors: joining needs the room code (a new one each time the room opens);
every other API call needs the device key the join handed out. A request
without them gets 403, one too large 413 (16 KB a request, 2,000 characters a
card), one too fast 429 (30 cards a minute from one phone) — each logged with the
address it came from and nothing else. The log never says which phone sent
which card.

The phones hear about changes through server-sent events: a small JSON document
of what the wall shows, sent when it changes (at most a few times a second).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import secrets
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Protocol

from aiohttp import web

from facilitator.room.inbox import Inbox
from facilitator.room.room import MAX_CARD_CHARS, Phone, RefusedError, Reply, Room

log = logging.getLogger("facilitator.room")

MAX_REQUEST_BYTES = 16 * 1024
CARDS_PER_MINUTE = 30
VOTES_PER_MINUTE = 60
WRONG_CODES_PER_MINUTE = 10
"""Wrong room codes from one address a minute: a code cannot be guessed by trying."""
PUBLISH_EVERY_S = 0.25
KEEP_ALIVE_S = 15.0
TELL_PHONES_EVERY_S = 0.1
CODE_LETTERS = "ACDEFGHJKMNPQRTUVWXY3479"
"""No 0/O, 1/I/L, 2/Z, 5/S, 6/G/B, 8: a code read off a wall is typed right."""

PAGE_FILES = {
    "/": ("index.html", "text/html"),
    "/room.js": ("room.js", "text/javascript"),
    "/room.css": ("room.css", "text/css"),
    "/icon.svg": ("icon.svg", "image/svg+xml"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; manifest-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class RoomError(Exception):
    """The room could not open (the address or port cannot be used)."""


def new_code(length: int = 6) -> str:
    """A short room code, read off the wall and typed on a phone."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(length))


@dataclass(frozen=True)
class PhoneInfo:
    """A phone in the room, as the facilitator's list shows it (no address, no key)."""

    number: int
    name: str
    connected: bool


def phones_in_room(phones: Iterable[PhoneInfo]) -> str:
    """How many phones the room has, in the words every place that counts them uses:
    "12 phones", or "10 phones here · 2 away" while some have lost their connection
    (a phone that sleeps is away, and comes back with its name and its dots), so a
    count never disagrees with a list that shows the away ones."""
    here = away = 0
    for phone in phones:
        if phone.connected:
            here += 1
        else:
            away += 1
    counted = "1 phone" if here == 1 else f"{here} phones"
    return f"{counted} here · {away} away" if away else counted


@dataclass
class _Device:
    key: str
    number: int
    name: str = ""
    participant_id: str | None = None
    dots: set[str] = field(default_factory=set)
    cards: deque[float] = field(default_factory=deque)
    votes: deque[float] = field(default_factory=deque)
    streams: int = 0
    removed: bool = False
    busy: asyncio.Lock = field(default_factory=asyncio.Lock)

    def phone(self) -> Phone:
        return Phone(self.name, self.participant_id, frozenset(self.dots))


def _too_fast(times: deque[float], per_minute: int, now: float) -> bool:
    while times and now - times[0] > 60.0:
        times.popleft()
    if len(times) >= per_minute:
        return True
    times.append(now)
    return False


class Owner(Protocol):
    """The server's way to the workshop's owner thread. What it asks for is named
    (an operation of :func:`answer` and its arguments), so it can cross to another
    process as well as to another thread."""

    def ask(self, operation: str, *arguments: Any) -> Awaitable[Any]:
        """The room's answer to *operation*; raises :class:`RefusedError` as the
        room does, RuntimeError once the room is closed."""
        ...

    def phones(self, phones: list[PhoneInfo]) -> None:
        """Tell the facilitator which phones are in the room."""
        ...

    def close(self) -> None:
        """Nothing more reaches the workshop: whatever waits is refused."""
        ...


def answer(room: Room, operation: str, arguments: tuple[Any, ...]) -> Any:
    """Run one named request of the server on *room* (on the owner thread)."""
    if operation == "card":
        phone, submission, exercise, text, anonymous, problem = arguments
        return room.card(phone, submission, exercise, text, anonymous=anonymous, problem_id=problem)
    if operation == "news":
        (since,) = arguments
        return None if room.version == since else (room.version, room.snapshot())
    operations: dict[str, Callable[..., Any]] = {
        "join": room.join,
        "vote": room.vote,
        "unvote": room.unvote,
        "snapshot": room.snapshot,
    }
    return operations[operation](*arguments)


class LocalOwner:
    """The room's owner thread in this process, reached through an inbox."""

    def __init__(
        self,
        room: Room,
        inbox: Inbox,
        on_phones: Callable[[list[PhoneInfo]], None] | None = None,
    ) -> None:
        self.room = room
        self.inbox = inbox
        self.on_phones = on_phones

    def ask(self, operation: str, *arguments: Any) -> Awaitable[Any]:
        room = self.room
        return self.inbox.ask(lambda: answer(room, operation, arguments))

    def phones(self, phones: list[PhoneInfo]) -> None:
        callback = self.on_phones
        if callback is not None:
            self.inbox.put(lambda: callback(phones))

    def close(self) -> None:
        self.inbox.close()


def _page_files() -> dict[str, tuple[bytes, str]]:
    folder = resources.files("facilitator.room") / "static"
    return {path: ((folder / name).read_bytes(), kind) for path, (name, kind) in PAGE_FILES.items()}


class Doorway:
    """Where phones find the room: the address on the projector, and the link in
    its QR code (the room code travels in the part after #)."""

    host: str
    port: int
    code: str

    @property
    def address(self) -> str:
        """The address phones open (the code travels in the part after #)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def join_url(self) -> str:
        return f"{self.address}/#{self.code}"


class RoomServer(Doorway):
    """The room on the network: the phones' requests, answered on one event loop
    (the server process's: :mod:`facilitator.room.process`; or a test's, through
    :meth:`make_app`). :meth:`listen` starts it, :meth:`close` ends it."""

    def __init__(
        self,
        room: Room | None,
        inbox: Inbox | None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        code: str | None = None,
        on_phones: Callable[[list[PhoneInfo]], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        publish_every_s: float = PUBLISH_EVERY_S,
        owner: Owner | None = None,
        listening: socket.socket | None = None,
    ) -> None:
        self.room = room
        self.inbox = inbox
        if owner is None:
            assert room is not None and inbox is not None
            owner = LocalOwner(room, inbox, on_phones)
        self.owner = owner
        self.listening = listening
        """A socket already listening (bound by the parent of the server's process)."""
        self.host = host
        self.port = port
        self.code = code or new_code()
        self.clock = clock
        self.publish_every_s = publish_every_s
        self.joinable = True
        self._devices: dict[str, _Device] = {}
        self._joins: dict[str, deque[float]] = {}
        self._files = _page_files()
        self._runner: web.AppRunner | None = None
        self._state = b""
        self._published = -1
        self._news: asyncio.Event | None = None
        self._closing = False
        self._told_phones: list[PhoneInfo] | None = None
        self._told_at = -TELL_PHONES_EVERY_S
        self._telling: asyncio.TimerHandle | None = None
        self._publisher: asyncio.Task[None] | None = None

    # -- on the server's loop -------------------------------------------------------------

    def make_app(self) -> web.Application:
        """The room's aiohttp application (tests drive it with aiohttp's test client)."""
        app = web.Application(client_max_size=MAX_REQUEST_BYTES, middlewares=[self._doors])
        for path in PAGE_FILES:
            app.router.add_get(path, self._page)
        app.router.add_post("/api/join", self._join)
        app.router.add_get("/api/state", self._state_now)
        app.router.add_get("/api/events", self._events)
        app.router.add_post("/api/card", self._card)
        app.router.add_post("/api/vote", self._vote)
        app.router.add_post("/api/unvote", self._unvote)
        app.on_startup.append(self._opened)
        app.on_shutdown.append(self._closed)
        return app

    async def listen(self) -> None:
        """Serve on the socket given (else bind *host* and *port*)."""
        self._runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site: web.BaseSite = (
            web.SockSite(self._runner, self.listening)
            if self.listening is not None
            else web.TCPSite(self._runner, self.host, self.port, backlog=512)
        )
        try:
            await site.start()
        except BaseException:
            await self._runner.cleanup()
            raise
        sockets = self._runner.addresses
        if sockets:
            self.port = int(sockets[0][1])

    async def close(self) -> None:
        """Tell the phones the room is closed, end their streams and stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()

    async def _opened(self, _app: web.Application) -> None:
        self._news = asyncio.Event()
        self._publisher = asyncio.get_running_loop().create_task(self._publish_loop())

    async def _closed(self, _app: web.Application) -> None:
        """Tell every phone the room is closed and end their streams."""
        self._closing = True
        if self._publisher is not None:
            self._publisher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._publisher
        self._wake_streams()
        if self._telling is not None:
            self._tell_phones_now()  # the last word on who was here is not left waiting
        await asyncio.sleep(0)  # let each stream write its last word

    def remove(self, number: int) -> None:
        """Send a phone out of the room: its key stops working at once."""
        for key, device in list(self._devices.items()):
            if device.number == number:
                device.removed = True
                del self._devices[key]
                log.info("a phone was removed from the room")
        self._wake_streams()
        self._tell_phones()

    @web.middleware
    async def _doors(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as error:
            if error.status in (403, 404, 405, 413, 429):
                log.warning(
                    "refused %s %s from %s: %s",
                    request.method,
                    request.path[:80],
                    request.remote,
                    error.status,
                )
            response = web.json_response({"error": error.text or error.reason}, status=error.status)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    async def _page(self, request: web.Request) -> web.Response:
        body, kind = self._files[request.path]
        return web.Response(body=body, content_type=kind, charset="utf-8")

    def _device(self, request: web.Request, key: str | None = None) -> _Device:
        device = self._devices.get(key or request.headers.get("X-Room-Device") or "")
        if device is None:
            raise _refuse(403, "this phone is not in the room: scan the code again")
        return device

    async def _body(self, request: web.Request) -> dict[str, Any]:
        if (request.content_length or 0) > MAX_REQUEST_BYTES:
            raise _refuse(413, "too much at once: a request has at most 16 KB")
        try:
            body = await request.json()
        except web.HTTPRequestEntityTooLarge:
            raise _refuse(413, "too much at once: a request has at most 16 KB") from None
        except ValueError:
            raise _refuse(400, "that was not a request the room understands") from None
        if not isinstance(body, dict):
            raise _refuse(400, "that was not a request the room understands")
        return body

    async def _owner(self, operation: str, *arguments: Any) -> Any:
        """The room's answer, from the workshop's thread, awaited without blocking the loop."""
        try:
            return await self.owner.ask(operation, *arguments)
        except RefusedError as refused:
            raise _refuse(refused.status, str(refused)) from None
        except RuntimeError:
            raise _refuse(503, "the room is closing") from None

    async def _join(self, request: web.Request) -> web.Response:
        misses = self._joins.setdefault(request.remote or "?", deque())
        while misses and self.clock() - misses[0] > 60.0:
            misses.popleft()
        if len(misses) >= WRONG_CODES_PER_MINUTE:
            raise _refuse(429, "too many wrong codes: wait a minute")
        body = await self._body(request)
        code = str(body.get("code", "")).strip().upper()
        if not secrets.compare_digest(code.encode(), self.code.encode()):
            misses.append(self.clock())
            raise _refuse(403, "that is not this room's code")
        if not self.joinable:
            raise _refuse(403, "the room is closed to new phones; ask the facilitator")
        name, dots = body.get("name", ""), body.get("dots", [])
        if not isinstance(name, str) or not isinstance(dots, list):
            raise _refuse(400, "that was not a request the room understands")
        dots = [d for d in dots[:200] if isinstance(d, str)]
        reply: Reply = await self._owner("join", name, dots)
        number = max((d.number for d in self._devices.values()), default=0) + 1
        device = _Device(secrets.token_urlsafe(24), number, str(reply.body["name"]))
        device.participant_id = reply.participant_id
        device.dots.update(reply.body["dots"])
        self._devices[device.key] = device
        self._tell_phones()
        return web.json_response(
            {"device": device.key, "name": device.name, "dots": sorted(device.dots)}
        )

    async def _state_now(self, request: web.Request) -> web.Response:
        self._device(request)
        state = await self._owner("snapshot")
        return web.json_response(state)

    async def _card(self, request: web.Request) -> web.Response:
        device = self._device(request)
        body = await self._body(request)
        text = body.get("text")
        if not isinstance(text, str):
            raise _refuse(400, "a card is text")
        if len(text) > MAX_CARD_CHARS:
            raise _refuse(413, f"a card has at most {MAX_CARD_CHARS:,} characters")
        submission, exercise = str(body.get("id", "")), str(body.get("exercise", ""))
        anonymous = body.get("anonymous") is not False
        problem = body.get("problem")
        async with device.busy:
            if _too_fast(device.cards, CARDS_PER_MINUTE, self.clock()):
                raise _refuse(429, "slow down: at most 30 cards a minute from one phone")
            phone = device.phone()
            reply: Reply = await self._owner(
                "card",
                phone,
                submission,
                exercise,
                text,
                anonymous,
                problem if isinstance(problem, str) else None,
            )
        return web.json_response(reply.body)

    async def _vote(self, request: web.Request) -> web.Response:
        return await self._dot(request, add=True)

    async def _unvote(self, request: web.Request) -> web.Response:
        return await self._dot(request, add=False)

    async def _dot(self, request: web.Request, *, add: bool) -> web.Response:
        device = self._device(request)
        body = await self._body(request)
        submission, card = str(body.get("id", "")), str(body.get("card", ""))
        async with device.busy:
            if _too_fast(device.votes, VOTES_PER_MINUTE, self.clock()):
                raise _refuse(429, "slow down: too many dots at once")
            phone = device.phone()
            reply: Reply = await (
                self._owner("vote", phone, submission, card)
                if add
                else self._owner("unvote", phone, submission)
            )
            if reply.dot_added:
                device.dots.add(reply.dot_added)
            if reply.dot_removed:
                device.dots.discard(reply.dot_removed)
        return web.json_response({**reply.body, "dots": sorted(device.dots)})

    async def _events(self, request: web.Request) -> web.StreamResponse:
        device = self._device(request, request.query.get("device"))
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
        )
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        await response.prepare(request)
        device.streams += 1
        self._tell_phones()
        sent = -1
        try:
            while not self._closing and not device.removed:
                news = self._news
                assert news is not None
                if sent != self._published and self._state:
                    sent = self._published
                    await response.write(self._state)
                    continue
                try:
                    await asyncio.wait_for(news.wait(), KEEP_ALIVE_S)
                except TimeoutError:
                    await response.write(b": still here\n\n")
            reason = "removed" if device.removed else "closed"
            await response.write(f"event: {reason}\ndata: {{}}\n\n".encode())
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            device.streams -= 1
            self._tell_phones()
        return response

    def _wake_streams(self) -> None:
        news, self._news = self._news, asyncio.Event()
        if news is not None:
            news.set()

    async def _publish_loop(self) -> None:
        """Send the wall's state to the phones when it changed, a few times a second."""
        while True:
            # A big room hears a little less often: two hundred phones get the wall
            # about once a second rather than four times.
            listeners = sum(d.streams for d in self._devices.values())
            await asyncio.sleep(self.publish_every_s * (1 + listeners / 50))
            try:
                news = await self.owner.ask("news", self._published)
            except RuntimeError:
                return
            except RefusedError:
                continue  # not saved just now: the phones hear once it is
            if news is None:
                continue  # nothing changed
            version, state = news
            data = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
            self._state = f"event: state\ndata: {data}\n\n".encode()
            self._published = version
            self._wake_streams()

    def _tell_phones(self) -> None:
        """Tell the facilitator which phones are in the room: at once, or — when a
        crowd comes or goes at the same moment — once, TELL_PHONES_EVERY_S later,
        rather than a list of two hundred for each of two hundred phones."""
        if self._telling is not None:
            return  # a word is due: it will say this too
        wait = self._told_at + TELL_PHONES_EVERY_S - self.clock()
        if wait > 0:
            self._telling = asyncio.get_running_loop().call_later(wait, self._tell_phones_now)
        else:
            self._tell_phones_now()

    def _tell_phones_now(self) -> None:
        if self._telling is not None:
            self._telling.cancel()
            self._telling = None
        self._told_at = self.clock()
        phones = [
            PhoneInfo(d.number, d.name, d.streams > 0)
            for d in sorted(self._devices.values(), key=lambda d: d.number)
        ]
        if phones == self._told_phones:
            return
        self._told_phones = phones
        self.owner.phones(phones)


def cannot_listen(host: str, port: int, error: OSError) -> str:
    """Why the room cannot open, in the facilitator's words (one line)."""
    if error.errno == errno.EADDRNOTAVAIL:
        return (
            f"the room cannot open on {host}: this computer is not on that network now "
            "(connect it again, or pick another network)"
        )
    if error.errno == errno.EADDRINUSE:
        return f"the room cannot open on port {port}: another program is using it"
    if error.errno == errno.EACCES:
        return f"the room cannot open on port {port}: the system does not allow it"
    return f"the room cannot listen on {host}:{port}: {error.strerror or error}"


def _refuse(status: int, message: str) -> web.HTTPException:
    kinds: dict[int, type[web.HTTPException]] = {
        400: web.HTTPBadRequest,
        403: web.HTTPForbidden,
        409: web.HTTPConflict,
        413: web.HTTPRequestEntityTooLarge,
        429: web.HTTPTooManyRequests,
        503: web.HTTPServiceUnavailable,
    }
    kind = kinds.get(status, web.HTTPBadRequest)
    if kind is web.HTTPRequestEntityTooLarge:
        return web.HTTPRequestEntityTooLarge(
            max_size=MAX_REQUEST_BYTES, actual_size=0, text=message
        )
    return kind(text=message)
