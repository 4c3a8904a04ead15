"""Disk full, I/O errors, a read-only folder: nothing typed is lost, nothing is mangled.

A fault injector makes the operating system refuse one kind of call (write,
fsync, rename, open) for files in the workshop's folder, the way a full disk
or a pulled USB stick would.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.cli import main
from facilitator.errors import SaveFailedError, WorkshopError
from facilitator.model import Problem
from facilitator.workshop import Workshop, open_workshop


class Faults:
    """Makes chosen os calls fail with an errno, for paths inside one folder."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = str(folder.resolve())
        self.armed: dict[str, int] = {}
        for name, by_fd in (
            ("write", True),
            ("fsync", True),
            ("fdatasync", True),
            ("ftruncate", True),
            ("open", False),
            ("replace", False),
        ):
            monkeypatch.setattr(os, name, self._wrap(name, getattr(os, name), by_fd))

    def arm(self, name: str, code: int) -> None:
        self.armed[name] = code

    def disarm(self) -> None:
        self.armed.clear()

    def _inside(self, target: Any, by_fd: bool) -> bool:
        if by_fd:
            try:
                target = os.readlink(f"/proc/self/fd/{target}")
            except OSError:
                return False
        return str(Path(os.fspath(target)).absolute()).startswith(self.folder)

    def _wrap(self, name: str, real: Callable[..., Any], by_fd: bool) -> Callable[..., Any]:
        def failing(*args: Any, **kwargs: Any) -> Any:
            code = self.armed.get(name)
            if code is not None and self._inside(args[0], by_fd) and _writes(name, args):
                raise OSError(code, os.strerror(code))
            return real(*args, **kwargs)

        return failing


def _writes(name: str, args: tuple[Any, ...]) -> bool:
    """A full or read-only disk refuses opening files to write, not to read."""
    if name != "open":
        return True
    flags = args[1] if len(args) > 1 else os.O_RDONLY
    return bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))


@pytest.fixture
def disk(tmp_path: Path) -> Path:
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    return folder


@pytest.fixture
def faults(disk: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Faults]:
    injector = Faults(disk, monkeypatch)
    yield injector
    injector.disarm()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize(
    ("call", "code"),
    [("write", errno.ENOSPC), ("fdatasync", errno.EIO), ("open", errno.EACCES)],
)
def test_a_capture_the_disk_refuses_is_kept_shown_unsaved_and_retried(
    disk: Path, faults: Faults, call: str, code: int
) -> None:
    path = disk / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    faults.arm(call, code)
    problem = workshop.add("problem", text="Typed while the disk was full")
    assert workshop.get(problem.id) == problem  # kept in memory
    assert workshop.status.unsaved == 1
    assert os.strerror(code) in (workshop.status.error or "")
    assert "kept in memory" in (workshop.status.error or "")
    # Nothing half-written: a reader sees a valid workshop without the change.
    assert open_workshop(path, read_only=True).records("problems") == []
    assert workshop.retry_save().unsaved == 1  # still failing
    faults.disarm()
    assert workshop.retry_save().saved
    workshop.store.abandon()  # type: ignore[attr-defined] - as if it crashed right after
    assert open_workshop(path).get(problem.id) == problem


def test_later_captures_queue_behind_an_unsaved_one_in_order(disk: Path, faults: Faults) -> None:
    path = disk / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    faults.arm("write", errno.ENOSPC)
    first = workshop.add("problem", text="first")
    second = workshop.update(first.id, impact=4)
    assert workshop.status.unsaved == 2
    faults.disarm()
    third = workshop.add("problem", text="third")  # the next save writes all three
    assert workshop.status.saved
    workshop.store.abandon()  # type: ignore[attr-defined]
    reopened = open_workshop(path)
    assert [p.to_json() for p in reopened.records("problems")] == [
        second.to_json(),
        third.to_json(),
    ]


@pytest.mark.parametrize(
    ("call", "code"),
    [
        ("write", errno.ENOSPC),
        ("fsync", errno.EIO),
        ("replace", errno.EACCES),
        ("open", errno.EROFS),
    ],
)
def test_a_failed_compaction_leaves_the_file_intact_and_no_temp_files(
    disk: Path, faults: Faults, call: str, code: int
) -> None:
    path = disk / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    problems = [workshop.add("problem", text=f"P{i}").id for i in range(3)]
    original = path.read_bytes()
    faults.arm(call, code)
    note = workshop.close()  # every change is journaled, so closing loses nothing...
    assert note is not None  # ...but the file alone is behind, and the user is told
    assert "could not update w.workshop.json" in note
    assert "folded into the file the next time it is opened" in note
    assert path.read_bytes() == original
    assert leftovers(disk) == []
    assert list(disk.glob("w.workshop.json.journal-*"))  # kept for the next open
    faults.disarm()
    reopened = open_workshop(path)
    assert [p.id for p in reopened.records("problems")] == problems
    assert reopened.close() is None  # up to date: nothing to say
    assert not list(disk.glob("w.workshop.json.journal-*"))


def test_the_command_line_warns_when_the_file_is_left_behind_its_journal(
    disk: Path, faults: Faults, capsys: pytest.CaptureFixture[str]
) -> None:
    path = disk / "w.workshop.json"
    Workshop.create(path, title="W").close()
    faults.arm("replace", errno.ENOSPC)  # the journal appends; the rewrite fails
    assert main(["add", str(path), "problem", "Quotes are slow"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("facilitator: warning: could not update w.workshop.json")
    assert "not the file alone" in err
    faults.disarm()
    assert [p.text for p in open_workshop(path, read_only=True).typed(Problem)] == [
        "Quotes are slow"
    ]


def test_close_refuses_while_changes_are_unsaved_and_stays_open(disk: Path, faults: Faults) -> None:
    path = disk / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    faults.arm("write", errno.ENOSPC)
    typed = workshop.add("problem", text="typed on a full disk")
    with pytest.raises(SaveFailedError, match="No space left on device"):
        workshop.close()
    assert workshop.get(typed.id) == typed
    # Each failed attempt tidies up: no empty journal files pile up beside the file.
    assert [p.name for p in disk.glob("*.journal-*") if p.stat().st_size == 0] == []
    faults.disarm()
    workshop.close()
    assert open_workshop(path).get(typed.id) == typed


def test_a_crashed_workshop_opens_on_a_full_disk_and_keeps_its_journal(
    disk: Path, faults: Faults
) -> None:
    path = disk / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    kept = workshop.add("problem", text="saved before the crash")
    workshop.store.abandon()  # type: ignore[attr-defined]
    faults.arm("write", errno.ENOSPC)
    reopened = open_workshop(path)  # recovery cannot compact, but the open succeeds
    assert reopened.get(kept.id) == kept
    assert "No space left on device" in (reopened.status.warning or "")
    faults.disarm()
    reopened.close()
    assert open_workshop(path).get(kept.id) == kept


def test_save_elsewhere_when_the_folder_turns_read_only(
    disk: Path, faults: Faults, tmp_path: Path
) -> None:
    path = disk / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    kept = workshop.add("problem", text="before")
    faults.arm("open", errno.EROFS)
    faults.arm("write", errno.EROFS)
    typed = workshop.add("problem", text="after the stick went read-only")
    assert not workshop.status.saved
    elsewhere = tmp_path / "laptop" / "w.workshop.json"
    elsewhere.parent.mkdir()
    workshop.save_as(elsewhere)
    assert workshop.status.saved
    more = workshop.add("problem", text="carrying on")
    workshop.close()
    reopened = open_workshop(elsewhere)
    assert [p.id for p in reopened.records("problems")] == [kept.id, typed.id, more.id]
    reopened.close()


def test_a_full_disk_when_creating_leaves_nothing_behind(disk: Path, faults: Faults) -> None:
    faults.arm("write", errno.ENOSPC)
    with pytest.raises(WorkshopError, match="No space left on device"):
        Workshop.create(disk / "new.workshop.json", title="W")
    assert sorted(p.name for p in disk.iterdir()) == []


def test_the_command_line_on_a_full_disk_says_it_once_and_leaves_nothing(
    disk: Path, faults: Faults, capsys: pytest.CaptureFixture[str]
) -> None:
    path = disk / "w.workshop.json"
    Workshop.create(path, title="W").close()
    faults.arm("write", errno.ENOSPC)
    assert main(["add", str(path), "problem", "Typed on a full disk"]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"facilitator: not saved: No space left on device while writing to {disk}; "
        "nothing was added\n"
    )  # one line, and no promise of memory that the exiting command cannot keep
    faults.disarm()
    assert sorted(p.name for p in disk.iterdir()) == ["w.workshop.json"]
    assert open_workshop(path, read_only=True).typed(Problem) == []


def test_a_folder_that_refuses_writes_is_named_when_creating(disk: Path, faults: Faults) -> None:
    faults.arm("open", errno.EACCES)
    with pytest.raises(WorkshopError) as refused:
        Workshop.create(disk / "new.workshop.json", title="W")
    message = str(refused.value)
    assert message == (
        f"cannot create new.workshop.json in {disk}: its folder does not let "
        "Facilitator write there: Permission denied; choose another folder"
    )
    assert "read-only" not in message  # there is nothing yet to open read-only


def test_a_background_compaction_failure_is_a_warning_not_a_loss(
    disk: Path, faults: Faults
) -> None:
    path = disk / "w.workshop.json"
    workshop = Workshop.create(path, title="W", compact_after=5)
    for i in range(4):
        workshop.add("problem", text=f"P{i}")
    faults.arm("replace", errno.EIO)
    workshop.add("problem", text="P4")  # triggers a compaction, which fails
    workshop.store.wait()  # type: ignore[attr-defined]
    workshop.maintain()
    assert workshop.status.saved  # every change is in the journal
    assert "Input/output error" in (workshop.status.warning or "")
    faults.disarm()
    workshop.close()
    assert len(open_workshop(path).records("problems")) == 5


def test_check_on_a_read_only_folder_blames_no_app_that_is_not_there(
    disk: Path, faults: Faults, capsys: pytest.CaptureFixture[str]
) -> None:
    path = disk / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    workshop.add("problem", text="in the journal only")
    workshop.store.abandon()  # type: ignore[attr-defined] - the app died
    faults.arm("open", errno.EROFS)  # then the stick was mounted read-only
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "app that holds it" not in out
    assert (
        "1 change in the journal, not in the file yet: they are folded in when it is "
        "opened where it can be written"
    ) in out
    assert "Read-only file system" in out


def test_a_batch_torn_in_the_middle_is_dropped_whole_not_refused(
    disk: Path, faults: Faults, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut while a save writes several unsaved changes at once (after the
    stick was full for a while): part of what was written never reached the disk
    (exFAT leaves zeros). One flush is one checksummed entry, so the torn batch
    is dropped whole, as a torn single change always was."""
    path = disk / "w.workshop.json"
    workshop = Workshop.create(path, title="W")
    kept = workshop.add("problem", text="saved before the trouble")
    faults.arm("write", errno.ENOSPC)
    for i in range(3):
        workshop.add("problem", text=f"typed on the full stick {i}")
    assert workshop.status.unsaved == 3
    faults.disarm()

    class PowerCut(BaseException):
        """The machine stops during the sync: no error handling runs."""

    def cut(_fd: int) -> None:
        raise PowerCut

    monkeypatch.setattr(os, "fdatasync", cut)
    with pytest.raises(PowerCut):
        workshop.retry_save()
    workshop.store.abandon()  # type: ignore[attr-defined]
    (segment,) = [p for p in disk.glob("w.workshop.json.journal-*") if b"stick 1" in p.read_bytes()]
    data = bytearray(segment.read_bytes())
    batch = data.index(b"typed on the full stick 0") - 100
    middle = range(batch + (len(data) - batch) // 3, batch + 2 * (len(data) - batch) // 3)
    for at in middle:
        if data[at : at + 1] != b"\n":
            data[at] = 0  # what the power cut never let reach the disk
    segment.write_bytes(bytes(data))
    monkeypatch.undo()
    reopened = open_workshop(path)
    assert [p.id for p in reopened.records("problems")] == [kept.id]
    reopened.close()


def test_a_refused_add_does_not_advise_opening_read_only(
    disk: Path, faults: Faults, capsys: pytest.CaptureFixture[str]
) -> None:
    path = disk / "w.workshop.json"
    Workshop.create(path, title="W").close()
    faults.arm("open", errno.EACCES)
    assert main(["add", str(path), "note", "typed"]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"facilitator: {path} cannot be opened for editing: its folder does not let "
        "Facilitator write there: Permission denied; nothing was changed\n"
    )
