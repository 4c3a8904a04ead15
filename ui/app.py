"""Start the desktop app: QApplication, folders, logging, style, home screen."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui import collector
from ui.crash import ExceptionHook, setup_logging
from ui.home import HomeWindow
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


def run(path: Path | None = None, *, demo: bool = False) -> int:
    """Show the home screen (and open *path* or the demo); returns the exit status."""
    app = create_application()
    home = show_home(app, path, demo=demo)  # noqa: F841 - kept alive until the app ends
    return app.exec()
