"""Bring a workshop file written by an older version of the app up to date.

``MIGRATIONS[n]`` turns a version-``n`` file into version ``n + 1``; it works on
the raw JSON tables, before any record is validated. The store writes a backup
of the file as it was before calling :func:`migrate`, so a migration can never
cost the consultant the original.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from facilitator.model import SCHEMA_VERSION

RawTables = dict[str, dict[str, dict[str, Any]]]


def _notes_may_be_parked(_tables: RawTables) -> None:
    """Version 2 gave notes a ``parked`` flag (the parking lot of ideas without a
    problem). A version-1 note was never parked, which is the flag's default, so
    the data stays as it is; the version changes so that an older app refuses a
    file it would misread rather than reject its notes."""


def _cards_may_come_from_phones(_tables: RawTables) -> None:
    """Version 3 gave cards (problems, ideas, concerns, next steps, notes) a
    ``from_phone`` marker and a ``held`` flag (an anonymous card from a phone
    waiting for the facilitator's review). A version-2 card was typed on the
    keyboard and never held, which are the defaults, so the data stays as it is.
    Version 3 also lets a use case name the licence it draws on (``ideas.licence_id``)
    and a concern's mitigation carry a due date (``concerns.due``); both are empty
    in an older file. The workshop may say when its day starts (``meta.start_time``,
    for the agenda's clock times); an older file has none. An exercise may hold the
    anonymous cards phones send for review (``agenda.hold_anonymous``); an older
    file's exercises never did."""


MIGRATIONS: dict[int, Callable[[RawTables], None]] = {
    1: _notes_may_be_parked,
    2: _cards_may_come_from_phones,
}


def migrate(tables: RawTables, from_version: int, to_version: int = SCHEMA_VERSION) -> None:
    """Upgrade *tables* in place from *from_version* to *to_version*."""
    for version in range(from_version, to_version):
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(
                f"no way to upgrade a workshop from file format {version} to {version + 1}"
            )
        step(tables)
    for meta in tables["meta"].values():
        meta["schema_version"] = to_version
