"""How much room text takes on a slide: lines at a width, height at a size.

The deck never lets PowerPoint shrink text to make it fit: it measures each
piece of text against its box first and splits what does not fit over more
slides. Measuring needs a font's widths; the deck's text is set in the
template's theme font (Calibri in our own template), which we do not ship, so
the widths are DejaVu Sans's, the bundled font. DejaVu Sans is wider than
Calibri, Arial, Helvetica and Segoe UI (about as wide as Verdana), so text
that fits measured in DejaVu fits in any of them: the measure errs on the side
of room to spare. A character DejaVu Sans lacks (Chinese, Japanese, Korean,
emoji) is counted a full em wide, as those scripts are set.

Every paragraph the deck writes has an exact line spacing of
:data:`LINE_SPACING` × its size, so a height is lines × spacing, whatever font
the reader's machine substitutes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

from facilitator.brief.fonts import BODY, BOLD, fonts

LINE_SPACING = 1.2
"""Line pitch as a multiple of the font size; the deck sets it on every paragraph."""
SLACK = 0.96
"""Share of a box's inner width the measure fills: renderers break lines a little
differently (kerning, where a hyphen may break), so keep a margin."""

_WORD = re.compile(r"\S+\s*|\s+")


@lru_cache(maxsize=2)
def _widths(bold: bool) -> tuple[dict[int, float], float]:
    fonts()  # registers the bundled fonts with ReportLab
    face = pdfmetrics.getFont(BOLD if bold else BODY).face  # type: ignore[attr-defined]
    return dict(face.charWidths), float(face.defaultWidth)


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """*text* broken into lines no wider than *width* points, as a text box wraps
    it: at spaces, and inside a word only when the word alone is too wide. Line
    breaks in the text are kept; an empty paragraph is one empty line."""
    return wrap_runs(((text, bold),), size, width)


def wrap_runs(runs: Sequence[tuple[str, bool]], size: float, width: float) -> list[str]:
    """:func:`wrap` for a paragraph of runs, each plain or bold: each character is
    measured in its own run's weight."""
    text = "".join(part for part, _ in runs)
    advances: list[float] = []
    for part, bold in runs:
        widths, _ = _widths(bold)
        advances += [widths.get(ord(char), 1000.0) * size / 1000 for char in part]
    room = max(width * SLACK, size)
    lines: list[str] = []
    start = 0
    for paragraph in text.split("\n"):
        end = start + len(paragraph)
        lines += _wrap_span(text, advances, start, end, room)
        start = end + 1
    return lines


def _wrap_span(text: str, advances: list[float], start: int, end: int, room: float) -> list[str]:
    """Greedy wrapping of text[start:end]: a line ends before the word that would
    overflow it; a word wider than a line is cut where it must be."""
    lines: list[str] = []
    line_start, used = start, 0.0
    for match in _WORD.finditer(text, start, end):
        word_start, word_end = match.span()
        word = text[word_start:word_end]
        inked = word_start + len(word.rstrip())  # trailing spaces may hang past the edge
        width_inked = sum(advances[word_start:inked])
        if used + width_inked <= room:
            used += sum(advances[word_start:word_end])
            continue
        if text[line_start:word_start].strip():
            lines.append(text[line_start:word_start].rstrip())
        line_start, used = word_start, 0.0
        while sum(advances[line_start:inked]) > room:  # a word too long for a line
            cut, taken = line_start, 0.0
            while cut < inked and taken + advances[cut] <= room:
                taken += advances[cut]
                cut += 1
            cut = max(cut, line_start + 1)
            lines.append(text[line_start:cut])
            line_start = cut
        used = sum(advances[line_start:word_end])
    lines.append(text[line_start:end].rstrip())
    return lines


def height(text: str, size: float, width: float, *, bold: bool = False) -> float:
    """Height in points that *text* takes at *size* in a column *width* points wide."""
    return len(wrap(text, size, width, bold=bold)) * size * LINE_SPACING


def runs_height(runs: Sequence[tuple[str, bool]], size: float, width: float) -> float:
    """:func:`height` for a paragraph of plain and bold runs."""
    return len(wrap_runs(runs, size, width)) * size * LINE_SPACING


def fits_lines(text: str, size: float, width: float, lines: int, *, bold: bool = False) -> bool:
    return len(wrap(text, size, width, bold=bold)) <= lines


def shorten_to(text: str, size: float, width: float, lines: int, *, bold: bool = False) -> str:
    """*text*, cut at a word and ended with " …" if needed, so that it takes at most
    *lines* lines."""
    if fits_lines(text, size, width, lines, bold=bold):
        return text
    kept = wrap(text, size, width, bold=bold)[:lines]
    shown = " ".join(line.strip() for line in kept)
    while shown and not fits_lines(shown + " …", size, width, lines, bold=bold):
        cut = shown.rfind(" ", 0, len(shown) - 1)
        shown = shown[:cut] if cut > len(shown) // 2 else shown[:-1]
    return shown.rstrip(" ,;:—-") + " …"
