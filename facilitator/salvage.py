"""Salvage: a new workshop with everything of a damaged one that still reads.

When a journal is damaged in the middle, or the file numbers two records the
same, the workshop is refused as it stands — and the newest backup predates the
whole journal, so taking it would lose every good entry. :func:`salvage` writes
a *new* workshop beside the old one (which is left as it is) with the file and
every journal entry that reads, in order, and says what was lost:

* journal entries that do not read (their changes are lost);
* records that no longer pass the workshop's checks (dropped, each named);
* links to records that were lost are cut; an idea left without any problem
  goes to the parking lot, so its text is kept; dots are recounted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from facilitator import atomic, journal, migrations, snapshot
from facilitator.errors import NewerVersionError, WorkshopFileError
from facilitator.journal import Standing
from facilitator.model import (
    SCHEMA_VERSION,
    TABLES,
    VOTABLE_TABLES,
    Idea,
    Note,
    ValidationError,
    record_type,
    references,
)
from facilitator.snapshot import ShapeError
from facilitator.store import FileStore, Tables, apply_ops
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
    tables = snapshot.by_record_id(data)
    for segment in journal.scan(real, snapshot.workshop_id(data)):
        if segment.standing is Standing.FOREIGN:
            result.left_alone.append(f"{segment.path.name}: {segment.why_foreign}")
        if not segment.replayable:
            continue
        for ops in segment.entries:
            apply_ops(tables, ops)
        result.lost += [f"journal {d.describe()}" for d in segment.damaged]
        result.unsaved += [f"journal {d.describe()}" for d in segment.dropped]
    if version < SCHEMA_VERSION:
        migrations.migrate(tables, version, SCHEMA_VERSION)
    if len(tables["meta"]) != 1:
        raise WorkshopFileError(source, "its journal leaves it without one workshop record")
    _keep_what_reads(tables, result)
    try:
        records_from_tables(tables)
    except ValidationError as error:
        raise WorkshopFileError(source, f"even what reads is not a workshop: {error}") from None
    store = FileStore.create(result.path, tables, **options)
    store.close()
    result.counts = {table: len(docs) for table, docs in tables.items()}
    return result


def _keep_what_reads(tables: Tables, result: Salvaged) -> None:
    """Drop records that do not read, then mend links until the rules hold."""
    for table, docs in tables.items():
        cls = TABLES[table]
        for record_id, doc in list(docs.items()):
            try:
                cls.from_json(doc)
            except (ValidationError, RecursionError) as error:
                del docs[record_id]
                result.lost.append(f"{cls.kind.replace('_', ' ')} {_named(doc)}: {error}")
    for _round in range(len(TABLES)):  # each round can only remove what points nowhere
        if not _mend_links(tables, result):
            break
    _recount(tables, result)


def _mend_links(tables: Tables, result: Salvaged) -> bool:
    where = {rid: table for table, docs in tables.items() for rid in docs}
    mended = False
    for table, docs in tables.items():
        cls = TABLES[table]
        for record_id, doc in list(docs.items()):
            record = cls.from_json(doc)
            broken = {name for name, target, ref in references(record) if where.get(ref) != target}
            if table == "votes" and where.get(str(doc.get("item_id"))) not in VOTABLE_TABLES:
                del docs[record_id]
                result.lost.append(f"a dot on a card that was lost ({record_id[:8]})")
                mended = True
                continue
            if not broken:
                continue
            for name in broken:
                value = doc.get(name)
                doc[name] = (
                    [ref for ref in value if where.get(ref) == cls.field_specs()[name].ref_table]
                    if isinstance(value, list)
                    else None
                )
            mended = True
            if isinstance(record, Idea) and not doc.get("problem_ids"):
                del docs[record_id]
                tables["notes"][record_id] = _parked(doc)
                result.changed.append(
                    f"idea {_named(doc)} lost its problems: it is in the parking lot"
                )
            else:
                fields = ", ".join(sorted(broken))
                result.changed.append(
                    f"{cls.kind.replace('_', ' ')} {_named(doc)}: {fields} pointed at "
                    "records that were lost"
                )
    return mended


def _parked(idea: Doc) -> Doc:
    keep = ("id", "created_at", "updated_at", "text", "participant_id", "exercise_id")
    note = {name: idea[name] for name in keep if name in idea and name in Note.field_specs()}
    note["parked"] = True
    return note


def _recount(tables: Tables, result: Salvaged) -> None:
    dots: dict[str, int] = {}
    for vote in tables["votes"].values():
        dots[vote["item_id"]] = dots.get(vote["item_id"], 0) + 1
    for table in VOTABLE_TABLES:
        for record_id, doc in tables[table].items():
            counted = dots.get(record_id, 0)
            if doc.get("votes", 0) != counted:
                kind = record_type(table).kind
                result.changed.append(f"{kind} {_named(doc)}: {counted} dots, recounted")
                doc["votes"] = counted


def _named(doc: Doc) -> str:
    for name in ("text", "title", "name", "tool"):
        value = doc.get(name)
        if isinstance(value, str) and value.strip():
            words = " ".join(value.split())
            return f"“{words if len(words) <= 40 else words[:39] + '…'}”"
    return str(doc.get("id", "?"))[:8]
