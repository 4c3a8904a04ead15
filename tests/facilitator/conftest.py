"""Core fixtures: every workshop test runs on memory and on disk, like TinyDB's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.workshop import Workshop


@pytest.fixture(params=["memory", "disk"])
def workshop(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workshop]:
    """An empty workshop, in memory or in a file (reopened tests use ``reopen``)."""
    if request.param == "memory":
        yield Workshop.in_memory(title="Test workshop", client="Acme")
        return
    opened = Workshop.create(
        tmp_path / "test.workshop.json",
        title="Test workshop",
        client="Acme",
        backup_dir=tmp_path / "backups",
    )
    yield opened
    if not opened.store.read_only:
        opened.close()


def reopen(workshop: Workshop) -> Workshop:
    """The same workshop as a fresh process would see it (disk), or itself (memory)."""
    if workshop.path is None:
        return workshop
    from facilitator.workshop import open_workshop

    return open_workshop(workshop.path, read_only=True)


@pytest.fixture
def workshop_file(tmp_path: Path) -> Path:
    """A closed workshop file with a few records."""
    path = tmp_path / "acme.workshop.json"
    created = Workshop.create(
        path, title="Acme AI day", client="Acme", backup_dir=tmp_path / "backups"
    )
    problem = created.add("problem", text="Invoices are keyed twice", impact=4)
    created.add("idea", text="Read invoices as they arrive", problem_ids=[problem.id])
    created.close()
    return path
