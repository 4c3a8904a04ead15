"""What the readout deck says, slide by slide: a storyboard drawn from the brief's content.

:func:`storyboard` takes the :class:`~facilitator.brief.content.Brief` the PDF is
laid out from and picks, for each slide, the blocks that slide shows — the same
tiles, tables, chart points and sentences, so every figure on a slide is the
figure in the PDF. The workshop snapshot is read only for the speaker notes:
the captured wording in full and who raised it, which a presenter needs and a
slide has no room for. A concern's author comes from the brief's own concern
table, where the anonymity rule has already been applied, so an anonymous
concern's author is never in the deck, notes included.

The slides: title; the answer; top problems; the value × feasibility matrix
with the shortlist; one slide per shortlisted use case (what it solves, its
kind, owner, metric, budget, the four last-mile checks, what blocks it); people
and change; cost accountability; next steps; and a last slide pointing to the
brief. A slide whose section was left out of the brief is left out too.

:mod:`facilitator.brief.pptx` lays the storyboard out; how much fits on a slide
is its business, so a slide here may become several there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TypeVar

from facilitator import scoring
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
    Section,
    Styled,
    Table,
    Text,
    UseCaseCard,
    long_date,
)
from facilitator.model import Idea, Problem
from facilitator.numbers import money
from facilitator.scoring import Status, WorkshopData, rating_status

TOP_PROBLEMS = 5
"""Problems on the problems slide; the brief lists them all."""
TOP_CONCERNS = 8
"""Concerns on the people slide, most severe first; the brief lists them all."""
MATRIX_NUMBERED = 10
"""Ideas numbered on the matrix chart (the highest ranked); the rest are markers."""
SLIDE_TEXT = 220
"""Characters of one piece of user text on a slide; the notes have it whole."""


# --- what a slide holds, beyond the brief's own blocks --------------------------------


@dataclass(frozen=True)
class Facts:
    """Label and value pairs (a use case's owner, metric, budget…)."""

    items: tuple[tuple[str, Cell], ...]


@dataclass(frozen=True)
class Check:
    """One of the four last-mile checks: passed (ready), needs work, blocked, or
    not assessed (None)."""

    label: str
    status: Status | None
    detail: str


@dataclass(frozen=True)
class Checklist:
    """A use case's four last-mile checks and its overall status."""

    status: Status
    checks: tuple[Check, ...]


SlideBlock = Heading | Text | Bullets | Figures | Table | Matrix | Bars | Facts | Checklist


@dataclass(frozen=True)
class Slide:
    """One slide as written: *main* fills the slide, or its left part when there is
    a *side* column; the renderer splits content that does not fit over more slides."""

    key: str
    title: str
    main: tuple[SlideBlock, ...] = ()
    side: tuple[SlideBlock, ...] = ()
    notes: str = ""
    split: float = 0.5
    """Share of the width the main column takes when there is a side column."""


@dataclass(frozen=True)
class Deck:
    """The whole readout deck."""

    cover: Cover
    slides: tuple[Slide, ...]
    title: str
    subject: str
    author: str


# --- reading the brief ---------------------------------------------------------------

B = TypeVar("B", bound=Block)


def _first(section: Section | None, kind: type[B]) -> B | None:
    if section is None:
        return None
    return next((b for b in section.blocks if isinstance(b, kind)), None)


def _all(section: Section | None, kind: type[B]) -> list[B]:
    return [b for b in section.blocks if isinstance(b, kind)] if section else []


def _under(section: Section | None, heading: str, kind: type[B]) -> B | None:
    """The first block of *kind* under the heading *heading* (before the next heading)."""
    if section is None:
        return None
    inside = False
    for block in section.blocks:
        if isinstance(block, Heading):
            inside = block.text == heading
        elif inside and isinstance(block, kind):
            return block
    return None


def _short(value: Cell, limit: int = SLIDE_TEXT) -> Cell:
    """User text cut for a slide (at a word, with " …"); the notes carry it whole."""
    text = value.text if isinstance(value, Styled) else value
    flat = " ".join(text.split()) if len(text) > limit else text
    if len(flat) > limit:
        cut = flat.rfind(" ", int(limit * 0.7), limit)
        flat = flat[: cut if cut > 0 else limit].rstrip(" ,;:") + " …"
    return replace(value, text=flat) if isinstance(value, Styled) else flat


def _short_items(block: Bullets, limit: int = SLIDE_TEXT) -> Bullets:
    """A list with each item's text cut for a slide."""
    return replace(
        block,
        items=tuple(
            tuple(_short(part, limit) for part in item)
            if isinstance(item, tuple)
            else _short(item, limit)
            for item in block.items
        ),
    )


def _project(table: Table, wanted: Iterable[tuple[str, float]], rows: int | None = None) -> Table:
    """*table* with only the columns titled in *wanted* (in that order and at those
    widths), its first *rows* rows, and every cell cut for a slide."""
    index = {column.title: n for n, column in enumerate(table.columns)}
    chosen = [(index[title], width) for title, width in wanted if title in index]
    columns = tuple(replace(table.columns[n], width=width) for n, width in chosen)
    kept = table.rows if rows is None else table.rows[:rows]
    body = tuple(tuple(_short(row[n]) for n, _ in chosen) for row in kept)
    total = None
    if table.total is not None:
        total = tuple(table.total[n] for n, _ in chosen)
    return Table(columns, body, total)


def _lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _field(label: str, value: str) -> str:
    return f"{label}: {value}" if value.strip() else ""


# --- the slides ------------------------------------------------------------------------


def _answer(sections: dict[str, Section], data: WorkshopData) -> list[Slide]:
    summary = sections.get("summary")
    if summary is None:
        return []
    main: list[SlideBlock] = []
    tiles = _first(summary, Figures)
    if tiles is not None:
        main.append(tiles)
    shortlist = _under(summary, "Shortlisted use cases and their readiness", Bullets)
    main.append(Heading("Recommended use cases", 3))
    if shortlist is not None:
        main.append(_short_items(shortlist))
    else:
        main.append(Text("No use cases were shortlisted or scored.", "empty"))
    side: list[SlideBlock] = []
    steps = _under(summary, "First next steps", Bullets)
    if steps is not None:
        side += [Heading("First next steps", 3), _short_items(steps)]
    mandate = _under(summary, "The mandate", Text)
    numbers = _under(summary, "What the numbers say", Bullets)
    notes = _lines(
        _field("The mandate", mandate.text if mandate else ""),
        "What the numbers say:" if numbers else "",
        *(f"• {item}" for item in (numbers.items if numbers else ()) if isinstance(item, str)),
    )
    return [
        Slide("answer", "The answer", tuple(main), tuple(side), notes, split=0.62 if side else 0.5)
    ]


def _problem_note(rank: int, problem: Problem, people: dict[str, str]) -> str:
    return _lines(
        f"#{rank} {problem.text.strip()}",
        _field("  Who", problem.who),
        _field("  How often", problem.frequency),
        _field("  Baseline today", problem.baseline),
        _field("  Cost", problem.cost_estimate),
        _field("  Raised by", people.get(problem.participant_id or "", "")),
    )


def _problems(sections: dict[str, Section], data: WorkshopData) -> list[Slide]:
    section = sections.get("problems")
    if section is None:
        return []
    table = _first(section, Table)
    if table is None:
        return [Slide("problems", "Top problems", (Text("No problems were captured.", "empty"),))]
    top = _project(
        table,
        (
            ("#", 0.05),
            ("Problem", 0.43),
            ("Votes", 0.09),
            ("Impact", 0.09),
            ("Baseline today", 0.34),
        ),
        rows=TOP_PROBLEMS,
    )
    people = {p.id: p.name for p in data.participants}
    ranked = scoring.ranked_problems(data.problems)[:TOP_PROBLEMS]
    more = len(table.rows) - len(top.rows)
    blocks: list[SlideBlock] = []
    if more > 0:
        blocks.append(
            Text(
                f"The {len(top.rows)} with the most votes; {scoring.plural(more, 'more problem')} "
                "in the brief's problem inventory.",
                "note",
            )
        )
    blocks.append(top)
    notes = "\n\n".join(_problem_note(n, p, people) for n, p in enumerate(ranked, start=1))
    return [Slide("problems", "Top problems", tuple(blocks), notes=notes)]


def _matrix(sections: dict[str, Section], data: WorkshopData) -> list[Slide]:
    section = sections.get("use_cases")
    if section is None:
        return []
    matrix = _first(section, Matrix)
    if matrix is None:
        return [
            Slide(
                "matrix",
                "Value × feasibility",
                (Text("No idea has been scored for value and feasibility yet.", "empty"),),
            )
        ]
    shortlist = _under(
        sections.get("summary"), "Shortlisted use cases and their readiness", Bullets
    )
    side: list[SlideBlock] = [Heading("The shortlist", 3)]
    if shortlist is not None:
        side.append(_short_items(shortlist, 90))
    else:
        side.append(Text("No use cases were shortlisted.", "empty"))
    legend = next(
        (
            b
            for b in _all(section, Text)
            if b.kind == "note" and "circles" in b.text and "squares" in b.text
        ),
        None,
    )
    notes = "\n".join(
        f"#{p.rank} {p.label.strip()} (value {p.value}, feasibility {p.feasibility})"
        for p in matrix.points
    )
    if legend is not None:
        numbered = (
            f"The {MATRIX_NUMBERED} highest ranked are numbered"
            if len(matrix.points) > MATRIX_NUMBERED
            else "Numbers are the ranks"
        )
        side.append(
            Text(
                f"{numbered} (as in the brief). Circles create new value; squares "
                "automate existing work.",
                "note",
            )
        )
    return [Slide("matrix", "Value × feasibility", (matrix,), tuple(side), notes, split=0.55)]


def _checklist(card: UseCaseCard, solves: str) -> Checklist:
    dimension_of = {label: key for key, label in scoring.DIMENSION_LABELS.items()}
    checks = [
        Check(
            "Solves a named problem",
            Status.READY if solves.strip() else Status.BLOCKED,
            _short(solves, 120) if solves.strip() else "no problem linked",  # type: ignore[arg-type]
        )
    ]
    for label, score, note in card.ratings:
        status = rating_status(dimension_of.get(label, ""), score)
        shown = "not scored" if score is None else f"{score}/5"
        checks.append(
            Check(label, status, f"{shown}" + (f" — {_short(note, 110)}" if note else ""))
        )
    return Checklist(card.status, tuple(checks))


def _use_case_note(
    idea: Idea, problems: dict[str, Problem], people: dict[str, str], currency: str
) -> str:
    solves = "; ".join(problems[p].text.strip() for p in idea.problem_ids if p in problems)
    return _lines(
        idea.text.strip(),
        _field("Solves", solves),
        *(
            _field(scoring.DIMENSION_LABELS[d], getattr(idea.readiness, d).note)
            for d in scoring.DIMENSION_LABELS
        ),
        _field("Owner", idea.owner),
        _field("Success metric", idea.success_metric),
        _field(
            "Budget a month",
            money(idea.monthly_budget, currency) if idea.monthly_budget is not None else "",
        ),
        _field("Raised by", people.get(idea.participant_id or "", "")),
    )


def _use_cases(sections: dict[str, Section], data: WorkshopData) -> list[Slide]:
    cards = _all(sections.get("readiness"), UseCaseCard)
    ranked = scoring.ranked_ideas(data.ideas)
    table = _first(sections.get("use_cases"), Table)
    by_rank: dict[str, tuple[Cell, ...]] = {}
    titles: dict[str, int] = {}
    if table is not None:
        titles = {c.title: n for n, c in enumerate(table.columns)}
        by_rank = {str(row[titles["#"]]): row for row in table.rows if "#" in titles}
    problems = {p.id: p for p in data.problems}
    people = {p.id: p.name for p in data.participants}
    currency = data.meta.currency
    slides = []
    for card in cards:
        row = by_rank.get(str(card.rank), ())
        solves = row[titles["Solves"]] if row and "Solves" in titles else ""
        kind = row[titles["Kind"]] if row and "Kind" in titles else ""
        idea = ranked[card.rank - 1] if 0 < card.rank <= len(ranked) else None
        budget = (
            money(idea.monthly_budget, currency)
            if idea is not None and idea.monthly_budget is not None
            else Styled("no budget", "bad")
        )
        facts = Facts(
            (
                ("Solves", _short(solves) or Styled("no problem linked", "bad")),
                ("Kind", kind),
                ("Owner", _short(card.owner) or Styled("no owner", "bad")),
                ("Success metric", _short(card.metric) or Styled("no success metric", "bad")),
                ("Budget a month", budget),
            )
        )
        side: list[SlideBlock] = [
            _checklist(card, solves.text if isinstance(solves, Styled) else solves)
        ]
        if card.blockers:
            side.append(Heading("Blocks production", 4))
            side.append(Bullets(tuple(Styled(b, "bad") for b in card.blockers)))
        if card.gaps:
            side.append(Heading("Still missing", 4))
            side.append(Bullets(tuple(card.gaps)))
        notes = _use_case_note(idea, problems, people, currency) if idea is not None else card.title
        slides.append(
            Slide(
                "use_case",
                f"#{card.rank} {card.title}",
                (facts,),
                tuple(side),
                notes,
                split=0.48,
            )
        )
    return slides


def _people(sections: dict[str, Section], data: WorkshopData) -> list[Slide]:
    section = sections.get("people")
    if section is None:
        return []
    bars = _first(section, Bars)
    table = _first(section, Table)
    if bars is None or table is None:
        return [
            Slide("people", "People and change", (Text("No concerns were captured.", "empty"),))
        ]
    shown = _project(
        table,
        (("Concern", 0.36), ("Severity", 0.14), ("Mitigation", 0.50)),
        rows=TOP_CONCERNS,
    )
    who = (
        [c.title for c in table.columns].index("Who")
        if any(c.title == "Who" for c in table.columns)
        else None
    )
    ranked = scoring.ranked_concerns(data.concerns)
    notes = []
    for n, (concern, row) in enumerate(zip(ranked, table.rows, strict=False), start=1):
        if n > TOP_CONCERNS:
            break
        raised = row[who] if who is not None else ""
        raised_text = raised.text if isinstance(raised, Styled) else raised
        notes.append(
            _lines(
                f"{n}. {concern.text.strip()}",
                _field("  Category", scoring.CATEGORY_LABELS[concern.category]),
                _field("  Who", raised_text.replace("\n", "; ")),
                _field("  Mitigation", concern.mitigation),
                _field("  Owner", concern.owner),
            )
        )
    intro = _first(section, Text)
    main: list[SlideBlock] = [bars]
    if intro is not None:
        main.append(intro)
    more = len(table.rows) - len(shown.rows)
    if more > 0:
        main.append(
            Text(
                f"The {len(shown.rows)} most severe here; "
                f"{scoring.plural(more, 'more concern')} in the brief.",
                "note",
            )
        )
    side: list[SlideBlock] = [Heading("What will be done", 3), shown]
    return [
        Slide(
            "people", "People and change", tuple(main), tuple(side), "\n\n".join(notes), split=0.36
        )
    ]


def _spend(sections: dict[str, Section], data: WorkshopData) -> list[Slide]:
    section = sections.get("spend")
    if section is None:
        return []
    tiles = _first(section, Figures)
    licences = _first(section, Table)
    sentence = next((b for b in _all(section, Text) if b.kind == "body"), None)
    main: list[SlideBlock] = []
    if tiles is not None:
        main.append(tiles)
    if sentence is not None:
        main.append(sentence)
    if licences is not None and any(c.title == "Licence" for c in licences.columns):
        main.append(
            _project(
                licences,
                (
                    ("Licence", 0.28),
                    ("Seats", 0.10),
                    ("Per seat / month", 0.15),
                    ("Monthly cost", 0.15),
                    ("Active", 0.10),
                    ("Active users", 0.11),
                    ("Per active user", 0.11),
                ),
            )
        )
    accounted = _under(section, "Use cases that account for spend", Table)
    notes = ""
    if accounted is not None:
        notes = "Use cases that account for spend:\n" + "\n".join(
            " · ".join(str(v.text if isinstance(v, Styled) else v) for v in row if v)
            for row in (*accounted.rows, *((accounted.total,) if accounted.total else ()))
        )
    if not main:
        main.append(Text("No AI licence spend was recorded.", "empty"))
    return [Slide("spend", "Cost accountability", tuple(main), notes=notes)]


def _next_steps(sections: dict[str, Section], data: WorkshopData) -> list[Slide]:
    section = sections.get("next_steps")
    if section is None:
        return []
    table = _first(section, Table)
    if table is None:
        return [Slide("next_steps", "Next steps", (Text("No next steps were agreed.", "empty"),))]
    shown = _project(
        table,
        (("#", 0.05), ("Next step", 0.43), ("Owner", 0.18), ("Due", 0.14), ("Use case", 0.20)),
    )
    ideas = {i.id: i for i in data.ideas}
    notes = "\n\n".join(
        _lines(
            f"{n}. {a.text.strip()}",
            _field("  Owner", a.owner),
            _field("  Due", long_date(a.due)),
            _field("  Use case", ideas[a.idea_id].text.strip() if a.idea_id in ideas else ""),
        )
        for n, a in enumerate(scoring.ordered_actions(data.actions), start=1)
    )
    return [Slide("next_steps", "Next steps", (shown,), notes=notes)]


def _appendix(brief: Brief) -> Slide:
    contents = tuple(section.title for section in brief.sections if section.key not in ("summary",))
    main: list[SlideBlock] = [
        Text(
            f"Every figure in this deck comes from the strategy brief "
            f"“{brief.title}”" + (f" of {brief.cover.date}" if brief.cover.date else "") + ".",
            "body",
        ),
    ]
    if contents:
        main += [Heading("In the brief", 3), Bullets(contents)]
    notes = (
        "The brief (PDF or Word) has every capture word for word, the full problem "
        "inventory, every use case ranked, the readiness cards and how each number is worked out."
    )
    return Slide("appendix", "Appendix: the full brief", tuple(main), notes=notes)


def storyboard(brief: Brief, data: WorkshopData) -> Deck:
    """The deck for *brief* (built from *data*); see the module docstring."""
    sections = {section.key: section for section in brief.sections}
    slides: list[Slide] = []
    for build in (_answer, _problems, _matrix, _use_cases, _people, _spend, _next_steps):
        slides += build(sections, data)
    slides.append(_appendix(brief))
    return Deck(
        cover=brief.cover,
        slides=tuple(slides),
        title=f"{brief.cover.title} — readout",
        subject=brief.subject,
        author=brief.author,
    )


__all__ = [
    "Check",
    "Checklist",
    "Deck",
    "Facts",
    "Slide",
    "SlideBlock",
    "storyboard",
]
