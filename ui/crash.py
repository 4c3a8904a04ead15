"""When something unexpected breaks: log it, tell the consultant, keep running.

The hook writes the traceback to the log file in the data folder and shows a
readable dialog instead of letting the app die silently in front of a client.
Everything already shown as saved is on disk regardless (see facilitator.store).
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("facilitator")


def setup_logging(logs_dir: Path) -> Path:
    """Log to ``facilitator.log`` in *logs_dir*; returns the log file's path."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    log_file = logs_dir / "facilitator.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return log_file


class ExceptionHook:
    """sys.excepthook for the GUI: log, then show a dialog (never two at once)."""

    def __init__(self, log_file: Path) -> None:
        self.log_file = log_file
        self.dialog: QMessageBox | None = None

    def install(self) -> None:
        sys.excepthook = self

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        details = "".join(traceback.format_exception(kind, error, trace))
        log.error("unexpected error\n%s", details)
        if QApplication.instance() is None or self.dialog is not None:
            sys.__excepthook__(kind, error, trace)
            return
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(box.tr("Something went wrong"))
        box.setText(box.tr("Facilitator hit an unexpected problem: %s") % error)
        box.setInformativeText(
            box.tr(
                "Everything shown as saved is safe on disk. You can carry on; if this "
                "keeps happening, send the log file to support:\n%s"
            )
            % self.log_file
        )
        box.setDetailedText(details)
        box.finished.connect(self._closed)
        self.dialog = box
        box.open()

    def _closed(self) -> None:
        self.dialog = None
