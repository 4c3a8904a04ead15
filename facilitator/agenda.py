"""Put exercises on a workshop's agenda, from templates and recipes.

An agenda item keeps a full snapshot of the template it was made from, so
editing the template later never changes a past workshop. When the template has
changed since, :func:`changed_runs` finds the item and :func:`update_run` takes
the new version — only if the facilitator asks for it.

:func:`day_clock` puts the agenda on the clock of the day: from the workshop's
start time, when each exercise starts as planned and as the day is going, so the
end moves when an exercise runs over (the agenda panel and the run sheet show it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from facilitator.model import AgendaItem, Note, ValidationError
from facilitator.templates import Library, Recipe, Template
from facilitator.workshop import Workshop


def add_exercise(
    workshop: Workshop,
    template: Template,
    *,
    minutes: int | None = None,
    position: int | None = None,
) -> AgendaItem:
    """Add *template* to the agenda (at the end, or at *position*) with its snapshot,
    as one change: adding in the middle renumbers what follows, in the same step."""
    values: dict[str, Any] = {
        "template": template.snapshot(),
        "planned_minutes": minutes if minutes is not None else template.minutes,
    }
    with workshop.transaction(f"Add exercise “{template.title}”"):
        item = workshop.add(AgendaItem, **values)
        if position is not None:
            workshop.move_agenda_item(item.id, position)
    added = workshop.get(item.id)
    assert isinstance(added, AgendaItem)
    return added


def apply_recipe(workshop: Workshop, recipe: Recipe, library: Library) -> list[AgendaItem]:
    """Append every exercise of *recipe*, with the recipe's timeboxes, as one change."""
    with workshop.transaction(f"Plan the agenda from “{recipe.title}”"):
        return [
            add_exercise(workshop, library.template(item.exercise), minutes=item.minutes)
            for item in recipe.items
        ]


def changed_runs(workshop: Workshop, library: Library) -> list[tuple[AgendaItem, Template]]:
    """Agenda items whose template has changed since they were added."""
    changed = []
    for item in workshop.typed(AgendaItem):
        current = newer_template(item, library)
        if current is not None:
            changed.append((item, current))
    return changed


def newer_template(item: AgendaItem, library: Library) -> Template | None:
    """The library's version of *item*'s template if it differs from the snapshot
    the run was planned with (None: unchanged, or no longer in the library)."""
    current = library.templates.get(str(item.template.get("id", "")))
    return current if current is not None and current.snapshot() != item.template else None


def update_run(workshop: Workshop, item: AgendaItem, template: Template) -> AgendaItem:
    """Give *item* the current version of its template (captures stay as they are)."""
    updated = workshop.update(item.id, template=template.snapshot())
    assert isinstance(updated, AgendaItem)
    return updated


def _mandate(workshop: Workshop, item: AgendaItem) -> list[str]:
    return [
        note.text.strip()
        for note in workshop.typed(Note)
        if note.exercise_id == item.id and not note.parked and note.text.strip()
    ]


def mandate_notes(workshop: Workshop, item: AgendaItem) -> str:
    """The notes captured in *item* (the mandate check), one a line, as said."""
    return "\n".join(_mandate(workshop, item))


def mandate_note_count(workshop: Workshop, item: AgendaItem) -> int:
    """How many notes that is (a note may run over several lines)."""
    return len(_mandate(workshop, item))


def notes_into_objective(workshop: Workshop, item: AgendaItem, *, after: bool = False) -> str:
    """Make the notes captured in *item* (the mandate check) the workshop's objective,
    one note a line in the order they were said (*after* the objective there is, if
    asked); returns the objective.

    Raises ValidationError if the exercise has no notes: an empty objective would erase
    one typed when the workshop was created."""
    notes = mandate_notes(workshop, item)
    if not notes:
        raise ValidationError(
            "no notes yet: capture what the room says, then make it the objective"
        )
    existing = workshop.meta.objective.strip()
    objective = f"{existing}\n{notes}" if after and existing else notes
    workshop.update(workshop.meta.id, objective=objective)
    return objective


# --- the day's clock ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timing:
    """When one exercise runs, in minutes from midnight (or from the start of the day,
    when the workshop has no start time)."""

    item_id: str
    starts: int  # as the day is going: overruns so far push it later
    minutes: int  # how long it takes, as the day is going (0 when skipped)
    planned_starts: int  # as the agenda was planned
    used_seconds: int = 0  # on its clock so far
    to_go: int = 0  # minutes left of it, if it is still to finish

    @property
    def ends(self) -> int:
        return self.starts + self.minutes


@dataclass(frozen=True, slots=True)
class DayClock:
    """The agenda on the clock: every exercise's start, and when the day ends."""

    start: int | None  # minutes from midnight; None: the workshop has no start time
    timings: tuple[Timing, ...]
    planned_ends: int

    @property
    def ends(self) -> int:
        return self.timings[-1].ends if self.timings else self.planned_ends

    @property
    def over(self) -> int:
        """Minutes the day now ends after (positive) or before (negative) the plan."""
        return self.ends - self.planned_ends

    @property
    def planned(self) -> int:
        """Minutes planned for the exercises not skipped."""
        return self.planned_ends - (self.start or 0)

    @property
    def used(self) -> int:
        """Minutes on the exercises' clocks so far."""
        return round(sum(t.used_seconds for t in self.timings) / 60)

    @property
    def remaining(self) -> int:
        """Minutes left of the exercises still to finish."""
        return sum(t.to_go for t in self.timings)

    def of(self, item_id: str) -> Timing | None:
        return next((t for t in self.timings if t.item_id == item_id), None)

    def label(self, minutes: int) -> str:
        """ "09:40" on the clock; "0:10" from the start when there is no start time."""
        if self.start is None:
            return f"{minutes // 60}:{minutes % 60:02d}"
        return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def finished(item: AgendaItem) -> bool:
    """Done or skipped: the exercise takes no more of the day."""
    return item.status in ("done", "skipped")


def current_exercise(items: Sequence[AgendaItem]) -> AgendaItem | None:
    """Where the day is, of *items* in agenda order: the exercise left running,
    else the first still planned (None when every one is finished)."""
    return next((i for i in items if i.status == "running"), None) or next(
        (i for i in items if i.status == "planned"), None
    )


def minutes_taken(item: AgendaItem) -> int:
    """How long *item* takes, as the day is going: what a finished exercise used (its
    plan, if nobody ran its clock), at least its plan for one still to come or running,
    and nothing for one skipped."""
    used = round(item.elapsed_seconds / 60)
    if item.status == "skipped":
        return 0
    if item.status == "done":
        return used if item.elapsed_seconds else item.planned_minutes
    return max(item.planned_minutes, used)


def day_clock(items: Sequence[AgendaItem], start_time: str | None) -> DayClock:
    """Each exercise's start as planned and as the day is going, from *start_time*
    ("HH:MM", the workshop's ``start_time``); the end moves as the day runs over."""
    start = None
    if start_time:
        hours, minutes = start_time.split(":")
        start = int(hours) * 60 + int(minutes)
    at = planned_at = start or 0
    timings = []
    for item in sorted(items, key=lambda i: i.position):
        taken = minutes_taken(item)
        to_go = 0 if finished(item) else taken - round(item.elapsed_seconds / 60)
        timings.append(Timing(item.id, at, taken, planned_at, item.elapsed_seconds, to_go))
        at += taken
        if item.status != "skipped":
            planned_at += item.planned_minutes
    return DayClock(start, tuple(timings), planned_at)


def step_starts(item: AgendaItem, starts: int) -> list[int]:
    """When each step of *item* starts, if the exercise starts at *starts*: one after
    the other, squeezed to fit when its timebox is shorter than its steps."""
    steps = item.template.get("steps", [])
    lengths = [s.get("minutes", 0) if isinstance(s, dict) else 0 for s in steps]
    lengths = [m if isinstance(m, int) and m > 0 else 0 for m in lengths]
    total = sum(lengths)
    scale = min(1.0, item.planned_minutes / total) if total else 1.0
    out, at = [], 0.0
    for length in lengths:
        out.append(starts + round(at))
        at += length * scale
    return out
