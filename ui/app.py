"""Start the desktop app: QApplication, folders, logging, style, home screen.

A plain ``kill`` (SIGTERM, as a logout or a system shutdown sends) or Ctrl+C in
the terminal (SIGINT) quits the app as Ctrl+Q does: every workshop is closed
properly, so the next start does not take it for a crash.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
from pathlib import Path
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from ui import collector
from ui.crash import ExceptionHook, setup_logging
from ui.home import HomeWindow
from ui.keys import close_every_window
from ui.paths import AppPaths
from ui.settings import AppSettings
from ui.theme import style_sheet

APP_NAME = "Facilitator"


def create_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setStyleSheet(style_sheet())
    collector.install(app)  # cycles are freed on the GUI thread, never on a worker
    # The system switching between light and dark mode while the app runs.
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: app.setStyleSheet(style_sheet()))
    return app


def build_home(app: QApplication) -> HomeWindow:
    """Folders, logging, settings and the home window, for a running QApplication."""
    paths = AppPaths.standard()
    for folder in (paths.data, paths.config, paths.workshops):
        folder.mkdir(parents=True, exist_ok=True)
    ExceptionHook(setup_logging(paths.logs)).install()
    home = HomeWindow(paths, AppSettings(paths.settings_file))
    app.aboutToQuit.connect(home.shutdown)
    return home


def show_home(app: QApplication, path: Path | None = None, *, demo: bool = False) -> HomeWindow:
    """The home screen, shown, with *path* or the demo on its way (after the
    question whether to reopen a workshop a crash left open, if there is one)."""
    home = build_home(app)
    home.show()
    home.start(path, demo=demo)
    return home


class QuitOnSignals(QObject):
    """SIGTERM and SIGINT quit the app cleanly (see the module docstring).

    Python runs a signal handler only between its own instructions, never while
    Qt waits for events: the signal also writes a byte to a socket Qt watches
    (``signal.set_wakeup_fd``), which wakes the event loop, and the handler runs."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self._wake, self._woken = socket.socketpair()
        for end in (self._wake, self._woken):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._wake.fileno())
        self._notifier = QSocketNotifier(self._woken.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._previous = {number: signal.signal(number, self._asked) for number in self.SIGNALS}

    def _drain(self) -> None:
        with contextlib.suppress(BlockingIOError):  # the byte was read already
            self._woken.recv(64)

    def _asked(self, _number: int, _frame: FrameType | None) -> None:
        QTimer.singleShot(0, self.quit)  # out of the signal handler, on the event loop

    def quit(self) -> None:
        """Every window closed (each workshop saved and closed as it goes), then quit
        even if one would not close: the system asked."""
        close_every_window()
        self.app.quit()

    def uninstall(self) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._wake.close()
        self._woken.close()


def run(path: Path | None = None, *, demo: bool = False) -> int:
    """Show the home screen (and open *path* or the demo); returns the exit status."""
    app = create_application()
    home = show_home(app, path, demo=demo)  # noqa: F841 - kept alive until the app ends
    signals = QuitOnSignals(app)
    try:
        return app.exec()
    finally:
        signals.uninstall()
