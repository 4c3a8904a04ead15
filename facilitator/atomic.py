"""Write a file so that a crash leaves either the old or the new version, never a mix.

The recipe: write a temporary file in the same folder, fsync it, ``os.replace``
it over the target, then fsync the folder so the rename itself survives a power
cut. Any failure removes the temporary file and leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sys
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"

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
    """Make a rename or a new file in *folder* durable (a no-op where unsupported)."""
    if sys.platform == "win32":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
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
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
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
