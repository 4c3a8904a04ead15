"""Window sizes that fit the screen they open on, whatever its size and scaling, and
what the keyboard is on kept in view when a screen is too small for all of it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QApplication, QScrollArea, QWidget


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
