"""The workshop file's bytes: written in pieces, exactly what one JSON encoding gives."""

from __future__ import annotations

import json
from pathlib import Path

from tinydb import TinyDB

from facilitator import snapshot
from facilitator.model import TABLES
from facilitator.workshop import Workshop

AWKWARD = ['say "no"', "back\\slash", "new\nline", "Zoë € 🙂", "مرحبا", "\u2028", "<b>&</b>"]


def test_a_compacted_file_is_plain_tinydb_json_of_every_record(tmp_path: Path) -> None:
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="Café ☕")
    with workshop.batch():
        for i in range(3 * snapshot.ENCODE_CHUNK + 7):  # several chunks, the last one short
            workshop.add("problem", text=f"{AWKWARD[i % len(AWKWARD)]} {i}", impact=1 + i % 5)
        workshop.add("note", text="the only note")  # a table of one record
    workshop.close()
    written = path.read_bytes()
    tables = json.loads(written)
    ordered = {table: tables.get(table, {}) for table in TABLES}
    assert written == json.dumps(ordered, separators=(",", ":")).encode("ascii")
    assert [doc["text"] for doc in tables["problems"].values()][:3] == [
        f"{text} {i}" for i, text in enumerate(AWKWARD[:3])
    ]
    with TinyDB(path) as db:  # stock TinyDB reads it as it is
        assert len(db.table("problems")) == 3 * snapshot.ENCODE_CHUNK + 7
        assert db.table("notes").all()[0]["text"] == "the only note"
