"""The inbox between the server thread and the workshop's thread."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from facilitator.room import Inbox


def test_a_slice_that_ends_on_its_budget_still_wakes_the_owner_for_the_next_job() -> None:
    wakes: list[int] = []
    inbox = Inbox(lambda: wakes.append(1))
    first = inbox.put(lambda: time.sleep(0.002) or "slow")
    assert inbox.run(budget_s=0.001) is False  # the queue is empty, the budget spent
    assert first.result() == "slow"
    second = inbox.put(lambda: "next")
    assert len(wakes) == 2  # without a second wake the owner would never run it
    inbox.run()
    assert second.result() == "next"


def test_a_slice_is_answered_only_after_it_ended_and_not_at_all_if_it_failed() -> None:
    inbox = Inbox(lambda: None)
    ended: list[str] = []
    done = inbox.put(lambda: "card saved")

    @contextmanager
    def flush_fails() -> Iterator[None]:
        yield
        assert not done.done()  # nobody hears of it before the flush
        ended.append("flushed")
        raise OSError("disk full")

    inbox.run(together=flush_fails)
    assert ended == ["flushed"]
    with pytest.raises(OSError, match="disk full"):
        done.result()


def test_a_closed_inbox_refuses_new_jobs_and_fails_the_queued_ones() -> None:
    inbox = Inbox(lambda: None)
    queued = inbox.put(lambda: "never")
    inbox.close()
    with pytest.raises(RuntimeError, match="closed"):
        queued.result()
    with pytest.raises(RuntimeError, match="closed"):
        inbox.put(lambda: "late").result()
