"""Run slow work (disk, PDF) off the GUI thread and get the result back on it.

The work is a plain function; its result or exception is delivered to callbacks
on the GUI thread through a queued signal, so no view ever blocks the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_in_flight: set[_Relay] = set()  # keeps relays alive until their result is delivered


class _Relay(QObject):
    """Lives on the GUI thread; worker threads emit on it, so delivery is queued."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    @Slot(object)
    def _deliver_done(self, value: Any) -> None:
        _in_flight.discard(self)
        if _alive(self._on_done):
            self._on_done(value)

    @Slot(object)
    def _deliver_failed(self, error: BaseException) -> None:
        _in_flight.discard(self)
        if _alive(self._on_error):
            self._on_error(error)


def _alive(callback: Callable[..., Any]) -> bool:
    """False for a method of a widget closed while its work ran (a dialog cancelled
    before its list loaded): delivering to it would raise, and nobody is waiting."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            value = self._work()
        except Exception as error:  # delivered to the caller's error callback
            self._relay.failed.emit(error)
            return
        self._relay.done.emit(value)


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Call *work()* on a worker thread; then *on_done(result)* or *on_error(exc)*
    on the GUI thread."""
    relay = _Relay(on_done, on_error)
    _in_flight.add(relay)
    QThreadPool.globalInstance().start(_Job(work, relay))


def busy() -> bool:
    """True while background work has not been delivered yet (tests wait on it)."""
    return bool(_in_flight)


def wait_for_background_work(timeout_ms: int = 30_000) -> bool:
    """Block until every worker has finished (used on quit, so files get closed)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


class OwnerThreadCalls(QObject):
    """Runs functions on the thread this object lives on (the GUI thread), whoever
    asks: a worker thread's request travels there through a queued signal. Give
    :meth:`post` to the core as a workshop's ``call_on_owner_thread``."""

    _call = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call.connect(self._run)

    def post(self, function: Callable[[], None]) -> None:
        self._call.emit(function)

    @Slot(object)
    def _run(self, function: Callable[[], None]) -> None:
        function()
