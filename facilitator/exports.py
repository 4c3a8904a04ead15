"""Everything a workshop can be exported as: the PDF brief, CSV, Markdown, JSON.

* ``pdf``  — the strategy brief (:mod:`facilitator.brief`);
* ``csv``  — every record, one row each, a ``kind`` column first; UTF-8 with a
  byte-order mark so Excel opens accents and € correctly;
* ``md``   — the brief's content as Markdown;
* ``json`` — the whole workshop, normalised: one list per table, records in
  their canonical form, the agenda in running order.

Every export is written to a temporary file and moved into place, so a failure
never leaves half a file where the previous export was.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import pickle
import queue
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from facilitator import __version__, atomic
from facilitator.brief import (
    BriefError,
    BriefOptions,
    CancelToken,
    ExportCancelledError,
    Progress,
    brief_for,
    cannot_write,
    write_brief,
)
from facilitator.brief.markdown import render_markdown
from facilitator.model import RECORD_TYPES, Readiness, Record, now_iso
from facilitator.scoring import WorkshopData

FORMATS = ("pdf", "csv", "md", "json")
SUFFIXES = {"pdf": ".pdf", "csv": ".csv", "md": ".md", "json": ".json"}


def format_for(path: Path, explicit: str | None = None) -> str:
    """The export format: as asked, or from the file name's suffix (PDF by default)."""
    if explicit:
        if explicit not in FORMATS:
            raise BriefError(f"unknown format {explicit!r} (formats: {', '.join(FORMATS)})")
        return explicit
    suffix = path.suffix.lower().lstrip(".")
    return {"markdown": "md"}.get(suffix, suffix) if suffix in (*FORMATS, "markdown") else "pdf"


def export(
    data: WorkshopData,
    path: Path,
    fmt: str,
    options: BriefOptions,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Write *data* to *path* in *fmt*; see the module docstring."""
    if fmt == "pdf":
        return write_brief(data, path, options, progress=progress, cancel=cancel)
    if cancel is not None and cancel.cancelled:
        raise ExportCancelledError("the export was cancelled")
    if fmt == "csv":
        payload = csv_bytes(data)
    elif fmt == "json":
        payload = json_bytes(data)
    elif fmt == "md":
        payload = render_markdown(brief_for(data, options)).encode("utf-8")
    else:
        raise BriefError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    try:
        atomic.write_atomic(path, payload)
    except OSError as error:
        raise cannot_write(path, error) from None
    if progress is not None:
        progress(1.0, "Done")
    return path


def export_isolated(
    data: WorkshopData,
    path: Path,
    fmt: str,
    options: BriefOptions,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """:func:`export`, run in a child process; for the GUI.

    Laying out a big brief creates millions of short-lived objects, and Python's
    garbage collector then holds the interpreter for a tenth of a second at a time
    — in a thread, that freezes the app. In a child process the GUI keeps its
    interpreter to itself (and a second core does the work). The calling thread
    only waits, relaying progress and cancellation.
    """
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    stop = context.Event()
    child = context.Process(
        target=_export_child,
        args=(_pack(data), path, fmt, options, messages, stop),
        name="facilitator-export",
        daemon=True,
    )
    child.start()
    try:
        while True:
            if cancel is not None and cancel.cancelled:
                stop.set()
            try:
                kind, payload = messages.get(timeout=0.05)
            except queue.Empty:
                if not child.is_alive() and messages.empty():
                    raise BriefError(
                        f"the export stopped unexpectedly (exit status {child.exitcode})"
                    ) from None
                continue
            if kind == "progress" and progress is not None:
                progress(*payload)
            elif kind == "done":
                return Path(payload)
            elif kind == "error":
                raise payload
    finally:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join()
        messages.close()


def _pack(data: WorkshopData) -> dict[str, list[bytes]]:
    """The snapshot pickled record by record. One pickle of the whole workshop holds
    the interpreter for tens of milliseconds at 5,000 records; pieces let the GUI
    thread run in between."""
    tables = (
        "agenda",
        "participants",
        "problems",
        "ideas",
        "concerns",
        "actions",
        "licences",
        "votes",
        "notes",
    )
    packed = {name: [pickle.dumps(record) for record in getattr(data, name)] for name in tables}
    packed["meta"] = [pickle.dumps(data.meta)]
    return packed


def _unpack(packed: dict[str, list[bytes]]) -> WorkshopData:
    rows = {name: tuple(pickle.loads(item) for item in items) for name, items in packed.items()}
    (meta,) = rows.pop("meta")
    return WorkshopData(meta=meta, **rows)


def _export_child(  # noqa: PLR0917 - a Process target takes its arguments by position
    packed: dict[str, list[bytes]],
    path: Path,
    fmt: str,
    options: BriefOptions,
    messages: Any,
    stop: Any,
) -> None:
    last = [-1.0]

    def report(share: float, what: str) -> None:
        if share - last[0] >= 0.005 or share >= 1.0:  # enough to move a bar; not a flood
            last[0] = share
            messages.put(("progress", (share, what)))

    try:
        data = _unpack(packed)
        written = export(data, path, fmt, options, progress=report, cancel=CancelToken(stop))
    except (BriefError, ExportCancelledError) as error:
        messages.put(("error", error))
    except Exception as error:  # crosses the process boundary as a plain message
        messages.put(("error", BriefError(f"the export failed: {error!r}")))
    else:
        messages.put(("done", str(written)))


def all_records(data: WorkshopData) -> Iterable[Record]:
    yield data.meta
    for rows in (
        data.agenda,
        data.participants,
        data.problems,
        data.ideas,
        data.concerns,
        data.actions,
        data.licences,
        data.votes,
        data.notes,
    ):
        yield from rows


def _columns() -> list[str]:
    """kind, id, then every field of every record type once, in declaration order;
    readiness spread over one column per dimension and note."""
    columns = ["kind", "id"]
    for cls in RECORD_TYPES:
        for name in cls.field_specs():
            if name == "readiness":
                wanted = [
                    f"readiness.{d}{suffix}"
                    for d in ("workflow", "volume", "safety")
                    for suffix in ("", ".note")
                ]
            else:
                wanted = [name]
            columns += [c for c in wanted if c not in columns]
    return columns


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_row(record: Record) -> dict[str, str]:
    row = {"kind": record.kind}
    for name in record.field_specs():
        value = getattr(record, name)
        if isinstance(value, Readiness):
            for dimension in ("workflow", "volume", "safety"):
                rating = getattr(value, dimension)
                row[f"readiness.{dimension}"] = _csv_value(rating.score)
                row[f"readiness.{dimension}.note"] = rating.note
        else:
            row[name] = _csv_value(value)
    return row


def csv_bytes(data: WorkshopData) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=_columns(), lineterminator="\r\n")
    writer.writeheader()
    for record in all_records(data):
        writer.writerow(_csv_row(record))
    # The byte-order mark tells Excel the file is UTF-8; without it accents break.
    return buffer.getvalue().encode("utf-8-sig")


def json_bytes(data: WorkshopData) -> bytes:
    tables: dict[str, list[dict[str, Any]]] = {}
    for record in all_records(data):
        if record.table != "meta":
            tables.setdefault(record.table, []).append(record.to_json())
    document = {
        "format": "facilitator-workshop",
        "schema_version": data.meta.schema_version,
        "exported_at": now_iso(),
        "exported_by": f"Facilitator {__version__}",
        "workshop": data.meta.to_json(),
        **{cls.table: tables.get(cls.table, []) for cls in RECORD_TYPES if cls.table != "meta"},
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
