"""The brief's long tables: whole rows, one header at the top of each page, figures that fit.

ReportLab's own Table either splits any row at the foot of a page (leaving a
fragment with no number or name) or, split by rows, puts a second header
mid-page; and it measures every remaining row again at each page break, which
is quadratic on a 2,000-row table. :class:`RowTable` measures each row once and
splits only between rows, so:

* a short row never splits: it moves whole to the next page;
* a row taller than :data:`SPLIT_FROM` of a page may split, and its
  continuation repeats the row's number and name;
* every piece starts with the header row; a piece after the first always
  starts at the top of a page, so a header never appears mid-page;
* a figure drawn as text (a number, an amount) shrinks to its cell rather than
  wrap inside itself ("$144,000,00 / 0").

Optional ``lead`` flowables (a heading and its note) are drawn above the first
piece, so a heading never stays behind at the foot of a page without its table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.doctemplate import FrameBreak

PADDING = 4.0
LEADING = 10.4
FONT_SIZE = 8.0
SMALLEST = 4.5
"""A figure shrinks to fit its cell down to this size (in points), never wraps."""
SHRINK = 0.72
"""A word wider than its cell is set at most this much smaller before it is cut."""
SPLIT_FROM = 0.4
"""A row taller than this share of a page may split across pages; shorter rows move."""


class Lines(Flowable):
    """Text in one font and colour, wrapped at spaces into lines drawn as plain strings.

    A Paragraph parses markup and breaks lines in Python for every cell; a table of
    a few thousand rows spent most of its time there. Text the body font can draw
    (nearly all of it) is wrapped here instead, greedily at spaces — never at a
    no-break space, so "35 %" stays whole — and a word wider than the cell is cut.
    """

    def __init__(
        self,
        text: str,
        font: str,
        colour: Color,
        *,
        size: float = FONT_SIZE,
        right: bool = False,
        lines: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.text, self.font, self.colour, self.right = text, font, colour, right
        self.base_size = self.size = size
        self.lines = lines
        self._width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self.lines is None or self._width != availWidth:
            # A word a little wider than its column ("Automation", "Shortlisted") is set
            # a little smaller rather than cut in two.
            widest = max(
                (stringWidth(w, self.font, self.base_size) for w in self.text.split()), default=0
            )
            self.size = self.base_size
            if widest > availWidth > 0:
                self.size = max(self.base_size * availWidth / widest, self.base_size * SHRINK)
            self.lines = wrap_text(self.text, self.font, self.size, availWidth)
            self._width = availWidth
        self.width = availWidth
        return availWidth, LEADING * len(self.lines)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        assert self.lines is not None
        fits = int(availHeight // LEADING)
        if fits < 1 or fits >= len(self.lines):
            return [] if fits < 1 else [self]
        return [self._part(self.lines[:fits]), self._part(self.lines[fits:])]

    def _part(self, lines: list[str]) -> Lines:
        part = Lines(
            self.text, self.font, self.colour, size=self.size, right=self.right, lines=lines
        )
        part.base_size = self.base_size
        part._width = self._width
        return part

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        canvas.setFillColor(self.colour)
        y = LEADING * len(self.lines or []) - LEADING * 0.78
        for line in self.lines or []:
            if self.right:
                canvas.drawRightString(self.width, y, line)
            else:
                canvas.drawString(0, y, line)
            y -= LEADING


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """*text* in lines no wider than *width*: newlines kept, broken at spaces."""
    out: list[str] = []
    space = stringWidth(" ", font, size)
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for typed in paragraph.split(" "):
            word = typed
            w = stringWidth(word, font, size)
            if line and used + space + w <= width:
                line.append(word)
                used += space + w
                continue
            if line:
                out.append(" ".join(line))
            while w > width and len(word) > 1:  # a word wider than the cell is cut
                cut = _fitting(word, font, size, width)
                out.append(word[:cut])
                word = word[cut:]
                w = stringWidth(word, font, size)
            line, used = [word], w
        out.append(" ".join(line))
    return out


def _fitting(word: str, font: str, size: float, width: float) -> int:
    """How many leading characters of *word* fit *width* (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(word[:middle], font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


Cell = str | Flowable | list[Flowable]


@dataclass(frozen=True)
class TableLook:
    """Fonts and colours of a table (from the brief's Look)."""

    font: str
    bold: str
    ink: Color
    header_fill: Color
    band: Color
    rule: Color
    total_rule: Color
    page_height: float
    numeric: frozenset[int] = field(default_factory=frozenset)


def fitted_size(text: str, font: str, size: float, room: float) -> float:
    """The font size at which *text* fits *room* points (never above *size*)."""
    width = stringWidth(text, font, size)
    if width <= room or not width:
        return size
    return max(size * room / width, SMALLEST)


class _Row:
    """A row's cells, measured once for the column widths."""

    def __init__(self, cells: Sequence[Cell], widths: Sequence[float], *, total: bool = False):
        self.cells = list(cells)
        self.widths = widths
        self.total = total
        self.heights = [
            _cell_height(c, w - 2 * PADDING) for c, w in zip(cells, widths, strict=True)
        ]
        self.height = max(self.heights, default=LEADING) + 2 * PADDING


def _parts(cell: Cell) -> list[Flowable]:
    if isinstance(cell, str):
        return []
    return cell if isinstance(cell, list) else [cell]


def _cell_height(cell: Cell, width: float) -> float:
    if isinstance(cell, str):
        return LEADING
    return sum(part.wrap(width, 1e9)[1] for part in _parts(cell))


def _split_cell(cell: Cell, width: float, height: float) -> tuple[Cell, Cell | None]:
    """What of *cell* fits *height*, and the rest (None when all of it fits)."""
    if isinstance(cell, str):
        return (cell, None) if height >= LEADING else ("", cell)
    parts = _parts(cell)
    shown: list[Flowable] = []
    used = 0.0
    for index, part in enumerate(parts):
        h = part.wrap(width, 1e9)[1]
        if used + h <= height:
            shown.append(part)
            used += h
            continue
        pieces = part.split(width, height - used) if height - used > LEADING else []
        if len(pieces) >= 2:
            shown.append(pieces[0])
            return shown, [*pieces[1:], *parts[index + 1 :]]
        return shown, parts[index:]
    return shown, None


class RowTable(Flowable):
    """A table of rows under a header; see the module docstring."""

    def __init__(
        self,
        header: Sequence[Cell],
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[float],
        look: TableLook,
        *,
        total: Sequence[Cell] | None = None,
        key_columns: int = 2,
        continued: Any = None,
        lead: Sequence[Flowable] = (),
        first_band: int = 0,
        measured: tuple[_Row, list[_Row], _Row | None] | None = None,
    ) -> None:
        super().__init__()
        self.widths = list(widths)
        self.look = look
        self.key_columns = key_columns
        self.continued = continued
        """Makes the cell that repeats a split row's name: ``continued(text) -> Flowable``."""
        self.lead = list(lead)
        self.first_band = first_band
        if measured is None:
            measured = (
                _Row(header, widths),
                [_Row(r, widths) for r in rows],
                _Row(total, widths, total=True) if total is not None else None,
            )
        self.header, self.rows, self.total = measured
        self.hAlign = "LEFT"

    # -- layout ---------------------------------------------------------------------------

    def _lead_height(self, width: float) -> float:
        return sum(f.wrap(width, 1e9)[1] + f.getSpaceAfter() for f in self.lead)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = sum(self.widths)
        self.height = (
            self._lead_height(availWidth)
            + self.header.height
            + sum(r.height for r in self.rows)
            + (self.total.height if self.total else 0.0)
        )
        return self.width, self.height

    def _piece(
        self, rows: list[_Row], total: _Row | None, lead: list[Flowable], band: int
    ) -> RowTable:
        return RowTable(
            [],
            [],
            self.widths,
            self.look,
            key_columns=self.key_columns,
            continued=self.continued,
            lead=lead,
            first_band=band,
            measured=(self.header, rows, total),
        )

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        room = availHeight - self._lead_height(availWidth) - self.header.height
        used = 0.0
        fits = 0
        for row in self.rows:
            if used + row.height > room:
                break
            used += row.height
            fits += 1
        if fits == len(self.rows):
            if self.total is None or used + self.total.height <= room:
                return [self]
            if fits == 0:
                return []
            fits -= 1  # the total row keeps at least one row company
        if fits == 0:
            if not self.rows:
                return []
            first = self.rows[0]
            tall = first.height > SPLIT_FROM * self.look.page_height
            if not tall or room < 3 * LEADING + 2 * PADDING:
                return []  # move whole: a short row never splits
            head, rest = self._split_row(first, room)
            if not any(_progress(c) for c in head.cells):
                return []  # nothing of the row would show on this page
            return [
                self._piece([head], None, self.lead, self.first_band),
                FrameBreak(),  # the rest starts a page: its header at the top
                self._piece([rest, *self.rows[1:]], self.total, [], self.first_band),
            ]
        return [
            self._piece(self.rows[:fits], None, self.lead, self.first_band),
            FrameBreak(),
            self._piece(self.rows[fits:], self.total, [], self.first_band + fits),
        ]

    def _split_row(self, row: _Row, room: float) -> tuple[_Row, _Row]:
        """The part of *row* that fits *room*, and its continuation, which repeats
        the row's number and name."""
        space = room - 2 * PADDING
        first: list[Cell] = []
        rest: list[Cell] = []
        for index, (cell, width) in enumerate(zip(row.cells, row.widths, strict=True)):
            name = _name_of(cell) if index < self.key_columns else ""
            shown, left = _split_cell(cell, width - 2 * PADDING, space)
            first.append(shown)
            if index < self.key_columns and isinstance(cell, str):
                rest.append(cell)  # the row's number, again
            elif index < self.key_columns and self.continued is not None:
                marker = self.continued(name)
                marker.continuation = name
                rest.append([marker, *_parts(left)] if left is not None else marker)
            else:
                rest.append(left if left is not None else "")
        head = _Row(first, row.widths)
        head.height = room  # it fills the page
        return head, _Row(rest, row.widths)

    # -- drawing --------------------------------------------------------------------------

    def draw(self) -> None:
        canvas = self.canv
        look = self.look
        y = self.height
        for f in self.lead:
            _, h = f.wrap(self.width, 1e9)
            y -= h
            f.drawOn(canvas, 0, y)
            y -= f.getSpaceAfter()
        y = self._draw_row(self.header, y, fill=look.header_fill, header=True)
        for n, row in enumerate(self.rows):
            band = look.band if (self.first_band + n) % 2 else None
            y = self._draw_row(row, y, fill=band)
        if self.total is not None:
            canvas.setStrokeColor(look.total_rule)
            canvas.setLineWidth(0.9)
            canvas.line(0, y, self.width, y)
            y = self._draw_row(self.total, y, fill=None)
        canvas.setStrokeColor(look.rule)
        canvas.setLineWidth(0.6)
        canvas.line(0, y, self.width, y)

    def _draw_row(
        self, row: _Row, top: float, *, fill: Color | None, header: bool = False
    ) -> float:
        canvas = self.canv
        look = self.look
        bottom = top - row.height
        if fill is not None:
            canvas.setFillColor(fill)
            canvas.rect(0, bottom, self.width, row.height, stroke=0, fill=1)
        x = 0.0
        for index, (cell, width) in enumerate(zip(row.cells, row.widths, strict=True)):
            room = width - 2 * PADDING
            if isinstance(cell, str):
                if cell:
                    font = look.bold if row.total else look.font
                    size = fitted_size(cell, font, FONT_SIZE, room)
                    canvas.setFont(font, size)
                    canvas.setFillColor(look.ink)
                    baseline = top - PADDING - LEADING * 0.78
                    if index in look.numeric:
                        canvas.drawRightString(x + width - PADDING, baseline, cell)
                    else:
                        canvas.drawString(x + PADDING, baseline, cell)
            else:
                y = top - PADDING
                for part in _parts(cell):
                    _, h = part.wrap(room, 1e9)
                    y -= h
                    part.drawOn(canvas, x + PADDING, y)
            x += width
        return bottom


def _progress(cell: Cell) -> bool:
    """Whether a piece of a split row shows something of the row (its number and a
    "(continued)" line alone are no progress)."""
    if isinstance(cell, str):
        return False
    return any(getattr(part, "continuation", None) is None for part in _parts(cell))


def _name_of(cell: Cell) -> str:
    """The plain text of a key cell, to repeat on a continuation."""
    if isinstance(cell, str):
        return cell
    for part in _parts(cell):
        again = getattr(part, "continuation", None)
        if again is not None:  # a continuation: the name it already repeats
            return str(again)
        if isinstance(part, Paragraph | Lines):
            text = part.getPlainText() if isinstance(part, Paragraph) else part.text
            return text if len(text) <= 80 else text[:77].rstrip() + "…"
    return ""
