"""The workshop service: every operation the GUI and the command line perform.

A :class:`Workshop` holds the records of one workshop in memory, enforces the
rules that span records (an idea must solve at least one captured problem; a
vote counts toward its card; an anonymous concern has no author) and hands each
change to its :class:`~facilitator.store.Store` before anyone is told about it.

Every operation produces one :class:`Change`: the records before and after. A
user action that takes several operations runs them in one
:meth:`Workshop.transaction`: whatever it commits becomes one Change, saved in
one journal flush, announced once and undone as one step. The store journals
the *after* states, listeners receive the change, and undo replays it backwards
field by field (:meth:`Workshop.undo`, :meth:`Workshop.redo`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from facilitator.errors import (
    ReadOnlyError,
    RecordNotFoundError,
    SaveFailedError,
    WorkshopError,
)
from facilitator.events import Event
from facilitator.model import (
    TABLES,
    VOTABLE_TABLES,
    AgendaItem,
    Concern,
    Idea,
    Note,
    Record,
    ValidationError,
    Vote,
    WorkshopMeta,
    a_or_an,
    new_id,
    record_type,
    references,
)
from facilitator.store import FileStore, MemoryStore, Op, Store, Tables

R = TypeVar("R", bound=Record)


@dataclass(frozen=True, slots=True)
class RecordChange:
    """One record before and after a change; None means absent."""

    table: str
    id: str
    before: Record | None
    after: Record | None


@dataclass(frozen=True, slots=True)
class Change:
    """What one operation did, as a unit: saved together, undone together."""

    label: str
    records: tuple[RecordChange, ...]

    def inverse(self) -> Change:
        undone = tuple(
            RecordChange(rc.table, rc.id, rc.after, rc.before) for rc in reversed(self.records)
        )
        return Change(f"Undo {self.label[:1].lower()}{self.label[1:]}", undone)

    def added(self, table: str) -> list[Record]:
        return [
            rc.after
            for rc in self.records
            if rc.table == table and rc.before is None and rc.after is not None
        ]


def combined(label: str | None, changes: Sequence[Change]) -> Change:
    """Changes made one after another as one: each record from where it was before
    the first to where it is after the last; a record that ends as it began (added
    and deleted again) is left out. Named *label*, or after the first change."""
    if len(changes) == 1 and label in (None, changes[0].label):
        return changes[0]
    merged: dict[str, RecordChange] = {}
    for change in changes:
        for rc in change.records:
            first = merged.get(rc.id)
            before = first.before if first is not None else rc.before
            merged[rc.id] = RecordChange(rc.table, rc.id, before, rc.after)
    records = tuple(rc for rc in merged.values() if rc.before != rc.after)
    return Change(label if label is not None else changes[0].label if changes else "", records)


@dataclass
class Transaction:
    """One user action in progress (:meth:`Workshop.transaction`). Once the
    outermost transaction is over, :attr:`change` is what it did as a whole."""

    label: str | None
    change: Change | None = None
    """What the transaction did (None until it ended, or if it was rolled back)."""


@dataclass(frozen=True, slots=True)
class SaveStatus:
    """Whether everything is on disk; shown permanently in the GUI."""

    unsaved: int = 0
    error: str | None = None
    warning: str | None = None
    saving: bool = False
    """The unsaved changes are on their way to the disk (the store's writer
    thread has them) and nothing has failed: "Saving…", not "Not saved"."""

    @property
    def saved(self) -> bool:
        return self.unsaved == 0

    @property
    def failing(self) -> bool:
        """Changes are not on disk and no write is on its way with them."""
        return not self.saved and not self.saving


@dataclass
class _Draft:
    """Record changes being assembled by one operation (latest state per id)."""

    workshop: Workshop
    records: dict[str, RecordChange] = field(default_factory=dict)

    def current(self, record_id: str) -> Record | None:
        if record_id in self.records:
            return self.records[record_id].after
        return self.workshop.find(record_id)

    def put(self, record: Record) -> None:
        before = (
            self.records[record.id].before
            if record.id in self.records
            else (self.workshop.find(record.id))
        )
        self.records[record.id] = RecordChange(record.table, record.id, before, record)

    def remove(self, record: Record) -> None:
        before = self.records[record.id].before if record.id in self.records else record
        self.records[record.id] = RecordChange(record.table, record.id, before, None)

    def change(self, label: str) -> Change:
        return Change(label, tuple(self.records.values()))


class Workshop:
    """One workshop's records and the operations on them. Not thread-safe: use it
    from one thread (the GUI thread); the store does its slow work elsewhere."""

    def __init__(self, store: Store, records: Mapping[str, Mapping[str, Record]]) -> None:
        self._store = store
        # In the order the records were captured, whatever order the file kept them in
        # (an undo brings a deleted card back at the end of the journal).
        self._tables: dict[str, dict[str, Record]] = {
            t: _in_capture_order(records.get(t, {})) for t in TABLES
        }
        self._where: dict[str, str] = {
            record_id: table for table, rows in self._tables.items() for record_id in rows
        }
        self.changed: Event[Change] = Event()
        """Emitted after every change, once the store has it."""
        self.status_changed: Event[SaveStatus] = Event()
        """Emitted when the save status changes (saved, unsaved, warning)."""
        self._status = SaveStatus(unsaved=store.unsaved, warning=store.warning)
        self.call_on_owner_thread: Callable[[Callable[[], None]], None] | None = None
        """How to run a function on the thread that uses this workshop (the GUI sets
        its event loop here). Trouble the store meets in the background while
        nothing else happens — a compaction that fails — reaches
        :attr:`status_changed` through it; without it, at the next change."""
        store.warned.connect(self._store_warned)
        self._open: list[Transaction] = []
        """Transactions in progress, outermost first."""
        self._pending: list[Change] = []
        """What the outermost transaction has committed so far: in memory, not yet
        saved or announced."""
        self._batching = False
        self._batch_error: str | None = None
        self._following = False  # a write of the store's writer thread is followed
        self._held_ids: dict[str, set[str]] = {
            table: {r.id for r in rows.values() if _held(r)} for table, rows in self._tables.items()
        }
        """Ids of the cards held for review, per table (records() leaves them out)."""
        self._dots: dict[str, set[str]] = {}
        """Ids of the dots on each card: a dot counted among a thousand costs a
        lookup, not a pass over every dot of the workshop."""
        for vote in self._tables["votes"].values():
            if isinstance(vote, Vote):
                self._dots.setdefault(vote.item_id, set()).add(vote.id)

    # -- opening -------------------------------------------------------------------

    @classmethod
    def from_store(cls, store: Store) -> Workshop:
        """Load *store* and check every record and every link between records."""
        checked: dict[str, dict[str, Record]] = {}

        def validate(tables: Tables) -> None:
            checked.update(records_from_tables(tables))

        store.load(validate)
        return cls(store, checked)

    @classmethod
    def in_memory(cls, **meta: Any) -> Workshop:
        """A workshop that lives in memory only (tests, previews)."""
        return cls.from_store(MemoryStore(initial_tables(**meta)))

    @classmethod
    def create(cls, path: Path | str, **meta_and_options: Any) -> Workshop:
        """Write a new workshop file at *path* and return it, open for writing.

        Keyword arguments are workshop fields (title, client, date, ...) and
        store options (backup_dir, ...).
        """
        options = {k: meta_and_options.pop(k) for k in _STORE_OPTIONS if k in meta_and_options}
        tables = initial_tables(**meta_and_options)
        records = records_from_tables(tables)
        store = FileStore.create(path, tables, **options)
        return cls(store, records)

    # -- reading -------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self._store

    @property
    def path(self) -> Path | None:
        return self._store.path

    @property
    def read_only(self) -> bool:
        return self._store.read_only

    @property
    def meta(self) -> WorkshopMeta:
        (meta,) = self._tables["meta"].values()
        assert isinstance(meta, WorkshopMeta)
        return meta

    @property
    def status(self) -> SaveStatus:
        return self._status

    def records(self, table: str) -> list[Record]:
        """Records of *table* (or kind) in the order they were captured; the
        agenda in its running order."""
        name = record_type(table).table
        rows = list(self._tables[name].values())
        held = self._held_ids[name]
        if held:
            rows = [r for r in rows if r.id not in held]
        if rows and isinstance(rows[0], AgendaItem):
            rows.sort(key=lambda item: item.position if isinstance(item, AgendaItem) else 0)
        return rows

    def held(self, table: str) -> list[Record]:
        """Cards of *table* held for review (anonymous cards from phones the
        facilitator has not accepted yet), oldest first. They are part of the file
        but of nothing else: :meth:`records` leaves them out, so the board, the
        wall, the vote and the brief see a held card only once it is accepted."""
        name = record_type(table).table
        held = self._held_ids[name]
        return [r for r in self._tables[name].values() if r.id in held] if held else []

    def newest(self, table: str) -> Record | None:
        """The record of *table* captured last (held for review or not), without
        copying the table: a room stamps each anonymous card by it."""
        return next(reversed(self._tables[record_type(table).table].values()), None)

    def typed(self, cls: type[R]) -> list[R]:
        """Records of one type, typed for the caller (e.g. ``typed(Problem)``)."""
        return [r for r in self.records(cls.table) if isinstance(r, cls)]

    def find(self, record_id: str) -> Record | None:
        table = self._where.get(record_id)
        return self._tables[table][record_id] if table else None

    def get(self, record_id: str) -> Record:
        record = self.find(record_id)
        if record is None:
            raise RecordNotFoundError(f"no record has the id {record_id}")
        return record

    def resolve(self, id_or_prefix: str, table: str | None = None) -> Record:
        """A record by its id or an unambiguous start of it (as typed on the command line)."""
        exact = self.find(id_or_prefix)
        if exact is not None and (table is None or exact.table == table):
            return exact
        if len(id_or_prefix) < 4:
            raise RecordNotFoundError(f"no record has the id {id_or_prefix!r}")
        tables = [record_type(table).table] if table else list(TABLES)
        matches = [
            record
            for name in tables
            for record_id, record in self._tables[name].items()
            if record_id.startswith(id_or_prefix)
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            elsewhere = exact or self._one_starting_with(id_or_prefix)
            if table is not None and elsewhere is not None:
                wanted = record_type(table).kind.replace("_", " ")
                raise RecordNotFoundError(
                    f"{id_or_prefix} is {a_or_an(elsewhere.label.lower())}, not {a_or_an(wanted)}"
                )
            raise RecordNotFoundError(f"no record has an id starting with {id_or_prefix!r}")
        raise RecordNotFoundError(f"{len(matches)} records have ids starting with {id_or_prefix!r}")

    def _one_starting_with(self, prefix: str) -> Record | None:
        found = [
            r for rows in self._tables.values() for i, r in rows.items() if i.startswith(prefix)
        ]
        return found[0] if len(found) == 1 else None

    def counts(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in self._tables.items()}

    def votes_for(self, item_id: str, round: int | None = None) -> list[Vote]:
        return [
            vote
            for vote in self.typed(Vote)
            if vote.item_id == item_id and (round is None or vote.round == round)
        ]

    # -- transactions --------------------------------------------------------------

    @contextmanager
    def transaction(self, label: str | None = None) -> Iterator[Transaction]:
        """Run several operations as one user action.

        Everything committed inside is visible to the operations that follow it
        at once, and becomes ONE :class:`Change` (named *label*, or after the first
        thing done) when the outermost transaction ends: one store commit (one
        journal flush), one :attr:`changed` event, one undo step. A transaction
        inside another folds into it. An exception leaves the workshop exactly as
        it was when this transaction began: nothing saved, nothing announced.
        An unnamed transaction takes the name of the first named one inside it
        (the window's "one step" around the core's "Add Maria with their card").
        """
        transaction = Transaction(label)
        mark = len(self._pending)
        self._open.append(transaction)
        try:
            yield transaction
        except BaseException:
            self._open.pop()
            self._roll_back(mark)
            raise
        self._open.pop()
        if self._open:  # part of a larger action: saved and announced with it
            transaction.change = combined(label, self._pending[mark:])
            outer = self._open[0]
            if outer.label is None and label is not None:
                outer.label = label  # the action is named for its first named part
            return
        pending, self._pending = self._pending, []
        whole = combined(transaction.label, pending)
        if whole.records:
            self._save(whole, pending)
        transaction.change = whole

    def _roll_back(self, mark: int) -> None:
        """Put memory back as it was before the first *mark* pending changes were made."""
        undone, self._pending[mark:] = self._pending[mark:], []
        for change in reversed(undone):
            self._remember(change, backwards=True)

    def _remember(self, change: Change, *, backwards: bool = False) -> None:
        """Hold *change* in memory (or, *backwards*, take it out again)."""
        steps = reversed(change.records) if backwards else iter(change.records)
        out_of_order: set[str] = set()
        for rc in steps:
            state = rc.before if backwards else rc.after
            rows = self._tables[rc.table]
            if rc.table == "votes":
                self._count_dot(rows.get(rc.id), state)
            if state is None or not _held(state):
                self._held_ids[rc.table].discard(rc.id)
            else:
                self._held_ids[rc.table].add(rc.id)
            if state is None:
                rows.pop(rc.id, None)
                self._where.pop(rc.id, None)
                continue
            if (
                rc.id not in rows
                and rows
                and next(reversed(rows.values())).created_at > (state.created_at)
            ):
                out_of_order.add(rc.table)  # a card brought back goes home, not to the end
            rows[rc.id] = state
            self._where[rc.id] = rc.table
        for table in out_of_order:
            self._tables[table] = _in_capture_order(self._tables[table])

    def _count_dot(self, was: Record | None, now: Record | None) -> None:
        if isinstance(was, Vote):
            self._dots.get(was.item_id, set()).discard(was.id)
        if isinstance(now, Vote):
            self._dots.setdefault(now.item_id, set()).add(now.id)

    # -- operations ----------------------------------------------------------------

    def add(
        self,
        kind: str | type[Record],
        /,
        *,
        record_id: str | None = None,
        at: str | None = None,
        **values: Any,
    ) -> Record:
        """Capture a new record of *kind* (``"problem"``, ``Idea``...). Returns it.
        *at* stamps it with another time than now (see :meth:`Record.build`)."""
        cls = record_type(kind) if isinstance(kind, str) else kind
        if cls is WorkshopMeta:
            raise ValidationError("a workshop has exactly one workshop record; update it instead")
        if record_id is not None and self.find(record_id) is not None:
            raise ValidationError(f"a record with the id {record_id} already exists")
        votes = values.pop("votes", None) if cls.table in VOTABLE_TABLES else None
        if cls is AgendaItem and "position" not in values:
            values["position"] = len(self._tables["agenda"])
        record = cls.build(values, record_id=record_id, at=at)
        draft = _Draft(self)
        self._check_links(record, draft)
        draft.put(record)
        if votes is not None:
            self._set_proxy_votes(draft, record.id, _vote_count(votes), round=1)
        if isinstance(record, Vote):
            self._recount(draft, record.item_id)
        self._commit(draft.change(f"Add {cls.label.lower()} {_named(record)}"))
        final = draft.current(record.id)
        assert final is not None
        return final

    def update(self, record_id: str, /, **values: Any) -> Record:
        """Change fields of a record. Returns the record as it now is."""
        record = self.get(record_id)
        if "schema_version" in values:
            raise ValidationError("schema_version: is set by the app and cannot be changed")
        if "votes" in values and record.table in VOTABLE_TABLES:
            raise ValidationError("votes are counted from dots: use vote, unvote or set_votes")
        if isinstance(record, Vote) and "item_id" in values:
            raise ValidationError("a dot cannot move to another card; remove it and vote again")
        if isinstance(record, Concern) and values.get("anonymous") is True:
            values.setdefault("participant_id", None)  # anonymity removes the author
        updated = record.changed(values)
        draft = _Draft(self)
        self._check_links(updated, draft)
        draft.put(updated)
        if isinstance(updated, Vote):
            self._recount(draft, updated.item_id)
        fields = [k for k in values if getattr(record, k, None) != getattr(updated, k, None)]
        what = f": {', '.join(f.replace('_', ' ') for f in fields)}" if fields else ""
        self._commit(draft.change(f"Edit {record.label.lower()} {_named(record)}{what}"))
        return updated

    def update_meta(self, **values: Any) -> WorkshopMeta:
        if "schema_version" in values:
            raise ValidationError("schema_version: is set by the app and cannot be changed")
        updated = self.update(self.meta.id, **values)
        assert isinstance(updated, WorkshopMeta)
        return updated

    def delete(self, record_id: str) -> Change:
        """Delete a record and tidy what pointed at it (votes, links), as one change."""
        record = self.get(record_id)
        if isinstance(record, WorkshopMeta):
            raise ValidationError("the workshop record cannot be deleted")
        draft = _Draft(self)
        draft.remove(record)
        for rows in self._tables.values():
            for other in rows.values():
                if other.id != record_id:
                    self._drop_reference(draft, other, record)
        if isinstance(record, Vote):
            self._recount(draft, record.item_id)
        if isinstance(record, AgendaItem):
            self._renumber_agenda(draft, [i for i in self._agenda() if i.id != record_id])
        return self._commit(draft.change(f"Delete {record.label.lower()} {_named(record)}"))

    def park(self, text: str, **values: Any) -> Note:
        """Put an idea nobody can link to a problem yet in the parking lot."""
        note = self.add(Note, text=text, parked=True, **values)
        assert isinstance(note, Note)
        return note

    def unpark(self, note_id: str, problem_ids: Sequence[str], **values: Any) -> Idea:
        """A parked idea found its problem: it becomes an idea, as one change."""
        note = self._typed_get(note_id, Note)
        if not note.parked:
            raise ValidationError("only an idea in the parking lot can be linked from it")
        fields: dict[str, Any] = {"text": note.text, "problem_ids": list(problem_ids)}
        if note.participant_id:
            fields["participant_id"] = note.participant_id
        if note.exercise_id:
            fields["exercise_id"] = note.exercise_id
        idea = Idea.build({**fields, **values})
        draft = _Draft(self)
        self._check_links(idea, draft)
        draft.put(idea)
        draft.remove(note)
        self._commit(draft.change("Link a parked idea to its problem"))
        return idea

    def link(self, idea_id: str, problem_id: str) -> Idea:
        """Record that an idea also solves another problem."""
        idea = self._typed_get(idea_id, Idea)
        if problem_id in idea.problem_ids:
            return idea
        updated = self.update(idea_id, problem_ids=[*idea.problem_ids, problem_id])
        assert isinstance(updated, Idea)
        return updated

    def unlink(self, idea_id: str, problem_id: str) -> Idea:
        """Remove a problem from an idea; an idea keeps at least one problem."""
        idea = self._typed_get(idea_id, Idea)
        if problem_id not in idea.problem_ids:
            return idea
        remaining = [p for p in idea.problem_ids if p != problem_id]
        if not remaining:
            raise ValidationError(
                f"idea {idea.summary()!r} would solve no problem; link another problem first"
            )
        updated = self.update(idea_id, problem_ids=remaining)
        assert isinstance(updated, Idea)
        return updated

    def reorder_agenda(self, ordered_ids: Sequence[str]) -> Change:
        """Put the agenda in the given order (every agenda item exactly once)."""
        current = {item.id: item for item in self._agenda()}
        if sorted(ordered_ids) != sorted(current):
            raise ValidationError("the new agenda order must list every agenda item exactly once")
        draft = _Draft(self)
        self._renumber_agenda(draft, [current[i] for i in ordered_ids])
        return self._commit(draft.change("Reorder agenda"))

    def move_agenda_item(self, item_id: str, to_index: int) -> Change:
        order = [item.id for item in self._agenda()]
        if item_id not in order:
            raise RecordNotFoundError(f"no agenda item has the id {item_id}")
        order.remove(item_id)
        order.insert(max(0, min(to_index, len(order))), item_id)
        return self.reorder_agenda(order)

    def vote(
        self,
        item_id: str,
        participant_id: str | None = None,
        round: int = 1,
        exercise_id: str | None = None,
        *,
        record_id: str | None = None,
        at: str | None = None,
    ) -> Vote:
        """Put one dot on a problem or an idea (participant None = a proxy dot)."""
        vote = self.add(
            Vote,
            record_id=record_id,
            at=at,
            item_id=item_id,
            participant_id=participant_id,
            round=round,
            exercise_id=exercise_id,
        )
        assert isinstance(vote, Vote)
        return vote

    def unvote(self, item_id: str, participant_id: str | None = None, round: int = 1) -> Change:
        """Take back the latest matching dot."""
        matching = [v for v in self.votes_for(item_id, round) if v.participant_id == participant_id]
        if not matching:
            raise ValidationError("there is no such dot to take back")
        return self.delete(matching[-1].id)

    def set_votes(
        self, item_id: str, count: int, round: int = 1, exercise_id: str | None = None
    ) -> Change:
        """Make a card show *count* dots in *round*, adding or removing proxy dots
        (e.g. when the room voted with stickers on paper)."""
        self._votable(item_id)
        draft = _Draft(self)
        self._set_proxy_votes(draft, item_id, _vote_count(count), round, exercise_id)
        return self._commit(draft.change("Set votes"))

    def undo(self, change: Change) -> Change:
        """Take back what *change* did, field by field.

        Only the fields the change altered go back, so updates that are not
        undoable steps of their own (time used on an exercise, a recount of dots)
        survive the undo. Refused, with nothing changed, if the result would break
        a rule between records.
        """
        return self._replay(change, backwards=True)

    def redo(self, change: Change) -> Change:
        """Do *change* again after :meth:`undo`, field by field."""
        return self._replay(change, backwards=False)

    def _replay(self, change: Change, *, backwards: bool) -> Change:
        draft = _Draft(self)
        # A change holds each record once, so the records can go back in the order
        # they were first done: cards deleted together come back in capture order.
        for rc in change.records:
            old, new = (rc.after, rc.before) if backwards else (rc.before, rc.after)
            current = draft.current(rc.id)
            if new is None:
                if current is not None:
                    draft.remove(current)
            elif current is None:
                if old is not None:
                    raise WorkshopError(
                        f"cannot {'undo' if backwards else 'redo'} {change.label.lower()}: "
                        f"the {new.kind.replace('_', ' ')} {new.summary()!r} was deleted since"
                    )
                draft.put(new)
            else:
                base = old if old is not None else current
                diff = {
                    name: getattr(new, name)
                    for name in new.field_specs()
                    if name not in _SYSTEM and getattr(base, name) != getattr(new, name)
                }
                if diff:
                    draft.put(current.changed(diff))
        # A dot that comes back (or goes again) is counted on its card with the dots
        # it has now: the count the change saw may be stale (set since, by hand).
        cards = {
            vote.item_id
            for rc in change.records
            if rc.table == "votes"
            for vote in (rc.before, rc.after)
            if isinstance(vote, Vote)
        }
        for card_id in sorted(cards):
            self._recount(draft, card_id)
        label = change.label if not backwards else change.inverse().label
        result = draft.change(label)
        self._check_result(result)
        return self._commit(result)

    def _check_result(self, change: Change) -> None:
        """Refuse a change whose result breaks a rule between records, e.g. undoing
        the capture of a problem an idea was linked to afterwards."""
        draft = _Draft(self)
        for rc in change.records:
            draft.records[rc.id] = rc
        for rc in change.records:
            if rc.after is not None:
                self._check_links(rc.after, draft)
        removed = {rc.id for rc in change.records if rc.after is None}
        if not removed:
            return
        for rows in self._tables.values():
            for other in rows.values():
                if other.id in draft.records:
                    continue
                pointers = [ref for _, _, ref in references(other)]
                if isinstance(other, Vote):
                    pointers.append(other.item_id)
                if removed.intersection(pointers):
                    raise WorkshopError(
                        f"cannot {change.label.lower()}: {other.kind.replace('_', ' ')} "
                        f"{other.summary()!r} now depends on it"
                    )

    # -- saving --------------------------------------------------------------------

    def retry_save(self) -> SaveStatus:
        """Try again to write changes that could not be saved."""
        try:
            self._store.retry()
            self._set_status(None)
        except SaveFailedError as error:
            self._set_status(str(error))
        return self._status

    def save_as(self, path: Path | str) -> None:
        """Carry on in a new file (e.g. when the original's disk is full)."""
        if not isinstance(self._store, FileStore):
            raise WorkshopError("only a workshop kept in a file can be saved elsewhere")
        self._store.save_as(path)
        self._set_status(None)

    def maintain(self) -> None:
        """Periodic upkeep: compaction and backups while changes happen."""
        self._store.maintain()
        self._refresh_warning()

    def close(self) -> str | None:
        """Write everything and release the file. Raises SaveFailedError (and stays
        open) if the changes cannot be written; returns a note if they are safe in
        the journal beside the file but the file itself could not be rewritten."""
        return self.start_closing()()

    def start_closing(self) -> Callable[[], str | None]:
        """The quick part of :meth:`close`, on this workshop's thread: write what is
        unsaved (SaveFailedError, and the workshop stays open, if that fails) and
        take no more changes. Returns the slow part — folding the journal into the
        file, letting go of the lock — which touches only the store and may run
        on another thread; it returns :meth:`close`'s note."""
        return self._store.begin_close()

    # -- internals -----------------------------------------------------------------

    def _commit(self, change: Change) -> Change:
        """Make *change* part of the transaction in progress (one of its own if
        none is): in memory at once, saved and announced when the transaction ends."""
        if self.read_only:
            raise ReadOnlyError("this workshop is open read-only; the change was not made")
        if not change.records:
            return change
        if not self._open:
            with self.transaction(change.label) as transaction:
                self._commit(change)
            return transaction.change or change
        self._remember(change)
        self._pending.append(change)
        return change

    def _save(self, whole: Change, made: list[Change]) -> None:
        """Hand *whole* (already in memory, as the changes *made*) to the store, then
        tell the listeners. A store that cannot write keeps it in memory, unsaved,
        and says so in the status; any other failure takes it back out of memory."""
        ops: list[Op] = [
            (rc.table, rc.id, rc.after.to_json() if rc.after is not None else None)
            for rc in whole.records
        ]
        error: str | None = None
        try:
            self._store.commit(ops)
        except SaveFailedError as failure:
            error = str(failure)
        except BaseException:
            for change in reversed(made):
                self._remember(change, backwards=True)
            raise
        try:
            self.changed.emit(whole)
        finally:
            if self._batching:
                self._batch_error = self._batch_error or error
            else:
                self._set_status(error)
                self._follow_writer()

    @contextmanager
    def batch(self, *, wait: bool = True) -> Iterator[None]:
        """User actions saved together, with one flush at the end (see
        :meth:`FileStore.batch`); each is still its own change and its own undo step.
        The save status is settled once, at the end: read :attr:`status` after the
        batch before telling anyone their change is saved. With *wait* false the
        flush is left to the store's writer thread: ask :meth:`when_saved`."""
        if self._batching:
            yield
            return
        self._batching = True
        self._batch_error = None
        try:
            with self._store.batch(wait=wait):
                yield
        except SaveFailedError as failure:
            self._batch_error = str(failure)
        finally:
            self._batching = False
            self._set_status(self._batch_error)
            self._follow_writer()

    def write_in_background(self, background: bool = True) -> None:
        """From now on (or no longer), an operation returns once its change is in
        memory, and the store's writer thread makes it durable — together with
        whatever else is made meanwhile (the room's phones): the status says
        "saving" until it has. For the live window while phones write, so the
        keyboard never waits behind their syncs."""
        if isinstance(self._store, FileStore):
            self._store.background = background

    def when_saved(self, done: Callable[[str | None], None]) -> None:
        """Call *done* once every change made so far is on disk (with None) or could
        not be written (with the reason). With a store that writes in the
        background it is called on the store's writer thread: *done* must only
        hand the news on (a future, a queued call), never touch this workshop."""
        self._store.when_saved(done)

    def _follow_writer(self) -> None:
        """While the store's writer has changes on their way, the status says
        "saving"; when it is done, the status is settled on this workshop's thread."""
        if self._following or not (self._store.unsaved and self._store.saving):
            return
        post = self.call_on_owner_thread
        if post is None:
            return  # settled at the next change
        owner = threading.get_ident()

        def written(error: str | None) -> None:
            if threading.get_ident() == owner:  # answered at once: nothing was waiting
                self._following = False
                return
            post(lambda: self._written(error))

        self._following = True
        self._store.when_saved(written)

    def _written(self, error: str | None) -> None:
        self._following = False
        self._set_status(error)
        self._follow_writer()  # changes made since are on their way too

    def _set_status(self, error: str | None) -> None:
        store = self._store
        warning = store.warning
        unsaved = store.unsaved
        saving = bool(unsaved) and store.saving
        error = (error or store.failure) if unsaved and not saving else None
        status = SaveStatus(unsaved, error, warning, saving)
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)

    def _store_warned(self, _message: str) -> None:
        post = self.call_on_owner_thread
        if post is not None:
            post(self._refresh_warning)

    def _refresh_warning(self) -> None:
        self._set_status(self._status.error)

    def _typed_get(self, record_id: str, cls: type[R]) -> R:
        record = self.get(record_id)
        if not isinstance(record, cls):
            raise ValidationError(f"{record_id} is a {record.kind}, not a {cls.kind}")
        return record

    def _votable(self, item_id: str) -> Record:
        record = self.get(item_id)
        if record.table not in VOTABLE_TABLES:
            raise ValidationError(f"dots go on problems and ideas, not on a {record.kind}")
        return record

    def _agenda(self) -> list[AgendaItem]:
        return self.typed(AgendaItem)

    def _check_links(self, record: Record, draft: _Draft) -> None:
        """Rules that involve other records."""
        for name, table, ref in references(record):
            target = draft.current(ref)
            wanted = record_type(table).kind.replace("_", " ")
            if target is None:
                raise ValidationError(f"{name}: no {wanted} has the id {ref}")
            if target.table != table:
                raise ValidationError(
                    f"{name}: {ref} is {a_or_an(target.label.lower())}, not {a_or_an(wanted)}"
                )
        if isinstance(record, Idea) and not record.problem_ids:
            raise ValidationError(
                "problem_ids: an idea must solve at least one captured problem — "
                "which problem does this solve?"
            )
        if isinstance(record, Concern) and record.anonymous and record.participant_id:
            raise ValidationError(
                "participant_id: an anonymous concern has no author; untick anonymous first"
            )
        if isinstance(record, Vote):
            target = draft.current(record.item_id)
            if target is None or target.table not in VOTABLE_TABLES:
                raise ValidationError(f"item_id: no problem or idea has the id {record.item_id}")

    def _drop_reference(self, draft: _Draft, other: Record, gone: Record) -> None:
        """Remove what *other* says about *gone*, which is being deleted."""
        current = draft.current(other.id)
        if current is None:
            return
        if isinstance(current, Vote) and current.item_id == gone.id:
            draft.remove(current)
            return
        changes: dict[str, Any] = {}
        for name, table, ref in references(current):
            if ref != gone.id or table != gone.table:
                continue
            value = getattr(current, name)
            changes[name] = [v for v in value if v != gone.id] if isinstance(value, tuple) else None
        if not changes:
            return
        if isinstance(current, Idea) and changes.get("problem_ids") == []:
            raise ValidationError(
                f"cannot delete this problem: idea {current.summary()!r} solves no other "
                "problem; link it to another problem or delete the idea first"
            )
        draft.put(_restamp(current, changes))

    def _recount(self, draft: _Draft, item_id: str) -> None:
        item = draft.current(item_id)
        if item is None:
            return
        # The saved dots on it, less those this draft changes, plus the draft's (a
        # vote among a thousand dots must stay cheap: the card's dots are indexed).
        drafted = {rc.id: rc.after for rc in draft.records.values() if rc.table == "votes"}
        count = sum(1 for vote_id in self._dots.get(item_id, ()) if vote_id not in drafted) + sum(
            1 for v in drafted.values() if isinstance(v, Vote) and v.item_id == item_id
        )
        if getattr(item, "votes", None) != count:
            draft.put(_restamp(item, {"votes": count}))

    def _vote_ids(self, draft: _Draft) -> set[str]:
        ids = set(self._tables["votes"])
        ids.update(rc.id for rc in draft.records.values() if rc.table == "votes")
        return ids

    def _set_proxy_votes(
        self,
        draft: _Draft,
        item_id: str,
        count: int,
        round: int,
        exercise_id: str | None = None,
    ) -> None:
        dots = [
            vote
            for vote_id in self._vote_ids(draft)
            if isinstance(vote := draft.current(vote_id), Vote)
            and vote.item_id == item_id
            and vote.round == round
        ]
        dots.sort(key=lambda v: v.created_at)
        by_people = [v for v in dots if v.participant_id is not None]
        proxies = [v for v in dots if v.participant_id is None]
        if count < len(by_people):
            raise ValidationError(
                f"votes: {len(by_people)} dots in round {round} were cast by named "
                f"participants; take those back one by one to go below that"
            )
        wanted = count - len(by_people)
        for extra in proxies[wanted:]:
            draft.remove(extra)
        for _ in range(wanted - len(proxies)):
            dot = {"item_id": item_id, "round": round, "exercise_id": exercise_id}
            draft.put(Vote.build(dot, record_id=new_id()))
        self._recount(draft, item_id)

    def _renumber_agenda(self, draft: _Draft, ordered: Iterable[AgendaItem]) -> None:
        for position, item in enumerate(ordered):
            if item.position != position:
                draft.put(_restamp(item, {"position": position}))


_SYSTEM = frozenset({"id", "created_at", "updated_at"})

_STORE_OPTIONS = (
    "backup_dir",
    "backup_keep",
    "backup_interval_s",
    "compact_after",
    "clock",
    "on_warning",
)


def _restamp(record: R, values: Mapping[str, Any]) -> R:
    return record.changed(values)


def _in_capture_order(rows: Mapping[str, Record]) -> dict[str, Record]:
    """*rows* oldest first; records captured in the same millisecond keep their order."""
    return dict(sorted(rows.items(), key=lambda row: row[1].created_at))


def _held(record: Record) -> bool:
    return getattr(record, "held", False) is True


def _vote_count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"votes: expected a whole number of at least 0, found {value!r}")
    return value


def initial_tables(**meta: Any) -> Tables:
    """The tables of a new, empty workshop with the given workshop fields."""
    tables: Tables = {table: {} for table in TABLES}
    record = WorkshopMeta.build(meta)
    tables["meta"][record.id] = record.to_json()
    return tables


def records_from_tables(tables: Tables) -> dict[str, dict[str, Record]]:
    """Typed, checked records from raw tables, or ValidationError naming the record."""
    records: dict[str, dict[str, Record]] = {}
    for table, docs in tables.items():
        cls = TABLES[table]
        rows: dict[str, Record] = {}
        for record_id, doc in docs.items():
            try:
                record = cls.from_json(doc)
            except ValidationError as error:
                raise ValidationError(f"{cls.kind} {record_id}: {error}") from None
            if isinstance(record, Concern) and record.anonymous and record.participant_id:
                # The app never writes this (see _check_links), but a file made elsewhere
                # can: the tick wins, so no export or view ever learns the author.
                record = replace(record, participant_id=None)
            rows[record_id] = record
        records[table] = rows
    _check_integrity(records)
    return records


def _check_integrity(records: dict[str, dict[str, Record]]) -> None:
    where = {rid: table for table, rows in records.items() for rid in rows}
    dots: dict[str, int] = {}
    for rows in records.values():
        for record in rows.values():
            for name, table, ref in references(record):
                if where.get(ref) != table:
                    raise ValidationError(
                        f"{record.kind} {record.id}: {name} points at {ref}, "
                        f"which is not a {record_type(table).kind.replace('_', ' ')}"
                    )
            if isinstance(record, Idea) and not record.problem_ids:
                raise ValidationError(f"idea {record.id}: solves no problem")
            if isinstance(record, Vote):
                if where.get(record.item_id) not in VOTABLE_TABLES:
                    raise ValidationError(
                        f"vote {record.id}: item_id points at {record.item_id}, "
                        "which is not a problem or an idea"
                    )
                dots[record.item_id] = dots.get(record.item_id, 0) + 1
    for table in VOTABLE_TABLES:
        for record in records[table].values():
            counted = dots.get(record.id, 0)
            if getattr(record, "votes", 0) != counted:
                raise ValidationError(
                    f"{record.kind} {record.id}: says {getattr(record, 'votes', 0)} votes "
                    f"but {counted} dots were recorded"
                )


def open_workshop(path: Path | str, *, read_only: bool = False, **options: Any) -> Workshop:
    """Open a workshop file. Raises WorkshopLockedError if another program has it
    open (then try ``read_only=True``) and WorkshopFileError if it is not a
    readable workshop (naming the newest valid backup)."""
    return Workshop.from_store(FileStore(path, read_only=read_only, **options))


def restore_backup(backup: Path | str, target: Path | str, **options: Any) -> Workshop:
    """A new workshop at *target* (which must not exist) with the records of the
    backup file *backup*, open for writing: locked, and with any journal left at
    *target* by an earlier workshop of that name folded away, like :meth:`Workshop.create`.
    Raises WorkshopFileError if the backup does not read as a workshop."""
    copy = open_workshop(backup, read_only=True)
    tables = {
        table: {record_id: record.to_json() for record_id, record in rows.items()}
        for table, rows in copy._tables.items()
    }
    return Workshop(FileStore.create(target, tables, **options), copy._tables)


@dataclass(frozen=True, slots=True)
class WorkshopSummary:
    """What a list of workshops shows without keeping them open."""

    path: Path
    title: str
    client: str
    date: str | None
    counts: dict[str, int]

    @property
    def records(self) -> int:
        """Captured records (everything but the workshop record and the agenda)."""
        return sum(n for table, n in self.counts.items() if table not in ("meta", "agenda"))


def summarize(path: Path | str) -> WorkshopSummary:
    """Read a workshop file (read-only, no lock) for a list of recent workshops."""
    workshop = open_workshop(path, read_only=True)
    meta = workshop.meta
    return WorkshopSummary(Path(path), meta.title, meta.client, meta.date, workshop.counts())


def _named(record: Record) -> str:
    """A record as the undo history names it: its first words, quoted."""
    words = " ".join(record.summary().split())
    return f"“{words if len(words) <= 32 else words[:31].rstrip() + '…'}”"
