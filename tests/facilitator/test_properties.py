"""Property: any sequence of operations, reloaded from disk, equals what was in memory.

Hypothesis drives random captures, edits, links, votes and deletions (including
ones the rules refuse) against a workshop file, then compares three views: the
open workshop, a read-only reader replaying the journal, and the file after a
clean close.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.errors import WorkshopError
from facilitator.model import ValidationError
from facilitator.workshop import Workshop, open_workshop

OPERATIONS = (
    "add_problem",
    "add_idea",
    "add_concern",
    "add_participant",
    "update",
    "delete",
    "vote",
    "unvote",
    "link",
    "unlink",
    "set_votes",
    "undo_last",
)

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30
).filter(str.strip)
steps = st.lists(
    st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 10_000), texts, st.integers(1, 5)),
    max_size=40,
)


def snapshot(workshop: Workshop) -> dict[str, list[dict[str, Any]]]:
    return {t: [r.to_json() for r in workshop.records(t)] for t in workshop.counts()}


def pick(workshop: Workshop, table: str, n: int) -> str | None:
    rows = workshop.records(table)
    return rows[n % len(rows)].id if rows else None


def perform(workshop: Workshop, step: tuple[str, int, str, int], history: list[Any]) -> None:
    op, n, text, score = step
    problem = pick(workshop, "problems", n)
    idea = pick(workshop, "ideas", n)
    person = pick(workshop, "participants", n)
    if op == "add_problem":
        workshop.add("problem", text=text, impact=score, participant_id=person)
    elif op == "add_idea" and problem:
        workshop.add(
            "idea",
            text=text,
            problem_ids=[problem],
            value=score,
            value_type="new_value" if n % 2 else "automation",
        )
    elif op == "add_concern":
        workshop.add("concern", text=text, severity=score, idea_ids=[idea] if idea else [])
    elif op == "add_participant":
        workshop.add("participant", name=text)
    elif op == "update" and problem:
        workshop.update(problem, text=text, impact=score)
    elif op == "delete":
        table = ("problems", "ideas", "concerns", "participants", "votes")[n % 5]
        target = pick(workshop, table, n // 5)
        if target:
            history.append(workshop.delete(target))
    elif op == "vote" and (idea or problem):
        workshop.vote(idea or problem or "", person if n % 3 else None, round=1 + n % 2)
    elif op == "unvote" and (idea or problem):
        workshop.unvote(idea or problem or "", person if n % 3 else None, round=1 + n % 2)
    elif op == "link" and idea and problem:
        workshop.link(idea, problem)
    elif op == "unlink" and idea and problem:
        workshop.unlink(idea, problem)
    elif op == "set_votes" and problem:
        workshop.set_votes(problem, score % 4)
    elif op == "undo_last" and history:
        workshop.undo(history.pop())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_reloaded_workshop_equals_the_one_in_memory(sequence: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.workshop.json"
        workshop = Workshop.create(
            path, title="Property", backup_dir=Path(folder) / "b", compact_after=7
        )
        history: list[Any] = []
        for step in sequence:
            # A refused operation must leave no trace; the comparison below checks it.
            with contextlib.suppress(ValidationError, WorkshopError):
                perform(workshop, step, history)
        in_memory = snapshot(workshop)
        assert snapshot(open_workshop(path, read_only=True)) == in_memory
        workshop.close()
        assert snapshot(open_workshop(path, read_only=True)) == in_memory
