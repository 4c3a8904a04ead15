"""Keep a workshop on disk so that nothing the app called saved is ever lost.

The file is a plain TinyDB database (``{"table": {"1": {...}, ...}}``) that
``tinydb.TinyDB(path)`` and ``json.load`` read after a clean close. Stock TinyDB
rewrites the whole file on every insert, in place: slow (tens of milliseconds at
5,000 records) and a crash mid-write corrupts it. So the store works like this:

* the data lives in memory;
* each change is appended to a **journal** beside the file
  (``<file>.journal-<n>``), one checksummed line per change, fsync'd before the
  change is reported as saved;
* the journal is **compacted** into the TinyDB file atomically (temp file,
  fsync, ``os.replace``, fsync of the folder) on close, when it grows, and
  every few minutes — the last two on a background thread;
* on open, the journal is **replayed** over the file.

A journal entry stores the whole new state of each record it touches (or its
deletion), so replaying an entry twice is harmless. That is what makes every
crash point safe: whether a compaction got as far as replacing the file or not,
replaying every journal segment still on disk, in order, gives the same state.
A change that fails to reach the disk (disk full, folder read-only) stays in
memory as *unsaved* and is written by the next successful save or compaction.

Backups: a copy of the compacted file goes to the backups folder on open and
every few minutes while changes happen; the last ten are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from facilitator import atomic, migrations, paths
from facilitator.errors import (
    NewerVersionError,
    ReadOnlyError,
    SaveFailedError,
    WorkshopError,
    WorkshopFileError,
    WorkshopLockedError,
)
from facilitator.lock import WorkshopLock
from facilitator.model import SCHEMA_VERSION, TABLES, is_uuid

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]
"""Table name -> record id -> record as JSON, in insertion order."""
Op = tuple[str, str, Doc | None]
"""(table, record id, new JSON form of the record or None to delete it)."""
Validator = Callable[[Tables], None]

JOURNAL_MARK = ".journal-"
BACKUP_SUFFIX = ".workshop.json"


def empty_tables() -> Tables:
    return {table: {} for table in TABLES}


def apply_ops(tables: Tables, ops: Iterable[Op]) -> None:
    for table, record_id, doc in ops:
        if doc is None:
            tables[table].pop(record_id, None)
        else:
            tables[table][record_id] = doc


class ShapeError(ValueError):
    """The bytes are not a workshop; the message says why, for WorkshopFileError."""


# --- the TinyDB file ----------------------------------------------------------------


def encode_snapshot(tables: Tables, doc_ids: dict[str, dict[str, int]]) -> bytes:
    """The TinyDB form of *tables*. ASCII-only JSON, so any JSON reader on any
    platform (TinyDB opens files in the locale's encoding) reads it right."""
    out: dict[str, dict[str, Doc]] = {}
    for table, docs in tables.items():
        ids = doc_ids.get(table, {})
        out[table] = {str(ids[record_id]): doc for record_id, doc in docs.items()}
    return json.dumps(out, separators=(",", ":")).encode("ascii")


def decode_snapshot(data: bytes) -> tuple[Tables, dict[str, dict[str, int]]]:
    """Read a workshop file's bytes, or raise :class:`ShapeError` saying what is wrong."""
    if not data.strip():
        raise ShapeError("the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ShapeError("it is not a text file, so it is not a workshop file") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        if _stops_early(text):
            raise ShapeError(
                f"the file is cut off (it ends at line {error.lineno} in the middle "
                "of the data) — it looks truncated"
            ) from None
        raise ShapeError(
            f"it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(raw, dict):
        raise ShapeError(f"expected tables of records (a JSON object), found {type(raw).__name__}")
    tables = empty_tables()
    doc_ids: dict[str, dict[str, int]] = {table: {} for table in TABLES}
    seen: dict[str, str] = {}
    for table, docs in raw.items():
        if table == "_default" and docs == {}:
            continue  # TinyDB itself may add an empty default table
        if table not in TABLES:
            raise ShapeError(f"it has an unknown table {table!r}")
        if not isinstance(docs, dict):
            raise ShapeError(f"table {table!r} is not a set of records")
        numbered: list[tuple[int, Doc]] = []
        for key, doc in docs.items():
            if not key.isdigit():
                raise ShapeError(f"table {table!r} has a record numbered {key!r}")
            if not isinstance(doc, dict) or not is_uuid(doc.get("id")):
                raise ShapeError(f"record {key} of table {table!r} has no valid id")
            numbered.append((int(key), doc))
        for number, doc in sorted(numbered, key=lambda pair: pair[0]):
            record_id = doc["id"]
            if record_id in seen:
                raise ShapeError(
                    f"record id {record_id} appears twice (tables {seen[record_id]!r} "
                    f"and {table!r})"
                )
            seen[record_id] = table
            tables[table][record_id] = doc
            doc_ids[table][record_id] = number
    schema_version(tables)  # a file without a valid workshop record is not a workshop
    return tables, doc_ids


def _stops_early(text: str) -> bool:
    """True when the text is an unfinished JSON document (a string or a bracket left
    open at the end), which is what a cut-off copy or a torn write looks like."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
    return in_string or depth > 0


def schema_version(tables: Tables) -> int:
    metas = list(tables["meta"].values())
    if not metas:
        raise ShapeError("it has no workshop record (the 'meta' table is missing or empty)")
    if len(metas) > 1:
        raise ShapeError(f"it has {len(metas)} workshop records in 'meta'; expected one")
    version = metas[0].get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ShapeError("its workshop record has no valid schema_version")
    return version


# --- the journal --------------------------------------------------------------------


def encode_entry(ops: Sequence[Op]) -> bytes:
    body = json.dumps([list(op) for op in ops], separators=(",", ":")).encode("ascii")
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def _decode_entry(line: bytes) -> list[Op] | None:
    """The ops of one journal line, or None if the line is damaged or torn."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        raw = json.loads(body)
    except ValueError:
        return None
    if not isinstance(raw, list):
        return None
    ops: list[Op] = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 3):
            return None
        table, record_id, doc = item
        if table not in TABLES or not is_uuid(record_id):
            return None
        if doc is not None and not (isinstance(doc, dict) and doc.get("id") == record_id):
            return None
        ops.append((table, record_id, doc))
    return ops


def decode_journal(data: bytes, name: str) -> tuple[list[list[Op]], bool]:
    """The entries of one journal segment and whether a torn last entry was dropped.

    A crash while appending can leave the last line incomplete; that entry was
    never reported as saved, so it is dropped. A bad line *followed by good ones*
    is not a crash but damage, and is refused.
    """
    lines = data.split(b"\n")
    complete, tail = lines[:-1], lines[-1]
    entries: list[list[Op]] = []
    bad_at: int | None = None
    for number, line in enumerate(complete, start=1):
        ops = _decode_entry(line)
        if ops is None:
            if bad_at is None:
                bad_at = number
            continue
        if bad_at is not None:
            raise ShapeError(f"its journal {name} is damaged at entry {bad_at}")
        entries.append(ops)
    # A tail without its newline, even NUL padding left by a power cut, was never
    # acknowledged; reporting it as torn makes the opener fold the journal away
    # instead of appending after the debris.
    return entries, bad_at is not None or tail != b""


def journal_segments(path: Path) -> list[int]:
    """Numbers of the journal segments beside a workshop file, oldest first."""
    prefix = path.name + JOURNAL_MARK
    numbers = []
    for candidate in path.parent.iterdir():
        suffix = candidate.name.removeprefix(prefix)
        if suffix != candidate.name and suffix.isdigit():
            numbers.append(int(suffix))
    return sorted(numbers)


def segment_path(path: Path, generation: int) -> Path:
    return path.with_name(f"{path.name}{JOURNAL_MARK}{generation}")


def remove_orphan_journal(path: Path) -> None:
    """Journal segments left beside a path whose workshop is being (re)written
    belong to a file that is gone; replaying them would mix two workshops."""
    orphans = journal_segments(path)
    for generation in orphans:
        segment_path(path, generation).unlink()
    if orphans:
        atomic.fsync_dir(path.parent)


# --- stores -------------------------------------------------------------------------


class Store(ABC):
    """Where a workshop's tables live. The Workshop talks only to this interface."""

    path: Path | None = None
    read_only: bool = False

    @abstractmethod
    def load(self, validate: Validator | None = None) -> Tables:
        """Read the tables; *validate* runs before anything is written back."""

    @abstractmethod
    def commit(self, ops: Sequence[Op]) -> None:
        """Apply *ops* as one change and make it durable.

        Raises :class:`SaveFailedError` if the disk refused it; the change is then
        kept as unsaved and written by :meth:`retry` or the next commit.
        """

    def retry(self) -> None:  # noqa: B027 - an optional hook, a no-op by default
        """Try again to write changes that could not be saved."""

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Commits made inside reach the disk together, with one flush at the end
        (raising :class:`SaveFailedError` then if the disk refused them)."""
        yield

    @property
    def unsaved(self) -> int:
        """How many changes are in memory but not yet on disk."""
        return 0

    def maintain(self) -> None:  # noqa: B027 - an optional hook, a no-op by default
        """Periodic upkeep (compaction, backups); cheap when there is nothing to do."""

    def close(self) -> str | None:
        """Write everything and let go of the file; a note if the file itself could
        not be brought up to date (its journal holds the changes)."""
        return None


class MemoryStore(Store):
    """Tables in memory only: for tests and for the brief of an unsaved workshop."""

    def __init__(self, tables: Tables | None = None) -> None:
        self.tables = tables if tables is not None else empty_tables()

    def load(self, validate: Validator | None = None) -> Tables:
        if validate is not None:
            validate(self.tables)
        return self.tables

    def commit(self, ops: Sequence[Op]) -> None:
        apply_ops(self.tables, ops)


class Backups:
    """The rotating backup copies of one workshop file."""

    def __init__(self, root: Path, workshop_path: Path, keep: int = 10) -> None:
        digest = hashlib.sha1(str(workshop_path).encode("utf-8")).hexdigest()[:8]
        stem = workshop_path.name.removesuffix(BACKUP_SUFFIX).removesuffix(".json")
        self.folder = root / f"{stem}-{digest}"
        self.keep = keep

    def list(self) -> list[Path]:
        """Backups, newest first."""
        try:
            found = [p for p in self.folder.iterdir() if p.name.endswith(BACKUP_SUFFIX)]
        except OSError:
            return []
        return sorted(found, key=lambda p: p.name, reverse=True)

    def write(self, data: bytes, *, unless_newer_than_s: float = 0.0) -> Path | None:
        """Keep *data* as the newest backup, unless it equals the newest one or the
        newest one is younger than *unless_newer_than_s* seconds.

        The age rule keeps a script that runs ``facilitator add`` a hundred times
        (each one an open) from rotating a day of backups away in a minute.
        """
        existing = self.list()
        if existing:
            with contextlib.suppress(OSError):
                if existing[0].read_bytes() == data:
                    return existing[0]
                age = time.time() - existing[0].stat().st_mtime
                if 0 <= age < unless_newer_than_s:
                    return None
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        target = self.folder / f"{stamp}{BACKUP_SUFFIX}"
        atomic.write_atomic(target, data)
        for old in self.list()[self.keep :]:
            with contextlib.suppress(OSError):
                old.unlink()
        return target

    def newest_valid(self) -> Path | None:
        for candidate in self.list():
            try:
                tables, _ = decode_snapshot(candidate.read_bytes())
                if schema_version(tables) <= SCHEMA_VERSION:
                    return candidate
            except (OSError, ShapeError):
                continue
        return None


def newest_backup(path: Path, backup_root: Path | None = None) -> Path | None:
    """The newest backup of *path* that loads, if any."""
    root = backup_root if backup_root is not None else paths.backups_dir()
    return Backups(root, Path(path).absolute()).newest_valid()


class FileStore(Store):
    """A workshop file with its journal, lock and backups. See the module docstring."""

    path: Path

    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool = False,
        backup_dir: Path | None = None,
        backup_keep: int = 10,
        backup_interval_s: float = 300.0,
        compact_after: int = 2000,
        clock: Callable[[], float] = time.monotonic,
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path).absolute()
        self.read_only = read_only
        self.backups = Backups(
            backup_dir if backup_dir is not None else paths.backups_dir(),
            self.path,
            backup_keep,
        )
        self.backup_interval_s = backup_interval_s
        self.compact_after = compact_after
        self.clock = clock
        self.on_warning = on_warning
        self.recovered_entries = 0
        """Journal entries replayed on open (changes from a session that did not close)."""
        self.dropped_torn_entry = False
        self.warning: str | None = None
        self._lock = WorkshopLock(self.path)
        self._mutex = threading.Lock()
        self._tables: Tables = empty_tables()
        self._doc_ids: dict[str, dict[str, int]] = {t: {} for t in TABLES}
        self._next_doc_id: dict[str, int] = dict.fromkeys(TABLES, 1)
        self._generation = 0  # number of the journal segment being appended to
        self._segment_fd: int | None = None
        self._segment_entries = 0
        self._seq = 0  # commits so far; lets a compaction know which unsaved ones it covers
        self._unsaved: list[tuple[int, bytes]] = []
        self._worker: threading.Thread | None = None
        self._last_backup = clock()
        self._changed_since_backup = False
        self._closed = False
        self._batching = False

    # -- opening -------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, tables: Tables, **options: Any) -> FileStore:
        """Write a new workshop file (refusing to overwrite one) and keep it open."""
        store = cls(path, **options)
        if store.read_only:
            raise ReadOnlyError("a new workshop cannot be created read-only")
        if store.path.exists():
            raise WorkshopError(f"{store.path} already exists; choose another name")
        try:
            store.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WorkshopError(f"cannot create the folder {store.path.parent}: {error}") from None
        try:
            store._lock.acquire()
        except WorkshopLockedError as error:
            if error.owner is not None:  # someone else is creating it this moment
                raise
            # Nothing exists yet to open read-only: say why the lock failed (a folder
            # that refuses writes, a drive that cannot lock) and ask for another place.
            raise WorkshopError(
                f"cannot create {store.path.name} in {store.path.parent}: "
                f"{error.detail or 'it cannot be locked'}; choose another folder"
            ) from None
        try:
            if store.path.exists():  # created by someone else while we took the lock
                raise WorkshopError(f"{store.path} already exists; choose another name")
            store._remove_orphan_journal()
            store._adopt(tables)
            data = store._snapshot_bytes()
            store._write_snapshot(data)
            store._backup(data)
        except OSError as error:
            store._lock.release()
            raise WorkshopError(f"cannot write {store.path}: {error.strerror or error}") from None
        except BaseException:
            store._lock.release()
            raise
        return store

    def load(self, validate: Validator | None = None) -> Tables:
        """Open the file: lock it (unless read-only), read it, replay the journal.

        Raises :class:`WorkshopFileError` (naming the newest valid backup) when
        the file cannot be read as a workshop; the file is then left untouched.
        """
        if not self.read_only:
            self._lock.acquire()
        try:
            return self._load(validate)
        except ShapeError as error:
            self._lock.release()
            raise WorkshopFileError(self.path, str(error), self.backups.newest_valid()) from None
        except WorkshopFileError as error:
            self._lock.release()
            if isinstance(error, NewerVersionError):
                raise
            raise error.with_backup(self.backups.newest_valid()) from None
        except BaseException:
            self._lock.release()
            raise

    def _load(self, validate: Validator | None) -> Tables:
        for _attempt in range(20):
            try:
                before = self._identity()
                original = self._read_file()
                tables, doc_ids = decode_snapshot(original)
                version = schema_version(tables)
                if version > SCHEMA_VERSION:
                    raise NewerVersionError(self.path, version, SCHEMA_VERSION)
                segments = self._segments()
                entries = self._replay(tables, doc_ids, segments)
                schema_version(tables)  # the journal must not have added a second workshop
            except FileNotFoundError:
                # A reader can race a writer's compaction that removed a segment
                # between listing and reading it: read everything again.
                if not self.path.exists():
                    raise WorkshopFileError(self.path, "the file does not exist") from None
                continue
            # A writer (another process) may have replaced the file and dropped the
            # segments it folded in while we read: old file + new segments would be
            # a state that never existed. Compaction renames before it deletes, so a
            # file that looks the same before and after means a consistent read.
            if self.read_only and self._identity() != before:
                continue
            break
        else:
            raise WorkshopFileError(self.path, "it keeps changing while being read")
        if version < SCHEMA_VERSION:
            try:
                migrations.migrate(tables, version, SCHEMA_VERSION)
            except ValueError as error:
                raise WorkshopFileError(self.path, str(error)) from None
        self._adopt(tables, doc_ids)
        if validate is not None:
            try:
                validate(self._tables)
            except ValueError as error:
                raise WorkshopFileError(self.path, str(error)) from None
        self.recovered_entries = entries
        if self.read_only:
            return self._tables
        # Never append to a segment an earlier session wrote: its tail may be debris.
        self._generation = max(segments, default=0) + 1
        self._remove_stale_temp_files()
        if version < SCHEMA_VERSION:
            # Keep the file as the older version wrote it before it changes shape.
            self._backup(original, force=True)
        if entries or version < SCHEMA_VERSION or self.dropped_torn_entry:
            try:
                self._compact_now(backup=True)
            except SaveFailedError as error:
                # The disk is full or read-only: the journal still holds every
                # change, so open anyway and fold it in on a later compaction.
                self._warn(str(error))
        else:
            self._backup(original, unless_newer_than_s=self.backup_interval_s)
        return self._tables

    def _identity(self) -> tuple[int, int, int, int] | None:
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (found.st_dev, found.st_ino, found.st_mtime_ns, found.st_size)

    def _remove_orphan_journal(self) -> None:
        remove_orphan_journal(self.path)

    def _read_file(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            raise
        except IsADirectoryError:
            raise WorkshopFileError(self.path, "it is a folder, not a file") from None
        except OSError as error:
            raise WorkshopFileError(self.path, f"it cannot be read ({error.strerror})") from None

    def _adopt(self, tables: Tables, doc_ids: dict[str, dict[str, int]] | None = None) -> None:
        self._tables = tables
        self._doc_ids = {t: {} for t in TABLES}
        self._next_doc_id = dict.fromkeys(TABLES, 1)
        for table, docs in tables.items():
            known = (doc_ids or {}).get(table, {})
            for record_id in docs:
                if record_id in known:
                    number = known[record_id]
                    self._doc_ids[table][record_id] = number
                    self._next_doc_id[table] = max(self._next_doc_id[table], number + 1)
            for record_id in docs:
                if record_id not in self._doc_ids[table]:
                    self._number(table, record_id)

    def _number(self, table: str, record_id: str) -> None:
        self._doc_ids[table][record_id] = self._next_doc_id[table]
        self._next_doc_id[table] += 1

    def _segments(self) -> list[int]:
        return journal_segments(self.path)

    def _segment_path(self, generation: int) -> Path:
        return segment_path(self.path, generation)

    def _replay(
        self, tables: Tables, doc_ids: dict[str, dict[str, int]], segments: list[int]
    ) -> int:
        count = 0
        self.dropped_torn_entry = False
        for generation in segments:
            segment = self._segment_path(generation)
            entries, torn = decode_journal(segment.read_bytes(), segment.name)
            self.dropped_torn_entry |= torn
            for ops in entries:
                apply_ops(tables, ops)
                count += 1
        return count

    def _remove_stale_temp_files(self) -> None:
        # We hold the lock, so a temp file for this workshop is a dead writer's.
        for candidate in self.path.parent.iterdir():
            if atomic.is_temp_of(candidate, self.path):
                with contextlib.suppress(OSError):
                    candidate.unlink()

    # -- saving --------------------------------------------------------------------

    @property
    def tables(self) -> Tables:
        return self._tables

    @property
    def unsaved(self) -> int:
        with self._mutex:
            return len(self._unsaved)

    def commit(self, ops: Sequence[Op]) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only; the change was not made")
        if self._closed:
            raise WorkshopError(f"{self.path} is closed")
        line = encode_entry(ops)
        with self._mutex:
            for table, record_id, doc in ops:
                if doc is not None and record_id not in self._doc_ids[table]:
                    self._number(table, record_id)
                elif doc is None:
                    self._doc_ids[table].pop(record_id, None)
            apply_ops(self._tables, ops)
            self._seq += 1
            self._unsaved.append((self._seq, line))
            self._changed_since_backup = True
        if self._batching:
            return  # written with the rest of the batch
        self._flush()
        self._tidy()

    def _tidy(self) -> None:
        try:
            self.maintain()
        except Exception as error:  # the change is saved; upkeep trouble is only a warning
            self._warn(f"could not tidy the journal: {error!r}")

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group commit: each commit inside is still its own journal entry (its own
        change, its own undo step), but all of them are written and fsync'd once, at
        the end. Two hundred phones sending at once cost one flush, not two hundred.
        Nobody may be told a change inside is saved before the batch has ended."""
        if self._batching:
            yield
            return
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            self._flush()
            self._tidy()

    def retry(self) -> None:
        self._flush()
        self.maintain()

    def _flush(self) -> None:
        with self._mutex:
            if not self._unsaved:
                return
            data = b"".join(line for _, line in self._unsaved)
            fd = None
            offset = 0
            try:
                fd = self._open_segment()
                offset = os.lseek(fd, 0, os.SEEK_END)
                atomic.write_all(fd, data)
                _sync_data(fd)
            except OSError as error:
                self._abandon_segment(fd, offset)
                raise SaveFailedError(
                    f"not saved: {error.strerror or error} while writing to "
                    f"{self.path.parent} — your changes are kept in memory"
                ) from error
            self._segment_entries += len(self._unsaved)
            self._unsaved.clear()

    def _open_segment(self) -> int:
        if self._segment_fd is None:
            if self._generation == 0:
                self._generation = 1
            segment = self._segment_path(self._generation)
            created = not segment.exists()
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
            self._segment_fd = os.open(segment, flags, 0o644)
            if created:
                try:
                    atomic.fsync_dir(self.path.parent)
                except OSError:
                    self._abandon_segment(self._segment_fd, 0)
                    raise
        return self._segment_fd

    def _close_segment(self) -> None:
        # Forget the descriptor before closing it: if close fails, a number the
        # OS may hand out again must never be written to as our journal.
        fd, self._segment_fd = self._segment_fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def _abandon_segment(self, fd: int | None, offset: int) -> None:
        """After a failed write: cut off what may have been half written, then move
        on to a fresh segment so a damaged tail can only ever be a segment's last line."""
        if fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, offset)
            with contextlib.suppress(OSError):
                os.close(fd)
            if offset == 0:  # it held nothing: don't leave empty journal files behind
                with contextlib.suppress(OSError):
                    self._segment_path(self._generation).unlink()
        self._segment_fd = None
        self._generation += 1
        self._segment_entries = 0

    def maintain(self) -> None:
        if self.read_only or self._closed:
            return
        due_backup = (
            self._changed_since_backup
            and self.clock() - self._last_backup >= self.backup_interval_s
        )
        if self._segment_entries >= self.compact_after or due_backup:
            self.compact(wait=False, backup=due_backup)

    # -- compaction ----------------------------------------------------------------

    def compact(self, *, wait: bool = True, backup: bool = False) -> None:
        """Fold the journal into the TinyDB file.

        With ``wait=False`` the file is written on a background thread; the
        snapshot is taken now, so later commits are not part of it (they stay in
        the journal). Raises :class:`SaveFailedError` only when waiting.
        """
        if self.read_only:
            return
        if self._worker is not None:
            if not wait and self._worker.is_alive():
                return  # one compaction at a time; the next commit will ask again
            self._worker.join()
            self._worker = None
        with self._mutex:
            covered = self._rotate()
            seq = self._seq
            tables = {table: dict(docs) for table, docs in self._tables.items()}
            doc_ids = {table: dict(ids) for table, ids in self._doc_ids.items()}
        if backup:
            self._last_backup = self.clock()
            self._changed_since_backup = False
        if wait:
            self._write_compaction(tables, doc_ids, covered, seq, backup)
            return

        def work() -> None:
            try:
                self._write_compaction(tables, doc_ids, covered, seq, backup)
            except Exception as error:  # the journal keeps everything; say so, don't die
                self._warn(
                    str(error)
                    if isinstance(error, SaveFailedError)
                    else f"could not update {self.path.name}: {error!r}"
                )

        self._worker = threading.Thread(target=work, name="facilitator-compact", daemon=False)
        self._worker.start()

    def wait(self) -> None:
        """Block until a background compaction (and its backup) has finished."""
        worker = self._worker
        if worker is not None:
            worker.join()

    def _rotate(self) -> int:
        """Start a new journal segment; return the last one a compaction will cover."""
        covered = self._generation
        self._close_segment()
        self._generation += 1
        self._segment_entries = 0
        return covered

    def _compact_now(self, *, backup: bool) -> None:
        with self._mutex:
            covered = self._rotate()
            seq = self._seq
        self._write_compaction(self._tables, self._doc_ids, covered, seq, backup)

    def _write_compaction(
        self,
        tables: Tables,
        doc_ids: dict[str, dict[str, int]],
        covered: int,
        seq: int,
        backup: bool,
    ) -> None:
        data = encode_snapshot(tables, doc_ids)
        try:
            self._write_snapshot(data)
            for generation in self._segments():
                if generation <= covered:
                    self._segment_path(generation).unlink()
            atomic.fsync_dir(self.path.parent)
        except OSError as error:
            raise SaveFailedError(
                f"could not update {self.path.name}: {error.strerror or error}; "
                "every saved change is still in its journal"
            ) from error
        with self._mutex:
            self._unsaved = [(s, line) for s, line in self._unsaved if s > seq]
        self.warning = None
        if backup:
            self._backup(data)

    def _write_snapshot(self, data: bytes) -> None:
        atomic.write_atomic(self.path, data)

    def _snapshot_bytes(self) -> bytes:
        return encode_snapshot(self._tables, self._doc_ids)

    def _backup(
        self, data: bytes, *, force: bool = False, unless_newer_than_s: float = 0.0
    ) -> None:
        try:
            if force:
                self.backups.folder.mkdir(parents=True, exist_ok=True)
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
                atomic.write_atomic(self.backups.folder / f"{stamp}{BACKUP_SUFFIX}", data)
            else:
                self.backups.write(data, unless_newer_than_s=unless_newer_than_s)
        except OSError as error:
            # A backup that fails must not stop the workshop; it is worth a warning.
            self._warn(f"could not write a backup to {self.backups.folder}: {error.strerror}")

    def _warn(self, message: str) -> None:
        self.warning = message
        if self.on_warning is not None:
            self.on_warning(message)

    # -- closing and moving ----------------------------------------------------------

    def save_as(self, new_path: Path | str) -> None:
        """Write everything to *new_path* and carry on there (e.g. when the disk
        of the original is full). The original keeps what had reached it."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only")
        target = Path(new_path).absolute()
        if self._worker is not None:
            self._worker.join()
            self._worker = None
        new_lock = WorkshopLock(target)
        new_lock.acquire()
        try:
            with self._mutex:
                data = encode_snapshot(self._tables, self._doc_ids)
                remove_orphan_journal(target)
                atomic.write_atomic(target, data)
        except OSError as error:
            new_lock.release()
            raise SaveFailedError(f"could not save to {target}: {error.strerror}") from error
        with self._mutex:
            self._close_segment()
            self._lock.release()
            self._lock = new_lock
            self.path = target
            self.backups = Backups(self.backups.folder.parent, target, self.backups.keep)
            self._generation = max(self._segments(), default=0) + 1
            self._segment_entries = 0
            self._unsaved.clear()

    def close(self) -> str | None:
        """Write everything into the file and release the lock.

        If changes cannot be written, raises :class:`SaveFailedError` and stays
        open, so the caller can retry or :meth:`save_as` elsewhere. If they are
        safe in the journal but the file could not be rewritten (a full disk, say),
        closes and returns a note saying so: nothing is lost, but the file alone,
        copied without its journal, would be out of date.
        """
        if self._closed:
            return None
        note = None
        if not self.read_only:
            due_backup = (
                self._changed_since_backup
                and self.clock() - self._last_backup >= self.backup_interval_s
            )
            try:
                self.compact(wait=True, backup=due_backup)
            except SaveFailedError as error:
                self._flush()  # raises, and stays open, if changes are still unsaved
                # Everything is in the journal; the next open folds it in.
                note = (
                    f"{error}. They are folded into the file the next time it is opened; "
                    "until then, copy or send the whole folder, not the file alone"
                )
            with self._mutex:
                self._close_segment()
        self._lock.release()
        self._closed = True
        return note

    def abandon(self) -> None:
        """Let go without writing (the journal keeps every saved change)."""
        if self._worker is not None:
            self._worker.join()
        self._close_segment()
        self._lock.release()
        self._closed = True


def _sync_data(fd: int) -> None:
    # fdatasync skips the timestamp update that fsync also flushes; it still
    # flushes the file size, which is what an append needs.
    if hasattr(os, "fdatasync"):
        os.fdatasync(fd)
    else:
        atomic.full_fsync(fd)
