"""What the strategy brief says, as plain data: sections of headings, text, tables, charts.

:func:`brief_content` is a pure function from a workshop snapshot to a
:class:`Brief`. Its typed :class:`~facilitator.brief.findings.Findings` hold what
leadership decides from — recommendations, the seat decision, business cases,
risks, the roadmap, the spend picture — each figure with the text it prints;
its :class:`Section` objects lay those out as generic blocks (headings, text,
tables, charts). The PDF (:mod:`facilitator.brief.pdf`), the Markdown export
(:mod:`facilitator.brief.markdown`) and the Office renderers all draw from the
same Brief, so they never disagree. Every number comes from
:mod:`facilitator.scoring` by way of the findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from facilitator import scoring
from facilitator.brief.findings import (
    Answer,
    ConcernLine,
    Figure,
    Findings,
    FundingAsk,
    IdleSeats,
    LastMile,
    LastMileCheck,
    LicenceLine,
    Milestone,
    NextStep,
    People,
    Phase,
    ProblemCost,
    ProblemLine,
    Recommendation,
    Risk,
    Roadmap,
    SeatDecision,
    SeatOption,
    SpendPicture,
    Stance,
    Tally,
    UseCase,
    cell,
    findings_of,
    mandate_of,
    summary_line,
)
from facilitator.brief.text import bounded
from facilitator.brief.wording import names, noun_for, of_them, plural
from facilitator.model import AgendaItem, Problem
from facilitator.numbers import NBSP, at_least, at_most, long_date, money, signed
from facilitator.scoring import Status, WorkshopData

__all__ = [
    "ALL_SECTIONS",
    "SECTION_TITLES",
    "Answer",
    "Bars",
    "Block",
    "Brief",
    "Bullets",
    "Cell",
    "Column",
    "ConcernLine",
    "Cover",
    "Figure",
    "Figures",
    "Findings",
    "FundingAsk",
    "Heading",
    "IdleSeats",
    "LastMile",
    "LastMileCheck",
    "LicenceLine",
    "Matrix",
    "MatrixPoint",
    "MatrixSpot",
    "Milestone",
    "NextStep",
    "PageBreak",
    "People",
    "Phase",
    "ProblemCost",
    "ProblemLine",
    "Recommendation",
    "Risk",
    "Roadmap",
    "SeatDecision",
    "SeatOption",
    "Section",
    "SeeAlso",
    "SpendPicture",
    "Stance",
    "Styled",
    "Table",
    "Tally",
    "Text",
    "UseCase",
    "UseCaseCard",
    "brief_content",
    "cell",
    "long_date",
    "matrix_spots",
    "names",
    "status_cell",
    "summary_line",
]

SECTION_TITLES = {
    "summary": "Executive summary",
    "problems": "Problem inventory",
    "use_cases": "Use cases",
    "readiness": "Last-mile readiness",
    "risks": "Risk register",
    "people": "People and change",
    "spend": "Cost accountability",
    "next_steps": "Next steps",
    "appendix": "Appendix",
}
"""Sections a brief may include, in order (the cover is always there)."""
ALL_SECTIONS = tuple(SECTION_TITLES)
MATRIX_LABELS = 15
"""With more scored use cases than this, the matrix numbers only the shortlist and
the top of the ranking; the rest are small dots."""
CONTENTS_FROM = 5
"""A brief of this many sections or more opens with a table of contents."""


# --- the content model ------------------------------------------------------------


@dataclass(frozen=True)
class Styled:
    """Text with an emphasis the renderer maps to its own look."""

    text: str
    tone: str = ""  # "", "good", "warn", "bad", "muted", "strong"


Cell = str | Styled


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (level 3 and 4; the section title is level 2)."""

    text: str
    level: int = 2
    anchor: str = ""
    """A name a :class:`SeeAlso` can point to (a level-3 heading)."""


@dataclass(frozen=True)
class Text:
    """A paragraph; ``lead`` text is set larger, ``note`` smaller and muted."""

    text: str
    kind: str = "body"  # body | lead | note | empty | label


@dataclass(frozen=True)
class SeeAlso:
    """A line that points to another section: "+13 more (page 7)" in the PDF,
    "+13 more (see Last-mile readiness)" where there are no pages."""

    text: str
    section: str
    """A section's key, or a heading's anchor."""
    title: str = ""
    """What it is called where pages have no numbers (the section's title if empty)."""


@dataclass(frozen=True)
class Bullets:
    """A list; an item may be a (label, text) pair."""

    items: tuple[str | Styled | tuple[Cell, ...], ...]
    numbered: bool = False


@dataclass(frozen=True)
class Figures:
    """Key figures shown as tiles: (value, caption)."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Column:
    """A table column: its title, its share of the text width, numbers aligned right."""

    title: str
    width: float  # share of the text width
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    """Rows under a header row that repeats at the top of every page, and an optional
    total row. A row split across pages repeats its first ``key_columns`` cells (its
    number and name) on the continuation."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None
    key_columns: int = 2


@dataclass(frozen=True)
class MatrixPoint:
    """One ranked idea on the value × feasibility matrix."""

    rank: int
    value: int
    feasibility: int
    value_type: str | None
    label: str
    shortlisted: bool = False
    status: Status | None = None
    labelled: bool = True
    """Numbered on the chart; False: a small dot (many points, not on the shortlist)."""


@dataclass(frozen=True)
class MatrixSpot:
    """Where one mark of the matrix goes, in score units (feasibility across, value
    up): at its idea's scores, moved apart from the others that share them so that
    none hides another and every number can be read. The PDF's chart and the deck's
    both place their marks by these."""

    x: float
    y: float
    size: float
    """The mark's width, in score units: smaller where many share a cell."""
    point: MatrixPoint | None
    """None: the place that says how many more share a crowded cell."""
    more: int = 0


# Where marks sharing one cell go (offsets in score units), by how many share it; more
# than nine: eight marks and "+N" in the ninth place.
_SPOT_LAYOUTS = {
    1: [(0.0, 0.0)],
    2: [(-0.2, 0.0), (0.2, 0.0)],
    3: [(-0.2, 0.17), (0.2, 0.17), (0.0, -0.2)],
    4: [(-0.2, 0.2), (0.2, 0.2), (-0.2, -0.2), (0.2, -0.2)],
}
_SPOT_GRID = [(dx, dy) for dy in (0.3, 0.0, -0.3) for dx in (-0.3, 0.0, 0.3)]


def matrix_spots(points: Iterable[MatrixPoint]) -> tuple[MatrixSpot, ...]:
    """Every mark of the matrix in its place (see :class:`MatrixSpot`). In a cell,
    numbered marks come first, by rank, so a crowded cell counts only small dots
    and the lowest-ranked in its "+N"."""
    cells: dict[tuple[int, int], list[MatrixPoint]] = {}
    for point in points:
        cells.setdefault((point.feasibility, point.value), []).append(point)
    spots: list[MatrixSpot] = []
    for (feasibility, value), group in cells.items():
        group.sort(key=lambda p: (not p.labelled, p.rank))
        slots = _SPOT_LAYOUTS.get(len(group), _SPOT_GRID)
        size = 1 / 3 if len(group) <= 4 else 1 / 4
        shown = group[: len(slots) - 1] if len(group) > len(slots) else group
        for (dx, dy), point in zip(slots, shown, strict=False):
            spots.append(MatrixSpot(feasibility + dx, value + dy, size, point))
        if len(shown) < len(group):
            dx, dy = slots[-1]
            spots.append(
                MatrixSpot(feasibility + dx, value + dy, size, None, more=len(group) - len(shown))
            )
    return tuple(spots)


@dataclass(frozen=True)
class Matrix:
    """The value × feasibility chart, and the caption that explains its marks."""

    points: tuple[MatrixPoint, ...]
    caption: str = ""

    def spots(self) -> tuple[MatrixSpot, ...]:
        return matrix_spots(self.points)


@dataclass(frozen=True)
class Bars:
    """A horizontal bar chart of counts."""

    title: str
    bars: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class UseCaseCard:
    """One shortlisted use case's last-mile test."""

    rank: int
    title: str
    status: Status | None
    ratings: tuple[tuple[str, int | None, str], ...]  # (dimension, score, note)
    owner: str
    metric: str
    blockers: tuple[str, ...]
    gaps: tuple[str, ...]
    status_text: str = ""


@dataclass(frozen=True)
class PageBreak:
    """Start a new page here."""

    pass


Block = (
    Heading | Text | SeeAlso | Bullets | Figures | Table | Matrix | Bars | UseCaseCard | PageBreak
)


@dataclass(frozen=True)
class Section:
    """One chapter of the brief, starting on a new page."""

    key: str
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Cover:
    """What the cover page says."""

    title: str
    client: str
    date: str
    facilitators: str
    consultancy: str
    confidentiality: str
    subtitle: str = "AI strategy brief"
    issued: str = ""
    """"Issued 20 November 2026 · Version 1"."""


# --- formatting -------------------------------------------------------------------


def score(value: int | None) -> str:
    return "—" if value is None else str(value)


STATUS_TONES: dict[Status | None, str] = {
    Status.READY: "good",
    Status.NEEDS_WORK: "warn",
    Status.BLOCKED: "bad",
    None: "muted",
}


def status_cell(status: Status | None) -> Styled:
    return Styled(scoring.status_label(status), STATUS_TONES[status])


def _tone(figure_text: str, tone: str) -> Cell:
    return Styled(figure_text, tone) if tone else figure_text


# --- the brief ----------------------------------------------------------------------


@dataclass(frozen=True)
class Brief:
    """Everything the brief says."""

    cover: Cover
    sections: tuple[Section, ...]
    title: str
    subject: str
    author: str
    findings: Findings | None = None
    not_covered: tuple[str, ...] = ()
    """Titles of sections with nothing to say, folded into one line on page 2."""
    contents: bool = False
    """Open with a table of contents (a long brief)."""


def brief_content(
    data: WorkshopData,
    *,
    consultancy: str = "",
    confidentiality: str = "Confidential",
    sections: Iterable[str] = ALL_SECTIONS,
    issued: date | None = None,
    version: str = "1",
) -> Brief:
    """The brief for *data*, as issued on *issued* (today by default). Sections not
    asked for are left out, sections with nothing to say fold into one "Not covered
    in this workshop" line; the cover stays."""
    meta = data.meta
    issued = issued or date.today()
    found = findings_of(data, issued)
    wanted = [key for key in ALL_SECTIONS if key in set(sections)]
    folded = [
        key for key in wanted if key not in ("summary", "appendix") and _empty(key, data, found)
    ]
    builders = {
        "summary": _summary,
        "problems": _problems,
        "use_cases": _use_cases,
        "readiness": _readiness,
        "risks": _risks,
        "people": _people,
        "spend": _spend,
        "next_steps": _next_steps,
        "appendix": _appendix,
    }
    not_covered = tuple(SECTION_TITLES[key] for key in folded)
    facilitators = names(meta.facilitators)
    version_text = f" · Version {version}" if version.strip() else ""
    cover = Cover(
        title=meta.title,
        client=meta.client,
        date=long_date(meta.date),
        facilitators=f"Facilitated by {facilitators}" if facilitators else "",
        consultancy=consultancy,
        confidentiality=confidentiality,
        issued=f"Issued {long_date(issued.isoformat())}{version_text}",
    )
    built = tuple(
        Section(key, SECTION_TITLES[key], tuple(builders[key](data, found, not_covered)))
        for key in wanted
        if key not in folded
    )
    built = _pointing_inside(built)
    return Brief(
        cover=cover,
        sections=built,
        title=f"{meta.title} — AI strategy brief",
        subject=f"AI strategy brief for {meta.client}" if meta.client else "AI strategy brief",
        author=consultancy or facilitators or "Facilitator",
        findings=found,
        not_covered=not_covered,
        contents=len(built) >= CONTENTS_FROM,
    )


def _pointing_inside(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Sections whose cross-references all point at something in this brief: a
    reference to a section left out becomes a plain note."""
    targets = {s.key for s in sections} | {
        b.anchor for s in sections for b in s.blocks if isinstance(b, Heading) and b.anchor
    }

    def kept(block: Block) -> Block:
        if isinstance(block, SeeAlso) and block.section not in targets:
            return Text(block.text + ".", "note")
        return block

    return tuple(Section(s.key, s.title, tuple(kept(b) for b in s.blocks)) for s in sections)


def _empty(key: str, data: WorkshopData, found: Findings) -> bool:
    """Whether a section would have nothing to say."""
    if key == "problems":
        return not data.problems
    if key == "use_cases":
        return not data.ideas and not any(n.parked for n in data.notes)
    if key == "readiness":
        return not found.last_mile
    if key == "risks":
        return not found.risks
    if key == "people":
        return not data.concerns and not found.people.stances
    if key == "spend":
        return not data.licences and not any(i.monthly_budget for i in data.ideas)
    if key == "next_steps":
        return not data.actions and found.roadmap.empty
    return False


def _not_covered_line(not_covered: tuple[str, ...]) -> list[Block]:
    if not not_covered:
        return []
    listed = names(t.lower() for t in not_covered)
    return [Text(f"Not covered in this workshop: {listed}.", "note")]


# --- page 2: the answer --------------------------------------------------------------


def _summary(data: WorkshopData, found: Findings, not_covered: tuple[str, ...]) -> list[Block]:
    answer = found.answer
    spend = found.spend
    blocks: list[Block] = []
    if answer.mandate:
        blocks.append(Text(f"The question: {answer.mandate}", "note"))
    else:
        blocks.append(Text("No objective was recorded for this workshop.", "empty"))
    blocks.append(Text(answer.headline, "lead"))
    if not answer.funding.use_cases:
        tiles = [("—", "no use case shortlisted yet")]
    elif not answer.funding.total.value:
        tiles = [("—", "no budget set for the shortlist")]
    else:
        tiles = [(answer.funding.total.text, "funding asked a month")]
    if data.licences:
        if answer.seats.known:
            tiles.append((answer.seats.monthly.text, "a month on idle seats"))
        tiles.append(_spend_tile(spend, data))
        tiles.append(
            (
                _at_most(spend, spend.accounted_share.text) if spend.total.value else "—",
                "of it accounted to owned use cases",
            )
        )
    else:
        tiles.append(
            (f"{len(data.problems):,}", noun_for(len(data.problems), "problem") + " named")
        )
    blocks.append(Figures(tuple(tiles)))
    blocks += _decisions(answer)
    if answer.seats.headline:
        blocks.append(Heading("The seat decision", 3))
        blocks.append(Text(answer.seats.headline, "body"))
        if answer.seats.options:
            blocks.append(
                Bullets(
                    tuple(
                        (Styled(o.name, "strong"), f"{o.what} {o.effect}")
                        for o in answer.seats.options
                    )
                )
            )
    if found.risks:
        blocks.append(Heading("Biggest risks", 3))
        blocks.append(
            Bullets(
                tuple(
                    f"{summary_line(r.risk)}"
                    + (f" — threatens {summary_line(r.threatens)}" if r.threatens else "")
                    for r in found.risks[:3]
                )
            )
        )
        if len(found.risks) > 3:
            blocks.append(SeeAlso(f"{plural(len(found.risks), 'risk')} in the register", "risks"))
    blocks += _not_covered_line(not_covered)
    return blocks


def _spend_tile(spend: SpendPicture, data: WorkshopData) -> tuple[str, str]:
    """The spend tile: a lower bound, said as such, while prices are missing."""
    if spend.complete:
        return spend.total.text, "AI spend a month"
    if not spend.total.value:
        return "unknown", "AI spend a month: no price recorded"
    missing = plural(sum(1 for x in data.licences if x.price_per_seat_month is None), "line")
    return f"≥{NBSP}{spend.total.text}", f"AI spend a month; {missing} without a price"


def _at_most(spend: SpendPicture, share: str) -> str:
    return at_most(share, spend.complete)


def _decisions(answer: Answer) -> list[Block]:
    blocks: list[Block] = [Heading("Decisions asked for", 3)]
    if not answer.recommendations:
        blocks.append(Text("No use case is shortlisted yet, so no decision is asked for.", "empty"))
        return blocks
    rows = []
    for r in answer.recommendations:
        decision: Cell = r.decision
        if r.blocker:
            decision = f"{r.decision}\nBlocked by {r.blocker}"
        rows.append(
            (
                str(r.rank),
                summary_line(r.use_case),
                decision,
                r.owner or Styled("No owner", "bad"),
                r.monthly.text,
                status_cell(r.status),
            )
        )
    blocks.append(
        Table(
            (
                Column("#", 0.05, True),
                Column("Use case", 0.29),
                Column("Decision asked", 0.30),
                Column("Owner", 0.13),
                Column("Budget / month", 0.11, True),
                Column("Status", 0.12),
            ),
            tuple(rows),
        )
    )
    if answer.more:
        blocks.append(SeeAlso(f"+{answer.more:,} more shortlisted", "readiness"))
    blocks.append(Text(answer.funding.sentence, "body"))
    return blocks


# --- the sections behind the answer ------------------------------------------------------


def _problems(data: WorkshopData, found: Findings, _nc: tuple[str, ...]) -> list[Block]:
    rows = []
    for p in found.problems:
        baseline = p.baseline
        if p.cost:
            baseline = (baseline + "\n" if baseline else "") + f"Cost: {p.cost}"
        rows.append(
            (str(p.rank), p.text, p.who, p.frequency, score(p.impact), str(p.votes), baseline)
        )
    return [
        Text(
            f"{plural(len(found.problems), 'problem')}, most votes first, then highest impact "
            "(1 = annoyance, 5 = threatens a business goal).",
            "note",
        ),
        Table(
            (
                Column("#", 0.04, True),
                Column("Problem", 0.30),
                Column("Who", 0.15),
                Column("How often", 0.13),
                Column("Impact", 0.08, True),
                Column("Votes", 0.07, True),
                Column("Baseline and cost today", 0.23),
            ),
            tuple(rows),
        ),
    ]


def _kind(case: UseCase) -> Styled:
    return Styled(case.kind, "strong" if case.value_type == "new_value" else "muted")


def _standing(case: UseCase) -> Cell:
    """The last-mile column: shortlisted ones say so above their status."""
    status = status_cell(case.status)
    if not case.shortlisted:
        return status if case.status is not None else Styled("—", "muted")
    return Styled(f"Shortlisted\n{status.text}", status.tone)


def _parking_lot(data: WorkshopData) -> list[Block]:
    """Ideas nobody could link to a problem: listed, with the question, never ranked."""
    parked = [note for note in data.notes if note.parked]
    if not parked:
        return []
    return [
        Heading("Parking lot: ideas without a problem yet", 3),
        Text(
            "These ideas came up, but nobody in the room could say which problem they "
            "solve, so they are not use cases. For each one: which problem does it solve? "
            "If no one can answer, drop it.",
            "note",
        ),
        Bullets(tuple(cell(note.text) for note in parked)),
    ]


def _matrix_points(cases: tuple[UseCase, ...]) -> tuple[MatrixPoint, ...]:
    scored = [u for u in cases if u.value is not None and u.feasibility is not None]
    crowded = len(scored) > MATRIX_LABELS
    return tuple(
        MatrixPoint(
            u.rank,
            u.value or 0,
            u.feasibility or 0,
            u.value_type,
            u.title,
            shortlisted=u.shortlisted,
            status=u.status,
            labelled=not crowded or u.shortlisted or n < MATRIX_LABELS // 2,
        )
        for n, u in enumerate(scored)
    )


_SHAPES = {
    "new_value": "filled circles create new value",
    "automation": "open squares automate existing work",
    None: "diamonds are not yet classified",
}
"""What each point's shape means (:mod:`facilitator.brief.charts` draws them)."""


def _matrix_legend(points: tuple[MatrixPoint, ...]) -> str:
    """The shapes the chart draws, and the ring if it draws one: a legend of what is
    not on the chart would send a reader looking for it."""
    drawn = {p.value_type for p in points}
    parts = [meaning for kind, meaning in _SHAPES.items() if kind in drawn]
    if any(p.shortlisted for p in points):
        parts.append(
            "a coloured ring marks the shortlist "
            "(green ready, amber needs work, red blocked, grey not assessed)"
        )
    legend = "; ".join(parts)
    return legend[0].upper() + legend[1:] + "."


def _use_cases(data: WorkshopData, found: Findings, _nc: tuple[str, ...]) -> list[Block]:
    cases = found.use_cases
    if not cases:
        return [Text("No ideas were captured.", "empty"), *_parking_lot(data)]
    rows = []
    for u in cases:
        solves = "; ".join(p.text for p in u.problems)
        rows.append(
            (
                str(u.rank),
                u.title,
                solves,
                _kind(u),
                score(u.value),
                score(u.feasibility),
                score(u.priority),
                str(u.votes),
                _standing(u),
            )
        )
    blocks: list[Block] = [
        Text(
            scoring.value_split(data.ideas).sentence() + " Ranked by priority "
            "(value × feasibility); at equal priority, new value first.",
            "note",
        ),
        Table(
            (
                Column("#", 0.04, True),
                Column("Use case", 0.24),
                Column("Solves", 0.21),
                Column("Kind", 0.11),
                Column("Value", 0.07, True),
                Column("Feasib.", 0.07, True),
                Column("Priority", 0.08, True),
                Column("Votes", 0.06, True),
                Column("Last mile", 0.12),
            ),
            tuple(rows),
        ),
        Heading("Value × feasibility", 3),
    ]
    points = _matrix_points(cases)
    if points:
        unlabelled = sum(1 for p in points if not p.labelled)
        caption = "Numbers are the ranks in the table above. " + _matrix_legend(points)
        if unlabelled:
            caption += (
                f" {plural(unlabelled, 'lower-ranked use case')} not on the shortlist "
                f"{'is a small dot' if unlabelled == 1 else 'are small dots'}."
            )
        blocks.append(Matrix(points, caption))
    else:
        blocks.append(Text("No idea has been scored for value and feasibility yet.", "empty"))
    blocks += _business_cases(found)
    return blocks + _parking_lot(data)


def _business_cases(found: Findings) -> list[Block]:
    """The cost of the problem each use case solves, against its budget and its metric."""
    chosen = [u for u in found.use_cases if u.shortlisted or u.budget.value]
    blocks: list[Block] = [Heading("Business cases", 3, anchor="business_cases")]
    if not chosen:
        blocks.append(
            Text(
                "No use case is shortlisted or has a budget, so none has a business case yet.",
                "empty",
            )
        )
        return blocks
    blocks.append(
        Text(
            "What the problem costs today, as the room estimated it, against what the use "
            "case would cost and how its success will be measured. Shortlisted use cases "
            "and those with a budget.",
            "note",
        )
    )
    rows = []
    for u in chosen:
        problem = "\n".join(
            p.text
            + (f"\nCost today: {p.cost}" if p.cost else "\nCost today: not estimated")
            + (f"\nBaseline: {p.baseline}" if p.baseline else "")
            for p in u.problems
        )
        budget: Cell = u.budget.text if u.budget.value else Styled("No budget", "bad")
        who = [f"Owner: {u.owner}" if u.owner else "No owner yet"]
        if u.licence:
            who.append(f"Draws on: {u.licence}")
        rows.append(
            (
                str(u.rank),
                "\n".join([u.title, *who]),
                problem,
                budget,
                u.budget_year.text if u.budget.value else "—",
                u.success_metric or Styled("No success metric", "bad"),
                _standing(u),
            )
        )
    blocks.append(
        Table(
            (
                Column("#", 0.04, True),
                Column("Use case", 0.22),
                Column("The problem it solves", 0.27),
                Column("Budget / month", 0.10, True),
                Column("A year", 0.10, True),
                Column("Success metric", 0.15),
                Column("Last mile", 0.12),
            ),
            tuple(rows),
        )
    )
    missing = len(found.use_cases) - len(chosen)
    if missing:
        blocks.append(
            Text(
                f"{plural(missing, 'other use case')} {'has' if missing == 1 else 'have'} no "
                "budget and no place on the shortlist: no business case yet.",
                "note",
            )
        )
    return blocks


CHECK_TONES: dict[Status | None, str] = {
    Status.READY: "good",
    Status.NEEDS_WORK: "warn",
    Status.BLOCKED: "bad",
    None: "muted",
}


def _check_cell(check: LastMileCheck) -> Styled:
    text = check.verdict + (f" {check.score}/5" if check.score is not None else "")
    return Styled(text, CHECK_TONES[check.status])


def _readiness(data: WorkshopData, found: Findings, _nc: tuple[str, ...]) -> list[Block]:
    chosen = found.last_mile
    counts = {s: sum(1 for m in chosen if m.status is s) for s in (*Status, None)}
    labels = {
        Status.READY: "ready",
        Status.NEEDS_WORK: "needing work",
        Status.BLOCKED: "blocked",
        None: "not assessed",
    }
    parts = [f"{counts[s]} {label}" for s, label in labels.items() if counts[s]]
    if len(chosen) == 1:
        parts = [labels[chosen[0].status]]
    blocks: list[Block] = [
        Text(
            f"{plural(len(chosen), 'shortlisted use case')}: {names(parts)}. Each is scored "
            "1–5 on workflow fit (who uses it, where in their day), real volume (requests a "
            "day, data size) and production safety (data sensitivity, failure impact, human "
            "in the loop).",
            "note",
        ),
        Heading("The four last-mile checks", 3),
        Table(
            (
                Column("#", 0.04, True),
                Column("Use case", 0.28),
                *(Column(name, 0.13) for name in scoring.CHECKS.values()),
                Column("Status", 0.16),
            ),
            tuple(
                (
                    str(m.rank),
                    m.title,
                    *(_check_cell(c) for c in m.checks),
                    status_cell(m.status),
                )
                for m in chosen
            ),
        ),
    ]
    for m in chosen:
        blocks.append(
            UseCaseCard(
                m.rank,
                m.title,
                m.status,
                tuple((c.name, c.score, c.evidence) for c in m.checks[1:]),
                m.owner,
                m.metric,
                m.blockers,
                m.gaps,
                m.status_text,
            )
        )
    return blocks


def _risks(data: WorkshopData, found: Findings, _nc: tuple[str, ...]) -> list[Block]:
    risks = found.risks
    rows = []
    for r in risks:
        severity: Cell = score(r.severity)
        if r.blocks:
            severity = Styled(f"{score(r.severity)}\nBlocks", "bad")
        rows.append(
            (
                str(r.number),
                f"{r.source}\n{r.risk}",
                r.threatens or Styled("No use case named", "muted"),
                severity,
                r.mitigation or Styled("None agreed yet", "bad"),
                r.owner or Styled("No owner", "bad"),
                r.due or "—",
            )
        )
    return [
        Text(_register_note(risks), "note"),
        Table(
            (
                Column("#", 0.04, True),
                Column("Risk", 0.27),
                Column("Threatens", 0.17),
                Column("Severity", 0.09, True),
                Column("Mitigation", 0.21),
                Column("Owner", 0.11),
                Column("Due", 0.11),
            ),
            tuple(rows),
        ),
    ]


def _register_note(risks: tuple[Risk, ...]) -> str:
    last_mile = sum(1 for r in risks if not r.concern_id)
    concerns = len(risks) - last_mile
    blocking = sum(1 for r in risks if r.blocks)
    kinds = []
    if last_mile:
        kinds.append(
            plural(last_mile, "last-mile weakness", "last-mile weaknesses") + " of the shortlist"
        )
    if concerns:
        kinds.append(plural(concerns, "stakeholder concern"))
    stops = (
        f"{'One' if blocking == 1 else f'{blocking:,}'} {'stops' if blocking == 1 else 'stop'} "
        "production."
        if blocking
        else "None stops production under the readiness rule."
    )
    return (
        f"{plural(len(risks), 'risk')}: {names(kinds)}, most severe first (severity 1–5; a "
        f"last-mile score of 1 is severity 5). {stops}"
    )


def _people(data: WorkshopData, found: Findings, _nc: tuple[str, ...]) -> list[Block]:
    people = found.people
    blocks: list[Block] = [Text(people.summary, "note")]
    if people.stances:
        blocks.append(Heading("Where the room stands", 3))
        blocks.append(
            Bullets(
                tuple(
                    (Styled(f"{s.label} ({s.count})", "strong"), s.detail) for s in people.stances
                )
            )
        )
        blocks.append(
            Text(
                "Champions are named: they can sponsor the pilots. Everyone else is counted "
                "by department; a read of the room is not a verdict on a person.",
                "note",
            )
        )
    if not people.concerns:
        blocks.append(Text("No concerns were captured.", "empty"))
        return blocks
    blocks += [
        Bars("Concerns by category", people.by_category),
        SeeAlso("Each concern's mitigation, owner and date are in the risk register", "risks"),
        Table(
            (
                Column("Concern", 0.40),
                Column("Category", 0.15),
                Column("Who", 0.22),
                Column("Severity", 0.10, True),
                Column("Risk #", 0.13, True),
            ),
            tuple(
                (
                    c.text,
                    c.category,
                    c.who,
                    score(c.severity),
                    "—" if c.risk is None else str(c.risk),
                )
                for c in people.concerns
            ),
            key_columns=1,
        ),
    ]
    return blocks


def _spend(data: WorkshopData, found: Findings, _nc: tuple[str, ...]) -> list[Block]:
    spend = found.spend
    blocks: list[Block] = []
    if spend.lines:
        rows = [
            (
                x.tool,
                x.seats.text,
                x.price.text,
                x.monthly.text,
                x.active_share.text,
                x.active.text,
                x.idle.text,
                x.per_active_user.text,
            )
            for x in spend.lines
        ]
        blocks.append(
            Table(
                (
                    Column("Licence", 0.22),
                    Column("Seats", 0.09, True),
                    Column("Per seat / month", 0.12, True),
                    Column("Monthly cost", 0.14, True),
                    Column("Active", 0.08, True),
                    Column("Active users", 0.10, True),
                    Column("Idle seats", 0.10, True),
                    Column("Per active user", 0.15, True),
                ),
                tuple(rows),
                total=(
                    "Total",
                    spend.seats.text,
                    "",
                    _at_least_text(spend, spend.total.text),
                    "",
                    spend.active.text,
                    spend.idle.text,
                    spend.per_active_user.text,
                ),
                key_columns=1,
            )
        )
        if any(x.active.value == 0 and x.active_share.value for x in spend.lines):
            blocks.append(
                Text(
                    "A line whose active users round to 0 has no cost per active user: "
                    "nothing is divided by a figure shown as 0.",
                    "note",
                )
            )
    else:
        blocks.append(Text("No AI licence spend was recorded.", "empty"))
    if spend.lines:
        unaccounted = (
            f"unaccounted ({_at_least_text(spend, spend.unaccounted_share.text)})"
            if spend.total.value
            else "unaccounted"
        )
        blocks.append(
            Figures(
                (
                    (_at_least_text(spend, spend.total.text), "spent a month"),
                    (_at_least_text(spend, spend.yearly.text), "a year at this rate"),
                    (
                        spend.accounted.text,
                        "accounted to owned use cases "
                        f"({_at_most(spend, spend.accounted_share.text)})"
                        if spend.total.value
                        else "accounted to owned use cases",
                    ),
                    (
                        (
                            money(spend.accounted.value - spend.total.value, found.currency),
                            "budgeted beyond the licence spend",
                        )
                        if spend.over_budgeted and spend.accounted.value and spend.total.value
                        else (_at_least_text(spend, spend.unaccounted.text), unaccounted)
                    ),
                )
            )
        )
        blocks.append(Text(spend.sentence, "body"))
    if spend.assumption:
        blocks.append(Text(spend.assumption, "note"))
    blocks.append(Heading("Accounted spend by readiness", 3))
    if spend.accounted_cases:
        blocks.append(
            Table(
                (
                    Column("Readiness", 0.34),
                    Column("Use cases", 0.16, True),
                    Column("Budgets / month", 0.25, True),
                    Column("A year", 0.25, True),
                ),
                tuple(
                    (
                        status_cell(t.status),
                        str(t.count),
                        t.amount.text,
                        t.yearly.text,
                    )
                    for t in spend.by_status
                ),
                total=(
                    "Accounted",
                    str(sum(t.count for t in spend.by_status)),
                    spend.accounted.text,
                    spend.accounted_year.text,
                ),
                key_columns=1,
            )
        )
        blocks.append(
            SeeAlso(
                "Each accounted use case's owner, success metric, budget and licence are in "
                "the business cases",
                "business_cases",
                "Business cases",
            )
        )
    else:
        blocks.append(
            Text(
                "No use case has an owner, a success metric and a budget yet, so "
                "none of the spend is accounted for.",
                "empty",
            )
        )
    if spend.unowned:
        blocks.append(
            Text(
                "Budgets that do not count yet, for want of an owner or a success metric: "
                + "; ".join(f"{u.title} ({u.budget.text})" for u in spend.unowned)
                + ".",
                "note",
            )
        )
    return blocks


def _at_least_text(spend: SpendPicture, amount: str) -> str:
    return at_least(amount, spend.complete)


def _next_steps(data: WorkshopData, found: Findings, _nc: tuple[str, ...]) -> list[Block]:
    blocks: list[Block] = []
    roadmap = found.roadmap
    if not roadmap.empty:
        blocks.append(Heading("The next 90 days", 3))
        blocks.append(
            Text(
                f"From the workshop on {roadmap.start}: the next steps agreed in the room, and "
                "the gates each shortlisted use case must pass on its way from pilot to "
                "production.",
                "note",
            )
        )
        for phase in roadmap.phases:
            blocks.append(Heading(f"{phase.title}: {phase.theme} ({phase.window})", 4))
            if phase.items:
                blocks.append(_milestones(phase.items))
            else:
                blocks.append(Text("Nothing planned.", "note"))
        if roadmap.later:
            blocks.append(Heading("Later", 4))
            blocks.append(_milestones(roadmap.later))
        if roadmap.undated:
            blocks.append(Heading("Not dated yet", 4))
            blocks.append(_milestones(roadmap.undated))
    blocks.append(Heading("Next steps", 3))
    if not found.next_steps:
        blocks.append(Text("No next steps were agreed.", "empty"))
        return blocks
    owned = sum(1 for s in found.next_steps if s.responsible)
    total = len(found.next_steps)
    blocks.append(
        Text(
            f"{plural(total, 'next step')}, "
            + (
                ("with a named owner." if owned else "without a named owner.")
                if total == 1
                else f"{of_them(owned, total)} with a named owner."
            )
            + " Responsible: who does it. Accountable: the owner of the use case it serves.",
            "note",
        )
    )
    blocks.append(
        Table(
            (
                Column("#", 0.04, True),
                Column("Next step", 0.30),
                Column("Responsible", 0.13),
                Column("Accountable", 0.13),
                Column("Due", 0.12),
                Column("Status", 0.09),
                Column("Use case", 0.19),
            ),
            tuple(
                (
                    str(s.number),
                    s.text,
                    s.responsible or Styled("No owner", "bad"),
                    s.accountable or "—",
                    s.due or "—",
                    _tone(s.status, s.tone),
                    s.use_case or "—",
                )
                for s in found.next_steps
            ),
        )
    )
    return blocks


def _milestones(items: tuple[Milestone, ...]) -> Table:
    return Table(
        (
            Column("When", 0.15),
            Column("What", 0.42),
            Column("Owner", 0.15),
            Column("Use case", 0.28),
        ),
        tuple(
            (
                m.when or "—",
                Styled(m.what, "strong") if m.kind == "Gate" else m.what,
                m.owner or Styled("No owner", "bad"),
                m.use_case or "—",
            )
            for m in items
        ),
        key_columns=1,
    )


# --- the appendix ---------------------------------------------------------------------------


def _agenda_status(item: AgendaItem, captured: bool) -> str:
    """How an exercise went, in words for a reader after the day: a clock left paused
    is "in progress", and an exercise that captured cards without the timer ran."""
    if item.status == "running":
        return "In progress"
    if item.status == "planned" and captured:
        return "Ran, not timed"
    return item.status.capitalize()


def _problem_names(data: WorkshopData) -> dict[str, Problem]:
    return {p.id: p for p in data.problems}


def _capture_lines(data: WorkshopData) -> dict[str | None, list[tuple[str, str]]]:
    """(kind label, text) of every raw capture, keyed by the agenda item it came from."""
    people = {p.id: p.name for p in data.participants}
    problems = _problem_names(data)
    grouped: dict[str | None, list[tuple[str, str]]] = {}

    def add(exercise: str | None, label: str, text: str) -> None:
        grouped.setdefault(exercise, []).append((label, text))

    for note in data.notes:
        author = people.get(note.participant_id or "")
        label = "Parked idea" if note.parked else "Note"
        add(note.exercise_id, label, bounded(note.text) + (f" — {author}" if author else ""))
    for p in data.problems:
        details = [
            f"who: {p.who}" if p.who else "",
            f"how often: {p.frequency}" if p.frequency else "",
            f"impact{NBSP}{p.impact}" if p.impact else "",
            scoring.plural(p.votes, "vote") if p.votes else "",
            f"baseline: {p.baseline}" if p.baseline else "",
            f"cost: {p.cost_estimate}" if p.cost_estimate else "",
            f"raised by {people[p.participant_id]}" if p.participant_id in people else "",
        ]
        add(p.exercise_id, "Problem", _with_details(p.text, details))
    for i in data.ideas:
        solves = "; ".join(problems[x].text for x in i.problem_ids if x in problems)
        details = [
            scoring.VALUE_TYPE_LABELS[i.value_type].lower(),
            f"solves: {solves}",
            f"owner: {i.owner}" if i.owner else "",
        ]
        details += [
            f"{scoring.DIMENSION_LABELS[d].lower()}: {r.note}"
            for d in scoring.DIMENSION_LABELS
            if (r := getattr(i.readiness, d)).note
        ]
        add(i.exercise_id, "Idea", _with_details(i.text, details))
    for c in data.concerns:
        details = [
            scoring.CATEGORY_LABELS[c.category].lower(),
            f"severity {c.severity}" if c.severity else "",
            f"mitigation: {c.mitigation}" if c.mitigation else "",
            "anonymous"
            if c.anonymous
            else (f"raised by {people[c.participant_id]}" if c.participant_id in people else ""),
        ]
        add(c.exercise_id, "Concern", _with_details(c.text, details))
    for a in data.actions:
        add(
            a.exercise_id,
            "Next step",
            _with_details(
                a.text,
                [
                    f"owner: {a.owner}" if a.owner else "",
                    f"due {long_date(a.due)}" if a.due else "",
                ],
            ),
        )
    for line in data.licences:
        add(
            line.exercise_id,
            "Licence",
            _with_details(line.tool, [scoring.plural(line.seats, "seat")]),
        )
    for person in data.participants:
        add(
            person.exercise_id,
            "Participant",
            # A person's stance is the facilitator's private read of the room: never in
            # a brief that goes to the client's leadership.
            _with_details(person.name, [person.role, person.department]),
        )
    # Dots are counted, not listed one by one: a line per exercise and round.
    dots: dict[tuple[str | None, int], list[str]] = {}
    for vote in data.votes:
        dots.setdefault((vote.exercise_id, vote.round), []).append(vote.item_id)
    for (exercise, round_), items in sorted(dots.items(), key=lambda kv: kv[0][1]):
        add(
            exercise,
            "Dot vote",
            f"round {round_}: {scoring.plural(len(items), 'dot')} on "
            f"{scoring.plural(len(set(items)), 'card')} (the counts are in the tables above)",
        )
    return grouped


def _with_details(text: str, details: list[str]) -> str:
    shown = [bounded(d) for d in details if d]
    return bounded(text) + (f" ({'; '.join(shown)})" if shown else "")


WORKED_ON = {
    "matrix": "scored the ideas on value and feasibility (see Use cases)",
    "readiness": "tested the shortlist for the last mile (see Last-mile readiness)",
    "vote": "voted on cards captured earlier (the dots are counted above)",
    "spend": "set the licence lines against owned use cases (see Cost accountability)",
}
"""What an exercise whose view works on earlier records did, when it added none."""


def _nothing_captured(item: AgendaItem) -> str:
    """What an exercise with no records of its own did — never claiming work for one
    that was skipped or never run."""
    if item.status == "skipped":
        return "Skipped."
    ran = item.status in ("running", "done") or item.elapsed_seconds > 0
    worked_on = WORKED_ON.get(str(item.template.get("view", ""))) if ran else None
    if worked_on:
        return f"No new records: this exercise {worked_on}."
    return "Nothing was captured in this exercise."


def _appendix(data: WorkshopData, found: Findings, _nc: tuple[str, ...]) -> list[Block]:
    blocks: list[Block] = [Heading("A. Every capture, by exercise", 3)]
    if found.answer.mandate != mandate_of(data.meta.objective):  # cut on the answer page
        blocks += [
            Heading("The mandate, in full", 4),
            Text(bounded(data.meta.objective.strip()), "body"),
        ]
    grouped = _capture_lines(data)
    agenda_ids = {item.id for item in data.agenda}
    any_capture = False
    for n, item in enumerate(data.agenda, start=1):
        lines = grouped.get(item.id, [])
        any_capture = any_capture or bool(lines)
        blocks.append(Heading(f"{n}. {item.summary()}", 4))
        if lines:
            blocks.append(Bullets(tuple((Styled(label, "muted"), text) for label, text in lines)))
        else:
            blocks.append(Text(_nothing_captured(item), "note"))
    loose = [line for key, lines in grouped.items() if key not in agenda_ids for line in lines]
    if loose:
        any_capture = True
        blocks.append(Heading("Not tied to an exercise", 4))
        blocks.append(Bullets(tuple((Styled(label, "muted"), text) for label, text in loose)))
    if not any_capture:
        blocks.append(Text("Nothing was captured.", "empty"))

    blocks.append(Heading("B. The agenda, as planned and as run", 3))
    if data.agenda:
        rows = []
        captured_in = {
            record.exercise_id
            for table in (
                data.problems,
                data.ideas,
                data.concerns,
                data.actions,
                data.licences,
                data.notes,
            )
            for record in table
        }
        for n, item in enumerate(data.agenda, start=1):
            used = round(item.elapsed_seconds / 60)
            diff = used - item.planned_minutes if item.elapsed_seconds else None
            rows.append(
                (
                    str(n),
                    cell(item.summary()),
                    f"{item.planned_minutes}{NBSP}min",
                    f"{used}{NBSP}min" if item.elapsed_seconds else "—",
                    "—" if diff is None else signed(diff, "min"),
                    _agenda_status(item, item.id in captured_in),
                )
            )
        # Skipped exercises are not part of the plan that ran; the difference
        # compares only exercises that ran with what they were given.
        planned = sum(i.planned_minutes for i in data.agenda if i.status != "skipped")
        used_total = round(sum(i.elapsed_seconds for i in data.agenda) / 60)
        ran = [i for i in data.agenda if i.elapsed_seconds]
        difference = sum(round(i.elapsed_seconds / 60) - i.planned_minutes for i in ran)
        blocks.append(
            Table(
                (
                    Column("#", 0.05, True),
                    Column("Exercise", 0.41),
                    Column("Planned", 0.13, True),
                    Column("Used", 0.13, True),
                    Column("Difference", 0.14, True),
                    Column("Status", 0.14),
                ),
                tuple(rows),
                total=(
                    "",
                    "Total",
                    f"{planned}{NBSP}min",
                    f"{used_total}{NBSP}min",
                    signed(difference, "min") if ran else "—",
                    "",
                ),
            )
        )
        notes = []
        if any(i.status == "skipped" for i in data.agenda):
            notes.append("The planned total leaves out skipped exercises.")
        if ran and len(ran) < len([i for i in data.agenda if i.status != "skipped"]):
            notes.append(
                "The difference compares only the exercises that ran with the time they "
                "were given, so it is not used minus planned."
            )
        if notes:
            blocks.append(Text(" ".join(notes), "note"))
    else:
        blocks.append(Text("No agenda was recorded.", "empty"))

    blocks.append(Heading("C. People in the room", 3))
    if data.participants:
        blocks.append(
            Table(
                (Column("Name", 0.32), Column("Role", 0.36), Column("Department", 0.32)),
                tuple((cell(p.name), cell(p.role), cell(p.department)) for p in data.participants),
            )
        )
    else:
        blocks.append(Text("No participants were recorded.", "empty"))

    blocks.append(Heading("D. How the numbers are worked out", 3))
    blocks.append(Bullets(tuple((Styled(name, "strong"), text) for name, text in scoring.RULES)))
    return blocks
