"""Keep a workshop on disk so that nothing the app called saved is ever lost.

A workshop file is a TinyDB database, and the app reads and writes it through
TinyDB (:mod:`facilitator.database`): a :class:`~facilitator.database.JournalStorage`
keeps the tables in memory and appends every change to a checksummed journal
beside the file (:mod:`facilitator.journal`), fsync'd before the change is
reported saved. The journal is **compacted** into the TinyDB file atomically
(temp file, fsync, ``os.replace``, fsync of the folder) on close, when it grows,
and every few minutes — the last two on a background thread; on open, the
journal is **replayed** over the file.

A journal entry stores the whole new state of each record it touches (or its
deletion), so replaying an entry twice is harmless. That is what makes every
crash point safe: whether a compaction got as far as replacing the file or not,
replaying every journal segment still on disk, in order, gives the same state.
A change that fails to reach the disk (disk full, folder read-only) stays in
memory as *unsaved* and is written by the next successful save or compaction.

The lock, the journal and the replaced file are those of the *real* path: a
workshop opened through a symbolic link is locked, journaled and replaced where
the link points, and the link stays a link.

Backups: a copy of the compacted file goes to the backups folder on open and
every few minutes while changes happen; the last ten are kept, fewer and less
often for a big workshop (see :class:`Backups`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from facilitator import atomic, journal, migrations, paths, snapshot
from facilitator.database import JournalStorage, WorkshopDatabase
from facilitator.errors import (
    FileReadOnlyError,
    NewerVersionError,
    ReadOnlyError,
    SaveFailedError,
    WorkshopError,
    WorkshopFileError,
    WorkshopLockedError,
)
from facilitator.events import Event
from facilitator.journal import Dropped, Op, Segment, Standing, decode_entry, encode_entry
from facilitator.lock import WorkshopLock
from facilitator.model import SCHEMA_VERSION, TABLES, a_or_an
from facilitator.snapshot import ShapeError

__all__ = [
    "BACKUP_SUFFIX",
    "Backups",
    "FileStore",
    "MemoryStore",
    "Op",
    "ShapeError",
    "Store",
    "Tables",
    "decode_entry",
    "encode_entry",
    "journal_segments",
]

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]
"""Table name -> record id -> record as JSON, in insertion order."""
Validator = Callable[[Tables], None]

BACKUP_SUFFIX = ".workshop.json"
BIG_WORKSHOP_BYTES = 16 * 1024 * 1024
"""A workshop this size or bigger is backed up less often, in proportion."""
BACKUP_BUDGET_BYTES = 512 * 1024 * 1024
"""What the older backups of one workshop may take beside the newest one."""


def empty_tables() -> Tables:
    return {table: {} for table in TABLES}


def journal_segments(path: Path) -> list[int]:
    """Numbers of the files named like journal segments beside *path*, oldest first."""
    return journal.segment_numbers(path)


def apply_ops(tables: Tables, ops: Iterable[Op]) -> None:
    for table, record_id, doc in ops:
        if doc is None:
            tables[table].pop(record_id, None)
        else:
            tables[table][record_id] = doc


# --- stores -------------------------------------------------------------------------


class Store(ABC):
    """Where a workshop's tables live. The Workshop talks only to this interface."""

    path: Path | None = None
    read_only: bool = False

    def __init__(self) -> None:
        self.warned: Event[str] = Event()
        """Upkeep trouble that loses nothing (a compaction or a backup failed).
        May be emitted from the store's background thread."""

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
    def batch(self, *, wait: bool = True) -> Iterator[None]:
        """Commits made inside reach the disk together, with one flush at the end
        (raising :class:`SaveFailedError` then if the disk refused them). With
        *wait* false the flush is the writer's (:meth:`when_saved`), and this
        thread goes on at once."""
        yield

    def when_saved(self, done: Callable[[str | None], None]) -> None:
        """Call *done* once every change committed so far is on disk (with None),
        or could not be written (with the reason; they stay unsaved). A store that
        writes in the background calls it from its writer thread."""
        done(None)

    @property
    def unsaved(self) -> int:
        """How many changes are in memory but not yet on disk."""
        return 0

    @property
    def saving(self) -> bool:
        """Whether the writer thread is on its way to the disk with changes."""
        return False

    @property
    def failure(self) -> str | None:
        """Why the latest write failed, until one succeeds."""
        return None

    @property
    def warning(self) -> str | None:
        """The latest upkeep trouble, until upkeep succeeds again."""
        return None

    def maintain(self) -> None:  # noqa: B027 - an optional hook, a no-op by default
        """Periodic upkeep (compaction, backups); cheap when there is nothing to do."""

    def begin_close(self) -> Callable[[], str | None]:
        """Stop taking changes; return the rest of closing, which may be slow and
        may run on any thread. Raises :class:`SaveFailedError`, and stays open, if
        changes cannot be written."""
        return lambda: None

    def close(self) -> str | None:
        """Write everything and let go of the file; a note if the file itself could
        not be brought up to date (its journal holds the changes)."""
        return self.begin_close()()


class MemoryStore(Store):
    """Tables in memory only: for tests and for the brief of an unsaved workshop."""

    def __init__(self, tables: Tables | None = None) -> None:
        super().__init__()
        self.tables = tables if tables is not None else empty_tables()

    def load(self, validate: Validator | None = None) -> Tables:
        if validate is not None:
            validate(self.tables)
        return self.tables

    def commit(self, ops: Sequence[Op]) -> None:
        apply_ops(self.tables, ops)


def _on_a_read_only_disk(path: Path) -> bool:
    """Whether *path* lies on a file system mounted read-only (a USB stick, a share,
    a disk image): then no permission change lets anyone write it."""
    statvfs = getattr(os, "statvfs", None)  # not on Windows
    if statvfs is None:  # pragma: no cover - Windows
        return False
    try:
        return bool(statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


class Backups:
    """The rotating backup copies of one workshop file: the last *keep*, as long
    as they fit in :data:`BACKUP_BUDGET_BYTES` beside the newest (a 235 MB
    workshop keeps two, not ten times its size)."""

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
                if existing[0].stat().st_size == len(data) and (
                    atomic.read_regular(existing[0]) == data
                ):
                    return existing[0]
                age = time.time() - existing[0].stat().st_mtime
                if 0 <= age < unless_newer_than_s:
                    return None
        return self.add(data)

    def add(self, data: bytes) -> Path:
        """Write *data* as a new backup and let the oldest go."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        target = self.folder / f"{stamp}{BACKUP_SUFFIX}"
        atomic.write_atomic(target, data)
        kept = 0  # bytes of older backups kept so far, newest first
        for number, old in enumerate(self.list()[1:], start=1):
            with contextlib.suppress(OSError):
                kept += old.stat().st_size
                if number >= self.keep or kept > BACKUP_BUDGET_BYTES:
                    kept = BACKUP_BUDGET_BYTES + 1  # and every older one goes too
                    old.unlink()
        return target

    def newest_valid(self) -> Path | None:
        for candidate in self.list():
            try:
                tables = snapshot.decode(atomic.read_regular(candidate))
                if snapshot.schema_version(tables) <= SCHEMA_VERSION:
                    return candidate
            except (OSError, ShapeError):
                continue
        return None


class _Writer:
    """The store's writer thread: group commit. It writes whenever changes wait
    and it is free — everything that waits, with one write and one sync — so a
    burst of two hundred phones costs a few syncs, not two hundred, and the
    thread that makes the changes never waits for the disk. Whoever asks
    (:meth:`when_durable`) hears once the journal is durable up to the change
    they saw last."""

    def __init__(self, journal: JournalStorage) -> None:
        self._journal = journal
        journal.on_durable = self._moved_on
        self._changed = threading.Condition()
        self._waiting: list[tuple[int, Callable[[str | None], None]]] = []
        self._due = False  # changes wait to be written
        self._writing = False
        self._covering = 0
        """Changes up to this one are in the write on its way (while :attr:`_writing`)."""
        self._stopped = False
        self._thread: threading.Thread | None = None
        self.flushes = 0
        """Flushes done so far (the benchmarks count syncs)."""

    @property
    def busy(self) -> bool:
        with self._changed:
            return (self._due or self._writing) and not self._stopped

    def poke(self) -> None:
        """Changes were sealed: write them soon."""
        with self._changed:
            if self._stopped:
                return
            self._due = True
            self._start()
            if not self._writing:
                self._changed.notify()

    def when_durable(self, done: Callable[[str | None], None]) -> None:
        """Call *done* with None once every change sealed so far is on disk, or with
        why it could not be written."""
        mark = self._journal.sealed
        with self._changed:
            if self._journal.durable < mark and not self._stopped:
                self._waiting.append((mark, done))
                # A write on its way with this change answers it; another would
                # only retry a failing disk at once and leave the status flapping.
                if not (self._writing and self._covering >= mark):
                    self._due = True
                self._start()
                self._changed.notify()
                return
        if self._journal.durable >= mark:
            done(None)
        else:  # closing: the close wrote everything, or says why not
            done(self._journal.failure)

    def stop(self) -> None:
        """Answer whoever waits, then end the thread (the store is closing)."""
        with self._changed:
            self._stopped = True
            self._changed.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="facilitator-journal", daemon=True
            )
            self._thread.start()

    def _moved_on(self) -> None:
        """The journal is durable further (a write, a compaction, a close)."""
        with self._changed:
            if self._waiting:
                self._changed.notify()

    def _ready(self, error: str | None) -> list[Callable[[str | None], None]]:
        """Callers to answer now (with the lock held): those whose changes are on
        disk, and, after a failed write, everyone (the phones send again)."""
        durable = self._journal.durable
        if error is not None:
            ready, self._waiting = self._waiting, []
        else:
            ready = [w for w in self._waiting if w[0] <= durable]
            self._waiting = [w for w in self._waiting if w[0] > durable]
        return [done for _mark, done in ready]

    def _run(self) -> None:
        while True:
            with self._changed:
                while not (self._due or self._stopped or self._ready_now()):
                    self._changed.wait()
                if not self._due:
                    ready = self._ready(None)
                    if not ready and self._stopped:
                        return
                    self._answer(ready, None)
                    continue
                self._due = False
                self._writing = True
                self._covering = self._journal.sealed  # sealed before this write began
            error: str | None = None
            try:
                self._journal.flush()
            except SaveFailedError as failure:
                error = str(failure)
            except Exception as failure:  # never let the thread die with callers waiting
                error = f"not saved: {failure!r}"
            self.flushes += 1
            with self._changed:
                self._writing = False
                ready = self._ready(error)
            self._answer(ready, error)

    def _ready_now(self) -> bool:
        durable = self._journal.durable
        return any(mark <= durable for mark, _done in self._waiting)

    @staticmethod
    def _answer(ready: list[Callable[[str | None], None]], error: str | None) -> None:
        for done in ready:
            with contextlib.suppress(Exception):
                done(error)


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
        super().__init__()
        self.path = Path(path).absolute()
        """The workshop as the consultant named it (a symbolic link stays one)."""
        self.real_path = _real(self.path)
        """Where it is: the lock, the journal and every write go here."""
        self.read_only = read_only
        self.backups = Backups(
            backup_dir if backup_dir is not None else paths.backups_dir(),
            self.real_path,
            backup_keep,
        )
        self.backup_interval_s = backup_interval_s
        self.compact_after = compact_after
        self.clock = clock
        if on_warning is not None:
            self.warned.connect(on_warning)
        self.recovered_entries = 0
        """Journal entries replayed on open (changes from a session that did not close)."""
        self.dropped: list[Dropped] = []
        """Journal lines not replayed on open, and why (none was reported saved)."""
        self.foreign: list[Segment] = []
        """Files named like this workshop's journal that are not: left alone."""
        self._warning: str | None = None
        self._lock = WorkshopLock(self.real_path, named=self.path)
        self._db = WorkshopDatabase(self.real_path, storage=JournalStorage)
        self._worker: threading.Thread | None = None
        self._last_backup = clock()
        self._changed_since_backup = False
        self._size = 0  # of the file, as last read or written
        self._closing = False
        self._closed = False
        self._batching = False
        self.background = False
        """Commits return once in memory; the writer thread makes them durable
        (:meth:`when_saved`). The live window sets it while the room is open."""
        self._writer: _Writer | None = None

    @property
    def _journal(self) -> JournalStorage:
        return self._db.journal

    @property
    def database(self) -> WorkshopDatabase:
        """The TinyDB database of the workshop (read it; change it through the Workshop)."""
        return self._db

    # -- opening -------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, tables: Tables, **options: Any) -> FileStore:
        """Write a new workshop file (refusing to overwrite one) and keep it open."""
        store = cls(path, **options)
        if store.read_only:
            raise ReadOnlyError("a new workshop cannot be created read-only")
        if store.real_path.exists():
            raise WorkshopError(f"{store.path} already exists; choose another name")
        if store.path.is_symlink():
            # A link to nothing yet: a folder received from outside may hold one under
            # the name being created, pointing wherever its sender chose.
            raise WorkshopError(
                f"{store.path} is a symbolic link to {store.real_path}, and a new workshop "
                "is never created through a link; choose another name"
            )
        try:
            store.real_path.parent.mkdir(parents=True, exist_ok=True)
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
            if store.real_path.exists():  # created by someone else while we took the lock
                raise WorkshopError(f"{store.path} already exists; choose another name")
            data = snapshot.empty()
            for table, docs in tables.items():
                for number, doc in enumerate(docs.values(), start=1):
                    data[table][str(number)] = doc
            # A journal left at this path by a workshop whose file is gone must
            # not be replayed into this one; a foreign file is left alone.
            orphans = journal.scan(store.real_path, snapshot.workshop_id(data))
            _remove_segments(store.real_path, [s for s in orphans if s.removable])
            store._adopt(data, [s for s in orphans if not s.removable])
            encoded = snapshot.encode(data)
            atomic.write_atomic(store.real_path, encoded)
            store._size = len(encoded)
            store._backup(encoded)
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
        Raises :class:`FileReadOnlyError` when the file itself is marked read-only
        (open it with ``read_only=True``).
        """
        if not self.read_only:
            self._refuse_a_read_only_file()
            self._lock.acquire()
        try:
            return self._load(validate)
        except ShapeError as error:
            self._lock.release()
            raise WorkshopFileError(
                self.path, str(error), self.backups.newest_valid(), salvageable=error.salvageable
            ) from None
        except RecursionError:
            self._lock.release()
            raise WorkshopFileError(
                self.path, "it is nested too deeply to be a workshop", self.backups.newest_valid()
            ) from None
        except WorkshopFileError as error:
            self._lock.release()
            if isinstance(error, NewerVersionError):
                raise
            raise error.with_backup(self.backups.newest_valid()) from None
        except BaseException:
            self._lock.release()
            raise

    def _refuse_a_read_only_file(self) -> None:
        """A file without write permission was marked read-only by someone: the
        app must not replace it (its folder may well be writable)."""
        try:
            found = os.stat(self.real_path)
        except OSError:
            return  # reading it will say what is wrong
        if stat.S_ISREG(found.st_mode) and (
            not found.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
            or not os.access(self.real_path, os.W_OK)
        ):
            raise FileReadOnlyError(self.path, read_only_disk=_on_a_read_only_disk(self.real_path))

    def _load(self, validate: Validator | None) -> Tables:
        for _attempt in range(20):
            try:
                before = self._identity()
                original = self._read_file()
                self._size = len(original)
                data = snapshot.decode(original)
                version = self._readable_version(data)
                segments = journal.scan(self.real_path, snapshot.workshop_id(data))
                entries = self._replay(data, segments)
                # Still one workshop record, and still a format this app reads: a
                # journal folded in must not make a file the next open refuses.
                self._readable_version(self._journal.data)
            except FileNotFoundError:
                # A reader can race a writer's compaction that removed a segment
                # between listing and reading it: read everything again.
                if not self.real_path.exists():
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
        data = self._journal.data
        if version < SCHEMA_VERSION:
            try:
                migrations.migrate(data, version, SCHEMA_VERSION)
            except ValueError as error:
                raise WorkshopFileError(self.path, str(error)) from None
        tables = snapshot.by_record_id(data)
        if validate is not None:
            try:
                validate(tables)
            except ValueError as error:
                raise WorkshopFileError(self.path, str(error)) from None
        self.recovered_entries = entries
        if self.read_only:
            return tables
        self._remove_stale_temp_files()
        if version < SCHEMA_VERSION:
            # Keep the file as the older version wrote it before it changes shape.
            self._backup(original, force=True)
        debris = any(s.standing is Standing.EMPTY for s in segments)
        if entries or version < SCHEMA_VERSION or self.dropped or debris:
            try:
                self._compact_now(backup=True)
            except SaveFailedError as error:
                # The disk is full or read-only: the journal still holds every
                # change, so open anyway and fold it in on a later compaction.
                self._warn(str(error))
        else:
            self._backup(original, unless_newer_than_s=self._backup_interval())
        return tables

    def _readable_version(self, data: snapshot.RawTables) -> int:
        version = snapshot.schema_version(data)
        if version > SCHEMA_VERSION:
            raise NewerVersionError(self.path, version, SCHEMA_VERSION)
        return version

    def _replay(self, data: snapshot.RawTables, segments: list[Segment]) -> int:
        """Put *data* in a fresh database and replay the journal over it, through
        TinyDB. Returns how many entries were replayed."""
        for segment in segments:
            if segment.damaged_at is not None:
                where = (
                    "its first line" if segment.damaged_at == 0 else f"entry {segment.damaged_at}"
                )
                raise ShapeError(
                    f"its journal {segment.path.name} is damaged at {where}", salvageable=True
                )
        self._db = WorkshopDatabase(self.real_path, storage=JournalStorage)
        self._adopt(data, segments)
        count = 0
        with self._journal.quietly():
            for segment in segments:
                if segment.replayable:
                    for ops in segment.entries:
                        for op in ops:
                            self._refuse_a_second_holder(op, segment)
                            self._db.apply([op])
                        count += 1
        self.dropped = [dropped for s in segments if s.replayable for dropped in s.dropped]
        self.foreign = [s for s in segments if s.standing is Standing.FOREIGN]
        return count

    def _refuse_a_second_holder(self, op: Op, segment: Segment) -> None:
        """A journal that puts a record under an id another table holds would fold
        into a file no open accepts (one id, two records): refuse it as damage."""
        table, record_id, doc = op
        holder = self._db.holder_of(record_id)
        if doc is not None and holder not in (None, table):
            raise ShapeError(
                f"its journal {segment.path.name} gives the id {record_id} to "
                f"{a_or_an(TABLES[holder].label.lower())} and to "
                f"{a_or_an(TABLES[table].label.lower())}",
                salvageable=True,
            )

    def _adopt(self, data: snapshot.RawTables, segments: list[Segment]) -> None:
        storage = self._journal
        storage.data = data
        storage.workshop_id = snapshot.workshop_id(data)
        storage.own_segments = {s.number for s in segments if s.removable}
        storage.start_after([s.number for s in segments])

    def _identity(self) -> tuple[int, int, int, int] | None:
        try:
            found = os.stat(self.real_path)
        except FileNotFoundError:
            return None
        return (found.st_dev, found.st_ino, found.st_mtime_ns, found.st_size)

    def _read_file(self) -> bytes:
        try:
            return atomic.read_regular(self.real_path)
        except FileNotFoundError:
            raise
        except atomic.NotRegularFileError as error:
            what = "a folder, not a file" if error.kind == "a folder" else f"{error.kind}"
            raise WorkshopFileError(self.path, f"it is {what}") from None
        except OSError as error:
            raise WorkshopFileError(self.path, f"it cannot be read ({error.strerror})") from None

    def _remove_stale_temp_files(self) -> None:
        # We hold the lock, so a temp file for this workshop is a dead writer's.
        for candidate in self.real_path.parent.iterdir():
            if atomic.is_temp_of(candidate, self.real_path):
                with contextlib.suppress(OSError):
                    candidate.unlink()

    # -- saving --------------------------------------------------------------------

    @property
    def unsaved(self) -> int:
        return self._journal.unsaved

    @property
    def saving(self) -> bool:
        return self._writer is not None and self._writer.busy

    @property
    def writer(self) -> _Writer:
        """The writer thread of this workshop's journal (started when first asked)."""
        if self._writer is None:
            self._writer = _Writer(self._journal)
        return self._writer

    @property
    def failure(self) -> str | None:
        return self._journal.failure

    @property
    def warning(self) -> str | None:
        return self._warning

    def commit(self, ops: Sequence[Op]) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only; the change was not made")
        if self._closed or self._closing:
            raise WorkshopError(f"{self.path} is closed")
        storage = self._journal
        with storage.lock:
            self._db.apply(ops)
            storage.seal()
            self._changed_since_backup = True
        if self._batching:
            return  # written with the rest of the batch
        if self.background:
            self.writer.poke()
        else:
            storage.flush()
        self._tidy()

    def _tidy(self) -> None:
        try:
            self.maintain()
        except Exception as error:  # the change is saved; upkeep trouble is only a warning
            self._warn(f"could not tidy the journal: {error!r}")

    @contextlib.contextmanager
    def batch(self, *, wait: bool = True) -> Iterator[None]:
        """Group commit: each commit inside is still its own change (its own undo
        step), but all of them reach the journal with one write and one fsync, at
        the end — two hundred phones sending at once cost one flush, not two
        hundred. Nobody may be told a change inside is saved before the batch
        ends; with *wait* false, before :meth:`when_saved` says so."""
        if self._batching:
            yield
            return
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            if wait and not self.background:
                self._journal.flush()
            else:
                self.writer.poke()
            self._tidy()

    def when_saved(self, done: Callable[[str | None], None]) -> None:
        """Group commit off the owner thread: the writer thread writes everything
        committed until it gets there with one write and one sync, then calls
        *done* — for every caller that asked meanwhile at once. The workshop's
        thread never waits for the disk."""
        if self.read_only or self._closed:
            done(None if not self.unsaved else self.failure)
            return
        self.writer.when_durable(done)

    def retry(self) -> None:
        self._journal.flush()
        self.maintain()

    def maintain(self) -> None:
        if self.read_only or self._closed or self._closing:
            return
        due_backup = self._backup_due()
        if self._journal.segment_entries >= self.compact_after or due_backup:
            self.compact(wait=False, backup=due_backup)

    def _backup_due(self) -> bool:
        return (
            self._changed_since_backup
            and self.clock() - self._last_backup >= self._backup_interval()
        )

    def _backup_interval(self) -> float:
        """The time between backups: longer for a big workshop, each copy of which
        costs its whole size (a 235 MB one: every 74 minutes, not every 5)."""
        return self.backup_interval_s * max(1.0, self._size / BIG_WORKSHOP_BYTES)

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
        with self._journal.pen, self._journal.lock:
            covered, seq, data = self._journal.rotate()
        if backup:
            self._last_backup = self.clock()
            self._changed_since_backup = False
        if wait:
            self._write_compaction(data, covered, seq, backup)
            return

        def work() -> None:
            try:
                self._write_compaction(data, covered, seq, backup)
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

    def _compact_now(self, *, backup: bool) -> None:
        with self._journal.pen, self._journal.lock:
            covered, seq, data = self._journal.rotate()
        self._write_compaction(data, covered, seq, backup)

    def _write_compaction(
        self, data: snapshot.RawTables, covered: int, seq: int, backup: bool
    ) -> None:
        encoded = self._journal.compact(data, covered, seq)
        self._size = len(encoded)
        self._warning = None
        if backup:
            self._backup(encoded)

    def _backup(
        self, data: bytes, *, force: bool = False, unless_newer_than_s: float = 0.0
    ) -> None:
        try:
            if force:
                self.backups.add(data)
            else:
                self.backups.write(data, unless_newer_than_s=unless_newer_than_s)
        except OSError as error:
            # A backup that fails must not stop the workshop; it is worth a warning.
            self._warn(
                f"the workshop is saved, but no backup copy could be written to "
                f"{self.backups.folder} ({error.strerror or error}); check that folder"
            )

    def _warn(self, message: str) -> None:
        self._warning = message
        self.warned.emit(message)

    # -- closing and moving ----------------------------------------------------------

    def save_as(self, new_path: Path | str) -> None:
        """Write everything to *new_path* and carry on there (e.g. when the disk
        of the original is full). The original keeps what had reached it."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only")
        target = Path(new_path).absolute()
        real = _real(target)
        if self._worker is not None:
            self._worker.join()
            self._worker = None
        new_lock = WorkshopLock(real, named=target)
        new_lock.acquire()
        storage = self._journal
        try:
            with storage.lock:
                encoded = snapshot.encode(storage.data)
            orphans = journal.scan(real, storage.workshop_id)
            _remove_segments(real, [s for s in orphans if s.removable])
            atomic.write_atomic(real, encoded)
        except OSError as error:
            new_lock.release()
            raise SaveFailedError(f"could not save to {target}: {error.strerror}") from error
        with storage.pen, storage.lock:
            storage.close_segment()
            self._lock.release()
            self._lock = new_lock
            self.path = target
            self.real_path = real
            storage.path = real
            self.backups = Backups(self.backups.folder.parent, real, self.backups.keep)
            storage.own_segments = set()
            storage.start_after([s.number for s in orphans])
            storage.segment_entries = 0
            storage.discard_unsaved()
        storage.made_durable(storage.sealed)  # all of it is in the new file

    def begin_close(self) -> Callable[[], str | None]:
        """Stop taking changes and return the rest of :meth:`close` — folding the
        journal into the file and letting go of the lock — which may take long
        for a big workshop and may run on any thread.

        If changes cannot be written, raises :class:`SaveFailedError` and stays
        open, so the caller can retry or :meth:`save_as` elsewhere.
        """
        if self._closed or self._closing:
            return lambda: None
        if self.read_only:
            self._closing = True
            return self._finish_close
        try:
            self._journal.flush()
        except SaveFailedError:
            # The journal cannot take them; writing the whole file may still work.
            self.compact(wait=True, backup=False)
        self._closing = True
        due_backup = self._backup_due()
        with self._journal.pen, self._journal.lock:
            covered, seq, data = self._journal.rotate()

        def finish() -> str | None:
            self.wait()  # a background compaction may still be writing
            note = None
            try:
                self._write_compaction(data, covered, seq, due_backup)
            except SaveFailedError as error:
                # Everything is in the journal; the next open folds it in.
                note = (
                    f"{error}. They are folded into the file the next time it is opened; "
                    "until then, copy or send the whole folder, not the file alone"
                )
            self._finish_close()
            return note

        return finish

    def _finish_close(self) -> None:
        if self._writer is not None:
            self._writer.stop()
        with self._journal.pen:
            self._journal.close_segment()
        self._lock.release()
        self._closed = True

    def abandon(self) -> None:
        """Let go without writing (the journal keeps every saved change)."""
        if self._worker is not None:
            self._worker.join()
        self._finish_close()


def _real(path: Path) -> Path:
    """*path* with symbolic links resolved (a loop is left for opening to report)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def _remove_segments(path: Path, segments: Iterable[Segment]) -> None:
    """Delete journal segments recognised as such (never a foreign file)."""
    removed = False
    for segment in segments:
        with contextlib.suppress(FileNotFoundError):
            segment.path.unlink()
            removed = True
    if removed:
        atomic.fsync_dir(path.parent)
