"""What a person does, one call each: capture, group, delete, start the clock …

The keyboard, the command line and the phones all go through these, so the rules
are tested here, without Qt. Every action that touches several records is one
undo step: each such action is undone and redone here.
"""

from __future__ import annotations

import pytest

from facilitator.agenda import add_exercise, apply_recipe, notes_into_objective, update_run
from facilitator.exercise import Exercise
from facilitator.model import (
    Action,
    AgendaItem,
    Concern,
    Idea,
    Licence,
    Note,
    Participant,
    Problem,
    ValidationError,
)
from facilitator.operations import (
    capture,
    delete_cards,
    drop_into_group,
    group_cards,
    people_named,
    set_author,
    start_exercise,
    toggle_shortlist,
)
from facilitator.scoring import SHORTLIST_SIZE
from facilitator.templates import Library, load_library
from facilitator.workshop import Change, Workshop
from tests.facilitator.conftest import reopen

PHONE_CARD = "0b7e3c9a-5d1f-4c2e-9a8b-1c2d3e4f5a6b"


def state(workshop: Workshop) -> dict[str, list[dict[str, object]]]:
    """The workshop's records, without the times an undo or redo stamps."""
    return {
        table: [
            {k: v for k, v in r.to_json().items() if k != "updated_at"}
            for r in workshop.records(table)
        ]
        for table in workshop.counts()
    }


def undo_redo(workshop: Workshop, change: Change | None, before: dict[str, object]) -> None:
    """*change* is one step: undone, everything is as before; redone, as after."""
    assert change is not None
    after = state(workshop)
    workshop.undo(change)
    assert state(workshop) == before
    workshop.redo(change)
    assert state(workshop) == after
    assert state(reopen(workshop)) == state(workshop)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False)


def exercise(workshop: Workshop, library: Library, template_id: str) -> AgendaItem:
    return add_exercise(workshop, library.template(template_id))


# -- capture: the marks and who said it -------------------------------------------------


def test_a_typed_line_becomes_a_card_of_the_exercise_s_kind(
    workshop: Workshop, library: Library
) -> None:
    problems = exercise(workshop, library, "problem-first")
    maria = workshop.add("participant", name="Maria Lopez")
    done = capture(workshop, problems.id, "Permits wait 9 weeks #permits !5 @maria")
    card = done.card
    assert isinstance(card, Problem)
    assert (card.text, card.group, card.impact) == ("Permits wait 9 weeks", "permits", 5)
    assert card.participant_id == maria.id and card.exercise_id == problems.id
    assert done.person is None and not done.parked and not done.existed
    assert done.change is not None and done.change.label == "Add problem “Permits wait 9 weeks”"
    assert state(reopen(workshop)) == state(workshop)


def test_someone_new_joins_the_room_with_their_card_in_one_undo_step(
    workshop: Workshop, library: Library
) -> None:
    problems = exercise(workshop, library, "problem-first")
    before = state(workshop)
    done = capture(workshop, problems.id, "Quotes take a week @helen_park")
    assert done.person is not None and done.person.name == "Helen Park"
    assert isinstance(done.card, Problem) and done.card.participant_id == done.person.id
    assert done.change is not None and done.change.label == "Add Helen Park with their card"
    assert {rc.table for rc in done.change.records} == {"participants", "problems"}
    undo_redo(workshop, done.change, before)


def test_someone_new_named_with_a_surname_joins_without_it_in_the_text(
    workshop: Workshop,
) -> None:
    workshop.add("participant", name="Tom")
    done = capture(workshop, None, "Half the licences are idle @Tom Reyes", kind="problem")
    assert done.person is not None and done.person.name == "Tom Reyes"
    assert done.card is not None and done.card.text == "Half the licences are idle"  # type: ignore[attr-defined]
    action = capture(workshop, None, "Fix the PDF reader @Sara Lind", kind="action")
    assert action.card is not None
    assert (action.card.text, action.card.owner) == ("Fix the PDF reader", "Sara Lind")  # type: ignore[attr-defined]


def test_at_name_finds_the_person_by_full_name_first_name_or_a_start(
    workshop: Workshop,
) -> None:
    maria = workshop.add("participant", name="Maria Lopez")
    workshop.add("participant", name="Mario Rossi")
    assert people_named(workshop, "maria_lopez") == [maria]
    assert people_named(workshop, "lopez") == [maria]
    assert len(people_named(workshop, "mari")) == 2
    done = capture(workshop, None, "Invoices keyed twice @Maria Lopez", kind="problem")
    assert done.card is not None and done.card.participant_id == maria.id  # type: ignore[attr-defined]
    assert done.card.text == "Invoices keyed twice"  # type: ignore[attr-defined]


def test_a_name_that_could_be_two_people_is_refused_and_nothing_is_stored(
    workshop: Workshop,
) -> None:
    workshop.add("participant", name="Maria Lopez")
    workshop.add("participant", name="Mario Rossi")
    before = state(workshop)
    with pytest.raises(ValidationError, match="“@mari” could be Maria Lopez, Mario Rossi"):
        capture(workshop, None, "Slow quotes @mari", kind="problem")
    assert state(workshop) == before


def test_an_author_chosen_on_a_phone_is_an_id(workshop: Workshop) -> None:
    ana = workshop.add("participant", name="Ana")
    done = capture(workshop, None, "Paper forms", kind="problem", author_id=ana.id, marks=False)
    assert done.card is not None and done.card.participant_id == ana.id  # type: ignore[attr-defined]


def test_without_marks_the_text_is_taken_as_it_stands(workshop: Workshop) -> None:
    done = capture(
        workshop,
        None,
        "Will #AI take my job? !5 @boss",
        kind="concern",
        marks=False,
        fields={"category": "jobs", "severity": 4},
    )
    card = done.card
    assert isinstance(card, Concern)
    assert card.text == "Will #AI take my job? !5 @boss"
    assert (card.category, card.severity, card.anonymous) == ("jobs", 4, True)
    assert workshop.typed(Participant) == []


def test_fields_that_the_capture_sets_itself_are_refused(workshop: Workshop) -> None:
    with pytest.raises(ValidationError, match="participant_id: is set by the capture"):
        capture(workshop, None, "x", kind="problem", fields={"participant_id": "p"})
    with pytest.raises(ValidationError, match="colour: a problem has no such field"):
        capture(workshop, None, "x", kind="problem", fields={"colour": "red"})


def test_a_next_step_s_at_name_is_its_owner_in_the_room_or_not(workshop: Workshop) -> None:
    workshop.add("participant", name="Maria Lopez")
    inside = capture(workshop, None, "Brief the board @maria", kind="action").card
    outside = capture(workshop, None, "Call the vendor @jo_smith", kind="action").card
    assert isinstance(inside, Action) and inside.owner == "Maria Lopez"
    assert isinstance(outside, Action) and outside.owner == "Jo Smith"
    assert len(workshop.typed(Participant)) == 1  # an owner is not added to the room


def test_a_licence_line_has_no_author(workshop: Workshop) -> None:
    done = capture(workshop, None, "Copilot for @support", kind="licence")
    assert isinstance(done.card, Licence) and done.card.tool == "Copilot for @support"


def test_an_exercise_that_captures_nothing_says_so(workshop: Workshop, library: Library) -> None:
    pause = exercise(workshop, library, "break")
    with pytest.raises(ValidationError, match="captures no cards"):
        capture(workshop, pause.id, "Coffee")


# -- capture: anonymity ------------------------------------------------------------------


def test_a_concern_is_anonymous_unless_someone_is_named(
    workshop: Workshop, library: Library
) -> None:
    people = exercise(workshop, library, "people-and-change")
    bruno = workshop.add("participant", name="Bruno")
    quiet = capture(workshop, people.id, "We will lose our jobs #jobs").card
    named = capture(workshop, people.id, "Who checks the answers? @bruno").card
    assert isinstance(quiet, Concern) and quiet.anonymous and quiet.participant_id is None
    assert quiet.category == "jobs"
    assert isinstance(named, Concern) and not named.anonymous and named.participant_id == bruno.id


def test_anonymous_always_wins_and_names_nobody(workshop: Workshop, library: Library) -> None:
    people = exercise(workshop, library, "people-and-change")
    bruno = workshop.add("participant", name="Bruno")
    before_people = workshop.typed(Participant)
    for typed, author in (("Fear @bruno", None), ("Fear @newcomer_x", None), ("Fear", bruno.id)):
        done = capture(workshop, people.id, typed, anonymous=True, author_id=author)
        card = done.card
        assert isinstance(card, Concern)
        assert card.anonymous and card.participant_id is None and done.person is None
        assert "bruno" not in card.text.lower() and "newcomer" not in card.text.lower()
    assert workshop.typed(Participant) == before_people
    problem = capture(workshop, None, "Slow @bruno", kind="problem", anonymous=True).card
    assert isinstance(problem, Problem) and problem.participant_id is None
    step = capture(workshop, None, "Decide @bruno", kind="action", anonymous=True).card
    assert isinstance(step, Action) and step.owner == ""
    saved = reopen(workshop).typed(Concern)
    assert all(c.anonymous and c.participant_id is None for c in saved)


def test_a_template_can_make_any_kind_anonymous_by_default(
    workshop: Workshop, library: Library
) -> None:
    problems = exercise(workshop, library, "problem-first")
    quiet = {**problems.template, "anonymous": True, "captures": "concern"}
    item = workshop.update(problems.id, template=quiet)
    assert Exercise(item).anonymous  # type: ignore[arg-type]
    open_concerns = {**problems.template, "anonymous": False, "captures": "concern"}
    workshop.update(problems.id, template=open_concerns)
    card = capture(workshop, problems.id, "Nobody asked us").card
    assert isinstance(card, Concern) and card.anonymous is False


# -- capture: ideas need a problem -------------------------------------------------------


def test_an_idea_with_its_problem_is_linked(workshop: Workshop, library: Library) -> None:
    ideas = exercise(workshop, library, "new-value-ideas")
    problem = workshop.add("problem", text="Permits wait")
    done = capture(workshop, ideas.id, "Pre-check permits +new !4", problem_ids=[problem.id])
    card = done.card
    assert isinstance(card, Idea)
    assert card.problem_ids == (problem.id,) and card.value_type == "new_value" and card.value == 4


def test_an_idea_typed_when_there_are_problems_asks_which_and_stores_nothing(
    workshop: Workshop, library: Library
) -> None:
    ideas = exercise(workshop, library, "new-value-ideas")
    workshop.add("problem", text="Permits wait")
    before = state(workshop)
    done = capture(workshop, ideas.id, "A chatbot @newcomer")
    assert done.needs_problem and done.card is None and done.change is None
    assert done.text == "A chatbot"
    assert state(workshop) == before  # not even the newcomer


def test_an_idea_nobody_can_link_waits_in_the_parking_lot(
    workshop: Workshop, library: Library
) -> None:
    ideas = exercise(workshop, library, "new-value-ideas")
    before = state(workshop)
    done = capture(workshop, ideas.id, "Translate forms @zoe")  # no problem yet: parked
    assert done.parked and isinstance(done.card, Note) and done.card.parked
    assert done.person is not None and done.card.participant_id == done.person.id
    assert done.card.exercise_id == ideas.id
    undo_redo(workshop, done.change, before)
    workshop.add("problem", text="Forms")
    asked = capture(workshop, ideas.id, "Another one", park=True)  # the facilitator chose
    assert asked.parked and isinstance(asked.card, Note)


def test_the_value_marks_set_the_kind_of_value(workshop: Workshop) -> None:
    problem = workshop.add("problem", text="P")
    for typed, value_type in (
        ("a +new", "new_value"),
        ("b +auto", "automation"),
        ("c +automation", "automation"),
        ("d +1", None),
    ):
        card = capture(workshop, None, typed, kind="idea", problem_ids=[problem.id]).card
        assert isinstance(card, Idea) and card.value_type == value_type
    assert workshop.typed(Idea)[-1].text == "d +1"


# -- capture: a phone sending again ------------------------------------------------------


def test_the_same_card_sent_twice_is_stored_once(workshop: Workshop, library: Library) -> None:
    problems = exercise(workshop, library, "problem-first")
    first = capture(workshop, problems.id, "Paper forms", card_id=PHONE_CARD, marks=False)
    assert first.card is not None and first.card.id == PHONE_CARD
    before = state(workshop)
    again = capture(workshop, problems.id, "Paper forms", card_id=PHONE_CARD, marks=False)
    assert again.existed and again.card == first.card and again.change is None
    assert state(workshop) == before
    assert len(workshop.typed(Problem)) == 1


def test_a_phone_s_anonymous_card_is_stamped_with_the_minute_and_can_wait_for_review(
    workshop: Workshop, library: Library
) -> None:
    people = exercise(workshop, library, "people-and-change")
    minute = "2026-12-03T09:31:00.000Z"
    done = capture(
        workshop,
        people.id,
        "They will replace us",
        marks=False,
        anonymous=True,
        at=minute,
        fields={"category": "jobs", "from_phone": True, "held": True},
    )
    card = done.card
    assert isinstance(card, Concern) and card.held and card.from_phone
    assert card.created_at == card.updated_at == minute
    assert workshop.typed(Concern) == []  # held for review: not on the board yet


# -- several records, one step -----------------------------------------------------------


def test_adding_an_exercise_in_the_middle_is_one_undo_step(
    workshop: Workshop, library: Library
) -> None:
    for template in ("mandate-check", "problem-first", "commitments"):
        exercise(workshop, library, template)
    before = state(workshop)
    heard: list[Change] = []
    workshop.changed.connect(heard.append)
    added = add_exercise(workshop, library.template("new-value-ideas"), position=2)
    assert [i.summary() for i in workshop.typed(AgendaItem)][2] == added.summary()
    assert len(heard) == 1 and heard[0].label.startswith("Add exercise")
    undo_redo(workshop, heard[0], before)
    assert [i.position for i in workshop.typed(AgendaItem)] == [0, 1, 2, 3]


def test_a_recipe_is_planned_in_one_step(workshop: Workshop, library: Library) -> None:
    heard: list[Change] = []
    workshop.changed.connect(heard.append)
    recipe = next(iter(library.recipes.values()))
    items = apply_recipe(workshop, recipe, library)
    assert len(items) == len(recipe.items) and len(heard) == 1
    undo_redo(
        workshop, heard[0], {t: [] if t == "agenda" else v for t, v in state(workshop).items()}
    )


def test_deleting_several_cards_is_one_step_and_all_or_nothing(workshop: Workshop) -> None:
    a = workshop.add("problem", text="A")
    b = workshop.add("problem", text="B")
    workshop.vote(b.id)
    before = state(workshop)
    change = delete_cards(workshop, [a.id, b.id])
    assert change.label == "Delete 2 cards" and workshop.typed(Problem) == []
    undo_redo(workshop, change, before)
    needed = workshop.add("problem", text="Needed")
    workshop.add("idea", text="Uses it", problem_ids=[needed.id])
    with pytest.raises(ValidationError, match="solves no other problem"):
        delete_cards(workshop, [needed.id])
    assert workshop.find(needed.id) is not None


def test_grouping_several_cards_is_one_step(workshop: Workshop) -> None:
    a = workshop.add("problem", text="A")
    b = workshop.add("problem", text="B")
    c = workshop.add("problem", text="C")
    concern = workshop.add("concern", text="Not groupable")
    before = state(workshop)
    change = group_cards(workshop, [a.id, b.id, concern.id], "Permits")
    assert change.label == "Group 2 cards as Permits"
    assert [p.group for p in workshop.typed(Problem)] == ["Permits", "Permits", ""]
    undo_redo(workshop, change, before)
    before = state(workshop)
    dropped = drop_into_group(workshop, c.id, [a.id])  # a leaves Permits for a new group
    assert workshop.get(c.id).group == workshop.get(a.id).group == "Group 1"  # type: ignore[attr-defined]
    undo_redo(workshop, dropped, before)
    assert group_cards(workshop, [a.id], "").label == "Ungroup 1 card"


def test_starting_the_clock_closes_the_exercise_left_running(
    workshop: Workshop, library: Library
) -> None:
    first = exercise(workshop, library, "mandate-check")
    second = exercise(workshop, library, "problem-first")
    heard: list[Change] = []
    workshop.changed.connect(heard.append)
    start_exercise(workshop, first.id)
    start_exercise(workshop, second.id)
    statuses = [i.status for i in workshop.typed(AgendaItem)]
    assert statuses == ["done", "running"]
    assert len(heard) == 2 and {rc.id for rc in heard[1].records} == {first.id, second.id}


def test_the_shortlist_star_from_the_ranking_is_one_step(workshop: Workshop) -> None:
    problem = workshop.add("problem", text="P")
    ideas = [
        workshop.add(
            "idea", text=f"I{n}", problem_ids=[problem.id], value=min(n, 5), feasibility=n % 2 + 4
        )
        for n in range(1, SHORTLIST_SIZE + 2)
    ]
    before = state(workshop)
    change = toggle_shortlist(workshop, ideas[0].id)  # the lowest joins the top of the ranking
    starred = [i.text for i in workshop.typed(Idea) if i.shortlisted]
    assert starred == [i.text for i in ideas]  # the top of the ranking, starred, and I1
    assert len(change.records) == len(ideas)
    undo_redo(workshop, change, before)


def test_a_parked_idea_finds_its_problem_in_one_step(workshop: Workshop) -> None:
    note = workshop.park("Translate forms")
    problem = workshop.add("problem", text="Forms")
    before = state(workshop)
    heard: list[Change] = []
    workshop.changed.connect(heard.append)
    workshop.unpark(note.id, [problem.id])
    assert len(heard) == 1
    undo_redo(workshop, heard[0], before)


def test_notes_become_the_objective_and_a_run_takes_a_new_template_in_one_step(
    workshop: Workshop, library: Library
) -> None:
    mandate = exercise(workshop, library, "mandate-check")
    capture(workshop, mandate.id, "The board told us to use AI")
    heard: list[Change] = []
    workshop.changed.connect(heard.append)
    before = state(workshop)
    notes_into_objective(workshop, mandate)
    undo_redo(workshop, heard[-1], before)
    before = state(workshop)
    newer = library.template("problem-first")
    update_run(workshop, mandate, newer)
    undo_redo(workshop, heard[-1], before)


def test_naming_a_concern_s_author_makes_it_not_anonymous_and_back(workshop: Workshop) -> None:
    bruno = workshop.add("participant", name="Bruno")
    concern = workshop.add("concern", text="Fear")
    named = set_author(workshop, concern.id, bruno.id)
    assert isinstance(named, Concern) and not named.anonymous and named.participant_id == bruno.id
    hidden = set_author(workshop, concern.id, None)
    assert isinstance(hidden, Concern) and hidden.anonymous
