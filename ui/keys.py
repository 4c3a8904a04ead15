"""Keyboard shortcuts that keep to where they belong.

PySide's ``QShortcut(keys, parent, callable, context=...)`` quietly ignores the
context it is given and makes the shortcut window-wide: an agenda's Alt+Down
then fired from a drop-down in the inspector (where Alt+Down opens the list)
and reordered the agenda. :func:`shortcut` sets the context after making the
shortcut, which PySide honours.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def shortcut(
    keys: QKeySequence | QKeySequence.StandardKey | str,
    widget: QWidget,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QShortcut:
    """*keys* call *slot* (with nothing) while *context* holds for *widget*:
    ``WidgetShortcut`` only while *widget* has the keyboard,
    ``WidgetWithChildrenShortcut`` while it or a child has it."""
    made = QShortcut(QKeySequence(keys), widget)
    made.setContext(context)
    made.activated.connect(slot)
    return made
