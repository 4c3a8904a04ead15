"""The live window's keys: one table that F1 shows and the window binds.

Each row says what a key does, as the facilitator reads it, and which key
sequences the window binds for it. A row without bound sequences is a key of a
widget (Enter in the capture line, Space on a vote, Alt+Up in the agenda): F1
lists it, the widget handles it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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
    """F1: every key of the live window, in a list that fits the screen (it scrolls
    on a small one, with OK always in view)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = "".join(
            f"<tr><td>{html.escape(self.tr(row.action))}</td>"
            f"<td style='padding-left:18px'><b>{html.escape(row.keys)}</b></td></tr>"
            for row in SHORTCUTS
        )
        self.table = QLabel(f"<table cellpadding='2'>{rows}</table>")
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        scroll = QScrollArea()
        scroll.setWidget(self.table)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        wanted = self.table.sizeHint()
        screen = (
            parent.screen() if parent is not None else None
        ) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        height = wanted.height() + self.buttons.sizeHint().height() + 48
        width = wanted.width() + 48
        if room is not None:
            height = min(height, room.height() - 80)  # the title bar and a margin
            width = min(width, room.width() - 40)
        self.resize(width, height)
