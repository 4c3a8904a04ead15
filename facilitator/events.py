"""Plain-Python notifications from the core to whoever listens (the GUI, tests).

The core must not know Qt; ``ui/`` connects a Qt adapter to these and turns
them into signals and item-model updates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Event(Generic[T]):
    """A list of callbacks called with one value, in the order they connected."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[T], None]] = []

    def connect(self, listener: Callable[[T], None]) -> Callable[[], None]:
        """Call *listener* on every emit; returns a function that disconnects it."""
        self._listeners.append(listener)

        def disconnect() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return disconnect

    def emit(self, value: T) -> None:
        """Call every listener, even if one fails; the first failure is raised after."""
        first_error: BaseException | None = None
        for listener in list(self._listeners):
            try:
                listener(value)
            except Exception as error:
                if first_error is None:
                    first_error = error
        if first_error is not None:
            raise first_error
