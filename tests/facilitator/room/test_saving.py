"""A phone hears "sent ✓" only once its card is durable — while the workshop's
thread goes on with the other phones — and hears "send again" if the disk failed."""

from __future__ import annotations

import asyncio
import threading
import uuid
from typing import Any

import pytest

from facilitator.model import Problem
from facilitator.room import Inbox
from facilitator.workshop import open_workshop
from tests.disk import FullJournal, HeldSyncs
from tests.facilitator.room.conftest import Venue, run


def test_the_reply_waits_for_the_sync_and_the_owner_thread_does_not(
    venue: Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def test(v: Venue) -> None:
        first, second = await v.join(), await v.join()
        item = v.show("problem-first")
        disk = HeldSyncs(monkeypatch)
        sending = asyncio.create_task(first.card(item, "Quotes take a week"))
        assert await asyncio.to_thread(disk.entered.wait, 20)  # the writer thread is in the sync
        # The test's loop is also the workshop's thread: it is free, and a second
        # phone's card is taken into the workshop while the first one's sync lasts.
        other = asyncio.create_task(second.card(item, "Invoices are typed twice"))
        while len(v.workshop.typed(Problem)) < 2:
            await asyncio.sleep(0)
        assert not sending.done() and not other.done()  # not on disk: nobody hears
        disk.release()
        assert (await sending)[0] == 200 and (await other)[0] == 200

    run(venue, test)
    path = venue.workshop.path
    assert path is not None
    copy = open_workshop(path, read_only=True)  # what another process reads now
    assert {p.text for p in copy.typed(Problem)} == {
        "Quotes take a week",
        "Invoices are typed twice",
    }


def test_a_card_the_disk_refused_is_sent_again_and_saved_once(
    venue: Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    submission = str(uuid.uuid4())

    async def test(v: Venue) -> None:
        phone = await v.join()
        item = v.show("problem-first")
        disk = FullJournal(monkeypatch)
        status, body = await phone.card(item, "Quotes take a week", submission=submission)
        assert status == 503 and "sent again" in body["error"]
        disk.full = False
        status, body = await phone.card(item, "Quotes take a week", submission=submission)
        assert status == 200 and body["saved"]

    run(venue, test)
    path = venue.workshop.path
    assert path is not None
    copy = open_workshop(path, read_only=True)
    assert [p.text for p in copy.typed(Problem)] == ["Quotes take a week"]


def test_the_answers_of_a_slice_reach_the_server_loop_in_one_call() -> None:
    inbox = Inbox(lambda: None)
    calls: list[object] = []

    async def main() -> list[int]:
        loop = asyncio.get_running_loop()
        real = loop.call_soon_threadsafe

        def counted(callback: Any, *args: Any) -> Any:
            calls.append(callback)
            return real(callback, *args)

        loop.call_soon_threadsafe = counted  # type: ignore[method-assign]
        asked = [inbox.ask(lambda n=n: n) for n in range(50)]
        owner = threading.Thread(target=inbox.run)  # the workshop's thread
        owner.start()
        answers = await asyncio.gather(*asked)
        owner.join()
        return answers

    assert asyncio.run(main()) == list(range(50))
    assert len(calls) == 1  # fifty phones answered, one wake-up of the server thread
