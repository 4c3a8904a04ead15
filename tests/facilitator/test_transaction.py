"""One user action = one transaction: one change, one journal flush, one undo step.

Every test runs on a workshop in memory and on one in a file (see conftest).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from facilitator.errors import ReadOnlyError, SaveFailedError
from facilitator.model import Problem, ValidationError
from facilitator.store import Op
from facilitator.workshop import Change, Workshop, open_workshop
from tests.facilitator.conftest import reopen


def state(workshop: Workshop) -> dict[str, list[dict[str, object]]]:
    return {table: [r.to_json() for r in workshop.records(table)] for table in workshop.counts()}


class Flushes:
    """What reaches the store (each commit is one journal flush on disk), and what
    the listeners hear."""

    def __init__(self, workshop: Workshop, monkeypatch: pytest.MonkeyPatch) -> None:
        self.commits: list[list[Op]] = []
        self.heard: list[Change] = []
        workshop.changed.connect(self.heard.append)
        real = workshop.store.commit

        def counted(ops: Sequence[Op]) -> None:
            self.commits.append(list(ops))
            real(ops)

        monkeypatch.setattr(workshop.store, "commit", counted)


def test_many_commits_become_one_change_one_flush_one_event(
    workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushes = Flushes(workshop, monkeypatch)
    heard = flushes.heard
    with workshop.transaction("Capture the backlog") as transaction:
        first = workshop.add("problem", text="Permits wait 9 weeks")
        second = workshop.add("problem", text="Callers repeat themselves")
        workshop.update(first.id, impact=5)
        # What is committed inside is there for the operations that follow it.
        assert [p.id for p in workshop.typed(Problem)] == [first.id, second.id]
        assert heard == [] and flushes.commits == []
    assert len(flushes.commits) == 1
    assert sorted(op[1] for op in flushes.commits[0]) == sorted([first.id, second.id])
    assert heard == [transaction.change]
    change = transaction.change
    assert change is not None and change.label == "Capture the backlog"
    assert [rc.id for rc in change.records] == [first.id, second.id]
    assert change.records[0].before is None  # added, then edited: one record added
    assert change.records[0].after == workshop.get(first.id)
    assert state(reopen(workshop)) == state(workshop)


def test_the_whole_transaction_undoes_and_redoes_as_one_step(workshop: Workshop) -> None:
    kept = workshop.add("problem", text="Already there")
    before = state(workshop)
    with workshop.transaction() as transaction:
        workshop.add("problem", text="A")
        workshop.update(kept.id, impact=2)
        workshop.add("problem", text="B")
    after = state(workshop)
    assert transaction.change is not None
    assert transaction.change.label == "Add problem “A”"  # named after the first thing done
    workshop.undo(transaction.change)
    assert _without_times(state(workshop)) == _without_times(before)
    workshop.redo(transaction.change)
    assert _without_times(state(workshop)) == _without_times(after)
    assert state(reopen(workshop)) == state(workshop)


def test_nested_transactions_fold_into_the_outermost(
    workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushes = Flushes(workshop, monkeypatch)
    heard = flushes.heard
    with workshop.transaction("Outer") as outer:
        workshop.add("problem", text="A")
        with workshop.transaction("Inner") as inner:
            workshop.add("problem", text="B")
        assert inner.change is not None and len(inner.change.records) == 1
        assert heard == [] and flushes.commits == []
    assert len(heard) == 1 and len(flushes.commits) == 1
    assert outer.change is not None and outer.change.label == "Outer"
    assert len(outer.change.records) == 2


def test_an_exception_inside_leaves_workshop_and_store_as_before(
    workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = workshop.add("problem", text="Kept", impact=3)
    before = state(workshop)
    counts = workshop.counts()
    flushes = Flushes(workshop, monkeypatch)
    heard = flushes.heard
    with pytest.raises(ValidationError, match="which problem"), workshop.transaction():
        workshop.add("problem", text="Half-done")
        workshop.update(problem.id, impact=5)
        workshop.delete(problem.id)
        workshop.add("idea", text="Solves nothing")  # refused: the whole action is refused
    assert state(workshop) == before
    assert workshop.counts() == counts
    assert workshop.get(problem.id).impact == 3  # type: ignore[attr-defined]
    assert heard == [] and flushes.commits == []
    assert workshop.status.saved
    assert state(reopen(workshop)) == before
    workshop.add("problem", text="Life goes on")  # the workshop is still usable
    assert len(workshop.typed(Problem)) == 2


def test_a_refused_inner_part_caught_by_its_caller_is_rolled_back_alone(
    workshop: Workshop,
) -> None:
    with workshop.transaction() as outer:
        kept = workshop.add("problem", text="Kept")
        try:
            with workshop.transaction():
                workshop.add("problem", text="Dropped")
                raise ValidationError("not this one")
        except ValidationError:
            pass
    assert [p.text for p in workshop.typed(Problem)] == ["Kept"]
    assert outer.change is not None and [rc.id for rc in outer.change.records] == [kept.id]
    assert state(reopen(workshop)) == state(workshop)


def test_a_record_added_and_deleted_inside_changes_nothing(
    workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushes = Flushes(workshop, monkeypatch)
    heard = flushes.heard
    with workshop.transaction() as transaction:
        slip = workshop.add("problem", text="Typed by mistake")
        workshop.delete(slip.id)
    assert transaction.change is not None and transaction.change.records == ()
    assert heard == [] and flushes.commits == []
    assert workshop.find(slip.id) is None


def test_a_single_operation_is_still_its_own_transaction(
    workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushes = Flushes(workshop, monkeypatch)
    heard = flushes.heard
    problem = workshop.add("problem", text="A")
    change = workshop.delete(problem.id)
    assert heard == [heard[0], change] and len(flushes.commits) == 2


def test_a_store_that_cannot_write_keeps_the_whole_action_in_memory(
    workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_ops: Sequence[Op]) -> None:
        raise SaveFailedError("the disk is full")

    monkeypatch.setattr(workshop.store, "commit", full)
    with workshop.transaction():
        workshop.add("problem", text="A")
        workshop.add("problem", text="B")
    assert len(workshop.typed(Problem)) == 2  # nothing typed is lost


def test_a_store_that_breaks_takes_the_action_back_out_of_memory(
    workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = state(workshop)

    def broken(_ops: Sequence[Op]) -> None:
        raise RuntimeError("a bug in the store")

    monkeypatch.setattr(workshop.store, "commit", broken)
    with pytest.raises(RuntimeError), workshop.transaction():
        workshop.add("problem", text="A")
    assert state(workshop) == before


def test_a_read_only_workshop_refuses_inside_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "w.workshop.json"
    Workshop.create(path, title="W", backup_dir=tmp_path / "b").close()
    opened = open_workshop(path, read_only=True)
    with pytest.raises(ReadOnlyError), opened.transaction():
        opened.add("problem", text="x")
    assert opened.typed(Problem) == []


def _without_times(tables: dict[str, list[dict[str, object]]]) -> dict[str, object]:
    return {
        table: [{k: v for k, v in row.items() if k != "updated_at"} for row in rows]
        for table, rows in tables.items()
    }


def test_an_unnamed_transaction_is_named_for_its_first_named_part(workshop: Workshop) -> None:
    with workshop.transaction() as outer:
        workshop.add("participant", name="Helen")
        with workshop.transaction("Add Helen with their card"):
            workshop.add("problem", text="Quotes take a week")
    assert outer.change is not None and outer.change.label == "Add Helen with their card"
