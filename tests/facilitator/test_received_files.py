"""Workshops received from outside: a crafted or damaged file, or what lies beside
it, can never make the app overwrite, delete or hide anything.

Each test is a reproduction from the adversarial review (issue 12): a planted
link, a file that is only named like a journal, clashing record numbers, a
read-only file, JSON nested too deeply.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.errors import FileReadOnlyError, WorkshopFileError, WorkshopLockedError
from facilitator.model import Concern, Note
from facilitator.workshop import Workshop, open_workshop


def notes(path: Path) -> list[str]:
    return [n.text for n in open_workshop(path, read_only=True).typed(Note)]


def crashed_with_a_note(path: Path, text: str) -> Path:
    """A workshop whose app died with one note in its journal; the journal segment."""
    workshop = Workshop.create(path, title=path.stem)
    workshop.add("note", text=text)
    workshop.store.abandon()  # type: ignore[attr-defined]
    (segment,) = path.parent.glob(path.name + ".journal-*")
    return segment


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.is_symlink()}


# --- 1. links and devices under the names the store uses ------------------------------


@pytest.mark.parametrize("command", ["add", "check", "import"])
def test_a_symlinked_lock_file_never_writes_where_it_points(
    workshop_file: Path, command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("the consultant's own notes\n")
    lock = workshop_file.with_name(workshop_file.name + ".lock")
    lock.symlink_to(victim)
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text('{"kind": "note", "text": "e"}\n')
    args = {
        "add": ["add", str(workshop_file), "note", "e"],
        "check": ["check", str(workshop_file)],
        "import": ["import", str(workshop_file), str(jsonl)],
    }[command]
    status = main(args)
    assert victim.read_text() == "the consultant's own notes\n"
    assert lock.is_symlink()
    if command == "check":  # checked read-only, and it says why
        assert status == 0
        assert "is a symbolic link" in capsys.readouterr().out
    else:
        assert status == 1
        err = capsys.readouterr().err
        assert "lock file acme.workshop.json.lock is a symbolic link" in err
        assert err.count("\n") == 1


def test_a_dangling_symlinked_lock_file_creates_nothing(
    workshop_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere" / "created.txt"
    target.parent.mkdir()
    workshop_file.with_name(workshop_file.name + ".lock").symlink_to(target)
    with pytest.raises(WorkshopLockedError, match="symbolic link"):
        open_workshop(workshop_file)
    assert not target.exists()


def test_a_lock_file_that_is_a_pipe_is_refused_without_hanging(workshop_file: Path) -> None:
    os.mkfifo(workshop_file.with_name(workshop_file.name + ".lock"))
    with pytest.raises(WorkshopLockedError, match="is a pipe"):
        open_workshop(workshop_file)


def test_a_hard_linked_lock_file_never_overwrites_the_file_it_shares(
    workshop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hard link is a regular file, so refusing links and devices is not enough: a
    zip or a folder copied with its links can name the consultant's file as the lock."""
    victim = tmp_path / "victim.txt"
    victim.write_text("the consultant's own notes\n")
    lock = workshop_file.with_name(workshop_file.name + ".lock")
    os.link(victim, lock)
    status = main(["add", str(workshop_file), "note", "e"])
    assert status == 1
    assert victim.read_text() == "the consultant's own notes\n"
    err = capsys.readouterr().err
    assert "lock file acme.workshop.json.lock is also another file (a hard link)" in err
    assert err.count("\n") == 1
    assert notes(workshop_file) == []


def test_a_lock_file_that_is_a_folder_is_named_as_one(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop_file.with_name(workshop_file.name + ".lock").mkdir()
    assert main(["add", str(workshop_file), "note", "e"]) == 1
    err = capsys.readouterr().err
    assert "lock file acme.workshop.json.lock is a folder" in err
    assert "its folder does not let" not in err


def test_a_new_workshop_is_never_created_through_a_dangling_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`facilitator new planted/n` where planted/n.workshop.json is a link to a file
    that does not exist yet created the workshop (and its lock) where the link points."""
    elsewhere = tmp_path / "elsewhere" / "created.json"
    elsewhere.parent.mkdir()
    planted = tmp_path / "n.workshop.json"
    planted.symlink_to(elsewhere)
    assert main(["new", str(planted), "--title", "N"]) == 1
    err = capsys.readouterr().err
    assert "is a symbolic link" in err and err.count("\n") == 1
    assert list(elsewhere.parent.iterdir()) == []
    assert planted.is_symlink()


def test_a_symlink_named_like_a_journal_segment_is_neither_followed_nor_deleted(
    workshop_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("not a journal")
    planted = workshop_file.with_name(workshop_file.name + ".journal-3")
    planted.symlink_to(other)
    workshop = open_workshop(workshop_file)
    workshop.add("note", text="after")
    workshop.close()
    assert planted.is_symlink() and other.read_text() == "not a journal"
    assert notes(workshop_file) == ["after"]


def test_the_gui_open_refuses_a_symlinked_lock_like_the_command_line(
    workshop_file: Path, tmp_path: Path
) -> None:
    """The GUI opens through the same core call: the lock problem is explained,
    and a read-only look is still possible without touching the victim."""
    victim = tmp_path / "victim.txt"
    victim.write_text("x")
    workshop_file.with_name(workshop_file.name + ".lock").symlink_to(victim)
    with pytest.raises(WorkshopLockedError) as refused:
        open_workshop(workshop_file)
    assert refused.value.owner is None
    reader = open_workshop(workshop_file, read_only=True)
    assert reader.counts()["problems"] == 1
    assert victim.read_text() == "x"


# --- 11. nesting and numbers no parser should choke on ---------------------------------


def test_a_workshop_nested_100000_deep_is_not_a_workshop(tmp_path: Path) -> None:
    path = tmp_path / "deep.workshop.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(WorkshopFileError, match="nested too deeply"):
        open_workshop(path)


def test_a_record_number_of_5000_digits_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "w.workshop.json"
    Workshop.create(path, title="W").close()
    document = json.loads(path.read_bytes())
    meta = document["meta"].pop("1")
    document["meta"]["9" * 5000] = meta
    path.write_text(json.dumps(document))
    with pytest.raises(WorkshopFileError) as refused:
        open_workshop(path)
    message = str(refused.value)
    assert "5,000 digits" in message
    assert len(message) < 600


# --- 4. record numbers that clash -------------------------------------------------------


def with_notes_numbered(path: Path, keys: list[str]) -> bytes:
    """A workshop whose notes table is keyed *keys* (one note per key)."""
    workshop = Workshop.create(path, title="W")
    texts = [workshop.add("note", text=f"note {key}").to_json() for key in keys]
    workshop.close()
    document = json.loads(path.read_bytes())
    document["notes"] = dict(zip(keys, texts, strict=True))
    data = json.dumps(document).encode()
    path.write_bytes(data)
    return data


def test_clashing_record_numbers_are_refused_not_dropped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.workshop.json"
    data = with_notes_numbered(path, ["1", "01", "2", "\u0661"])  # ١: Arabic-Indic one
    with pytest.raises(WorkshopFileError) as refused:
        open_workshop(path)
    assert "table 'notes' has a record numbered '01', which is the same number as '1'" in str(
        refused.value
    )
    assert refused.value.salvageable
    assert main(["check", str(path)]) == 1  # check does not call it healthy
    err = capsys.readouterr().err
    assert "numbered '01'" in err and "healthy" not in err
    assert main(["add", str(path), "note", "one more"]) == 1
    assert path.read_bytes() == data


@pytest.mark.parametrize("command", ["add", "check", "list"])
def test_the_command_line_says_how_to_salvage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """'can be salvaged into a copy' told a command-line user what, not how."""
    path = tmp_path / "w.workshop.json"
    with_notes_numbered(path, ["1", "01"])
    args = [command, str(path)] + (["note", "x"] if command == "add" else [])
    assert main(args) == 1
    err = capsys.readouterr().err
    assert (
        f"Everything that still reads can be salvaged into a copy: facilitator check "
        f"--salvage {path}."
    ) in err
    assert err.count("\n") == 1


def test_salvage_renumbers_clashing_records_and_keeps_all_of_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.workshop.json"
    data = with_notes_numbered(path, ["1", "01", "2", "\u0661"])
    assert main(["check", "--salvage", str(path)]) == 0
    out = capsys.readouterr().out
    copy = Path(out.split(" into ", 1)[1].split(" — ", 1)[0])
    assert sorted(notes(copy)) == ["note 01", "note 1", "note 2", "note \u0661"]
    assert "changed: record '01' of table 'notes'" in out
    assert "nothing saved was lost" in out
    assert path.read_bytes() == data  # the original is left as it was


# --- 5. files that only look like a journal ---------------------------------------------


def test_a_file_named_like_a_journal_segment_is_never_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.workshop.json"
    Workshop.create(other, title="Another client").close()
    path = tmp_path / "x.workshop.json"
    Workshop.create(path, title="X").close()
    planted = tmp_path / "x.workshop.json.journal-5"
    planted.write_bytes(other.read_bytes())  # cp other.workshop.json x.json.journal-5
    assert main(["add", str(path), "note", "hi"]) == 0
    assert planted.read_bytes() == other.read_bytes()
    assert notes(path) == ["hi"]
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "left alone: x.workshop.json.journal-5: it is not a Facilitator journal" in out


@pytest.mark.parametrize("name", ["x.workshop.json.journal-007", "x.workshop.json.journal-01"])
def test_a_segment_number_with_leading_zeros_is_left_alone_not_a_false_alarm(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """`x.json.journal-007` was read as segment 7, which is `x.json.journal-7`: not
    there, so every open retried and gave up with "it keeps changing while being read"."""
    path = tmp_path / "x.workshop.json"
    Workshop.create(path, title="X").close()
    planted = tmp_path / name
    planted.write_text("hello")
    assert main(["add", str(path), "note", "hi"]) == 0
    assert planted.read_text() == "hello"
    assert notes(path) == ["hi"]
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"left alone: {name}: its number is written with leading zeros" in out


def test_another_workshops_journal_is_neither_replayed_nor_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    segment = crashed_with_a_note(tmp_path / "other.workshop.json", "theirs")
    path = tmp_path / "x.workshop.json"
    Workshop.create(path, title="X").close()
    planted = tmp_path / "x.workshop.json.journal-1"
    planted.write_bytes(segment.read_bytes())
    assert notes(path) == []
    assert main(["check", str(path)]) == 0
    assert "journal-1: it is the journal of another workshop" in capsys.readouterr().out
    assert planted.exists()


# --- 6. what check says about a journal's dropped lines --------------------------------


def test_check_says_which_journal_line_it_dropped_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.workshop.json"
    segment = crashed_with_a_note(path, "saved")
    with segment.open("ab") as damaged:
        damaged.write(b"deadbeef [garbage that is a whole line]\n")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "recovered 1 change from the journal" in out
    assert (
        f"dropped {segment.name}, entry 2: its checksum does not match "
        "(a write cut short, or damage) — it was never reported saved"
    ) in out
    assert notes(path) == ["saved"]


def with_a_journal_that_reuses_an_id(path: Path) -> tuple[Path, bytes]:
    """A workshop with a note, and a journal (checksummed, of this workshop) that
    adds a problem under the note's id: the segment and the file's bytes."""
    from facilitator import journal
    from facilitator.model import Problem

    workshop = Workshop.create(path, title="W")
    note = workshop.add("note", text="the note")
    workshop_id = workshop.meta.id
    workshop.close()
    problem = Problem.build({"text": "a problem under the note's id"}).to_json()
    problem["id"] = note.id
    segment = path.with_name(path.name + ".journal-1")
    segment.write_bytes(
        journal.encode_header(workshop_id, 1)
        + journal.encode_entry([("problems", note.id, problem)])
    )
    return segment, path.read_bytes()


def test_a_journal_that_gives_one_id_to_two_records_is_refused_not_folded_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` called it healthy, folded it into the file and deleted the journal;
    the next open refused the file it had written ('record id ... appears twice')."""
    path = tmp_path / "w.workshop.json"
    segment, data = with_a_journal_that_reuses_an_id(path)
    journal_bytes = segment.read_bytes()
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "its journal w.workshop.json.journal-1 gives the id" in err
    assert "to a note and to a problem" in err
    assert "salvaged" in err and err.count("\n") == 1
    with pytest.raises(WorkshopFileError) as refused:
        open_workshop(path)
    assert refused.value.salvageable
    assert path.read_bytes() == data and segment.read_bytes() == journal_bytes


def test_salvage_keeps_the_first_record_of_an_id_and_says_what_it_lost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.workshop.json"
    with_a_journal_that_reuses_an_id(path)
    assert main(["check", "--salvage", str(path)]) == 0
    out = capsys.readouterr().out
    assert "lost: problem “a problem under the note's id”: its id is a note's" in out
    copy = Path(out.split(" into ", 1)[1].split(" — ", 1)[0])
    salvaged = open_workshop(copy)  # opens for writing, and again after closing
    salvaged.close()
    assert notes(copy) == ["the note"]
    assert open_workshop(copy, read_only=True).counts()["problems"] == 0


# --- 7. a journal damaged in the middle, salvaged --------------------------------------


def test_a_journal_damaged_in_the_middle_is_salvaged_into_a_new_workshop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    problem = workshop.add("problem", text="Permits wait")
    idea = workshop.add("idea", text="Pre-check", problem_ids=[problem.id])
    workshop.vote(idea.id)
    workshop.add("note", text="after the damage")
    workshop.store.abandon()  # type: ignore[attr-defined]
    (segment,) = tmp_path.glob("w.workshop.json.journal-*")
    lines = segment.read_bytes().split(b"\n")
    lines[1] = lines[1][:30] + b"X" + lines[1][31:]  # the problem's entry is damaged
    segment.write_bytes(b"\n".join(lines))
    before = files_in(tmp_path)
    with pytest.raises(WorkshopFileError, match="damaged at entry 1") as refused:
        open_workshop(path)
    assert "salvaged" in str(refused.value)
    assert main(["check", "--salvage", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"lost: journal {segment.name}, entry 1: its checksum does not match" in out
    assert "idea “Pre-check” lost its problems: it is in the parking lot" in out
    copy = Path(out.split(" into ", 1)[1].split(" — ", 1)[0])
    salvaged = open_workshop(copy, read_only=True)
    assert sorted(n.text for n in salvaged.typed(Note)) == ["Pre-check", "after the damage"]
    assert salvaged.records("votes") == []  # its dot was on the idea, now parked
    assert files_in(tmp_path) == {**before, copy.name: copy.read_bytes()}


# --- 8. a file marked read-only ---------------------------------------------------------


def test_a_read_only_file_is_not_replaced_by_add(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop_file.chmod(0o444)
    before = workshop_file.read_bytes()
    assert main(["add", str(workshop_file), "note", "e"]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"facilitator: {workshop_file} is marked read-only (its permissions), so nothing "
        "was changed; make it writable first to change it\n"
    )
    assert workshop_file.read_bytes() == before
    assert workshop_file.stat().st_mode & 0o777 == 0o444
    assert sorted(p.name for p in workshop_file.parent.glob("acme*")) == [workshop_file.name]


def test_a_read_only_file_opens_read_only(workshop_file: Path) -> None:
    workshop_file.chmod(0o444)
    with pytest.raises(FileReadOnlyError, match="marked read-only"):
        open_workshop(workshop_file)
    reader = open_workshop(workshop_file, read_only=True)
    assert reader.read_only and reader.counts()["problems"] == 1


# --- 15. messages that say what is true and what to do ------------------------------------


def test_new_says_when_its_backup_cannot_be_written(
    tmp_path: Path, private_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private_folders.mkdir(parents=True, exist_ok=True)
    (private_folders / "backups").write_text("a file where the backups folder should be")
    path = tmp_path / "client.workshop.json"
    assert main(["new", str(path), "--title", "Client"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{path}\n"
    (line,) = captured.err.splitlines()
    assert line.startswith("facilitator: warning: the workshop is saved, but no backup copy")
    assert open_workshop(path, read_only=True).meta.title == "Client"


@pytest.mark.parametrize("command", ["add", "capture", "import"])
def test_a_change_says_when_the_backup_on_opening_cannot_be_written(
    tmp_path: Path, private_folders: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """`new` said it; `add`, `capture` and `import` opened, changed and closed a
    workshop whose backups could not be written without a word."""
    path = tmp_path / "client.workshop.json"
    assert main(["new", str(path), "--title", "Client", "--recipe", "executive-90"]) == 0
    for old in (private_folders / "backups").iterdir():
        for copy in old.iterdir():
            copy.unlink()
        old.rmdir()
    (private_folders / "backups").rmdir()
    (private_folders / "backups").write_text("a file where the backups folder should be")
    feed = tmp_path / "in.jsonl"
    feed.write_text('{"kind": "note", "text": "imported"}\n')
    capsys.readouterr()
    args = {
        "add": ["add", str(path), "note", "added"],
        "capture": ["capture", str(path), "captured"],
        "import": ["import", str(path), str(feed)],
    }[command]
    assert main(args) == 0
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("facilitator: warning: the workshop is saved, but no backup copy")
    assert len(notes(path)) == 1


def nested_900_deep() -> dict[str, object]:
    deep: dict[str, object] = {}
    inner = deep
    for _ in range(900):
        inner["a"] = {}
        inner = inner["a"]  # type: ignore[assignment]
    return deep


def test_branding_nested_900_deep_is_not_a_workshop_and_a_backup_is_offered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.workshop.json"
    backups = tmp_path / "backups"
    Workshop.create(path, title="W", backup_dir=backups).close()
    document = json.loads(path.read_bytes())
    document["meta"]["1"]["branding"] = nested_900_deep()
    path.write_text(json.dumps(document))
    with pytest.raises(WorkshopFileError) as refused:
        open_workshop(path, backup_dir=backups)
    assert "branding: is nested more than" in str(refused.value)  # a reason, not a bug
    assert refused.value.backup is not None  # the GUI offers it
    assert main(["check", str(path)]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert "is nested more than" in line


def test_salvage_keeps_the_cards_when_the_workshop_record_does_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check --salvage` on a workshop whose own record does not read (branding nested
    900 deep) printed "unexpected problem: ValueError"; the cards are all fine."""
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="Acme", backup_dir=tmp_path / "backups")
    workshop.add("note", text="keep me")
    workshop.close()
    document = json.loads(path.read_bytes())
    document["meta"]["1"]["branding"] = nested_900_deep()
    data = json.dumps(document).encode()
    path.write_bytes(data)
    assert main(["check", "--salvage", str(path)]) == 0
    out = capsys.readouterr().out
    copy = Path(out.split(" into ", 1)[1].split(" — ", 1)[0])
    assert notes(copy) == ["keep me"]
    assert open_workshop(copy, read_only=True).meta.title == "Acme"
    assert "changed: the workshop's branding did not read" in out
    assert path.read_bytes() == data


def test_salvage_of_a_workshop_record_that_cannot_be_mended_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.workshop.json"
    Workshop.create(path, title="Acme", backup_dir=tmp_path / "backups").close()
    document = json.loads(path.read_bytes())
    document["meta"]["1"]["title"] = 5  # required, so it has no default to fall back on
    path.write_text(json.dumps(document))
    assert main(["check", "--salvage", str(path)]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert "its workshop record does not read" in line and "unexpected" not in line


def test_a_workshop_on_a_read_only_disk_is_not_called_marked_read_only(
    workshop_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A USB stick or share mounted read-only: the file's permissions allow writing,
    so "marked read-only (its permissions); make it writable" sent the user to the
    wrong place. (The mount is simulated: tests may not mount file systems.)"""
    real_statvfs = os.statvfs

    def read_only_mount(path: object) -> os.statvfs_result:
        found = real_statvfs(path)  # type: ignore[arg-type]
        fields = list(found)
        fields[8] |= os.ST_RDONLY  # f_flag
        return os.statvfs_result(fields)

    monkeypatch.setattr(os, "statvfs", read_only_mount)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: mode != os.W_OK)
    assert main(["add", str(workshop_file), "note", "e"]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"facilitator: {workshop_file} is on a disk or share that is read-only, so nothing "
        "was changed; copy it to a folder you can write to, to change it\n"
    )
    assert main(["check", str(workshop_file)]) == 0
    assert "is on a disk or share that is read-only; checked read-only" in capsys.readouterr().out


# --- anonymous means anonymous, even in a file made elsewhere ------------------------------


def test_an_anonymous_concern_that_names_its_author_in_the_file_is_exported_without_him(
    tmp_path: Path,
) -> None:
    """A received (or hand-edited) file can give an anonymous concern a participant_id;
    the app refuses to write one, but read one in: the JSON export printed it."""
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    author = workshop.add("participant", name="Kevin Oakes")
    workshop.add("concern", text="Nobody asked the union", anonymous=True)
    workshop.close()
    document = json.loads(path.read_bytes())
    (concern,) = document["concerns"].values()
    concern["participant_id"] = author.id
    path.write_text(json.dumps(document))
    (read,) = open_workshop(path, read_only=True).typed(Concern)
    assert read.anonymous and read.participant_id is None
    exported = {}
    for fmt in ("json", "md"):  # the CSV is the use-case table: it has no concerns
        out = tmp_path / f"brief.{fmt}"
        assert main(["export", str(path), "-o", str(out)]) == 0
        exported[fmt] = out.read_text(encoding="utf-8-sig")
    (concern_out,) = json.loads(exported["json"])["concerns"]
    assert concern_out["anonymous"] and concern_out["participant_id"] is None
    lines = [ln for ln in exported["md"].splitlines() if "Nobody asked the union" in ln]
    assert lines and not [ln for ln in lines if "Kevin" in ln]
