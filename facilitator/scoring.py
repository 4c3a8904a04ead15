"""The workshop's arithmetic and rules: ranking, readiness, spend, the people picture.

Everything the brief, the exports and the exercise views say about priorities
or money is computed here, from the records, never typed in — so the PDF and the
screen cannot disagree. :data:`RULES` states the rules in words for the brief's
appendix; keep it in step with the code beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from facilitator.model import (
    READINESS_DIMENSIONS,
    Action,
    AgendaItem,
    Concern,
    Idea,
    Licence,
    Note,
    Participant,
    Problem,
    Vote,
    WorkshopMeta,
)
from facilitator.numbers import count_column
from facilitator.workshop import Workshop

HIGH = 4
"""A value or feasibility of 4 or 5 is high; 1 to 3 is low (quadrant boundary)."""
SHORTLIST_SIZE = 5
"""When nobody starred ideas for the shortlist, the top five by priority are used."""

DIMENSION_LABELS = {
    "workflow": "Workflow fit",
    "volume": "Real volume",
    "safety": "Production safety",
}
CATEGORY_LABELS = {
    "jobs": "Jobs",
    "skills": "Skills",
    "trust": "Trust",
    "privacy_security": "Privacy & security",
    "cost": "Cost",
    "workload": "Workload",
    "other": "Other",
}
VALUE_TYPE_LABELS = {"new_value": "New value", "automation": "Automation", None: "Unclassified"}


@dataclass(frozen=True)
class WorkshopData:
    """An immutable snapshot of a workshop's records, safe to hand to a worker thread."""

    meta: WorkshopMeta
    agenda: tuple[AgendaItem, ...] = ()
    participants: tuple[Participant, ...] = ()
    problems: tuple[Problem, ...] = ()
    ideas: tuple[Idea, ...] = ()
    concerns: tuple[Concern, ...] = ()
    actions: tuple[Action, ...] = ()
    licences: tuple[Licence, ...] = ()
    votes: tuple[Vote, ...] = ()
    notes: tuple[Note, ...] = ()

    @classmethod
    def of(cls, workshop: Workshop) -> WorkshopData:
        return cls(
            meta=workshop.meta,
            agenda=tuple(workshop.typed(AgendaItem)),
            participants=tuple(workshop.typed(Participant)),
            problems=tuple(workshop.typed(Problem)),
            ideas=tuple(workshop.typed(Idea)),
            concerns=tuple(workshop.typed(Concern)),
            actions=tuple(workshop.typed(Action)),
            licences=tuple(workshop.typed(Licence)),
            votes=tuple(workshop.typed(Vote)),
            notes=tuple(workshop.typed(Note)),
        )

    @property
    def record_count(self) -> int:
        return sum(
            len(rows)
            for rows in (
                self.agenda,
                self.participants,
                self.problems,
                self.ideas,
                self.concerns,
                self.actions,
                self.licences,
                self.votes,
                self.notes,
            )
        )


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 vote', '3 votes' (or the given plural)."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"


# --- problems ---------------------------------------------------------------------


def ranked_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Most votes first, then highest impact, then the order they were named."""
    indexed = list(enumerate(problems))
    indexed.sort(key=lambda pair: (-pair[1].votes, -(pair[1].impact or 0), pair[0]))
    return [problem for _, problem in indexed]


# --- ideas ------------------------------------------------------------------------


def priority(idea: Idea) -> int | None:
    """Value × feasibility (1–25), or None until both are scored."""
    if idea.value is None or idea.feasibility is None:
        return None
    return idea.value * idea.feasibility


def quadrant(idea: Idea) -> str | None:
    """Where the idea sits on the value × feasibility matrix."""
    if idea.value is None or idea.feasibility is None:
        return None
    return quadrant_of(idea.value, idea.feasibility)


def quadrant_of(value: int, feasibility: int) -> str:
    high_value, high_feasibility = value >= HIGH, feasibility >= HIGH
    if high_value:
        return "Quick wins" if high_feasibility else "Big bets"
    return "Fill-ins" if high_feasibility else "Money pits"


def ranked_ideas(ideas: Iterable[Idea]) -> list[Idea]:
    """Highest priority first; at equal priority new value beats automation, then
    more votes, then higher value. Ideas not yet scored come last."""
    indexed = list(enumerate(ideas))

    def key(pair: tuple[int, Idea]) -> tuple[int, ...]:
        position, idea = pair
        score = priority(idea)
        return (
            0 if score is not None else 1,
            -(score or 0),
            0 if idea.value_type == "new_value" else 1,
            -idea.votes,
            -(idea.value or 0),
            position,
        )

    indexed.sort(key=key)
    return [idea for _, idea in indexed]


def shortlist(ideas: Sequence[Idea]) -> list[Idea]:
    """The ideas tested for the last mile: the starred ones, or else the top of the ranking."""
    starred = [idea for idea in ideas if idea.shortlisted]
    if starred:
        return ranked_ideas(starred)
    return [i for i in ranked_ideas(ideas) if priority(i) is not None][:SHORTLIST_SIZE]


@dataclass(frozen=True)
class ValueSplit:
    """How many ideas create new value and how many automate existing work."""

    new_value: int
    automation: int
    unclassified: int

    @property
    def total(self) -> int:
        return self.new_value + self.automation + self.unclassified

    def sentence(self) -> str:
        if not self.total:
            return "No ideas were captured."
        if self.total == 1:
            kind = {1: "creates new value", 2: "automates existing work"}
            which = 1 if self.new_value else 2 if self.automation else 0
            return f"The one idea {kind.get(which, 'is not yet classified')}."
        if self.unclassified == self.total:
            none = "Neither idea" if self.total == 2 else f"None of the {self.total} ideas"
            return f"{none} is classified yet as new value or automation."
        parts = []
        for count, one, many in (
            (self.new_value, "creates new value", "create new value"),
            (self.automation, "automates existing work", "automate existing work"),
            (self.unclassified, "not yet classified", "not yet classified"),
        ):
            if count == self.total:  # all of them: "both ideas", "all 3 ideas"
                every = "Both" if count == 2 else f"All {count}"
                return f"{every} ideas {many}."
            if count:
                parts.append(f"{count} {one if count == 1 else many}")
        if not self.new_value:
            return f"None of the {self.total} ideas creates new value; " + "; ".join(parts) + "."
        first = parts[0].replace(" ", f" of {self.total} ideas ", 1)
        return "; ".join([first, *parts[1:]]) + "."


def value_split(ideas: Iterable[Idea]) -> ValueSplit:
    counts = Counter(idea.value_type for idea in ideas)
    return ValueSplit(counts["new_value"], counts["automation"], counts[None])


# --- last-mile readiness ------------------------------------------------------------


class Status(Enum):
    """Whether a use case can go to production."""

    READY = "Ready"
    NEEDS_WORK = "Needs work"
    BLOCKED = "Blocked"


@dataclass(frozen=True)
class Verdict:
    """A readiness status and the reasons behind it, in plain words."""

    status: Status
    blockers: tuple[str, ...] = ()
    """What stops production under the rule (a 1, or safety of 2 or less)."""
    gaps: tuple[str, ...] = ()
    """What else is missing or weak, without blocking on its own."""

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.blockers + self.gaps


def rating_status(dimension: str, score: int | None) -> Status | None:
    """What one readiness score means under the rule below (None: not scored)."""
    if score is None:
        return None
    if score == 1 or (dimension == "safety" and score <= 2):
        return Status.BLOCKED
    return Status.READY if score >= HIGH else Status.NEEDS_WORK


def readiness(idea: Idea) -> Verdict:
    """The last-mile rule (stated in :data:`RULES`):

    * **Blocked** if any dimension scores 1, or production safety scores 2 or less;
    * **Ready** if all three score 4 or more and the use case has an owner and a
      success metric;
    * **Needs work** otherwise.
    """
    blockers: list[str] = []
    gaps: list[str] = []
    for dimension in READINESS_DIMENSIONS:
        rating = getattr(idea.readiness, dimension)
        label = DIMENSION_LABELS[dimension]
        status = rating_status(dimension, rating.score)
        if status is None:
            gaps.append(f"{label} not scored")
        elif status is Status.BLOCKED:
            blockers.append(f"{label} {rating.score}/5")
        elif status is Status.NEEDS_WORK:
            gaps.append(f"{label} {rating.score}/5")
    if not idea.owner.strip():
        gaps.append("no owner")
    if not idea.success_metric.strip():
        gaps.append("no success metric")
    if blockers:
        return Verdict(Status.BLOCKED, tuple(blockers), tuple(gaps))
    if gaps:
        return Verdict(Status.NEEDS_WORK, (), tuple(gaps))
    return Verdict(Status.READY)


NOT_ASSESSED = "Not assessed"
"""What a use case whose last mile nobody scored is: not "needs work", which would
claim somebody looked."""


def assessed(idea: Idea) -> bool:
    """Whether anyone scored the use case's last mile at all."""
    return any(getattr(idea.readiness, d).score is not None for d in READINESS_DIMENSIONS)


def standing(idea: Idea) -> Status | None:
    """The use case's readiness status, or None when it was never assessed."""
    return readiness(idea).status if assessed(idea) else None


def status_label(status: Status | None) -> str:
    return NOT_ASSESSED if status is None else status.value


def readiness_rows(
    ideas: Sequence[Idea], *, every: bool = False, kept: Collection[str] = ()
) -> list[Idea]:
    """The use cases the readiness grid lists: the shortlist first, in ranking
    order, then the other ideas by rank — all of them with *every*, else those whose
    ids are in *kept* (listed before in this run: taking one off the shortlist keeps
    its row instead of pulling it from under the cursor)."""
    chosen = shortlist(ideas)
    members = {i.id for i in chosen}
    others = [i for i in ranked_ideas(ideas) if i.id not in members and (every or i.id in kept)]
    return chosen + others


def readiness_tally(verdicts: Iterable[Verdict]) -> str:
    """``2 ready · 1 needs work · 1 blocked``: the shortlist's verdicts counted."""
    counts = Counter(v.status for v in verdicts)
    need = "needs" if counts[Status.NEEDS_WORK] == 1 else "need"
    return (
        f"{counts[Status.READY]} ready · {counts[Status.NEEDS_WORK]} {need} work · "
        f"{counts[Status.BLOCKED]} blocked"
    )


def blocker_line(idea: Idea) -> str:
    """What blocks the use case, in one line: the worst dimension's score and its note
    ("Production safety 1/5: a redaction miss would release personal data"), or ""."""
    blocked = [
        # Lowest score first; at an equal score safety first: it is the one that harms people.
        (rating.score or 0, dimension != "safety", DIMENSION_LABELS[dimension], rating.note)
        for dimension in READINESS_DIMENSIONS
        if rating_status(dimension, (rating := getattr(idea.readiness, dimension)).score)
        is Status.BLOCKED
    ]
    if not blocked:
        return ""
    score, _, label, note = min(blocked)
    note = " ".join(note.split())
    return f"{label} {score}/5" + (f": {note}" if note else "")


# --- the four last-mile checks ----------------------------------------------------------

CHECKS = {
    "problem": "Solves a named problem",
    "workflow": "Fits the workflow",
    "volume": "Takes real volume",
    "safety": "Safe in production",
}
"""The four ways a use case dies before production, as one checklist."""


@dataclass(frozen=True)
class Check:
    """One of the four last-mile checks for one use case."""

    key: str
    status: Status | None  # READY: passes; NEEDS_WORK: weak; BLOCKED: fails; None: not scored
    score: int | None
    evidence: str


def last_mile_checks(idea: Idea, problems: Sequence[Problem]) -> tuple[Check, ...]:
    """The four checks. A use case solves a named problem when it is linked to one
    (problem-first); it is weak when no linked problem has a baseline, since its
    success then cannot be measured."""
    by_id = {p.id: p for p in problems}
    linked = [by_id[i] for i in idea.problem_ids if i in by_id]
    if not linked:
        first = Check("problem", Status.BLOCKED, None, "no problem named")
    else:
        measured = [p for p in linked if p.baseline.strip()]
        evidence = " ".join((measured or linked)[0].text.split())
        first = Check(
            "problem",
            Status.READY if measured else Status.NEEDS_WORK,
            None,
            evidence if measured else f"{evidence} (no baseline to measure against)",
        )
    rest = tuple(
        Check(
            d,
            rating_status(d, (rating := getattr(idea.readiness, d)).score),
            rating.score,
            " ".join(rating.note.split()),
        )
        for d in READINESS_DIMENSIONS
    )
    return (first, *rest)


def readiness_severity(score: int) -> int:
    """How severe a weak last-mile score is as a risk (1–5): a 1 is a 5."""
    return max(1, min(5, 6 - score))


# --- spend ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spend:
    """Monthly AI spend against the use cases that account for it."""

    total: float
    active_users: float | None
    accounted: float
    accounted_ideas: tuple[Idea, ...]
    unowned_budgets: tuple[Idea, ...]
    """Use cases with a budget but no owner or no success metric: not accounted."""
    total_with_known_use: float = 0.0
    """Spend on the licence lines whose price and active share are both known."""
    active_users_priced: float | None = None
    """Active users on those same lines: the other half of cost per active user."""
    unpriced: tuple[Licence, ...] = ()
    """Licence lines whose price was not recorded: the total leaves them out."""

    @property
    def unaccounted(self) -> float:
        return max(self.total - self.accounted, 0.0)

    @property
    def unaccounted_share(self) -> float | None:
        return self.unaccounted / self.total if self.total else None

    @property
    def accounted_share(self) -> float | None:
        """Accounted over total, never capped: budgets of twice the spend are 2.0."""
        return self.accounted / self.total if self.total else None

    @property
    def cost_per_active_user(self) -> float | None:
        if not self.active_users_priced:
            return None
        return self.total_with_known_use / self.active_users_priced

    @property
    def complete(self) -> bool:
        """Every licence line has a price, so the total is the whole spend."""
        return not self.unpriced

    @property
    def known(self) -> bool:
        """The total is a figure: every line priced, or at least one (then the
        figures are lower bounds, ≥). With no line priced it is unknown, not 0."""
        return self.complete or self.total > 0

    @property
    def over_budgeted(self) -> bool:
        """Use-case budgets add up to more than the licences cost."""
        return self.accounted > self.total > 0


def is_accountable(idea: Idea) -> bool:
    """A use case accounts for spend when it has an owner, a success metric and a budget."""
    return not accountability_gaps(idea)


def accountability_gaps(idea: Idea) -> list[str]:
    """What a use case lacks to account for spend: "no owner", "no success metric",
    "no budget" (nothing when it is accountable)."""
    gaps = []
    if not idea.owner.strip():
        gaps.append("no owner")
    if not idea.success_metric.strip():
        gaps.append("no success metric")
    if not idea.monthly_budget:
        gaps.append("no budget")
    return gaps


def bears_on_spend(idea: Idea) -> bool:
    """Something about spend was typed for the use case: a budget, an owner or a
    success metric — half an account is worth seeing, to finish it."""
    return bool(idea.monthly_budget or idea.owner.strip() or idea.success_metric.strip())


def spend_cases(
    ideas: Sequence[Idea], *, every: bool = False, kept: Collection[str] = ()
) -> list[Idea]:
    """The use cases the spend sheet lists, in the workshop's order: those on the
    shortlist or bearing on spend (:func:`bears_on_spend`), all of them with
    *every*, and those whose ids are in *kept* (listed before in this run: clearing
    a budget keeps the row instead of pulling it from under the cursor)."""
    listed = {i.id for i in shortlist(ideas)}
    return [i for i in ideas if every or i.id in listed or i.id in kept or bears_on_spend(i)]


def spend(licences: Iterable[Licence], ideas: Iterable[Idea]) -> Spend:
    lines = list(licences)
    total = sum(line.monthly_cost or 0.0 for line in lines)
    known = [line for line in lines if line.active_share is not None]
    active = sum(line.seats * (line.active_share or 0.0) for line in known)
    # Cost per active user divides like by like: the cost and the users of the
    # lines where both the price and the share in use are known.
    both = [line for line in known if line.monthly_cost is not None]
    ideas = list(ideas)
    accountable = tuple(i for i in ideas if is_accountable(i))
    unowned = tuple(i for i in ideas if i.monthly_budget and not is_accountable(i))
    return Spend(
        total=total,
        active_users=active if known else None,
        accounted=sum(i.monthly_budget or 0.0 for i in accountable),
        accounted_ideas=accountable,
        unowned_budgets=unowned,
        total_with_known_use=sum(line.monthly_cost or 0.0 for line in both),
        active_users_priced=sum(line.seats * (line.active_share or 0.0) for line in both)
        if both
        else None,
        unpriced=tuple(line for line in lines if line.monthly_cost is None),
    )


@dataclass(frozen=True)
class SeatLine:
    """One licence line's seats as the brief shows them: active users rounded so the
    lines add up to the total shown, idle seats the rest."""

    licence: Licence
    active: int | None
    """Active users, whole, rounded with the other lines (largest remainder)."""
    idle: int | None

    @property
    def idle_cost(self) -> float | None:
        if self.idle is None or self.licence.price_per_seat_month is None:
            return None
        return self.idle * self.licence.price_per_seat_month

    @property
    def cost_per_active_user(self) -> float | None:
        """Cost over the active users *shown*: never a division by a figure shown as 0."""
        cost = self.licence.monthly_cost
        if not self.active or cost is None:
            return None
        return cost / self.active


def seat_lines(licences: Sequence[Licence]) -> list[SeatLine]:
    """Every licence line with its whole active users and idle seats."""
    active, _total = count_column([active_users(line) for line in licences])
    return [
        SeatLine(line, users, None if users is None else max(line.seats - users, 0))
        for line, users in zip(licences, active, strict=True)
    ]


def draws_on(ideas: Iterable[Idea], licences: Iterable[Licence]) -> dict[str, list[Idea]]:
    """Licence id -> the use cases that name it as the licence they draw on."""
    known = {line.id for line in licences}
    drawn: dict[str, list[Idea]] = {}
    for idea in ideas:
        if idea.licence_id in known:
            drawn.setdefault(idea.licence_id, []).append(idea)
    return drawn


def active_users(licence: Licence) -> float | None:
    if licence.active_share is None:
        return None
    return licence.seats * licence.active_share


def cost_per_active_user(licence: Licence) -> float | None:
    users = active_users(licence)
    cost = licence.monthly_cost
    if not users or cost is None:
        return None
    return cost / users


# --- people -----------------------------------------------------------------------------


def raised_by(record: object) -> str | None:
    """The id of the person a card is credited to, for any screen or file that
    names its author: never for an anonymous concern, even if a record held one."""
    if isinstance(record, Concern) and record.anonymous:
        return None
    person = getattr(record, "participant_id", None)
    return person if isinstance(person, str) and person else None


def concerns_by_category(concerns: Iterable[Concern]) -> list[tuple[str, int]]:
    """(category label, count), most frequent first; ties in the listed order."""
    counts = Counter(c.category for c in concerns)
    order = list(CATEGORY_LABELS)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    return [(CATEGORY_LABELS[category], n) for category, n in ranked]


def ranked_concerns(concerns: Iterable[Concern]) -> list[Concern]:
    """Most severe first, then the order they were raised."""
    indexed = list(enumerate(concerns))
    indexed.sort(key=lambda pair: (-(pair[1].severity or 0), pair[0]))
    return [concern for _, concern in indexed]


# --- next steps -------------------------------------------------------------------------


def has_owner(action: Action) -> bool:
    return bool(action.owner.strip())


def is_complete(action: Action) -> bool:
    """A next step with a named owner and a date: nothing to chase at the read-back."""
    return has_owner(action) and bool(action.due)


@dataclass(frozen=True)
class NextSteps:
    """The next steps agreed, counted as the read-back checks them."""

    total: int
    owned: int
    """With one named person who owns it."""
    undated: int

    @property
    def all_complete(self) -> bool:
        """Every step has an owner and a date: nothing to chase (see :func:`is_complete`)."""
        return self.owned == self.total and not self.undated

    def sentence(self) -> str:
        """``7 next steps · 5 with a named owner · 2 without a date``."""
        if not self.total:
            return "No next steps yet"
        parts = [plural(self.total, "next step"), f"{self.owned} with a named owner"]
        if self.undated:
            parts.append(f"{self.undated} without a date")
        return " · ".join(parts)


def next_steps(actions: Iterable[Action]) -> NextSteps:
    steps = list(actions)
    return NextSteps(
        total=len(steps),
        owned=sum(1 for a in steps if has_owner(a)),
        undated=sum(1 for a in steps if not a.due),
    )


def due_order(action: Action) -> tuple[bool, str]:
    """Where a next step goes in a list by date: by due date, undated last (the
    order they were agreed breaks ties)."""
    return (action.due is None, action.due or "")


def ordered_actions(actions: Iterable[Action]) -> list[Action]:
    """By due date (undated last), then the order they were agreed."""
    indexed = list(enumerate(actions))
    indexed.sort(key=lambda pair: (*due_order(pair[1]), pair[0]))
    return [action for _, action in indexed]


RULES = (
    (
        "Priority",
        "Value × feasibility, each scored 1 to 5 by the room, so priority runs from 1 to "
        "25. At equal priority an idea that creates new value ranks above one that "
        "automates existing work, then the one with more votes. Ideas not yet scored "
        "are listed last.",
    ),
    (
        "Matrix quadrants",
        "A score of 4 or 5 is high. Quick wins: high value and high feasibility. Big "
        "bets: high value, lower feasibility. Fill-ins: lower value, high feasibility. "
        "Money pits: both lower.",
    ),
    (
        "Shortlist",
        "The use cases the room starred for the last-mile test; if none were starred, "
        f"the top {SHORTLIST_SIZE} of the ideas scored for value and feasibility.",
    ),
    (
        "Readiness status",
        "Blocked: any of workflow fit, real volume or production safety scores 1, or "
        "production safety scores 2 or less. Ready: all three score 4 or more and the "
        "use case has a named owner and a success metric. Needs work: everything else.",
    ),
    (
        "Top problems",
        "Most dot votes first, then the highest impact (1 = annoyance, 5 = threatens a "
        "business goal).",
    ),
    (
        "Spend",
        "Monthly spend is the sum over licence lines of seats × price per seat per "
        "month. Active users are seats × the share of seats actually used, rounded so "
        "that the lines add up to the total; idle seats are the rest. Spend is "
        "accounted for when a use case has a named owner, a success metric and a "
        "monthly budget; the remainder is unaccounted. A use-case budget is assumed "
        "to be paid from the licences already bought, not to be new money.",
    ),
    (
        "Last-mile checks",
        "Solves a named problem: linked to a captured problem with a baseline (without "
        "one its success cannot be measured). Fits the workflow, takes real volume, "
        "safe in production: the readiness scores, passing at 4 or more. A use case "
        "nobody scored is not assessed.",
    ),
)
