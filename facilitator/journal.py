"""The journal: every change is on disk, checksummed, before it is reported saved.

Beside a workshop file ``w.workshop.json`` live its journal segments
``w.workshop.json.journal-<n>``. A segment is lines of
``<CRC-32 of the JSON, 8 hex digits> <JSON>\\n``:

* the first line is the segment's **header**, a JSON object
  ``{"journal": 1, "workshop": "<id of the workshop record>", "segment": <n>}``;
* every further line is one **flush**: the ops of every change written at once,
  ``[[table, record id, the record's new JSON or null when deleted], ...]``.
  A flush is all or nothing: one torn by a crash or a failed write fails its
  checksum and is dropped whole, never half-applied.

A segment is recognised by its header and checksums, never by its name alone. A
file that only looks like one — another workshop's journal copied beside this
one, a segment renamed, a link, anything else — is *foreign*: it is never
replayed or deleted, and ``facilitator check`` reports it. Segments written by
the first release have no header; they are recognised by their checksummed
entries.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from facilitator import atomic
from facilitator.model import TABLES, is_uuid

Doc = dict[str, Any]
Op = tuple[str, str, Doc | None]
"""(table, record id, new JSON form of the record or None to delete it)."""

MARK = ".journal-"
FORMAT = 1
_NUMBER = re.compile(r"[0-9]{1,9}")


def segment_path(path: Path, number: int) -> Path:
    return path.with_name(f"{path.name}{MARK}{number}")


def is_segment_name(name: str) -> bool:
    """Whether *name* is named like a journal segment of some workshop file."""
    workshop, mark, number = name.rpartition(MARK)
    return bool(mark) and workshop.endswith(".json") and _NUMBER.fullmatch(number) is not None


def segment_numbers(path: Path) -> list[int]:
    """Numbers of the files *named* like journal segments of *path*, oldest first
    (whether they are segments is for :func:`read_segment` to say)."""
    return [number for number, _name in _named_like_segments(path)]


def _named_like_segments(path: Path) -> list[tuple[int, Path]]:
    """(number, file) for each file named like a segment of *path*, oldest first.
    The file's own name is kept: ``journal-007`` is numbered 7 but is not
    ``journal-7``, the name the app gives segment 7."""
    prefix = path.name + MARK
    found = []
    for candidate in path.parent.iterdir():
        suffix = candidate.name.removeprefix(prefix)
        if suffix != candidate.name and _NUMBER.fullmatch(suffix):
            found.append((int(suffix), candidate))
    return sorted(found, key=lambda item: (item[0], item[1].name))


# --- lines --------------------------------------------------------------------------


def _frame(body: bytes) -> bytes:
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def encode_header(workshop_id: str, number: int) -> bytes:
    body = {"journal": FORMAT, "workshop": workshop_id, "segment": number}
    return _frame(json.dumps(body, separators=(",", ":")).encode("ascii"))


def encode_entry(ops: Sequence[Op]) -> bytes:
    """One flush: the ops of one or more changes, applied together or not at all."""
    return _frame(json.dumps([list(op) for op in ops], separators=(",", ":")).encode("ascii"))


def _unframe(line: bytes) -> tuple[Any, str]:
    """The JSON of one line, or (None, why it does not read)."""
    if line.strip(b"\0") == b"":
        return None, "it is blank or NUL bytes (what a power cut leaves)"
    if len(line) < 10 or line[8:9] != b" ":
        return None, "it is not a journal entry"
    body = line[9:]
    try:
        checksum = int(line[:8], 16)
    except ValueError:
        return None, "it is not a journal entry"
    if checksum != zlib.crc32(body):
        return None, "its checksum does not match (a write cut short, or damage)"
    try:
        return json.loads(body), ""
    except (ValueError, RecursionError):
        return None, "its checksum matches but it is not readable JSON"


def decode_entry(line: bytes) -> tuple[list[Op] | None, str]:
    """The ops of one journal line, or (None, why it was not read)."""
    raw, why = _unframe(line)
    if why:
        return None, why
    if not isinstance(raw, list):
        return None, "it is not a list of changes"
    ops: list[Op] = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 3):
            return None, "a change in it is not [table, id, record]"
        table, record_id, doc = item
        if table not in TABLES or not is_uuid(record_id):
            return None, "a change in it names no known table or no valid id"
        if doc is not None and not (isinstance(doc, dict) and doc.get("id") == record_id):
            return None, "a change in it holds a record under another id"
        ops.append((table, record_id, doc))
    return ops, ""


def _decode_header(line: bytes) -> dict[str, Any] | None:
    raw, why = _unframe(line)
    if why or not isinstance(raw, dict) or raw.get("journal") != FORMAT:
        return None
    if not is_uuid(raw.get("workshop")) or type(raw.get("segment")) is not int:
        return None
    return raw


# --- segments -----------------------------------------------------------------------


class Standing(Enum):
    """What a file named like a segment turned out to be."""

    OURS = "ours"
    LEGACY = "legacy"  # written by the first release, which had no header
    EMPTY = "empty"  # created, but no change reached it (or a power cut ate it)
    FOREIGN = "foreign"


@dataclass(frozen=True)
class Dropped:
    """A journal line that is not replayed, and why. It was never reported saved:
    only the last lines of a segment can be dropped."""

    segment: str
    entry: int
    reason: str

    def describe(self) -> str:
        return f"{self.segment}, entry {self.entry}: {self.reason}"


@dataclass
class Segment:
    """One file named like a journal segment, read and judged."""

    path: Path
    number: int
    standing: Standing
    entries: list[list[Op]] = field(default_factory=list)
    """Every entry that reads, in order (after damage too: what salvage keeps)."""
    dropped: list[Dropped] = field(default_factory=list)
    """Bad lines at the end: a write a crash cut short, never reported saved."""
    damaged: list[Dropped] = field(default_factory=list)
    """Bad lines that good ones follow: damage, not a crash (their changes are lost)."""
    damaged_at: int | None = None
    """The first damaged entry (0: the header), or None."""
    why_foreign: str = ""

    @property
    def replayable(self) -> bool:
        return self.standing in (Standing.OURS, Standing.LEGACY)

    @property
    def removable(self) -> bool:
        """Ours to delete once its changes are in the file."""
        return self.standing is not Standing.FOREIGN


def read_segment(path: Path, number: int, workshop_id: str) -> Segment:
    """Read and judge the file at *path*, named as segment *number* of the
    workshop whose record id is *workshop_id*."""

    def foreign(why: str) -> Segment:
        return Segment(path, number, Standing.FOREIGN, why_foreign=why)

    try:
        data = atomic.read_regular(path)
    except atomic.NotRegularFileError as error:
        return foreign(f"it is {error.kind}, not a journal")
    lines = data.split(b"\n")
    complete, tail = lines[:-1], lines[-1]
    header = encode_header(workshop_id, number)
    if not complete:
        if header.startswith(tail.rstrip(b"\0")):  # created, then cut off or zeroed
            return Segment(path, number, Standing.EMPTY)
        return foreign("it is not a Facilitator journal")
    found = _decode_header(complete[0])
    if found is not None:
        if found["workshop"] != workshop_id:
            return foreign("it is the journal of another workshop")
        if found["segment"] != number:
            return foreign(f"it was written as segment {found['segment']} and renamed")
        segment = Segment(path, number, Standing.OURS)
        body = complete[1:]
    else:
        segment = Segment(path, number, Standing.LEGACY)
        body = complete
        if decode_entry(complete[0])[0] is None:
            if not any(decode_entry(line)[0] is not None for line in complete[1:]):
                if data.strip(b"\0") == b"":
                    return Segment(path, number, Standing.EMPTY)
                return foreign("it is not a Facilitator journal")
            segment.damaged_at = 0  # checksummed entries follow a header that does not read
    bad: list[Dropped] = []
    for entry, line in enumerate(body, start=1):
        ops, why = decode_entry(line)
        if ops is None:
            bad.append(Dropped(path.name, entry, why))
            continue
        if bad and segment.damaged_at is None:
            segment.damaged_at = bad[0].entry
        segment.damaged += bad
        bad = []
        segment.entries.append(ops)
    segment.dropped = bad
    if tail:
        why = (
            "NUL bytes left by a power cut"
            if tail.strip(b"\0") == b""
            else "it was cut off while being written"
        )
        segment.dropped.append(Dropped(path.name, len(body) + 1, why))
    return segment


def scan(path: Path, workshop_id: str) -> list[Segment]:
    """Every file named like a segment of *path*, read and judged, oldest first."""
    return [
        read_segment(found, number, workshop_id)
        if found.name == segment_path(path, number).name
        else Segment(
            found,
            number,
            Standing.FOREIGN,
            why_foreign="its number is written with leading zeros, so the app never wrote it",
        )
        for number, found in _named_like_segments(path)
    ]
