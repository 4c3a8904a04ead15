"""Work handed from the room's server thread to the thread that owns the workshop.

The workshop is single-threaded by contract. The server thread puts a job in the
inbox and waits, without blocking its event loop, for the job's future; the owner
thread (the GUI thread through a queued signal, or ``serve``'s main loop) runs the
jobs in a short slice, so the GUI never stalls for long however many phones send
at once, and resolves each future with the job's result or its exception.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import AbstractContextManager
from typing import Any, TypeVar

T = TypeVar("T")


class Inbox:
    """A thread-safe queue of jobs for the owner thread; *wake* tells the owner
    there is work (it is called once per batch, from the server thread)."""

    def __init__(self, wake: Callable[[], None]) -> None:
        self._wake = wake
        self._jobs: deque[tuple[Callable[[], Any], Future[Any]]] = deque()
        self._mutex = threading.Lock()
        self._woken = False
        self._closed = False

    def put(self, job: Callable[[], T]) -> Future[T]:
        """Queue *job* for the owner thread; the future holds its result."""
        future: Future[T] = Future()
        with self._mutex:
            if self._closed:
                future.set_exception(RuntimeError("the room is closed"))
                return future
            self._jobs.append((job, future))
            wake = not self._woken
            self._woken = True
        if wake:
            self._wake()
        return future

    def run(
        self,
        budget_s: float | None = None,
        *,
        together: Callable[[], AbstractContextManager[object]] | None = None,
    ) -> bool:
        """Run queued jobs on the calling (owner) thread, for at most *budget_s*
        seconds when given. Returns True if jobs are left for another slice.

        *together* wraps the slice (a group commit: :meth:`Room.batch`); every
        future is settled only after it has ended, and if it fails, the jobs that
        succeeded inside it get its error instead of their result."""
        started = time.perf_counter()
        done: list[tuple[Future[Any], Any, BaseException | None]] = []
        more = False
        failure: BaseException | None = None
        try:
            with together() if together is not None else contextlib.nullcontext():
                more = self._run(done, started, budget_s)
        except BaseException as error:  # the slice as a whole was not saved
            failure = error
        for future, result, refusal in done:
            if refusal is not None or failure is not None:
                future.set_exception(refusal or failure)
            else:
                future.set_result(result)
        return more

    def _run(
        self,
        done: list[tuple[Future[Any], Any, BaseException | None]],
        started: float,
        budget_s: float | None,
    ) -> bool:
        while True:
            with self._mutex:
                if not self._jobs:
                    self._woken = False
                    return False
                job, future = self._jobs.popleft()
            if future.set_running_or_notify_cancel():
                try:
                    done.append((future, job(), None))
                except Exception as error:  # the server thread re-raises it
                    done.append((future, None, error))
            if budget_s is not None and time.perf_counter() - started >= budget_s:
                with self._mutex:
                    # Nothing left: the next job must wake the owner again.
                    self._woken = bool(self._jobs)
                    return self._woken

    def close(self) -> None:
        """Refuse new jobs and fail the queued ones (the phones will send them again)."""
        with self._mutex:
            self._closed = True
            jobs, self._jobs = list(self._jobs), deque()
        for _job, future in jobs:
            if future.set_running_or_notify_cancel():
                future.set_exception(RuntimeError("the room is closed"))
