"""A disk the test controls: syncs held back until let go, journal writes that fail."""

from __future__ import annotations

import errno
import os
import threading
from typing import Any

import pytest


class HeldSyncs:
    """``os.fdatasync`` waits until the test lets it go (:meth:`release`); counted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, held: bool = True) -> None:
        self._real = os.fdatasync
        self.syncs = 0
        self.entered = threading.Event()
        """Set once a sync has begun (the thread doing it is waiting on the disk)."""
        self._go = threading.Event()
        if not held:
            self._go.set()
        monkeypatch.setattr(os, "fdatasync", self._sync)

    def hold(self) -> None:
        self._go.clear()

    def release(self) -> None:
        self._go.set()

    def _sync(self, fd: int) -> None:
        self.entered.set()
        assert self._go.wait(20), "the test never let the sync go"
        self.syncs += 1
        self._real(fd)


class FullJournal:
    """Writes to journal segments fail with "No space left on device" while :attr:`full`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._real = os.write
        self.full = True
        monkeypatch.setattr(os, "write", self._write)

    def _write(self, fd: int, data: Any) -> int:
        if self.full and ".journal-" in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._real(fd, data)
