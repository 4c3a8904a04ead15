"""``facilitator capture``: the capture line's rules, headless, through the same call."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.model import AgendaItem, Concern, Idea, Note, Participant, Problem
from facilitator.workshop import open_workshop
from tests.facilitator.test_cli import run


@pytest.fixture
def path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    target = tmp_path / "acme.workshop.json"
    status, _, err = run(
        capsys, "new", str(target), "--title", "AI day", "--recipe", "half-day-discovery"
    )
    assert status == 0, err
    return target


def agenda(path: Path) -> list[AgendaItem]:
    return open_workshop(path, read_only=True).typed(AgendaItem)


def number_of(path: Path, captures: str) -> str:
    """The number `list` gives the first exercise that captures *captures*."""
    return str(next(n for n, i in enumerate(agenda(path), 1) if i.template["captures"] == captures))


def test_capture_reads_the_marks_and_lands_in_the_first_exercise_that_captures(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problems = number_of(path, "problem")
    typed = "Permits wait 9 weeks #permits !5 @helen"
    status, out, err = run(capsys, "capture", str(path), typed, "--exercise", problems)
    assert status == 0, err
    joined, saved = out.splitlines()
    workshop = open_workshop(path, read_only=True)
    (helen,) = workshop.typed(Participant)
    (card,) = workshop.typed(Problem)
    assert joined == f"joined participant {helen.id} Helen"
    assert saved == f"saved problem {card.id}"
    assert (card.text, card.group, card.impact, card.participant_id) == (
        "Permits wait 9 weeks",
        "permits",
        5,
        helen.id,
    )
    # Without --exercise: the first planned exercise that captures (the mandate check).
    status, out, err = run(capsys, "capture", str(path), "The board told us to @helen")
    assert status == 0, err
    (note,) = open_workshop(path, read_only=True).typed(Note)
    assert out == f"saved note {note.id}\n"
    first = next(i for i in agenda(path) if i.template["captures"] != "none")
    assert note.exercise_id == first.id and note.participant_id == helen.id


def test_the_exercise_is_chosen_by_its_number_in_list_or_an_id_prefix(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, listed, _ = run(capsys, "list", str(path), "agenda_item")
    assert status == 0
    items = agenda(path)
    number = next(n for n, i in enumerate(items, 1) if i.template["captures"] == "concern")
    assert f"{number}. {items[number - 1].summary()}" in listed
    status, _, err = run(
        capsys,
        "capture",
        str(path),
        "We will lose our jobs #jobs @bruno",
        "--exercise",
        str(number),
    )
    assert status == 0, err
    (concern,) = open_workshop(path, read_only=True).typed(Concern)
    assert concern.exercise_id == items[number - 1].id and concern.category == "jobs"
    assert not concern.anonymous  # Bruno chose to be named
    status, _, err = run(
        capsys, "capture", str(path), "Nobody asked us", "--exercise", items[number - 1].id[:8]
    )
    assert status == 0, err
    second = open_workshop(path, read_only=True).typed(Concern)[1]
    assert second.anonymous and second.participant_id is None
    status, _, err = run(capsys, "capture", str(path), "x", "--exercise", "99")
    assert status == 1 and "the agenda has" in err


def test_the_running_exercise_is_the_default(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = agenda(path)
    ideas = next(i for i in items if i.template["captures"] == "idea")
    holder = open_workshop(path)
    holder.update(ideas.id, status="running")
    holder.close()
    status, out, err = run(capsys, "capture", str(path), "Read permits on arrival +new")
    assert status == 0, err
    assert out.startswith("parked note ")  # no problem captured yet: the parking lot
    (note,) = open_workshop(path, read_only=True).typed(Note)
    assert note.parked and note.exercise_id == ideas.id


def test_an_idea_needs_its_problem_or_is_parked_on_request(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = number_of(path, "idea")
    run(capsys, "capture", str(path), "Permits wait", "--exercise", number_of(path, "problem"))
    problem = open_workshop(path, read_only=True).typed(Problem)[0]
    status, out, err = run(capsys, "capture", str(path), "A chatbot", "--exercise", str(number))
    assert status == 1 and out == ""
    assert "which problem does this idea solve? name it with --problem ID" in err
    assert open_workshop(path, read_only=True).typed(Idea) == []
    status, out, err = run(
        capsys,
        "capture",
        str(path),
        "Pre-check permits +auto !4",
        "--exercise",
        str(number),
        "--problem",
        problem.id[:8],
    )
    assert status == 0, err
    (idea,) = open_workshop(path, read_only=True).typed(Idea)
    assert (idea.problem_ids, idea.value_type, idea.value) == ((problem.id,), "automation", 4)
    status, out, _ = run(
        capsys, "capture", str(path), "Drones", "--exercise", str(number), "--park"
    )
    assert status == 0 and out.startswith("parked note ")


def test_anonymous_stores_no_name(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    problems = number_of(path, "problem")
    status, _, err = run(
        capsys, "capture", str(path), "Slow quotes @maria", "--anonymous", "--exercise", problems
    )
    assert status == 0, err
    workshop = open_workshop(path, read_only=True)
    assert workshop.typed(Participant) == []
    assert workshop.typed(Problem)[0].participant_id is None
    assert "maria" not in path.read_text(encoding="utf-8").lower()


def test_a_refused_capture_says_why_and_saves_nothing(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = path.read_bytes()
    status, out, err = run(
        capsys, "capture", str(path), "Slow quotes !9", "--exercise", number_of(path, "problem")
    )
    assert status == 1 and out == ""
    assert err.strip() == "facilitator: !9: a score goes from 1 to 5"
    assert open_workshop(path, read_only=True).typed(Problem) == []
    assert path.read_bytes() == before


def test_an_id_prefix_made_of_digits_is_an_id_not_a_number(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = open_workshop(path)
    problems = next(i for i in holder.typed(AgendaItem) if i.template["captures"] == "problem")
    pi = "31415926-5358-4979-8323-846264338327"
    holder.add(AgendaItem, record_id=pi, template=problems.template, planned_minutes=5)
    holder.close()
    status, _, err = run(capsys, "capture", str(path), "Forms get lost", "--exercise", "31415926")
    assert status == 0, err
    (card,) = open_workshop(path, read_only=True).typed(Problem)
    assert card.exercise_id == pi
