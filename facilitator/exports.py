"""Everything a workshop can be exported as: the PDF brief, the deck, Word, CSV, Markdown, JSON.

* ``pdf``  — the strategy brief (:mod:`facilitator.brief`);
* ``pptx`` — the readout deck (:mod:`facilitator.brief.pptx`), on the
  PowerPoint template the branding names, if any;
* ``docx`` — the brief as an editable Word document (:mod:`facilitator.brief.docx`);
* ``csv``  — the use cases as a sheet for Excel: one row per use case, ranked,
  with the problems it solves in words (not ids), priority, readiness, owner and
  budget as numbers a spreadsheet can add up; UTF-8 with a byte-order mark so
  Excel opens accents and € correctly; a text cell that a spreadsheet would run
  as a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return first)
  starts with an apostrophe. One tidy sheet rather than one file per kind: the
  use cases are what a client's team tracks after the day, and one file opens
  with one double-click; every record, whole, is in the JSON;
* ``md``   — the brief's content as Markdown;
* ``json`` — the whole workshop, normalised and full fidelity: one list per
  table, records in their canonical form, each table after those it refers to,
  the agenda in running order; ``facilitator import`` reads it back.

Every format reaches the disk through one function, :func:`write_export`: the
file is written to a temporary file and moved into place, so a failure never
leaves half a file where the previous export was; only a new name or a regular
file is replaced, never a symbolic link, a device, a pipe, a workshop file or the
lock or journal beside one (a folder received from outside may hold a link named
like the brief); and the
temporary files an export killed half-way left behind are cleared away. Text
that UTF-8 cannot hold (a lone surrogate: a stray byte from a command-line
argument arrives as one) is written as U+FFFD, the replacement character,
instead of failing the export.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import pickle
import queue
import re
import stat
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from facilitator import __version__, atomic, journal, scoring, snapshot
from facilitator.branding import Branding, BrandingError
from facilitator.brief import (
    BriefError,
    BriefOptions,
    CancelToken,
    ExportCancelledError,
    Progress,
    Warn,
    brief_for,
    cannot_write,
    load_logo,
    render_brief,
)
from facilitator.brief.markdown import render_markdown
from facilitator.errors import shown_path
from facilitator.lock import is_lock_name
from facilitator.model import Record, now_iso
from facilitator.scoring import WorkshopData

FORMATS = ("pdf", "pptx", "docx", "csv", "md", "json")
BINARY_FORMATS = ("pdf", "pptx", "docx")
"""Formats that are not text: no use on a terminal."""
WORKSHOP_SUFFIX = ".workshop.json"
SUFFIXES = {
    "pdf": ".pdf",
    "pptx": ".pptx",
    "docx": ".docx",
    "csv": ".csv",
    "md": ".md",
    "json": ".json",
}

# Python keeps a byte that was not valid UTF-8 (in a command-line argument, say)
# as a lone surrogate, U+DC80-U+DCFF; no UTF-8 file can hold one.
_SURROGATE = re.compile("[\ud800-\udfff]")
# A spreadsheet runs a cell that starts with one of these as a formula
# ("=HYPERLINK(...)", "@SUM(...)", "-2+3"); a tab or carriage return can hide one.
# Such a text cell gets an apostrophe in front; so does one that already starts
# with apostrophes before one of them, so that taking off one apostrophe on import
# always gives back what was typed.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
# How much of an unexpected error's message reaches the person exporting.
_ERROR_CHARS = 300


def format_for(path: Path, explicit: str | None = None) -> str:
    """The export format: as asked, or from the file name's suffix (PDF if it has
    none). An unknown suffix is refused: 'brief.docx' must not quietly get a PDF."""
    if explicit:
        if explicit not in FORMATS:
            raise BriefError(f"unknown format {explicit!r} (formats: {', '.join(FORMATS)})")
        return explicit
    suffix = path.suffix.lower().lstrip(".")
    if not suffix:
        return "pdf"
    if suffix in (*FORMATS, "markdown"):
        return {"markdown": "md"}.get(suffix, suffix)
    raise BriefError(
        f"cannot write {path.name}: name it .pdf, .pptx, .docx, .csv, .md or .json, "
        "or choose the format with --format"
    )


def render(
    data: WorkshopData,
    fmt: str,
    options: BriefOptions,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    warn: Warn | None = None,
) -> bytes:
    """The bytes of *data* exported as *fmt* (what :func:`export` writes)."""
    if fmt == "pdf":
        return render_brief(data, options, progress=progress, cancel=cancel, warn=warn)
    if cancel is not None and cancel.cancelled:
        raise ExportCancelledError("the export was cancelled")
    if fmt == "csv":
        return csv_bytes(data)
    if fmt == "json":
        return json_bytes(data)
    if fmt == "md":
        return _encoded(render_markdown(brief_for(data, options)))
    if fmt in ("pptx", "docx"):
        return office_bytes(data, fmt, options, progress=progress, cancel=cancel)
    raise BriefError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")


def export(
    data: WorkshopData,
    path: Path,
    fmt: str,
    options: BriefOptions,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    warn: Warn | None = None,
) -> Path:
    """Write *data* to *path* in *fmt*; see the module docstring."""
    check_target(path)  # before the work: a refused name should not cost a whole brief
    payload = render(data, fmt, options, progress=progress, cancel=cancel, warn=warn)
    if progress is not None:
        progress(0.97, "Saving")
    write_export(path, payload)
    if progress is not None:
        progress(1.0, "Done")
    return path


def office_bytes(
    data: WorkshopData,
    fmt: str,
    options: BriefOptions,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> bytes:
    """The readout deck (``pptx``) or the Word brief (``docx``), from the same content
    as the PDF and refusing the same bad options (logo, accent, sections) in the
    same words."""
    from facilitator.brief.deck import storyboard
    from facilitator.brief.docx import render_docx
    from facilitator.brief.pptx import render_pptx

    report = progress or (lambda share, what: None)
    load_logo(options.logo)
    try:
        accent = Branding(accent=options.accent).checked().accent
    except BrandingError as error:
        raise BriefError(str(error)) from None
    report(0.02, "Working out the numbers")
    brief = brief_for(data, options)
    what = "Laying out slides" if fmt == "pptx" else "Laying out pages"

    def on_layout(share: float) -> None:
        if cancel is not None and cancel.cancelled:
            raise ExportCancelledError("the export was cancelled")
        report(0.05 + 0.9 * share, what)

    on_layout(0.0)
    if fmt == "docx":
        return render_docx(brief, accent, logo=options.logo, progress=on_layout)
    return render_pptx(
        storyboard(brief, data),
        accent,
        logo=options.logo,
        template=options.template,
        progress=on_layout,
    )


# --- where an export lands ------------------------------------------------------------

STALE_AFTER_S = 60.0
"""A temporary file lives for the moment between writing an export and renaming it
into place. One older than this whose process has gone was left by a killed export."""
ABANDONED_AFTER_S = 24 * 3600.0
"""Older than this, a temporary file of ours is stale whoever wrote it (a process on
another machine sharing the folder, a process number since reused)."""


def write_export(target: Path, payload: bytes) -> Path:
    """Put *payload* at *target*: the one way an export of any format reaches the disk.

    Raises BriefError, with the target untouched, when the target is not a new name
    or a regular file (:func:`check_target`) or the disk refuses the write. Stale
    temporary files of earlier, killed exports to the same name are removed first:
    they can be as big as the export and may be what keeps this one from fitting.
    """
    check_target(target)
    remove_stale_temps(target)
    try:
        atomic.write_atomic(target, payload)
    except OSError as error:
        raise cannot_write(target, error) from None
    return target


def check_target(target: Path) -> None:
    """BriefError unless *target* is a new name in an existing folder, or a regular file
    an export may replace (not a workshop file, nor its lock or journal).

    An export never writes through a symbolic link (a folder received from a client
    can hold one named like the brief, pointing at any file of the consultant's) and
    never replaces a device, a pipe or a folder with a file: the user chooses the
    file itself, or a new name.
    """
    # The names the store keeps beside a workshop, whether the file is there or not:
    # replacing the lock lets a second writer in, a journal holds the changes a crash
    # left, and the store would take a new file of that name for one of its own.
    kept = (
        "the lock file of a workshop"
        if is_lock_name(target.name)
        else "a journal of a workshop"
        if journal.is_segment_name(target.name)
        else ""
    )
    if kept:
        raise BriefError(
            f"did not write {shown_path(target)}: it is named as {kept}, which an export "
            "never writes; choose another name"
        )
    try:
        info = target.lstat()
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise BriefError(
                f"could not write {shown_path(target)}: the folder "
                f"{shown_path(target.parent)} does not exist"
            ) from None
        return
    except OSError as error:  # a name too long, a folder that is not one, no permission
        raise cannot_write(target, error) from None
    mode = info.st_mode
    where = shown_path(target)
    if stat.S_ISLNK(mode):
        try:
            points_at = f" to {shown_path(Path(os.readlink(target)))}"
        except OSError:
            points_at = ""
        raise BriefError(
            f"did not write {where}: it is a symbolic link{points_at}, and an export "
            "never writes through a link; choose the file itself or a new name"
        )
    if stat.S_ISDIR(mode):
        raise BriefError(f"did not write {where}: it is a folder; choose a file name inside it")
    if not stat.S_ISREG(mode):
        kind = (
            "a named pipe"
            if stat.S_ISFIFO(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a device"
        )
        raise BriefError(f"did not write {where}: it is {kind}, not a file; choose a new file name")
    if target.name.endswith(WORKSHOP_SUFFIX) or _holds_a_workshop(target):
        raise BriefError(
            f"did not write {where}: it is a workshop file, and an export never replaces "
            "one; choose another name"
        )
    # The rename that makes the write atomic ignores the file's own permissions, so
    # the mark someone put on a file to keep it as it is must be honoured here.
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise BriefError(
            f"did not write {where}: it is marked read-only; make it writable to replace "
            "it, or choose a new name"
        )


def _holds_a_workshop(target: Path) -> bool:
    """A workshop file under any name (``client.json``): its first bytes say so."""
    try:
        return snapshot.looks_like_a_workshop(atomic.read_regular(target, limit=256))
    except OSError:  # unreadable: the write will say what is wrong
        return False


def remove_stale_temps(target: Path, *, now: float | None = None) -> list[Path]:
    """Remove the temporary files earlier exports to *target* left when they were killed.

    Only ours (named by :func:`atomic.temp_name` for exactly this target, a regular
    file, owned by this user) and only stale ones (see :data:`STALE_AFTER_S`):
    another export to the same name may be writing right now. Returns what was removed.
    """
    now = time.time() if now is None else now
    folder = target.parent
    prefix = f".{target.name}."
    removed: list[Path] = []
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix)]
    except OSError:
        return removed
    for entry in entries:
        candidate = folder / entry.name
        if not atomic.is_temp_of(candidate, target):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != _uid():
            continue
        age = now - info.st_mtime
        writer = int(entry.name[len(prefix) :].split(".", 1)[0])
        if age < STALE_AFTER_S or (age < ABANDONED_AFTER_S and _running(writer)):
            continue
        try:
            candidate.unlink()
        except OSError:
            continue
        removed.append(candidate)
    return removed


def _uid() -> int:
    getuid = getattr(os, "getuid", None)  # not on Windows, where st_uid is always 0
    return int(getuid()) if getuid is not None else 0


def _running(pid: int) -> bool:
    """Whether process *pid* runs on this machine (True when that cannot be known)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would send CTRL_C there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process (EPERM): running
        return True
    return True


def export_isolated(
    data: WorkshopData,
    path: Path,
    fmt: str,
    options: BriefOptions,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    warn: Warn | None = None,
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
            elif kind == "warning" and warn is not None:
                warn(payload)
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


PACK_CHUNK = 64
"""Records pickled together for the export's child process. The pickling runs on a
worker thread of the GUI's process and holds the interpreter for one chunk at a
time: 64 records take a few tenths of a millisecond, where one pickle of a whole
5,000-record workshop holds it for 20 ms and more. Pickled together, records share
the pickler's memo (their class, repeated words), which packs a 5,000-record
workshop about 2.5x faster than one pickle per record: less time in which the GUI
thread waits for the interpreter."""


def _pack(data: WorkshopData) -> dict[str, list[bytes]]:
    """The snapshot, pickled in chunks of :data:`PACK_CHUNK` records, table by table."""
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
    packed = {
        name: [
            pickle.dumps(rows[start : start + PACK_CHUNK], pickle.HIGHEST_PROTOCOL)
            for start in range(0, len(rows), PACK_CHUNK)
        ]
        for name in tables
        for rows in (getattr(data, name),)
    }
    packed["meta"] = [pickle.dumps(data.meta, pickle.HIGHEST_PROTOCOL)]
    return packed


def _unpack(packed: dict[str, list[bytes]]) -> WorkshopData:
    meta = pickle.loads(packed["meta"][0])
    rows = {
        name: tuple(record for chunk in chunks for record in pickle.loads(chunk))
        for name, chunks in packed.items()
        if name != "meta"
    }
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
        written = export(
            data,
            path,
            fmt,
            options,
            progress=report,
            cancel=CancelToken(stop),
            warn=lambda notice: messages.put(("warning", notice)),
        )
    except (BriefError, ExportCancelledError) as error:
        messages.put(("error", error))
    except Exception as error:  # crosses the process boundary as a plain message
        messages.put(("error", BriefError(f"the export failed: {_described(error)}")))
    else:
        messages.put(("done", str(written)))


def _described(error: Exception) -> str:
    """An unexpected error for a dialog: its type and the start of its message, on
    one line. Never its repr, which can hold the whole payload (megabytes)."""
    try:
        text = " ".join(str(error).split())
    except Exception:  # a broken __str__ must not lose the error itself
        text = ""
    if len(text) > _ERROR_CHARS:
        text = text[:_ERROR_CHARS].rstrip() + " …"
    text = _SURROGATE.sub("\ufffd", text)
    name = type(error).__name__
    return f"{name}: {text}" if text else name


def _encoded(text: str, encoding: str = "utf-8") -> bytes:
    """*text* in *encoding* (UTF-8), each lone surrogate written as U+FFFD."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:  # only a lone surrogate stops UTF-8
        return _SURROGATE.sub("\ufffd", text).encode(encoding)


TABLE_ORDER = (
    "agenda",
    "participants",
    "problems",
    "licences",
    "ideas",
    "concerns",
    "actions",
    "votes",
    "notes",
)
"""Every table after those its records point at (a use case names its licence)."""


def all_records(data: WorkshopData) -> Iterable[Record]:
    """The workshop, then every record, each after the records it points at."""
    yield data.meta
    for table in TABLE_ORDER:
        yield from getattr(data, table)


def _csv_text(text: str) -> str:
    """A text cell a spreadsheet shows as text, never runs (see _FORMULA_START)."""
    return "'" + text if _FORMULA_START.match(text) else text


def strip_formula_guard(cell: str) -> str:
    """A cell of :func:`csv_bytes` as it was typed: the apostrophe that keeps a
    spreadsheet from running it as a formula taken off (what the import does)."""
    return cell[1:] if cell[:1] == "'" and _FORMULA_START.match(cell, 1) else cell


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):  # a number, negative or not, stays a number
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if isinstance(value, tuple | list):
        return _csv_text("; ".join(str(v) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _csv_text(str(value))


USE_CASE_COLUMNS = (
    "Rank",
    "Use case",
    "Solves",
    "Cost of the problem today",
    "Baseline",
    "Kind",
    "Value",
    "Feasibility",
    "Priority",
    "Votes",
    "Shortlisted",
    "Last mile",
    "Blocker",
    "Owner",
    "Success metric",
    "Budget per month",
    "Budget per year",
    "Draws on licence",
    "Currency",
)


def csv_bytes(data: WorkshopData) -> bytes:
    """The use-case sheet (see the module docstring): the brief's ranking and
    readiness, every word as typed."""
    problems = {p.id: p for p in data.problems}
    tools = {line.id: line.tool for line in data.licences}
    chosen = {i.id for i in scoring.shortlist(data.ideas)}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(USE_CASE_COLUMNS)
    for rank, idea in enumerate(scoring.ranked_ideas(data.ideas), start=1):
        solved = [problems[x] for x in idea.problem_ids if x in problems]
        budget = idea.monthly_budget
        texts = (
            idea.text,
            "; ".join(p.text for p in solved),
            "; ".join(p.cost_estimate for p in solved if p.cost_estimate.strip()),
            "; ".join(p.baseline for p in solved if p.baseline.strip()),
            scoring.VALUE_TYPE_LABELS[idea.value_type],
        )
        people = (scoring.blocker_line(idea), idea.owner, idea.success_metric)
        writer.writerow(
            [
                rank,
                *(_csv_text(t) for t in texts),
                *(_csv_value(v) for v in (idea.value, idea.feasibility, scoring.priority(idea))),
                idea.votes,
                "yes" if idea.id in chosen else "no",
                scoring.status_label(scoring.standing(idea)),
                *(_csv_text(t) for t in people),
                _csv_value(budget),
                _csv_value(None if budget is None else round(budget * 12, 2)),
                _csv_text(tools.get(idea.licence_id or "", "")),
                data.meta.currency,
            ]
        )
    # The byte-order mark tells Excel the file is UTF-8; without it accents break.
    return _encoded(buffer.getvalue(), "utf-8-sig")


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
        # In the order of all_records: a table after those it refers to, so an
        # import that reads the tables in turn finds every record a link names.
        **{table: tables.get(table, []) for table in TABLE_ORDER},
    }
    return _encoded(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
