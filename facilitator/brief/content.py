"""What the strategy brief says, as plain data: sections of headings, text, tables, charts.

:func:`brief_content` is a pure function from a workshop snapshot to a list of
:class:`Section` objects. The PDF renderer (:mod:`facilitator.brief.pdf`) and the
Markdown export (:mod:`facilitator.brief.markdown`) both draw from it, so the two
never disagree. Every number here is computed by :mod:`facilitator.scoring`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from facilitator import scoring
from facilitator.model import AgendaItem, Idea, Problem
from facilitator.numbers import NBSP, at_least, at_most, long_date, money, percent
from facilitator.scoring import Status, WorkshopData

SECTION_TITLES = {
    "summary": "Executive summary",
    "problems": "Problem inventory",
    "use_cases": "Use cases",
    "readiness": "Last-mile readiness",
    "people": "People and change",
    "spend": "Cost accountability",
    "next_steps": "Next steps",
    "appendix": "Appendix",
}
"""Sections a brief may include, in order (the cover is always there)."""
ALL_SECTIONS = tuple(SECTION_TITLES)

CELL_LIMIT = 900
CELL_LINES = 20
SUMMARY_LIMIT = 220
"""Characters of one item on the one-page executive summary."""
OBJECTIVE_LIMIT = 700
"""Table cells show at most this many characters; the appendix has every word."""


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


@dataclass(frozen=True)
class Text:
    """A paragraph; ``lead`` text is set larger, ``note`` smaller and muted."""

    text: str
    kind: str = "body"  # body | lead | note | empty | label


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
    """Rows under a header row that repeats on every page, and an optional total row."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None


@dataclass(frozen=True)
class MatrixPoint:
    """One ranked idea on the value × feasibility matrix."""

    rank: int
    value: int
    feasibility: int
    value_type: str | None
    label: str


@dataclass(frozen=True)
class Matrix:
    """The value × feasibility chart."""

    points: tuple[MatrixPoint, ...]


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
    status: Status
    ratings: tuple[tuple[str, int | None, str], ...]  # (dimension, score, note)
    owner: str
    metric: str
    blockers: tuple[str, ...]
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class PageBreak:
    """Start a new page here."""

    pass


Block = Heading | Text | Bullets | Figures | Table | Matrix | Bars | UseCaseCard | PageBreak


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


# --- formatting -------------------------------------------------------------------

# Money and shares are written the same way on screen and in the brief; they
# live in facilitator.numbers so the app can use them without loading ReportLab.


def names(items: Iterable[str]) -> str:
    listed = [n for n in items if n.strip()]
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def score(value: int | None) -> str:
    return "—" if value is None else str(value)


def cell(text: str) -> str:
    return scoring_text(text)


def scoring_text(text: str, limit: int = CELL_LIMIT, *, note: str = "full text") -> str:
    """User text trimmed for a table cell (see :data:`CELL_LIMIT` and :data:`CELL_LINES`)."""
    text = text.strip()
    if text.count("\n") >= CELL_LINES:  # a column of short lines is as tall as a page
        text = "\n".join(text.split("\n")[:CELL_LINES]).rstrip()
        return text + f" … ({note} in the appendix)"
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", int(limit * 0.8), limit)
    return text[: cut if cut > 0 else limit].rstrip() + f" … ({note} in the appendix)"


def summary_line(text: str) -> str:
    """User text as one line of the executive summary: a page that must never
    overflow, so long entries are cut (the appendix has them whole)."""
    return scoring_text(" ".join(text.split()), SUMMARY_LIMIT)


STATUS_TONES = {Status.READY: "good", Status.NEEDS_WORK: "warn", Status.BLOCKED: "bad"}


def status_cell(status: Status) -> Styled:
    return Styled(status.value, STATUS_TONES[status])


# --- sections ---------------------------------------------------------------------


@dataclass(frozen=True)
class Brief:
    """Everything the brief says."""

    cover: Cover
    sections: tuple[Section, ...]
    title: str
    subject: str
    author: str


def brief_content(
    data: WorkshopData,
    *,
    consultancy: str = "",
    confidentiality: str = "Confidential",
    sections: Iterable[str] = ALL_SECTIONS,
) -> Brief:
    """The brief for *data*. Sections not asked for are left out; the cover stays."""
    meta = data.meta
    wanted = [key for key in ALL_SECTIONS if key in set(sections)]
    builders = {
        "summary": _summary,
        "problems": _problems,
        "use_cases": _use_cases,
        "readiness": _readiness,
        "people": _people,
        "spend": _spend,
        "next_steps": _next_steps,
        "appendix": _appendix,
    }
    facilitators = names(meta.facilitators)
    cover = Cover(
        title=meta.title,
        client=meta.client,
        date=long_date(meta.date),
        facilitators=f"Facilitated by {facilitators}" if facilitators else "",
        consultancy=consultancy,
        confidentiality=confidentiality,
    )
    built = tuple(Section(key, SECTION_TITLES[key], tuple(builders[key](data))) for key in wanted)
    return Brief(
        cover=cover,
        sections=built,
        title=f"{meta.title} — AI strategy brief",
        subject=f"AI strategy brief for {meta.client}" if meta.client else "AI strategy brief",
        author=consultancy or facilitators or "Facilitator",
    )


def _problem_names(data: WorkshopData) -> dict[str, Problem]:
    return {p.id: p for p in data.problems}


def _summary(data: WorkshopData) -> list[Block]:
    currency = data.meta.currency
    blocks: list[Block] = [Heading("The mandate", 3)]
    blocks.append(
        Text(scoring_text(data.meta.objective, OBJECTIVE_LIMIT, note="the full mandate"), "lead")
        if data.meta.objective.strip()
        else Text("No objective was recorded for this workshop.", "empty")
    )
    split = scoring.value_split(data.ideas)
    money_picture = scoring.spend(data.licences, data.ideas)
    owned = sum(1 for a in data.actions if a.owner.strip())
    figures = [
        (str(len(data.problems)), "problems named"),
        (f"{split.new_value} of {split.total}", "ideas create new value")
        if split.total
        else ("—", "no ideas captured yet"),
        _spend_figure(money_picture, currency),
        (
            _at_most(money_picture, percent(money_picture.accounted_share))
            if money_picture.total
            else "—",
            "of it accounted to owned use cases",
        ),
    ]
    blocks.append(Figures(tuple(figures)))

    blocks.append(Heading("Top problems", 3))
    top = scoring.ranked_problems(data.problems)[:3]
    if top:
        blocks.append(
            Bullets(
                tuple(
                    f"{summary_line(p.text)} — {p.votes}{NBSP}vote{'s' if p.votes != 1 else ''}, "
                    f"impact{NBSP}{score(p.impact)}"
                    for p in top
                ),
                numbered=True,
            )
        )
    else:
        blocks.append(Text("No problems were captured.", "empty"))

    blocks.append(Heading("Shortlisted use cases and their readiness", 3))
    shortlisted = scoring.shortlist(data.ideas)[: scoring.SHORTLIST_SIZE]
    ranks = {idea.id: n for n, idea in enumerate(scoring.ranked_ideas(data.ideas), start=1)}
    if shortlisted:
        blocks.append(
            Bullets(
                tuple(
                    (
                        f"#{ranks[i.id]} {summary_line(i.text)}",
                        status_cell(scoring.readiness(i).status),
                    )
                    for i in shortlisted
                ),
            )
        )
    else:
        blocks.append(Text("No use cases were shortlisted or scored.", "empty"))

    if data.actions:
        blocks.append(Heading("First next steps", 3))
        blocks.append(
            Bullets(
                tuple(
                    f"{summary_line(a.text)} — {summary_line(a.owner) or 'no owner yet'}"
                    + (f", by {long_date(a.due)}" if a.due else "")
                    for a in scoring.ordered_actions(data.actions)[:3]
                ),
                numbered=True,
            )
        )

    blocks.append(Heading("What the numbers say", 3))
    points: list[str] = [split.sentence()]
    if data.concerns:
        anonymous = sum(1 for c in data.concerns if c.anonymous)
        points.append(
            f"{len(data.concerns)} concern{'s' if len(data.concerns) != 1 else ''} raised "
            f"({anonymous} anonymously); "
            + _leading_categories(scoring.concerns_by_category(data.concerns))
            + "."
        )
    else:
        points.append("No concerns were captured.")
    points.append(_spend_sentence(money_picture, currency, licences=len(data.licences)))
    if data.actions:
        due = sorted(a.due for a in data.actions if a.due)
        first = f"; the first is due {long_date(due[0])}" if due else ""
        points.append(
            f"{len(data.actions)} next step{'s' if len(data.actions) != 1 else ''}, "
            f"{owned} with a named owner{first}."
        )
    else:
        points.append("No next steps were agreed.")
    blocks.append(Bullets(tuple(points)))
    return blocks


def _spend_figure(picture: scoring.Spend, currency: str) -> tuple[str, str]:
    """The summary's spend tile: a lower bound, said as such, while prices are missing."""
    if picture.complete:
        return money(picture.total, currency), "AI spend a month"
    if not picture.total:
        return "unknown", "AI spend a month: no price recorded"
    missing = scoring.plural(len(picture.unpriced), "line")
    return (
        f"≥{NBSP}{money(picture.total, currency)}",
        f"AI spend a month; {missing} without a price",
    )


def _at_least(picture: scoring.Spend, amount: str) -> str:
    return at_least(amount, picture.complete)


def _at_most(picture: scoring.Spend, share: str) -> str:
    """A share of a total that leaves unpriced lines out is an upper bound."""
    return at_most(share, picture.complete)


def _unpriced_note(picture: scoring.Spend) -> str:
    tools = ", ".join(summary_line(licence.tool) for licence in picture.unpriced)
    return f"no price was recorded for {tools}"


def _spend_sentence(picture: scoring.Spend, currency: str, *, licences: int) -> str:
    if not licences:
        return "No AI licence spend was recorded."
    if not picture.total:
        return f"The AI spend is not known: {_unpriced_note(picture)}."
    amount = money(picture.total, currency)
    text = (
        f"{amount} a month is spent on AI licences"
        if picture.complete
        else f"At least {amount} a month is spent on AI licences ({_unpriced_note(picture)})"
    )
    text += (
        f"; {money(picture.accounted, currency)} "
        f"({_at_most(picture, percent(picture.accounted_share))}) is "
        "accounted to named use cases with an owner and a success metric"
    )
    if picture.over_budgeted:
        # With a line unpriced, the budgets exceed what is known, not what is paid.
        return text + (
            ", which is more than the licences cost."
            if picture.complete
            else ", which is more than the priced licences cost."
        )
    return text + (
        f", leaving {_at_least(picture, money(picture.unaccounted, currency))} "
        f"({_at_least(picture, percent(picture.unaccounted_share))}) unaccounted."
    )


def _leading_categories(counts: list[tuple[str, int]]) -> str:
    """Which kinds of concern lead, ties told as ties: never one of six equals
    named as if it came second."""
    if not counts:
        return "none has a category"

    def named(pairs: list[tuple[str, int]]) -> str:
        words = [f"{label.lower()} ({n})" for label, n in pairs]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

    top = counts[0][1]
    leaders = [pair for pair in counts if pair[1] == top]
    if len(leaders) > 3:
        return f"{len(leaders)} categories tie at {top} each"
    if len(leaders) > 1:
        return f"the leading categories are {named(leaders)}, tied"
    rest = counts[1:]
    runners = [pair for pair in rest if rest and pair[1] == rest[0][1]]
    then = f", then {named(runners)}" if len(runners) == 1 else ""
    return f"the leading category is {named(leaders)}{then}"


def _agenda_status(item: AgendaItem, captured: bool) -> str:
    """How an exercise went, in words for a reader after the day: a clock left paused
    is "in progress", and an exercise that captured cards without the timer ran."""
    if item.status == "running":
        return "In progress"
    if item.status == "planned" and captured:
        return "Ran, not timed"
    return item.status.capitalize()


def _problems(data: WorkshopData) -> list[Block]:
    ranked = scoring.ranked_problems(data.problems)
    if not ranked:
        return [Text("No problems were captured.", "empty")]
    rows = []
    for n, p in enumerate(ranked, start=1):
        baseline = cell(p.baseline)
        if p.cost_estimate.strip():
            baseline = (baseline + "\n" if baseline else "") + f"Cost: {cell(p.cost_estimate)}"
        rows.append(
            (
                str(n),
                cell(p.text),
                cell(p.who),
                cell(p.frequency),
                score(p.impact),
                str(p.votes),
                baseline,
            )
        )
    return [
        Text(
            f"{len(ranked)} problems, most votes first, then highest impact "
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
                Column("Baseline today", 0.23),
            ),
            tuple(rows),
        ),
    ]


def _kind(idea: Idea) -> Styled:
    label = scoring.VALUE_TYPE_LABELS[idea.value_type]
    return Styled(label, "strong" if idea.value_type == "new_value" else "muted")


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


def _use_cases(data: WorkshopData) -> list[Block]:
    ranked = scoring.ranked_ideas(data.ideas)
    if not ranked:
        return [Text("No ideas were captured.", "empty"), *_parking_lot(data)]
    problems = _problem_names(data)
    rows = []
    points = []
    for n, idea in enumerate(ranked, start=1):
        solves = "; ".join(cell(problems[p].text) for p in idea.problem_ids if p in problems)
        rows.append(
            (
                str(n),
                cell(idea.text),
                solves,
                _kind(idea),
                score(idea.value),
                score(idea.feasibility),
                score(scoring.priority(idea)),
                str(idea.votes),
            )
        )
        if idea.value is not None and idea.feasibility is not None:
            points.append(MatrixPoint(n, idea.value, idea.feasibility, idea.value_type, idea.text))
    blocks: list[Block] = [
        Text(
            scoring.value_split(data.ideas).sentence() + " Ranked by priority "
            "(value × feasibility); at equal priority, new value first.",
            "note",
        ),
        Table(
            (
                Column("#", 0.04, True),
                Column("Use case", 0.27),
                Column("Solves", 0.23),
                Column("Kind", 0.13),
                Column("Value", 0.08, True),
                Column("Feasib.", 0.08, True),
                Column("Priority", 0.09, True),
                Column("Votes", 0.08, True),
            ),
            tuple(rows),
        ),
        Heading("Value × feasibility", 3),
    ]
    if points:
        blocks.append(Matrix(tuple(points)))
        blocks.append(
            Text(
                "Numbers are the ranks in the table above. Filled circles create "
                "new value; open squares automate existing work.",
                "note",
            )
        )
    else:
        blocks.append(Text("No idea has been scored for value and feasibility yet.", "empty"))
    return blocks + _parking_lot(data)


def _readiness(data: WorkshopData) -> list[Block]:
    chosen = scoring.shortlist(data.ideas)
    if not chosen:
        return [Text("No use cases were shortlisted for the last-mile test.", "empty")]
    ranking = {idea.id: n for n, idea in enumerate(scoring.ranked_ideas(data.ideas), start=1)}
    verdicts = [(idea, scoring.readiness(idea)) for idea in chosen]
    counts = {status: sum(1 for _, v in verdicts if v.status is status) for status in Status}
    blocks: list[Block] = [
        Text(
            f"{len(chosen)} shortlisted use case{'s' if len(chosen) != 1 else ''}: "
            f"{counts[Status.READY]} ready, {counts[Status.NEEDS_WORK]} needing work, "
            f"{counts[Status.BLOCKED]} blocked. Each is scored 1–5 on workflow fit (who uses "
            "it, where in their day), real volume (requests a day, data size) and production "
            "safety (data sensitivity, failure impact, human in the loop).",
            "note",
        ),
    ]
    for idea, verdict in verdicts:
        ratings = tuple(
            (
                scoring.DIMENSION_LABELS[d],
                getattr(idea.readiness, d).score,
                cell(getattr(idea.readiness, d).note),
            )
            for d in scoring.DIMENSION_LABELS
        )
        blocks.append(
            UseCaseCard(
                ranking[idea.id],
                cell(idea.text),
                verdict.status,
                ratings,
                cell(idea.owner),
                cell(idea.success_metric),
                verdict.blockers,
                verdict.gaps,
            )
        )
    return blocks


def _people(data: WorkshopData) -> list[Block]:
    if not data.concerns:
        return [Text("No concerns were captured.", "empty")]
    by_category = scoring.concerns_by_category(data.concerns)
    anonymous = sum(1 for c in data.concerns if c.anonymous)
    people = {p.id: p.name for p in data.participants}
    rows = []
    for c in scoring.ranked_concerns(data.concerns):
        who = cell(c.stakeholder_group)
        if not c.anonymous and c.participant_id in people:
            who = (who + "\n" if who else "") + f"Raised by {people[c.participant_id]}"
        mitigation: Cell = (
            cell(c.mitigation) if c.mitigation.strip() else Styled("No mitigation yet", "bad")
        )
        rows.append(
            (
                cell(c.text),
                scoring.CATEGORY_LABELS[c.category],
                who,
                score(c.severity),
                mitigation,
                cell(c.owner),
            )
        )
    return [
        Text(
            f"{len(data.concerns)} concerns, {anonymous} raised anonymously. Authors of "
            "anonymous concerns are not recorded anywhere.",
            "note",
        ),
        Bars("Concerns by category", tuple(by_category)),
        Table(
            (
                Column("Concern", 0.26),
                Column("Category", 0.11),
                Column("Who", 0.15),
                Column("Severity", 0.10, True),
                Column("Mitigation", 0.26),
                Column("Owner", 0.12),
            ),
            tuple(rows),
        ),
    ]


def _spend(data: WorkshopData) -> list[Block]:
    currency = data.meta.currency
    picture = scoring.spend(data.licences, data.ideas)
    blocks: list[Block] = []
    if data.licences:
        rows = []
        for line in data.licences:
            users = scoring.active_users(line)
            rows.append(
                (
                    cell(line.tool),
                    f"{line.seats:,}",
                    money(line.price_per_seat_month, currency),
                    "price unknown"
                    if line.monthly_cost is None
                    else money(line.monthly_cost, currency),
                    percent(line.active_share),
                    "—" if users is None else f"{users:,.0f}",
                    money(scoring.cost_per_active_user(line), currency),
                )
            )
        total_users = "—" if picture.active_users is None else f"{picture.active_users:,.0f}"
        blocks.append(
            Table(
                (
                    Column("Licence", 0.26),
                    Column("Seats", 0.09, True),
                    Column("Per seat / month", 0.13, True),
                    Column("Monthly cost", 0.14, True),
                    Column("Active", 0.09, True),
                    Column("Active users", 0.13, True),
                    Column("Per active user", 0.16, True),
                ),
                tuple(rows),
                total=(
                    "Total",
                    f"{sum(x.seats for x in data.licences):,}",
                    "",
                    _at_least(picture, money(picture.total, currency)),
                    "",
                    total_users,
                    money(picture.cost_per_active_user, currency),
                ),
            )
        )
    else:
        blocks.append(Text("No AI licence spend was recorded.", "empty"))
    blocks.append(
        Figures(
            (
                (_at_least(picture, money(picture.total, currency)), "spent a month"),
                (_at_least(picture, money(picture.total * 12, currency)), "a year at this rate"),
                (money(picture.accounted, currency), "accounted to owned use cases"),
                (
                    _at_least(picture, money(picture.unaccounted, currency)),
                    f"unaccounted ({_at_least(picture, percent(picture.unaccounted_share))})"
                    if picture.total
                    else "unaccounted",
                ),
            )
        )
    )
    blocks.append(Text(_spend_sentence(picture, currency, licences=len(data.licences)), "body"))
    blocks.append(Heading("Use cases that account for spend", 3))
    if picture.accounted_ideas:
        blocks.append(
            Table(
                (
                    Column("Use case", 0.36),
                    Column("Owner", 0.16),
                    Column("Success metric", 0.32),
                    Column("Budget / month", 0.16, True),
                ),
                tuple(
                    (
                        cell(i.text),
                        cell(i.owner),
                        cell(i.success_metric),
                        money(i.monthly_budget, currency),
                    )
                    for i in picture.accounted_ideas
                ),
                total=("Accounted", "", "", money(picture.accounted, currency)),
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
    if picture.unowned_budgets:
        blocks.append(
            Text(
                "Budgets that do not count yet, for want of an owner or a success metric: "
                + "; ".join(
                    f"{cell(i.text)} ({money(i.monthly_budget, currency)})"
                    for i in picture.unowned_budgets
                )
                + ".",
                "note",
            )
        )
    return blocks


def _next_steps(data: WorkshopData) -> list[Block]:
    if not data.actions:
        return [Text("No next steps were agreed.", "empty")]
    ideas = {i.id: i for i in data.ideas}
    rows = []
    for n, action in enumerate(scoring.ordered_actions(data.actions), start=1):
        owner: Cell = cell(action.owner) if action.owner.strip() else Styled("No owner", "bad")
        linked = cell(ideas[action.idea_id].text) if action.idea_id in ideas else ""
        rows.append((str(n), cell(action.text), owner, long_date(action.due) or "—", linked))
    return [
        Table(
            (
                Column("#", 0.04, True),
                Column("Next step", 0.38),
                Column("Owner", 0.16),
                Column("Due", 0.14),
                Column("Use case", 0.28),
            ),
            tuple(rows),
        )
    ]


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
        add(note.exercise_id, label, note.text + (f" — {author}" if author else ""))
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
                a.text, [f"owner: {a.owner}" if a.owner else "", f"due {a.due}" if a.due else ""]
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
    shown = [d for d in details if d]
    return text + (f" ({'; '.join(shown)})" if shown else "")


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


def _appendix(data: WorkshopData) -> list[Block]:
    blocks: list[Block] = [Heading("A. Every capture, by exercise", 3)]
    if len(data.meta.objective.strip()) > OBJECTIVE_LIMIT:
        blocks += [Heading("The mandate, in full", 4), Text(data.meta.objective.strip(), "body")]
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
                    "—" if diff is None else f"{diff:+d}{NBSP}min",
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
                    f"{difference:+d}{NBSP}min" if ran else "—",
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
