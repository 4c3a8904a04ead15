"""Paint the brief's charts (ReportLab drawings) as PNG images, with Pillow.

The Word brief shows the value × feasibility matrix as a picture: Word cannot
take a ReportLab drawing, and ReportLab's own bitmap renderer now needs Cairo,
which a consultant's laptop may not have. The charts in
:mod:`facilitator.brief.charts` use a handful of shapes — rectangles, lines
(dashed or not), circles, polygons, strings and groups with a transform — and
this module paints exactly those, so every format draws the one chart
definition. The drawing is painted at twice the asked resolution and scaled
down, which smooths edges Pillow would otherwise leave jagged.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, Shape, String
from reportlab.lib import colors

from facilitator.brief.fonts import _FILES, BODY, font_path

Transform = tuple[float, float, float, float, float, float]
IDENTITY: Transform = (1, 0, 0, 1, 0, 0)
RGBA = tuple[int, int, int, int]
OVERSAMPLE = 2


def _compose(outer: Transform, inner: Transform) -> Transform:
    a, b, c, d, e, f = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _shapes(node: Shape, transform: Transform) -> Iterator[tuple[Shape, Transform]]:
    """Every leaf shape with the transform that places it on the drawing."""
    if isinstance(node, Group):
        here = _compose(transform, tuple(node.transform))  # type: ignore[arg-type]
        for child in node.contents:
            yield from _shapes(child, here)
    else:
        yield node, transform


def _rgba(colour: colors.Color | None) -> RGBA | None:
    if colour is None:
        return None
    alpha = getattr(colour, "alpha", 1) or 0
    return (
        round(colour.red * 255),
        round(colour.green * 255),
        round(colour.blue * 255),
        round(alpha * 255),
    )


@lru_cache(maxsize=32)
def _font(name: str, pixels: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(_FILES.get(name, _FILES[BODY]))), max(pixels, 1))


class _Painter:
    """Maps drawing points (y up) to image pixels (y down) and paints shapes."""

    def __init__(self, drawing: Drawing, scale: float) -> None:
        self.scale = scale
        self.height = float(drawing.height)
        size = (max(1, math.ceil(drawing.width * scale)), max(1, math.ceil(self.height * scale)))
        self.image = Image.new("RGBA", size, (255, 255, 255, 255))
        self.draw = ImageDraw.Draw(self.image)

    def point(self, x: float, y: float, t: Transform) -> tuple[float, float]:
        a, b, c, d, e, f = t
        return (a * x + c * y + e) * self.scale, (self.height - (b * x + d * y + f)) * self.scale

    def width(self, stroke: float, t: Transform) -> int:
        factor = math.sqrt(abs(t[0] * t[3] - t[1] * t[2])) or 1.0
        return max(1, round(stroke * factor * self.scale))

    def paint(self, shape: Shape, t: Transform) -> None:
        if isinstance(shape, Rect):
            x, y, w, h = float(shape.x), float(shape.y), float(shape.width), float(shape.height)
            self.polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], shape, t)
        elif isinstance(shape, Polygon):
            flat = [float(v) for v in shape.points]
            self.polygon(list(zip(flat[::2], flat[1::2], strict=True)), shape, t)
        elif isinstance(shape, Circle):
            cx, cy = self.point(float(shape.cx), float(shape.cy), t)
            r = float(shape.r) * self.scale * math.sqrt(abs(t[0] * t[3] - t[1] * t[2]))
            self.draw.ellipse(
                [cx - r, cy - r, cx + r, cy + r],
                fill=_rgba(shape.fillColor),
                outline=_rgba(shape.strokeColor),
                width=self.width(float(shape.strokeWidth or 1), t),
            )
        elif isinstance(shape, Line):
            self.line(shape, t)
        elif isinstance(shape, String):
            self.string(shape, t)

    def polygon(self, points: list[tuple[float, float]], shape: Shape, t: Transform) -> None:
        corners = [self.point(x, y, t) for x, y in points]
        stroke = _rgba(getattr(shape, "strokeColor", None))
        self.draw.polygon(
            corners,
            fill=_rgba(getattr(shape, "fillColor", None)),
            outline=stroke,
            width=self.width(float(getattr(shape, "strokeWidth", 1) or 1), t) if stroke else 0,
        )

    def line(self, shape: Line, t: Transform) -> None:
        colour = _rgba(shape.strokeColor)
        if colour is None:
            return
        start = self.point(float(shape.x1), float(shape.y1), t)
        end = self.point(float(shape.x2), float(shape.y2), t)
        width = self.width(float(getattr(shape, "strokeWidth", 1) or 1), t)
        pattern: Any = shape.strokeDashArray or []
        dashes = [float(v) * self.scale for v in pattern]
        if not dashes:
            self.draw.line([start, end], fill=colour, width=width)
            return
        length = math.dist(start, end)
        if not length:
            return
        ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
        at, index = 0.0, 0
        while at < length:
            step = dashes[index % len(dashes)]
            if index % 2 == 0:
                stop = min(at + step, length)
                self.draw.line(
                    [
                        (start[0] + ux * at, start[1] + uy * at),
                        (start[0] + ux * stop, start[1] + uy * stop),
                    ],
                    fill=colour,
                    width=width,
                )
            at += step
            index += 1

    def string(self, shape: String, t: Transform) -> None:
        colour = _rgba(shape.fillColor) or (0, 0, 0, 255)
        font = _font(str(shape.fontName), round(float(shape.fontSize) * self.scale))
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(str(shape.textAnchor), "ls")
        x, y = self.point(float(shape.x), float(shape.y), t)
        if abs(t[1]) < 1e-9 and abs(t[2]) < 1e-9:  # not turned: draw in place
            self.draw.text((x, y), str(shape.text), font=font, fill=colour, anchor=anchor)
            return
        # Turned text: draw it level on its own layer, turn the layer, lay it on.
        left, top, right, bottom = font.getbbox(str(shape.text), anchor=anchor)
        size = (math.ceil(right - left) + 2, math.ceil(bottom - top) + 2)
        layer = Image.new("RGBA", size, (0, 0, 0, 0))
        ImageDraw.Draw(layer).text(
            (-left + 1, -top + 1), str(shape.text), font=font, fill=colour, anchor=anchor
        )
        degrees = math.degrees(math.atan2(t[1], t[0]))
        turned = layer.rotate(degrees, expand=True)
        self.image.alpha_composite(
            turned,
            (round(x - turned.width / 2), round(y - turned.height / 2)),
        )


def drawing_png(drawing: Drawing, dpi: int = 200) -> bytes:
    """*drawing* as a PNG image at *dpi* (a drawing's unit is the point, 1/72 inch)."""
    painter = _Painter(drawing, dpi / 72 * OVERSAMPLE)
    for shape, transform in _shapes(drawing, IDENTITY):
        painter.paint(shape, transform)
    image = painter.image.convert("RGB").reduce(OVERSAMPLE)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()
