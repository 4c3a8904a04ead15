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
from facilitator.errors import WorkshopFileError, WorkshopLockedError
from facilitator.model import Note
from facilitator.workshop import Workshop, open_workshop


def notes(path: Path) -> list[str]:
    return [n.text for n in open_workshop(path, read_only=True).typed(Note)]


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
