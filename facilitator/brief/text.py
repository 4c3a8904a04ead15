"""Turn anything a person typed into safe ReportLab paragraph markup.

ReportLab's Paragraph reads a small XML dialect, so ``<b>`` or ``&`` typed in a
workshop would be interpreted or break the build. Every piece of user text goes
through :func:`markup`: control characters are dropped, ``& < >`` escaped,
newlines become line breaks, and characters the body font lacks are wrapped in
the fallback font that has them (or spelled out as ``[U+XXXX]``). Markup of our
own passes only through the explicit helpers :func:`bold` and :func:`tone`.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from facilitator.brief.fonts import FontSet, fonts
from facilitator.model import MAX_TEXT

# C0 and C1 controls except tab and newline, DEL, and lone surrogates, which
# cannot be encoded in the PDF at all.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ALL_ASCII_PRINTABLE = re.compile(r"[\x20-\x7e\n]*")
# "60 s", "40 %", "15 min": a line must not end on the number and start on its unit.
_UNIT_SPACE = re.compile(r"(?<=\d) (?=%|(?:s|ms|min|h|x)\b)")


def clean(text: str) -> str:
    """Text as it should print: controls gone, line endings normalised, tabs as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", text)


def markup(text: str, font_set: FontSet | None = None) -> str:
    """Safe paragraph markup for user text (see the module docstring)."""
    text = clean(text)
    if _ALL_ASCII_PRINTABLE.fullmatch(text):  # the common case: no font switching needed
        return _UNIT_SPACE.sub("\u00a0", escape(text)).replace("\n", "<br/>")
    text = _UNIT_SPACE.sub("\u00a0", text)
    font_set = font_set or fonts()
    out: list[str] = []
    run: list[str] = []
    run_font: str | None = None

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run)).replace("\n", "<br/>")
        out.append(chunk if run_font is None else f'<font face="{run_font}">{chunk}</font>')
        run.clear()

    for char in text:
        font = None if char == "\n" else font_set.font_for(char)
        if font == "":  # no bundled font has it: say which character it was
            flush()
            run_font = None
            out.append(f"[U+{ord(char):04X}]")
            continue
        if font != run_font:
            flush()
            run_font = font
        run.append(char)
    flush()
    return "".join(out)


def shorten(text: str, limit: int) -> str:
    """At most *limit* characters, cut at a word boundary where one is near."""
    text = clean(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", int(limit * 0.8), limit)
    return text[: cut if cut > 0 else limit].rstrip() + " …"


BRIEF_TEXT_LIMIT = MAX_TEXT
"""Characters of one text the brief prints: as many as a card may hold, so what was
typed prints whole. A file written before that limit can hold any number (10 MB
took 39 s to lay out, 200 MB never finished): the rest stays in the workshop file."""


def bounded(text: str, limit: int = BRIEF_TEXT_LIMIT) -> str:
    """User text as the brief prints it: whole up to *limit* characters, else cut at
    a word boundary near the limit and followed by how much more the file holds."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", int(limit * 0.9), limit)
    kept = text[: cut if cut > 0 else limit].rstrip()
    return f"{kept} … ({len(text) - len(kept):,} more characters in the workshop file)"


def bold(markup_text: str) -> str:
    return f"<b>{markup_text}</b>"


def tone(markup_text: str, colour: str) -> str:
    """Colour already-safe markup (colour is a hex value we chose, never user text)."""
    return f'<font color="{colour}">{markup_text}</font>'
