"""Lay the brief out as a PDF: the story of flowables, the page templates, the footer.

:func:`build_story` is pure — content in, flowables out — so it is tested without
a GUI. :func:`render_pdf` runs ReportLab's layout with a progress callback that
can cancel, and returns the PDF's bytes; :mod:`facilitator.brief` writes them to
disk atomically.
"""

from __future__ import annotations

import functools
import io
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tables import TableStyle

from facilitator.brief import charts, tables
from facilitator.brief.content import (
    Bars,
    Block,
    Brief,
    Bullets,
    Cell,
    Cover,
    Figures,
    Heading,
    Matrix,
    PageBreak,
    SeeAlso,
    Styled,
    Table,
    Text,
    UseCaseCard,
)
from facilitator.brief.fonts import BODY, BOLD, ITALIC, fonts
from facilitator.brief.pages import (
    ContentsList,
    MarkedParagraph,
    PageBook,
    PageReference,
    write_forms,
    write_outline,
)
from facilitator.brief.text import clean, markup, shorten
from facilitator.scoring import DIMENSION_LABELS, Status, rating_status, status_label

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 22 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

INK = "#1B1F24"
MUTED = "#6B7280"
TONES = {"good": "#1E7B45", "warn": "#A15C07", "bad": "#B42318", "muted": MUTED}
STATUS_COLOURS: dict[Status | None, str] = {
    Status.READY: "#1E7B45",
    Status.NEEDS_WORK: "#A15C07",
    Status.BLOCKED: "#B42318",
    None: MUTED,
}


MIN_CONTRAST = 4.5
"""WCAG AA for text: the accent colours headings, figures and white-on-accent headers."""


def _luminance(colour: colors.Color) -> float:
    """WCAG relative luminance of a colour."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.red) + 0.7152 * linear(colour.green) + 0.0722 * linear(colour.blue)
    )


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(colors.HexColor(hex_colour)) + 0.05)


def readable_accent(hex_colour: str) -> tuple[str, str]:
    """The accent to use and, when it had to change, why: an accent without 4.5:1
    contrast against white (headings and figures on white, header text white on
    it) is darkened, hue kept, until it has."""
    ratio = contrast_with_white(hex_colour)
    if ratio >= MIN_CONTRAST:
        return hex_colour, ""
    base = colors.HexColor(hex_colour)
    scale = 1.0
    darker = hex_colour
    while contrast_with_white(darker) < MIN_CONTRAST and scale > 0:
        scale -= 0.01
        darker = "#{:02X}{:02X}{:02X}".format(
            *(round(c * 255 * scale) for c in (base.red, base.green, base.blue))
        )
    return darker, (
        f"the accent colour {hex_colour} has too little contrast against white "
        f"({ratio:.1f}:1, {MIN_CONTRAST}:1 needed); the brief uses {darker} instead"
    )


@dataclass(frozen=True)
class Look:
    """Colours and paragraph styles of one brief (the accent comes from branding)."""

    accent: colors.Color
    accent_hex: str
    tint: colors.Color
    styles: dict[str, ParagraphStyle]
    table: tables.TableLook


def look(accent_hex: str) -> Look:
    fonts()  # registers the fonts the styles name
    accent = colors.HexColor(accent_hex)
    tint = colors.Color(
        1 - (1 - accent.red) * 0.10, 1 - (1 - accent.green) * 0.10, 1 - (1 - accent.blue) * 0.10
    )

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": BODY,
            "bulletFontName": BODY,
            "fontSize": 9.2,
            "leading": 13.2,
            "textColor": INK,
            "splitLongWords": 1,
            "allowWidows": 0,
            "allowOrphans": 0,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    styles = {
        "body": style("body", spaceAfter=6),
        "lead": style("lead", fontSize=11, leading=16, spaceAfter=8),
        "note": style("note", fontSize=8, leading=11, textColor=MUTED, spaceAfter=6),
        "empty": style("empty", fontName=ITALIC, textColor=MUTED, spaceAfter=8),
        "label": style("label", fontName=BOLD, fontSize=7.5, leading=10, textColor=MUTED),
        "h2": style("h2", fontName=BOLD, fontSize=19, leading=24, textColor=accent, spaceAfter=12),
        "h3": style("h3", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=5),
        "h4": style("h4", fontName=BOLD, fontSize=9.5, leading=13, spaceBefore=8, spaceAfter=3),
        "bullet": style("bullet", leftIndent=14, bulletIndent=2, spaceAfter=3),
        "cell": style("cell", fontSize=8, leading=10.4),
        "cell_num": style("cell_num", fontSize=8, leading=10.4, alignment=TA_RIGHT),
        "continued": style(
            "continued", fontName=ITALIC, fontSize=7.5, leading=10.4, textColor=MUTED
        ),
        "head": style("head", fontName=BOLD, fontSize=7.5, leading=9.5, textColor=colors.white),
        "head_num": style(
            "head_num",
            fontName=BOLD,
            fontSize=7.5,
            leading=9.5,
            textColor=colors.white,
            alignment=TA_RIGHT,
        ),
        "figure": style("figure", fontName=BOLD, fontSize=15, leading=19, textColor=accent),
        "caption": style("caption", fontSize=7.5, leading=9.5, textColor=MUTED),
        "cover_kicker": style(
            "cover_kicker", fontName=BOLD, fontSize=10, leading=14, textColor=accent, spaceAfter=10
        ),
        "cover_title": style("cover_title", fontName=BOLD, fontSize=28, leading=34, spaceAfter=14),
        "cover_client": style("cover_client", fontSize=15, leading=20, spaceAfter=4),
        "cover_meta": style("cover_meta", fontSize=10.5, leading=15, textColor=MUTED),
        "cover_conf": style("cover_conf", fontName=BOLD, fontSize=8.5, leading=12, textColor=MUTED),
        "card_title": style("card_title", fontName=BOLD, fontSize=10, leading=13),
        "status": style(
            "status",
            fontName=BOLD,
            fontSize=8,
            leading=10,
            textColor=colors.white,
            alignment=TA_CENTER,
        ),
        "footer": style("footer", fontSize=7, leading=9, textColor=MUTED),
        "footer_right": style(
            "footer_right", fontSize=7, leading=9, textColor=MUTED, alignment=TA_RIGHT
        ),
    }
    table = tables.TableLook(
        font=BODY,
        bold=BOLD,
        ink=colors.HexColor(INK),
        header_fill=accent,
        band=tint,
        rule=colors.HexColor("#C9CED6"),
        total_rule=accent,
        page_height=FRAME_HEIGHT,
    )
    return Look(accent, accent_hex, tint, styles, table)


_NAMED_COLOURS: dict[str, colors.Color] = {}
colors.toColor.setExtraColorsNameSpace(_NAMED_COLOURS)


def ink(hex_colour: str) -> str:
    """A colour name for paragraph markup. ReportLab parses "#RRGGBB" in markup by a
    slow route (tens of microseconds, thousands of times in a big brief); a name
    registered once is a dictionary lookup."""
    name = "fc" + hex_colour.lstrip("#").lower()
    if name not in _NAMED_COLOURS:
        _NAMED_COLOURS[name] = colors.HexColor(hex_colour)
    return name


class Para(Paragraph):
    """A Paragraph that remembers its last layout. ReportLab wraps each table cell
    again to measure, to split and to draw; for the same width the answer is the
    same, and big briefs spent most of their time recomputing it."""

    _wrapped_at: float | None = None
    _wrapped: tuple[float, float] = (0.0, 0.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if availWidth != self._wrapped_at or not hasattr(self, "blPara"):
            self._wrapped = super().wrap(availWidth, availHeight)
            self._wrapped_at = availWidth
        return self._wrapped


# --- user text into paragraphs ---------------------------------------------------------


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text: always escaped (see facilitator.brief.text)."""
    return Para(markup(text), style)


def _cell_markup(value: Cell, lk: Look) -> str:
    if isinstance(value, Styled):
        safe = markup(value.text)
        if value.tone == "strong":
            return f'<font color="{ink(lk.accent_hex)}"><b>{safe}</b></font>'
        colour = TONES.get(value.tone)
        safe = f"<b>{safe}</b>" if value.tone in ("good", "warn", "bad") else safe
        return f'<font color="{ink(colour)}">{safe}</font>' if colour else safe
    return markup(value)


def _numeric(value: str) -> str | Paragraph:
    """Figures we formatted ourselves ("12", "$1,024,000") are drawn as plain
    strings: laying out a Paragraph per number made big briefs slow. Anything
    that is not plain printable text still goes through a Paragraph."""
    if len(value) <= 40 and "\n" not in value and clean(value) == value and _drawable(value):
        return value  # drawn on one line, shrunk to its cell if need be
    return Para(
        markup(value),
        ParagraphStyle("n", fontName=BODY, fontSize=8, leading=10.4, alignment=TA_RIGHT),
    )


def _cell(value: Cell, style: ParagraphStyle, lk: Look) -> Flowable:
    """A table cell: plain lines when the body font has every character (fast), a
    Paragraph with its font fallback otherwise."""
    text = clean(value.text if isinstance(value, Styled) else value).strip()
    if _drawable(text):
        strong = isinstance(value, Styled) and value.tone in ("good", "warn", "bad", "strong")
        colour = INK
        if isinstance(value, Styled):
            colour = lk.accent_hex if value.tone == "strong" else TONES.get(value.tone, INK)
        return tables.Lines(
            text,
            BOLD if strong else BODY,
            ink_colour(colour),
            right=style.alignment == TA_RIGHT,
        )
    return Para(_cell_markup(value, lk), style)


def _drawable(text: str) -> bool:
    """Whether the body font draws every character of *text* (tabs and newlines aside)."""
    body = _body_chars()
    return all(ord(c) in body or c == "\n" for c in text)


@functools.cache
def _body_chars() -> frozenset[int]:
    return fonts().body_chars


# --- blocks into flowables --------------------------------------------------------------


Cell_ = tables.Cell


def _table(block: Table, lk: Look, lead: Sequence[Flowable] = ()) -> list[Flowable]:
    widths = [c.width * TEXT_WIDTH for c in block.columns]
    header: list[Cell_] = [
        tables.Lines(c.title, BOLD, colors.white, size=7.5, right=c.numeric)
        if _drawable(c.title)
        else Para(markup(c.title), lk.styles["head_num" if c.numeric else "head"])
        for c in block.columns
    ]
    body: list[list[Cell_]] = [
        [
            _numeric(v) if c.numeric and isinstance(v, str) else _cell(v, lk.styles["cell"], lk)
            for v, c in zip(row, block.columns, strict=True)
        ]
        for row in block.rows
    ]
    total: list[Cell_] | None = None
    if block.total is not None:
        total = [
            v
            if c.numeric and isinstance(v, str) and isinstance(_numeric(v), str)
            else Para(
                f"<b>{_cell_markup(v, lk)}</b>", lk.styles["cell_num" if c.numeric else "cell"]
            )
            for v, c in zip(block.total, block.columns, strict=True)
        ]
    numeric = frozenset(i for i, c in enumerate(block.columns) if c.numeric)
    continued = lk.styles["continued"]
    return [
        tables.RowTable(
            header,
            body,
            widths,
            replace(lk.table, numeric=numeric),
            total=total,
            key_columns=block.key_columns,
            continued=lambda name: Para(markup(name) + " <i>(continued)</i>", continued),
            lead=lead,
        ),
        Spacer(1, 8),
    ]


def _figures(block: Figures, lk: Look) -> Flowable:
    width = TEXT_WIDTH / max(len(block.items), 1)
    cells = [
        [
            [_figure(value, width - 16, lk), Para(markup(caption), lk.styles["caption"])]
            for value, caption in block.items
        ]
    ]
    table = RLTable(
        cells,
        colWidths=[width] * len(block.items),
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), BODY, 8),
                ("BACKGROUND", (0, 0), (-1, -1), lk.tint),
                ("LINEBEFORE", (1, 0), (-1, -1), 2, colors.white),
                ("LINEABOVE", (0, 0), (-1, 0), 2, lk.accent),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        ),
    )
    return table


def _figure(value: str, room: float, lk: Look) -> Flowable:
    """A tile's figure on one line, shrunk to its tile if need be: "$144,000,000" never
    wraps inside itself."""
    style = lk.styles["figure"]
    size = tables.fitted_size(clean(value), BOLD, style.fontSize, room)
    if size < style.fontSize:
        style = ParagraphStyle(f"figure{size:.1f}", parent=style, fontSize=size)
    return Para(markup(value), style)


CHUNK_LINES = 40
CHUNK_CHARS = 3000


def chunks(text: str) -> list[str]:
    """*text* in pieces of at most CHUNK_LINES lines and about CHUNK_CHARS characters.

    ReportLab re-breaks the whole rest of a paragraph each time it splits it across
    a page, so one 100,000-character note of short lines took minutes; as a run of
    short paragraphs it lays out in linear time and reads the same.
    """
    if len(text) <= CHUNK_CHARS and text.count("\n") < CHUNK_LINES:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for raw in text.split("\n"):
        for part in _split_long(raw):
            if current and (len(current) >= CHUNK_LINES or size + len(part) > CHUNK_CHARS):
                pieces.append("\n".join(current))
                current, size = [], 0
            current.append(part)
            size += len(part) + 1
    pieces.append("\n".join(current))
    return pieces


def _split_long(line: str) -> list[str]:
    """A line longer than CHUNK_CHARS, cut at spaces (or anywhere in one long word)."""
    out = []
    while len(line) > CHUNK_CHARS:
        cut = line.rfind(" ", CHUNK_CHARS // 2, CHUNK_CHARS)
        cut = cut if cut > 0 else CHUNK_CHARS
        out.append(line[:cut])
        line = line[cut:].lstrip(" ")
    return [*out, line]


def _bullets(block: Bullets, lk: Look) -> list[Flowable]:
    out: list[Flowable] = []
    style = lk.styles["bullet"]
    for n, item in enumerate(block.items, start=1):
        rest: list[str] = []
        if isinstance(item, tuple):
            parts = list(item)
            if isinstance(parts[-1], str):  # the user's text: long ones go on in pieces
                first, *rest = chunks(parts[-1])
                parts[-1] = first
            text = "  ".join(
                (
                    _label(part)
                    if i == 0 and isinstance(part, Styled) and part.tone == "muted"
                    else _cell_markup(part, lk)
                )
                for i, part in enumerate(parts)
            )
            if len(parts) == 2 and not (isinstance(parts[0], Styled) and parts[0].tone == "muted"):
                text = f"{_cell_markup(parts[0], lk)} — {_cell_markup(parts[1], lk)}"
        elif isinstance(item, str):
            first, *rest = chunks(item)
            text = _cell_markup(first, lk)
        else:
            text = _cell_markup(item, lk)
        bullet = f"{n}." if block.numbered else "•"
        out.append(Para(text, style, bulletText=bullet))
        out.extend(Para(markup(piece), style) for piece in rest)
    out.append(Spacer(1, 4))
    return out


def _label(part: Styled) -> str:
    return f'<font size="6.5" color="{ink(MUTED)}"><b>{markup(part.text.upper())}</b></font>'


_DIMENSION_OF = {label: dimension for dimension, label in DIMENSION_LABELS.items()}


def _dots(label: str, score: int | None, lk: Look) -> str:
    status = rating_status(_DIMENSION_OF.get(label, ""), score)
    if score is None or status is None:
        return f'<font color="{ink(MUTED)}">not scored</font>'
    filled = "●" * score
    empty = "○" * (5 - score)
    # The dots take the colour the rule gives the score: workflow 2/5 needs work,
    # production safety 2/5 blocks.
    colour = STATUS_COLOURS[status]
    return (
        f'<b>{score}/5</b> <font color="{ink(colour)}">{filled}</font>'
        f'<font color="{ink("#C9CED6")}">{empty}</font>'
    )


def _card(block: UseCaseCard, lk: Look) -> Flowable:
    s = lk.styles
    colour = colors.HexColor(STATUS_COLOURS[block.status])
    title = Para(
        f'<font color="{ink(MUTED)}">#{block.rank}</font>  {markup(block.title)}', s["card_title"]
    )
    status = Para(markup((block.status_text or status_label(block.status)).upper()), s["status"])
    rows: list[list[Any]] = [[title, "", "", status]]
    for label, score_value, note in block.ratings:
        rows.append(
            [
                Para(markup(label), s["cell"]),
                Para(_dots(label, score_value, lk), s["cell"]),
                Para(markup(note) if note else f'<font color="{ink(MUTED)}">—</font>', s["cell"]),
                "",
            ]
        )
    owner = (
        markup(block.owner)
        if block.owner.strip()
        else f'<font color="{ink(TONES["bad"])}"><b>no owner</b></font>'
    )
    metric = (
        markup(block.metric)
        if block.metric.strip()
        else f'<font color="{ink(TONES["bad"])}"><b>no success metric</b></font>'
    )
    rows.append(
        [
            Para("OWNER", s["label"]),
            Para(owner, s["cell"]),
            Para(f'<font color="{ink(MUTED)}">Success metric:</font> {metric}', s["cell"]),
            "",
        ]
    )
    # Blockers stop production; gaps are what a pilot still needs. Naming them
    # apart tells leadership which items are decisions and which are homework.
    findings = [
        (label, items)
        for label, items in (("BLOCKS PRODUCTION", block.blockers), ("STILL MISSING", block.gaps))
        if items
    ]
    for label, items in findings:
        rows.append(
            [
                Para(markup(label), s["label"]),
                Para(markup("; ".join(items)), s["cell"]),
                "",
                "",
            ]
        )
    widths = [0.20 * TEXT_WIDTH, 0.18 * TEXT_WIDTH, 0.45 * TEXT_WIDTH, 0.17 * TEXT_WIDTH]
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), BODY, 8),
        ("SPAN", (0, 0), (2, 0)),
        ("BACKGROUND", (3, 0), (3, 0), colour),
        ("VALIGN", (3, 0), (3, 0), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, colour),
        ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#C9CED6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 1), (-1, -1), colors.white),
    ]
    for row in range(1, len(block.ratings) + 2):
        commands.append(("SPAN", (2, row), (3, row)))
    for index in range(len(findings)):
        row = len(rows) - len(findings) + index
        commands.append(("SPAN", (1, row), (3, row)))
        commands.append(("BACKGROUND", (0, row), (-1, row), lk.tint))
    table = RLTable(rows, colWidths=widths, splitInRow=1, hAlign="LEFT", style=TableStyle(commands))
    return KeepTogether([table, Spacer(1, 10)])


def _block(block: Block, lk: Look) -> list[Flowable]:
    s = lk.styles
    if isinstance(block, Heading):
        style = s["h3"] if block.level == 3 else s["h4"] if block.level >= 4 else s["h2"]
        heading: Paragraph = para(block.text, style)
        if block.level <= 3:  # in the outline (the reader's bookmarks pane)
            heading = MarkedParagraph(
                markup(block.text),
                style,
                key=block.anchor or _next_key(),
                title=clean(block.text),
                level=1,
            )
        # Keep a heading with the start of what follows it.
        return [CondPageBreak(60 if block.level <= 3 else 40), heading]
    if isinstance(block, Text):
        style = s.get(block.kind, s["body"])
        return [para(piece, style) for piece in chunks(block.text)]
    if isinstance(block, Bullets):
        return _bullets(block, lk)
    if isinstance(block, Figures):
        return [_figures(block, lk), Spacer(1, 10)]
    if isinstance(block, Table):
        return _table(block, lk)
    if isinstance(block, Matrix):
        drawing = charts.matrix_chart(block.points, TEXT_WIDTH, lk.accent)
        drawing.hAlign = "CENTER"
        caption = [para(block.caption, s["note"])] if block.caption else []
        return [drawing, Spacer(1, 4), *caption]
    if isinstance(block, SeeAlso):
        return [
            PageReference(block.text, block.section, font=BODY, size=8, colour=ink_colour(MUTED))
        ]
    if isinstance(block, Bars):
        return [
            para(block.title, s["h4"]),
            charts.bar_chart(block.bars, TEXT_WIDTH * 0.8, lk.accent),
            Spacer(1, 10),
        ]
    if isinstance(block, UseCaseCard):
        return [_card(block, lk)]
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover


_keys = itertools.count(1)


def _next_key() -> str:
    """A bookmark name no other heading has."""
    return f"h{next(_keys)}"


@functools.cache
def ink_colour(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour)


def _cover(cover: Cover, lk: Look, contents: list[tuple[str, str]]) -> list[Flowable]:
    s = lk.styles
    story: list[Flowable] = [
        Spacer(1, (45 if contents else 70) * mm),
        para(cover.subtitle.upper(), s["cover_kicker"]),
        para(shorten(cover.title, 300), s["cover_title"]),
    ]
    if cover.client:
        story.append(para(shorten(cover.client, 200), s["cover_client"]))
    for line in (cover.date, cover.facilitators, cover.issued):
        if line:
            story.append(para(shorten(line, 300), s["cover_meta"]))
    if contents:
        story += [
            Spacer(1, 12 * mm),
            para("Contents", s["cover_kicker"]),
            ContentsList(contents, font=BODY, size=9.5, colour=ink_colour(INK)),
        ]
    return [KeepInFrame(TEXT_WIDTH, FRAME_HEIGHT - 30 * mm, story, mode="shrink")]


def _height(flowables: list[Flowable]) -> float:
    """How tall *flowables* are, laid out one after another at the text width."""
    total = 0.0
    for f in flowables:
        content = getattr(f, "_content", None)  # KeepTogether and kin measure their parts
        if content is not None:
            total += _height(list(content))
        elif not isinstance(f, CondPageBreak | NextPageTemplate | RLPageBreak):
            total += f.wrap(TEXT_WIDTH, FRAME_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _balanced(cards: list[Flowable], used: float) -> list[Flowable]:
    """Readiness cards in page groups: never one card alone on a page while the page
    before holds three or more, never one card squeezed under what came before."""
    room = FRAME_HEIGHT * 0.97
    heights = [_height([c]) for c in cards]

    def groups(first_room: float) -> list[list[int]]:
        pages: list[list[int]] = [[]]
        left = first_room
        for n, h in enumerate(heights):
            if h > left and (pages[-1] or left < room):  # on to the next page
                pages.append([])
                left = room
            pages[-1].append(n)
            left -= h
        return [page for page in pages if page]

    first = max(room - used, 0.0) if used < room else 0.0
    pages = groups(first)
    partial = bool(heights) and heights[0] <= first
    fresh = partial and len(pages[0]) < 2 and len(cards) > 1
    if fresh:
        pages = groups(room)
    # A lone last card takes company from the page before, if it fits.
    while (
        len(pages) > 1
        and len(pages[-1]) == 1
        and len(pages[-2]) >= 3
        and sum(heights[i] for i in [pages[-2][-1], *pages[-1]]) <= room
    ):
        pages[-1].insert(0, pages[-2].pop())
    out: list[Flowable] = [RLPageBreak()] if fresh else []
    for n, page in enumerate(pages):
        if n:
            out.append(RLPageBreak())
        out.extend(cards[i] for i in page)
    return out


def _lead_of(blocks: list[Block], index: int, flowables: list[Flowable]) -> list[Flowable]:
    """Take the heading before the table at *index* (and a one-paragraph note between
    them) off the story, to be drawn above the table's first rows."""
    before = blocks[max(index - 2, 0) : index]
    if before and isinstance(before[-1], Heading):
        count = 1
    elif (
        len(before) == 2
        and isinstance(before[0], Heading)
        and isinstance(before[1], Text)
        and len(chunks(before[1].text)) == 1
    ):
        count = 2
    else:
        return []
    if len(flowables) <= count or not isinstance(flowables[-count - 1], CondPageBreak):
        return []
    taken = flowables[-count:]
    del flowables[-count - 1 :]  # with the heading's conditional page break
    return taken


def build_story(brief: Brief, lk: Look) -> list[Flowable]:
    """The whole brief as flowables: cover, then each section from a new page."""
    contents = [(s.key, s.title) for s in brief.sections] if brief.contents else []
    story: list[Flowable] = [*_cover(brief.cover, lk, contents), NextPageTemplate("body")]
    previous = ""
    for section in brief.sections:
        flowables: list[Flowable] = [
            MarkedParagraph(
                markup(section.title),
                lk.styles["h2"],
                key=section.key,
                title=section.title,
                level=0,
            )
        ]
        blocks = list(section.blocks)
        for index, block in enumerate(blocks):
            if isinstance(block, UseCaseCard):
                if index and isinstance(blocks[index - 1], UseCaseCard):
                    continue  # laid out with the first of the run
                run = list(
                    itertools.takewhile(lambda b: isinstance(b, UseCaseCard), blocks[index:])
                )
                cards = [_card(card, lk) for card in run if isinstance(card, UseCaseCard)]
                flowables.extend(_balanced(cards, _height(flowables)))
                continue
            if isinstance(block, Table):
                # A heading (and its note) go with the table's first rows, never alone.
                lead = _lead_of(blocks, index, flowables)
                flowables.extend(_table(block, lk, lead))
                continue
            rendered = _block(block, lk)
            if (
                isinstance(block, Matrix | Bars)
                and index
                and isinstance(blocks[index - 1], Heading)
            ):
                # A chart never leaves its heading behind at the foot of a page.
                heading = flowables.pop()
                flowables.pop()  # the heading's conditional page break
                rendered = [KeepTogether([heading, *rendered])]
            flowables.extend(rendered)
        if section.key == "summary":
            # The executive summary is one page, whatever was typed: shrink to fit.
            flowables = [KeepInFrame(TEXT_WIDTH, FRAME_HEIGHT - 4, flowables, mode="shrink")]
        if section.key in ("summary", "appendix") or previous in ("", "summary"):
            story.append(RLPageBreak())  # the answer has its page; the appendix starts one
        else:
            # A section starts a page unless all of it fits in what is left of the page
            # before: a small workshop's short sections share a page.
            story += [Spacer(1, 14), CondPageBreak(min(_height(flowables), FRAME_HEIGHT))]
        story.extend(flowables)
        previous = section.key
    return story


# --- pages --------------------------------------------------------------------------------


class ExportCancelledError(Exception):
    """The export was cancelled; nothing was written."""


ProgressCallback = Callable[[float], None]
"""Called with the share done (0..1); raise :class:`ExportCancelledError` inside to stop."""


def _one_line(text: str, style: ParagraphStyle, width: float) -> Para:
    """A paragraph of *text* that fits one line of *width*, shortened at a word
    if it would wrap (a second footer line would run into the rule above it)."""
    while True:
        paragraph = Para(markup(text), style)
        paragraph.wrap(width, 100)
        lines = getattr(paragraph, "blPara", None)
        if lines is None or len(lines.lines) <= 1 or len(text) <= 12:
            return paragraph
        text = shorten(text.removesuffix(" …"), int(len(text) * 0.85))


def _footer_canvas(brief: Brief, lk: Look) -> type[Canvas]:
    """A canvas that remembers its pages, so the footer can say "page x of y"."""
    left_text = " · ".join(
        p for p in (shorten(brief.cover.title, 90), shorten(brief.cover.confidentiality, 110)) if p
    )
    left = _one_line(left_text, lk.styles["footer"], TEXT_WIDTH * 0.8)

    class FooterCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.page_book = PageBook()
            self.outline_marks: list[tuple[str, str, int]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined] # ReportLab's own page reset
            self.outline_marks = []

        def save(self) -> None:
            total = len(self._pages)
            write_forms(self, self.page_book)
            for state in self._pages:
                self.__dict__.update(state)
                if self.getPageNumber() > 1:
                    self._draw_footer(total)
                write_outline(self, self.outline_marks)
                super().showPage()
            if any(state["outline_marks"] for state in self._pages):
                self.showOutline()
            super().save()

        def _draw_footer(self, total: int) -> None:
            y = MARGIN_BOTTOM - 12 * mm
            self.setStrokeColor(colors.HexColor("#C9CED6"))
            self.setLineWidth(0.5)
            self.line(MARGIN_X, y + 10, PAGE_WIDTH - MARGIN_X, y + 10)
            left.drawOn(self, MARGIN_X, y)
            right = Para(f"Page {self.getPageNumber()} of {total}", lk.styles["footer_right"])
            right.wrapOn(self, TEXT_WIDTH * 0.2, 20)
            right.drawOn(self, MARGIN_X + TEXT_WIDTH * 0.8, y)

    return FooterCanvas


def _draw_cover(brief: Brief, lk: Look, logo: ImageReader | None) -> Callable[..., None]:
    def draw(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(lk.accent)
        canvas.rect(0, PAGE_HEIGHT - 14 * mm, PAGE_WIDTH, 14 * mm, stroke=0, fill=1)
        canvas.rect(0, 0, 6 * mm, PAGE_HEIGHT, stroke=0, fill=1)
        top = PAGE_HEIGHT - 14 * mm - 16 * mm
        if brief.cover.consultancy:
            style = lk.styles["cover_client"]
            name = Para(markup(shorten(brief.cover.consultancy, 80)), style)
            _width, height = name.wrapOn(canvas, TEXT_WIDTH * 0.6, 40)
            # drawOn places the bottom line: a name that wraps grows down the page from
            # where one line sits, never up into the band above it.
            name.drawOn(canvas, MARGIN_X, top - 4 - (height - style.leading))
        if logo is not None:
            width, height = logo.getSize()
            scale = min(45 * mm / width, 18 * mm / height)
            canvas.drawImage(
                logo,
                PAGE_WIDTH - MARGIN_X - width * scale,
                top - 8,
                width * scale,
                height * scale,
                mask="auto",
            )
        if brief.cover.confidentiality:
            conf = Para(markup(shorten(brief.cover.confidentiality, 200)), lk.styles["cover_conf"])
            conf.wrapOn(canvas, TEXT_WIDTH, 40)
            conf.drawOn(canvas, MARGIN_X, 20 * mm)
        canvas.restoreState()

    return draw


def render_pdf(
    brief: Brief,
    lk: Look,
    *,
    logo: ImageReader | None = None,
    progress: ProgressCallback | None = None,
) -> bytes:
    """Lay out *brief* and return the PDF. ``progress`` may raise ExportCancelledError."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        # Document properties bypass markup(): clean them the same way (a lone
        # surrogate from a mis-decoded command line cannot be encoded at all).
        title=clean(brief.title),
        author=clean(brief.author),
        subject=clean(brief.subject),
        creator="Facilitator",
        lang="en",
        initialFontName=BODY,  # else ReportLab starts each page in unembedded Helvetica
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        TEXT_WIDTH,
        FRAME_HEIGHT,
        id="text",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates(
        [
            PageTemplate("cover", [frame], onPage=_draw_cover(brief, lk, logo)),
            PageTemplate("body", [frame]),
        ]
    )
    story = build_story(brief, lk)
    if progress is not None:
        expected = max(len(story), 1)

        done = [0.0]

        def on_progress(kind: str, value: int) -> None:
            if kind == "PROGRESS":
                # ReportLab counts flowables left; a split adds some back, so the
                # raw figure can step backwards. A progress bar must not.
                done[0] = max(done[0], min(value / expected, 1.0))
                progress(done[0])

        doc.setProgressCallBack(on_progress)
    doc.build(story, canvasmaker=_footer_canvas(brief, lk))
    return buffer.getvalue()
