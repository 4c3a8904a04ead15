"""Window sizes that fit the screen they open on, whatever its size and scaling, and
what the keyboard is on kept in view when a screen is too small for all of it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QScrollArea, QWidget

FRAMED_MS = 250
"""How long after a window is shown its window manager has put a frame round it."""


def fit_to_screen(window: QWidget, width: int, height: int, share: float = 0.92) -> None:
    """Size *window* to width×height on a screen with room for it, centred, its frame
    (title bar and borders) inside the screen's available area. On a screen too small
    for that — a 1280×720 laptop, or 1080p at 150 % — the window opens maximised
    instead: a window shrunk to a share of a small screen wastes what little there is
    (it keeps that size for when it is restored)."""
    screen = window.screen()
    if screen is None:
        window.resize(width, height)
        return
    area = screen.availableGeometry()
    small = width > area.width() * share or height > area.height() * share
    size = window.minimumSizeHint().expandedTo(window.minimumSize())
    width = max(min(width, int(area.width() * share)), min(size.width(), area.width()))
    height = max(min(height, int(area.height() * share)), min(size.height(), area.height()))
    window.resize(width, height)
    frame = window.frameGeometry()
    frame.moveCenter(area.center())
    window.move(frame.topLeft())
    if small:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    elif not window.isVisible():
        window.installEventFilter(_FrameInside(window))


class _FrameInside(QObject):
    """Once *window* is shown its frame is known (before, the window manager has not
    drawn one): if the frame runs past the available area, the window is moved, and
    shrunk if it must, so all of it is on the screen. Then it lets go."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            QTimer.singleShot(FRAMED_MS, self, self._fit)  # the window manager has framed it
        return False

    def _fit(self) -> None:
        window = self.window
        screen = window.screen()
        if screen is not None and not window.isMaximized() and not window.isFullScreen():
            area = screen.availableGeometry()
            frame = window.frameGeometry()
            if not area.contains(frame):
                frame_room = frame.size() - window.size()
                width = min(window.width(), area.width() - frame_room.width())
                height = min(window.height(), area.height() - frame_room.height())
                window.resize(width, height)
                placed = QRect(frame.topLeft(), window.size() + frame_room)
                placed.moveCenter(area.center())
                window.move(placed.topLeft())
        self.deleteLater()


def keep_current_in_view(scroll: QScrollArea, view: QAbstractItemView) -> None:
    """The cell the keyboard is on in *view* stays in view in *scroll*, which holds
    the view at its full height (the exercise scrolls as a whole on a 720p screen, so
    the table itself never scrolls and its own scrollTo does nothing). Following
    the view's current index as it moves; idempotent."""
    selection = view.selectionModel()
    if selection is None or view.property("kept_in_view"):
        return
    view.setProperty("kept_in_view", True)

    def follow(current: QModelIndex, _previous: QModelIndex) -> None:
        focus = QApplication.focusWidget()
        if (
            not current.isValid()
            or focus is None
            or not (focus is view or view.isAncestorOf(focus))
        ):
            return  # moved by the program (a card captured), not by the keyboard
        rect = view.visualRect(current)
        inner = scroll.widget()
        if rect.isEmpty() or inner is None or not inner.isAncestorOf(view):
            return
        centre = view.viewport().mapTo(inner, rect.center())
        margin = 12  # a little of the next row shows, so the eye sees where it goes
        scroll.ensureVisible(
            centre.x(), centre.y(), rect.width() // 2 + margin, rect.height() // 2 + margin
        )

    selection.currentChanged.connect(follow)
