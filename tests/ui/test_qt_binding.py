"""Guards against Qt binding releases that would crash the app during a long workshop.

PySide6 6.12.0 drops a reference to ``True`` on every signal emission; on Python
3.11, where ``True`` is not immortal, the app dies ("deallocating True or False")
after some tens of thousands of signals — an afternoon's workshop. The project
pins a release without the fault; this test fails if a release with it slips in.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Beacon(QObject):
    fired = Signal(int)


def test_emitting_signals_keeps_reference_counts_intact() -> None:
    beacon = _Beacon()
    heard: list[int] = []
    beacon.fired.connect(heard.append)
    before = sys.getrefcount(True)
    for n in range(2000):
        beacon.fired.emit(n)
    assert len(heard) == 2000
    # A leak of one reference per emission would show as a drop of ~2000.
    assert sys.getrefcount(True) > before - 100
