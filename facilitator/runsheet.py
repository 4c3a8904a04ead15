"""The run sheet: one page the facilitator keeps beside the laptop.

Times, exercises, their steps, what the projector asks and the first words of the
script — the day on one sheet, as SessionLab users print it. It is built from the
agenda's snapshots and :func:`facilitator.agenda.day_clock`, so it shows the day as
it is going when printed mid-workshop (an exercise that ran over moves what follows;
a skipped one is left out). It holds no captures: nothing anyone in the room wrote.

Every time on it is on that one clock, when something ran or will run: a finished
exercise says when it ran, and what was planned when that differs; its steps, whose
times nobody recorded, have none (the plan's times for them would overlap what came
next). The steps of an exercise still to come, or running, start one after the other
inside it.

:func:`run_sheet_pdf` lays it out with ReportLab in the brief's fonts, in the largest
type that fits one page (down to a floor, then the script is shortened, and only an
agenda too long even for that flows on to a second page); :func:`write_run_sheet`
writes the file as every export is written (:func:`facilitator.exports.write_export`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from facilitator.agenda import DayClock, day_clock, step_starts
from facilitator.branding import DEFAULT_ACCENT
from facilitator.brief.fonts import BODY, BOLD, ITALIC, fonts
from facilitator.brief.text import clean, markup, shorten
from facilitator.exports import check_target, write_export
from facilitator.model import AgendaItem, WorkshopMeta

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 12 * mm
FOOTER = 8 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN
HEIGHT = PAGE_HEIGHT - 2 * MARGIN - FOOTER - 13  # less the frame's own padding
TIME_COLUMN = 13 * mm
STEP_COLUMN = 38 * mm
INK = "#1B1F24"
MUTED = "#6B7280"
SIZES = (9.0, 8.5, 8.0, 7.5, 7.0, 6.5)
"""Type sizes to try, roomiest first: the largest that fits the page with a useful
opening of each step's script wins; at the smallest, whatever of the script fits."""
USEFUL_SCRIPT = 110
"""Characters of a step's script worth printing; fewer, and a smaller type is better."""
LONGEST_SCRIPT = 400


@dataclass(frozen=True)
class RunSheetRow:
    """One line of the sheet: an exercise (with its purpose) or one of its steps."""

    time: str  # when it starts
    title: str
    minutes: int
    prompt: str  # a step's question on the projector
    script: str  # a step's opening words; an exercise's purpose
    exercise: bool
    ends: str = ""  # when an exercise ends
    planned: int = 0  # minutes planned for a finished exercise that took another time


def run_sheet_rows(
    meta: WorkshopMeta, items: Sequence[AgendaItem], start_time: str | None = None
) -> tuple[list[RunSheetRow], DayClock]:
    """What the sheet says, top to bottom (pure data: tested without a PDF)."""
    clock = day_clock(items, start_time if start_time is not None else meta.start_time)
    rows: list[RunSheetRow] = []
    number = 0
    for item in sorted(items, key=lambda i: i.position):
        timing = clock.of(item.id)
        if timing is None or item.status == "skipped":
            continue
        number += 1
        template = item.template
        finished = item.status == "done"
        rows.append(
            RunSheetRow(
                time=clock.label(timing.starts),
                title=f"{number}. {template.get('title', '')}",
                minutes=timing.minutes,
                prompt="",
                script=str(template.get("purpose", "")),
                exercise=True,
                ends=clock.label(timing.ends),
                planned=item.planned_minutes
                if finished and timing.minutes != item.planned_minutes
                else 0,
            )
        )
        steps = [s for s in template.get("steps", []) if isinstance(s, dict)]
        for step, starts in zip(steps, step_starts(item, timing.starts), strict=False):
            rows.append(
                RunSheetRow(
                    time="" if finished else clock.label(starts),
                    title=str(step.get("title", "")),
                    minutes=int(step.get("minutes", 0) or 0),
                    prompt=str(step.get("prompt", "")),
                    script=_first_paragraph(str(step.get("facilitator", ""))),
                    exercise=False,
                )
            )
    return rows, clock


def _first_paragraph(script: str) -> str:
    """The opening of the facilitator's script: what to say first."""
    for paragraph in clean(script).split("\n\n"):
        if paragraph.strip():
            return " ".join(paragraph.split())
    return ""


def run_sheet_pdf(
    meta: WorkshopMeta,
    items: Sequence[AgendaItem],
    *,
    start_time: str | None = None,
    accent: str = DEFAULT_ACCENT,
) -> bytes:
    """The run sheet as PDF bytes (*start_time* overrides the workshop's, for this sheet)."""
    fonts()
    rows, clock = run_sheet_rows(meta, items, start_time)
    sheet = _Sheet(meta, _heading(meta, clock), rows, accent)
    return sheet.pdf(sheet.best_fit())


def write_run_sheet(
    path: Path,
    meta: WorkshopMeta,
    items: Sequence[AgendaItem],
    *,
    start_time: str | None = None,
    accent: str = DEFAULT_ACCENT,
) -> Path:
    """Write the run sheet to *path* as every export is written (:func:`write_export`:
    atomically, and never over a workshop, a link or a device); returns *path*.
    Raises BriefError, with *path* untouched, when it cannot be written there."""
    check_target(path)  # before the work, as an export does
    return write_export(path, run_sheet_pdf(meta, items, start_time=start_time, accent=accent))


def _heading(meta: WorkshopMeta, clock: DayClock) -> str:
    """Client, date, the day's span (as it is going) and who facilitates."""
    parts = [meta.client, meta.date or ""]
    if clock.timings:
        span = f"{clock.label(clock.start or 0)}–{clock.label(clock.ends)}"
        if clock.over:  # ran over, or ends early: the plan beside it
            span += f" (planned to end {clock.label(clock.planned_ends)})"
        parts.append(span if clock.start is not None else f"{span} from the start")
    if meta.facilitators:
        parts.append(", ".join(meta.facilitators))
    return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class _Fit:
    """One way of laying the sheet out: a type size, how much of each step's script to
    keep, and whether the script has a column of its own (side by side with the
    prompt, for short prompts) or sits under the prompt in one wide column."""

    size: float
    script: int
    beside: bool


class _Sheet:
    """The run sheet's flowables for a given fit, measured before anything is built."""

    def __init__(
        self, meta: WorkshopMeta, heading: str, rows: list[RunSheetRow], accent: str
    ) -> None:
        self.meta = meta
        self.heading = heading
        self.rows = rows
        self.accent = colors.HexColor(accent)

    def best_fit(self) -> _Fit:
        """What fits one page: first a useful opening of the script, then the largest
        type, then more of the script. No fit at all: the smallest type, no script, and
        the sheet flows on to a second page."""
        fits = [
            _Fit(size, script, beside)
            for size in SIZES
            for beside in (True, False)
            if (script := self._longest_script(size, beside=beside)) is not None
        ]
        if not fits:
            return _Fit(SIZES[-1], 0, beside=False)
        return max(fits, key=lambda f: (min(f.script, USEFUL_SCRIPT), f.size, f.script))

    def _longest_script(self, size: float, *, beside: bool) -> int | None:
        """The most characters of script that still fit one page (None: not even none)."""
        if not self._fits(_Fit(size, 0, beside)):
            return None
        low, high = 0, LONGEST_SCRIPT  # low always fits
        while high - low > 10:
            middle = (low + high) // 2
            if self._fits(_Fit(size, middle, beside)):
                low = middle
            else:
                high = middle
        return low

    def _fits(self, fit: _Fit) -> bool:
        used = 0.0
        for flowable in self.story(fit):
            used += flowable.wrap(WIDTH, HEIGHT)[1]
            used += flowable.getSpaceBefore() + flowable.getSpaceAfter()
        return used <= HEIGHT

    def story(self, fit: _Fit) -> list[Flowable]:
        styles = _styles(fit.size, self.accent)
        return [
            Paragraph(markup(f"Run sheet — {self.meta.title}"), styles["title"]),
            Paragraph(markup(self.heading), styles["sub"]),
            self._table(fit, styles),
        ]

    def _table(self, fit: _Fit, styles: dict[str, ParagraphStyle]) -> Table:
        def cell(text: str, style: str) -> Paragraph:
            return Paragraph(markup(text), styles[style])

        head = ["Time", "Exercise · step", "On the projector"]
        if fit.beside:
            head.append("What to say first")
        elif fit.script:
            head[-1] = "On the projector · what to say first"
        cells = [[cell(text, "head") for text in head]]
        exercises: list[int] = []
        for row in self.rows:
            kind = "exercise" if row.exercise else "cell"
            title = f"{markup(row.title)} · {row.minutes}\u00a0min"
            if row.exercise:
                exercises.append(len(cells))
                title += f", until {row.ends}"
                if row.planned:
                    title += f" (planned {row.planned}\u00a0min)"
                purpose = shorten(row.script, max(fit.script, 100)) if fit.script else ""
                line = [cell(row.time, "time"), Paragraph(title, styles[kind])]
                line.append(cell(purpose, "purpose"))
                if fit.beside:
                    line.append(cell("", "cell"))
            else:
                script = markup(shorten(row.script, fit.script)) if fit.script else ""
                line = [cell(row.time, "cell"), Paragraph(title, styles[kind])]
                if fit.beside:
                    line += [cell(row.prompt, "prompt"), Paragraph(script, styles["cell"])]
                else:
                    said = f"<b>{markup(row.prompt)}</b>" + (f"<br/>{script}" if script else "")
                    line.append(Paragraph(said, styles["cell"]))
            cells.append(line)
        rest = WIDTH - TIME_COLUMN - STEP_COLUMN
        widths = [rest * 0.56, rest * 0.44] if fit.beside else [rest]
        table = Table(cells, colWidths=[TIME_COLUMN, STEP_COLUMN, *widths], repeatRows=1)
        light = colors.Color(
            1 - (1 - self.accent.red) * 0.10,
            1 - (1 - self.accent.green) * 0.10,
            1 - (1 - self.accent.blue) * 0.10,
        )
        padding = fit.size * 0.18
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), BODY),  # the table's own default is Helvetica
            ("TOPPADDING", (0, 0), (-1, -1), padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#D0D5DD")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, self.accent),
        ]
        for at in exercises:
            commands.append(("BACKGROUND", (0, at), (-1, at), light))
            if fit.beside:
                commands.append(("SPAN", (2, at), (3, at)))  # the purpose runs across
        table.setStyle(TableStyle(commands))
        return table

    def pdf(self, fit: _Fit) -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + FOOTER,
            title=clean(f"Run sheet — {self.meta.title}"),
            author=clean(", ".join(self.meta.facilitators)),
            subject="Facilitator's run sheet",
            creator="Facilitator",
            initialFontName=BODY,
        )
        footer_line = (
            clean(self.meta.confidentiality) or "For the facilitator: not for the projector"
        )

        def footer(canvas: Canvas, _doc: Any) -> None:
            canvas.saveState()
            canvas.setFont(BODY, 7)
            canvas.setFillColor(colors.HexColor(MUTED))
            canvas.drawString(MARGIN, MARGIN, footer_line[:150])
            canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN, f"Page {canvas.getPageNumber()}")
            canvas.restoreState()

        doc.build(self.story(fit), onFirstPage=footer, onLaterPages=footer)
        return buffer.getvalue()


def _styles(size: float, accent: colors.Color) -> dict[str, ParagraphStyle]:
    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": BODY,
            "fontSize": size,
            "leading": size * 1.22,
            "textColor": colors.HexColor(INK),
            "splitLongWords": 1,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    muted = colors.HexColor(MUTED)
    return {
        "title": style("title", fontName=BOLD, fontSize=14, leading=17),
        "sub": style("sub", fontSize=8.5, leading=11, textColor=muted, spaceAfter=2 * mm),
        "head": style("head", fontName=BOLD, textColor=muted),
        "time": style("time", fontName=BOLD),
        "exercise": style("exercise", fontName=BOLD, textColor=accent),
        "purpose": style("purpose", fontName=ITALIC, textColor=muted),
        "cell": style("cell"),
        "prompt": style("prompt", fontName=BOLD),
    }
