"""What a person does to a workshop, one call per action.

The live window's keyboard, the command line and the room server (phones) all
call these, so a card typed on the laptop and a card sent from a phone pass the
same rules. Each call runs in one :meth:`Workshop.transaction
<facilitator.workshop.Workshop.transaction>`: however many records it touches, it
is saved in one journal flush, announced once and undone as one step — or, if a
rule refuses it, nothing changes at all.

    >>> from facilitator.workshop import Workshop
    >>> workshop = Workshop.in_memory(title="Demo")
    >>> done = capture(workshop, None, "Permits wait 9 weeks #permits !5 @helen", kind="problem")
    >>> done.card.text, done.card.group, done.card.impact, done.person.name
    ('Permits wait 9 weeks', 'permits', 5, 'Helen')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from facilitator import scoring
from facilitator.capture import MAIN_FIELD, NAMED, parse_quick, person_name
from facilitator.exercise import Exercise
from facilitator.model import (
    AgendaItem,
    Concern,
    Idea,
    Note,
    Participant,
    Problem,
    Record,
    ValidationError,
    record_type,
)
from facilitator.workshop import Change, Workshop

CAPTURED_KINDS = ("problem", "idea", "concern", "action", "licence", "participant", "note")
"""What a capture can make: the cards of the exercises, and a person joining the room."""

_SET_BY_CAPTURE = frozenset(
    {"id", "created_at", "updated_at", "exercise_id", "participant_id", "anonymous"}
    | {"problem_ids", "votes", "parked"}
)
"""Fields a capture sets from its own arguments, never from *fields*."""


# -- capturing a card --------------------------------------------------------------------


@dataclass(frozen=True)
class Captured:
    """What :func:`capture` did.

    Exactly one of these holds: a card was stored (:attr:`card`, perhaps with
    :attr:`person` who joined the room and perhaps :attr:`parked`); the card
    already existed (:attr:`existed`, nothing changed); or an idea
    :attr:`needs_problem` and nothing was stored.
    """

    kind: str
    text: str
    """The card's text as stored (the marks taken out)."""
    card: Record | None = None
    """The card stored — a parked idea's :class:`Note` — or the one that existed."""
    person: Participant | None = None
    """Someone named for the first time, who joined the room with this card."""
    parked: bool = False
    """An idea nobody could link to a problem waits in the parking lot."""
    needs_problem: bool = False
    """An idea without a problem while the room has problems: ask which it solves."""
    existed: bool = False
    """The card's id was already stored (a phone sending again): nothing changed."""
    change: Change | None = None
    """The one change the capture made (its undo step), or None."""


def capture(
    workshop: Workshop,
    exercise_id: str | None,
    typed: str,
    *,
    kind: str | None = None,
    author_id: str | None = None,
    anonymous: bool | None = None,
    problem_ids: Sequence[str] | None = None,
    park: bool = False,
    card_id: str | None = None,
    marks: bool = True,
    fields: Mapping[str, Any] | None = None,
    at: str | None = None,
) -> Captured:
    """Capture one card in the exercise *exercise_id* (an agenda item's id).

    *kind* defaults to what the exercise captures. With *marks*, ``#group``,
    ``!4``, ``@name`` and ``+new``/``+auto`` in *typed* set fields (see
    :mod:`facilitator.capture`); without, *typed* is the text as it stands and
    *fields* carries what was chosen otherwise (a concern's category picked on a
    phone). Marks win over *fields*.

    Who said it: *author_id* (a participant's id) or an ``@name``, which finds
    the person (``@maria``, ``@Maria Lopez``) or adds someone new
    (``@first_last``, or ``@Anna Berg`` ending the line); on a next step
    ``@name`` is its owner. A concern, or any card of an exercise whose template
    says so, is anonymous unless someone is named. ``anonymous=True`` always
    wins: no author, no person added, no owner — nothing that names anyone is
    stored, whatever the text says.

    An idea solves *problem_ids*. Without them it is parked when the room has no
    problem yet (or when *park* is asked for), and otherwise nothing is stored
    and the result :attr:`~Captured.needs_problem` — the facilitator is asked, a
    phone must choose.

    With *card_id* the card is stored under that id, and capturing it again
    returns the stored card without changing anything. *at* stamps the card (and
    a newcomer) with another time than now (a phone's anonymous card: the minute).

    Raises ValidationError (nothing stored) for a refused capture: nothing to
    capture, a score out of range, an ``@name`` that could be several people.
    """
    if card_id is not None and (existing := workshop.find(card_id)) is not None:
        text = str(getattr(existing, "text", existing.summary()))
        parked = isinstance(existing, Note) and existing.parked
        return Captured(existing.kind, text, existing, parked=parked, existed=True)
    exercise = _exercise(workshop, exercise_id)
    kind = _kind(exercise, kind)
    cls = record_type(kind)
    text, values, said = _read(workshop, cls, typed, marks=marks, fields=fields or {})
    if exercise is not None and "exercise_id" in cls.field_specs():
        values["exercise_id"] = exercise.id
    person, newcomer = _name(
        workshop, exercise, cls, values, author_id=author_id, said=said, anonymous=anonymous
    )
    parked = False
    if kind == "idea":
        if problem_ids:
            values["problem_ids"] = list(problem_ids)
        elif park or not workshop.typed(Problem):
            parked = True
        else:
            return Captured(kind, text, needs_problem=True)

    label = f"Add {newcomer} with their card" if newcomer else None
    if parked and not newcomer:
        label = f"Park idea {_quoted(text)}"
    with workshop.transaction(label) as transaction:
        if newcomer:
            person = _added(workshop.add(Participant, name=newcomer, at=at), Participant)
            if kind != "action":
                values["participant_id"] = person.id
        if parked:
            keep = {k: v for k, v in values.items() if k in ("participant_id", "exercise_id")}
            card: Record = workshop.park(text, record_id=card_id, at=at, **keep)
        else:
            card = workshop.add(cls, record_id=card_id, at=at, **values)
    return Captured(
        kind,
        text,
        workshop.get(card.id),
        person=person if newcomer else None,
        parked=parked,
        change=transaction.change,
    )


def _kind(exercise: Exercise | None, kind: str | None) -> str:
    kind = kind or (exercise.captures if exercise is not None else "none")
    if kind not in CAPTURED_KINDS:
        where = f"“{exercise.title}”" if exercise is not None else "this exercise"
        raise ValidationError(
            f"{where} captures no cards" if kind == "none" else f"cannot capture a {kind}"
        )
    return kind


def _read(
    workshop: Workshop, cls: type[Record], typed: str, *, marks: bool, fields: Mapping[str, Any]
) -> tuple[str, dict[str, Any], str | None]:
    """The card's text, its fields, and the ``@name`` typed (if any)."""
    checked = _checked_fields(cls, fields)
    if marks:
        names = [p.name for p in workshop.typed(Participant)]
        parsed = parse_quick(typed, cls.kind, names)
        return parsed.text, {**checked, **parsed.fields}, parsed.author
    text = typed.strip()
    if not text:
        raise ValidationError("nothing to capture: type the card's text")
    return text, {**checked, MAIN_FIELD.get(cls.kind, "text"): text}, None


def _name(
    workshop: Workshop,
    exercise: Exercise | None,
    cls: type[Record],
    values: dict[str, Any],
    *,
    author_id: str | None,
    said: str | None,
    anonymous: bool | None,
) -> tuple[Participant | None, str]:
    """Set who the card names in *values*: (the person in the room it names, the
    name of a newcomer to add with it)."""
    has_anonymity = "anonymous" in cls.field_specs()
    if anonymous is True:
        if has_anonymity:
            values["anonymous"] = True
        return None, ""
    if cls.kind not in NAMED:
        return None, ""
    person, name, newcomer = _author(workshop, author_id, said, cls.kind)
    if cls.kind == "action":
        if name:
            values["owner"] = name  # a next step's @name is its owner, in the room or not
        return None, ""
    if person is not None:
        values["participant_id"] = person.id
    if has_anonymity:
        named = person is not None or bool(newcomer)
        default = exercise.anonymous if exercise and exercise.captures == cls.kind else True
        values["anonymous"] = False if named else default if anonymous is None else anonymous
    return person, newcomer


def _exercise(workshop: Workshop, exercise_id: str | None) -> Exercise | None:
    if exercise_id is None:
        return None
    item = workshop.resolve(exercise_id, "agenda")
    assert isinstance(item, AgendaItem)
    return Exercise(item)


def _checked_fields(cls: type[Record], fields: Mapping[str, Any]) -> dict[str, Any]:
    specs = cls.field_specs()
    for key in fields:
        if key not in specs:
            raise ValidationError(f"{key}: a {cls.kind} has no such field")
        if key in _SET_BY_CAPTURE:
            raise ValidationError(f"{key}: is set by the capture itself, not as a field")
    return dict(fields)


def _author(
    workshop: Workshop, author_id: str | None, said: str | None, kind: str
) -> tuple[Participant | None, str, str]:
    """Who a card names: (the person in the room, the name, a newcomer's name to
    add). An ``@name`` typed wins over *author_id*."""
    if said:
        matches = people_named(workshop, said)
        if len(matches) > 1:
            names = ", ".join(p.name for p in matches[:4])
            raise ValidationError(f"“@{said}” could be {names}: type more of the name")
        if matches:
            return matches[0], matches[0].name, ""
        if kind == "action":  # an owner need not be in the room
            return None, person_name(said), ""
        newcomer = person_name(said)  # someone new speaks up: they join with their card
        return None, newcomer, newcomer
    if author_id:
        found = workshop.resolve(author_id, "participants")
        assert isinstance(found, Participant)
        return found, found.name, ""
    return None, "", ""


def people_named(workshop: Workshop, start: str) -> list[Participant]:
    """The people an ``@name`` can mean: the one named exactly (``maria_lopez`` is
    "Maria Lopez"), else those whose name, or a word of it, starts so."""
    wanted = start.replace("_", " ").casefold()
    people = workshop.typed(Participant)
    exact = [p for p in people if p.name.casefold() == wanted]
    if exact:
        return exact[:1]
    return [
        p
        for p in people
        if p.name.casefold().startswith(wanted)
        or any(word.startswith(wanted) for word in p.name.casefold().split())
    ]


# -- the cards on the board --------------------------------------------------------------


def delete_cards(workshop: Workshop, card_ids: Sequence[str]) -> Change:
    """Delete the cards (and what pointed at them) as one step; if one of them
    cannot go (a problem an idea still needs), none goes."""
    ids = list(dict.fromkeys(card_ids))
    with workshop.transaction(f"Delete {scoring.plural(len(ids), 'card')}") as transaction:
        for card_id in ids:
            workshop.delete(card_id)
    return transaction.change or Change("", ())


def group_cards(workshop: Workshop, card_ids: Sequence[str], group: str) -> Change:
    """Put the cards in *group* ("" takes them out of their group) as one step.
    Cards without a group (a concern, a next step) are left as they are."""
    group = group.strip()
    ids = [i for i in dict.fromkeys(card_ids) if "group" in workshop.get(i).field_specs()]
    cards = scoring.plural(len(ids), "card")
    label = f"Group {cards} as {group}" if group else f"Ungroup {cards}"
    with workshop.transaction(label) as transaction:
        for card_id in ids:
            workshop.update(card_id, group=group)
    return transaction.change or Change("", ())


def groups(workshop: Workshop, table: str) -> list[str]:
    """The groups the cards of *table* are in, A to Z."""
    found = {str(getattr(r, "group", "") or "") for r in workshop.records(table)}
    return sorted(found - {""}, key=str.casefold)


def new_group_name(workshop: Workshop, table: str) -> str:
    """A name for a group made by dropping one card on another: "Group 1", "Group 2" …"""
    taken = set(groups(workshop, table))
    number = 1
    while f"Group {number}" in taken:
        number += 1
    return f"Group {number}"


def drop_into_group(workshop: Workshop, target_id: str, card_ids: Sequence[str]) -> Change:
    """Cards dropped on a card join its group; on a card without a group, the two
    make a new one."""
    target = workshop.get(target_id)
    group = str(getattr(target, "group", "") or "")
    if group:
        return group_cards(workshop, card_ids, group)
    return group_cards(workshop, [target.id, *card_ids], new_group_name(workshop, target.table))


# -- the agenda and the clock ------------------------------------------------------------


def start_exercise(workshop: Workshop, item_id: str) -> Change:
    """The clock starts on an exercise: it is running, and one left running (paused
    and looked away from) is done — or the agenda and the brief would show half a
    day of exercises all still in progress. One change, not an undo step of its own
    (the caller runs it quietly)."""
    item = workshop.resolve(item_id, "agenda")
    with workshop.transaction(f"Start {_quoted(item.summary())}") as transaction:
        if isinstance(item, AgendaItem) and item.status != "running":
            workshop.update(item.id, status="running")
        for other in workshop.typed(AgendaItem):
            if other.status == "running" and other.id != item.id:
                workshop.update(other.id, status="done")
    return transaction.change or Change("", ())


# -- the shortlist -----------------------------------------------------------------------


def toggle_shortlist(workshop: Workshop, idea_id: str) -> Change:
    """Put an idea on the shortlist or take it off, as one step. While nobody has
    starred anything, the shortlist is the top of the ranking: the change stars
    that list, with this idea added or left out."""
    ideas = workshop.typed(Idea)
    members = {i.id for i in scoring.shortlist(ideas)}
    adding = idea_id not in members
    wanted = members | {idea_id} if adding else members - {idea_id}
    if not wanted:
        raise ValidationError(
            f"With no idea starred, the shortlist is the top {scoring.SHORTLIST_SIZE} "
            "by priority: star the ideas to test instead."
        )
    label = "Put on the shortlist" if adding else "Take off the shortlist"
    with workshop.transaction(label) as transaction:
        for idea in ideas:
            if (idea.id in wanted) != idea.shortlisted:
                workshop.update(idea.id, shortlisted=idea.id in wanted)
    return transaction.change or Change("", ())


# -- who said it -------------------------------------------------------------------------


def set_author(workshop: Workshop, card_id: str, participant_id: str | None) -> Record:
    """Name who raised a card (None: nobody). A concern named is no longer
    anonymous, and one that names nobody is anonymous again."""
    card = workshop.get(card_id)
    if isinstance(card, Concern):
        return workshop.update(card_id, participant_id=participant_id, anonymous=not participant_id)
    return workshop.update(card_id, participant_id=participant_id)


def _added(record: Record, cls: type[Participant]) -> Participant:
    assert isinstance(record, cls)
    return record


def _quoted(text: str) -> str:
    words = " ".join(text.split())
    return f"“{words if len(words) <= 32 else words[:31].rstrip() + '…'}”"
