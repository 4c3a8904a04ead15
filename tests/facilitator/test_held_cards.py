"""Cards held for review and the phone marker (file format version 3).

A held card is an anonymous card from a phone the facilitator has not accepted
yet: it is saved like any card, but nothing that lists the workshop's cards sees
it until it is accepted.
"""

from __future__ import annotations

import json
from pathlib import Path

from facilitator.model import SCHEMA_VERSION
from facilitator.workshop import Workshop, open_workshop
from tests.facilitator.conftest import reopen


def test_a_held_card_is_saved_but_listed_only_as_held(workshop: Workshop) -> None:
    shown = workshop.add("concern", text="Will this replace my team?")
    held = workshop.add("concern", text="Nobody asked us", held=True, from_phone=True)
    assert [c.id for c in workshop.records("concerns")] == [shown.id]
    assert [c.id for c in workshop.held("concerns")] == [held.id]
    assert workshop.get(held.id).from_phone  # type: ignore[attr-defined]
    again = reopen(workshop)
    assert [c.id for c in again.held("concerns")] == [held.id]
    assert [c.id for c in again.records("concerns")] == [shown.id]


def test_accepting_a_held_card_puts_it_among_the_cards(workshop: Workshop) -> None:
    held = workshop.add("problem", text="Quotes take a week", held=True)
    workshop.update(held.id, held=False)
    assert [p.text for p in workshop.records("problems")] == ["Quotes take a week"]
    assert workshop.held("problems") == []


def test_a_version_2_file_opens_as_version_3_with_its_cards_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "old.workshop.json"
    created = Workshop.create(path, title="Old", backup_dir=tmp_path / "backups")
    created.add("problem", text="Invoices are keyed twice", impact=4)
    created.close()
    document = json.loads(path.read_text())
    next(iter(document["meta"].values()))["schema_version"] = 2
    for problem in document["problems"].values():
        del problem["from_phone"], problem["held"]
    path.write_text(json.dumps(document))

    opened = open_workshop(path, backup_dir=tmp_path / "backups")
    (problem,) = opened.records("problems")
    assert (problem.text, problem.from_phone, problem.held) == (  # type: ignore[attr-defined]
        "Invoices are keyed twice",
        False,
        False,
    )
    assert opened.meta.schema_version == SCHEMA_VERSION == 3
    opened.close()
