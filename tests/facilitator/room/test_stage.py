"""The room reads the exercise on the wall through the core's Exercise, as every
screen does: the same step, view, privacy and vote, and the same bounds on a
snapshot crafted with a megabyte of text."""

from __future__ import annotations

from facilitator.agenda import add_exercise
from facilitator.model import AgendaItem
from facilitator.room import Focus, Room
from facilitator.room.room import stage_of
from facilitator.templates import PROMPT_LIMIT, load_library
from facilitator.workshop import Workshop


def test_the_phones_see_the_step_the_screens_see_bounded_as_they_are() -> None:
    workshop = Workshop.in_memory(title="Stage")
    library = load_library(include_user=False)
    vote = add_exercise(workshop, library.template("problem-vote"))
    writing = add_exercise(workshop, library.template("problem-first"))
    crafted = dict(writing.template)
    crafted["steps"] = [dict(s) for s in crafted["steps"]]
    crafted["steps"][0]["prompt"] = "Where does work get stuck? " * 40_000
    workshop.update(writing.id, template=crafted)
    room = Room(workshop)

    room.follow(Focus(writing.id, step=0))
    shown = room.snapshot()["exercise"]
    assert len(shown["prompt"]) == PROMPT_LIMIT and shown["prompt"].endswith("…")
    assert shown["private"] is True and shown["writes"] == "problem"  # silent writing
    assert shown["step"] == crafted["steps"][0]["title"]
    # A step past the last is the last; a step without a prompt shows the purpose.
    assert stage_of(workshop.get(writing.id), 99).index == len(crafted["steps"]) - 1  # type: ignore[arg-type]

    room.follow(Focus(vote.id, step=1))
    stage = room.stage()
    assert stage is not None and stage.view == "vote" and stage.voted_on == "problems"
    assert not stage.private  # a vote hides its dots until the result, not the cards
    assert room.snapshot()["exercise"]["vote"]["dots"] > 0
    item = workshop.get(vote.id)
    assert isinstance(item, AgendaItem)
    assert stage_of(item, 0).voted_on is None  # grouping first: no vote open yet
