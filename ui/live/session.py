"""The Qt side of an open workshop: core events as signals, edits as undo commands.

Every view of the live window talks to one :class:`Session`. A view asks the
session to :meth:`~Session.perform` a core operation; the core saves it and
emits a Change; the session turns that into Qt signals and an undo command for
the window's history. Time used on exercises is recorded without an undo step
(:meth:`Session.quietly`): nobody wants Ctrl+Z to eat the clock.

A change is announced twice, in a fixed order: :attr:`Session.changed` first,
for the item models (they insert, remove and redraw rows), then
:attr:`Session.settled`, for whoever reads those models — the window selecting
the card just captured, a count of cards, the labels of a view. Nobody depends
on the order in which things happened to connect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from facilitator.errors import WorkshopError
from facilitator.model import ValidationError
from facilitator.workshop import Change, SaveStatus, Workshop, combined

T = TypeVar("T")


class ChangeCommand(QUndoCommand):
    """An edit already made in the core; undo and redo replay it field by field."""

    def __init__(self, session: Session, change: Change) -> None:
        super().__init__(change.label)
        self.session = session
        self.change = change
        self._done = True  # the first redo is the edit itself, already applied

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.session.replay(lambda: self.session.workshop.redo(self.change), self)

    def undo(self) -> None:
        self.session.replay(lambda: self.session.workshop.undo(self.change), self)


class Session(QObject):
    """One open workshop, as the live window sees it."""

    changed = Signal(object)  # Change: for the item models
    settled = Signal(object)  # the same Change, once every model has followed it
    status_changed = Signal(object)  # SaveStatus
    failed = Signal(str)  # a refused edit, in words for the facilitator

    def __init__(self, workshop: Workshop, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self.undo_stack = QUndoStack(self)
        self.acting = False
        """True while the facilitator's own edit (or its undo or redo) is being made:
        what it brings is what they are working on. A card from a phone is not."""
        self._burst: list[Change] | None = None
        self._disconnect = [
            workshop.changed.connect(self._announce),
            workshop.status_changed.connect(self.status_changed.emit),
        ]

    @property
    def read_only(self) -> bool:
        return self.workshop.read_only

    def _announce(self, change: Change) -> None:
        if self._burst is not None:
            self._burst.append(change)
            return
        self.changed.emit(change)
        self.settled.emit(change)

    @contextmanager
    def burst(self) -> Iterator[None]:
        """Changes made inside — a slice of cards from the room's phones — are
        announced once, together, at the end: the board inserts their rows at once
        and every view follows once, not once per phone. Each is still its own
        saved change and its own undo step."""
        if self._burst is not None:
            yield
            return
        self._burst = []
        try:
            yield
        finally:
            changes, self._burst = self._burst, None
            if changes:
                self._announce(combined(None, changes))

    def perform(self, operation: Callable[[], T], label: str | None = None) -> T | None:
        """Run *operation* (any number of core operations) in one transaction: one
        saved change, one undoable step, named *label* or after what it did first.
        A refused operation (a rule broken, the workshop read-only) changes nothing
        and is reported through :attr:`failed`."""
        self.acting = True
        try:
            with self.workshop.transaction(label) as transaction:
                result = operation()
        except (ValidationError, WorkshopError) as error:
            self.failed.emit(str(error))
            return None
        finally:
            self.acting = False
        if transaction.change is not None and transaction.change.records:
            self.undo_stack.push(ChangeCommand(self, transaction.change))
        return result

    def quietly(self, operation: Callable[[], Any]) -> None:
        """Run core operations as one transaction that is not an undoable step (e.g.
        time used, or the clock moving from one exercise to the next)."""
        try:
            with self.workshop.transaction():
                operation()
        except (ValidationError, WorkshopError) as error:
            self.failed.emit(str(error))

    def replay(self, operation: Callable[[], Change], command: ChangeCommand) -> None:
        self.acting = True
        try:
            operation()
        except (ValidationError, WorkshopError) as error:
            command.setObsolete(True)  # this step can no longer be taken back
            self.failed.emit(str(error))
        finally:
            self.acting = False

    def status(self) -> SaveStatus:
        return self.workshop.status

    def detach(self) -> None:
        for disconnect in self._disconnect:
            disconnect()
        self._disconnect.clear()
