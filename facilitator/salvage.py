"""Salvage: a new workshop with everything of a damaged one that still reads.

When a journal is damaged in the middle, or the file numbers two records the
same, the workshop is refused as it stands — and the newest backup predates the
whole journal, so taking it would lose every good entry. :func:`salvage` writes
a *new* workshop beside the old one (which is left as it is) with the file and
every journal entry that reads, in order, and says what was lost:

* journal entries that do not read (their changes are lost);
* records that no longer pass the workshop's checks (dropped, each named) — but
  the workshop's own record is never dropped (nothing opens without it): its
  settings that do not read are reset to their defaults instead;
* links to records that were lost are cut; an idea left without any problem
  goes to the parking lot, so its text is kept; dots are recounted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from tinydb import Query

from facilitator import atomic, journal, migrations, snapshot
from facilitator.database import JournalStorage, WorkshopDatabase, WorkshopTable
from facilitator.errors import NewerVersionError, WorkshopFileError
from facilitator.journal import Op, Standing
from facilitator.model import (
    SCHEMA_VERSION,
    TABLES,
    VOTABLE_TABLES,
    Idea,
    Note,
    ValidationError,
    WorkshopMeta,
    a_or_an,
    check_value,
    record_type,
    references,
)
from facilitator.snapshot import ShapeError
from facilitator.store import FileStore
from facilitator.workshop import records_from_tables

Doc = dict[str, Any]


@dataclass
class Salvaged:
    """What a salvage wrote and what it could not keep."""

    source: Path
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)
    """Saved work that is not in the copy, one line each."""
    changed: list[str] = field(default_factory=list)
    """What was changed so the rest could be kept (renumbered, unlinked, parked)."""
    unsaved: list[str] = field(default_factory=list)
    """Journal lines a crash cut short: never reported saved, not in the copy."""
    left_alone: list[str] = field(default_factory=list)
    """Files named like the journal that are not; untouched."""


def beside(original: Path, label: str, when: datetime | None = None) -> Path:
    """A new name beside *original* for a copy of it, never over anything:
    ``acme (restored 2026-11-19 14.05).workshop.json``."""
    stamp = (when or datetime.now()).strftime("%Y-%m-%d %H.%M")
    stem = original.name.removesuffix(".workshop.json").removesuffix(".json")
    candidate = original.with_name(f"{stem} ({label} {stamp}).workshop.json")
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = original.with_name(f"{stem} ({label} {stamp}, {number}).workshop.json")
        number += 1
    return candidate


def salvage(path: Path | str, target: Path | None = None, **options: Any) -> Salvaged:
    """Write a new workshop with what of *path* (and its journal) still reads.

    *target* defaults to a new name beside *path*; *options* are the store's
    (``backup_dir``...). Raises :class:`WorkshopFileError` when the file itself
    does not read as a workshop: then there is nothing to build on (its backups
    are the way back).
    """
    source = Path(path).absolute()
    real = source.resolve()
    result = Salvaged(source, target or beside(source, "salvaged"))
    try:
        data = snapshot.decode(atomic.read_regular(real), renumbered=result.changed)
    except ShapeError as error:
        raise WorkshopFileError(source, f"{error}; there is nothing to salvage") from None
    except OSError as error:
        raise WorkshopFileError(source, f"it cannot be read ({error.strerror or error})") from None
    version = snapshot.schema_version(data)
    if version > SCHEMA_VERSION:
        raise NewerVersionError(source, version, SCHEMA_VERSION)
    # Through TinyDB, as an open would: the file, then every journal entry that reads.
    db = WorkshopDatabase(real, storage=JournalStorage)
    db.journal.data = data
    with db.journal.quietly():
        for segment in journal.scan(real, snapshot.workshop_id(data)):
            if segment.standing is Standing.FOREIGN:
                result.left_alone.append(f"{segment.path.name}: {segment.why_foreign}")
            if not segment.replayable:
                continue
            for ops in segment.entries:
                for op in ops:
                    _apply_unless_the_id_is_taken(db, op, result)
            result.lost += [f"journal {d.describe()}" for d in segment.damaged]
            result.unsaved += [f"journal {d.describe()}" for d in segment.dropped]
        if version < SCHEMA_VERSION:
            migrations.migrate(db.journal.data, version, SCHEMA_VERSION)
        if len(db.table("meta")) != 1:
            raise WorkshopFileError(source, "its journal leaves it without one workshop record")
        replayed = snapshot.schema_version(db.journal.data)
        if replayed > SCHEMA_VERSION:  # a copy this app could not open
            raise NewerVersionError(source, replayed, SCHEMA_VERSION)
        _keep_what_reads(db, result)
        if len(db.table("meta")) != 1:
            why = "; ".join(line for line in result.lost if line.startswith("workshop "))
            raise WorkshopFileError(
                source, f"its workshop record does not read ({why}); there is nothing to salvage"
            )
    tables = snapshot.by_record_id(db.journal.data)
    try:
        records_from_tables(tables)
    except ValidationError as error:
        raise WorkshopFileError(source, f"even what reads is not a workshop: {error}") from None
    store = FileStore.create(result.path, tables, **options)
    store.close()
    result.counts = {table: len(docs) for table, docs in tables.items()}
    return result


def _apply_unless_the_id_is_taken(db: WorkshopDatabase, op: Op, result: Salvaged) -> None:
    """Replay *op*, unless it would give a record the id a record of another table
    holds (a file with one id twice never opens): the first holder keeps it."""
    table, record_id, doc = op
    holder = db.holder_of(record_id)
    if doc is not None and holder not in (None, table):
        kind = TABLES[table].kind.replace("_", " ")
        holding = a_or_an(TABLES[holder].label.lower())
        result.lost.append(f"{kind} {_named(doc)}: its id is {holding}'s")
        return
    db.apply([op])


def _keep_what_reads(db: WorkshopDatabase, result: Salvaged) -> None:
    """Drop records that do not read, then mend links until the rules hold."""
    for name, cls in TABLES.items():
        table = cast(WorkshopTable, db.table(name))
        for doc in table.all():
            try:
                cls.from_json(doc)
            except (ValidationError, RecursionError) as error:
                mended = _workshop_record_mended(doc, result) if cls is WorkshopMeta else None
                if mended is not None:
                    table.replace(doc.doc_id, mended)
                    continue
                table.remove(doc_ids=[doc.doc_id])
                result.lost.append(f"{cls.kind.replace('_', ' ')} {_named(doc)}: {error}")
    for _round in range(len(TABLES)):  # each round can only remove what points nowhere
        if not _mend_links(db, result):
            break
    _recount(db, result)


def _workshop_record_mended(doc: Doc, result: Salvaged) -> Doc | None:
    """The workshop record with its settings that do not read left out (so they take
    their defaults), or None when that does not make it read. Without this record
    no workshop opens, so dropping it would lose every card with it."""
    specs = WorkshopMeta.field_specs()
    unreadable: dict[str, str] = {}  # field -> why
    for name, value in doc.items():
        spec = specs.get(name)
        if spec is None or not spec.has_default:
            continue  # an unknown name, or a field it cannot do without: none to reset
        try:
            check_value(spec, value)
        except (ValidationError, RecursionError) as error:
            unreadable[name] = str(error)
    mended = {name: value for name, value in doc.items() if name not in unreadable}
    try:
        WorkshopMeta.from_json(mended)
    except (ValidationError, RecursionError):
        return None
    result.changed += [
        f"the workshop's {name} did not read ({why}): left out" for name, why in unreadable.items()
    ]
    return mended


def _mend_links(db: WorkshopDatabase, result: Salvaged) -> bool:
    """Cut links to records that were lost; True if anything changed."""
    cards = [doc["id"] for name in VOTABLE_TABLES for doc in db.table(name)]
    lost_dots = db.table("votes").remove(~Query().item_id.one_of(cards))
    result.lost += ["a dot on a card that was lost"] * len(lost_dots)
    where = {doc["id"]: name for name in TABLES for doc in db.table(name)}
    mended = bool(lost_dots)
    for name, cls in TABLES.items():
        table = cast(WorkshopTable, db.table(name))
        for doc in table.all():
            record = cls.from_json(doc)
            broken = {
                field for field, target, ref in references(record) if where.get(ref) != target
            }
            if not broken:
                continue
            mended = True
            fixed = dict(doc)
            for link in broken:
                value = fixed.get(link)
                target = cls.field_specs()[link].ref_table
                fixed[link] = (
                    [ref for ref in value if where.get(ref) == target]
                    if isinstance(value, list)
                    else None
                )
            if isinstance(record, Idea) and not fixed.get("problem_ids"):
                table.remove(doc_ids=[doc.doc_id])
                db.table("notes").insert(_parked(fixed))
                result.changed.append(
                    f"idea {_named(doc)} lost its problems: it is in the parking lot"
                )
            else:
                table.replace(doc.doc_id, fixed)
                result.changed.append(
                    f"{cls.kind.replace('_', ' ')} {_named(doc)}: {', '.join(sorted(broken))} "
                    "pointed at records that were lost"
                )
    return mended


def _parked(idea: Doc) -> Doc:
    keep = ("id", "created_at", "updated_at", "text", "participant_id", "exercise_id")
    note = {name: idea[name] for name in keep if name in idea and name in Note.field_specs()}
    note["parked"] = True
    return note


def _recount(db: WorkshopDatabase, result: Salvaged) -> None:
    """Each card's vote count is the number of its dots."""
    dots = db.table("votes")
    for name in VOTABLE_TABLES:
        table = db.table(name)
        for doc in table.all():
            counted = dots.count(Query().item_id == doc["id"])
            if doc.get("votes", 0) != counted:
                table.update({"votes": counted}, doc_ids=[doc.doc_id])
                kind = record_type(name).kind
                result.changed.append(f"{kind} {_named(doc)}: {counted} dots, recounted")


def _named(doc: Doc) -> str:
    for name in ("text", "title", "name", "tool"):
        value = doc.get(name)
        if isinstance(value, str) and value.strip():
            words = " ".join(value.split())
            return f"“{words if len(words) <= 40 else words[:39] + '…'}”"
    return str(doc.get("id", "?"))[:8]
