"""Dot voting: budgets, caps, proxy dots, rounds kept apart, ties in the result."""

from __future__ import annotations

import pytest

from facilitator import voting
from facilitator.agenda import add_exercise
from facilitator.model import AgendaItem, ValidationError
from facilitator.templates import load_library
from facilitator.workshop import Workshop


@pytest.fixture
def room() -> tuple[Workshop, list[str], list[str]]:
    workshop = Workshop.in_memory(title="Vote")
    cards = [workshop.add("problem", text=t).id for t in ("Late", "Wrong", "Lost", "Slow")]
    people = [workshop.add("participant", name=n).id for n in ("Ana", "Bo")]
    return workshop, cards, people


RULES = voting.Rules(dots_per_person=3, max_per_card=2)


def test_the_rules_come_from_the_exercise() -> None:
    workshop = Workshop.in_memory(title="t")
    library = load_library(include_user=False)
    add_exercise(workshop, library.templates["problem-vote"])
    (item,) = workshop.typed(AgendaItem)
    assert voting.Rules.of(item) == voting.Rules(3, 2)
    assert voting.Rules.of(None) == voting.Rules()
    assert voting.Rules(3, 2).sentence() == "3 dots each, at most 2 on one card"


def test_a_person_has_a_budget_and_a_cap_per_card(
    room: tuple[Workshop, list[str], list[str]],
) -> None:
    workshop, (late, wrong, lost, _slow), (ana, _bo) = room
    voting.cast(workshop, RULES, late, ana)
    voting.cast(workshop, RULES, late, ana)
    with pytest.raises(ValidationError, match="Ana already has 2 dots on this card"):
        voting.cast(workshop, RULES, late, ana)
    voting.cast(workshop, RULES, wrong, ana)
    assert voting.dots_left(workshop, RULES, "problems", ana, 1) == 0
    with pytest.raises(ValidationError, match="Ana has used all 3 dots in round 1"):
        voting.cast(workshop, RULES, lost, ana)
    # Taking one back frees it to move.
    voting.take_back(workshop, late, ana)
    voting.cast(workshop, RULES, lost, ana)
    assert [voting.count(workshop, c, 1) for c in (late, wrong, lost)] == [1, 1, 1]


def test_proxy_dots_and_typed_counts_are_the_rooms(
    room: tuple[Workshop, list[str], list[str]],
) -> None:
    workshop, (late, wrong, _lost, _slow), (ana, _bo) = room
    for _ in range(5):  # the room's paper stickers, entered one by one
        voting.cast(workshop, RULES, late, None)
    voting.set_count(workshop, wrong, 7)  # or counted and typed in
    voting.cast(workshop, RULES, wrong, ana)
    assert voting.count(workshop, wrong, 1) == 8
    assert workshop.get(wrong).votes == 8  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="cast by named participants"):
        voting.set_count(workshop, wrong, 0)  # Ana's dot is hers to take back


def test_rounds_are_kept_apart(room: tuple[Workshop, list[str], list[str]]) -> None:
    workshop, (late, wrong, _lost, _slow), (ana, _bo) = room
    for _ in range(3):
        voting.cast(workshop, RULES, late if _ < 2 else wrong, ana, round=1)
    # A second round on the shortlist: a fresh budget, a separate result.
    voting.cast(workshop, RULES, wrong, ana, round=2)
    assert voting.rounds(workshop, "problems") == [1, 2]
    assert voting.dots_left(workshop, RULES, "problems", ana, 2) == 2
    first = voting.results(workshop, "problems", 1)
    second = voting.results(workshop, "problems", 2)
    assert (first[0].card.id, first[0].dots) == (late, 2)
    assert (second[0].card.id, second[0].dots) == (wrong, 1)


def test_results_show_ties_sharing_a_rank(room: tuple[Workshop, list[str], list[str]]) -> None:
    workshop, (late, wrong, lost, slow), _people = room
    voting.set_count(workshop, wrong, 4)
    voting.set_count(workshop, lost, 4)
    voting.set_count(workshop, late, 1)
    result = voting.results(workshop, "problems", 1)
    assert [(r.card.id, r.dots, r.rank, r.tied) for r in result] == [
        (wrong, 4, 1, True),  # captured before "Lost": first among equals
        (lost, 4, 1, True),
        (late, 1, 3, False),
        (slow, 0, 4, False),  # no dots is not a tie worth showing
    ]


def test_a_vote_goes_on_in_its_latest_round_unless_the_facilitator_chose_one(
    room: tuple[Workshop, list[str], list[str]],
) -> None:
    workshop, cards, people = room
    assert voting.voting_round(workshop, "problems") == 1  # before the first dot
    assert voting.new_round(workshop, "problems") == 2
    voting.cast(workshop, RULES, cards[0], people[0], round=3)
    assert voting.voting_round(workshop, "problems") == 3
    assert voting.voting_round(workshop, "problems", chosen=1) == 1  # looked at again
    assert voting.voting_round(workshop, "problems", chosen=0) == 3  # no such round
    assert voting.new_round(workshop, "problems") == 4
    assert voting.voting_round(workshop, "ideas") == 1  # rounds are counted per table
