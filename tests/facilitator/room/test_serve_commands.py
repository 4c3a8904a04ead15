"""``facilitator serve``'s typed commands, typed into its terminal as a facilitator
would (a pipe standing in for the keyboard): next, back, step, reveal, round,
close, open, quit — each seen by a phone on a real socket."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.agenda import add_exercise
from facilitator.model import Problem, Vote
from facilitator.room.room import Focus
from facilitator.store import journal_segments
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from tests.facilitator.room.conftest import Serving


class Terminal:
    """The keyboard of the terminal ``serve`` runs in."""

    def __init__(self) -> None:
        reading, self._writing = os.pipe()
        self.keyboard = os.fdopen(reading, "r", encoding="utf-8")
        self.open = True

    def type(self, line: str) -> None:
        os.write(self._writing, f"{line}\n".encode())

    def hang_up(self) -> None:
        if self.open:
            self.open = False
            os.close(self._writing)


class Phone:
    """A phone speaking the page's protocol (plain HTTP from the standard library)."""

    def __init__(self, address: str, key: str = "") -> None:
        self.address = address
        self.key = key

    def call(self, path: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(
            f"{self.address}{path}",
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "X-Room-Device": self.key},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read())

    def join(self, code: str, name: str = "") -> int:
        status, body = self.call("/api/join", {"code": code, "name": name})
        self.key = body.get("device", "")
        return status

    def state(self) -> dict[str, Any]:
        status, body = self.call("/api/state")
        assert status == 200, body
        return body


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    typed = Terminal()
    yield typed
    # The end of the input first: serve's reader stops, and only then may its
    # end be closed (closing a file another thread is reading waits for it).
    typed.hang_up()
    deadline = time.monotonic() + 10
    while any(t.name == "facilitator-room-console" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "serve's reader never saw the end of input"
        time.sleep(0.02)
    typed.keyboard.close()


@pytest.fixture
def workshop_path(tmp_path: Path) -> Path:
    path = tmp_path / "acme.workshop.json"
    workshop = Workshop.create(path, title="Acme AI day")
    library = load_library(include_user=False)
    for name in ("problem-first", "problem-vote"):
        add_exercise(workshop, library.template(name))
    workshop.add(Problem, text="Quotes take a week")
    workshop.close()
    return path


def until(check: Callable[[], object], timeout: float = 10.0) -> None:
    """Wait for what a typed command does: it runs on serve's own thread."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the command had no effect"
        time.sleep(0.02)


def test_each_typed_command_changes_what_the_phones_see(
    workshop_path: Path, terminal: Terminal
) -> None:
    serving = Serving(workshop_path, commands=terminal.keyboard)
    try:
        server = serving.server
        assert server is not None
        assert "type: next · back · step · reveal · round" in serving.said()
        phone = Phone(server.address)
        assert phone.join(server.code, "Ana") == 200

        def shown() -> tuple[str, str, bool]:
            exercise = phone.state()["exercise"]
            return exercise["title"], exercise["step"], exercise["private"]

        def focus() -> Focus:
            return serving.ask(lambda: server.room.focus)

        assert shown() == ("Start with the problem", "Silent writing", True)
        terminal.type("reveal")
        until(lambda: shown() == ("Start with the problem", "Silent writing", False))
        terminal.type("reveal")  # again: hidden again
        until(lambda: shown()[2])
        terminal.type("step")
        until(lambda: shown() == ("Start with the problem", "Read out and capture", False))
        terminal.type("s")
        terminal.type("step")  # past the last step: it stays there, and says so
        until(lambda: "the exercise's last step" in serving.said())
        assert shown()[1] == "Size the ones that hurt"
        terminal.type("next")
        until(lambda: shown()[0] == "Which problems matter most")
        assert focus().step == 0
        terminal.type("next")  # past the last exercise: it stays on it
        terminal.type("back")
        until(lambda: shown()[0] == "Start with the problem")
        terminal.type("n")
        terminal.type("step")  # the vote
        until(lambda: "vote" in phone.state()["exercise"])
        assert "on the wall: Which problems matter most — Vote, round 1" in serving.said()

        (quotes,) = serving.ask(lambda: server.room.workshop.typed(Problem))
        assert phone.call("/api/vote", {"id": str(uuid.uuid4()), "card": quotes.id})[0] == 200
        terminal.type("round")  # a new round: the phones' dots go there
        until(lambda: phone.state()["exercise"]["vote"]["round"] == 2)
        assert "Vote, round 2" in serving.said()
        assert phone.call("/api/vote", {"id": str(uuid.uuid4()), "card": quotes.id})[0] == 200

        terminal.type("close")
        until(lambda: "the door: no new phone may join" in serving.said())
        late = Phone(server.address)
        until(lambda: late.join(server.code, "Ben") == 403)
        assert phone.state()["exercise"] is not None  # who is in stays in
        terminal.type("open")
        until(lambda: late.join(server.code, "Ben") == 200)

        terminal.type("dance")
        until(lambda: "commands: next · back" in serving.said())
        terminal.type("quit")
        serving.thread.join(20)
        assert not serving.thread.is_alive()
    finally:
        serving.stop()
    assert "the room is closed" in serving.said()
    assert journal_segments(workshop_path) == []  # the file was closed cleanly
    workshop = open_workshop(workshop_path, read_only=True)
    assert sorted(v.round for v in workshop.typed(Vote)) == [1, 2]


def test_a_round_needs_a_vote_on_the_wall(workshop_path: Path, terminal: Terminal) -> None:
    serving = Serving(workshop_path, commands=terminal.keyboard)
    try:
        terminal.type("round")
        until(lambda: "no vote on the wall" in serving.said())
    finally:
        serving.stop()


def test_the_terminal_going_away_closes_the_room_cleanly(
    workshop_path: Path, terminal: Terminal
) -> None:
    serving = Serving(workshop_path, commands=terminal.keyboard)
    terminal.hang_up()  # an SSH session dropped: nobody can type quit any more
    serving.thread.join(20)
    assert not serving.thread.is_alive()
    assert "the room is closed" in serving.said()
    assert journal_segments(workshop_path) == []
