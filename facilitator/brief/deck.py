"""What the readout deck says, slide by slide: a storyboard drawn from the brief's findings.

:func:`storyboard` reads the :class:`~facilitator.brief.findings.Findings` the PDF
brief is laid out from — every figure there already carries the text the brief
prints — and decides what each slide shows; it computes nothing, so every
figure on a slide is the figure in the PDF. The workshop snapshot is read only
for the speaker notes on problems and use cases: the captured wording in full
and who raised it, which a presenter needs and a slide has no room for. A
concern's author comes from the findings, where the anonymity rule has been
applied, so an anonymous concern's author is in no part of the deck.

The slides: title; the answer (the recommendations); the decisions asked for
(the funding ask and the seats nobody uses); top problems; the value ×
feasibility matrix with the shortlist; one slide per shortlisted use case (what
it solves and what that costs, its kind, owner, metric, budget, the four
last-mile checks, what blocks it); people and change; cost accountability; next
steps; the first 90 days; and a last slide pointing to the brief. A slide whose
section was left out of the brief, or has nothing to say, is left out too.

:mod:`facilitator.brief.pptx` lays the storyboard out; how much fits on a slide
is its business, so a slide here may become several there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from facilitator import scoring
from facilitator.brief.content import (
    STATUS_TONES,
    Bars,
    Brief,
    Bullets,
    Cell,
    Column,
    Cover,
    Figures,
    Heading,
    Matrix,
    Styled,
    Table,
    Text,
)
from facilitator.brief.findings import Findings, UseCase
from facilitator.model import Problem
from facilitator.scoring import Status, WorkshopData

TOP_PROBLEMS = 5
"""Problems on the problems slide; the brief lists them all."""
TOP_CONCERNS = 8
"""Concerns on the people slide, most severe first; the brief lists them all."""
SLIDE_TEXT = 220
"""Characters of one piece of user text on a slide; the notes have it whole."""


# --- what a slide holds, beyond the brief's own blocks --------------------------------


@dataclass(frozen=True)
class Facts:
    """Label and value pairs (a use case's owner, metric, budget…)."""

    items: tuple[tuple[str, Cell], ...]


@dataclass(frozen=True)
class Check:
    """One of the four last-mile checks: its verdict (None: not assessed) and evidence."""

    label: str
    status: Status | None
    detail: str


@dataclass(frozen=True)
class Checklist:
    """A use case's four last-mile checks and its overall status."""

    status: Status | None
    status_text: str
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


# --- small helpers ------------------------------------------------------------------------


def _short(text: str, limit: int = SLIDE_TEXT) -> str:
    """User text cut for a slide (at a word, with " …"); the notes carry it whole."""
    if len(text) <= limit:
        return text
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", int(limit * 0.7), limit)
    return flat[: cut if cut > 0 else limit].rstrip(" ,;:") + " …"


def _status(status: Status | None, text: str) -> Styled:
    return Styled(text or scoring.status_label(status), STATUS_TONES[status])


def _lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _field(label: str, value: str) -> str:
    return f"{label}: {value}" if value.strip() else ""


def _table(columns: Iterable[tuple[str, float, bool]], rows: Iterable[tuple[Cell, ...]]) -> Table:
    return Table(tuple(Column(t, w, n) for t, w, n in columns), tuple(rows))


# --- the slides ------------------------------------------------------------------------


Builder = Callable[[Brief, Findings, WorkshopData], list[Slide]]


def _answer(brief: Brief, found: Findings, data: WorkshopData) -> list[Slide]:
    answer = found.answer
    main: list[SlideBlock] = [Text(answer.headline, "lead")]
    if answer.recommendations:
        rows = []
        for r in answer.recommendations:
            decision: Cell = r.decision
            if r.blocker:
                decision = f"{r.decision}\n{_short(r.blocker, 70)}"
            rows.append(
                (
                    str(r.rank),
                    _short(r.use_case, 90),
                    decision,
                    _short(r.owner, 60) or Styled("No owner", "bad"),
                    r.monthly.text,
                    _status(r.status, r.status_text),
                )
            )
        main.append(
            _table(
                (
                    ("#", 0.05, True),
                    ("Use case", 0.31, False),
                    ("Decision asked for", 0.30, False),
                    ("Owner", 0.12, False),
                    ("A month", 0.10, True),
                    ("Status", 0.12, False),
                ),
                rows,
            )
        )
    else:
        main.append(
            Text("No use cases were shortlisted, so no decision is asked for yet.", "empty")
        )
    if answer.more:
        main.append(
            Text(
                f"{scoring.plural(answer.more, 'more shortlisted use case')} in the brief "
                "(Last-mile readiness).",
                "note",
            )
        )
    if brief.not_covered:
        listed = ", ".join(t.lower() for t in brief.not_covered)
        main.append(Text(f"Not covered in this workshop: {listed}.", "note"))
    notes = _lines(
        _field("The mandate", answer.mandate),
        *(
            _field(f"#{r.rank} {r.use_case}", f"{r.decision}; {r.blocker}" if r.blocker else "")
            for r in answer.recommendations
        ),
    )
    return [Slide("answer", "The answer", tuple(main), notes=notes)]


def _decisions(brief: Brief, found: Findings, data: WorkshopData) -> list[Slide]:
    funding, seats = found.answer.funding, found.answer.seats
    tiles = [
        (funding.total.text, "funding asked a month"),
        (funding.yearly.text, "a year"),
    ]
    if seats.known:
        tiles += [(seats.idle.text, "seats nobody uses"), (seats.monthly.text, "they cost a month")]
    main: list[SlideBlock] = [Figures(tuple(tiles)), Heading("The funding ask", 3)]
    main.append(Text(funding.sentence, "body"))
    side: list[SlideBlock] = [Heading("The seat decision", 3), Text(seats.headline, "body")]
    if seats.options:
        side.append(
            Bullets(
                tuple((Styled(o.name, "strong"), f"{o.what} {o.effect}") for o in seats.options)
            )
        )
    notes = _lines(
        funding.sentence,
        *(f"{t.label}: {t.count} use cases, {t.amount.text} a month" for t in funding.tallies),
        seats.headline,
        *(
            f"{line.tool}: {line.idle.text} of {line.seats.text} seats idle at "
            f"{line.price.text}, {line.monthly.text} a month"
            for line in seats.lines
        ),
    )
    return [Slide("decisions", "Decisions asked for", tuple(main), tuple(side), notes, 0.55)]


def _problem_note(rank: int, problem: Problem, people: dict[str, str]) -> str:
    return _lines(
        f"#{rank} {problem.text.strip()}",
        _field("  Who", problem.who),
        _field("  How often", problem.frequency),
        _field("  Baseline today", problem.baseline),
        _field("  Cost", problem.cost_estimate),
        _field("  Raised by", people.get(problem.participant_id or "", "")),
    )


def _problems(brief: Brief, found: Findings, data: WorkshopData) -> list[Slide]:
    top = found.problems[:TOP_PROBLEMS]
    rows = [
        (
            str(p.rank),
            _short(p.text),
            str(p.votes),
            "—" if p.impact is None else str(p.impact),
            # The cost, or how it is measured when nobody put a figure on it; the
            # baseline is in the notes.
            _short(p.cost or p.baseline, 110),
        )
        for p in top
    ]
    blocks: list[SlideBlock] = []
    more = len(found.problems) - len(top)
    if more > 0:
        blocks.append(
            Text(
                f"The {len(top)} with the most votes; {scoring.plural(more, 'more problem')} "
                "in the brief's problem inventory.",
                "note",
            )
        )
    blocks.append(
        _table(
            (
                ("#", 0.05, True),
                ("Problem", 0.40, False),
                ("Votes", 0.08, True),
                ("Impact", 0.09, True),
                ("What it costs today", 0.38, False),
            ),
            rows,
        )
    )
    people = {p.id: p.name for p in data.participants}
    ranked = scoring.ranked_problems(data.problems)[: len(top)]
    notes = "\n\n".join(_problem_note(n, p, people) for n, p in enumerate(ranked, start=1))
    return [Slide("problems", "Top problems", tuple(blocks), notes=notes)]


def _matrix(brief: Brief, found: Findings, data: WorkshopData) -> list[Slide]:
    section = next((s for s in brief.sections if s.key == "use_cases"), None)
    matrix = next((b for b in section.blocks if isinstance(b, Matrix)), None) if section else None
    if matrix is None:
        return []
    side: list[SlideBlock] = [Heading("The shortlist", 3)]
    if found.shortlist:
        side.append(
            Bullets(
                tuple(
                    (_short(u.label, 90), _status(u.status, u.status_text)) for u in found.shortlist
                )
            )
        )
    else:
        side.append(Text("No use cases were shortlisted.", "empty"))
    if matrix.caption:
        # The brief's caption, less its pointer to a table the deck does not have.
        side.append(Text(matrix.caption.replace("the table above", "the brief"), "note"))
    notes = "\n".join(
        f"#{p.rank} {p.label.strip()} (value {p.value}, feasibility {p.feasibility})"
        for p in matrix.points
    )
    return [Slide("matrix", "Value × feasibility", (matrix,), tuple(side), notes, split=0.55)]


def _use_case_note(case: UseCase, data: WorkshopData) -> str:
    idea = next((i for i in data.ideas if i.id == case.id), None)
    if idea is None:
        return case.title
    people = {p.id: p.name for p in data.participants}
    problems = {p.id: p.text.strip() for p in data.problems}
    return _lines(
        idea.text.strip(),
        _field("Solves", "; ".join(problems[p] for p in idea.problem_ids if p in problems)),
        *(
            _field(scoring.DIMENSION_LABELS[d], getattr(idea.readiness, d).note)
            for d in scoring.DIMENSION_LABELS
        ),
        _field("Owner", case.owner),
        _field("Success metric", idea.success_metric),
        _field("Budget", f"{case.budget.text} a month, {case.budget_year.text} a year"),
        _field("Raised by", people.get(idea.participant_id or "", "")),
    )


def _use_cases(brief: Brief, found: Findings, data: WorkshopData) -> list[Slide]:
    slides = []
    checks = {m.rank: m for m in found.last_mile}
    for case in found.shortlist:
        solves = "; ".join(p.text + (f" (costs {p.cost})" if p.cost else "") for p in case.problems)
        budget: Cell = (
            f"{case.budget.text} a month ({case.budget_year.text} a year)"
            if case.budget.value
            else Styled("no budget", "bad")
        )
        facts: list[tuple[str, Cell]] = [
            ("Solves", _short(solves) or Styled("no problem linked", "bad")),
            ("Kind", Styled(case.kind, "strong" if case.value_type == "new_value" else "")),
            ("Owner", _short(case.owner, 80) or Styled("no owner", "bad")),
            ("Success metric", _short(case.success_metric) or Styled("no success metric", "bad")),
            ("Budget", budget),
        ]
        if case.licence:
            facts.append(("Draws on", _short(case.licence, 80)))
        side: list[SlideBlock] = []
        mile = checks.get(case.rank)
        if mile is not None:
            side.append(
                Checklist(
                    mile.status,
                    mile.status_text,
                    tuple(
                        Check(
                            c.name,
                            c.status,
                            c.verdict
                            + (f" {c.score}/5" if c.score is not None else "")
                            + (f" — {_short(c.evidence, 110)}" if c.evidence else ""),
                        )
                        for c in mile.checks
                    ),
                )
            )
        if case.blockers:
            side += [
                Heading("Blocks production", 4),
                Bullets(tuple(Styled(_short(b, 160), "bad") for b in case.blockers)),
            ]
        if case.gaps:
            side += [Heading("Still missing", 4), Bullets(tuple(_short(g, 160) for g in case.gaps))]
        slides.append(
            Slide(
                "use_case",
                case.label,
                (Facts(tuple(facts)),),
                tuple(side),
                _use_case_note(case, data),
                split=0.48,
            )
        )
    return slides


def _people(brief: Brief, found: Findings, data: WorkshopData) -> list[Slide]:
    people = found.people
    main: list[SlideBlock] = []
    if people.by_category:
        main.append(Bars("Concerns by category", people.by_category))
    main.append(Text(people.summary, "note"))
    if people.stances:
        main += [
            Heading("Where the room stands", 4),
            Bullets(tuple((Styled(s.label, "strong"), f"{s.count}") for s in people.stances)),
        ]
    shown = people.concerns[:TOP_CONCERNS]
    side: list[SlideBlock] = [Heading("What will be done", 3)]
    if shown:
        side.append(
            _table(
                (("Concern", 0.36, False), ("Severity", 0.14, True), ("Mitigation", 0.50, False)),
                (
                    (
                        _short(c.text),
                        "—" if c.severity is None else str(c.severity),
                        _short(c.mitigation)
                        if c.mitigation
                        else Styled("No mitigation yet", "bad"),
                    )
                    for c in shown
                ),
            )
        )
    else:
        side.append(Text("No concerns were captured.", "empty"))
    more = len(people.concerns) - len(shown)
    if more > 0:
        main.append(
            Text(
                f"The {len(shown)} most severe are on the right; "
                f"{scoring.plural(more, 'more concern')} in the brief.",
                "note",
            )
        )
    notes = "\n\n".join(
        _lines(
            f"{n}. {c.text}",
            _field("  Category", c.category),
            _field("  Who", c.who.replace("\n", "; ")),
            _field("  Mitigation", c.mitigation),
            _field("  Owner", c.owner),
            _field("  Due", c.due),
            _field("  Use cases", c.use_cases),
        )
        for n, c in enumerate(shown, start=1)
    )
    stances = "\n".join(f"{s.label} ({s.count}): {s.detail}" for s in people.stances)
    return [
        Slide(
            "people",
            "People and change",
            tuple(main),
            tuple(side),
            _lines(notes, stances),
            split=0.36,
        )
    ]


def _spend(brief: Brief, found: Findings, data: WorkshopData) -> list[Slide]:
    spend = found.spend
    tiles = [
        (spend.total.text, "spent a month"),
        (spend.yearly.text, "a year at this rate"),
        (spend.accounted.text, f"accounted to owned use cases ({spend.accounted_share.text})"),
        (spend.unaccounted.text, f"unaccounted ({spend.unaccounted_share.text})"),
    ]
    main: list[SlideBlock] = [Figures(tuple(tiles)), Text(spend.sentence, "body")]
    if spend.lines:
        rows = [
            (
                _short(line.tool, 80),
                line.seats.text,
                line.price.text,
                line.monthly.text,
                line.active_share.text,
                line.idle.text,
                line.per_active_user.text,
            )
            for line in spend.lines
        ]
        table = _table(
            (
                ("Licence", 0.28, False),
                ("Seats", 0.10, True),
                ("Per seat / month", 0.14, True),
                ("Monthly cost", 0.15, True),
                ("Active", 0.10, True),
                ("Idle seats", 0.11, True),
                ("Per active user", 0.12, True),
            ),
            rows,
        )
        total: tuple[Cell, ...] = (
            "Total",
            spend.seats.text,
            "",
            spend.total.text,
            "",
            spend.idle.text,
            spend.per_active_user.text,
        )
        main.append(replace(table, total=total))
    notes = _lines(
        spend.assumption,
        *(f"{t.label}: {t.count} use cases, {t.amount.text} a month" for t in spend.by_status),
        "Use cases that account for spend:" if spend.accounted_cases else "",
        *(f"{u.label} — {u.owner}, {u.budget.text} a month" for u in spend.accounted_cases),
    )
    return [Slide("spend", "Cost accountability", tuple(main), notes=notes)]


def _next_steps(brief: Brief, found: Findings, data: WorkshopData) -> list[Slide]:
    if not found.next_steps:
        return []
    rows = [
        (
            str(s.number),
            _short(s.text),
            _short(s.responsible, 60) or Styled("No owner", "bad"),
            s.due or "—",
            Styled(s.status, s.tone) if s.tone else s.status,
        )
        for s in found.next_steps
    ]
    table = _table(
        (
            ("#", 0.05, True),
            ("Next step", 0.47, False),
            ("Owner", 0.18, False),
            ("Due", 0.15, False),
            ("Status", 0.15, False),
        ),
        rows,
    )
    notes = "\n\n".join(
        _lines(
            f"{s.number}. {s.text}",
            _field("  Responsible", s.responsible),
            _field("  Accountable", s.accountable),
            _field("  Due", s.due),
            _field("  Use case", s.use_case),
        )
        for s in found.next_steps
    )
    return [Slide("next_steps", "Next steps", (table,), notes=notes)]


def _roadmap(brief: Brief, found: Findings, data: WorkshopData) -> list[Slide]:
    roadmap = found.roadmap
    if roadmap.empty:
        return []
    blocks: list[SlideBlock] = []
    for phase in roadmap.phases:
        if not phase.items:
            continue
        blocks.append(Heading(f"{phase.title}: {phase.theme} ({phase.window})", 4))
        blocks.append(
            Bullets(
                tuple(
                    (
                        Styled(m.when, "strong"),
                        _short(m.what, 120)
                        + (f" — {m.owner}" if m.owner else "")
                        + (f" ({m.use_case.split(' ')[0]})" if m.use_case else ""),
                    )
                    for m in phase.items
                )
            )
        )
    if roadmap.later or roadmap.undated:
        later = len(roadmap.later) + len(roadmap.undated)
        blocks.append(
            Text(f"{scoring.plural(later, 'more step')} later or undated, in the brief.", "note")
        )
    notes = _lines(
        f"From {roadmap.start}.",
        *(f"{m.when}: {m.what} ({m.kind}) — {m.use_case}" for p in roadmap.phases for m in p.items),
    )
    return [Slide("roadmap", "The first 90 days", tuple(blocks), notes=notes)]


def _appendix(brief: Brief) -> Slide:
    contents = tuple(section.title for section in brief.sections if section.key != "summary")
    issued = f" ({brief.cover.issued})" if brief.cover.issued else ""
    main: list[SlideBlock] = [
        Text(
            f"Every figure in this deck comes from the strategy brief “{brief.title}”{issued}. "
            "The brief has every capture word for word and how each number is worked out.",
            "body",
        ),
    ]
    if contents:
        main += [Heading("In the brief", 3), Bullets(contents)]
    return Slide(
        "appendix",
        "Appendix: the full brief",
        tuple(main),
        notes="Send the brief (PDF or Word) with the deck: the detail behind every slide is there.",
    )


PLAN: tuple[tuple[str, Builder], ...] = (
    ("summary", _answer),
    ("summary", _decisions),
    ("problems", _problems),
    ("use_cases", _matrix),
    ("readiness", _use_cases),
    ("people", _people),
    ("spend", _spend),
    ("next_steps", _next_steps),
    ("next_steps", _roadmap),
)
"""Each slide builder, behind the section of the brief it shows."""


def storyboard(brief: Brief, data: WorkshopData) -> Deck:
    """The deck for *brief* (built from *data*); see the module docstring."""
    if brief.findings is None:
        raise ValueError("the brief has no findings to make a deck from")
    included = {section.key for section in brief.sections}
    slides: list[Slide] = []
    for section, build in PLAN:
        if section in included:
            slides += build(brief, brief.findings, data)
    slides.append(_appendix(brief))
    cover = brief.cover
    return Deck(
        cover=cover,
        slides=tuple(slides),
        title=f"{cover.title} — readout",
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
