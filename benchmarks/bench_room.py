"""200 phones at once against a real room on 127.0.0.1.

Budget (DESIGN.md): 200 phones, each joining and sending 10 cards and 5 dots at
the same time — 0 cards lost, 0 doubled, acknowledgement p95 <= 100 ms — and,
with the room in the live window, the board's add-a-card p95 stays <= 16 ms
while the load runs.

The phones are asyncio clients (plain HTTP/1.1 on asyncio streams, one
keep-alive connection each, as a browser keeps) in a process of their own, as
phones are other machines; each listens to the room's event stream like the page does,
sends its cards one after the other (as the page's queue does), sends one card a
second time with the same id (a reply lost on the Wi-Fi), then places its dots.

The pace. The budget is for all 200 phones at once, each sending its next
request as soon as the last was answered — no think time: 200 requests always in
flight, which no room of people reaches. That load, ``--pace 0``, is the one
the budget is judged on, and what the bench runs first by default. With 200
requests in flight the wait is at least 200 / throughput (Little's law), so the
acknowledgement p95 there measures how many requests a second the laptop
answers. Then, for information, the same 200 phones at human pace
(``--pace 0.5``: each phone waits 0.25-0.75 s before each request, as a thumb
does); its figures are printed, not judged. ``--pace X`` runs one pace only,
judged.
The room's owner is either a plain thread (``--owner thread``, as in
``facilitator serve``) or the GUI thread of a live window showing 2,000 cards
(``--owner gui``, the default), where the facilitator keeps typing cards on the
board meanwhile. Baselines in the same run: one phone alone, and the board with
no phones.

A phone is answered once its card is durable, so no acknowledgement is faster
than one ``fdatasync`` of the journal: the syncs the room did during the load are
timed and printed beside the figures (the disk's share; on a shared machine the
disk alone can take 60-100 ms at p95 under other engineers' tests).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_room.py [--phones 200] [--owner gui|thread]
        [--pace SECONDS]

Exits 1 if a budget is missed (at pace 0, or at the one pace asked for). The
phones' process shares the laptop's two cores: the CPU each side used is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ACK_BUDGET_MS = 100.0
BOARD_BUDGET_MS = 16.0
CARDS, DOTS = 10, 5
HUMAN_PACE_S = 0.5
"""Seconds between one phone's requests at human pace (shown, not judged)."""
TYPING_EVERY_S = 0.05
"""How often the facilitator adds a card on the board while the phones send:
twenty a second, faster than anyone types, so the board is measured often while
the event loop still gets to the phones in between (a loop that only typed
would starve them and measure nothing a person does)."""


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Syncs:
    """Every ``fdatasync`` of this process timed: what the disk took."""

    def __init__(self) -> None:
        self.real = os.fdatasync
        self.times: list[float] = []

    def __enter__(self) -> Syncs:
        def timed(fd: int) -> None:
            began = time.perf_counter()
            self.real(fd)
            self.times.append((time.perf_counter() - began) * 1000)

        os.fdatasync = timed  # the journal looks it up at each write
        return self

    def __exit__(self, *_exc: object) -> None:
        os.fdatasync = self.real


def figures(name: str, samples: list[float]) -> str:
    return (
        f"{name}: p50 {statistics.median(samples):6.1f} ms   p95 {p95(samples):6.1f} ms   "
        f"max {max(samples):6.1f} ms   ({len(samples)} requests)"
    )


# -- the phones (a process of their own) ------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection, as a phone's browser keeps one open to
    the laptop. Written on asyncio streams rather than an HTTP client library: the
    simulated phones share this machine's two cores with the laptop, and a phone's
    own CPU is not the laptop's to pay (aiohttp's client took 0.3 ms a request,
    as much as the server)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.last = b""

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def send(self, method: str, path: str, body: Any = None, key: str = "") -> int:
        """Send a request; returns the status once the whole reply is read."""
        if self.writer is None:
            await self.open()
        assert self.reader is not None and self.writer is not None
        data = json.dumps(body).encode() if body is not None else b""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
            + (f"X-Room-Device: {key}\r\n" if key else "")
            + "\r\n"
        )
        self.writer.write(head.encode() + data)
        status, self.last = await self._reply()
        return status

    async def _reply(self) -> tuple[int, bytes]:
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    async def listen(self, path: str) -> None:
        """Read an event stream until cancelled, as the page's EventSource does."""
        await self.open()
        assert self.reader is not None and self.writer is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
        while await self.reader.read(65536):
            pass

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _phone(
    address: str,
    code: str,
    exercise: str,
    ballot: list[str],
    n: int,
    *,
    start: asyncio.Event,
    pace: float,
) -> dict[str, Any]:
    acks: list[float] = []
    when: list[tuple[float, float, str]] = []
    sent: list[str] = []
    refused: list[str] = []
    host, port = address.removeprefix("http://").rsplit(":", 1)
    api = Connection(host, int(port))
    await api.send("POST", "/api/join", {"code": code})
    key = json.loads(api.last)["device"]
    stream = Connection(host, int(port))
    listening = asyncio.create_task(
        stream.listen(f"/api/events?device={key}") if not os.environ.get("NOSSE") else start.wait()
    )
    await start.wait()

    rhythm = random.Random(n)
    if pace:
        await asyncio.sleep(rhythm.uniform(0, pace))  # nobody taps in step

    async def post(path: str, body: dict[str, Any]) -> None:
        if pace:
            await asyncio.sleep(rhythm.uniform(0.5 * pace, 1.5 * pace))
        for _attempt in range(20):
            began = time.perf_counter()
            status = await api.send("POST", path, body, key)
            if status == 200:
                acks.append((time.perf_counter() - began) * 1000)
                when.append((began, acks[-1], path))
                return
            if status not in (429, 503):
                refused.append(f"{path} {status}")
                return
            await asyncio.sleep(0.05)

    cards = [str(uuid.uuid4()) for _ in range(CARDS)]
    for number, submission in enumerate(cards):
        body = {"id": submission, "exercise": exercise, "text": f"Phone {n} card {number}"}
        await post("/api/card", body)
        sent.append(submission)
        if number == 2:  # the reply was lost: the page sends it again
            await post("/api/card", body)
    for dot in range(DOTS):
        card = ballot[(n + dot // 2) % len(ballot)]
        await post("/api/vote", {"id": str(uuid.uuid4()), "card": card})
    listening.cancel()
    api.close()
    stream.close()
    return {"acks": acks, "sent": sent, "refused": refused, "when": when}


def _phones(  # noqa: PLR0917 - a Process target takes its arguments by position
    address: str, code: str, exercise: str, ballot: list[str], phones: int, pace: float, out: Any
) -> None:
    async def main() -> list[dict[str, Any]]:
        start = asyncio.Event()
        tasks = [
            asyncio.create_task(_phone(address, code, exercise, ballot, n, start=start, pace=pace))
            for n in range(phones)
        ]
        await asyncio.sleep(0.5 + phones * 0.01)  # everyone has joined and listens
        began, cpu = time.perf_counter(), time.process_time()
        start.set()
        results = await asyncio.gather(*tasks)
        results[0]["seconds"] = time.perf_counter() - began
        results[0]["cpu"] = time.process_time() - cpu
        return results

    out.send(asyncio.run(main()))


# -- the laptop ---------------------------------------------------------------------------


def venue(folder: Path, board_cards: int) -> tuple[Any, Any, Any, list[str]]:
    from facilitator.agenda import add_exercise
    from facilitator.model import Problem
    from facilitator.templates import load_library
    from facilitator.workshop import Workshop

    library = load_library(include_user=False)
    workshop = Workshop.create(
        folder / f"room-{uuid.uuid4().hex[:6]}.workshop.json",
        title="Bench",
        backup_dir=folder / "backups",
    )
    writing = add_exercise(workshop, library.template("problem-first"))
    vote = add_exercise(workshop, library.template("problem-vote"))
    template = dict(vote.template)
    template["voting"] = {"dots_per_person": DOTS, "max_per_card": 2}
    vote = workshop.update(vote.id, template=template)
    for n in range(board_cards):
        workshop.add(
            Problem, text=f"Problem {n}: work waits for a signature " * 2, exercise_id=writing.id
        )
    ballot = [workshop.add(Problem, text=f"Vote on me {n}").id for n in range(20)]
    return workshop, writing, vote, ballot


def run_phones(
    server: Any, writing: Any, ballot: list[str], phones: int, pace: float
) -> multiprocessing.Process:
    reader, writer = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("spawn").Process(
        target=_phones,
        args=(server.address, server.code, writing.id, ballot, phones, pace, writer),
    )
    process.start()
    process.reader = reader  # type: ignore[attr-defined]
    return process


def check(workshop: Any, results: list[dict[str, Any]]) -> tuple[int, int, list[float]]:
    from facilitator.room.room import record_id_for

    sent = {record_id_for(s) for r in results for s in r["sent"]}
    phone_cards = [p for p in workshop.records("problems") if getattr(p, "from_phone", False)]
    found = {p.id for p in phone_cards}
    lost = len(sent - found)
    doubled = len(phone_cards) - len(found) + len(found - sent)
    acks = [a for r in results for a in r["acks"]]
    return lost, doubled, acks


def bench_thread(folder: Path, phones: int, pace: float) -> tuple[list[float], int, int, list[str]]:
    from facilitator.room import Focus, Inbox, Room, RoomServerProcess
    from facilitator.room.inbox import SLICE_S

    workshop, writing, vote, ballot = venue(folder, 0)
    room = Room(workshop)
    room.follow(Focus(vote.id, 1))
    gc.freeze()  # as ``facilitator serve`` does once the workshop is open
    work = threading.Event()
    inbox = Inbox(work.set)
    server = RoomServerProcess(room, inbox)  # as ``facilitator serve`` runs it
    server.start()
    stop = threading.Event()

    busy = [0.0, 0]

    def owner() -> None:
        with profiled(phones > 1):
            owner_loop()

    def owner_loop() -> None:
        while not stop.is_set():
            if work.wait(0.05):
                work.clear()
                began = time.perf_counter()
                while inbox.run(SLICE_S, together=room.batch):
                    busy[1] += 1
                busy[1] += 1
                busy[0] += time.perf_counter() - began

    thread = threading.Thread(target=owner)
    thread.start()
    with Syncs() as syncs:
        cpu = time.process_time()
        process = run_phones(server, writing, ballot, phones, pace)
        results = process.reader.recv()  # type: ignore[attr-defined]
        cpu = time.process_time() - cpu
    process.join()
    served = _cpu_of(server)
    stop.set()
    thread.join()
    server.stop()
    inbox.run(together=room.batch)
    lost, doubled, acks = check(workshop, results)
    refused = [x for r in results for x in r["refused"]]
    room.close()
    workshop.close()
    gc.unfreeze()
    said(phones, results, syncs, cpu)
    print(f"  the owner thread was busy {busy[0]:.1f} s in {busy[1]} slices")
    print(f"  the server's process used {served:.1f} s of CPU")
    return acks, lost, doubled, refused


def _cpu_of(server: Any) -> float:
    """CPU seconds the server's process has used so far (Linux; 0 elsewhere)."""
    process = getattr(server, "_process", None)
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (AttributeError, OSError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timeline(results: list[dict[str, Any]]) -> None:
    """With TIMELINE=1: the acknowledgements in order sent, a tenth at a time."""
    if not os.environ.get("TIMELINE"):
        return
    sent = sorted(w for r in results for w in r["when"])
    if not sent:
        return
    first, tenth = sent[0][0], max(1, len(sent) // 10)
    for at in range(0, len(sent), tenth):
        part = sent[at : at + tenth]
        kinds = ", ".join(sorted({p.rsplit("/", 1)[1] for _b, _a, p in part}))
        acks = [a for _b, a, _p in part]
        print(
            f"  from {1000 * (part[0][0] - first):6.0f} ms: p50 {statistics.median(acks):6.1f} "
            f"max {max(acks):6.1f} ms ({kinds})"
        )


def said(phones: int, results: list[dict[str, Any]], syncs: Syncs, cpu: float) -> None:
    timeline(results)
    seconds = results[0]["seconds"]
    requests = sum(len(r["acks"]) for r in results)
    print(
        f"  {phones} phones sent everything in {seconds:.1f} s ({requests / seconds:,.0f} "
        f"requests/s); the journal synced {len(syncs.times)} times"
    )
    # Two cores: the simulated phones' process competes with the laptop's for them.
    print(
        f"  CPU used: the laptop {cpu:.1f} s, the phones' process {results[0]['cpu']:.1f} s "
        f"(load average {os.getloadavg()[0]:.1f})"
    )
    if syncs.times:
        print("  " + figures("the disk: one sync", syncs.times).replace("requests", "syncs"))


@contextmanager
def profiled(wanted: bool) -> Iterator[None]:
    """With PROFILE=1: where the time went, on stderr."""
    if not (wanted and os.environ.get("PROFILE")):
        yield
        return
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(25)


def bench_gui(
    folder: Path, phones: int, board_cards: int, pace: float
) -> tuple[list[float], int, int, list[str], list[float], list[float]]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from facilitator.room import Focus
    from facilitator.templates import load_library
    from ui import heap
    from ui.live.window import WorkshopWindow

    app = QApplication.instance() or QApplication([])
    workshop, writing, vote, ballot = venue(folder, board_cards)
    window = WorkshopWindow(workshop, load_library(include_user=False))
    window.resize(1600, 1000)
    window.show()
    heap.keep_out_of_collections()  # as the app does when it shows a workshop
    window.agenda.select(writing.id)
    app.processEvents()

    def type_cards(count: int, until: Any = None) -> list[float]:
        """The facilitator adds a card every TYPING_EVERY_S. Each is typed from the
        event loop, as a key press is — behind whatever the loop is doing, a slice
        of the phones' cards — and timed from then until the board has painted it."""
        timings: list[float] = []

        def typed(n: int, started: float) -> None:
            window.cards.capture(f"Typed while the room writes {n} #fresh !3")
            window.board.cards.viewport().repaint()
            timings.append((time.perf_counter() - started) * 1000)

        n = 0
        while n < count or (until is not None and not until()):
            QTimer.singleShot(0, partial(typed, n, time.perf_counter()))
            n += 1
            between = QEventLoop()
            QTimer.singleShot(round(TYPING_EVERY_S * 1000), between.quit)
            between.exec()
        return timings

    quiet = type_cards(60)
    door = window.room.door
    door.open_room("127.0.0.1", 0)
    server, room = door.server, door.room
    assert server is not None and room is not None
    door._follow_timer.stop()  # the phones vote while the facilitator types on the board
    room.follow(Focus(vote.id, 1))
    with Syncs() as syncs:
        process = run_phones(server, writing, ballot, phones, pace)
        reader = process.reader  # type: ignore[attr-defined]
        cpu = time.process_time()
        with profiled(phones > 1):
            busy = type_cards(0, until=reader.poll)
        results = reader.recv()
        cpu = time.process_time() - cpu
    process.join()
    door.close_room()
    lost, doubled, acks = check(workshop, results)
    refused = [x for r in results for x in r["refused"]]
    window.close()
    workshop.close()
    said(phones, results, syncs, cpu)
    return acks, lost, doubled, refused, quiet, busy


def run(options: argparse.Namespace, pace: float, *, judged: bool) -> list[str]:
    """One load at *pace*: its figures printed; what missed the budget, if *judged*."""
    load = "back to back (the budget's load)" if pace == 0 else f"pace {pace:g} s"
    print(f"== {options.phones} phones, {load}, owner: {options.owner}")
    failures = []
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        if options.owner == "thread":
            alone, *_ = bench_thread(folder, 1, pace)
            acks, lost, doubled, refused = bench_thread(folder, options.phones, pace)
        else:
            alone, *_ = bench_gui(folder, 1, 0, pace)
            acks, lost, doubled, refused, quiet, busy = bench_gui(
                folder, options.phones, options.cards, pace
            )
            print(figures(f"board add-a-card, {options.cards:,} cards, no phones", quiet))
            print(
                figures(f"board add-a-card, {options.cards:,} cards, {options.phones} phones", busy)
            )
            print(f"ratio to the quiet board at p95: {p95(busy) / max(p95(quiet), 1e-9):.1f}x")
            if p95(busy) > BOARD_BUDGET_MS:
                failures.append(f"board p95 {p95(busy):.1f} ms > {BOARD_BUDGET_MS} ms")
    print(figures("acknowledgement, one phone alone", alone))
    print(figures(f"acknowledgement, {options.phones} phones at once", acks))
    print(f"ratio to one phone alone at p95: {p95(acks) / max(p95(alone), 1e-9):.1f}x")
    print(f"cards lost: {lost}   cards doubled: {doubled}   refused: {len(refused)} {refused[:3]}")
    if lost or doubled:
        failures.append(f"{lost} lost, {doubled} doubled")
    if refused:
        failures.append(f"{len(refused)} refused")
    if p95(acks) > ACK_BUDGET_MS:
        failures.append(f"acknowledgement p95 {p95(acks):.1f} ms > {ACK_BUDGET_MS} ms")
    if not judged:
        verdict = "(not judged: the budget is for back to back)"
        print("within budget " + verdict if not failures else "over: " + "; ".join(failures))
        return []
    print("within budget" if not failures else "OVER BUDGET: " + "; ".join(failures))
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--owner", choices=("gui", "thread"), default="gui")
    parser.add_argument("--cards", type=int, default=2000, help="cards on the board (gui)")
    parser.add_argument(
        "--pace",
        type=float,
        default=None,
        help=(
            "seconds between one phone's requests, judged (default: 0 — back to back, the "
            f"budget's load — judged, then {HUMAN_PACE_S:g} — human pace — shown)"
        ),
    )
    options = parser.parse_args()
    if options.pace is not None:
        return 1 if run(options, options.pace, judged=True) else 0
    failures = run(options, 0.0, judged=True)
    print()
    run(options, HUMAN_PACE_S, judged=False)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
