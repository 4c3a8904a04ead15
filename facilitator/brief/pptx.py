"""Lay the readout deck out as a PowerPoint file: 16:9, every object native and editable.

:func:`render_pptx` takes the :class:`~facilitator.brief.deck.Deck` storyboard
and builds slides with python-pptx: titles in the layout's title placeholder,
text in text boxes, tables as PowerPoint tables, the value × feasibility matrix
as an XY scatter chart and the concerns as a bar chart, both with their data —
never a picture of text. Speaker notes carry what the storyboard wrote for the
presenter.

Nothing is shrunk to fit. Every piece of text is measured against its box
(:mod:`facilitator.brief.fit`) at its size — body text never below
:data:`BODY` points — and what does not fit goes on a continuation slide:
tables by rows (the header repeated), lists by items, text by lines.

Branding: the accent colours headings, table headers, tiles and chart markers;
the logo and the consultancy's name are on the title slide, the
confidentiality line on every slide. With a client's own template (``.potx`` or
``.pptx``) the deck uses its slide size, its layouts (title slide, title only),
its master and theme — the accent is then the theme's first accent colour, so
the deck wears the client's colours — and leaves none of its sample slides.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import ColorFormat, RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Pt

from facilitator.brief import BriefError, fit
from facilitator.brief.content import (
    STATUS_TONES,
    Bars,
    Bullets,
    Cell,
    Figures,
    Heading,
    Matrix,
    MatrixSpot,
    Styled,
    Table,
    Text,
)
from facilitator.brief.deck import Checklist, Deck, Facts, Slide, SlideBlock
from facilitator.brief.office import (
    INK,
    MUTED,
    TONES,
    plain,
    rgb,
    right_to_left,
    status_colour,
    tint,
)
from facilitator.scoring import Status, status_label

BODY = 14.0
"""Points: the smallest size of anything a slide says (footers aside)."""
TITLE = 28.0
COVER_TITLE = 40.0
HEADING = {3: 18.0, 4: 16.0}
FACT = 16.0
FIGURE = 28.0
FOOTER = 10.0
INCH = 72.0
WIDE = (Emu(12192000), Emu(6858000))
"""PowerPoint's own 16:9 slide (13.333 × 7.5 inches), to the EMU."""
MARGIN = 0.5 * INCH
GAP = 0.18 * INCH
"""Between blocks and between the two columns."""
INSET_X, INSET_Y = 0.08 * INCH, 0.05 * INCH
"""Padding inside text boxes and table cells (set explicitly, so the measure is right)."""
PARAGRAPH_AFTER = 6.0
MIN_CHART = 3.2 * INCH

ProgressCallback = Callable[[float], None]


class TemplateError(BriefError):
    """The client's PowerPoint template cannot be used; the message says why."""


# --- measuring blocks -------------------------------------------------------------------


def _cell_text(value: Cell) -> str:
    return plain(value.text if isinstance(value, Styled) else value)


def _item_text(item: str | Styled | tuple[Cell, ...]) -> str:
    parts = item if isinstance(item, tuple) else (item,)
    return " — ".join(t for t in (_cell_text(p) for p in parts) if t)


Runs = list[tuple[str, bool]]
"""A paragraph as (text, bold) runs: what is measured is what is drawn."""
BOLD_TONES = ("strong", "good", "warn", "bad")


def _text_height(text: str, size: float, width: float, *, bold: bool = False) -> float:
    return fit.height(text, size, width - 2 * INSET_X, bold=bold)


def _paragraphs_height(
    texts: Sequence[str], size: float, width: float, *, bold: bool = False
) -> float:
    return _runs_height([[(t, bold)] for t in texts], size, width)


def _runs_height(paragraphs: Sequence[Runs], size: float, width: float) -> float:
    lines = sum(fit.runs_height(runs, size, width - 2 * INSET_X) for runs in paragraphs)
    return lines + PARAGRAPH_AFTER * max(len(paragraphs) - 1, 0) + 2 * INSET_Y


def _cell_run(value: Cell, *, bold: bool = False) -> tuple[str, bool]:
    tone = value.tone if isinstance(value, Styled) else ""
    return _cell_text(value), bold or tone in BOLD_TONES


def _bullet_runs(item: str | Styled | tuple[Cell, ...], numbered: bool, n: int) -> Runs:
    runs: Runs = [(f"{n}. " if numbered else "• ", False)]
    parts = item if isinstance(item, tuple) else (item,)
    for index, part in enumerate(parts):
        if index:
            runs.append((" — ", False))
        runs.append(_cell_run(part))
    return runs


def _fact_runs(label: str, value: Cell) -> Runs:
    return [(f"{label}: ", True), _cell_run(value)]


def _check_runs(block: Checklist) -> list[Runs]:
    lines: list[Runs] = [[("Overall: ", True), (_overall(block), True)]]
    for check in block.checks:
        lines.append(
            [(f"{_mark(check.status)} ", True), (f"{check.label}: ", True), (check.detail, False)]
        )
    return lines


def _overall(block: Checklist) -> str:
    return block.status_text or status_label(block.status)


def _mark(status: Any) -> str:
    return {"Ready": "✓", "Needs work": "!", "Blocked": "✗"}.get(getattr(status, "value", ""), "–")


def _row_height(
    row: Sequence[Cell], widths: Sequence[float], *, bold: bool = False, size: float = BODY
) -> float:
    return _row_height_of(tuple(row), tuple(widths), bold, size)


@lru_cache(maxsize=4096)
def _row_height_of(
    row: tuple[Cell, ...], widths: tuple[float, ...], bold: bool, size: float
) -> float:
    """A table row's height, measured once: laying out a long table asks for the
    same rows page after page."""
    tallest = max(
        (
            fit.runs_height([_cell_run(v, bold=bold)], size, w - 2 * INSET_X)
            for v, w in zip(row, widths, strict=True)
        ),
        default=size * fit.LINE_SPACING,
    )
    return tallest + 2 * INSET_Y + 2


def _table_widths(block: Table, width: float) -> list[float]:
    total = sum(c.width for c in block.columns) or 1.0
    return [width * c.width / total for c in block.columns]


def _figure_size(value: str, width: float) -> float:
    """The tile's figure size: FIGURE points, smaller (never below BODY) if the
    figure would otherwise wrap inside itself."""
    size = FIGURE
    while size > BODY and not fit.fits_lines(value, size, width - 2 * INSET_X, 1, bold=True):
        size -= 2
    return size


def _tile_height(value: str, caption: str, width: float) -> float:
    size = _figure_size(value, width)
    return (
        _text_height(value, size, width, bold=True)
        + _text_height(caption, BODY, width)
        + PARAGRAPH_AFTER
        + 2 * INSET_Y
        + 6
    )


def measure(block: SlideBlock, width: float, room: float) -> float:
    """Height in points that *block* takes in a column *width* points wide (charts
    take what *room* is left, within limits)."""
    if isinstance(block, Heading):
        return _paragraphs_height(
            [plain(block.text)], HEADING.get(block.level, 16), width, bold=True
        )
    if isinstance(block, Text):
        return _paragraphs_height([plain(block.text)], BODY, width)
    if isinstance(block, Bullets):
        return _runs_height(
            [_bullet_runs(item, block.numbered, n) for n, item in enumerate(block.items, 1)],
            BODY,
            width,
        )
    if isinstance(block, Facts):
        return _runs_height([_fact_runs(label, value) for label, value in block.items], FACT, width)
    if isinstance(block, Checklist):
        return _runs_height(_check_runs(block), BODY, width)
    if isinstance(block, Figures):
        tile = width / max(len(block.items), 1) - 6
        return max((_tile_height(v, c, tile) for v, c in block.items), default=0.0)
    if isinstance(block, Table):
        widths = _table_widths(block, width)
        header = _row_height([c.title for c in block.columns], widths, bold=True)
        body = sum(_row_height(r, widths) for r in block.rows)
        total = _row_height(block.total, widths, bold=True) if block.total else 0.0
        return header + body + total
    if isinstance(block, Matrix):
        return max(MIN_CHART, min(room, width * 0.85))
    if isinstance(block, Bars):
        return max(MIN_CHART * 0.6, min(room, 0.8 * INCH + 0.34 * INCH * len(block.bars)))
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover


# --- splitting what does not fit ----------------------------------------------------------


def _pieces(block: SlideBlock, width: float) -> tuple[float, list[float]]:
    """What *block* can be cut into at *width*: the height every part of it takes
    (a table's header, a box's padding) and the height each piece adds — rows,
    items, checks or lines. No pieces: it is not cut (a chart, a heading, tiles)."""
    inner = width - 2 * INSET_X
    after = PARAGRAPH_AFTER
    if isinstance(block, Table):
        widths = _table_widths(block, width)
        header = _row_height([c.title for c in block.columns], widths, bold=True)
        return header, [_row_height(row, widths) for row in block.rows]
    if isinstance(block, Bullets):
        runs = [_bullet_runs(item, block.numbered, n) for n, item in enumerate(block.items, 1)]
    elif isinstance(block, Facts):
        runs = [_fact_runs(label, value) for label, value in block.items]
    elif isinstance(block, Checklist):
        runs = _check_runs(block)[1:]  # the "Overall" line heads every part
        first = fit.runs_height(_check_runs(block)[0], BODY, inner) + after
        return 2 * INSET_Y - after + first, [fit.runs_height(r, BODY, inner) + after for r in runs]
    elif isinstance(block, Text):
        lines = len(fit.wrap(plain(block.text), BODY, inner))
        return 2 * INSET_Y, [BODY * fit.LINE_SPACING] * lines
    else:
        return 0.0, []
    size = FACT if isinstance(block, Facts) else BODY
    return 2 * INSET_Y - after, [fit.runs_height(r, size, inner) + after for r in runs]


def _cut(block: SlideBlock, count: int, width: float) -> tuple[SlideBlock, SlideBlock]:
    """*block*'s first *count* pieces, and the rest (a table's total row goes with
    the rest, its header with both)."""
    if isinstance(block, Table):
        return Table(block.columns, block.rows[:count]), replace(block, rows=block.rows[count:])
    if isinstance(block, Bullets):
        return replace(block, items=block.items[:count]), replace(block, items=block.items[count:])
    if isinstance(block, Facts):
        return Facts(block.items[:count]), Facts(block.items[count:])
    if isinstance(block, Checklist):
        return replace(block, checks=block.checks[:count]), replace(
            block, checks=block.checks[count:]
        )
    assert isinstance(block, Text)
    lines = fit.wrap(plain(block.text), BODY, width - 2 * INSET_X)
    return (
        replace(block, text="\n".join(lines[:count])),
        replace(block, text="\n".join(lines[count:])),
    )


def _split(block: SlideBlock, width: float, room: float) -> tuple[SlideBlock, SlideBlock] | None:
    """The largest first part of *block* that fits in *room*, and the rest; None when
    no part of it fits (or it cannot be split)."""
    fixed, pieces = _pieces(block, width)
    used, count = fixed, 0
    for height in pieces[:-1]:  # measured once each: a long table is cut in linear time
        if used + height > room:
            break
        used += height
        count += 1
    return _cut(block, count, width) if count else None


def _forced(block: SlideBlock, width: float, room: float) -> SlideBlock:
    """*block* cut down until it fits a whole empty column: one table row, list item
    or fact taller than a slide has its text shortened (the notes have it all)."""
    lines = max(int((room - 3 * INSET_Y) / (BODY * fit.LINE_SPACING)) - 1, 1)
    if isinstance(block, Table):
        widths = _table_widths(block, width)
        header = _row_height([c.title for c in block.columns], widths, bold=True)
        body_lines = max(int((room - header - 3 * INSET_Y) / (BODY * fit.LINE_SPACING)) - 1, 1)
        rows = tuple(
            tuple(
                fit.shorten_to(_cell_text(v), BODY, w - 2 * INSET_X, body_lines)
                for v, w in zip(row, widths, strict=True)
            )
            for row in block.rows[:1]
        )
        return Table(block.columns, rows)
    if isinstance(block, Bullets):
        first = _item_text(block.items[0])
        return replace(block, items=(fit.shorten_to(first, BODY, width - 2 * INSET_X - 12, lines),))
    if isinstance(block, Text):
        return replace(
            block, text=fit.shorten_to(plain(block.text), BODY, width - 2 * INSET_X, lines)
        )
    if isinstance(block, Facts):
        label, value = block.items[0]
        return Facts(
            ((label, fit.shorten_to(_cell_text(value), FACT, width - 2 * INSET_X, lines)),)
        )
    return block


@dataclass(frozen=True)
class Placed:
    """A block at its place in a column: top and height in points from the column's top."""

    block: SlideBlock
    top: float
    height: float


def flow(
    blocks: Sequence[SlideBlock], width: float, room: float, *, later: float | None = None
) -> list[list[Placed]]:
    """*blocks* stacked in a column *width* × *room* points, page after page; pages
    after the first are *later* points wide when given (a side column whose
    continuation slides have the whole width)."""
    pages: list[list[Placed]] = [[]]
    used = 0.0
    queue = list(blocks)
    while queue:
        if later is not None and len(pages) > 1:
            width = later
        block = queue.pop(0)
        left = room - used
        needed = measure(block, width, left)
        following = measure(queue[0], width, room) if queue else 0.0
        if isinstance(block, Heading) and queue:
            # A heading goes with at least the start of what follows it.
            needed_with_next = needed + GAP + min(following, 3 * BODY * fit.LINE_SPACING + 20)
            if needed_with_next > left and pages[-1]:
                pages.append([])
                used = 0.0
                queue.insert(0, block)
                continue
        if needed <= left + 0.01:
            pages[-1].append(Placed(block, used, needed))
            used += needed + GAP
            continue
        parts = _split(block, width, left)
        if parts is not None:
            head, rest = parts
            pages[-1].append(Placed(head, used, measure(head, width, left)))
            pages.append([])
            used = 0.0
            queue.insert(0, rest)
            continue
        if pages[-1]:
            pages.append([])
            used = 0.0
            queue.insert(0, block)
            continue
        forced = _forced(block, width, room)
        pages[-1].append(Placed(forced, 0.0, min(measure(forced, width, room), room)))
        used = room + GAP
    return [page for page in pages if page] or [[]]


# --- colours -------------------------------------------------------------------------------


class Paint:
    """Colours for one deck: the branding accent, or the client theme's first accent."""

    def __init__(self, accent: str, *, theme: bool) -> None:
        self.accent = accent
        self.theme = theme

    def accent_of(self, colour: ColorFormat, *, pale: bool = False) -> None:
        if self.theme:
            colour.theme_color = MSO_THEME_COLOR.ACCENT_1
            if pale:
                colour.brightness = 0.85
        else:
            colour.rgb = RGBColor(*rgb(tint(self.accent, 0.12) if pale else self.accent))

    @staticmethod
    def fixed(colour: ColorFormat, hex_colour: str) -> None:
        colour.rgb = RGBColor(*rgb(hex_colour))


# --- writing text -----------------------------------------------------------------------------


def _frame(frame: TextFrame, *, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Pt(INSET_X)
    frame.margin_top = frame.margin_bottom = Pt(INSET_Y)
    frame.vertical_anchor = anchor


def _paragraph(frame: TextFrame, first: bool) -> _Paragraph:
    return frame.paragraphs[0] if first else frame.add_paragraph()


def _set_lines(paragraph: _Paragraph, size: float, *, after: float = PARAGRAPH_AFTER) -> None:
    paragraph.line_spacing = Pt(size * fit.LINE_SPACING)
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(after)


def _run(
    paragraph: _Paragraph,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    colour: str | None = None,
    paint: Paint | None = None,
) -> None:
    run = paragraph.add_run()
    run.text = plain(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if italic:
        run.font.italic = True
    if paint is not None:
        paint.accent_of(run.font.color)
    elif colour is not None:
        Paint.fixed(run.font.color, colour)


def _direction(paragraph: _Paragraph, text: str) -> None:
    if right_to_left(text):
        paragraph._p.get_or_add_pPr().set("rtl", "1")
        paragraph.alignment = PP_ALIGN.RIGHT


def _cell_runs(
    paragraph: _Paragraph, value: Cell, size: float, paint: Paint, *, bold: bool = False
) -> None:
    text = _cell_text(value)
    tone = value.tone if isinstance(value, Styled) else ""
    if tone == "strong":
        _run(paragraph, text, size, bold=True, paint=paint)
    elif tone in TONES:
        _run(paragraph, text, size, bold=bold or tone != "muted", colour=TONES[tone])
    else:
        _run(paragraph, text, size, bold=bold, colour=INK)
    _direction(paragraph, paragraph.text)


# --- drawing blocks -------------------------------------------------------------------------


SERIES = (("new_value", "New value"), ("automation", "Automation"), (None, "Unclassified"))
OTHERS = "Other use cases"
"""Ideas the brief does not number (many points, not on the shortlist): small dots."""
MORE = "More in this cell"
"""Where a cell holds more ideas than it has places: "+N", no marker."""
MARKERS = {
    "New value": (XL_MARKER_STYLE.CIRCLE, True),
    "Automation": (XL_MARKER_STYLE.SQUARE, False),
    "Unclassified": (XL_MARKER_STYLE.DIAMOND, False),
    OTHERS: (XL_MARKER_STYLE.CIRCLE, False),
}
"""Marker and whether it is filled with the accent, per kind. Each mark sits where
the brief's matrix puts it (:func:`~facilitator.brief.content.matrix_spots`), its
rank written on it, as in the PDF."""
DOT = 5
"""The size of an unnumbered idea's dot, in points."""
RING = 8
"""How much wider than its mark a shortlisted idea's ring is, in points."""


RINGS: dict[Status | None, str] = {
    Status.READY: "Shortlist: ready",
    Status.NEEDS_WORK: "Shortlist: needs work",
    Status.BLOCKED: "Shortlist: blocked",
    None: "Shortlist: not assessed",
}
RING_OF = {name: status for status, name in RINGS.items()}


def _positive_axis_ids(chart: Any) -> None:
    """python-pptx's chart templates number their axes with negative ids, which the
    schema (an unsigned int) forbids; strict readers flag them. Same ids, made
    positive, keep every axis paired with the one it crosses."""
    for element in chart._chartSpace.xpath(".//c:axId | .//c:crossAx"):
        element.set("val", str(abs(int(element.get("val")))))


def _matrix_data(block: Matrix) -> tuple[XyChartData, dict[str, list[MatrixSpot]]]:
    """The chart's data — one point per mark, where the brief's matrix places it, and
    the two quadrant lines — and the spots of each series' points, for their sizes
    and labels.

    Every series is padded with empty points to the length of the longest:
    LibreOffice drops or cuts the points of a scatter series followed by a
    longer one. Empty points draw nothing and are blank rows in the chart's data.
    """
    marks: dict[str, list[MatrixSpot]] = {name: [] for name in (*MARKERS, MORE, *RING_OF)}
    for spot in block.spots():
        point = spot.point
        if point is None:
            marks[MORE].append(spot)
            continue
        if point.shortlisted:
            marks[RINGS[point.status]].append(spot)
        kind = dict(SERIES).get(point.value_type, "Unclassified")
        marks[kind if point.labelled else OTHERS].append(spot)
    plotted: list[tuple[str, list[tuple[float, float]]]] = [
        ("Feasibility split", [(3.5, 0.5), (3.5, 5.5)]),
        ("Value split", [(0.5, 3.5), (5.5, 3.5)]),
    ]
    # The rings last: LibreOffice draws a later series under an earlier one, so a
    # ring's disc shows round its mark.
    plotted += [(name, [(s.x, s.y) for s in spots]) for name, spots in marks.items() if spots]
    length = max(len(points) for _, points in plotted)
    data = XyChartData()
    for name, points in plotted:
        series = data.add_series(name)
        for x, y in points:
            series.add_data_point(x, y)
        for _ in range(length - len(points)):
            series.add_data_point(None, None)
    return data, {name: spots for name, spots in marks.items() if spots}


class _Painter:
    """Draws placed blocks on one slide."""

    def __init__(self, slide: PptxSlide, paint: Paint) -> None:
        self.slide = slide
        self.paint = paint

    def textbox(self, left: float, top: float, width: float, height: float) -> TextFrame:
        box = self.slide.shapes.add_textbox(Pt(left), Pt(top), Pt(width), Pt(height))
        frame: TextFrame = box.text_frame
        _frame(frame)
        return frame

    def draw(self, placed: Placed, left: float, top: float, width: float) -> None:
        block, y, h = placed.block, top + placed.top, placed.height
        if isinstance(block, Heading):
            frame = self.textbox(left, y, width, h)
            paragraph = frame.paragraphs[0]
            _set_lines(paragraph, HEADING.get(block.level, 16), after=0)
            _run(
                paragraph,
                block.text,
                HEADING.get(block.level, 16),
                bold=True,
                paint=self.paint if block.level == 3 else None,
                colour=INK,
            )
            _direction(paragraph, block.text)
        elif isinstance(block, Text):
            frame = self.textbox(left, y, width, h)
            paragraph = frame.paragraphs[0]
            _set_lines(paragraph, BODY, after=0)
            muted = block.kind in ("note", "empty")
            _run(
                paragraph,
                block.text,
                BODY,
                italic=block.kind == "empty",
                colour=MUTED if muted else INK,
            )
            _direction(paragraph, block.text)
        elif isinstance(block, Bullets):
            self.bullets(block, left, y, width, h)
        elif isinstance(block, Facts):
            frame = self.textbox(left, y, width, h)
            for index, (label, value) in enumerate(block.items):
                paragraph = _paragraph(frame, index == 0)
                _set_lines(
                    paragraph, FACT, after=PARAGRAPH_AFTER if index < len(block.items) - 1 else 0
                )
                _run(paragraph, f"{label}: ", FACT, bold=True, colour=MUTED)
                _cell_runs(paragraph, value, FACT, self.paint)
        elif isinstance(block, Checklist):
            self.checklist(block, left, y, width, h)
        elif isinstance(block, Figures):
            self.figures(block, left, y, width, h)
        elif isinstance(block, Table):
            self.table(block, left, y, width)
        elif isinstance(block, Matrix):
            self.matrix(block, left, y, width, h)
        elif isinstance(block, Bars):
            self.bars(block, left, y, width, h)

    def bullets(self, block: Bullets, left: float, top: float, width: float, height: float) -> None:
        frame = self.textbox(left, top, width, height)
        for n, item in enumerate(block.items, start=1):
            paragraph = _paragraph(frame, n == 1)
            _set_lines(paragraph, BODY, after=PARAGRAPH_AFTER if n < len(block.items) else 0)
            _run(paragraph, f"{n}. " if block.numbered else "• ", BODY, colour=MUTED)
            parts = item if isinstance(item, tuple) else (item,)
            for index, part in enumerate(parts):
                if index:
                    _run(paragraph, " — ", BODY, colour=MUTED)
                _cell_runs(paragraph, part, BODY, self.paint)
            _direction(paragraph, _item_text(item))

    def checklist(
        self, block: Checklist, left: float, top: float, width: float, height: float
    ) -> None:
        frame = self.textbox(left, top, width, height)
        paragraph = frame.paragraphs[0]
        _set_lines(paragraph, BODY)
        _run(paragraph, "Overall: ", BODY, bold=True, colour=MUTED)
        _run(paragraph, _overall(block), BODY, bold=True, colour=TONES[STATUS_TONES[block.status]])
        for index, check in enumerate(block.checks):
            paragraph = frame.add_paragraph()
            _set_lines(
                paragraph, BODY, after=PARAGRAPH_AFTER if index < len(block.checks) - 1 else 0
            )
            colour = TONES[STATUS_TONES[check.status]] if check.status is not None else MUTED
            _run(paragraph, f"{_mark(check.status)} ", BODY, bold=True, colour=colour)
            _run(paragraph, f"{check.label}: ", BODY, bold=True, colour=INK)
            _run(paragraph, check.detail, BODY, colour=INK)
            _direction(paragraph, paragraph.text)

    def figures(self, block: Figures, left: float, top: float, width: float, height: float) -> None:
        count = max(len(block.items), 1)
        tile = width / count
        for index, (value, caption) in enumerate(block.items):
            x = left + index * tile
            shape = self.slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, Pt(x), Pt(top), Pt(tile - 6), Pt(height)
            )
            shape.fill.solid()
            self.paint.accent_of(shape.fill.fore_color, pale=True)
            shape.line.fill.background()
            shape.shadow.inherit = False
            bar = self.slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, Pt(x), Pt(top), Pt(tile - 6), Pt(3)
            )
            bar.fill.solid()
            self.paint.accent_of(bar.fill.fore_color)
            bar.line.fill.background()
            bar.shadow.inherit = False
            frame = shape.text_frame
            _frame(frame)
            size = _figure_size(plain(value), tile - 6)
            first = frame.paragraphs[0]
            first.alignment = PP_ALIGN.LEFT
            _set_lines(first, size)
            _run(first, value, size, bold=True, paint=self.paint)
            second = frame.add_paragraph()
            second.alignment = PP_ALIGN.LEFT
            _set_lines(second, BODY, after=0)
            _run(second, caption, BODY, colour=MUTED)

    def table(self, block: Table, left: float, top: float, width: float) -> None:
        widths = _table_widths(block, width)
        rows = [*block.rows, *((block.total,) if block.total else ())]
        heights = [_row_height([c.title for c in block.columns], widths, bold=True)]
        heights += [_row_height(r, widths) for r in block.rows]
        if block.total:
            heights.append(_row_height(block.total, widths, bold=True))
        shape = self.slide.shapes.add_table(
            len(rows) + 1, len(block.columns), Pt(left), Pt(top), Pt(width), Pt(sum(heights))
        )
        table = shape.table
        table.first_row = True
        table.horz_banding = False
        for index, w in enumerate(widths):
            table.columns[index].width = Pt(w)
        for index, h in enumerate(heights):
            table.rows[index].height = Pt(h)
        for index, column in enumerate(block.columns):
            cell = table.cell(0, index)
            self._cell(cell, Styled(column.title, ""), numeric=column.numeric, header=True)
        for r, values in enumerate(rows, start=1):
            total = block.total is not None and r == len(rows)
            for c, (value, column) in enumerate(zip(values, block.columns, strict=True)):
                cell = table.cell(r, c)
                self._cell(cell, value, numeric=column.numeric, stripe=r % 2 == 0, bold=total)

    def _cell(
        self,
        cell: Any,
        value: Cell,
        *,
        numeric: bool,
        header: bool = False,
        stripe: bool = False,
        bold: bool = False,
    ) -> None:
        cell.margin_left = cell.margin_right = Pt(INSET_X)
        cell.margin_top = cell.margin_bottom = Pt(INSET_Y)
        cell.vertical_anchor = MSO_ANCHOR.TOP
        cell.fill.solid()
        if header:
            self.paint.accent_of(cell.fill.fore_color)
        elif stripe:
            self.paint.accent_of(cell.fill.fore_color, pale=True)
        else:
            Paint.fixed(cell.fill.fore_color, "#FFFFFF")
        frame = cell.text_frame
        frame.word_wrap = True
        paragraph = frame.paragraphs[0]
        _set_lines(paragraph, BODY, after=0)
        if header:
            _run(paragraph, _cell_text(value), BODY, bold=True, colour="#FFFFFF")
        else:
            _cell_runs(paragraph, value, BODY, self.paint, bold=bold)
        if numeric:
            paragraph.alignment = PP_ALIGN.RIGHT

    def matrix(self, block: Matrix, left: float, top: float, width: float, height: float) -> None:
        """An XY scatter: a marker per idea where the brief's matrix places it, its
        rank on it, a disc behind it in its readiness colour when it is shortlisted;
        dashed lines split the quadrants at 3.5."""
        data, marks = _matrix_data(block)
        size = min(width, height * 1.1)
        frame = cast(
            Any,
            self.slide.shapes.add_chart(
                XL_CHART_TYPE.XY_SCATTER, Pt(left), Pt(top), Pt(size), Pt(height), cast(Any, data)
            ),
        )
        chart = frame.chart
        _positive_axis_ids(chart)
        chart.has_legend = False
        chart.font.size = Pt(BODY)
        chart.font.color.rgb = RGBColor(*rgb(INK))
        for axis, title in ((chart.value_axis, "Value"), (chart.category_axis, "Feasibility")):
            axis.minimum_scale = 0
            axis.maximum_scale = 6
            axis.major_unit = 1
            axis.has_major_gridlines = True
            axis.major_gridlines.format.line.color.rgb = RGBColor(*rgb("#D7DCE2"))
            # Only the scores 1-5 are labelled; 0 and 6 are margins.
            axis.tick_labels.number_format = '[<1]"";[>5]"";0'
            axis.tick_labels.number_format_is_linked = False
            axis.has_title = True
            axis.axis_title.text_frame.text = f"{title} →"
            axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(BODY)
        # Points a score unit apart on the plot (the axes run 0-6; their numbers and
        # titles take about an inch).
        unit = (min(size, height) - 72) / 6
        for series in chart.plots[0].series:
            if series.name in marks:
                self._marks(series, marks[series.name], unit)
            else:
                series.marker.style = XL_MARKER_STYLE.NONE
                series.format.line.color.rgb = RGBColor(*rgb(MUTED))
                series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
                series.format.line.width = Pt(1.25)
                series.smooth = False

    def _marks(self, series: Any, spots: list[MatrixSpot], unit: float) -> None:
        """The series' marker; each point's size (smaller where its cell is crowded)
        and the rank written on it."""
        name = series.name
        series.format.line.fill.background()
        marker = series.marker
        if name == MORE:
            marker.style = XL_MARKER_STYLE.NONE
        else:
            marker.style = XL_MARKER_STYLE.CIRCLE if name in RING_OF else MARKERS[name][0]
            marker.format.fill.solid()
        if name in RING_OF:
            colour = status_colour(RING_OF[name])
            Paint.fixed(marker.format.fill.fore_color, colour)
            Paint.fixed(marker.format.line.color, colour)
        elif name == OTHERS:
            Paint.fixed(marker.format.fill.fore_color, MUTED)
            Paint.fixed(marker.format.line.color, MUTED)
        elif name in MARKERS and MARKERS[name][1]:
            self.paint.accent_of(marker.format.fill.fore_color)
            self.paint.accent_of(marker.format.line.color)
        elif name in MARKERS:
            # Filled grey, not white: some renderers draw no marker outline.
            Paint.fixed(marker.format.fill.fore_color, "#AEB6C1")
            Paint.fixed(marker.format.line.color, INK)

        def size_of(spot: MatrixSpot) -> int:
            width = spot.size * unit + (RING if name in RING_OF else 0)
            return DOT if name == OTHERS else max(2, min(72, round(width)))

        # The usual size for the series; a point in a crowded cell has its own.
        usual = max((size_of(spot) for spot in spots), default=DOT)
        if name != MORE:
            marker.size = usual
        for point, spot in zip(series.points, spots, strict=False):
            if name == MORE:
                self._label(point, f"+{spot.more}", INK, unit * spot.size)
                continue
            if size_of(spot) != usual:
                point.marker.style = marker.style
                point.marker.size = size_of(spot)
            if name in MARKERS and name != OTHERS and spot.point is not None:
                ink = "#FFFFFF" if MARKERS[name][1] else INK
                self._label(point, str(spot.point.rank), ink, unit * spot.size)

    @staticmethod
    def _label(point: Any, text: str, colour: str, room: float) -> None:
        """*text* on the point's mark, as large as the mark has room for."""
        label = point.data_label
        label.position = XL_LABEL_POSITION.CENTER
        label.text_frame.text = text
        run = label.text_frame.paragraphs[0].runs[0]
        run.font.size = Pt(max(8.0, min(BODY, room * 0.6)))
        run.font.bold = True
        run.font.color.rgb = RGBColor(*rgb(colour))

    def bars(self, block: Bars, left: float, top: float, width: float, height: float) -> None:
        data = CategoryChartData()
        data.categories = [plain(label) for label, _ in block.bars]
        data.add_series(plain(block.title), [count for _, count in block.bars])
        frame = cast(
            Any,
            self.slide.shapes.add_chart(
                XL_CHART_TYPE.BAR_CLUSTERED,
                Pt(left),
                Pt(top),
                Pt(width),
                Pt(height),
                cast(Any, data),
            ),
        )
        chart = frame.chart
        _positive_axis_ids(chart)
        chart.has_legend = False
        chart.has_title = True
        chart.chart_title.text_frame.text = plain(block.title)
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(HEADING[4])
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
        chart.font.size = Pt(BODY)
        chart.category_axis.reverse_order = True  # the largest first, at the top
        chart.category_axis.format.line.fill.background()
        chart.value_axis.visible = False
        chart.value_axis.has_major_gridlines = False
        chart.value_axis.minimum_scale = 0
        plot = chart.plots[0]
        plot.gap_width = 60
        plot.has_data_labels = True
        plot.data_labels.font.size = Pt(BODY)
        plot.data_labels.font.bold = True
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        series = plot.series[0]
        series.format.fill.solid()
        self.paint.accent_of(series.format.fill.fore_color)


# --- the presentation ---------------------------------------------------------------------------

_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_TYPE = (
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)


def _open_template(path: Path) -> PresentationObject:
    """A client's .potx or .pptx, ready to add slides to: a template's package is
    declared a presentation (python-pptx opens only those), and any slides it came
    with are dropped."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TemplateError(f"template: cannot read {path}: {error.strerror or error}") from None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            parts = {info.filename: package.read(info) for info in package.infolist()}
        types = parts.get("[Content_Types].xml", b"")
        if _TEMPLATE_TYPE in types:
            parts["[Content_Types].xml"] = types.replace(_TEMPLATE_TYPE, _PRESENTATION_TYPE)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for name, content in parts.items():
                package.writestr(name, content)
        presentation = Presentation(io.BytesIO(out.getvalue()))
    except Exception:  # a zip, XML or python-pptx error: all mean the same to the user
        raise TemplateError(
            f"template: {path.name} is not a PowerPoint template or presentation (.potx or .pptx)"
        ) from None
    slide_ids = presentation.slides._sldIdLst
    for slide_id in list(slide_ids):
        presentation.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    _ensure_view_properties(presentation)
    return presentation


_VIEW_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<p:viewPr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    b'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
    b'<p:gridSpacing cx="76200" cy="76200"/></p:viewPr>'
)


def _ensure_view_properties(presentation: PresentationObject) -> None:
    """Give a template saved without view properties (LibreOffice writes none) the
    minimal part PowerPoint expects; without it PowerPoint offers to repair the deck."""
    part = presentation.part
    if any(rel.reltype == RT.VIEW_PROPS for rel in part.rels.values()):
        return
    view = Part(PackURI("/ppt/viewProps.xml"), CT.PML_VIEW_PROPS, part.package, _VIEW_PROPERTIES)
    part.relate_to(view, RT.VIEW_PROPS)


def _widen(presentation: PresentationObject) -> None:
    """python-pptx's own template is 4:3; make it 16:9, its master and layouts too,
    so a slide the consultant adds later is laid out for the wide screen."""
    old = presentation.slide_width or Emu(1)
    presentation.slide_width, presentation.slide_height = WIDE
    factor = presentation.slide_width / old
    containers = [presentation.slide_master, *presentation.slide_layouts]
    for container in containers:
        for shape in container.shapes:
            if shape._element.xfrm is None:  # placed by its master: widened there
                continue
            left, top, width, height = shape.left, shape.top, shape.width, shape.height
            shape.left, shape.top = Emu(int(left * factor)), top
            shape.width, shape.height = Emu(int(width * factor)), height


def _placeholders(container: Any) -> list[Any]:
    """A layout's or slide's placeholders (python-pptx's typing of them does not
    let them be iterated)."""
    return list(container.placeholders)


def _layout(presentation: PresentationObject, *, cover: bool) -> SlideLayout:
    """The template's title-slide layout, or its title-only layout (a title and no
    body); the first layout with a title otherwise."""
    kinds_wanted = (PP_PLACEHOLDER.CENTER_TITLE,) if cover else (PP_PLACEHOLDER.TITLE,)
    furniture = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
    best: SlideLayout | None = None
    for layout in presentation.slide_layouts:
        kinds = [p.placeholder_format.type for p in _placeholders(layout)]
        if not any(k in kinds_wanted for k in kinds):
            continue
        others = [k for k in kinds if k not in furniture and k not in kinds_wanted]
        if cover and all(k == PP_PLACEHOLDER.SUBTITLE for k in others):
            return layout
        if not cover and not others:
            return layout
        best = best or layout
    if best is not None:
        return best
    for layout in presentation.slide_layouts:
        if any(
            p.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
            for p in _placeholders(layout)
        ):
            return layout
    return presentation.slide_layouts[0]


@dataclass(frozen=True)
class Frame:
    """Where things go on a content slide, in points."""

    width: float
    height: float
    title: tuple[float, float, float, float]
    body_top: float
    body_bottom: float
    left: float
    right: float
    title_lines: int = 2
    title_size: float = TITLE


def _title_fit(height: float, size: float) -> tuple[float, int]:
    """The size (at most *size*, at least 18 points) and number of lines of a title
    in a template's box *height* points tall: at least one line always fits."""
    size = max(min(size, (height - 2 * INSET_Y) / fit.LINE_SPACING), 18.0)
    return size, max(int((height - 2 * INSET_Y) / (size * fit.LINE_SPACING)), 1)


def _fitted(frame: Frame, title: str, *, own: bool) -> Frame:
    """*frame* for a slide titled *title*: in our own layout a one-line title gives
    its second line to the body; a template's title box stays as its designer made it."""
    left, top, width, height = frame.title
    if not own:
        size, lines = _title_fit(height, TITLE)
        return replace(frame, title_lines=lines, title_size=size)
    longest = f"{title} (continued)"
    room = width - 2 * INSET_X
    lines = min(len(fit.wrap(plain(longest), TITLE, room, bold=True)), 2)
    height = lines * TITLE * fit.LINE_SPACING + 2 * INSET_Y + 4
    return replace(
        frame, title=(left, top, width, height), body_top=top + height + GAP, title_lines=lines
    )


def _frame_of(presentation: PresentationObject, layout: SlideLayout, *, own: bool) -> Frame:
    width = (presentation.slide_width or 0) / 12700
    height = (presentation.slide_height or 0) / 12700
    if own:
        title = (MARGIN, 0.3 * INCH, width - 2 * MARGIN, 1.0 * INCH)
    else:
        placeholder = next(
            (
                p
                for p in _placeholders(layout)
                if p.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
            ),
            None,
        )
        if placeholder is not None and placeholder.width:
            title = (
                placeholder.left / 12700,
                placeholder.top / 12700,
                placeholder.width / 12700,
                placeholder.height / 12700,
            )
        else:
            title = (MARGIN, 0.3 * INCH, width - 2 * MARGIN, 1.0 * INCH)
    left = max(title[0], MARGIN * 0.5)
    right = min(title[0] + title[2], width - MARGIN * 0.5)
    title = (left, max(title[1], 0.0), right - left, title[3])
    return Frame(width, height, title, title[1] + title[3] + GAP, height - 0.6 * INCH, left, right)


def _title(
    slide: PptxSlide,
    text: str,
    size: float,
    box: tuple[float, float, float, float],
    lines: int,
    *,
    own: bool,
) -> None:
    shape = slide.shapes.title
    if shape is None:
        shape = slide.shapes.add_textbox(*(Pt(v) for v in box))
    if own:
        shape.left, shape.top, shape.width, shape.height = (Pt(v) for v in box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Pt(INSET_X)
    frame.margin_top = frame.margin_bottom = Pt(INSET_Y)
    if own:
        frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    shown = fit.shorten_to(plain(text), size, box[2] - 2 * INSET_X, lines, bold=True)
    frame.text = ""
    paragraph = frame.paragraphs[0]
    _set_lines(paragraph, size, after=0)
    if own:
        paragraph.alignment = PP_ALIGN.LEFT
    _run(paragraph, shown, size, bold=True)
    _direction(paragraph, shown)


def _footer(slide: PptxSlide, frame: Frame, text: str, number: int, total: int) -> None:
    y = frame.height - 0.45 * INCH
    width = frame.right - frame.left
    box = slide.shapes.add_textbox(Pt(frame.left), Pt(y), Pt(width * 0.8), Pt(FOOTER * 2))
    _frame(box.text_frame)
    paragraph = box.text_frame.paragraphs[0]
    _set_lines(paragraph, FOOTER, after=0)
    _run(
        paragraph, fit.shorten_to(text, FOOTER, width * 0.8 - 2 * INSET_X, 1), FOOTER, colour=MUTED
    )
    box = slide.shapes.add_textbox(
        Pt(frame.left + width * 0.8), Pt(y), Pt(width * 0.2), Pt(FOOTER * 2)
    )
    _frame(box.text_frame)
    paragraph = box.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT
    _set_lines(paragraph, FOOTER, after=0)
    _run(paragraph, f"{number} / {total}", FOOTER, colour=MUTED)


def _notes(slide: PptxSlide, text: str) -> None:
    if text.strip():
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:
            frame.text = plain(text)


def _box(shape: Any) -> tuple[float, float, float, float]:
    return (shape.left / 12700, shape.top / 12700, shape.width / 12700, shape.height / 12700)


def _cover(
    presentation: PresentationObject, deck: Deck, paint: Paint, logo: Path | None, *, own: bool
) -> None:
    """Title slide: the workshop title, client, date, facilitators and consultancy,
    the logo and the confidentiality line. In our own layout a "READOUT" line and
    the consultancy's name head the slide; a template's title slide keeps its own
    boxes, and the consultancy's name goes under the date."""
    layout = _layout(presentation, cover=True)
    slide = presentation.slides.add_slide(layout)
    width = (presentation.slide_width or 0) / 12700
    height = (presentation.slide_height or 0) / 12700
    cover = deck.cover
    title_box = (0.8 * INCH, 2.1 * INCH, width - 1.6 * INCH, 1.9 * INCH)
    placeholder = next(
        (
            p
            for p in _placeholders(layout)
            if p.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        ),
        None,
    )
    if not own and placeholder is not None and placeholder.width and placeholder.height:
        left, top, box_width, box_height = _box(placeholder)
        left = max(left, 0.0)
        title_box = (left, max(top, 0.0), min(box_width, width - left), box_height)
    size, lines = (COVER_TITLE, 2) if own else _title_fit(title_box[3], COVER_TITLE)
    _title(slide, cover.title, size, title_box, lines, own=own)
    details = [
        line for line in (cover.client, cover.date, cover.facilitators, cover.issued) if line
    ]
    if not own and cover.consultancy:
        details.append(cover.consultancy)
    below = title_box[1] + title_box[3] + GAP
    sub_box = (
        title_box[0],
        below,
        title_box[2],
        max(min(1.8 * INCH, height - below - INCH), 0.5 * INCH),
    )
    # Where the layout puts its subtitle (looked up by kind: templates number their
    # placeholders in their own ways); our measured box goes there instead.
    designed = next(
        (p for p in _placeholders(layout) if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE),
        None,
    )
    if designed is not None and not own and designed.width and designed.height:
        sub_box = _box(designed)
    for placeholder in list(slide.placeholders):
        if placeholder.placeholder_format.type not in (
            PP_PLACEHOLDER.TITLE,
            PP_PLACEHOLDER.CENTER_TITLE,
        ):
            placeholder._element.getparent().remove(placeholder._element)
    frame = slide.shapes.add_textbox(*(Pt(v) for v in sub_box)).text_frame
    _frame(frame)
    room = sub_box[3] - 2 * INSET_Y
    for index, line in enumerate(details):
        line_size = 20.0 if index == 0 else 16.0
        room -= line_size * fit.LINE_SPACING + 4
        if room < 0:
            break
        paragraph = _paragraph(frame, index == 0)
        _set_lines(paragraph, line_size, after=4)
        shown = fit.shorten_to(plain(line), line_size, sub_box[2] - 2 * INSET_X, 1)
        _run(paragraph, shown, line_size, bold=index == 0, colour=INK if index == 0 else MUTED)
    if own:
        _kicker(slide, cover.consultancy, width, paint)
    if logo is not None:
        _logo(slide, logo, width)
    if cover.confidentiality:
        _confidential(slide, cover.confidentiality, width, height)


def _kicker(slide: PptxSlide, consultancy: str, width: float, paint: Paint) -> None:
    """ "READOUT" and the consultancy's name at the head of our own title slide."""
    kicker = slide.shapes.add_textbox(
        Pt(0.8 * INCH), Pt(0.5 * INCH), Pt(width * 0.55), Pt(0.9 * INCH)
    ).text_frame
    _frame(kicker)
    paragraph = kicker.paragraphs[0]
    _set_lines(paragraph, 16.0, after=2)
    _run(paragraph, "READOUT", 16.0, bold=True, paint=paint)
    if consultancy:
        paragraph = kicker.add_paragraph()
        _set_lines(paragraph, 18.0, after=0)
        name = fit.shorten_to(plain(consultancy), 18.0, width * 0.55 - 2 * INSET_X, 1)
        _run(paragraph, name, 18.0, colour=INK)


def _logo(slide: PptxSlide, logo: Path, width: float) -> None:
    """The logo at the top right: 0.9 inch high, or 3 inches wide if it is wider."""
    picture = slide.shapes.add_picture(str(logo), Pt(0), Pt(0.5 * INCH), height=Pt(0.9 * INCH))
    limit = Pt(3 * INCH)
    if picture.width > limit:  # a wide logo: scale to the width instead
        ratio = limit / picture.width
        picture.width, picture.height = Emu(int(limit)), Emu(int(picture.height * ratio))
    picture.left = Emu(int(Pt(width - 0.8 * INCH) - picture.width))


def _confidential(slide: PptxSlide, line: str, width: float, height: float) -> None:
    box = slide.shapes.add_textbox(
        Pt(0.8 * INCH), Pt(height - 0.9 * INCH), Pt(width - 1.6 * INCH), Pt(0.4 * INCH)
    ).text_frame
    _frame(box)
    paragraph = box.paragraphs[0]
    _set_lines(paragraph, BODY, after=0)
    shown = fit.shorten_to(plain(line), BODY, width - 1.6 * INCH - 2 * INSET_X, 1)
    _run(paragraph, shown, BODY, bold=True, colour=MUTED)


def _pages(slide: Slide, frame: Frame) -> list[tuple[list[Placed], list[Placed], float, float]]:
    """The slide's columns flowed into pages: (main, side, main width, side width)."""
    room = frame.body_bottom - frame.body_top
    width = frame.right - frame.left
    if not slide.side:
        return [(page, [], width, 0.0) for page in flow(slide.main, width, room)]
    main_width = width * slide.split - GAP / 2
    side_width = width - main_width - GAP
    main = flow(slide.main, main_width, room)
    if len(main) == 1:
        # The side column goes on over whole continuation slides.
        side = flow(slide.side, side_width, room, later=width)
        return [(main[0], side[0], main_width, side_width)] + [
            (page, [], width, 0.0) for page in side[1:]
        ]
    side = flow(slide.side, side_width, room)
    count = max(len(main), len(side))
    return [
        (main[i] if i < len(main) else [], side[i] if i < len(side) else [], main_width, side_width)
        for i in range(count)
    ]


def render_pptx(
    deck: Deck,
    accent: str,
    *,
    logo: Path | None = None,
    template: Path | None = None,
    progress: ProgressCallback | None = None,
) -> bytes:
    """The deck as a .pptx file's bytes (see the module docstring)."""
    own = template is None
    presentation = Presentation() if own else _open_template(template)  # type: ignore[arg-type]
    if own:
        _widen(presentation)
    paint = Paint(accent, theme=not own)
    _cover(presentation, deck, paint, logo, own=own)
    layout = _layout(presentation, cover=False)
    frame = _frame_of(presentation, layout, own=own)
    planned = []
    for slide in deck.slides:
        fitted = _fitted(frame, slide.title, own=own)
        planned.append((slide, fitted, _pages(slide, fitted)))
    total = 1 + sum(len(pages) for _, _, pages in planned)
    footer = " · ".join(plain(p) for p in (deck.cover.title, deck.cover.confidentiality) if p)
    number = 1
    for index, (slide, fitted, pages) in enumerate(planned):
        if progress is not None:
            progress(index / max(len(planned), 1))
        for page_index, (main, side, main_width, side_width) in enumerate(pages):
            number += 1
            made = presentation.slides.add_slide(layout)
            title = slide.title if page_index == 0 else f"{slide.title} (continued)"
            frame = fitted
            _title(made, title, frame.title_size, frame.title, frame.title_lines, own=own)
            painter = _Painter(made, paint)
            for placed in main:
                painter.draw(placed, frame.left, frame.body_top, main_width)
            for placed in side:
                painter.draw(placed, frame.left + main_width + GAP, frame.body_top, side_width)
            _footer(made, frame, footer, number, total)
            _notes(made, slide.notes if page_index == 0 else f"{slide.title}, continued.")
            for placeholder in list(made.placeholders):
                if placeholder.placeholder_format.type not in (
                    PP_PLACEHOLDER.TITLE,
                    PP_PLACEHOLDER.CENTER_TITLE,
                ):
                    placeholder._element.getparent().remove(placeholder._element)
    properties = presentation.core_properties
    properties.title = plain(deck.title)
    properties.subject = plain(deck.subject)
    properties.author = plain(deck.author)
    properties.last_modified_by = "Facilitator"
    properties.revision = 1
    properties.comments = ""
    properties.keywords = ""
    out = io.BytesIO()
    presentation.save(out)
    if progress is not None:
        progress(1.0)
    return out.getvalue()
