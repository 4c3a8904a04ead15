"""Window sizes that fit the screen they open on, whatever its size and scaling."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def fit_to_screen(window: QWidget, width: int, height: int, share: float = 0.92) -> None:
    """Size *window* to width×height, shrunk to a share of its screen if that is
    smaller — a 1080p laptop at 150 % has only 1280×720 logical pixels — and centre it."""
    screen = window.screen()
    if screen is None:
        window.resize(width, height)
        return
    area = screen.availableGeometry()
    size = window.minimumSizeHint().expandedTo(window.minimumSize())
    width = max(min(width, int(area.width() * share)), min(size.width(), area.width()))
    height = max(min(height, int(area.height() * share)), min(size.height(), area.height()))
    window.resize(width, height)
    frame = window.frameGeometry()
    frame.moveCenter(area.center())
    window.move(frame.topLeft())
