"""Group commit: the store's writer thread makes changes durable off the owner thread.

While the room is open, an operation returns once its change is in memory and
the writer thread writes everything waiting with one write and one sync; who
asks (:meth:`Workshop.when_saved`) hears only once it is on disk, or why not.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from facilitator.model import Problem
from facilitator.workshop import Workshop, open_workshop
from tests.disk import FullJournal, HeldSyncs


def answers() -> tuple[list[str | None], threading.Event, Any]:
    heard: list[str | None] = []
    done = threading.Event()

    def told(error: str | None) -> None:
        heard.append(error)
        done.set()

    return heard, done, told


def test_a_burst_is_written_with_few_syncs_and_nobody_hears_before_the_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop = Workshop.create(
        tmp_path / "w.workshop.json", title="Acme", backup_dir=tmp_path / "b"
    )
    workshop.write_in_background()
    disk = HeldSyncs(monkeypatch)
    first = workshop.add(Problem, text="The first card starts a write")
    assert disk.entered.wait(20)  # the writer is in its sync, the owner is not
    heard, done, told = answers()
    workshop.when_saved(told)
    burst = [workshop.add(Problem, text=f"Card {n} while the disk works") for n in range(50)]
    later_heard, later_done, later_told = answers()
    workshop.when_saved(later_told)
    assert not done.is_set() and not later_done.is_set()  # nothing on disk is not "saved"
    assert workshop.status.saving and not workshop.status.saved
    disk.release()
    assert done.wait(20) and later_done.wait(20)
    assert heard == [None] and later_heard == [None]
    assert disk.syncs <= 2  # 51 changes: the one in flight, then the rest together
    workshop.store.abandon()  # type: ignore[attr-defined] - a crash: nothing folded in
    again = open_workshop(tmp_path / "w.workshop.json", backup_dir=tmp_path / "b")
    texts = {p.text for p in again.typed(Problem)}
    assert {first.text, *(p.text for p in burst)} <= texts  # type: ignore[attr-defined]
    again.close()


def test_a_write_that_fails_says_why_keeps_the_changes_and_the_next_write_saves_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop = Workshop.create(
        tmp_path / "w.workshop.json", title="Acme", backup_dir=tmp_path / "b"
    )
    workshop.write_in_background()
    posted: list[Any] = []
    workshop.call_on_owner_thread = posted.append
    disk = FullJournal(monkeypatch)
    workshop.add(Problem, text="Typed when the disk was full")
    heard, done, told = answers()
    workshop.when_saved(told)
    assert done.wait(20)
    assert heard[0] is not None and "No space left on device" in heard[0]
    while posted:  # the owner thread's turn: the status is settled there
        posted.pop(0)()
    assert workshop.status.failing and "No space left" in (workshop.status.error or "")
    assert [p.text for p in workshop.typed(Problem)] == ["Typed when the disk was full"]
    disk.full = False
    heard, done, told = answers()
    workshop.add(Problem, text="Typed once there was room again")
    workshop.when_saved(told)
    assert done.wait(20) and heard == [None]
    while posted:
        posted.pop(0)()
    assert workshop.status.saved and not workshop.status.saving
    workshop.store.abandon()  # type: ignore[attr-defined]
    texts = [p.text for p in open_workshop(tmp_path / "w.workshop.json").typed(Problem)]
    assert texts == ["Typed when the disk was full", "Typed once there was room again"]


def test_without_background_writes_an_operation_is_durable_when_it_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop = Workshop.create(
        tmp_path / "w.workshop.json", title="Acme", backup_dir=tmp_path / "b"
    )
    disk = HeldSyncs(monkeypatch, held=False)
    workshop.add(Problem, text="Typed on the command line")
    assert disk.syncs == 1 and workshop.status.saved
    heard, done, told = answers()
    workshop.when_saved(told)
    assert done.is_set() and heard == [None]  # nothing to wait for: answered at once
    workshop.close()
