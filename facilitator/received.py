"""Reading a file someone else chose: a regular file only, and only so much of it.

A template from a colleague or a logo a workshop names may be anything at all: a
link to ``/dev/zero`` (a read that never ends), a named pipe (an open that waits
for ever), a folder, or a file of gigabytes. :func:`read_bounded` opens without
waiting, looks at what it opened, and reads at most a limit; the caller turns
what it raises into a message in its own words.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotAFileError(OSError):
    """The path is not a regular file; ``kind`` says what it is, for a message."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class TooBigError(OSError):
    """The file is larger than the limit; ``size`` is at least how large, in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at *path* (links followed), at most *limit* of them.

    Raises FileNotFoundError or another OSError from opening, :class:`NotAFileError`
    for a folder, device, pipe or socket, and :class:`TooBigError` past *limit*.
    """
    # O_NONBLOCK: opening a pipe for reading would otherwise wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)  # what was opened, not what the name pointed at a moment ago
        if stat.S_ISDIR(info.st_mode):
            raise NotAFileError("a folder")
        if not stat.S_ISREG(info.st_mode):
            raise NotAFileError("a device or a pipe")
        with os.fdopen(os.dup(fd), "rb") as file:
            data = file.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooBigError(max(len(data), info.st_size))
    return data
