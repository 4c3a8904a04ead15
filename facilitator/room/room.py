"""What a phone may do to the workshop, done on the workshop's own thread.

A :class:`Room` belongs to the thread that owns the :class:`~facilitator.workshop.Workshop`
(the GUI thread, or the main thread of ``facilitator serve``). The server (in a
process of its own) never touches the workshop: it hands each request to the room through an
:class:`~facilitator.room.inbox.Inbox` and answers the phone once the room's
reply comes back — for a card, only after the change is durable in the journal.

A card from a phone passes the rules a typed card passes (an idea needs the
problem it solves, an anonymous concern has no author, a vote obeys the budget
and the cap of :mod:`facilitator.voting`). On top of them, the room's own rules:

* the text is taken literally — ``#``, ``!`` and ``@`` are what the person wrote;
* the card's id is derived from the id the phone made for the submission, so a
  retry after a lost reply, even after the laptop restarted, finds the card
  instead of making a second one;
* an anonymous card stores no name, no device and no exact time: its stamps are
  the start of the minute it arrived in;
* an exercise may hold anonymous cards for review (``AgendaItem.hold_anonymous``,
  kept in the workshop): they are saved (a crash cannot lose them) but stay off
  the board until the facilitator accepts them;
* the phones vote in the round the facilitator chose in the vote view (the
  :class:`Focus`'s round), else in the latest — :func:`facilitator.voting.voting_round`,
  the keyboard's rule too.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from facilitator import operations, voting
from facilitator.errors import WorkshopError
from facilitator.exercise import Exercise
from facilitator.model import (
    AgendaItem,
    Participant,
    Problem,
    Record,
    ValidationError,
    Vote,
    is_uuid,
    record_type,
)
from facilitator.workshop import Change, Workshop

WRITABLE = ("problem", "idea", "concern", "note", "action")
"""Kinds of card a phone can write; licences and people are the facilitator's."""
MAX_CARD_CHARS = 2000
MAX_NAME_CHARS = 60
NOT_SAVED = "not saved yet on the laptop; it will be sent again"
CARDS_SHOWN = 300
"""Phones get the newest cards of the wall, not thousands of them."""

SUBMISSIONS = uuid.UUID("6b1f8f0e-7a36-4c57-9d0c-2f4f3d8a9e51")
"""Namespace of the record ids derived from the ids phones give their submissions."""


def record_id_for(submission_id: str) -> str:
    """The id of the record a phone's submission makes: the same for every retry."""
    return str(uuid.uuid5(SUBMISSIONS, submission_id))


def minute_stamp(now: datetime | None = None) -> str:
    """The start of the current minute, as records are stamped (ISO 8601 UTC)."""
    moment = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class RefusedError(Exception):
    """A request the room says no to; *status* is the HTTP status the phone gets."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Focus:
    """What the facilitator is showing the room: the exercise, its step, whether
    what a silent step or a vote hides has been revealed, and the clock."""

    exercise_id: str | None = None
    step: int = 0
    revealed: bool = False
    remaining_s: float | None = None
    running: bool = False
    round: int | None = None
    """The vote's round chosen by the facilitator; None: the latest round."""


@dataclass(frozen=True)
class Phone:
    """What the room knows of the phone behind a request (kept in memory only)."""

    name: str = ""
    participant_id: str | None = None
    dots: frozenset[str] = frozenset()
    """Record ids of the dots this phone has put on cards."""


@dataclass(frozen=True)
class Reply:
    """The room's answer to one request; *dot* is the record id of a dot cast or taken back."""

    body: dict[str, Any]
    participant_id: str | None = None
    dot_added: str | None = None
    dot_removed: str | None = None


@dataclass(frozen=True)
class Stage:
    """The exercise and step on the wall: its template read as every screen reads
    it, through :class:`facilitator.exercise.Exercise`."""

    exercise: Exercise
    index: int

    @property
    def item(self) -> AgendaItem:
        return self.exercise.item

    @property
    def step_title(self) -> str:
        step = self.exercise.step(self.index)
        return step.title if step is not None else ""

    @property
    def prompt(self) -> str:
        """The step's prompt, or what the exercise is for when the step has none."""
        step = self.exercise.step(self.index)
        return (step.prompt if step is not None else "") or self.exercise.purpose

    @property
    def view(self) -> str:
        return self.exercise.view_at(self.index)

    @property
    def voted_on(self) -> str | None:
        """The table a vote on the wall puts dots on; None when no vote is."""
        return self.exercise.voted_on if self.view == "vote" else None

    @property
    def private(self) -> bool:
        """Silent writing: the phones see how many cards, not what they say (a vote
        hides its dots until the result instead)."""
        return self.exercise.private_at(self.index) and self.view != "vote"


def stage_of(item: AgendaItem, index: int) -> Stage:
    exercise = Exercise(item)
    return Stage(exercise, exercise.clamp(index))


class Room:
    """The workshop as the phones see and change it. Owner thread only."""

    def __init__(self, workshop: Workshop, *, clock: Callable[[], datetime] | None = None) -> None:
        self.workshop = workshop
        self.focus = Focus()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._gone: set[str] = set()
        """Ids of phone records removed since (dropped, undone): a late retry must
        not bring them back."""
        self._rounds: dict[str, int] = {}
        self._stage: tuple[AgendaItem, int, Stage] | None = None
        self.version = 0
        self._disconnect = workshop.changed.connect(self._changed)

    def close(self) -> None:
        self._disconnect()

    @contextmanager
    def batch(self) -> Iterator[Callable[[Callable[[BaseException | None], None]], None]]:
        """Requests answered together: made in memory now, written to the journal by
        the store's writer thread with one flush (see :meth:`Workshop.batch`), so
        this thread goes on with the next requests while the disk works. Yields
        :meth:`when_saved`, for the inbox to answer the phones once it is done."""
        with self.workshop.batch(wait=False):
            yield self.when_saved

    def when_saved(self, answer: Callable[[BaseException | None], None]) -> None:
        """Call *answer* once every change so far is durable in the journal (with
        None), or with a refusal for the phones to send again if the disk said no.
        It may be called on the store's writer thread."""

        def written(error: str | None) -> None:
            answer(None if error is None else RefusedError(NOT_SAVED, 503))

        self.workshop.when_saved(written)

    def _changed(self, change: Change) -> None:
        for rc in change.records:
            if rc.after is None and rc.before is not None:
                self._gone.add(rc.id)
            if rc.table == "votes" and isinstance(rc.after, Vote) and rc.before is None:
                card = self.workshop.find(rc.after.item_id)
                if card is not None and card.table in self._rounds:
                    self._rounds[card.table] = max(self._rounds[card.table], rc.after.round)
            elif rc.table == "votes" or (rc.after is None and rc.table in self._rounds):
                self._rounds.clear()  # a dot or a card gone: count again when asked
        self.version += 1

    def _round(self, table: str) -> int:
        """The round the phones vote in on *table*: the facilitator's choice, else the
        latest (kept, not recounted per dot)."""
        if self.focus.round is not None:
            return voting.voting_round(self.workshop, table, self.focus.round)
        if table not in self._rounds:
            self._rounds[table] = voting.voting_round(self.workshop, table)
        return self._rounds[table]

    # -- what the facilitator does -----------------------------------------------------

    def follow(self, focus: Focus) -> None:
        """The facilitator moved on (another exercise, step, the reveal, the clock)."""
        if focus != self.focus:
            self.focus = focus
            self.version += 1

    def hold(self, exercise_id: str, holding: bool = True) -> AgendaItem:
        """Hold this exercise's anonymous cards from phones for review (or stop)."""
        return hold_for_review(self.workshop, exercise_id, holding)

    def accept(self, card_id: str, text: str | None = None) -> Record:
        """A held card reaches the board, with its text edited if *text* is given."""
        card = self.workshop.get(card_id)
        if not getattr(card, "held", False):
            raise ValidationError("this card is not waiting for review")
        values: dict[str, Any] = {"held": False}
        if text is not None:
            if not text.strip():
                raise ValidationError("a card needs some text; drop it instead")
            values["text"] = text
        return self.workshop.update(card_id, **values)

    def drop(self, card_id: str) -> Change:
        """A held card is thrown away (Ctrl+Z brings it back to the queue)."""
        card = self.workshop.get(card_id)
        if not getattr(card, "held", False):
            raise ValidationError("this card is not waiting for review")
        return self.workshop.delete(card_id)

    def held(self) -> list[Record]:
        """Every card waiting for review, oldest first."""
        return [r for kind in WRITABLE for r in self.workshop.held(kind)]

    # -- what a phone does -------------------------------------------------------------

    def join(self, name: str, dot_submissions: Sequence[str] = ()) -> Reply:
        """A phone joins: a named person becomes one of the people in the room (the
        one of that name if there is one); a phone that was here before the laptop
        restarted gets its dots back."""
        name = " ".join(name.split())
        if len(name) > MAX_NAME_CHARS:
            raise RefusedError(f"a name has at most {MAX_NAME_CHARS} characters", 413)
        person_id: str | None = None
        if name:
            wanted = name.casefold()
            known = [p for p in self.workshop.typed(Participant) if p.name.casefold() == wanted]
            person = known[0] if known else self.workshop.add(Participant, name=name)
            person_id = person.id
        dots = [
            record_id_for(s)
            for s in dot_submissions
            if is_uuid(s) and self.workshop.find(record_id_for(s)) is not None
        ]
        return Reply({"name": name, "dots": dots}, participant_id=person_id)

    def card(
        self,
        phone: Phone,
        submission_id: str,
        exercise_id: str,
        text: str,
        *,
        anonymous: bool,
        problem_id: str | None = None,
    ) -> Reply:
        """Save a card written on a phone during *exercise_id*. Idempotent per submission."""
        record_id = _record_id(submission_id)
        existing = self.workshop.find(record_id)
        if existing is not None or record_id in self._gone:
            return Reply(self._saved(record_id, existing))
        item = self.workshop.find(exercise_id)
        if not isinstance(item, AgendaItem):
            raise RefusedError("this exercise is no longer on the agenda", 409)
        kind = str(item.template.get("captures", "none"))
        if kind not in WRITABLE:
            raise RefusedError("this exercise takes no cards from phones", 409)
        if not text.strip():
            raise RefusedError("nothing to send: write the card first")
        if len(text) > MAX_CARD_CHARS:
            raise RefusedError(f"a card has at most {MAX_CARD_CHARS:,} characters", 413)
        named = bool(phone.participant_id) and not anonymous
        fields: dict[str, Any] = {"from_phone": True}
        if not named and item.hold_anonymous:
            fields["held"] = True
        problems: list[str] | None = None
        if kind == "idea":
            problem = self.workshop.find(problem_id or "")
            if not isinstance(problem, Problem) or problem.held:
                raise RefusedError("pick the problem this idea solves")
            problems = [problem.id]
        try:
            done = operations.capture(
                self.workshop,
                item.id,
                text,
                author_id=phone.participant_id if named else None,
                anonymous=None if named else True,
                problem_ids=problems,
                card_id=record_id,
                marks=False,  # '#', '!' and '@' typed on a phone are words, not marks
                fields=fields,
                at=None if named else self.stamp(record_type(kind).table),
            )
        except (ValidationError, WorkshopError) as error:
            status = 409 if isinstance(error, WorkshopError) else 400
            raise RefusedError(str(error), status) from None
        record = done.card
        return Reply(self._saved(record_id, record))

    def _saved(self, record_id: str, record: Record | None) -> dict[str, Any]:
        """The phone's receipt: saved (durably, or not yet), and whether it waits for review."""
        if self.workshop.status.failing:
            raise RefusedError(NOT_SAVED, 503)
        return {"saved": True, "card": record_id, "held": bool(getattr(record, "held", False))}

    def stamp(self, table: str) -> str:
        """The time an anonymous record of *table* is stamped with: the start of its
        minute, or the time of the newest record before it if that is later — it
        says no more than the order of the records already does."""
        stamp = minute_stamp(self._clock())
        newest = self.workshop.newest(table)
        return max(stamp, newest.created_at if newest is not None else "")

    def vote(self, phone: Phone, submission_id: str, card_id: str) -> Reply:
        """One dot from a phone on a card of the vote on the wall."""
        record_id = _record_id(submission_id)
        if self.workshop.find(record_id) is not None:
            return Reply(self._dot_saved(), dot_added=record_id)
        stage, table = self._open_vote()
        card = self.workshop.find(card_id)
        if card is None or card.table != table or getattr(card, "held", False):
            raise RefusedError("that card is not in this vote")
        rules = voting.Rules.of(stage.item)
        this_round = self._round(table)
        mine = [
            dot.item_id
            for dot in (self.workshop.find(d) for d in phone.dots)
            if isinstance(dot, Vote) and dot.round == this_round and _on(dot, table, self)
        ]
        try:
            voting.check(rules, mine, card_id, round=this_round)
            self.workshop.vote(
                card_id,
                phone.participant_id,
                this_round,
                stage.item.id,
                record_id=record_id,
                at=None if phone.participant_id else self.stamp("votes"),
            )
        except (ValidationError, WorkshopError) as error:
            raise RefusedError(str(error), 409) from None
        return Reply(self._dot_saved(), dot_added=record_id)

    def unvote(self, phone: Phone, submission_id: str) -> Reply:
        """A phone takes back one of its dots (to move it) while the vote is open."""
        record_id = _record_id(submission_id)
        if record_id not in phone.dots:
            raise RefusedError("that is not one of your dots")
        if self.workshop.find(record_id) is None:
            return Reply(self._dot_saved(), dot_removed=record_id)
        self._open_vote()
        try:
            self.workshop.delete(record_id)
        except (ValidationError, WorkshopError) as error:
            raise RefusedError(str(error), 409) from None
        return Reply(self._dot_saved(), dot_removed=record_id)

    def _dot_saved(self) -> dict[str, Any]:
        if self.workshop.status.failing:
            raise RefusedError(NOT_SAVED, 503)
        return {"saved": True}

    def _open_vote(self) -> tuple[Stage, str]:
        stage = self.stage()
        table = stage.voted_on if stage is not None else None
        if stage is None or table is None:
            raise RefusedError("the vote is not open", 409)
        if self.focus.revealed:
            raise RefusedError("the vote is closed: the result is on the wall", 409)
        return stage, table

    # -- what the phones see -----------------------------------------------------------

    def stage(self) -> Stage | None:
        item = self.workshop.find(self.focus.exercise_id or "")
        if not isinstance(item, AgendaItem):
            return None
        # Records are immutable: the same item object and step give the same stage,
        # read once rather than for each of two hundred phones' dots.
        known = self._stage
        if known is None or known[0] is not item or known[1] != self.focus.step:
            known = self._stage = (item, self.focus.step, stage_of(item, self.focus.step))
        return known[2]

    def snapshot(self) -> dict[str, Any]:
        """What every phone shows, the same for all of them (personal things — your
        cards, your dots — live on the phone). Plain JSON values; cheap enough to
        make on the GUI thread a few times a second."""
        meta = self.workshop.meta
        out: dict[str, Any] = {"version": self.version, "workshop": meta.title}
        stage = self.stage()
        if stage is None:
            out["exercise"] = None
            return out
        kind = stage.exercise.captures
        voted = stage.voted_on
        hidden = stage.private and not self.focus.revealed
        exercise: dict[str, Any] = {
            "id": stage.item.id,
            "title": stage.exercise.title,
            "step": stage.step_title,
            "prompt": stage.prompt,
            "writes": kind if kind in WRITABLE and voted is None else None,
            "label": record_type(kind).label if kind in WRITABLE else "",
            "anonymous": stage.exercise.anonymous,
            "private": hidden,
        }
        out["exercise"] = exercise
        if self.focus.remaining_s is not None:
            out["timer"] = {
                "remaining": round(self.focus.remaining_s),
                "running": self.focus.running,
            }
        if kind == "idea":
            out["problems"] = [{"id": p.id, "text": p.text} for p in self.workshop.typed(Problem)][
                -CARDS_SHOWN:
            ]
        table = record_type(kind).table if kind in WRITABLE else None
        cards = [c for c in self.workshop.records(table) if _shown(c)] if table else []
        out["count"] = len(cards)
        if voted is not None:
            rules = voting.Rules.of(stage.item)
            this_round = self._round(voted)
            exercise["vote"] = {
                "dots": rules.dots_per_person,
                "cap": rules.max_per_card,
                "round": this_round,
                "open": not self.focus.revealed,
                "rules": rules.sentence(),
            }
            if self.focus.revealed:
                out["results"] = [
                    {"id": r.card.id, "text": _text(r.card), "dots": r.dots, "rank": r.rank}
                    for r in voting.results(self.workshop, voted, this_round)
                ][:CARDS_SHOWN]
        if not hidden:
            out["cards"] = [{"id": c.id, "text": _text(c)} for c in cards[-CARDS_SHOWN:]]
        return out


def hold_for_review(workshop: Workshop, exercise_id: str, holding: bool = True) -> AgendaItem:
    """From now on, anonymous cards phones send during this exercise wait for the
    facilitator's review before they reach the board and the wall (or, with
    *holding* false, no longer wait). Kept in the workshop: a restart keeps it."""
    item = workshop.get(exercise_id)
    if not isinstance(item, AgendaItem):
        raise ValidationError("only an exercise on the agenda holds cards for review")
    if item.hold_anonymous == holding:
        return item
    updated = workshop.update(exercise_id, hold_anonymous=holding)
    assert isinstance(updated, AgendaItem)
    return updated


def _record_id(submission_id: str) -> str:
    if not is_uuid(submission_id):
        raise RefusedError("every submission needs its own id (a UUID made on the phone)")
    return record_id_for(submission_id)


def _shown(record: Record) -> bool:
    return not getattr(record, "parked", False)


def _text(record: Record) -> str:
    return str(getattr(record, "text", "") or record.summary())


def _on(dot: Vote, table: str, room: Room) -> bool:
    card = room.workshop.find(dot.item_id)
    return card is not None and card.table == table


__all__ = [
    "WRITABLE",
    "Focus",
    "Phone",
    "RefusedError",
    "Reply",
    "Room",
    "hold_for_review",
    "minute_stamp",
    "record_id_for",
]
