"""Write a file so that a crash leaves either the old or the new version, never a mix.

The recipe: write a temporary file in the same folder, fsync it, ``os.replace``
it over the target, then fsync the folder so the rename itself survives a power
cut. Any failure removes the temporary file and leaves the target as it was.

Files Facilitator keeps beside a workshop (lock, journal, temporary files) are
opened without following symbolic links and must be regular files: a link or a
device planted under one of those names must never make the app write, read or
hang anywhere else (:func:`open_regular`, :func:`read_regular`).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import sys
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"

# O_NOFOLLOW: a symbolic link in the last component fails with ELOOP instead of
# being followed. O_NONBLOCK: a FIFO or a device under our name fails the
# regular-file check below instead of blocking the open. Windows has neither;
# there a link is caught by lstat before the open.
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)
BINARY = getattr(os, "O_BINARY", 0)


class NotRegularFileError(OSError):
    """A path the store owns is a link, a folder or a device, not a regular file."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path.name} is {kind}")
        self.kind = kind


def _kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: Path, flags: int, mode: int = 0o644) -> int:
    """os.open that refuses symbolic links and anything but a regular file, and,
    to write, a file with other names (hard links).

    Raises :class:`NotRegularFileError` (an OSError) naming what is there instead.
    """
    if not NOFOLLOW:  # pragma: no cover - Windows: no O_NOFOLLOW, check first
        with contextlib.suppress(FileNotFoundError):
            found = os.lstat(path)
            if not stat.S_ISREG(found.st_mode):
                raise NotRegularFileError(path, _kind_of(found.st_mode))
    try:
        fd = os.open(path, flags | NOFOLLOW | NONBLOCK | BINARY, mode)
    except IsADirectoryError:  # opened for writing: the OS refuses before we can look
        raise NotRegularFileError(path, "a folder") from None
    except OSError as error:
        # ELOOP on Linux, EMLINK or EFTYPE on the BSDs: ask the path itself.
        if NOFOLLOW and not isinstance(error, FileNotFoundError) and os.path.islink(path):
            raise NotRegularFileError(path, "a symbolic link") from None
        raise
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise NotRegularFileError(path, _kind_of(found.st_mode))
        # A hard link is a regular file too: writing through one would change the
        # consultant's file that shares it (a zip or a copied folder can hold one).
        if flags & (os.O_WRONLY | os.O_RDWR) and found.st_nlink > 1:
            raise NotRegularFileError(path, "also another file (a hard link)")
        if NONBLOCK:  # regular files ignore it, but later writes need not inherit it
            with contextlib.suppress(OSError, AttributeError):
                os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path, *, limit: int | None = None) -> bytes:
    """The bytes of a regular file that is not a link (at most *limit* bytes)."""
    fd = open_regular(path, os.O_RDONLY)
    try:
        chunks = []
        left = limit
        while left is None or left > 0:
            chunk = os.read(fd, 1 << 20 if left is None else min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            if left is not None:
                left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


# On Windows a virus scanner or the search indexer briefly holds files open, and
# os.replace then fails with PermissionError; a short retry rides it out.
_REPLACE_ATTEMPTS = 20
_REPLACE_PAUSE_S = 0.05


def temp_name(target: Path) -> Path:
    """A unique temporary path beside *target*, recognisable as ours."""
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def is_temp_of(candidate: Path, target: Path) -> bool:
    """True if *candidate* is a temporary file written for *target* (exactly: the
    pattern must not match the temp files of a workshop with a longer name)."""
    pattern = rf"\.{re.escape(target.name)}\.\d+\.[0-9a-f]{{8}}{re.escape(TEMP_SUFFIX)}"
    return re.fullmatch(pattern, candidate.name) is not None


def full_fsync(fd: int) -> None:
    """fsync that reaches the disk's platter: on macOS plain fsync only reaches the
    drive's cache, which a power cut empties, so ask for F_FULLFSYNC there."""
    if sys.platform == "darwin":  # pragma: no cover - exercised on macOS only
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass  # some file systems (network shares) do not support it
    os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename, a new file or a removal in *folder* durable (a no-op where
    unsupported). The full sync, like file data: on macOS a plain fsync of the
    folder leaves the rename in the drive's cache, and deleting journal segments
    after a compaction whose rename was lost would lose their changes."""
    if sys.platform == "win32":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        full_fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is written (it may write fewer on some systems)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def replace(source: Path, target: Path) -> None:
    """os.replace, retried briefly when Windows reports the target as busy."""
    for attempt in range(_REPLACE_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == _REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(_REPLACE_PAUSE_S)


def write_atomic(target: Path, data: bytes) -> None:
    """Replace *target* with *data* durably and atomically.

    Raises the OSError of the failing step (ENOSPC, EIO, EACCES...); then the
    target is unchanged and no temporary file is left behind.
    """
    temp = temp_name(target)
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    # O_EXCL never opens what is already there, a planted link included.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | BINARY, mode)
    try:
        try:
            write_all(fd, data)
            full_fsync(fd)
        finally:
            os.close(fd)
        replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(target.parent)
