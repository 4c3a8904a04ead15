"""Colours that mean something — saved, warning, error, muted — in light and dark mode.

The style sheet and the widgets never name a status colour directly: they ask
:func:`tone`, which picks the light or the dark variant from the application's
current palette. Every pair keeps at least WCAG AA contrast (4.5:1) against
the window and base colours of its mode (``tests/ui/test_theme.py``), so a
consultant whose laptop is in dark mode sees a red "Not saved" as clearly as
one in light mode.
"""

from __future__ import annotations

import re
from importlib import resources

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# name: (light mode, dark mode)
TONES: dict[str, tuple[str, str]] = {
    "accent": ("#1F4E79", "#8CBCEB"),
    "bad": ("#B42318", "#FF9A8F"),
    "good": ("#1A6E3E", "#7DDBA3"),
    "warn": ("#8F5400", "#F5B451"),
    "muted": ("#5F6670", "#A9B1BB"),
    "skipped": ("#6E737B", "#9AA0A8"),
    "script-edge": ("#C9A227", "#C9A227"),
    "banner-paper": ("#FFF4CE", "#3D3418"),
    "banner-ink": ("#5C4400", "#F3E2A9"),
    "banner-edge": ("#E8C76A", "#8A7332"),
    "error-paper": ("#FDE2E1", "#5A2420"),
}
# Filled badges (white text on a strong colour) read the same in both modes.
ALARM_PAPER = "#B42318"

_TOKEN = re.compile(r"@([a-z-]+)@")


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette (by default the application's) is a dark one."""
    if palette is None:
        palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone(name: str, palette: QPalette | None = None) -> str:
    """The colour for *name* in the current mode, as ``#RRGGBB``."""
    light, dark = TONES[name]
    return dark if is_dark(palette) else light


def qcolor(name: str, palette: QPalette | None = None) -> QColor:
    return QColor(tone(name, palette))


def style_sheet(palette: QPalette | None = None) -> str:
    """The application style sheet with ``@tone@`` tokens filled for the mode."""
    source = (resources.files("facilitator.assets") / "style.qss").read_text(encoding="utf-8")
    return _TOKEN.sub(lambda m: tone(m.group(1), palette), source)


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
