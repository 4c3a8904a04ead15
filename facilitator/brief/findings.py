"""What the brief tells leadership, as typed data: decisions, cases, risks, plan, money.

:func:`findings_of` turns a workshop snapshot into a :class:`Findings`: the
recommendations and the seat decision of the answer page, a business case per
use case, the four last-mile checks, a risk register, the people picture, the
spend picture, a 90-day roadmap and the next steps. Every figure is computed
here (its arithmetic in :mod:`facilitator.scoring`) and every figure carries
the text the brief prints (:class:`Figure`), so a renderer — PDF, Markdown,
Word, PowerPoint — lays it out and computes nothing: the four cannot disagree.

User text arrives trimmed for a table cell (:func:`cell`); the appendix keeps
every word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from facilitator import scoring
from facilitator.brief.wording import capitalised, long_date, names, of_them, plural, verb_for
from facilitator.model import Action, Concern, Idea, Problem
from facilitator.numbers import (
    at_least,
    at_most,
    count_column,
    money,
    money_column,
    percent,
    percents_adding_up,
    unit_price,
)
from facilitator.scoring import Status, WorkshopData

CELL_LIMIT = 900
"""Table cells show at most this many characters; the appendix has every word."""
CELL_LINES = 20
SUMMARY_LIMIT = 220
"""Characters of one item on the one-page executive summary."""
MANDATE_LIMIT = 420
"""Characters of the mandate on the answer page; a longer one is whole in the appendix."""
MANDATE_LINES = 8
"""Lines of the mandate on the answer page (a mandate check's notes are one a line)."""
RECOMMENDATIONS = 5
"""At most this many decisions on the answer page; the rest are on the readiness pages."""
SHORT_LIMIT = 48
"""Characters of a use case's name where it is named in a table about something else."""
ROADMAP_DAYS = (30, 60, 90)
DUE_SOON_DAYS = 14


# --- trimming user text -------------------------------------------------------------------


def cut(
    text: str, limit: int = CELL_LIMIT, *, note: str = "full text", lines: int = CELL_LINES
) -> str:
    """User text trimmed for a table cell (see :data:`CELL_LIMIT` and :data:`CELL_LINES`)."""
    text = text.strip()
    if text.count("\n") >= lines:  # a column of short lines is as tall as a page
        text = "\n".join(text.split("\n")[:lines]).rstrip()
        return text + f" … ({note} in the appendix)"
    if len(text) <= limit:
        return text
    space = text.rfind(" ", int(limit * 0.8), limit)
    return text[: space if space > 0 else limit].rstrip() + f" … ({note} in the appendix)"


def mandate_of(objective: str) -> str:
    """The objective as the brief prints it: a line for each line typed or note made
    the objective (notes run together would read as one garbled sentence), the
    spaces inside each line tidied, blank lines dropped."""
    return "\n".join(" ".join(line.split()) for line in objective.splitlines() if line.strip())


def cell(text: str) -> str:
    return cut(text)


def short(text: str, limit: int) -> str:
    """The start of *text*, cut at a word, with "…" when cut (no appendix note: the
    whole text is a column away)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    space = text.rfind(" ", int(limit * 0.6), limit)
    return text[: space if space > 0 else limit].rstrip(" ,;:") + "…"


def summary_line(text: str) -> str:
    """User text as one line of the executive summary: a page that must never
    overflow, so long entries are cut (the appendix has them whole)."""
    return cut(" ".join(text.split()), SUMMARY_LIMIT)


# --- the typed findings ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A number and how the brief writes it ("$820,000", "215 %", "4,100")."""

    value: float | None
    text: str


NO_FIGURE = Figure(None, "—")


@dataclass(frozen=True)
class ProblemCost:
    """A problem a use case solves, with what it costs today and how it is measured."""

    text: str
    cost: str
    """The captured rough cost, as typed ("≈ $1.2M a year"); "" when none."""
    baseline: str


@dataclass(frozen=True)
class ProblemLine:
    """A row of the problem inventory, most votes first."""

    rank: int
    text: str
    who: str
    frequency: str
    impact: int | None
    votes: int
    baseline: str
    cost: str


@dataclass(frozen=True)
class UseCase:
    """One ranked idea and its business case: the cost of the problem it solves
    against its budget, and how success is measured."""

    id: str
    rank: int
    title: str
    kind: str
    value_type: str | None
    value: int | None
    feasibility: int | None
    priority: int | None
    votes: int
    shortlisted: bool
    status: Status | None
    """Last-mile readiness; None when nobody assessed it."""
    status_text: str
    owner: str
    success_metric: str
    budget: Figure
    """A month."""
    budget_year: Figure
    licence: str
    """The licence it draws on; "" when it names none."""
    problems: tuple[ProblemCost, ...]
    blockers: tuple[str, ...]
    gaps: tuple[str, ...]
    blocker: str
    """The worst blocker in one line ("Production safety 1/5: …"); "" unless blocked."""

    @property
    def label(self) -> str:
        return f"#{self.rank} {self.title}"

    @property
    def short_label(self) -> str:
        """ "#3 A "can I paste this?" assistant …": enough to recognise it in a
        table about something else."""
        return f"#{self.rank} {short(self.title, SHORT_LIMIT)}"


@dataclass(frozen=True)
class Recommendation:
    """A decision leadership is asked for: one shortlisted use case."""

    rank: int
    use_case: str
    decision: str
    owner: str
    monthly: Figure
    status: Status | None
    status_text: str
    blocker: str
    """One line, when blocked."""


@dataclass(frozen=True)
class SeatOption:
    """One way to decide about idle seats, and what it does to the spend."""

    name: str
    what: str
    effect: str


@dataclass(frozen=True)
class IdleSeats:
    """One licence line's seats nobody uses."""

    tool: str
    seats: Figure
    active: Figure
    idle: Figure
    price: Figure
    monthly: Figure
    yearly: Figure
    drawn_on_by: tuple[str, ...]
    """Use cases that name this licence as the one they draw on."""


@dataclass(frozen=True)
class SeatDecision:
    """Idle seats × price, a month and a year, and the options."""

    lines: tuple[IdleSeats, ...]
    idle: Figure
    monthly: Figure
    yearly: Figure
    headline: str
    options: tuple[SeatOption, ...]
    known: bool
    """Whether any licence line has both a price and a share of seats in use."""


@dataclass(frozen=True)
class Tally:
    """How many use cases have one readiness status, and their budgets a month."""

    status: Status | None
    label: str
    count: int
    amount: Figure
    yearly: Figure


@dataclass(frozen=True)
class FundingAsk:
    """The shortlist's budgets: the money leadership is asked to commit."""

    total: Figure
    yearly: Figure
    use_cases: int
    tallies: tuple[Tally, ...]
    """Ready, needs work, blocked, not assessed — those with at least one use case."""
    without_budget: int
    sentence: str


@dataclass(frozen=True)
class Answer:
    """Page 2: what leadership decides."""

    headline: str
    mandate: str
    recommendations: tuple[Recommendation, ...]
    more: int
    """Shortlisted use cases beyond those recommended here (their decisions are in
    the readiness section)."""
    seats: SeatDecision
    funding: FundingAsk


@dataclass(frozen=True)
class LastMileCheck:
    """One of the four checks for one use case."""

    name: str
    status: Status | None
    verdict: str
    """"Pass", "Weak", "Fails" or "Not scored"."""
    score: int | None
    evidence: str


@dataclass(frozen=True)
class LastMile:
    """A shortlisted use case's four checks, and its readiness card."""

    rank: int
    title: str
    status: Status | None
    status_text: str
    checks: tuple[LastMileCheck, ...]
    owner: str
    metric: str
    blockers: tuple[str, ...]
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class Risk:
    """A row of the risk register: a last-mile weakness or a stakeholder concern,
    linked to the use case it threatens."""

    number: int
    source: str
    risk: str
    threatens: str
    severity: int | None
    blocks: bool
    """Whether it stops production under the readiness rule."""
    mitigation: str
    owner: str
    due: str
    concern_id: str = ""
    """The concern it comes from; "" for a last-mile weakness."""


@dataclass(frozen=True)
class ConcernLine:
    """A stakeholder concern as the brief prints it (never the author of an anonymous one)."""

    text: str
    category: str
    who: str
    severity: int | None
    mitigation: str
    owner: str
    due: str
    use_cases: str
    risk: int | None = None
    """Its number in the risk register."""


@dataclass(frozen=True)
class Stance:
    """Where some of the room stands: champions are named, the others counted."""

    label: str
    count: int
    detail: str


@dataclass(frozen=True)
class People:
    """The concerns raised and where the room stands."""

    concerns: tuple[ConcernLine, ...]
    by_category: tuple[tuple[str, int], ...]
    total: int
    anonymous: int
    summary: str
    stances: tuple[Stance, ...]


@dataclass(frozen=True)
class LicenceLine:
    """A row of the spend table; its figures add up to the totals shown."""

    tool: str
    seats: Figure
    price: Figure
    monthly: Figure
    active_share: Figure
    active: Figure
    idle: Figure
    per_active_user: Figure
    drawn_on_by: tuple[str, ...]


@dataclass(frozen=True)
class SpendPicture:
    """Licence spend against the use cases that account for it."""

    lines: tuple[LicenceLine, ...]
    seats: Figure
    total: Figure
    yearly: Figure
    active: Figure
    idle: Figure
    per_active_user: Figure
    accounted: Figure
    accounted_year: Figure
    accounted_share: Figure
    """True share, above 100 % when budgets exceed the spend."""
    unaccounted: Figure
    unaccounted_share: Figure
    over_budgeted: bool
    complete: bool
    by_status: tuple[Tally, ...]
    accounted_cases: tuple[UseCase, ...]
    unowned: tuple[UseCase, ...]
    """Budgets that do not count: no owner or no success metric."""
    sentence: str
    assumption: str


@dataclass(frozen=True)
class Milestone:
    """A dated step of the roadmap: a next step agreed in the room, or a gate."""

    when: str
    what: str
    owner: str
    kind: str
    """"Next step" or "Gate"."""
    use_case: str


@dataclass(frozen=True)
class Phase:
    """A month of the roadmap: what is due in it, gates included."""

    title: str
    theme: str
    window: str
    items: tuple[Milestone, ...]


@dataclass(frozen=True)
class Roadmap:
    """Pilot → production gates over 90 days, from the commitments and the shortlist."""

    start: str
    phases: tuple[Phase, ...]
    later: tuple[Milestone, ...]
    undated: tuple[Milestone, ...]

    @property
    def empty(self) -> bool:
        return not (any(p.items for p in self.phases) or self.later or self.undated)


@dataclass(frozen=True)
class NextStep:
    """A RACI-like row: who does it, who answers for it, by when, where it stands."""

    number: int
    text: str
    responsible: str
    accountable: str
    due: str
    status: str
    tone: str
    """"bad", "warn" or "" — how the status reads."""
    use_case: str


@dataclass(frozen=True)
class Findings:
    """Everything the brief says, typed; what every renderer reads."""

    currency: str
    answer: Answer
    problems: tuple[ProblemLine, ...]
    use_cases: tuple[UseCase, ...]
    last_mile: tuple[LastMile, ...]
    risks: tuple[Risk, ...]
    people: People
    spend: SpendPicture
    roadmap: Roadmap
    next_steps: tuple[NextStep, ...]

    @property
    def shortlist(self) -> tuple[UseCase, ...]:
        return tuple(u for u in self.use_cases if u.shortlisted)


# --- computing them -------------------------------------------------------------------------

STATUS_ORDER: tuple[Status | None, ...] = (Status.READY, Status.NEEDS_WORK, Status.BLOCKED, None)
VERDICTS = {Status.READY: "Pass", Status.NEEDS_WORK: "Weak", Status.BLOCKED: "Fails", None: ""}


def findings_of(data: WorkshopData, issued: date) -> Findings:
    """Everything the brief says about *data*, as of the *issued* date."""
    currency = data.meta.currency
    ranked = scoring.ranked_ideas(data.ideas)
    chosen = {i.id for i in scoring.shortlist(data.ideas)}
    tools = {line.id: line.tool for line in data.licences}
    use_cases = tuple(
        _use_case(
            idea,
            n,
            problems=data.problems,
            tools=tools,
            currency=currency,
            shortlisted=idea.id in chosen,
        )
        for n, idea in enumerate(ranked, start=1)
    )
    by_id = {u.id: u for u in use_cases}
    ideas = {i.id: i for i in data.ideas}
    shortlist = [u for u in use_cases if u.shortlisted]
    seats = _seat_decision(data, by_id, currency)
    funding = _funding(shortlist, currency)
    risks = _risks(data, shortlist, ideas, by_id)
    answer = Answer(
        headline=_headline(shortlist, seats),
        mandate=cut(
            mandate_of(data.meta.objective),
            MANDATE_LIMIT,
            note="the full mandate",
            lines=MANDATE_LINES,
        ),
        recommendations=_recommendations(shortlist),
        more=max(len(shortlist) - RECOMMENDATIONS, 0),
        seats=seats,
        funding=funding,
    )
    return Findings(
        currency=currency,
        answer=answer,
        problems=_problems(data.problems),
        use_cases=use_cases,
        last_mile=tuple(_last_mile(u, ideas[u.id], data.problems) for u in shortlist),
        risks=risks,
        people=_people(data, by_id, {r.concern_id: r.number for r in risks if r.concern_id}),
        spend=_spend(data, by_id, currency),
        roadmap=_roadmap(data, shortlist, by_id, issued),
        next_steps=_next_steps(data.actions, ideas, by_id, issued),
    )


def _money(amount: float | None, currency: str) -> Figure:
    return Figure(amount, money(amount, currency)) if amount is not None else NO_FIGURE


def _count(number: float | None) -> Figure:
    return NO_FIGURE if number is None else Figure(number, f"{number:,.0f}")


def _use_case(
    idea: Idea,
    rank: int,
    *,
    problems: Sequence[Problem],
    tools: dict[str, str],
    currency: str,
    shortlisted: bool,
) -> UseCase:
    by_id = {p.id: p for p in problems}
    status = scoring.standing(idea)
    verdict = scoring.readiness(idea)
    budget = idea.monthly_budget or None
    return UseCase(
        id=idea.id,
        rank=rank,
        title=cell(idea.text),
        kind=scoring.VALUE_TYPE_LABELS[idea.value_type],
        value_type=idea.value_type,
        value=idea.value,
        feasibility=idea.feasibility,
        priority=scoring.priority(idea),
        votes=idea.votes,
        shortlisted=shortlisted,
        status=status,
        status_text=scoring.status_label(status),
        owner=cell(idea.owner),
        success_metric=cell(idea.success_metric),
        budget=_money(budget, currency),
        budget_year=_money(None if budget is None else budget * 12, currency),
        licence=cell(tools.get(idea.licence_id or "", "")),
        problems=tuple(
            ProblemCost(cell(p.text), cell(p.cost_estimate), cell(p.baseline))
            for p in (by_id[x] for x in idea.problem_ids if x in by_id)
        ),
        blockers=verdict.blockers if status is not None else (),
        gaps=verdict.gaps if status is not None else (),
        blocker=summary_line(scoring.blocker_line(idea)),
    )


def _problems(problems: Sequence[Problem]) -> tuple[ProblemLine, ...]:
    return tuple(
        ProblemLine(
            n,
            cell(p.text),
            cell(p.who),
            cell(p.frequency),
            p.impact,
            p.votes,
            cell(p.baseline),
            cell(p.cost_estimate),
        )
        for n, p in enumerate(scoring.ranked_problems(problems), start=1)
    )


# --- the answer -----------------------------------------------------------------------------


def _decision(case: UseCase) -> str:
    if case.status is Status.READY:
        return "Approve for production"
    if case.status is Status.NEEDS_WORK:
        return "Fund a pilot; before production close: " + "; ".join(case.gaps)
    if case.status is Status.BLOCKED:
        return "Hold: no production until the blocker is resolved"
    return "Test the last mile before funding it"


def _recommendations(shortlist: Sequence[UseCase]) -> tuple[Recommendation, ...]:
    chosen = sorted(shortlist[:RECOMMENDATIONS], key=lambda u: STATUS_ORDER.index(u.status))
    return tuple(
        Recommendation(
            rank=u.rank,
            use_case=u.title,
            decision=_decision(u),
            owner=u.owner,
            monthly=u.budget,
            status=u.status,
            status_text=u.status_text,
            blocker=u.blocker if u.status is Status.BLOCKED else "",
        )
        for u in chosen
    )


def _headline(shortlist: Sequence[UseCase], seats: SeatDecision) -> str:
    """The answer in one sentence: what to approve, pilot, hold and decide."""
    counts = {s: sum(1 for u in shortlist if u.status is s) for s in STATUS_ORDER}
    parts = []
    if counts[Status.READY]:
        parts.append(f"approve {plural(counts[Status.READY], 'use case')} for production")
    if counts[Status.NEEDS_WORK]:
        parts.append(f"fund {plural(counts[Status.NEEDS_WORK], 'pilot')}")
    if counts[Status.BLOCKED]:
        n = counts[Status.BLOCKED]
        parts.append(f"hold {n} until {verb_for(n, 'its', 'their')} blockers are resolved")
    if counts[None]:
        more = " more" if parts else ""
        parts.append(
            f"test {plural(counts[None], 'use case' + more, 'use cases' + more)} for the last mile"
        )
    if seats.known and seats.idle.value:
        parts.append(
            f"decide on {plural(int(seats.idle.value), 'idle seat')} that "
            f"{verb_for(int(seats.idle.value), 'costs', 'cost')} {seats.monthly.text} a month"
        )
    if not shortlist:
        lead = (
            "No use case is ready for a decision yet: score the ideas for value and "
            "feasibility, then test the best for the last mile"
        )
        return lead + (f"; meanwhile, {parts[-1]}." if parts else ".")
    return capitalised(names(parts)) + "."


def _seat_decision(data: WorkshopData, cases: dict[str, UseCase], currency: str) -> SeatDecision:
    drawn = scoring.draws_on(data.ideas, data.licences)
    lines = []
    for line in scoring.seat_lines(list(data.licences)):
        price = line.licence.price_per_seat_month
        if line.idle is None or price is None or not line.idle:
            continue
        cost = line.idle_cost or 0.0
        lines.append(
            IdleSeats(
                tool=cell(line.licence.tool),
                seats=_count(line.licence.seats),
                active=_count(line.active),
                idle=_count(line.idle),
                price=Figure(price, unit_price(price, currency)),
                monthly=_money(cost, currency),
                yearly=_money(cost * 12, currency),
                drawn_on_by=tuple(cases[i.id].label for i in drawn.get(line.licence.id, [])),
            )
        )
    lines.sort(key=lambda x: -(x.monthly.value or 0))
    known = any(
        line.active_share is not None and line.price_per_seat_month is not None
        for line in data.licences
    )
    idle = sum(int(x.idle.value or 0) for x in lines)
    monthly = sum(x.monthly.value or 0.0 for x in lines)
    figures = (_count(idle), _money(monthly, currency), _money(monthly * 12, currency))
    if not data.licences:
        headline = ""
    elif not known:
        headline = (
            "Nobody recorded what share of the seats is used, so idle seats cannot be "
            "counted: record each licence's active share before the renewal."
        )
    elif not idle:
        headline = "Every seat recorded is in use: there are no idle seats to decide on."
    else:
        headline = _seat_headline(lines, *figures)
    named = sum(len(x.drawn_on_by) for x in lines)
    options = (
        ()
        if not idle
        else (
            SeatOption(
                "Cancel",
                f"Cancel the {plural(idle, 'idle seat')} at the next renewal.",
                f"Saves {figures[1].text} a month, {figures[2].text} a year.",
            ),
            SeatOption(
                "Reassign",
                "Give idle seats to the teams of the shortlisted use cases before buying "
                "anything new.",
                "Saves nothing now; the pilots need no new seats.",
            ),
            SeatOption(
                "Keep for named use cases",
                "Keep the seats a named use case with an owner uses; cancel the rest.",
                (
                    # Only licences with idle seats are in *lines*: said so, or the cost
                    # page, which counts every licence named, seems to disagree.
                    f"{plural(named, 'use case')} {verb_for(named, 'draws', 'draw')} on a "
                    "licence with idle seats; the saving is the idle seats no use case needs."
                    if named
                    else "No use case names a licence it draws on yet; until one does, every "
                    "idle seat would go."
                ),
            ),
        )
    )
    return SeatDecision(tuple(lines), *figures, headline, options, known)


def _seat_headline(
    lines: Sequence[IdleSeats], idle: Figure, monthly: Figure, yearly: Figure
) -> str:
    verb = verb_for(int(idle.value or 0), "costs", "cost")
    cost = f"{monthly.text} a month, {yearly.text} a year"
    if len(lines) == 1:
        (line,) = lines
        return f"{line.idle.text} of the {line.seats.text} seats ({line.tool}) are idle: {cost}."
    text = f"{plural(int(idle.value or 0), 'idle seat')} {verb} {cost}"
    first = lines[0]
    return f"{text}; {first.idle.text} of them on {first.tool} ({first.monthly.text} a month)."


def _tallies(
    cases: Sequence[UseCase], currency: str, *, keep_empty: bool = False
) -> tuple[Tally, ...]:
    out = []
    for status in STATUS_ORDER:
        chosen = [u for u in cases if u.status is status]
        if chosen or keep_empty:
            amount = sum(u.budget.value or 0.0 for u in chosen)
            out.append(
                Tally(
                    status,
                    scoring.status_label(status),
                    len(chosen),
                    _money(amount, currency),
                    _money(amount * 12, currency),
                )
            )
    return tuple(out)


def _funding(shortlist: Sequence[UseCase], currency: str) -> FundingAsk:
    total = sum(u.budget.value or 0.0 for u in shortlist)
    tallies = _tallies(shortlist, currency)
    without = sum(1 for u in shortlist if u.budget.value is None)
    if not shortlist:
        sentence = "No use case is shortlisted, so no funding is asked for yet."
    elif not total:
        which = (
            "the shortlisted use case"
            if len(shortlist) == 1
            else f"the {plural(len(shortlist), 'shortlisted use case')}"
        )
        sentence = f"No budget is set yet for {which}, so no funding is asked for."
    else:
        parts = []
        for t in tallies:
            label = {Status.NEEDS_WORK: "needing work", None: "not assessed"}.get(
                t.status, t.label.lower()
            )
            held = " — held until unblocked" if t.status is Status.BLOCKED else ""
            parts.append(f"{t.count} {label} ({t.amount.text}{held})")
        sentence = (
            f"Funding asked: {money(total, currency)} a month ({money(total * 12, currency)} "
            f"a year) for {plural(len(shortlist), 'shortlisted use case')}: {names(parts)}."
        )
        if without:
            sentence += (
                f" {capitalised(of_them(without, len(shortlist)))} of them "
                f"{verb_for(without, 'has', 'have')} no budget yet."
                if len(shortlist) > 1
                else " It has no budget yet."
            )
    return FundingAsk(
        _money(total, currency),
        _money(total * 12, currency),
        len(shortlist),
        tallies,
        without,
        sentence,
    )


# --- readiness, risks, people ---------------------------------------------------------------


def _last_mile(case: UseCase, idea: Idea, problems: Sequence[Problem]) -> LastMile:
    checks = tuple(
        LastMileCheck(
            name=scoring.CHECKS[check.key],
            status=check.status,
            verdict=VERDICTS[check.status] or "Not scored",
            score=check.score,
            evidence=cell(check.evidence),
        )
        for check in scoring.last_mile_checks(idea, problems)
    )
    return LastMile(
        case.rank,
        case.title,
        case.status,
        case.status_text,
        checks,
        case.owner,
        case.success_metric,
        case.blockers,
        case.gaps,
    )


def _first_step(actions: Sequence[Action], idea_id: str) -> Action | None:
    linked = [a for a in scoring.ordered_actions(actions) if a.idea_id == idea_id]
    return linked[0] if linked else None


def _risks(
    data: WorkshopData,
    shortlist: Sequence[UseCase],
    ideas: dict[str, Idea],
    cases: dict[str, UseCase],
) -> tuple[Risk, ...]:
    found: list[tuple[tuple[int, int, int], Risk]] = []
    for case in shortlist:
        idea = ideas[case.id]
        step = _first_step(data.actions, idea.id)
        for dimension, label in scoring.DIMENSION_LABELS.items():
            rating = getattr(idea.readiness, dimension)
            status = scoring.rating_status(dimension, rating.score)
            if rating.score is None or status is Status.READY:
                continue
            severity = scoring.readiness_severity(rating.score)
            note = cell(" ".join(rating.note.split()))
            risk = Risk(
                number=0,
                source="Last mile",
                risk=f"{label} {rating.score}/5" + (f": {note}" if note else ""),
                threatens=case.short_label,
                severity=severity,
                blocks=status is Status.BLOCKED,
                mitigation=f"Next step: {cell(step.text)}" if step else "",
                owner=cell(step.owner) if step and step.owner.strip() else case.owner,
                due=long_date(step.due) if step else "",
            )
            found.append(((-severity, 0 if risk.blocks else 1, len(found)), risk))
    for concern in data.concerns:
        threatened = [cases[i].short_label for i in concern.idea_ids if i in cases]
        risk = Risk(
            number=0,
            source=f"Concern · {scoring.CATEGORY_LABELS[concern.category].lower()}",
            risk=cell(concern.text),
            threatens="; ".join(threatened),
            severity=concern.severity,
            blocks=False,
            mitigation=cell(concern.mitigation),
            owner=cell(concern.owner),
            due=long_date(concern.due),
            concern_id=concern.id,
        )
        found.append(((-(concern.severity or 0), 1, len(found)), risk))
    found.sort(key=lambda pair: pair[0])
    return tuple(replace(r, number=n) for n, (_, r) in enumerate(found, start=1))


STANCE_LABELS = {
    "champion": "Champions",
    "neutral": "Neutral",
    "sceptical": "Sceptical",
    "worried": "Worried",
}


def _people(data: WorkshopData, cases: dict[str, UseCase], numbers: dict[str, int]) -> People:
    names_of = {p.id: p.name for p in data.participants}
    concerns = [
        replace(_concern_line(c, names_of, cases), risk=numbers.get(c.id))
        for c in scoring.ranked_concerns(data.concerns)
    ]
    total = len(data.concerns)
    anonymous = sum(1 for c in data.concerns if c.anonymous)
    leading = leading_categories(scoring.concerns_by_category(data.concerns))
    if not total:
        summary = "No concerns were captured."
    elif total == 1:
        summary = "1 concern, raised " + ("anonymously" if anonymous else "by name") + "."
    else:
        summary = (
            f"{plural(total, 'concern')}, {of_them(anonymous, total)} raised anonymously; "
            f"{leading}."
        )
    if anonymous:
        summary += " Authors of anonymous concerns are not recorded anywhere."
    return People(
        concerns=tuple(concerns),
        by_category=tuple(scoring.concerns_by_category(data.concerns)),
        total=total,
        anonymous=anonymous,
        summary=summary,
        stances=_stances(data),
    )


def leading_categories(counts: list[tuple[str, int]]) -> str:
    """Which kinds of concern lead, ties told as ties: never one of six equals
    named as if it came second."""
    if not counts:
        return "none has a category"

    def named(pairs: list[tuple[str, int]]) -> str:
        return names(f"{label.lower()} ({n})" for label, n in pairs)

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


def _concern_line(c: Concern, names_of: dict[str, str], cases: dict[str, UseCase]) -> ConcernLine:
    who = cell(c.stakeholder_group)
    # The author of an anonymous concern is never printed, even if a record held one.
    if (person := scoring.raised_by(c)) is not None and person in names_of:
        who = (who + "\n" if who else "") + f"Raised by {cell(names_of[person])}"
    return ConcernLine(
        text=cell(c.text),
        category=scoring.CATEGORY_LABELS[c.category],
        who=who,
        severity=c.severity,
        mitigation=cell(c.mitigation),
        owner=cell(c.owner),
        due=long_date(c.due),
        use_cases="; ".join(f"#{cases[i].rank}" for i in c.idea_ids if i in cases),
    )


def _stances(data: WorkshopData) -> tuple[Stance, ...]:
    """Champions by name and role (they sponsor the pilots); everyone else counted by
    department, never named: a read of the room is not a verdict on a person."""
    out = []
    for stance, label in STANCE_LABELS.items():
        people = [p for p in data.participants if p.stance == stance]
        if not people:
            continue
        if stance == "champion":
            detail = names(
                cell(p.name) + (f" ({cell(p.role)})" if p.role.strip() else "") for p in people
            )
        else:
            departments: dict[str, int] = {}
            for p in people:
                key = p.department.strip() or "no department given"
                departments[key] = departments.get(key, 0) + 1
            detail = names(cell(d) + (f" ({n})" if n > 1 else "") for d, n in departments.items())
        out.append(Stance(label, len(people), detail))
    return tuple(out)


# --- money ---------------------------------------------------------------------------------------


def _spend(data: WorkshopData, cases: dict[str, UseCase], currency: str) -> SpendPicture:
    picture = scoring.spend(data.licences, data.ideas)
    lines_in = list(data.licences)
    seats = scoring.seat_lines(lines_in)
    monthly_texts, total_text = money_column([x.monthly_cost for x in lines_in], currency)
    _, active_total = count_column([scoring.active_users(x) for x in lines_in])
    drawn = scoring.draws_on(data.ideas, data.licences)
    lines = tuple(
        LicenceLine(
            tool=cell(line.tool),
            seats=_count(line.seats),
            price=Figure(line.price_per_seat_month, unit_price(line.price_per_seat_month, currency))
            if line.price_per_seat_month is not None
            else NO_FIGURE,
            monthly=Figure(line.monthly_cost, text)
            if line.monthly_cost is not None
            else Figure(None, "price unknown"),
            active_share=Figure(line.active_share, percent(line.active_share)),
            active=_count(seat.active),
            idle=_count(seat.idle),
            per_active_user=Figure(
                seat.cost_per_active_user, unit_price(seat.cost_per_active_user, currency)
            ),
            drawn_on_by=tuple(cases[i.id].label for i in drawn.get(line.id, [])),
        )
        for line, seat, text in zip(lines_in, seats, monthly_texts, strict=True)
    )
    priced_active = sum(
        s.active or 0 for s in seats if s.active is not None and s.licence.monthly_cost is not None
    )
    per_user = picture.total_with_known_use / priced_active if priced_active else None
    accounted_cases = tuple(cases[i.id] for i in picture.accounted_ideas)
    known_use = any(x.active_share is not None for x in lines_in)
    accounted_percent, unaccounted_percent = percents_adding_up(picture.accounted_share)
    return SpendPicture(
        lines=lines,
        seats=_count(sum(x.seats for x in lines_in)),
        total=Figure(picture.total, total_text if lines_in else money(0, currency)),
        yearly=_money(picture.total * 12, currency),
        active=_count(active_total if known_use else None),
        idle=_count(sum(s.idle for s in seats if s.idle is not None) if known_use else None),
        per_active_user=Figure(per_user, unit_price(per_user, currency)),
        accounted=_money(picture.accounted, currency),
        accounted_year=_money(picture.accounted * 12, currency),
        accounted_share=Figure(picture.accounted_share, accounted_percent),
        unaccounted=_money(picture.unaccounted, currency),
        unaccounted_share=Figure(picture.unaccounted_share, unaccounted_percent),
        over_budgeted=picture.over_budgeted,
        complete=picture.complete,
        by_status=_tallies(accounted_cases, currency),
        accounted_cases=accounted_cases,
        unowned=tuple(cases[i.id] for i in picture.unowned_budgets),
        sentence=_spend_sentence(picture, currency, licences=len(lines_in)),
        assumption=_assumption(picture, accounted_cases, currency),
    )


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
    accounted_percent, unaccounted_percent = percents_adding_up(picture.accounted_share)
    text += (
        f"; {money(picture.accounted, currency)} "
        f"({at_most(accounted_percent, picture.complete)}) is "
        "accounted to named use cases with an owner and a success metric"
    )
    if picture.over_budgeted:
        over = money(picture.accounted - picture.total, currency)
        # With a line unpriced, the budgets exceed what is known, not what is paid.
        return text + (
            f": the use-case budgets exceed the licence spend by {over} a month."
            if picture.complete
            else f": more than the priced licences cost, by {over} a month."
        )
    return text + (
        f", leaving {at_least(money(picture.unaccounted, currency), picture.complete)} "
        f"({at_least(unaccounted_percent, picture.complete)}) unaccounted."
    )


def _assumption(picture: scoring.Spend, accounted: Sequence[UseCase], currency: str) -> str:
    """The assumption behind "accounted", said out loud, and what changes if it is wrong."""
    if not accounted:
        return ""
    named = sum(1 for u in accounted if u.licence)
    count = len(accounted)
    which = (
        f"{capitalised(of_them(named, count))} of the {plural(count, 'accounted use case')} "
        f"{verb_for(named, 'names', 'name')} the licence "
        f"{verb_for(named, 'it draws', 'they draw')} on"
        if count > 1
        else "The accounted use case "
        + ("names" if named else "does not name")
        + " the licence it draws on"
    )
    rest = (
        ""
        if named == count
        else "; the others are counted against the licence spend as a whole"
        if count > 1
        else "; it is counted against the licence spend as a whole"
    )
    return (
        "Assumption: use-case budgets are paid from the licences already bought, not new "
        f"money. {which}{rest}. If the budgets were new money, AI spend would rise to "
        f"{money(picture.total + picture.accounted, currency)} a month."
    )


# --- the plan ------------------------------------------------------------------------------------

PHASES = (
    ("Days 1–30", "Decide and start"),
    ("Days 31–60", "Pilot in the real workflow"),
    ("Days 61–90", "Production gate"),
)
GATES: dict[Status | None, tuple[tuple[int, str], ...]] = {
    Status.READY: ((0, "Pilot live in the real workflow"), (1, "Production go / no-go")),
    Status.NEEDS_WORK: (
        (0, "Close the gaps: {gaps}"),
        (1, "Pilot in the real workflow"),
        (2, "Production go / no-go"),
    ),
    Status.BLOCKED: (
        (0, "Resolve the blocker: {blockers}"),
        (2, "Re-test the last mile; no production before day 90"),
    ),
    None: (
        (0, "Score the last mile: workflow fit, real volume, production safety"),
        (1, "Decide: pilot or drop"),
    ),
}
"""Where each readiness status puts a shortlisted use case's gates (phase, step)."""


def _roadmap(
    data: WorkshopData, shortlist: Sequence[UseCase], cases: dict[str, UseCase], issued: date
) -> Roadmap:
    try:
        start = date.fromisoformat(data.meta.date) if data.meta.date else issued
    except ValueError:
        start = issued
    ends = [start + timedelta(days=d) for d in ROADMAP_DAYS]
    placed: list[list[tuple[str, int, Milestone]]] = [[] for _ in PHASES]
    later: list[Milestone] = []
    undated: list[Milestone] = []
    for action in scoring.ordered_actions(data.actions):
        case = cases.get(action.idea_id or "")
        step = Milestone(
            when=long_date(action.due),
            what=cell(action.text),
            owner=cell(action.owner),
            kind="Next step",
            use_case=case.short_label if case else "",
        )
        if not action.due:
            undated.append(step)
            continue
        due = date.fromisoformat(action.due)
        phase = next((n for n, end in enumerate(ends) if due <= end), None)
        if phase is None:
            later.append(step)
        else:
            placed[phase].append((action.due, 0, step))
    for case in shortlist:
        for phase, what in GATES[case.status]:
            text = what.format(
                gaps="; ".join(case.gaps) or "none", blockers="; ".join(case.blockers) or "none"
            )
            gate = Milestone(
                long_date(ends[phase].isoformat()), text, case.owner, "Gate", case.short_label
            )
            placed[phase].append((ends[phase].isoformat(), 1, gate))
    phases = []
    previous = start
    for (title, theme), end, items in zip(PHASES, ends, placed, strict=True):
        items.sort(key=lambda x: (x[0], x[1]))
        first_day = long_date((previous + timedelta(days=1)).isoformat())
        window = f"{first_day} to {long_date(end.isoformat())}"
        phases.append(Phase(title, theme, window, tuple(m for *_, m in items)))
        previous = end
    return Roadmap(long_date(start.isoformat()), tuple(phases), tuple(later), tuple(undated))


def _next_steps(
    actions: Sequence[Action], ideas: dict[str, Idea], cases: dict[str, UseCase], issued: date
) -> tuple[NextStep, ...]:
    out = []
    for n, action in enumerate(scoring.ordered_actions(actions), start=1):
        idea = ideas.get(action.idea_id or "")
        case = cases.get(action.idea_id or "")
        status, tone = _step_status(action, issued)
        out.append(
            NextStep(
                number=n,
                text=cell(action.text),
                responsible=cell(action.owner),
                accountable=cell(idea.owner) if idea is not None else "",
                due=long_date(action.due),
                status=status,
                tone=tone,
                use_case=case.short_label if case else "",
            )
        )
    return tuple(out)


def _step_status(action: Action, issued: date) -> tuple[str, str]:
    if not action.owner.strip():
        return "No owner", "bad"
    if not action.due:
        return "No date", "warn"
    days = (date.fromisoformat(action.due) - issued).days
    if days < 0:
        return "Overdue", "bad"
    if days <= DUE_SOON_DAYS:
        return "Due soon", "warn"
    return "Open", ""


__all__ = [
    "Answer",
    "ConcernLine",
    "Figure",
    "Findings",
    "FundingAsk",
    "IdleSeats",
    "LastMile",
    "LastMileCheck",
    "LicenceLine",
    "Milestone",
    "NextStep",
    "People",
    "Phase",
    "ProblemCost",
    "ProblemLine",
    "Recommendation",
    "Risk",
    "Roadmap",
    "SeatDecision",
    "SeatOption",
    "SpendPicture",
    "Stance",
    "Tally",
    "UseCase",
    "cell",
    "cut",
    "findings_of",
    "summary_line",
]
