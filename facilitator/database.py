"""TinyDB, made durable and fast through its own extension points.

Stock TinyDB keeps a database in a :class:`~tinydb.storages.Storage` that reads
and writes the *whole* database on every change: tens of milliseconds at 5,000
records, and a crash in the middle of the rewrite corrupts the file. A
workshop's database is instead:

* :class:`JournalStorage` — the tables live in memory; each change TinyDB makes
  is appended to the journal (:mod:`facilitator.journal`) and fsync'd before it
  is reported saved; :meth:`JournalStorage.compact` folds the journal into the
  TinyDB file by atomic replace; the store replays the journal on open;
* :class:`WorkshopTable` — TinyDB's ``table_class``. TinyDB's own table rebuilds
  its whole document dictionary on every write (about a millisecond at 5,000
  records); this one hands TinyDB's updaters a view that collects the few
  documents a write touches, and tells the storage exactly what changed.
  Documents already stored are never mutated in place, so a compaction can
  write them out on another thread while capture goes on;
* :class:`WorkshopDatabase` — ``tinydb.TinyDB`` with that table class.

Queries, inserts, updates and removals are TinyDB's own API::

    db = WorkshopDatabase(path, storage=JournalStorage)
    db.table("problems").search(Query().impact >= 4)
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from facilitator import atomic, journal, snapshot
from facilitator.errors import SaveFailedError
from facilitator.journal import Op
from facilitator.model import TABLES, is_uuid

Doc = dict[str, Any]


class _ChangedRows(MutableMapping[int, Doc]):
    """What TinyDB's table updaters see: one table by document number, where every
    change is collected instead of made. A document read for an update is a copy,
    kept if the updater changed it."""

    def __init__(self, live: dict[str, Doc]) -> None:
        self._live = live
        self.changes: dict[int, Doc | None] = {}

    def __getitem__(self, doc_id: int) -> Doc:
        if doc_id in self.changes:
            found = self.changes[doc_id]
            if found is None:
                raise KeyError(doc_id)
            return found
        copy = dict(self._live[str(doc_id)])
        self.changes[doc_id] = copy
        return copy

    def __setitem__(self, doc_id: int, doc: Doc) -> None:
        self.changes[doc_id] = doc

    def __delitem__(self, doc_id: int) -> None:
        if doc_id not in self:
            raise KeyError(doc_id)
        self.changes[doc_id] = None

    def __contains__(self, doc_id: object) -> bool:
        if doc_id in self.changes:
            return self.changes[doc_id] is not None
        return str(doc_id) in self._live

    def __iter__(self) -> Iterator[int]:
        for key in list(self._live):
            if self.changes.get(int(key), {}) is not None:
                yield int(key)
        for doc_id, doc in list(self.changes.items()):
            if doc is not None and str(doc_id) not in self._live:
                yield doc_id

    def __len__(self) -> int:
        return sum(1 for _ in self)


class WorkshopTable(Table):
    """A TinyDB table whose writes cost what they touch, not the table's size."""

    def __init__(self, storage: JournalStorage, name: str, **options: Any) -> None:
        super().__init__(storage, name, **options)
        self._journal_storage = storage
        self._numbers: dict[str, int] | None = None  # record UUID -> document number

    def doc_id_of(self, record_id: str) -> int | None:
        """The document number of the record with this UUID (a dictionary lookup;
        a ``Query().id == record_id`` search would read every document)."""
        if self._numbers is None:
            self._numbers = {doc["id"]: int(key) for key, doc in self._read_table().items()}
        return self._numbers.get(record_id)

    def replace(self, doc_id: int, document: Mapping[str, Any]) -> None:
        """Make document *doc_id* exactly *document* (TinyDB's ``update`` merges
        fields; a record's new state may have dropped some)."""

        def replace_fields(current: MutableMapping[str, Any]) -> None:
            current.clear()
            current.update(document)

        self.update(replace_fields, doc_ids=[doc_id])

    def _update_table(self, updater: Callable[[dict[int, Mapping[str, Any]]], None]) -> None:
        live = self._journal_storage.table_data(self.name)
        rows = _ChangedRows(live)
        updater(cast(dict[int, Mapping[str, Any]], rows))
        for doc_id, after in rows.changes.items():
            key = str(doc_id)
            before = live.get(key)
            if after is None:
                if before is None:
                    continue
                del live[key]
            else:
                if before is not None and before == after:
                    continue
                if not is_uuid(after.get("id")):
                    raise ValueError("a workshop record needs an 'id' that is a UUID")
                live[key] = after
            self._renumber(doc_id, before, after)
            self._journal_storage.changed(self.name, before, after)
        self.clear_cache()

    def _renumber(self, doc_id: int, before: Doc | None, after: Doc | None) -> None:
        if self._numbers is None:
            return
        if before is not None:
            self._numbers.pop(before["id"], None)
        if after is not None:
            self._numbers[after["id"]] = doc_id


class WorkshopDatabase(TinyDB):
    """``tinydb.TinyDB`` over a workshop's journal."""

    table_class: type[Table] = WorkshopTable

    @property
    def journal(self) -> JournalStorage:
        return cast(JournalStorage, self.storage)

    def holder_of(self, record_id: str) -> str | None:
        """The table that holds the record with this UUID, if any (a lookup per table)."""
        for name in TABLES:
            if cast(WorkshopTable, self.table(name)).doc_id_of(record_id) is not None:
                return name
        return None

    def apply(self, ops: Sequence[Op]) -> None:
        """Make the records of *ops* (table, UUID, new JSON or None) so, through
        TinyDB's insert, update and remove."""
        for table_name, record_id, doc in ops:
            table = cast(WorkshopTable, self.table(table_name))
            doc_id = table.doc_id_of(record_id)
            if doc is None:
                if doc_id is not None:
                    table.remove(doc_ids=[doc_id])
            elif doc_id is None:
                table.insert(doc)
            else:
                table.replace(doc_id, doc)


class JournalStorage(Storage):
    """TinyDB storage of one workshop file: the tables in memory, each change
    journaled (fsync'd) before it is reported saved, compacted into the file."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path  # the real path of the file, symbolic links resolved
        self.data: snapshot.RawTables = snapshot.empty()
        self.workshop_id = ""
        self.lock = threading.Lock()
        """Held while the tables or the queue of unsaved changes change; a
        compaction takes its copy of the tables under it."""
        self.pen = threading.Lock()
        """Held while bytes go to the journal (the write and its sync) and while
        the segment is changed (rotated, closed): one writer at a time, in the
        order the changes were made. Taken before :attr:`lock`, never after it, and
        the sync happens without :attr:`lock`, so changes go on being made in
        memory while the disk works."""
        self.failure: str | None = None
        """Why the latest write failed; None once one succeeds."""
        self.durable = 0
        """Every change up to this one (numbered as :meth:`seal` counts) is on disk,
        in the journal or in the compacted file."""
        self.on_durable: Callable[[], None] | None = None
        """Called, on the thread that wrote, when :attr:`durable` moved on."""
        self.recording = True
        self._changes: list[Op] = []  # the change being made, op by op
        self._seq = 0  # changes so far: a compaction knows which unsaved ones it covers
        self._unsaved: list[tuple[int, list[Op]]] = []
        self.generation = 0  # the segment being appended to (0: none yet)
        self.own_segments: set[int] = set()  # segments this journal may delete
        self.segment_entries = 0
        self._segment_fd: int | None = None
        self._segment_start = 0  # where the first entry of the open segment begins

    # -- what TinyDB calls ---------------------------------------------------------

    def read(self) -> snapshot.RawTables:
        return self.data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """A whole-database write (TinyDB's ``drop_tables``): a workshop changes
        record by record through :class:`WorkshopTable`, so this is refused."""
        raise NotImplementedError("a workshop's tables change record by record, not wholesale")

    def close(self) -> None:
        self.close_segment()

    # -- changes -------------------------------------------------------------------

    def table_data(self, name: str) -> dict[str, Doc]:
        return self.data.setdefault(name, {})

    def changed(self, table: str, before: Doc | None, after: Doc | None) -> None:
        if self.recording:
            record = after if after is not None else before
            assert record is not None
            self._changes.append((table, record["id"], after))

    def seal(self) -> None:
        """What was recorded since the last seal is one change, queued for the disk."""
        if self._changes:
            self._seq += 1
            self._unsaved.append((self._seq, self._changes))
            self._changes = []

    @property
    def unsaved(self) -> int:
        with self.lock:
            return len(self._unsaved)

    @property
    def sealed(self) -> int:
        """The number of the latest change sealed (0: none yet)."""
        return self._seq

    def made_durable(self, seq: int) -> None:
        """Changes up to *seq* are on disk (call without :attr:`lock`)."""
        with self.lock:
            if seq <= self.durable:
                return
            self.durable = seq
        if self.on_durable is not None:
            self.on_durable()

    def discard_unsaved(self) -> None:
        """Forget the queue: the tables, unsaved changes included, were written
        whole elsewhere (save as). Call with :attr:`lock` held."""
        self._unsaved.clear()

    @contextlib.contextmanager
    def quietly(self) -> Iterator[None]:
        """Changes that are already on disk (replaying the journal on open)."""
        self.recording = False
        try:
            yield
        finally:
            self.recording = True

    # -- the journal ---------------------------------------------------------------

    def flush(self) -> None:
        """Write every unsaved change as one checksummed entry, and sync it.

        Raises :class:`SaveFailedError` if the disk refuses; the changes stay
        queued, and nothing half-written stays on disk where it can be helped.
        May run on any thread: the changes made meanwhile wait for the next flush.
        """
        with self.pen:
            with self.lock:
                if not self._unsaved:
                    return
                written = list(self._unsaved)
            # Stored documents are never changed in place: encoding them without
            # the lock is safe while the next changes are made.
            line = journal.encode_entry([op for _, ops in written for op in ops])
            fd = None
            offset = 0
            try:
                fd = self._open_segment()
                offset = os.lseek(fd, 0, os.SEEK_END)
                atomic.write_all(fd, line)
                _sync_data(fd)
            except OSError as error:
                self._abandon_segment(fd, offset)
                self.failure = (
                    f"not saved: {_reason(error)} while writing to "
                    f"{self.path.parent} — your changes are kept in memory"
                )
                raise SaveFailedError(self.failure) from error
            self.failure = None
            last = written[-1][0]
            with self.lock:
                # A compaction may have taken some out meanwhile; later ones stay.
                self._unsaved = [(seq, ops) for seq, ops in self._unsaved if seq > last]
                self.segment_entries += len(written)
        self.made_durable(last)

    def _open_segment(self) -> int:
        if self._segment_fd is not None:
            return self._segment_fd
        if self.generation == 0:
            self.generation = 1
        for _attempt in range(100):
            segment = journal.segment_path(self.path, self.generation)
            try:
                fd = atomic.open_regular(
                    segment, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND
                )
            except FileExistsError:
                self.generation += 1  # someone else's file has this name: leave it be
                continue
            break
        else:
            raise FileExistsError(f"no free journal name beside {self.path.name}")
        self._segment_fd = fd
        with self.lock:  # a compaction on its thread reads the set under it
            self.own_segments.add(self.generation)
        try:
            header = journal.encode_header(self.workshop_id, self.generation)
            atomic.write_all(fd, header)
            self._segment_start = len(header)
            atomic.fsync_dir(self.path.parent)
        except OSError:
            self._abandon_segment(fd, 0)
            raise
        return fd

    def close_segment(self) -> None:
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
            if offset <= self._segment_start:  # no entry in it: leave no empty file behind
                with contextlib.suppress(OSError):
                    journal.segment_path(self.path, self.generation).unlink()
                with self.lock:
                    self.own_segments.discard(self.generation)
        self._segment_fd = None
        self.generation += 1
        self.segment_entries = 0

    def start_after(self, numbers: Sequence[int]) -> None:
        """Never append to a segment an earlier session wrote (its tail may be
        debris), nor to a file that only has a segment's name."""
        self.generation = max(numbers, default=0) + 1

    # -- compaction ----------------------------------------------------------------

    def rotate(self) -> tuple[int, int, snapshot.RawTables]:
        """Start a new segment; return what a compaction writes now: the last
        segment it covers, the last change it covers and a copy of the tables.

        The copy is of the tables, not of the documents: stored documents are
        never changed in place, so the copy stays as it is while capture goes on.
        Call with :attr:`pen` and :attr:`lock` held (a write in flight ends in
        the segment it began in).
        """
        covered = self.generation
        self.close_segment()
        self.generation += 1
        self.segment_entries = 0
        copy = {name: dict(docs) for name, docs in self.data.items()}
        return covered, self._seq, copy

    def compact(self, data: snapshot.RawTables, covered: int, seq: int) -> bytes:
        """Write *data* as the TinyDB file (atomic replace), then delete the
        segments it covers. Returns the bytes written (for the backup).

        Raises :class:`SaveFailedError`; the journal then still holds everything.
        """
        encoded = snapshot.encode(data)
        try:
            atomic.write_atomic(self.path, encoded)
            # The rename must be on disk before the segments go; write_atomic
            # synced the folder, and the removals are synced below. The set is
            # shared with the capturing thread, which adds to it under the lock.
            with self.lock:
                folded = sorted(n for n in self.own_segments if n <= covered)
            for number in folded:
                with contextlib.suppress(FileNotFoundError):
                    journal.segment_path(self.path, number).unlink()
                with self.lock:
                    self.own_segments.discard(number)
            atomic.fsync_dir(self.path.parent)
        except OSError as error:
            raise SaveFailedError(
                f"could not update {self.path.name}: {_reason(error)}; "
                "every saved change is still in its journal"
            ) from error
        with self.lock:
            self._unsaved = [(s, ops) for s, ops in self._unsaved if s > seq]
        self.made_durable(seq)
        return encoded


def _sync_data(fd: int) -> None:
    # fdatasync skips the timestamp update that fsync also flushes; it still
    # flushes the file size, which is what an append needs.
    if hasattr(os, "fdatasync"):
        os.fdatasync(fd)
    else:
        atomic.full_fsync(fd)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
