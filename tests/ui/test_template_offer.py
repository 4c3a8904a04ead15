"""A template edited since the run was planned is offered for the run (template_offer.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.templates import builtin_folder, load_library
from facilitator.workshop import open_workshop
from tests.ui.conftest import go_to
from ui.live.window import WorkshopWindow
from ui.settings import AppSettings


def test_a_changed_template_is_offered_and_the_update_undoes(
    qtbot: QtBot, path: Path, library: Any, settings: AppSettings, tmp_path: Path
) -> None:
    # The consultant improves their own version of "Start with the problem"...
    mine = tmp_path / "my templates"
    mine.mkdir()
    source = (builtin_folder() / "templates" / "problem-first.toml").read_text(encoding="utf-8")
    edited = source.replace("version = 1", "version = 2", 1)
    assert edited != source
    (mine / "problem-first.toml").write_text(edited, encoding="utf-8")
    newer = load_library(mine).templates["problem-first"]
    # ...after this workshop was planned with the built-in one.
    window = WorkshopWindow(open_workshop(path), load_library(mine), settings)
    qtbot.addWidget(window)
    window.show()
    try:
        go_to(window, "Why are we here?")
        assert not window.offer.isVisible()  # that template has not changed
        item = go_to(window, "Start with the problem")
        assert window.offer.isVisible()
        assert "Start with the problem" in window.offer.notice.text()
        planned = item.template
        qtbot.mouseClick(window.offer.update_button, Qt.MouseButton.LeftButton)
        assert window.workshop.get(item.id).template == newer.snapshot()  # type: ignore[attr-defined]
        assert not window.offer.isVisible()
        window.undo_action.trigger()
        assert window.workshop.get(item.id).template == planned  # type: ignore[attr-defined]

        # "Keep as planned" is remembered while the window is open.
        go_to(window, "Start with the problem")
        assert window.offer.isVisible()
        window.offer.keep()
        go_to(window, "Why are we here?")
        go_to(window, "Start with the problem")
        assert not window.offer.isVisible()
    finally:
        window.close()
        window.workshop.close()
