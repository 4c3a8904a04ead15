"""What the Word and PowerPoint renderers share: safe text, colours, writing direction.

Office files are XML, and XML cannot hold most control characters (a bell, an
escape, a NUL typed or pasted into a card) nor a lone surrogate: python-docx and
python-pptx refuse them, or write them as ``_x0007_`` escapes that show up as
gibberish. :func:`plain` drops them the way the PDF does, keeping every other
character as typed. Colours are the PDF's, so the three formats look alike.
"""

from __future__ import annotations

import unicodedata

from facilitator.brief.pdf import INK, MUTED, STATUS_COLOURS, TONES
from facilitator.brief.text import clean
from facilitator.scoring import Status

__all__ = [
    "INK",
    "MUTED",
    "RULE",
    "STATUS_COLOURS",
    "TONES",
    "plain",
    "rgb",
    "right_to_left",
    "status_colour",
    "tint",
]

RULE = "#C9CED6"
"""Thin lines and borders."""


def plain(text: str) -> str:
    """User text as an Office file can hold it: control characters and lone
    surrogates dropped, line endings normalised, tabs as spaces."""
    return clean(text)


def right_to_left(text: str) -> bool:
    """True when the text's first letter with a direction is Hebrew, Arabic or
    another right-to-left script: such a paragraph is set right to left."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """ "#1F4E79" as (31, 78, 121)."""
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def tint(hex_colour: str, strength: float = 0.10) -> str:
    """A pale wash of *hex_colour* (the PDF's table stripes and figure tiles)."""
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02X}" for c in rgb(hex_colour))


def status_colour(status: Status | None) -> str:
    """The colour of a readiness status (grey when not assessed)."""
    return STATUS_COLOURS[status]
