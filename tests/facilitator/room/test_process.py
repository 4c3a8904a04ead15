"""The room's server in a process of its own: the room's refusals reach the phone
as the room said them, the server never outlives the app (not even a ``kill -9``
of it), and a server that dies closes the room instead of leaving it deaf."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.agenda import add_exercise
from facilitator.room.room import record_id_for
from facilitator.templates import load_library
from facilitator.workshop import Workshop
from tests.facilitator.room.conftest import Serving


@pytest.fixture
def workshop_path(tmp_path: Path) -> Path:
    path = tmp_path / "acme.workshop.json"
    workshop = Workshop.create(path, title="Acme AI day")
    library = load_library(include_user=False)
    add_exercise(workshop, library.template("problem-first"))
    add_exercise(workshop, library.template("problem-vote"))
    workshop.close()
    return path


def post(address: str, path: str, body: dict[str, Any], key: str = "") -> tuple[int, Any]:
    request = urllib.request.Request(
        address + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Room-Device": key},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def until(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie has ended too (its parent has not collected it yet).
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"


def refused(address: str) -> bool:
    host, port = address.removeprefix("http://").rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        return True
    return False


@pytest.fixture
def serving(workshop_path: Path) -> Iterator[Serving]:
    running = Serving(workshop_path)
    yield running
    running.stop()


def test_the_rooms_answers_and_refusals_cross_to_the_phone(serving: Serving) -> None:
    server = serving.server
    assert server is not None
    status, joined = post(server.address, "/api/join", {"code": server.code, "name": "Ana"})
    assert status == 200 and joined["name"] == "Ana"
    key = joined["device"]
    status, _ = post(server.address, "/api/join", {"code": "WRONG1"})
    assert status == 403
    writing = serving.ask(lambda: server.room.focus.exercise_id)
    card = {"id": str(uuid.uuid4()), "exercise": writing, "text": "Invoices keyed twice"}
    assert post(server.address, "/api/card", card, key) == (
        200,
        {"saved": True, "card": record_id_for(card["id"]), "held": False},
    )
    # The room says no on the workshop's thread; the phone hears its words and status.
    status, said = post(server.address, "/api/vote", {"id": str(uuid.uuid4()), "card": "x"}, key)
    assert (status, said["error"]) == (409, "the vote is not open")
    texts = serving.ask(lambda: [p.text for p in server.room.workshop.records("problems")])
    assert texts == ["Invoices keyed twice"]


def test_a_server_that_dies_closes_the_room_and_says_so(serving: Serving) -> None:
    server = serving.server
    assert server is not None and server._process is not None
    server._process.kill()
    serving.thread.join(30)
    assert not serving.thread.is_alive()
    said = serving.said()
    assert "the room's server stopped by itself" in said
    assert "is saved" in said


def test_the_server_does_not_outlive_a_killed_app(workshop_path: Path, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from facilitator.room.serve import serve\n"
        "def ready(server):\n"
        "    print(server.address, server._process.pid, flush=True)\n"
        "serve(Path(sys.argv[1]), port=0, bind='127.0.0.1', ready=ready)\n"
    )
    app = subprocess.Popen(
        [sys.executable, "-c", script, str(workshop_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert app.stdout is not None
    try:
        line = ""
        while not line.startswith("http://"):
            line = app.stdout.readline()
            assert line, app.stderr.read() if app.stderr else ""
        address, pid = line.split()
        assert post(address, "/api/join", {"code": "WRONG1"})[0] == 403  # it serves
        app.send_signal(signal.SIGKILL)
        app.wait(30)
        assert until(lambda: gone(int(pid))), "the server's process outlived the app"
        assert until(lambda: refused(address)), "the room still answers after the app died"
    finally:
        if app.poll() is None:
            app.kill()
        app.communicate()
