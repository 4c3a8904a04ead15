"""The live window's keys: one table that F1 shows and the window binds.

Each row says what a key does, as the facilitator reads it, and which key
sequences the window binds for it. A row without bound sequences is a key of a
widget (Enter in the capture line, Space on a vote, Alt+Up in the agenda): F1
lists it, the widget handles it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    """One row of the shortcut list."""

    action: str
    """What it does, as F1 lists it."""
    keys: str
    """The keys, as F1 writes them."""
    bound: tuple[str, ...] = ()
    """The key sequences the window binds (none: a widget's own key)."""


SHORTCUTS = (
    Shortcut("Capture", "Enter in the capture line (Shift+Enter: new line)"),
    Shortcut("Go to the capture line", "Ctrl+L", ("Ctrl+L",)),
    Shortcut("Filter cards", "Ctrl+F", ("Ctrl+F",)),
    Shortcut("Edit the selected card's text", "F2", ("F2",)),
    Shortcut("Delete the selected cards", "Delete", ("Delete",)),
    Shortcut("Group the selected cards", "Ctrl+G", ("Ctrl+G",)),
    Shortcut("Workshop details: title, client, objective …", "Ctrl+I", ("Ctrl+I",)),
    Shortcut("The selected card's fields, in the inspector (Escape comes back)", "F4", ("F4",)),
    Shortcut("Start or pause the timer", "Ctrl+Space", ("Ctrl+Space",)),
    Shortcut("Reset the timer", "Ctrl+R", ("Ctrl+R",)),
    Shortcut("Add 1 / 5 minutes", "Ctrl+1 / Ctrl+5", ("Ctrl+1", "Ctrl+5")),
    Shortcut("Previous / next step", "Ctrl+Left / Ctrl+Right", ("Ctrl+Left", "Ctrl+Right")),
    Shortcut("Previous / next exercise", "Ctrl+Up / Ctrl+Down", ("Ctrl+Up", "Ctrl+Down")),
    Shortcut("Move the exercise up / down (in the agenda)", "Alt+Up / Alt+Down"),
    Shortcut("Add an exercise to the agenda", "Ctrl+Shift+A", ("Ctrl+Shift+A",)),
    Shortcut("Undo / redo", "Ctrl+Z / Ctrl+Shift+Z", ("Ctrl+Z", "Ctrl+Shift+Z")),
    Shortcut("Projector view", "F5", ("F5",)),
    Shortcut("Reveal to the room (the vote, the silent writing)", "F6", ("F6",)),
    Shortcut("Vote: add a dot / take it back", "Space or + / - or Backspace"),
    Shortcut("Vote: previous / next person", "[ / ]"),
    Shortcut("People in the room", "Ctrl+Shift+P", ("Ctrl+Shift+P",)),
    Shortcut("The room: phones join, write and vote (open, close, review)", "F7", ("F7",)),
    Shortcut("Export the brief", "Ctrl+E", ("Ctrl+E",)),
    Shortcut("These shortcuts", "F1", ("F1",)),
    Shortcut("Close the workshop", "Ctrl+W", ("Ctrl+W",)),
    Shortcut("Quit Facilitator", "Ctrl+Q", ("Ctrl+Q",)),
)


def bind(window: QWidget, slots: Mapping[str, Callable[[], object]]) -> dict[str, QAction]:
    """A window-wide action for each key sequence in *slots* (Qt's ``checked``
    argument is dropped: every slot is called with nothing). Returns the actions by
    their keys."""
    actions: dict[str, QAction] = {}
    for keys, slot in slots.items():
        action = QAction(window)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, run=slot: run())
        window.addAction(action)
        actions[keys] = action
    return actions


class ShortcutsDialog(QDialog):
    """F1: every key of the live window, in two lists side by side where the screen
    is wide enough (a 1280×720 laptop shows them all, and OK), else in one that
    scrolls, with OK always in view. *room* is the screen's free area (the
    screen's own unless given)."""

    def __init__(self, parent: QWidget | None = None, room: QRect | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        if room is None:
            screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
            room = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)
        self.table = QWidget()
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.rows: list[tuple[QLabel, QLabel]] = []
        two = self._fill(columns=2)
        if two.sizeHint().width() + 60 > room.width():
            self.table = QWidget()
            self.rows.clear()
            self._fill(columns=1)
        self.list_area = QScrollArea()
        self.list_area.setWidget(self.table)
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list_area, 1)
        layout.addWidget(self.buttons)
        wanted = self.table.sizeHint()
        height = wanted.height() + self.buttons.sizeHint().height() + 40
        width = wanted.width() + 40 + self.list_area.verticalScrollBar().sizeHint().width()
        # Less the title bar and a margin: the dialog, OK included, is on the screen.
        self.resize(min(width, room.width() - 40), min(height, room.height() - 80))

    def _fill(self, columns: int) -> QWidget:
        grid = QGridLayout(self.table)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        per_column = -(-len(SHORTCUTS) // columns)
        for n, row in enumerate(SHORTCUTS):
            line, column = n % per_column, 3 * (n // per_column)
            action = QLabel(self.tr(row.action))
            keys = QLabel(row.keys)
            keys.setStyleSheet("font-weight: 600;")
            for label, width in ((action, 300), (keys, 200)):
                label.setWordWrap(True)  # a long one takes two lines, not the screen
                label.setFixedWidth(width)
                label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(action, line, column)
            grid.addWidget(keys, line, column + 1)
            self.rows.append((action, keys))
        if columns > 1:
            grid.setColumnMinimumWidth(2, 24)
        grid.setRowStretch(per_column, 1)
        return self.table

    def text(self) -> str:
        """Every row as read: what it does, then its keys."""
        return "\n".join(f"{action.text()}: {keys.text()}" for action, keys in self.rows)
