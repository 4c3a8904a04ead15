"""The fonts the brief embeds, and which of them can draw a given character.

DejaVu Sans sets every word it can; characters it lacks fall back to Droid Sans
Fallback (Chinese, Japanese), Nanum Square (Korean), then Symbola (symbols,
emoji). All three
are TrueType files shipped in ``assets/fonts`` and embedded (subset) in the PDF,
so the brief looks the same on the client's machine as on ours.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

BODY = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
FALLBACKS = ("DroidSansFallbackFull", "NanumSquareR", "Symbola")

_FILES = {
    BODY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    "DroidSansFallbackFull": "DroidSansFallbackFull.ttf",
    "NanumSquareR": "NanumSquareR.ttf",
    "Symbola": "Symbola.ttf",
}


@dataclass(frozen=True)
class FontSet:
    """Registered fonts and the characters each can draw."""

    body_chars: frozenset[int]
    fallbacks: tuple[tuple[str, frozenset[int]], ...]

    def font_for(self, char: str) -> str | None:
        """The font that draws *char*: None for the body font, a fallback's name,
        or "" when no bundled font has it."""
        code = ord(char)
        if code in self.body_chars:
            return None
        for name, chars in self.fallbacks:
            if code in chars:
                return name
        return ""


def _utf16_hex(code: int) -> str:
    if code <= 0xFFFF:
        return f"{code:04X}"
    code -= 0x10000
    return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map, with characters beyond U+FFFF (emoji) written as
    UTF-16 surrogate pairs as the PDF standard requires. ReportLab writes them as
    five hex digits, which readers reject, so copied or extracted emoji were lost."""
    entries = "\n".join(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset))
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

_lock = threading.Lock()
_registered: dict[str, FontSet] = {}
_STYLES: tuple[tuple[Literal[0, 1], Literal[0, 1], str], ...] = (
    (0, 0, BODY),
    (1, 0, BOLD),
    (0, 1, ITALIC),
    (1, 1, BOLD_ITALIC),
)


def font_path(file_name: str) -> Path:
    return Path(str(resources.files("facilitator.assets") / "fonts" / file_name))


def fonts() -> FontSet:
    """Register the brief's fonts with ReportLab (once) and return their coverage."""
    with _lock:
        if "set" not in _registered:
            coverage: dict[str, frozenset[int]] = {}
            for name, file_name in _FILES.items():
                font = TTFont(name, str(font_path(file_name)))
                pdfmetrics.registerFont(font)
                coverage[name] = frozenset(font.face.charToGlyph)
            pdfmetrics.registerFontFamily(
                BODY, normal=BODY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
            )
            for bold, italic, name in _STYLES:
                addMapping(BODY, bold, italic, name)
            # ReportLab graphics start every drawing in this font; it must be one we
            # embed, or the PDF would reference a font the reader has to supply.
            rl_config.defaultGraphicsFontName = BODY
            _registered["set"] = FontSet(
                coverage[BODY], tuple((name, coverage[name]) for name in FALLBACKS)
            )
        return _registered["set"]
