"""The store: plain TinyDB files, the journal, backups, locks and bad files.

What a consultant relies on: a file that closed cleanly is an ordinary TinyDB
file; a change reported as saved survives anything; a bad file is explained and
never modified; a second program cannot write the same workshop.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import tinydb

from facilitator import migrations, store
from facilitator.errors import (
    NewerVersionError,
    WorkshopError,
    WorkshopFileError,
    WorkshopLockedError,
)
from facilitator.journal import Standing, encode_entry, encode_header, read_segment
from facilitator.lock import held_by_a_running_app
from facilitator.model import SCHEMA_VERSION
from facilitator.salvage import salvage
from facilitator.store import FileStore
from facilitator.workshop import Workshop, open_workshop


def segments(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".journal-*"))


def leftovers(folder: Path) -> list[str]:
    """Temporary files a failed write might have left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_cleanly_closed_workshop_is_a_plain_tinydb_file(tmp_path: Path) -> None:
    path = tmp_path / "acme.workshop.json"
    workshop = Workshop.create(path, title="Acme AI day", client="Acmé — Łódź")
    problem = workshop.add("problem", text="Invoices keyed twice", impact=4)
    workshop.close()
    assert segments(path) == []
    assert not (tmp_path / "acme.workshop.json.lock").exists()
    with tinydb.TinyDB(path) as db:
        assert set(db.tables()) >= {"meta", "problems"}
        (doc,) = db.table("problems").all()
        assert doc == problem.to_json()
        assert db.table("meta").all()[0]["client"] == "Acmé — Łódź"
    assert json.loads(path.read_text(encoding="ascii"))["problems"]["1"]["impact"] == 4


def test_doc_ids_stay_stable_across_compactions(tmp_path: Path) -> None:
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    first = workshop.add("problem", text="A")
    second = workshop.add("problem", text="B")
    workshop.close()
    workshop = open_workshop(path)
    workshop.delete(first.id)
    third = workshop.add("problem", text="C")
    workshop.close()
    problems = json.loads(path.read_bytes())["problems"]
    assert {k: v["id"] for k, v in problems.items()} == {"2": second.id, "3": third.id}


def test_changes_are_journaled_before_they_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    problem = workshop.add("problem", text="A")
    (segment,) = segments(path)
    read = read_segment(segment, 1, workshop.meta.id)
    assert read.standing is Standing.OURS and not read.dropped
    assert read.entries[-1] == [("problems", problem.id, problem.to_json())]
    # A reader (another process, read-only) sees the change before any compaction.
    assert open_workshop(path, read_only=True).get(problem.id) == problem
    workshop.close()


def test_unclosed_changes_are_replayed_and_folded_in_on_open(tmp_path: Path) -> None:
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    ids = [workshop.add("problem", text=f"P{i}").id for i in range(5)]
    workshop.store.abandon()  # type: ignore[attr-defined] - as if the app died here
    reopened = open_workshop(path)
    assert [p.id for p in reopened.records("problems")] == ids
    assert reopened.store.recovered_entries == 5  # type: ignore[attr-defined]
    assert segments(path) == []  # folded into the file at once
    reopened.close()


def test_a_torn_last_journal_entry_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    kept = workshop.add("problem", text="kept")
    workshop.store.abandon()  # type: ignore[attr-defined]
    (segment,) = segments(path)
    half = encode_entry([("problems", kept.id, kept.to_json())])[:25]
    with segment.open("ab") as journal:
        journal.write(half)
    reopened = open_workshop(path)
    assert [p.id for p in reopened.records("problems")] == [kept.id]
    reopened.close()


def test_a_damaged_journal_entry_followed_by_good_ones_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    workshop.add("problem", text="one")
    workshop.add("problem", text="two")
    workshop.store.abandon()  # type: ignore[attr-defined]
    (segment,) = segments(path)
    damaged = bytearray(segment.read_bytes())
    header = damaged.index(b"\n") + 1
    damaged[header + 12] ^= 0xFF  # flip a byte inside the first entry
    segment.write_bytes(bytes(damaged))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    with pytest.raises(WorkshopFileError, match="damaged at entry 1"):
        open_workshop(path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before


def test_replaying_a_journal_twice_is_harmless(tmp_path: Path) -> None:
    """A crash after a compaction replaced the file but before it removed the
    journal leaves both; replaying must give the same workshop."""
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    problem = workshop.add("problem", text="A")
    workshop.update(problem.id, impact=3)
    other = workshop.add("problem", text="B")
    workshop.delete(other.id)
    saved = {p.name: p.read_bytes() for p in segments(path)}
    expected = [r.to_json() for r in workshop.records("problems")]
    workshop.close()
    for name, data in saved.items():
        (tmp_path / name).write_bytes(data)
    reopened = open_workshop(path)
    assert [r.to_json() for r in reopened.records("problems")] == expected
    reopened.close()


def test_the_journal_is_compacted_in_the_background_as_it_grows(tmp_path: Path) -> None:
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W", compact_after=10)
    for i in range(25):
        workshop.add("problem", text=f"P{i}")
    workshop.store.wait()  # type: ignore[attr-defined]
    in_file = json.loads(path.read_bytes())["problems"]
    assert len(in_file) >= 10  # compactions have reached the file while capture went on
    assert len(segments(path)) <= 2
    snapshot_and_journal = open_workshop(path, read_only=True)
    assert len(snapshot_and_journal.records("problems")) == 25
    workshop.close()


def test_backups_on_open_and_while_changes_happen(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    now = [1000.0]
    path = tmp_path / "w.workshop.json"
    Workshop.create(path, title="W", backup_dir=backups).close()
    workshop = open_workshop(
        path, backup_dir=backups, backup_keep=3, backup_interval_s=300, clock=lambda: now[0]
    )
    folder = workshop.store.backups.folder  # type: ignore[attr-defined]
    assert len(list(folder.iterdir())) == 1  # written on open
    for i in range(5):
        workshop.add("problem", text=f"P{i}")
        now[0] += 301  # a few minutes pass between changes
        workshop.add("problem", text=f"Q{i}")
        workshop.store.wait()  # type: ignore[attr-defined]
    kept = sorted(folder.iterdir())
    assert len(kept) == 3  # rotated: only the newest three remain
    newest = json.loads(kept[-1].read_bytes())
    assert len(newest["problems"]) >= 9
    workshop.close()


def test_reopening_without_changes_does_not_push_out_older_backups(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    path = tmp_path / "w.workshop.json"
    Workshop.create(path, title="W", backup_dir=backups).close()
    for _ in range(4):
        open_workshop(path, backup_dir=backups).close()
    assert len(store.Backups(backups, path).list()) == 1


# --- files that are not workshops -----------------------------------------------------


def valid_bytes(tmp_path: Path) -> bytes:
    source = tmp_path / "source.workshop.json"
    workshop = Workshop.create(source, title="Source")
    problem = workshop.add("problem", text="A", impact=2)
    workshop.add("idea", text="I", problem_ids=[problem.id])
    workshop.close()
    return source.read_bytes()


def rewrite(data: bytes, change: object) -> bytes:
    document = json.loads(data)
    change(document)  # type: ignore[operator]
    return json.dumps(document).encode()


def _first(table: dict[str, dict[str, object]]) -> dict[str, object]:
    return next(iter(table.values()))


BAD_FILES = {
    "empty": (lambda good: b"", "the file is empty"),
    "blank": (lambda good: b"  \n\t ", "the file is empty"),
    "binary": (lambda good: b"%PDF-1.7\xff\xfe\x00\x01", "not a text file"),
    "not json": (lambda good: b"title: my workshop\n", "not valid JSON (line 1, column 1"),
    "truncated": (lambda good: good[: len(good) // 2], "cut off"),
    "a list": (lambda good: b"[1, 2, 3]", "expected tables of records"),
    "table not object": (
        lambda good: rewrite(good, lambda d: d.update(problems=[1])),
        "table 'problems' is not a set of records",
    ),
    "record without id": (
        lambda good: rewrite(good, lambda d: _first(d["problems"]).pop("id")),
        "record 1 of table 'problems' has no valid id",
    ),
    "unknown table": (
        lambda good: rewrite(good, lambda d: d.update(wishes={})),
        "unknown table 'wishes'",
    ),
    "no meta": (lambda good: rewrite(good, lambda d: d.pop("meta")), "no workshop record"),
    "bad version": (
        lambda good: rewrite(good, lambda d: _first(d["meta"]).update(schema_version="one")),
        "no valid schema_version",
    ),
    "bad value": (
        lambda good: rewrite(good, lambda d: _first(d["problems"]).update(impact=9)),
        "impact: expected a whole number from 1 to 5, found 9",
    ),
    "unknown field": (
        lambda good: rewrite(good, lambda d: _first(d["problems"]).update(colour="red")),
        "unknown field 'colour'",
    ),
    "orphan idea": (
        lambda good: rewrite(good, lambda d: d.update(problems={})),
        "which is not a problem",
    ),
}


@pytest.mark.parametrize("shape", list(BAD_FILES))
def test_a_bad_file_is_explained_named_and_left_untouched(tmp_path: Path, shape: str) -> None:
    make, expected = BAD_FILES[shape]
    path = tmp_path / "client.workshop.json"
    bad = make(valid_bytes(tmp_path))
    path.write_bytes(bad)
    with pytest.raises(WorkshopFileError) as caught:
        open_workshop(path)
    message = str(caught.value)
    assert str(path) in message
    assert expected in message
    assert "The file was not changed" in message
    assert path.read_bytes() == bad
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "appdata") == [
        "client.workshop.json",
        "source.workshop.json",
    ]


def test_a_bad_file_names_its_newest_valid_backup(tmp_path: Path) -> None:
    path = tmp_path / "client.workshop.json"
    workshop = Workshop.create(path, title="Client")
    workshop.add("problem", text="A")
    workshop.close()
    open_workshop(path, backup_interval_s=0).close()  # writes a backup of the good file
    backup = store.Backups(store.paths.backups_dir(), path).list()[0]
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(WorkshopFileError) as caught:
        open_workshop(path)
    assert caught.value.backup == backup
    assert f"Newest valid backup: {backup}" in str(caught.value)
    assert open_workshop(backup, read_only=True).records("problems")[0].summary() == "A"


def test_a_script_of_many_small_sessions_does_not_rotate_the_backups_away(
    tmp_path: Path,
) -> None:
    path = tmp_path / "scripted.workshop.json"
    Workshop.create(path, title="Scripted").close()
    backups = store.Backups(store.paths.backups_dir(), path)
    for n in range(25):  # like `facilitator add` run 25 times in a loop
        workshop = open_workshop(path)
        workshop.add("problem", text=f"Problem {n}")
        workshop.close()
    # Within one backup interval, the open/close cycles add no backups of their own,
    # so yesterday's copies are not pushed out of the rotation.
    assert len(backups.list()) == 1
    # Once the interval has passed, the next session is backed up again.
    workshop = open_workshop(path, backup_interval_s=0)
    workshop.close()
    newest = backups.list()[0]
    assert open_workshop(newest, read_only=True).counts()["problems"] == 25


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.workshop.json"
    data = rewrite(valid_bytes(tmp_path), lambda d: _first(d["meta"]).update(schema_version=7))
    path.write_bytes(data)
    with pytest.raises(NewerVersionError) as caught:
        open_workshop(path)
    assert f"file format 7, this app reads up to {SCHEMA_VERSION}" in str(caught.value)
    assert path.read_bytes() == data


def test_a_journal_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    """The file says format 3 but its journal's last word on the workshop record says
    99: folding it in would write a file this app then refuses."""
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    meta = {**workshop.meta.to_json(), "schema_version": 99}
    workshop.close()
    data = path.read_bytes()
    segment = path.with_name(path.name + ".journal-1")
    segment.write_bytes(encode_header(meta["id"], 1) + encode_entry([("meta", meta["id"], meta)]))
    with pytest.raises(NewerVersionError) as caught:
        open_workshop(path)
    assert f"file format 99, this app reads up to {SCHEMA_VERSION}" in str(caught.value)
    assert path.read_bytes() == data and segment.exists()
    with pytest.raises(NewerVersionError):  # nor is it salvaged into a copy that never opens
        salvage(path)
    assert sorted(p.name for p in tmp_path.glob("w*")) == [
        "w.workshop.json",
        "w.workshop.json.journal-1",
    ]


def test_an_older_file_is_migrated_after_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.workshop.json"
    original = valid_bytes(tmp_path)
    path.write_bytes(original)
    current = SCHEMA_VERSION

    def to_next_version(tables: migrations.RawTables) -> None:
        for meta in tables["meta"].values():
            meta["objective"] = "set by the migration"

    monkeypatch.setattr(store, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(migrations, "MIGRATIONS", {current: to_next_version})
    workshop = open_workshop(path, backup_dir=tmp_path / "backups")
    assert workshop.meta.objective == "set by the migration"
    workshop.close()
    assert _first(json.loads(path.read_bytes())["meta"])["schema_version"] == current + 1
    kept = store.Backups(tmp_path / "backups", path).list()
    assert original in [b.read_bytes() for b in kept]


def test_a_version_1_file_opens_with_its_notes_unparked(tmp_path: Path) -> None:
    """The first published format: notes had no parking-lot flag."""
    path = tmp_path / "v1.workshop.json"
    meta_id, note_id = str(uuid.uuid4()), str(uuid.uuid4())
    stamp = "2026-01-05T09:00:00.000Z"
    path.write_text(
        json.dumps(
            {
                "meta": {
                    "1": {
                        "id": meta_id,
                        "created_at": stamp,
                        "updated_at": stamp,
                        "schema_version": 1,
                        "title": "Written by version 1",
                    }
                },
                "notes": {
                    "1": {
                        "id": note_id,
                        "created_at": stamp,
                        "updated_at": stamp,
                        "text": "Council wants an answer by March",
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    original = path.read_bytes()
    workshop = open_workshop(path, backup_dir=tmp_path / "backups")
    (note,) = workshop.records("notes")
    assert note.text == "Council wants an answer by March" and not note.parked  # type: ignore[attr-defined]
    workshop.close()
    assert _first(json.loads(path.read_bytes())["meta"])["schema_version"] == SCHEMA_VERSION
    kept = store.Backups(tmp_path / "backups", path).list()
    assert original in [b.read_bytes() for b in kept]


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(WorkshopFileError, match="does not exist"):
        open_workshop(tmp_path / "nope.workshop.json")


def test_create_refuses_to_overwrite(workshop_file: Path) -> None:
    before = workshop_file.read_bytes()
    with pytest.raises(WorkshopError, match="already exists"):
        Workshop.create(workshop_file, title="Again")
    assert workshop_file.read_bytes() == before


# --- one writer ------------------------------------------------------------------------

HOLDER = """
import sys, time
from facilitator.workshop import open_workshop
workshop = open_workshop(sys.argv[1])
print("ready", flush=True)
time.sleep(60)
"""


def start_holder(path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def stop(child: subprocess.Popen[str]) -> None:
    child.kill()
    child.wait()
    if child.stdout is not None:
        child.stdout.close()


def test_a_second_opener_is_told_who_holds_the_file(workshop_file: Path) -> None:
    child = start_holder(workshop_file)
    try:
        with pytest.raises(WorkshopLockedError) as caught:
            open_workshop(workshop_file)
        message = str(caught.value)
        assert f"on {socket.gethostname()} (pid {child.pid})" in message
        assert "opened read-only" in message
        reader = open_workshop(workshop_file, read_only=True)
        assert len(reader.records("problems")) == 1
    finally:
        stop(child)


def test_a_lock_left_by_a_killed_process_is_taken_over(workshop_file: Path) -> None:
    child = start_holder(workshop_file)
    stop(child)  # SIGKILL: no chance to remove its lock file
    assert (workshop_file.parent / (workshop_file.name + ".lock")).exists()
    workshop = open_workshop(workshop_file)
    workshop.add("problem", text="after the crash")
    workshop.close()


def test_a_running_holder_is_told_apart_from_a_crashed_one(workshop_file: Path) -> None:
    """What the app asks before it says another copy 'closed unexpectedly'."""
    assert not held_by_a_running_app(workshop_file)  # closed cleanly: no lock file
    child = start_holder(workshop_file)
    try:
        assert held_by_a_running_app(workshop_file)
    finally:
        stop(child)
    assert not held_by_a_running_app(workshop_file)  # its lock file stays, nobody holds it
    open_workshop(workshop_file).close()  # and looking took nothing


def test_the_same_file_cannot_be_opened_twice_for_writing_in_one_process(
    workshop_file: Path,
) -> None:
    first = open_workshop(workshop_file)
    with pytest.raises(WorkshopLockedError, match=f"pid {os.getpid()}"):
        open_workshop(workshop_file)
    first.close()
    open_workshop(workshop_file).close()


def test_the_store_measures_time_with_the_clock_it_was_given(tmp_path: Path) -> None:
    ticks = iter(range(100))
    path = tmp_path / "w.workshop.json"
    Workshop.create(path, title="W").close()
    opened = FileStore(path, clock=lambda: float(next(ticks)))
    opened.load()
    assert opened._last_backup == 0.0
    opened.close()
    assert time.monotonic() > 0


def test_a_new_workshop_never_replays_an_orphaned_journal(tmp_path: Path) -> None:
    """A crashed workshop's journal outlives its deleted file; a new workshop created
    at the same path must not inherit its records."""
    path = tmp_path / "same name.workshop.json"
    old = Workshop.create(path, title="Old client")
    old.add("problem", text="from the old workshop")
    old.update_meta(client="Old")
    old.store.abandon()  # type: ignore[attr-defined]
    path.unlink()
    new = Workshop.create(path, title="New client")
    new.add("problem", text="from the new workshop")
    new.store.abandon()  # type: ignore[attr-defined]
    reopened = open_workshop(path)
    assert [p.summary() for p in reopened.records("problems")] == ["from the new workshop"]
    assert reopened.meta.title == "New client"
    reopened.close()


def test_save_as_over_a_path_with_an_orphaned_journal(tmp_path: Path) -> None:
    target = tmp_path / "target.workshop.json"
    stale = Workshop.create(target, title="Stale")
    stale.add("note", text="stale")
    stale.store.abandon()  # type: ignore[attr-defined]
    workshop = Workshop.create(tmp_path / "w.workshop.json", title="W")
    workshop.add("note", text="mine")
    workshop.save_as(target)
    workshop.add("note", text="after save as")
    workshop.store.abandon()  # type: ignore[attr-defined]
    reopened = open_workshop(target)
    assert [n.summary() for n in reopened.records("notes")] == ["mine", "after save as"]
    reopened.close()


def test_debris_after_a_power_cut_is_never_appended_to(tmp_path: Path) -> None:
    """A power cut can leave a segment padded with NULs; the next session must not
    write after them, or its own entries would look damaged at the next open."""
    path = tmp_path / "w.workshop.json"
    Workshop.create(path, title="W").close()
    (tmp_path / "w.workshop.json.journal-2").write_bytes(b"\0" * 512)
    workshop = open_workshop(path)
    first = workshop.add("problem", text="acknowledged 1")
    second = workshop.add("problem", text="acknowledged 2")
    workshop.store.abandon()  # type: ignore[attr-defined]
    reopened = open_workshop(path)
    assert [p.id for p in reopened.records("problems")] == [first.id, second.id]
    reopened.close()


def test_a_reader_racing_a_compaction_reads_a_consistent_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.workshop.json"
    writer = Workshop.create(path, title="W")
    problem = writer.add("problem", text="P")
    real_read = FileStore._read_file
    raced = []

    def read_then_writer_compacts(self: FileStore) -> bytes:
        data = real_read(self)
        if self.read_only and not raced:
            raced.append(True)  # the writer folds the journal in and carries on
            writer.store.compact(wait=True)  # type: ignore[attr-defined]
            writer.add("idea", text="I", problem_ids=[problem.id])
        return data

    monkeypatch.setattr(FileStore, "_read_file", read_then_writer_compacts)
    reader = open_workshop(path, read_only=True)
    assert raced
    assert [i.summary() for i in reader.records("ideas")] == ["I"]
    assert [p.summary() for p in reader.records("problems")] == ["P"]
    writer.close()


def test_a_journal_that_adds_a_second_workshop_record_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    workshop.store.abandon()  # type: ignore[attr-defined]
    intruder = Workshop.in_memory(title="Other").meta
    segment = tmp_path / "w.workshop.json.journal-1"
    segment.write_bytes(
        encode_header(workshop.meta.id, 1)
        + encode_entry([("meta", intruder.id, intruder.to_json())])
    )
    before = path.read_bytes()
    with pytest.raises(WorkshopFileError, match="2 workshop records"):
        open_workshop(path)
    assert path.read_bytes() == before


def test_temp_file_cleanup_spares_other_workshops(tmp_path: Path) -> None:
    from facilitator.atomic import is_temp_of

    mine = tmp_path / "a.workshop.json"
    assert is_temp_of(tmp_path / ".a.workshop.json.123.deadbeef.tmp", mine)
    assert not is_temp_of(tmp_path / ".a.workshop.json.bak.123.deadbeef.tmp", mine)


def test_on_macos_the_folder_gets_the_full_sync_before_segments_are_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """macOS's plain fsync stops at the drive's cache: the folder holding the
    compacted file's rename needs F_FULLFSYNC, like the file data, before the
    journal segments it replaces are deleted."""
    import fcntl
    import stat
    import types

    from facilitator import atomic

    events: list[str] = []
    monkeypatch.setattr(atomic, "sys", types.SimpleNamespace(platform="darwin"))
    monkeypatch.setattr(fcntl, "F_FULLFSYNC", 51, raising=False)

    def full_sync(fd: int, command: int, *_: object) -> int:
        assert command == 51
        events.append("full sync of a folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        return 0

    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        events.append(f"delete {self.name}")
        real_unlink(self, missing_ok)

    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    workshop.add("problem", text="A")
    monkeypatch.setattr(fcntl, "fcntl", full_sync)
    monkeypatch.setattr(Path, "unlink", unlink)
    workshop.close()
    deleted = events.index("delete w.workshop.json.journal-1")
    assert "full sync of a folder" in events[:deleted]
    assert events[deleted + 1] == "full sync of a folder"  # the deletion itself, too


def test_a_symlinked_workshop_has_one_writer_and_keeps_its_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator.cli import main

    real = tmp_path / "a.workshop.json"
    Workshop.create(real, title="A").close()
    link = tmp_path / "link.workshop.json"
    link.symlink_to(real.name)
    holder = open_workshop(real)
    assert main(["add", str(link), "note", "through the link"]) == 1
    assert f"{link} is in use by" in capsys.readouterr().err
    holder.add("note", text="by the holder")
    holder.close()
    assert main(["add", str(link), "note", "through the link"]) == 0
    assert link.is_symlink()
    reader = open_workshop(real, read_only=True)
    assert [n.summary() for n in reader.records("notes")] == ["by the holder", "through the link"]
    assert sorted(p.name for p in tmp_path.glob("link*")) == ["link.workshop.json"]
    assert FileStore(link).backups.folder == FileStore(real).backups.folder


def test_the_live_window_learns_of_a_failed_background_compaction_while_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is typed after the capture that started the compaction: the status
    still changes, on the workshop's own thread (the GUI's event loop)."""
    import threading

    from facilitator import atomic
    from facilitator.workshop import SaveStatus

    path = tmp_path / "w.workshop.json"
    Workshop.create(path, title="W").close()
    workshop = open_workshop(path, compact_after=1)
    posted: list[object] = []
    workshop.call_on_owner_thread = posted.append
    heard: list[SaveStatus] = []
    workshop.status_changed.connect(heard.append)
    release = threading.Event()

    def stuck_then_failing(target: Path, data: bytes) -> None:
        release.wait(10)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic, "write_atomic", stuck_then_failing)
    workshop.add("problem", text="the last card before the break")
    assert workshop.status.warning is None and heard == []
    release.set()
    workshop.store.wait()  # type: ignore[attr-defined]
    assert len(posted) == 1 and heard == []  # nothing ran on the compaction's thread
    posted[0]()  # type: ignore[operator] - the event loop runs it
    assert "could not update w.workshop.json: Input/output error" in (heard[-1].warning or "")
    assert workshop.status.saved
    monkeypatch.undo()
    workshop.close()


def big_workshop(path: Path, backups: Path) -> int:
    workshop = Workshop.create(path, title="Big", backup_dir=backups)
    for i in range(40):
        workshop.add("note", text=f"note {i} " + "x" * 200)
    workshop.close()
    return path.stat().st_size


def test_a_big_workshop_is_not_backed_up_again_on_every_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 235 MB workshop stored a 224 MB backup on every open after five minutes.
    Here a small file stands in for a big one."""
    backups = tmp_path / "backups"
    path = tmp_path / "big.workshop.json"
    size = big_workshop(path, backups)
    monkeypatch.setattr(store, "BIG_WORKSHOP_BYTES", size // 6)  # "big": six times the unit
    kept = store.Backups(backups, path)
    twenty_minutes_ago = time.time() - 20 * 60
    for backup in kept.list():
        os.utime(backup, (twenty_minutes_ago, twenty_minutes_ago))
    before = kept.list()
    open_workshop(path, backup_dir=backups, backup_interval_s=300).close()
    assert kept.list() == before  # 20 minutes is not yet 6 x 5 minutes
    open_workshop(path, backup_dir=backups, backup_interval_s=60).close()
    assert len(kept.list()) == len(before) + 1  # 20 minutes is more than 6 x 1 minute


def test_the_backups_of_a_big_workshop_stay_within_their_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backups = tmp_path / "backups"
    path = tmp_path / "big.workshop.json"
    size = big_workshop(path, backups)
    monkeypatch.setattr(store, "BACKUP_BUDGET_BYTES", int(size * 2.5))
    for i in range(6):
        workshop = open_workshop(path, backup_dir=backups, backup_interval_s=0)
        workshop.add("note", text=f"session {i}")
        workshop.close()
        open_workshop(path, backup_dir=backups, backup_interval_s=0).close()
    kept = store.Backups(backups, path).list()
    assert len(kept) == 3  # the newest, and two more within 2.5 times the file's size
    assert kept[0].read_bytes() == path.read_bytes()
