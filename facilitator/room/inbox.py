"""Work handed from the room's server to the thread that owns the workshop.

The workshop is single-threaded by contract. The server (its pipe's thread, when
it runs in a process of its own) puts a job in the inbox and waits, without
blocking its event loop, for the job's answer; the owner thread (the GUI thread
through a queued signal, or ``serve``'s main loop) runs the jobs in a short
slice, so the GUI never stalls for long however many phones send at once, and
resolves each future with the job's result or its exception — a result only
once the slice is durable, which the store's writer thread says while the owner
thread is already running the next slice.

The answers of a slice travel back together: the futures of one event loop
(:meth:`Inbox.ask`) are settled by one call on that loop, not one wake-up of the
server thread per phone, and the :class:`Ticket` s of a server in another
process by one message to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
SLICE_S = 0.01
"""How long an owner thread without a keyboard answers phones at a time: the
answers of a slice are sent once it ends and is durable, so a short slice keeps
the first request of it from waiting for the last."""
Settle = Callable[[BaseException | None], None]


@dataclass(eq=False)
class Ticket:
    """A job asked by a server in another process: its answer is handed to
    *answer* as ``(number, result, refusal)``, with the other answers of its slice."""

    number: int
    answer: Callable[[list[tuple[int, Any, BaseException | None]]], None]


AnyFuture = Future[Any] | asyncio.Future[Any] | Ticket
Answer = tuple[AnyFuture, Any, BaseException | None]
"""A future, its job's result, and the job's refusal (or None)."""


class Inbox:
    """A thread-safe queue of jobs for the owner thread; *wake* tells the owner
    there is work (it is called once per batch, from the server thread)."""

    def __init__(self, wake: Callable[[], None]) -> None:
        self._wake = wake
        self._jobs: deque[tuple[Callable[[], Any], AnyFuture]] = deque()
        self._mutex = threading.Lock()
        self._woken = False
        self._closed = False

    def put(self, job: Callable[[], T]) -> Future[T]:
        """Queue *job* for the owner thread; the future holds its result."""
        future: Future[T] = Future()
        self._queue(job, future)
        return future

    def ask(self, job: Callable[[], T]) -> asyncio.Future[T]:
        """Queue *job* from a coroutine; await the future for its result. Futures
        of one loop answered by the same slice are settled in one call on it."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue(job, future)
        return future

    def ask_for(self, ticket: Ticket, job: Callable[[], Any]) -> None:
        """Queue *job* for a server in another process; *ticket* says where its answer goes."""
        self._queue(job, ticket)

    def _queue(self, job: Callable[[], Any], future: AnyFuture) -> None:
        with self._mutex:
            if self._closed:
                refused = True
            else:
                refused = False
                self._jobs.append((job, future))
                wake = not self._woken
                self._woken = True
        if refused:
            _settle([(future, None, RuntimeError("the room is closed"))])
        elif wake:
            self._wake()

    def run(
        self,
        budget_s: float | None = None,
        *,
        together: Callable[[], AbstractContextManager[Any]] | None = None,
    ) -> bool:
        """Run queued jobs on the calling (owner) thread, for at most *budget_s*
        seconds when given. Returns True if jobs are left for another slice.

        *together* wraps the slice (a group commit: :meth:`Room.batch`); every
        future is settled only after it has ended, and if it fails, the jobs that
        succeeded inside it get its error instead of their result. If *together*
        yields a function (:meth:`Room.when_saved`), the jobs that succeeded are
        settled when it calls back — once their changes are durable — possibly
        on another thread; refused jobs changed nothing and hear at once."""
        started = time.perf_counter()
        done: list[Answer] = []
        more = False
        failure: BaseException | None = None
        saved: Any = None
        try:
            with together() if together is not None else contextlib.nullcontext() as saved:
                more = self._run(done, started, budget_s)
        except BaseException as error:  # the slice as a whole was not saved
            failure = error
        refused = [answer for answer in done if answer[2] is not None]
        made = [answer for answer in done if answer[2] is None]
        if refused:
            _settle(refused)

        def settle(error: BaseException | None) -> None:
            _settle(made if error is None else [(f, None, error) for f, _r, _e in made])

        if not made:
            pass
        elif failure is None and callable(saved):
            saved(settle)
        else:
            settle(failure)
        return more

    def _run(self, done: list[Answer], started: float, budget_s: float | None) -> bool:
        while True:
            with self._mutex:
                if not self._jobs:
                    self._woken = False
                    return False
                job, future = self._jobs.popleft()
            if _running(future):
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
        _settle([(future, None, RuntimeError("the room is closed")) for _job, future in jobs])


def _running(future: AnyFuture) -> bool:
    """Whether the job of *future* is still wanted (its asker may have gone)."""
    if isinstance(future, Ticket):
        return True  # the other process drops an answer nobody waits for
    if isinstance(future, Future):
        return future.set_running_or_notify_cancel()
    return not future.done()  # read across threads: at worst the job runs for nobody


def _settle(answers: list[Answer]) -> None:
    """Give each future its answer: a thread's future at once, the futures of an
    event loop with one call on that loop."""
    by_loop: dict[asyncio.AbstractEventLoop, list[Answer]] = {}
    by_process: dict[Any, list[tuple[int, Any, BaseException | None]]] = {}
    for answer in answers:
        future, result, error = answer
        if isinstance(future, Ticket):
            by_process.setdefault(future.answer, []).append((future.number, result, error))
        elif isinstance(future, Future):
            if not future.done():
                if error is not None:
                    future.set_exception(error)
                else:
                    future.set_result(result)
        else:
            by_loop.setdefault(future.get_loop(), []).append(answer)
    for loop, theirs in by_loop.items():
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
            loop.call_soon_threadsafe(_settle_here, theirs)
    for send, tickets in by_process.items():
        send(tickets)


def _settle_here(answers: list[Answer]) -> None:
    for future, result, error in answers:
        assert isinstance(future, asyncio.Future)
        if future.done():  # the phone went away meanwhile
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)
