"""The workshop file itself: TinyDB's JSON, read strictly and written plainly.

A workshop file is ``{"table": {"<document number>": {record}, ...}, ...}``, the
layout ``tinydb.TinyDB(path)`` reads. Reading one received from outside must
never lose a record quietly or fail with a traceback, so :func:`decode` checks
what TinyDB itself would take on trust and says what is wrong in words
(:class:`ShapeError`):

* document numbers are ASCII digits, and no two records share one — TinyDB reads
  ``"1"``, ``"01"`` and the Arabic-Indic ``"١"`` as the same number 1 and keeps
  only the last, so such a file is refused (salvage renumbers them);
* a number too long to be one (thousands of digits) is refused before Python's
  integer conversion refuses it with an error of its own;
* JSON nested deeper than any workshop is refused, instead of overflowing the
  stack;
* every record has a UUID, and no UUID appears twice.
"""

from __future__ import annotations

import json
import re
from typing import Any

from facilitator.model import TABLES, is_uuid

Doc = dict[str, Any]
RawTables = dict[str, dict[str, Doc]]
"""Table -> TinyDB document number (a string of digits) -> record, in file order."""

_NUMBER = re.compile(r"[0-9]+")
MAX_DIGITS = 15  # far beyond any workshop, well inside a float's exact integers


class ShapeError(ValueError):
    """The bytes are not a workshop; the message says why, for WorkshopFileError.

    *salvageable*: the damage is of a kind ``check --salvage`` can work around
    (clashing record numbers, a journal damaged in the middle).
    """

    def __init__(self, message: str, *, salvageable: bool = False) -> None:
        super().__init__(message)
        self.salvageable = salvageable


def empty() -> RawTables:
    return {table: {} for table in TABLES}


ENCODE_CHUNK = 50
"""Records encoded by one call of the JSON encoder (see :func:`encode`)."""

_dumps = json.JSONEncoder(separators=(",", ":")).encode


def encode(data: RawTables) -> bytes:
    """The file's bytes. ASCII-only JSON, so any JSON reader on any platform
    (TinyDB opens files in the locale's encoding) reads it the same way.

    The same bytes as one ``json.dumps`` of the tables, made :data:`ENCODE_CHUNK`
    records at a time: a compaction runs this on a background thread, and the
    encoder holds the interpreter for the whole of one call — for a 5,000-record
    workshop in one call, 40-90 ms in which the GUI thread cannot run; in
    chunks, it gets its turn between them at no extra cost overall.
    """
    tables = []
    for table in TABLES:
        rows = list(data.get(table, {}).items())
        chunks = [
            _dumps(dict(rows[start : start + ENCODE_CHUNK]))[1:-1]
            for start in range(0, len(rows), ENCODE_CHUNK)
        ]
        tables.append(f"{_dumps(table)}:{{{','.join(chunks)}}}")
    return ("{" + ",".join(tables) + "}").encode("ascii")


def decode(data: bytes, *, renumbered: list[str] | None = None) -> RawTables:
    """The tables of a workshop file, or :class:`ShapeError` saying what is wrong.

    With *renumbered* (a list), records whose numbers clash or are not plain
    numbers get fresh ones instead of a refusal, each described in the list.
    """
    raw = _parse(data)
    if not isinstance(raw, dict):
        raise ShapeError(f"expected tables of records (a JSON object), found {type(raw).__name__}")
    tables = empty()
    seen: dict[str, str] = {}
    for table, docs in raw.items():
        if table == "_default" and docs == {}:
            continue  # TinyDB itself may add an empty default table
        if table not in TABLES:
            raise ShapeError(f"it has an unknown table {_quoted(table)}")
        if not isinstance(docs, dict):
            raise ShapeError(f"table {table!r} is not a set of records")
        numbered = _numbered(table, docs, renumbered)
        for number, _written, doc in sorted(numbered, key=lambda item: item[0]):
            if not isinstance(doc, dict) or not is_uuid(doc.get("id")):
                raise ShapeError(f"record {number} of table {table!r} has no valid id")
            record_id = doc["id"]
            if record_id in seen:
                raise ShapeError(
                    f"record id {record_id} appears twice (tables {seen[record_id]!r} "
                    f"and {table!r})"
                )
            seen[record_id] = table
            tables[table][str(number)] = doc
    schema_version(tables)  # a file without a valid workshop record is not a workshop
    return tables


def looks_like_a_workshop(head: bytes) -> bool:
    """Whether a file starting with *head* (its first few hundred bytes) is a workshop
    file, whatever its name: the workshop record's table comes first (TinyDB itself
    may put an empty default table before it)."""
    packed = b"".join(head.split())
    return packed.startswith((b'{"meta":{', b'{"_default":{},"meta":{'))


def _parse(data: bytes) -> Any:
    if not data.strip():
        raise ShapeError("the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ShapeError("it is not a text file, so it is not a workshop file") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise ShapeError("its JSON is nested too deeply to be a workshop") from None
    except json.JSONDecodeError as error:
        if _stops_early(text):
            raise ShapeError(
                f"the file is cut off (it ends at line {error.lineno} in the middle "
                "of the data) — it looks truncated"
            ) from None
        raise ShapeError(
            f"it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None


def _numbered(
    table: str, docs: dict[str, Any], renumbered: list[str] | None
) -> list[tuple[int, str, Any]]:
    """(number, key as written, record) per record; clashes refused or renumbered."""
    numbered: list[tuple[int, str, Any]] = []
    taken: dict[int, str] = {}
    odd: list[tuple[str, Any, str]] = []
    for key, doc in docs.items():
        if not _NUMBER.fullmatch(key):
            odd.append((key, doc, "is not a plain number (digits 0-9)"))
        elif len(key) > MAX_DIGITS:
            odd.append((key, doc, f"has {len(key):,} digits, too many for a record number"))
        elif int(key) in taken:
            odd.append(
                (
                    key,
                    doc,
                    f"is the same number as {_quoted(taken[int(key)])} (TinyDB would keep "
                    "only one of the two records)",
                )
            )
        else:
            taken[int(key)] = key
            numbered.append((int(key), key, doc))
    if odd and renumbered is None:
        key, _doc, why = odd[0]
        raise ShapeError(
            f"table {table!r} has a record numbered {_quoted(key)}, which {why}",
            salvageable=True,
        )
    next_number = max(taken, default=0) + 1
    for key, doc, why in odd:
        assert renumbered is not None
        renumbered.append(f"record {_quoted(key)} of table {table!r} ({why}) is now {next_number}")
        numbered.append((next_number, key, doc))
        next_number += 1
    return numbered


def _quoted(key: str) -> str:
    """A key for a one-line message: quoted, and cut short if it is huge."""
    return repr(key) if len(key) <= 40 else repr(key[:20]) + f"… ({len(key):,} characters)"


def _stops_early(text: str) -> bool:
    """True when the text is an unfinished JSON document (a string or a bracket left
    open at the end), which is what a cut-off copy or a torn write looks like."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
    return in_string or depth > 0


def schema_version(tables: RawTables) -> int:
    metas = list(tables["meta"].values())
    if not metas:
        raise ShapeError("it has no workshop record (the 'meta' table is missing or empty)")
    if len(metas) > 1:
        raise ShapeError(f"it has {len(metas)} workshop records in 'meta'; expected one")
    version = metas[0].get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ShapeError("its workshop record has no valid schema_version")
    return version


def workshop_id(tables: RawTables) -> str:
    (meta,) = tables["meta"].values()
    record_id: str = meta["id"]
    return record_id


def by_record_id(tables: RawTables) -> dict[str, dict[str, Doc]]:
    """The same records keyed by their UUIDs (what the Workshop reads)."""
    return {table: {doc["id"]: doc for doc in docs.values()} for table, docs in tables.items()}
