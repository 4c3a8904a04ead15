"""A room on a real workshop file, driven by aiohttp's test client.

The test's event loop plays both parts: the server's handlers run on it, and the
inbox hands their jobs back to the same loop, which stands in for the
workshop's owner thread (one thread, as the workshop's contract wants).
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

import pytest
from aiohttp.test_utils import TestClient, TestServer

from facilitator.agenda import add_exercise
from facilitator.model import AgendaItem
from facilitator.room import Focus, Inbox, Room, RoomServer, RoomServerProcess
from facilitator.room.serve import serve
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop

T = TypeVar("T")

EXERCISES = (
    "problem-first",
    "problem-vote",
    "new-value-ideas",
    "people-and-change",
    "mandate-check",
    "commitments",
    "spend-accountability",
)


class Clock:
    """A monotonic clock the test moves by hand (for the rate limits)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Venue:
    """A workshop with one exercise of each kind, its room and its server."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.workshop = Workshop.create(
            folder / "acme.workshop.json",
            title="Acme AI day",
            backup_dir=folder / "appdata" / "backups",
        )
        library = load_library(include_user=False)
        self.items: dict[str, AgendaItem] = {
            name: add_exercise(self.workshop, library.template(name)) for name in EXERCISES
        }
        self.room = Room(self.workshop)
        self.clock = Clock()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.inbox = Inbox(self._wake)
        self.server = RoomServer(
            self.room, self.inbox, code="ROOM42", clock=self.clock, publish_every_s=0.01
        )
        self.client: TestClient[Any, Any] | None = None

    def crash_and_reopen(self, code: str) -> None:
        """The laptop dies (nothing is closed) and the workshop is opened again,
        with a new room and a new code."""
        path = self.workshop.path
        assert path is not None
        self.room.close()
        self.workshop.store.abandon()  # type: ignore[attr-defined]
        self.workshop = open_workshop(path, backup_dir=self.folder / "appdata" / "backups")
        self.room = Room(self.workshop)
        self.inbox = Inbox(self._wake)
        self.server = RoomServer(self.room, self.inbox, code=code, clock=self.clock)

    def _wake(self) -> None:
        assert self.loop is not None
        self.loop.call_soon_threadsafe(lambda: self.inbox.run(together=self.room.batch))

    def show(
        self, name: str, step: int = 0, *, revealed: bool = False, round: int | None = None
    ) -> AgendaItem:
        """The facilitator puts an exercise (and a step of it, and a vote's round) on the wall."""
        item = self.items[name]
        self.room.follow(Focus(item.id, step, revealed, round=round))
        return item

    async def join(self, name: str = "", code: str = "ROOM42") -> Phone:
        assert self.client is not None
        response = await self.client.post("/api/join", json={"code": code, "name": name})
        assert response.status == 200, await response.text()
        return Phone(self.client, (await response.json())["device"])


class Phone:
    """One joined phone, speaking the page's protocol."""

    def __init__(self, client: TestClient[Any, Any], key: str) -> None:
        self.client = client
        self.key = key

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        response = await self.client.post(path, json=body, headers={"X-Room-Device": self.key})
        return response.status, await response.json()

    async def card(
        self, exercise: AgendaItem, text: str, *, submission: str | None = None, **more: Any
    ) -> tuple[int, dict[str, Any]]:
        body = {"id": submission or str(uuid.uuid4()), "exercise": exercise.id, "text": text}
        return await self.post("/api/card", {**body, **more})

    async def vote(self, card_id: str, submission: str | None = None) -> tuple[int, dict[str, Any]]:
        return await self.post(
            "/api/vote", {"id": submission or str(uuid.uuid4()), "card": card_id}
        )

    async def unvote(self, submission: str) -> tuple[int, dict[str, Any]]:
        return await self.post("/api/unvote", {"id": submission})

    async def state(self) -> dict[str, Any]:
        response = await self.client.get("/api/state", headers={"X-Room-Device": self.key})
        assert response.status == 200
        result: dict[str, Any] = await response.json()
        return result


class Serving:
    """``serve`` running on a thread of the test, until :meth:`stop`."""

    def __init__(self, path: Path, commands: TextIO | None = None) -> None:
        self.path = path
        self.stop_event = threading.Event()
        self.ready = threading.Event()
        self.server: RoomServerProcess | None = None
        self.output: list[str] = []

        def started(server: RoomServerProcess) -> None:
            self.server = server
            self.ready.set()

        class Out:
            def write(inner, text: str) -> int:  # noqa: N805 - a file-like stand-in
                self.output.append(text)
                return len(text)

            def flush(inner) -> None:  # noqa: N805
                pass

        self.thread = threading.Thread(
            target=serve,
            args=(path,),
            kwargs={
                "port": 0,
                "bind": "127.0.0.1",
                "out": Out(),
                "stop": self.stop_event,
                "ready": started,
                "commands": commands,
            },
        )
        self.thread.start()
        assert self.ready.wait(20), "".join(self.output)
        assert self.server is not None and self.server.ready.wait(60), "".join(self.output)

    def on_owner(self, job: Callable[[], object]) -> None:
        """Do something on the workshop's thread, as the facilitator would."""
        assert self.server is not None
        self.server.inbox.put(job).result(10)

    def ask(self, question: Callable[[], T]) -> T:
        """Read something on the workshop's thread (the room's focus, a record)."""
        assert self.server is not None
        return self.server.inbox.put(question).result(10)

    def said(self) -> str:
        return "".join(self.output)

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(20)
        assert not self.thread.is_alive()


RoomTest = Callable[[Venue], Awaitable[None]]


@pytest.fixture
def venue(tmp_path: Path) -> Iterator[Venue]:
    opened = Venue(tmp_path)
    yield opened
    opened.room.close()
    opened.workshop.close()


def run(venue: Venue, test: RoomTest) -> None:
    """Run *test* against the venue's room through aiohttp's test client."""

    async def main() -> None:
        venue.loop = asyncio.get_running_loop()
        async with TestClient(TestServer(venue.server.make_app())) as client:
            venue.client = client
            await test(venue)

    asyncio.run(main())
