"""Light and dark mode: status colours stay readable, and the windows follow the mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from ui.live.window import WorkshopWindow
from ui.settings import AppSettings
from ui.theme import TONES, contrast, is_dark, style_sheet, tone

# Window and base colours of common desktops: Fusion/Windows light, macOS light,
# Windows dark, macOS dark, KDE Breeze Dark, and a lighter "Darcula" dark.
LIGHT_BACKGROUNDS = ("#EFEFEF", "#FFFFFF", "#ECECEC", "#F3F3F3")
DARK_BACKGROUNDS = ("#202020", "#191919", "#323232", "#1E1E1E", "#202326", "#141618", "#3C3F41")
TEXT_TONES = ("accent", "bad", "good", "warn", "muted")


def dark_palette() -> QPalette:
    palette = QPalette(QColor("#353535"), QColor("#2B2B2B"))
    for role, colour in (
        (QPalette.ColorRole.Window, "#2B2B2B"),
        (QPalette.ColorRole.WindowText, "#E8E8E8"),
        (QPalette.ColorRole.Base, "#1E1E1E"),
        (QPalette.ColorRole.Text, "#E8E8E8"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#E8E8E8"),
        (QPalette.ColorRole.PlaceholderText, "#9A9A9A"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.mark.parametrize("name", TEXT_TONES)
def test_status_colours_meet_wcag_aa_in_both_modes(name: str) -> None:
    light, dark = (QColor(c) for c in TONES[name])
    for background in LIGHT_BACKGROUNDS:
        assert contrast(light, QColor(background)) >= 4.5, (name, background)
    for background in DARK_BACKGROUNDS:
        assert contrast(dark, QColor(background)) >= 4.5, (name, background)


def test_banner_and_error_highlight_keep_their_text_readable() -> None:
    for mode in (0, 1):
        paper = QColor(TONES["banner-paper"][mode])
        assert contrast(QColor(TONES["banner-ink"][mode]), paper) >= 4.5
        error_paper = QColor(TONES["error-paper"][mode])
        text = QColor("#1B1F24" if mode == 0 else "#E8E8E8")
        assert contrast(text, error_paper) >= 4.5


def test_the_timer_warning_on_the_projector_uses_the_dark_tone() -> None:
    from ui.live.timer import Phase, phase_style

    assert TONES["warn"][1] in phase_style(Phase.WARN, dark=True)
    assert TONES["warn"][0] in phase_style(Phase.WARN, dark=False)


@pytest.fixture
def dark_app(qapp: QApplication) -> Iterator[QApplication]:
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    qapp.setStyleSheet(style_sheet())
    yield qapp
    qapp.setPalette(before)
    qapp.setStyleSheet(style_sheet())


def test_in_dark_mode_the_window_uses_the_dark_tones(
    qtbot: QtBot, dark_app: QApplication, tmp_path: Path
) -> None:
    assert is_dark()
    sheet = style_sheet()
    assert TONES["muted"][1] in sheet and TONES["muted"][0] not in sheet
    path = tmp_path / "dark.workshop.json"
    Workshop.create(path, title="Late shift").close()
    window = WorkshopWindow(
        open_workshop(path),
        load_library(include_user=False),
        AppSettings(tmp_path / "settings.ini"),
    )
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.save_state.label.text() == "Saved ✓"
        assert tone("good") == TONES["good"][1]
        assert TONES["good"][1] in window.save_state.label.styleSheet()
        window.message.say("Nobody in the room is called “Zed”")
        assert TONES["bad"][1] in window.message.styleSheet()
    finally:
        window.close()
        window.workshop.close()
