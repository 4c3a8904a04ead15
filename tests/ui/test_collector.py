"""Garbage is freed on the GUI thread, however much a worker thread allocates.

A worker freeing a cycle that holds a Qt wrapper destroys a GUI-thread object on
the wrong thread: once, a run sheet laid out off the GUI thread crashed the app.
"""

from __future__ import annotations

import gc
import threading
import weakref

from pytestqt.qtbot import QtBot

from ui import tasks


class _Card:
    """A little cycle, like a closed dialog and the slot that refers back to it."""

    def __init__(self) -> None:
        self.me = self


def test_a_cycle_dropped_by_a_busy_worker_is_freed_on_the_gui_thread(qtbot: QtBot) -> None:
    gui_thread = threading.get_ident()
    freed_on: list[int] = []
    holder = [_Card()]
    weakref.finalize(holder[0], lambda: freed_on.append(threading.get_ident()))
    gc.collect()  # the cycle starts old, as a dialog closed a while ago would be

    def busy_worker() -> int:
        holder.clear()  # the last reference goes on the worker thread
        # A run sheet's worth of allocation: enough to set off every generation
        # of the automatic collector several times over, were it on.
        kept = [[i] for i in range(600_000)]
        return len(kept)

    done: list[int] = []
    tasks.run_in_background(busy_worker, done.append, lambda error: done.append(-1))
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert done == [600_000]
    assert all(thread == gui_thread for thread in freed_on)  # never on the worker
    # The GUI thread goes on working (the next screenful of cards): the collector's
    # next tick finds the generations due and frees the cycle, here.
    ballast = [[i] for i in range(100_000)]
    qtbot.waitUntil(lambda: bool(freed_on), timeout=20_000)
    assert len(ballast) == 100_000
    assert freed_on == [gui_thread]


def test_the_app_collects_on_the_gui_thread() -> None:
    from ui.app import create_application
    from ui.collector import GuiThreadCollector

    app = create_application()
    assert app.findChild(GuiThreadCollector) is not None
    assert not gc.isenabled()
