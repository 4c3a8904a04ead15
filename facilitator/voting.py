"""Dot voting: each person's dots, the cap per card, rounds, and the result with ties.

A vote exercise's template sets the rules (``[voting] dots_per_person`` and
``max_per_card``). Dots cast for a named participant obey both; proxy dots —
the facilitator typing in the count of paper stickers, or voting for someone on
the phone without naming them — are the room's and are not limited. Rounds are
kept apart: each has its own budget and its own result, so a second round on a
shortlist does not mix with the first.

Everything here is Qt-free; the vote view and the command line use it alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.model import AgendaItem, Participant, Record, ValidationError, Vote
from facilitator.workshop import Workshop


@dataclass(frozen=True)
class Rules:
    """How many dots each person has, and how many of them may go on one card."""

    dots_per_person: int = 3
    max_per_card: int = 2

    @classmethod
    def of(cls, item: AgendaItem | None) -> Rules:
        """The rules a vote exercise's template sets (the defaults otherwise)."""
        voting = item.template.get("voting") if item is not None else None
        if not isinstance(voting, dict):
            return cls()
        dots = voting.get("dots_per_person")
        cap = voting.get("max_per_card")
        return cls(
            dots if isinstance(dots, int) and dots > 0 else cls.dots_per_person,
            cap if isinstance(cap, int) and cap > 0 else cls.max_per_card,
        )

    def sentence(self) -> str:
        dots = "1 dot" if self.dots_per_person == 1 else f"{self.dots_per_person} dots"
        return f"{dots} each, at most {self.max_per_card} on one card"


@dataclass(frozen=True)
class Result:
    """One card's place in a round: ``rank`` is shared by ties (1, 2, 2, 4)."""

    card: Record
    dots: int
    rank: int
    tied: bool


def votes_in(workshop: Workshop, table: str, round: int) -> list[Vote]:
    """The dots of *round* on cards of *table* (problems or ideas)."""
    cards = {record.id for record in workshop.records(table)}
    return [v for v in workshop.typed(Vote) if v.round == round and v.item_id in cards]


def rounds(workshop: Workshop, table: str) -> list[int]:
    """The rounds that have dots on *table*, in order (at least round 1)."""
    cards = {record.id for record in workshop.records(table)}
    found = {v.round for v in workshop.typed(Vote) if v.item_id in cards}
    return sorted(found | {1})


def voting_round(workshop: Workshop, table: str, chosen: int | None = None) -> int:
    """The round dots on *table* go into — from the keyboard and from the phones
    alike: the round the facilitator chose (a new round, or an earlier one looked
    at again), else the latest round that has dots (round 1 before the first dot)."""
    if chosen is not None and chosen >= 1:
        return chosen
    return rounds(workshop, table)[-1]


def new_round(workshop: Workshop, table: str) -> int:
    """The round a new round of the vote on *table* is: one after the latest with dots."""
    return rounds(workshop, table)[-1] + 1


def dots_used(workshop: Workshop, table: str, participant_id: str, round: int) -> int:
    return sum(1 for v in votes_in(workshop, table, round) if v.participant_id == participant_id)


def dots_left(workshop: Workshop, rules: Rules, table: str, participant_id: str, round: int) -> int:
    return max(rules.dots_per_person - dots_used(workshop, table, participant_id, round), 0)


def cast(
    workshop: Workshop,
    rules: Rules,
    card_id: str,
    participant_id: str | None,
    *,
    round: int = 1,
    exercise_id: str | None = None,
) -> Vote:
    """Put one dot on a card for a participant (None: a proxy dot for the room),
    refusing, with the reason, a dot the rules do not allow."""
    card = workshop.get(card_id)
    if participant_id is not None:
        person = workshop.get(participant_id)
        name = person.name if isinstance(person, Participant) else "This person"
        used = votes_in(workshop, card.table, round)
        mine = [v.item_id for v in used if v.participant_id == participant_id]
        check(rules, mine, card_id, name=name, round=round)
    return workshop.vote(card_id, participant_id, round, exercise_id)


def check(
    rules: Rules, mine: Sequence[str], card_id: str, *, name: str = "You", round: int = 1
) -> None:
    """Refuse, with the reason, one more dot on *card_id* by a voter whose dots in
    this round are on the cards *mine* (one id per dot). A person at the keyboard
    and a phone in the room obey the same budget and cap through this."""
    has = "have" if name == "You" else "has"
    if len(mine) >= rules.dots_per_person:
        raise ValidationError(
            f"{name} {has} used all {rules.dots_per_person} dots in round {round}; "
            "take one back to move it"
        )
    on_card = sum(1 for item_id in mine if item_id == card_id)
    if on_card >= rules.max_per_card:
        raise ValidationError(
            f"{name} already {has} {on_card} dots on this card; "
            f"at most {rules.max_per_card} on one card"
        )


def take_back(workshop: Workshop, card_id: str, participant_id: str | None, round: int = 1) -> None:
    """Take back the latest dot this participant (or the room) put on the card."""
    workshop.unvote(card_id, participant_id, round)


def count(workshop: Workshop, card_id: str, round: int) -> int:
    return sum(1 for v in workshop.votes_for(card_id, round))


def set_count(
    workshop: Workshop, card_id: str, dots: int, *, round: int = 1, exercise_id: str | None = None
) -> None:
    """Make a card show *dots* in *round*: paper stickers counted and typed in."""
    workshop.set_votes(card_id, dots, round, exercise_id)


def results(workshop: Workshop, table: str, round: int) -> list[Result]:
    """Every card of *table*, most dots first; ties share a rank and keep the order
    the cards were captured in."""
    tally = Counter(v.item_id for v in votes_in(workshop, table, round))
    cards = workshop.records(table)
    ordered = sorted(enumerate(cards), key=lambda pair: (-tally[pair[1].id], pair[0]))
    frequency = Counter(tally[card.id] for card in cards)
    out: list[Result] = []
    rank = 0
    previous: int | None = None
    for position, (_index, card) in enumerate(ordered, start=1):
        dots = tally[card.id]
        if dots != previous:
            rank, previous = position, dots
        out.append(Result(card, dots, rank, frequency[dots] > 1 and dots > 0))
    return out
