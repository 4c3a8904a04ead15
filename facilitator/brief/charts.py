"""The brief's two charts, drawn with ReportLab graphics (vector, so they print sharp).

* the value × feasibility matrix: a 5 × 5 grid with labelled quadrants, each
  ranked idea a numbered marker (filled circle = new value, open square =
  automation, diamond = unclassified), a ring in the colour of its readiness
  round each shortlisted one; with many ideas, the lower-ranked ones off the
  shortlist are small dots without a number;
* concerns by category: horizontal bars with their counts.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors

from facilitator.brief.content import MatrixPoint, matrix_spots
from facilitator.brief.fonts import BODY, BOLD
from facilitator.scoring import Status

INK = colors.HexColor("#1B1F24")
MUTED = colors.HexColor("#6B7280")
GRID = colors.HexColor("#D7DCE2")
QUADRANT_FILL = {
    "Quick wins": colors.HexColor("#E8F3EC"),
    "Big bets": colors.HexColor("#EAF0F7"),
    "Fill-ins": colors.HexColor("#F6F4EC"),
    "Money pits": colors.HexColor("#F7ECEC"),
}


def matrix_chart(points: tuple[MatrixPoint, ...], width: float, accent: colors.Color) -> Drawing:
    """Value (up) against feasibility (across); quadrants split between 3 and 4; the
    marks where :func:`~facilitator.brief.content.matrix_spots` puts them."""
    size = min(width, 330.0)
    # The quadrant names sit just outside the plot (above it for the top two, under
    # it for the bottom two): inside, a crowded cell's markers covered them.
    left, bottom = 42.0, 44.0
    plot = size - left - 10
    drawing = Drawing(size, plot + bottom + 14)
    cell = plot / 5

    def x_of(score: float) -> float:
        return left + (score - 0.5) * cell

    def y_of(score: float) -> float:
        return bottom + (score - 0.5) * cell

    split = 3 * cell  # scores 1-3 below/left of the line, 4-5 above/right
    quadrants = (
        ("Big bets", left, bottom + split, split, plot - split),
        ("Quick wins", left + split, bottom + split, plot - split, plot - split),
        ("Money pits", left, bottom, split, split),
        ("Fill-ins", left + split, bottom, plot - split, split),
    )
    for name, x, y, w, h in quadrants:
        drawing.add(_rect(x, y, w, h, fill=QUADRANT_FILL[name]))
        on_top = y > bottom
        drawing.add(
            String(
                x + 1 if x == left else x + w - 1,
                y + h + 3 if on_top else y - 9,
                name.upper(),
                fontName=BOLD,
                fontSize=6.5,
                fillColor=MUTED,
                textAnchor="start" if x == left else "end",
            )
        )
    for i in range(6):
        drawing.add(
            Line(
                left + i * cell,
                bottom,
                left + i * cell,
                bottom + plot,
                strokeColor=GRID,
                strokeWidth=0.5,
            )
        )
        drawing.add(
            Line(
                left,
                bottom + i * cell,
                left + plot,
                bottom + i * cell,
                strokeColor=GRID,
                strokeWidth=0.5,
            )
        )
    drawing.add(
        Line(
            left + split,
            bottom,
            left + split,
            bottom + plot,
            strokeColor=MUTED,
            strokeWidth=0.8,
            strokeDashArray=[3, 2],
        )
    )
    drawing.add(
        Line(
            left,
            bottom + split,
            left + plot,
            bottom + split,
            strokeColor=MUTED,
            strokeWidth=0.8,
            strokeDashArray=[3, 2],
        )
    )
    for score in range(1, 6):
        drawing.add(
            String(
                x_of(score),
                bottom - 20,
                str(score),
                fontName=BODY,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
        drawing.add(
            String(
                left - 8,
                y_of(score) - 2.5,
                str(score),
                fontName=BODY,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    drawing.add(
        String(
            left + plot / 2,
            bottom - 33,
            "Feasibility →",
            fontName=BOLD,
            fontSize=7.5,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    value_label = Group(
        String(0, 0, "Value →", fontName=BOLD, fontSize=7.5, fillColor=INK, textAnchor="middle")
    )
    value_label.transform = (0, 1, -1, 0, left - 22, bottom + plot / 2)  # turned 90°, reads up
    drawing.add(value_label)

    for spot in matrix_spots(points):
        x, y = x_of(spot.x), y_of(spot.y)
        if spot.point is not None:
            radius = min(7.5, spot.size * cell / 2)
            _marker(drawing, x, y, radius, point=spot.point, accent=accent)
        else:  # more ideas than fit the cell: how many more
            drawing.add(
                String(
                    x,
                    y - 2.5,
                    f"+{spot.more}",
                    fontName=BOLD,
                    fontSize=6.5,
                    fillColor=INK,
                    textAnchor="middle",
                )
            )
    return drawing


def _rect(
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    fill: colors.Color,
    stroke: colors.Color | None = None,
    width: float = 1.0,
) -> Rect:
    # Attributes, not keywords: the Rect stubs mistype its keyword arguments.
    shape = Rect(x, y, w, h)
    shape.fillColor = fill
    shape.strokeColor = stroke
    shape.strokeWidth = width
    return shape


STATUS_RINGS: dict[Status | None, colors.Color] = {
    Status.READY: colors.HexColor("#1E7B45"),
    Status.NEEDS_WORK: colors.HexColor("#A15C07"),
    Status.BLOCKED: colors.HexColor("#B42318"),
    None: MUTED,
}
"""The ring round a shortlisted use case takes the colour of its readiness."""


def _marker(
    drawing: Drawing, x: float, y: float, r: float, *, point: MatrixPoint, accent: colors.Color
) -> None:
    if not point.labelled:  # one of many lower-ranked points: a small dot, no number
        dot = Circle(x, y, 2.2, fillColor=MUTED, strokeColor=None)
        drawing.add(dot)
        return
    if point.shortlisted:
        ring = Circle(x, y, r * 1.45 + 1, fillColor=None, strokeColor=STATUS_RINGS[point.status])
        ring.strokeWidth = 1.6
        drawing.add(ring)
    label_colour = INK
    if point.value_type == "new_value":
        drawing.add(Circle(x, y, r, fillColor=accent, strokeColor=accent, strokeWidth=0.8))
        label_colour = colors.white
    elif point.value_type == "automation":
        drawing.add(_rect(x - r, y - r, 2 * r, 2 * r, fill=colors.white, stroke=INK, width=0.9))
    else:
        drawing.add(
            Polygon(
                [x, y + r * 1.2, x + r * 1.2, y, x, y - r * 1.2, x - r * 1.2, y],
                fillColor=colors.white,
                strokeColor=MUTED,
                strokeWidth=0.9,
            )
        )
    size = 6.5 if point.rank < 100 else 5
    drawing.add(
        String(
            x,
            y - size / 2.8,
            str(point.rank),
            fontName=BOLD,
            fontSize=size,
            fillColor=label_colour,
            textAnchor="middle",
        )
    )


def bar_chart(bars: tuple[tuple[str, int], ...], width: float, accent: colors.Color) -> Drawing:
    """One bar per category, longest first, with its count at the end."""
    row = 16.0
    label_width = 100.0
    height = row * len(bars) + 6
    drawing = Drawing(width, height)
    longest = max((n for _, n in bars), default=1) or 1
    span = width - label_width - 30
    for i, (label, count) in enumerate(bars):
        y = height - (i + 1) * row
        drawing.add(
            String(
                label_width - 6,
                y + 4,
                label,
                fontName=BODY,
                fontSize=8,
                fillColor=INK,
                textAnchor="end",
            )
        )
        length = max(span * count / longest, 1.5)
        drawing.add(_rect(label_width, y + 1, length, row - 5, fill=accent))
        drawing.add(
            String(
                label_width + length + 4,
                y + 4,
                str(count),
                fontName=BOLD,
                fontSize=8,
                fillColor=INK,
            )
        )
    return drawing
