"""One writer per workshop file: a lock file beside it that says who holds it.

The lock is an OS lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows) on
``<workshop>.lock``, so the operating system releases it when the holder dies:
a lock left behind by a crashed or killed app is simply taken over. The file's
content names the holder (user, host, pid) for the "in use by ..." message.

The lock file is opened without following symbolic links and must be a regular
file: a link planted under its name (``l.workshop.json.lock -> victim.txt``)
would otherwise make the app overwrite, or create, whatever it points at.

Qt has QLockFile, but the core must not import Qt, and the command line needs the
same lock as the GUI.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from pathlib import Path

from facilitator import atomic
from facilitator.errors import LockOwner, WorkshopLockedError
from facilitator.model import now_iso

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    # Lock a byte far past the text so the holder's details stay readable.
    _WIN_LOCK_OFFSET = 1 << 20

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as error:  # e.g. ENOLCK on a network share without locking
            raise LockUnavailableError(error.strerror or str(error)) from error
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockUnavailableError(OSError):
    """The file system cannot lock files at all."""


LOCK_SUFFIX = ".lock"


def lock_path_for(workshop_path: Path) -> Path:
    return workshop_path.with_name(workshop_path.name + LOCK_SUFFIX)


def is_lock_name(name: str) -> bool:
    """Whether *name* is named like the lock file of some workshop file."""
    return name.endswith(".json" + LOCK_SUFFIX)


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "unknown user"


def read_owner(lock_path: Path) -> LockOwner | None:
    """The holder recorded in a lock file, or None if it says nothing readable."""
    try:
        raw = json.loads(atomic.read_regular(lock_path, limit=4096).decode("utf-8"))
        return LockOwner(
            user=str(raw["user"]),
            host=str(raw["host"]),
            pid=int(raw["pid"]),
            since=str(raw.get("since", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def held_by_a_running_app(workshop_path: Path) -> bool:
    """Whether a live process holds *workshop_path*'s lock right now.

    A lock file left behind by a crash is not held (the OS let go when its holder
    died), so this tells a real crash from another copy of the app that is still
    running with the workshop open. Only looks: takes nothing, writes nothing.
    """
    try:
        fd = atomic.open_regular(lock_path_for(workshop_path), os.O_RDWR)
    except OSError:  # no lock file (closed cleanly), one we may not open, or a link
        return False
    try:
        if not _try_lock(fd):
            return True
        _unlock(fd)
        return False
    except LockUnavailableError:  # a drive that cannot lock: nobody can be said to hold it
        return False
    finally:
        os.close(fd)


class WorkshopLock:
    """The write lock on one workshop file."""

    def __init__(self, workshop_path: Path, *, named: Path | None = None) -> None:
        """The lock of the file at *workshop_path* (its real path); messages name
        it *named*, the path as the consultant gave it (a link, say)."""
        self.workshop_path = named if named is not None else workshop_path
        self.path = lock_path_for(workshop_path)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`WorkshopLockedError` naming its holder."""
        if self._fd is not None:
            return
        for _ in range(10):
            try:
                fd = atomic.open_regular(self.path, os.O_RDWR | os.O_CREAT)
            except atomic.NotRegularFileError as error:
                raise WorkshopLockedError(
                    self.workshop_path,
                    None,
                    f"its lock file {self.path.name} is {error.kind}, which Facilitator "
                    "will not write through; remove it if no program of yours made it",
                ) from error
            except OSError as error:
                raise WorkshopLockedError(
                    self.workshop_path,
                    None,
                    f"its folder does not let Facilitator write there: {error.strerror}",
                ) from error
            try:
                locked = _try_lock(fd)
            except LockUnavailableError as error:
                os.close(fd)
                raise WorkshopLockedError(
                    self.workshop_path, None, f"this drive cannot lock files: {error}"
                ) from error
            if not locked:
                os.close(fd)
                raise WorkshopLockedError(self.workshop_path, read_owner(self.path))
            # The previous holder may have deleted the file between our open and
            # our lock; then we hold a lock on a file nobody else can see. Retry.
            if self._same_file(fd):
                self._fd = fd
                self._write_owner(fd)
                return
            _unlock(fd)
            os.close(fd)
        raise WorkshopLockedError(self.workshop_path, None, "the lock file keeps changing")

    def _same_file(self, fd: int) -> bool:
        try:
            on_disk = os.lstat(self.path)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)

    def _write_owner(self, fd: int) -> None:
        owner = {
            "user": _current_user(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": now_iso(),
            "app": "facilitator",
        }
        data = json.dumps(owner).encode()
        # Best effort: the OS lock is what protects the file; the text only informs.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)

    def release(self) -> None:
        """Give the lock up and remove the lock file (unlink first: see acquire)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        _unlock(fd)
        os.close(fd)
