"""Facilitator's Qt-free core: run a problem-first AI discovery workshop and keep every word.

A workshop is one TinyDB file. Open it, capture what the room says, close it::

    >>> from facilitator import Workshop
    >>> workshop = Workshop.in_memory(title="AI discovery", client="Harbour City")
    >>> backlog = workshop.add("problem", text="Permit requests wait 6 weeks", impact=5)
    >>> idea = workshop.add("idea", text="Pre-check permits as they arrive",
    ...                     problem_ids=[backlog.id], value_type="new_value")
    >>> [p.text for p in workshop.records("problems")]
    ['Permit requests wait 6 weeks']

On disk, :func:`facilitator.workshop.open_workshop` gives the same object backed by
a crash-safe store (see :mod:`facilitator.store`). Nothing in this package imports
Qt; the desktop views live in the separate ``ui`` package.
"""

from typing import TYPE_CHECKING, Any

__all__ = ["SCHEMA_VERSION", "ValidationError", "Workshop", "open_workshop"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from facilitator.model import SCHEMA_VERSION, ValidationError
    from facilitator.workshop import Workshop, open_workshop


def __getattr__(name: str) -> Any:
    # Imported on first use, so that ``import facilitator.errors`` (the GUI's first
    # import) does not load the whole core before the first window is painted.
    if name in ("SCHEMA_VERSION", "ValidationError"):
        from facilitator import model

        return getattr(model, name)
    if name in ("Workshop", "open_workshop"):
        from facilitator import workshop

        return getattr(workshop, name)
    raise AttributeError(f"module 'facilitator' has no attribute {name!r}")
