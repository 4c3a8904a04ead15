"""The exercise views a template's ``view`` chooses, besides the plain card board.

Each view is a widget in the middle of the live window for one kind of exercise
(dot voting, the value × feasibility matrix, the readiness grid, the spend
sheet, the commitments table). A view edits the workshop only through its
:class:`~ui.live.session.Session` — every change is saved at once and undoable —
and redraws itself from the session's change signal, so the inspector, the
projector and the view never disagree. A view may offer a mirror for the
projector: the same picture in large type, without anything the room must not
see.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from facilitator.model import AgendaItem, Record
from ui.live.session import Session


class ExerciseView(QWidget):
    """Base of the exercise views (see the module docstring)."""

    record_selected = Signal(object)  # the Record to show in the inspector, or None
    reveal_changed = Signal(bool)  # the view showed (or hid again) what it hides from the room

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.item: AgendaItem | None = None
        self.active = False
        """True while this view is the one on screen; an inactive view ignores
        changes (it reloads when shown again)."""

    def show_item(self, item: AgendaItem) -> None:
        """Show the view for *item*, the exercise now running."""
        self.item = item
        self.active = True

    def projector_view(self) -> QWidget | None:
        """The room's mirror of this view (made once), or None to show the cards."""
        return None

    def set_revealed(self, revealed: bool) -> None:
        """The facilitator's Reveal: views that hide something from the room show it."""

    def is_revealed(self) -> bool:
        """Whether the room now sees what this view hides (the vote's result)."""
        return False

    def vote_round(self) -> int | None:
        """The round the room votes in, for a view that runs a vote (the phones
        follow it); None for the others."""
        return None

    def focus_main(self) -> None:
        """Put the keyboard in the view's main widget."""
        self.setFocus()

    def captured(self, record: Record) -> bool:
        """A card typed in the capture line arrived. True if the view took the
        keyboard to go on with it (the spend sheet: on to the line's seats);
        otherwise the capture line keeps it, ready for the next card."""
        del record
        return False


VIEW_MODULES = {
    "vote": ("ui.live.vote", "VoteView"),
    "actions": ("ui.live.actions", "ActionsView"),
    "matrix": ("ui.live.matrix", "MatrixView"),
    "readiness": ("ui.live.readiness", "ReadinessView"),
    "spend": ("ui.live.spend", "SpendView"),
}
"""Where each view of a template's ``view`` lives (``cards`` is the board itself)."""

WIDE_VIEWS = frozenset({"matrix", "readiness", "spend"})
"""The views whose grid, sheet or chart needs the board's full width: on a narrow
window the agenda folds while the inspector is open beside them (ui.live.agenda_fold)."""


def view_class(name: str) -> type[ExerciseView] | None:
    """The view class for a template's ``view``, or None for the card board."""
    where = VIEW_MODULES.get(name)
    if where is None:
        return None
    kind: object = getattr(importlib.import_module(where[0]), where[1])
    if not (isinstance(kind, type) and issubclass(kind, ExerciseView)):
        raise TypeError(f"{where[0]}.{where[1]} is not an exercise view")
    return kind
