"""Python's cycle collector, run on the GUI thread only.

CPython collects reference cycles in whichever thread happens to allocate past
the collector's threshold. When that is a worker thread (a run sheet or a
template check laid out off the GUI thread) and the garbage holds a Qt wrapper
made on the GUI thread — a closed dialog's slot, a model's lambda — the C++
object is destroyed on the wrong thread, and Qt crashes the whole app. That is
how a run sheet once took the test run down with a segmentation fault.

So the app switches automatic collection off and collects here instead, from a
timer on the GUI thread, with the same generation thresholds Python would use:
the garbage is the same, only the thread that frees it is always the right one.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 200
"""Often enough that garbage never piles up between ticks, rare enough to cost nothing."""


class GuiThreadCollector(QObject):
    """Owns the collector while it lives; install one per application."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()
        self.destroyed.connect(_enable_again if self._was_enabled else _leave)

    def collect_due(self) -> int:
        """Collect the oldest generation that is due, as the automatic collector
        would have by now; returns the number of objects freed.

        A generation is due when its own count passes its threshold, or when so
        much was allocated since the last tick that the automatic collector would
        have reached it meanwhile (a worker laying out a page allocates in bursts
        of hundreds of thousands, which would have set off every generation).
        """
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        due = -1
        reach = 1  # allocations it takes the automatic collector to reach a generation
        for generation in range(3):
            threshold = thresholds[generation]
            if not threshold:
                break
            reach *= threshold
            if counts[generation] > threshold or counts[0] > reach:
                due = generation
        return gc.collect(due) if due >= 0 else 0


def _enable_again(_object: QObject | None = None) -> None:
    gc.enable()


def _leave(_object: QObject | None = None) -> None:
    """The collector was already off before: leave it that way."""


def install(app: QObject) -> GuiThreadCollector:
    """The application's collector, made once and kept for its lifetime."""
    existing = app.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(app)
