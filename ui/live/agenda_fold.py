"""On a narrow window the agenda makes room for the inspector beside a wide view.

The readiness grid, the spend sheet and the matrix need the board's width. On a
1280-pixel laptop, with the agenda on the left and the inspector on the right,
the grid's Status column was off-screen and its use cases cut after two words,
the spend sheet's tools read "Premium AI…" with its red unaccounted total below
the fold, and the matrix's legend was cut. With the inspector folded all three
read well, because the board then has the width the agenda leaves it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

WIDE_BOARD = 900
"""The board's width, in pixels, that the readiness grid's seven columns, the spend
sheet's figures and the matrix with its ranking need to read whole."""


class AgendaFold(QObject):
    """While the right-hand docks (the inspector, or the history tabbed with it) are
    open beside a view that needs the width, and the window is too narrow for the
    agenda, both docks and :data:`WIDE_BOARD`, the agenda folds away: the board keeps
    the width it has with the inspector folded. The agenda comes back as soon as the
    inspector folds (Escape, nothing selected), another exercise or step shows a view
    that needs less, or the window is wide enough. Ctrl+Up and Ctrl+Down still move
    through the agenda while it is folded."""

    def __init__(
        self,
        window: QMainWindow,
        agenda: QDockWidget,
        inspector: QDockWidget,
        wide_view: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.agenda = agenda
        self.inspector = inspector
        self.wide_view = wide_view
        self.folded = False
        self._later = QTimer(self)  # one look after a burst of shows, hides and resizes
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.apply)
        window.installEventFilter(self)
        for dock in self._right_docks():
            dock.installEventFilter(self)

    def _right_docks(self) -> list[QDockWidget]:
        return [self.inspector, *self.window.tabifiedDockWidgets(self.inspector)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.Resize):
            self._later.start()
        return False

    def needs_room(self) -> bool:
        """The agenda should fold now (see the class docstring)."""
        shown = [dock for dock in self._right_docks() if dock.isVisible()]
        if not shown or not self.window.isVisible() or not self.wide_view():
            return False
        right = max(dock.width() for dock in shown)
        return self.window.width() - self.agenda.width() - right < WIDE_BOARD

    def apply(self) -> None:
        fold = self.needs_room()
        if fold != self.folded:
            self.folded = fold
            self.agenda.setVisible(not fold)
