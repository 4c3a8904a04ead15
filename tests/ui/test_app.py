"""App bootstrap: folders from QStandardPaths, the exception hook, the style sheet."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator import paths as core_paths
from facilitator.lock import held_by_a_running_app
from facilitator.paths import DATA_DIR_ENV
from facilitator.workshop import open_workshop
from ui import app as app_module
from ui.crash import ExceptionHook, setup_logging
from ui.paths import AppPaths
from ui.settings import AppSettings
from ui.theme import style_sheet


def test_gui_and_command_line_agree_on_the_data_folder(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("FACILITATOR_DATA_DIR")
    qapp.setApplicationName("Facilitator")
    assert AppPaths.standard().data == core_paths.data_dir()
    assert AppPaths.standard().data == tmp_path / "xdg-data" / "Facilitator"


def test_the_data_folder_override_reaches_the_gui(
    qapp: QApplication, private_folders: Path
) -> None:
    assert AppPaths.standard().data == private_folders


def test_build_home_makes_folders_and_installs_the_hook(
    qtbot: QtBot, qapp: QApplication, private_folders: Path, restore_excepthook: None
) -> None:
    home = app_module.build_home(qapp)
    qtbot.addWidget(home)
    assert (private_folders / "workshops").is_dir()
    assert isinstance(sys.excepthook, ExceptionHook)
    assert home.paths.data == private_folders


def test_the_style_sheet_is_shipped_and_parses(qapp: QApplication) -> None:
    sheet = style_sheet()
    assert "QPushButton#primary" in sheet
    assert "@" not in sheet  # every colour token was filled in
    qapp.setStyleSheet(sheet)


def test_an_unexpected_error_is_logged_and_explained(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, restore_excepthook: None
) -> None:
    log_file = setup_logging(tmp_path / "logs")
    hook = ExceptionHook(log_file)
    try:
        raise ValueError("the projector cable is unplugged")
    except ValueError:
        hook(*sys.exc_info())  # type: ignore[arg-type]
    assert hook.dialog is not None and hook.dialog.isVisible()
    assert "the projector cable is unplugged" in hook.dialog.text()
    assert str(log_file) in hook.dialog.informativeText()
    assert "Traceback" in (hook.dialog.detailedText() or "")
    logged = log_file.read_text(encoding="utf-8")
    assert "ValueError: the projector cable is unplugged" in logged
    first = hook.dialog
    try:
        raise KeyError("second")
    except KeyError:
        hook(*sys.exc_info())  # type: ignore[arg-type]
    assert hook.dialog is first  # one dialog at a time, the second is only logged
    assert "KeyError: 'second'" in log_file.read_text(encoding="utf-8")
    first.done(0)
    assert hook.dialog is None


def test_opening_the_live_window_does_not_load_the_pdf_library() -> None:
    """ReportLab takes about a third of a second to import: the live window and
    every exercise view must not pull it in, or opening a workshop stalls the room."""
    probe = (
        "import importlib, sys\n"
        "import ui.live.window\n"
        "from ui.live.views import VIEW_MODULES\n"
        "for module, _ in VIEW_MODULES.values(): importlib.import_module(module)\n"
        "print(sorted(m for m in sys.modules if m.startswith('reportlab')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.stdout.strip() == "[]"


def test_work_finished_after_its_window_closed_is_dropped_quietly(qtbot: QtBot) -> None:
    """A dialog cancelled while its list loads: the result has nowhere to go, and must
    not raise (the crash dialog would show) — a live receiver still gets its result."""
    from PySide6.QtWidgets import QComboBox

    from ui.tasks import busy, run_in_background

    closed, open_one = QComboBox(), QComboBox()
    qtbot.addWidget(open_one)
    run_in_background(lambda: "loaded", closed.addItem, lambda _error: None)
    run_in_background(lambda: "loaded", open_one.addItem, lambda _error: None)
    closed.deleteLater()
    qtbot.waitUntil(lambda: not busy(), timeout=5000)
    assert open_one.itemText(0) == "loaded"


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_plain_kill_quits_cleanly_not_as_a_crash(
    tmp_path: Path, path: Path, sent: signal.Signals
) -> None:
    """`kill <pid>` (or Ctrl+C in the terminal) closes the workshop properly: the
    next start asks nothing about a crash, and the workshop is free."""
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", DATA_DIR_ENV: str(data)}
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as stderr:
        app = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "open", str(path)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    settings = AppSettings(data / "config" / "settings.ini")
    try:
        deadline = time.monotonic() + 60
        while not settings.left_open():  # the workshop is open in its window
            assert app.poll() is None, errors.read_text()
            assert time.monotonic() < deadline, "the app did not open the workshop"
            time.sleep(0.1)
            settings = AppSettings(data / "config" / "settings.ini")
        app.send_signal(sent)
        assert app.wait(timeout=60) == 0, errors.read_text()
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert AppSettings(data / "config" / "settings.ini").left_open() == []  # no crash prompt
    assert not held_by_a_running_app(path)
    open_workshop(path).close()  # nobody holds it
