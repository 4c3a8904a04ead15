"""Keyboard shortcuts that keep to where they belong.

PySide's ``QShortcut(keys, parent, callable, context=...)`` quietly ignores the
context it is given and makes the shortcut window-wide: an agenda's Alt+Down
then fired from a drop-down in the inspector (where Alt+Down opens the list)
and reordered the agenda. :func:`shortcut` sets the context after making the
shortcut, which PySide honours.

Ctrl+Q quits from every window of the app — the home screen, a workshop, the
projector, a dialog that is not modal — through :func:`quit_action`: one action
for the whole app that each window adds (one shortcut per window on the same key
would make Qt see an ambiguous key, and a window without one, such as the
projector just after F5, would ignore it). The projector only hides when closed,
which stopped ``QApplication.closeAllWindows`` short: :func:`close_every_window`
goes on past it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

QUIT_KEYS = "Ctrl+Q"


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


def quit_action(window: QWidget) -> QAction:
    """The app's one Ctrl+Q, added to *window*: every window closes (each workshop
    saved as it goes) and the app quits, whichever of its windows has the keyboard."""
    app = QApplication.instance()
    assert app is not None
    found = app.findChild(QAction, "quit_action")
    if found is None:
        found = QAction(app.tr("Quit Facilitator"), app)
        found.setObjectName("quit_action")
        found.setShortcut(QKeySequence(QUIT_KEYS))
        found.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        found.triggered.connect(lambda _checked=False: close_every_window())
    window.addAction(found)
    return found


def close_every_window() -> bool:
    """Close every window of the app (each workshop saved as it goes), so that it
    quits; False if one would not close. Unlike ``QApplication.closeAllWindows``, a
    window that only hides when closed (the projector) does not stop the rest."""
    for window in QApplication.topLevelWidgets():
        if window.isVisible() and not window.close() and window.isVisible():
            return False
    return True
