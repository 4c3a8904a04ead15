"""Put exercises on a workshop's agenda, from templates and recipes.

An agenda item keeps a full snapshot of the template it was made from, so
editing the template later never changes a past workshop. When the template has
changed since, :func:`changed_runs` finds the item and :func:`update_run` takes
the new version — only if the facilitator asks for it.
"""

from __future__ import annotations

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
        current = library.templates.get(str(item.template.get("id", "")))
        if current is not None and current.snapshot() != item.template:
            changed.append((item, current))
    return changed


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
