"""Window sizes that fit the screen they open on, whatever its size and scaling."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import QWidget

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
