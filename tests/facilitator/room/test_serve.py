"""``facilitator serve`` on a real socket: phones post, Ctrl+C closes cleanly, and
an anonymous card leaves no trace of its writer in any byte the app writes."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from facilitator.agenda import add_exercise
from facilitator.brief import BriefOptions
from facilitator.exports import export
from facilitator.model import Concern, Participant
from facilitator.scoring import WorkshopData
from facilitator.store import journal_segments
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from tests.facilitator.room.conftest import Serving


@pytest.fixture
def workshop_path(tmp_path: Path) -> Path:
    path = tmp_path / "acme.workshop.json"
    workshop = Workshop.create(path, title="Acme AI day")
    add_exercise(workshop, load_library(include_user=False).template("people-and-change"))
    workshop.close()
    return path


@pytest.fixture
def serving(workshop_path: Path) -> Iterator[Serving]:
    running = Serving(workshop_path)
    yield running
    running.stop()


async def _post(
    session: aiohttp.ClientSession, url: str, body: dict[str, Any], key: str = ""
) -> tuple[int, dict[str, Any]]:
    async with session.post(url, json=body, headers={"X-Room-Device": key}) as response:
        return response.status, await response.json()


def every_byte(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_anonymous_card_leaves_no_trace_of_its_writer_in_any_file(
    tmp_path: Path, workshop_path: Path, serving: Serving
) -> None:
    server = serving.server
    assert server is not None
    concern_text = "My manager will read this and I will lose my job"

    async def phones() -> tuple[list[str], str]:
        async with aiohttp.ClientSession() as session:
            refused = await _post(session, f"{server.address}/api/join", {"code": "NOPE00"})
            assert refused[0] == 403
            keys = []
            for name in ("Zorro Quill", ""):
                status, body = await _post(
                    session, f"{server.address}/api/join", {"code": server.code, "name": name}
                )
                assert status == 200
                keys.append(body["device"])
            async with session.get(
                f"{server.address}/api/state", headers={"X-Room-Device": keys[0]}
            ) as response:
                exercise = (await response.json())["exercise"]["id"]
            card = {"exercise": exercise, "text": concern_text, "anonymous": True}
            status, saved = await _post(
                session, f"{server.address}/api/card", {**card, "id": str(uuid.uuid4())}, keys[0]
            )
            assert status == 200
            other = {**card, "text": "Who checks the AI's answers?", "id": str(uuid.uuid4())}
            assert (await _post(session, f"{server.address}/api/card", other, keys[1]))[0] == 200
            return keys, saved["card"]

    keys, card_id = asyncio.run(phones())
    during = every_byte(tmp_path)  # the journal is still beside the file now
    assert any(".journal-" in p.name for p in during)
    serving.stop()
    workshop = open_workshop(workshop_path)
    (zorro,) = workshop.typed(Participant)
    data = WorkshopData.of(workshop)
    workshop.close()
    (tmp_path / "exports").mkdir()
    for fmt in ("csv", "md", "json", "pdf"):
        export(data, tmp_path / "exports" / f"brief.{fmt}", fmt, BriefOptions())
    written = {**during, **every_byte(tmp_path)}
    log = (tmp_path / "appdata" / "logs" / "facilitator.log").read_text()
    assert "refused POST /api/join from 127.0.0.1: 403" in log

    checked_stamps = 0
    for path, content in written.items():
        for key in keys:
            assert key.encode() not in content, f"a phone's key is in {path}"
        if path.suffix != ".pdf" and "participants" not in path.name:
            stamps = _stamps_of(card_id, content)
            assert all(s.endswith(":00.000Z") for s in stamps), (path, stamps)
            checked_stamps += len(stamps)
        lines_with_zorro = [
            line
            for line in content.split(b"\n")
            if zorro.id.encode() in line and card_id.encode() in line
        ]
        assert not [
            line
            for line in lines_with_zorro
            if re.search(rb'"participant_id":\s*"' + zorro.id.encode(), line) and b'"text"' in line
        ], f"the writer's id is on the anonymous card in {path}"
    # Journal, file, backups and the JSON export (the CSV, a sheet of use cases, has
    # no timestamps at all).
    assert checked_stamps >= 6
    assert concern_text not in log and "Zorro" not in log
    reopened = open_workshop(workshop_path, read_only=True)
    card = reopened.get(card_id)
    assert isinstance(card, Concern) and card.anonymous and card.participant_id is None
    assert card.created_at.endswith(":00.000Z")


def _stamps_of(record_id: str, content: bytes) -> list[str]:
    """created_at/updated_at of every copy of the record in a JSON-ish file."""
    text = content.decode("utf-8", "replace")
    found = []
    for match in re.finditer(r"\{[^{}]*\"id\":\s*\"" + record_id + r"\"[^{}]*\}", text):
        found.extend(re.findall(r"\"(?:created|updated)_at\":\s*\"([^\"]+)\"", match.group(0)))
    for line in text.splitlines():  # CSV: the row of the record
        if line.startswith(("concern,", '"concern"')) and record_id in line:
            found.extend(re.findall(r"\d{4}-\d\d-\d\dT[\d:.]+Z", line))
    return found


def test_serve_prints_the_address_and_code_and_ctrl_c_closes_cleanly(workshop_path: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "facilitator",
            "serve",
            str(workshop_path),
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    try:
        first = process.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)\s+code ([A-Z0-9]{6})", first)
        assert found, first
        address, code = found.groups()

        async def phone() -> None:
            async with aiohttp.ClientSession() as session:
                _, body = await _post(session, f"{address}/api/join", {"code": code})
                key = body["device"]
                async with session.get(
                    f"{address}/api/state", headers={"X-Room-Device": key}
                ) as response:
                    exercise = (await response.json())["exercise"]["id"]
                card = {"id": str(uuid.uuid4()), "exercise": exercise, "text": "Jobs?"}
                assert (await _post(session, f"{address}/api/card", card, key))[0] == 200

        asyncio.run(phone())
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "the room is closed" in out
    assert journal_segments(workshop_path) == []  # folded into the file
    document = json.loads(workshop_path.read_text())
    assert [c["text"] for c in document["concerns"].values()] == ["Jobs?"]
