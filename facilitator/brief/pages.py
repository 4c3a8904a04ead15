"""Page numbers the brief knows only once it is laid out: contents, cross-references,
bookmarks.

The brief is laid out once (twice would double the time of a big export), so a
page number printed *before* its section — "+13 more (page 7)" on page 2, the
contents on the cover — is drawn as a PDF form XObject: the page refers to the
form by name where the number goes, and the form, holding "(page 7)", is
written when the canvas saves, when every section's page is known. The brief's
canvas (:func:`facilitator.brief.pdf.render_pdf`) emits its pages at save time
too (for "page x of y"); bookmarks and outline entries are recorded while
drawing and added then, each on its own page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph


@dataclass
class PageBook:
    """What the canvas learns while drawing: where each section starts, which page
    references were drawn, and the outline entries of the page being drawn."""

    starts: dict[str, int] = field(default_factory=dict)
    referenced: dict[str, tuple[str, str, float, str, Color]] = field(default_factory=dict)
    """Form name -> (section key, text pattern, font size, font name, colour)."""


def book_of(canvas: Canvas) -> PageBook | None:
    return getattr(canvas, "page_book", None)


def _outline_of(canvas: Canvas) -> list[tuple[str, str, int]] | None:
    marks: list[tuple[str, str, int]] | None = getattr(canvas, "outline_marks", None)
    return marks


class MarkedParagraph(Paragraph):
    """A heading that, where it is drawn, records its page for cross-references and
    adds itself to the PDF outline (the bookmarks pane) at *level*."""

    def __init__(self, text: str, style: Any, *, key: str, title: str, level: int) -> None:
        super().__init__(text, style)
        self.mark = (key, title, level)

    def draw(self) -> None:
        key, title, level = self.mark
        book = book_of(self.canv)
        if book is not None:
            book.starts.setdefault(key, self.canv.getPageNumber())
        marks = _outline_of(self.canv)
        if marks is not None:
            marks.append((key, title, level))
        super().draw()

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        # A heading is a line or two: it moves whole rather than splitting its mark.
        return []


def _form_name(kind: str, key: str) -> str:
    return f"ref_{kind}_{key}"


class PageReference(Flowable):
    """One line of text ending in "(page N)", N the first page of section *key*."""

    def __init__(self, text: str, key: str, *, font: str, size: float, colour: Color) -> None:
        super().__init__()
        self.text, self.key = text, key
        self.font, self.size, self.colour = font, size, colour

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return availWidth, self.size * 1.5

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(self.font, self.size)
        canvas.setFillColor(self.colour)
        canvas.drawString(0, self.size * 0.35, self.text)
        name = _form_name("page", self.key)
        book = book_of(canvas)
        if book is not None:
            book.referenced[name] = (self.key, "(page {n})", self.size, self.font, self.colour)
            canvas.translate(stringWidth(self.text + " ", self.font, self.size), self.size * 0.35)
            canvas.doForm(name)
        canvas.restoreState()


class ContentsList(Flowable):
    """The table of contents: section titles with their page numbers, right-aligned."""

    def __init__(
        self, entries: list[tuple[str, str]], *, font: str, size: float, colour: Color
    ) -> None:
        super().__init__()
        self.entries, self.font, self.size, self.colour = entries, font, size, colour
        self.leading = size * 1.7

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.leading * len(self.entries)

    def draw(self) -> None:
        canvas = self.canv
        book = book_of(canvas)
        canvas.saveState()
        canvas.setFont(self.font, self.size)
        canvas.setFillColor(self.colour)
        for n, (key, title) in enumerate(self.entries, start=1):
            y = self.leading * (len(self.entries) - n) + self.size * 0.4
            canvas.drawString(0, y, title)
            if book is None:
                continue
            name = _form_name("toc", key)
            book.referenced[name] = (key, "{n}", self.size, self.font, self.colour)
            canvas.saveState()
            canvas.translate(self.width, y)
            canvas.doForm(name)
            canvas.restoreState()
        canvas.restoreState()


def write_forms(canvas: Canvas, book: PageBook) -> None:
    """Define every page-number form the pages refer to (call before emitting pages)."""
    for name, (key, pattern, size, font, colour) in book.referenced.items():
        page = book.starts.get(key)
        text = pattern.format(n=page) if page is not None else ""
        # The box reaches left of the origin: contents numbers are right-aligned on it.
        canvas.beginForm(name, -200, -20, 400, 40)
        canvas.setFont(font, size)
        canvas.setFillColor(colour)
        if name.startswith("ref_toc_"):
            canvas.drawRightString(0, 0, text)
        else:
            canvas.drawString(0, 0, text)
        canvas.endForm()


def write_outline(canvas: Canvas, marks: list[tuple[str, str, int]]) -> None:
    """Bookmark the page being emitted for each heading drawn on it, in the outline."""
    for key, title, level in marks:
        canvas.bookmarkPage(key)
        canvas.addOutlineEntry(title, key, level=level)
