"""The ``facilitator`` command: open the app, or work on workshop files headless.

Headless commands (``new``, ``add``, ``capture``, ``import``, ``list``, ``check``) never
import Qt, so they run on a server or in a script. Errors are one line on
stderr and a non-zero exit status (1 for a failure, 2 for a usage mistake);
``FACILITATOR_DEBUG=1`` shows the traceback of an unexpected error.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import dataclasses
import io
import itertools
import json
import multiprocessing
import os
import re
import sys
import traceback
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from facilitator import __version__, branding
from facilitator.agenda import apply_recipe, current_exercise
from facilitator.brief import ALL_SECTIONS, BriefError, BriefOptions
from facilitator.errors import (
    FileReadOnlyError,
    ReadOnlyError,
    WorkshopError,
    WorkshopFileError,
    WorkshopLockedError,
)
from facilitator.exercise import Exercise
from facilitator.exports import (
    BINARY_FORMATS,
    FORMATS,
    check_target,
    export,
    format_for,
    render,
    strip_formula_guard,
)
from facilitator.journal import Dropped, Segment
from facilitator.model import (
    TABLES,
    AgendaItem,
    FieldSpec,
    Kind,
    Readiness,
    Record,
    ValidationError,
    WorkshopMeta,
    check_value,
    is_uuid,
    parse_text,
    record_type,
    unknown_field_error,
)
from facilitator.operations import capture
from facilitator.received import NotAFileError, TooBigError, read_bounded
from facilitator.scoring import WorkshopData
from facilitator.templates import (
    Finding,
    Library,
    load_library,
    new_user_template,
    to_toml,
    validate_file,
)
from facilitator.workshop import Workshop, open_workshop

WORKSHOP_SUFFIX = ".workshop.json"

MAIN_FIELD = {
    "participant": "name",
    "problem": "text",
    "idea": "text",
    "concern": "text",
    "action": "text",
    "licence": "tool",
    "note": "text",
    "vote": "item_id",
}
"""The field the TEXT argument of ``facilitator add`` fills, per kind."""

IMPORTABLE = (*MAIN_FIELD, "agenda_item")
"""Kinds ``import`` takes: every table but the workshop's own record."""
IGNORED_ON_IMPORT = frozenset({"kind", "created_at", "updated_at"})
IMPORT_FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
IMPORT_MAX_BYTES = 256 * 1024 * 1024
"""The most of a file ``import`` reads: far beyond a whole exported workshop of
5,000 cards, short of a file that would take the machine's memory (a link to
/dev/zero never ends)."""
IMPORT_MAX_LINE_BYTES = 16 * 1024 * 1024
"""The longest line of standard input, as the longest CSV cell: a record, however
long its texts, fits; a stream without line ends does not fill the memory."""

SUMMARY_FIELDS: dict[str, tuple[str, ...]] = {
    "participant": ("role", "department", "stance"),
    "problem": ("who", "frequency", "impact", "votes", "group"),
    "idea": ("value_type", "value", "feasibility", "votes", "owner"),
    "concern": ("category", "severity", "anonymous", "owner"),
    "action": ("owner", "due"),
    "licence": ("seats", "price_per_seat_month", "active_share"),
    "vote": ("item_id", "participant_id", "round"),
    "note": (),
    "agenda_item": ("planned_minutes", "status", "elapsed_seconds"),
}


class UsageError(Exception):
    """A mistake in how the command was called (exit status 2)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    # A packaged (frozen) app starts the room's server process through this very
    # entry point: let multiprocessing take it there.
    multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show "Zoë" must still get the rest of the answer.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = _parser()
    if not args:
        return _run_gui(None)
    options = parser.parse_args(args)
    if not hasattr(options, "run"):
        parser.print_help(sys.stderr)
        return 2
    try:
        status: int = options.run(options)
        return status
    except UsageError as error:
        parser.print_usage(sys.stderr)
        _error(str(error))
        return 2
    except (WorkshopLockedError, FileReadOnlyError) as error:
        _error(error.for_a_change())  # a command that writes cannot use a read-only copy
        return 1
    except (WorkshopError, ValidationError) as error:
        _error(error.for_the_command_line() if isinstance(error, WorkshopFileError) else str(error))
        return 1
    except BrokenPipeError:
        # The reader went away (e.g. `facilitator list X | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        _error(f"{error.strerror or error}{where}")
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except Exception as error:
        if os.environ.get("FACILITATOR_DEBUG"):
            traceback.print_exc()
        _error(f"unexpected problem: {error!r} (run with FACILITATOR_DEBUG=1 for details)")
        return 1


BRANDING_ADVICE = {
    "accent": "set one with export --accent or in the Export dialog",
    "logo": "to use it, pass it to export --logo or choose it in the Export dialog",
    "consultancy": "set one with export --consultancy or in the Export dialog",
}
"""What to do about a branding setting the workshop stores and exports leave out."""

ERROR_LINE_CHARS = 1_000
"""An error is one line; what it quotes from the input is capped where it is made,
and this caps the rest (a path of 4,000 characters, an unexpected error's text)."""


def _error(message: str) -> None:
    line = " ".join(message.splitlines())
    if len(line) > ERROR_LINE_CHARS:
        line = line[: ERROR_LINE_CHARS - 1] + "…"
    print(f"facilitator: {line}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator",
        description="Run problem-first AI discovery workshops. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    opener = commands.add_parser("open", help="open a workshop in the app")
    opener.add_argument("path", type=Path, metavar="PATH")
    opener.set_defaults(run=lambda o: _run_gui(o.path))

    demo = commands.add_parser(
        "demo", help="open the app on the demo workshop (written to your data folder first)"
    )
    demo.set_defaults(run=lambda o: _run_gui(None, demo=True))

    new = commands.add_parser("new", help="create a workshop file")
    new.add_argument("path", type=Path, metavar="PATH")
    new.add_argument("--title", help="workshop title")
    new.add_argument("--client", default="", help="client organisation")
    new.add_argument("--date", help="workshop date, YYYY-MM-DD (default: today)")
    new.add_argument(
        "--facilitator",
        action="append",
        default=[],
        dest="facilitators",
        help="a facilitator's name (repeat for several)",
    )
    new.add_argument("--currency", default="EUR", help="currency of the spend sheet (EUR)")
    new.add_argument("--objective", default="", help="why the client asked for the workshop")
    new.add_argument("--demo", action="store_true", help="write a copy of the demo workshop")
    new.add_argument("--recipe", metavar="ID", help="build the agenda from an agenda recipe")
    new.add_argument(
        "--start", metavar="HH:MM", help="when the first exercise starts (the agenda's clock)"
    )
    new.set_defaults(run=_cmd_new)

    add = commands.add_parser("add", help="capture one record; prints its id")
    add.add_argument("path", type=Path, metavar="PATH")
    add.add_argument("kind", metavar="KIND", help=", ".join(MAIN_FIELD))
    add.add_argument("text", metavar="TEXT", help="the record's text (a licence's tool, ...)")
    add.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="fields",
        help="another field, e.g. --set impact=4 (repeatable)",
    )
    add.set_defaults(run=_cmd_add)

    _add_capture_command(commands)

    importer = commands.add_parser(
        "import", help="capture records from CSV or JSON Lines ('-' reads standard input)"
    )
    importer.add_argument("path", type=Path, metavar="PATH")
    importer.add_argument("file", metavar="FILE")
    importer.add_argument("--kind", help="kind of every record when the file has no kind column")
    importer.set_defaults(run=_cmd_import)

    lister = commands.add_parser("list", help="show the records of a workshop")
    lister.add_argument("path", type=Path, metavar="PATH")
    lister.add_argument("kind", nargs="?", metavar="KIND", help="only this kind")
    lister.add_argument("--json", action="store_true", help="one JSON document")
    lister.set_defaults(run=_cmd_list)

    _add_export_command(commands)
    _add_runsheet_command(commands)

    _add_library_commands(commands)

    check = commands.add_parser(
        "check", help="verify a workshop file (and recover unsaved journal entries)"
    )
    check.add_argument("path", type=Path, metavar="PATH")
    check.add_argument(
        "--salvage",
        action="store_true",
        help="write a new workshop beside PATH with everything that still reads, "
        "and say what was lost",
    )
    check.set_defaults(run=_cmd_check)
    return parser


def _add_export_command(commands: Any) -> None:
    """``export``: the brief, the deck, the Word brief, or the records, in a file or on
    standard output."""
    exporter = commands.add_parser(
        "export",
        help="write the PDF strategy brief, the readout deck (PowerPoint), the brief in Word, "
        "or the records as CSV, Markdown or JSON",
    )
    exporter.add_argument("path", type=Path, metavar="PATH")
    exporter.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="file to write; - for standard output"
    )
    exporter.add_argument(
        "--format",
        choices=FORMATS,
        help="pdf, pptx, docx, csv, md or json (default: from OUT's suffix)",
    )
    exporter.add_argument(
        "--sections",
        metavar="LIST",
        help="sections of the brief to include, comma-separated: " + ",".join(ALL_SECTIONS),
    )
    exporter.add_argument("--consultancy", help="consultancy name on the cover")
    exporter.add_argument("--logo", type=Path, help="PNG or JPEG logo for the cover")
    exporter.add_argument("--accent", help="accent colour, e.g. #1F4E79")
    exporter.add_argument("--confidentiality", help="confidentiality line")
    exporter.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="PowerPoint template (.potx or .pptx) the readout deck is built on",
    )
    exporter.add_argument(
        "--brief-version", default="1", metavar="TEXT", help="the version on the cover (1)"
    )
    exporter.set_defaults(run=_cmd_export)


def _add_runsheet_command(commands: Any) -> None:
    """``runsheet``: the facilitator's one-page run sheet of the agenda, as a PDF."""
    sheet = commands.add_parser(
        "runsheet",
        help="write the facilitator's one-page run sheet (times, exercises, steps, script)",
    )
    sheet.add_argument("path", type=Path, metavar="PATH")
    sheet.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    sheet.add_argument(
        "--start", metavar="HH:MM", help="when the day starts (default: the workshop's start time)"
    )
    sheet.set_defaults(run=_cmd_runsheet)


def _cmd_runsheet(options: argparse.Namespace) -> int:
    from facilitator.runsheet import write_run_sheet  # ReportLab: only when asked for

    start = None
    if options.start is not None:
        start = check_value(WorkshopMeta.field_specs()["start_time"], options.start)
    workshop = open_workshop(options.path, read_only=True)
    write_run_sheet(
        options.output,
        workshop.meta,
        workshop.typed(AgendaItem),
        start_time=start,
        accent=BriefOptions.for_workshop(branding.load(), workshop.meta, ALL_SECTIONS).accent,
    )
    print(options.output)
    return 0


def _add_capture_command(commands: Any) -> None:
    """``capture``: a card typed as in the app's capture line, through the same rules."""
    capturer = commands.add_parser(
        "capture",
        help='capture a card as typed in the app\'s capture line: "text #group !4 @name"',
    )
    capturer.add_argument("path", type=Path, metavar="PATH")
    capturer.add_argument("text", metavar="TEXT", help="the card, with #group !4 @name +new marks")
    capturer.add_argument(
        "--exercise",
        metavar="N",
        help="the exercise: its number on the agenda (as `list` shows it) or an id prefix "
        "(default: the one running, else the first planned one that captures cards)",
    )
    capturer.add_argument(
        "--problem",
        action="append",
        default=[],
        metavar="ID",
        help="a problem the idea solves (id prefix; repeatable)",
    )
    capturer.add_argument(
        "--park", action="store_true", help="an idea nobody can link yet: to the parking lot"
    )
    capturer.add_argument(
        "--anonymous", action="store_true", help="store no name at all, whatever the text says"
    )
    capturer.set_defaults(run=_cmd_capture)


def _add_library_commands(commands: Any) -> None:
    """The ``templates`` and ``recipes`` commands."""
    server = commands.add_parser(
        "serve",
        help="open the room: participants join from their phones (no GUI)",
        description="Serve the workshop's room on the local network until Ctrl+C: "
        "prints the address, the room code and a QR code to scan.",
    )
    server.add_argument("path", type=Path)
    server.add_argument("--port", type=int, default=8765, help="port to listen on (8765)")
    server.add_argument(
        "--bind", metavar="ADDR", help="the laptop's address on the network phones join"
    )
    server.set_defaults(run=_cmd_serve)

    templates = commands.add_parser("templates", help="exercise templates: list, show, ...")
    template_commands = templates.add_subparsers(title="template commands", metavar="COMMAND")
    lister = template_commands.add_parser("list", help="built-in, your own, and broken ones")
    lister.add_argument("--json", action="store_true", help="one JSON document")
    lister.set_defaults(run=_cmd_templates_list)
    shower = template_commands.add_parser("show", help="print a template's TOML")
    shower.add_argument("ident", metavar="ID")
    shower.set_defaults(run=_cmd_templates_show)
    validator = template_commands.add_parser(
        "validate", help="check template or recipe files (one line per problem)"
    )
    validator.add_argument("files", type=Path, nargs="+", metavar="FILE")
    validator.set_defaults(run=_cmd_templates_validate)
    maker = template_commands.add_parser("new", help="start your own template to edit")
    maker.add_argument("ident", metavar="ID")
    maker.add_argument(
        "--from",
        dest="source",
        metavar="EXISTING_ID",
        help="copy an existing template (default: a blank one)",
    )
    maker.set_defaults(run=_cmd_templates_new)
    templates.set_defaults(run=_cmd_templates_list, json=False)

    recipes = commands.add_parser("recipes", help="agenda recipes")
    recipe_commands = recipes.add_subparsers(title="recipe commands", metavar="COMMAND")
    recipe_list = recipe_commands.add_parser("list", help="the agenda recipes")
    recipe_list.set_defaults(run=_cmd_recipes_list)
    recipes.set_defaults(run=_cmd_recipes_list)


# --- the GUI ------------------------------------------------------------------------


def _run_gui(path: Path | None, *, demo: bool = False) -> int:
    """Start the desktop app, which registers itself under the ``facilitator.gui``
    entry point; the core never imports it, so headless use needs no Qt."""
    from importlib.metadata import entry_points

    found = entry_points(group="facilitator.gui", name="desktop")
    if not found:
        _error("the desktop app is not installed; install Facilitator with 'make run'")
        return 1
    try:
        run = next(iter(found)).load()
    except ImportError as error:
        _error(f"the desktop app cannot start: {error}")
        return 1
    status: int = run(path, demo=demo)
    return status


# --- new ----------------------------------------------------------------------------


def workshop_path(path: Path) -> Path:
    """PATH as given, with .workshop.json added when it has no .json suffix."""
    if not path.name:
        raise UsageError("PATH is empty: give a file name such as acme.workshop.json")
    return path if path.suffix == ".json" else path.with_name(path.name + WORKSHOP_SUFFIX)


def _cmd_new(options: argparse.Namespace) -> int:
    path = workshop_path(options.path)
    if options.demo:
        from facilitator.demo import write_demo

        workshop = write_demo(path)
    else:
        if not options.title:
            raise UsageError("new: --title is required (or use --demo)")
        recipe = library = None
        if options.recipe:
            library = load_library()
            recipe = library.recipe(options.recipe)  # fail before anything is written
        workshop = Workshop.create(
            path,
            title=options.title,
            client=options.client,
            date=options.date or date.today().isoformat(),
            facilitators=options.facilitators,
            currency=options.currency.upper(),
            objective=options.objective,
            start_time=options.start,
        )
        if recipe is not None and library is not None:
            apply_recipe(workshop, recipe, library)
    if workshop.status.warning:  # saved, but e.g. without its first backup copy
        _error(f"warning: {workshop.status.warning}")
    _close(workshop)
    print(path)
    return 0


# --- add and import -----------------------------------------------------------------


def field_values(workshop: Workshop, kind: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Typed field values for a new record of *kind* from strings (or JSON values).

    Ids may be given by an unambiguous prefix; ``readiness.workflow=4`` and
    ``readiness.workflow.note=...`` set one readiness dimension.
    """
    cls = record_type(kind)
    specs = cls.field_specs()
    values: dict[str, Any] = {}
    readiness: dict[str, dict[str, Any]] = {}
    for key, given in raw.items():
        if key.startswith("readiness.") and "readiness" in specs:
            path = key.split(".")
            if len(path) not in (2, 3) or (len(path) == 3 and path[2] not in ("score", "note")):
                raise ValidationError(f"{key}: expected readiness.<part> or readiness.<part>.note")
            readiness.setdefault(path[1], {})["score" if len(path) == 2 else path[2]] = given
            continue
        field_spec = specs.get(key)
        if field_spec is None or key in ("id", "created_at", "updated_at"):
            raise unknown_field_error(cls, key)
        values[key] = _field_value(workshop, field_spec, given)
    if readiness:
        current = Readiness()
        for dimension, rating in readiness.items():
            score = rating.get("score", ...)
            if isinstance(score, str):
                score_spec = FieldSpec(f"readiness.{dimension}", Kind.SCORE, "Score")
                score = parse_text(score_spec, score)
            current = current.with_rating(dimension, score=score, note=rating.get("note", ...))
        values["readiness"] = current
    return values


def _field_value(workshop: Workshop, field_spec: FieldSpec, given: Any) -> Any:
    """One value from text or JSON; ids may be given by an unambiguous prefix."""
    value = given
    if isinstance(value, str) and field_spec.kind is not Kind.TEXT:
        value = parse_text(field_spec, value)
    table = field_spec.ref_table
    if field_spec.kind is Kind.REF and isinstance(value, str):
        return workshop.resolve(value, table).id
    if field_spec.kind is Kind.REFS and isinstance(value, list) and table:
        return [workshop.resolve(v, table).id if isinstance(v, str) else v for v in value]
    return value


def _parse_assignments(assignments: list[str]) -> dict[str, str]:
    raw: dict[str, str] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set expects KEY=VALUE, got {item!r}")
        raw[key.strip()] = value
    return raw


def _cmd_add(options: argparse.Namespace) -> int:
    kind = options.kind.lower()
    if kind not in MAIN_FIELD:
        raise ValidationError(f"unknown kind {kind!r} (known kinds: {', '.join(MAIN_FIELD)})")
    workshop = _open_for_a_change(options.path)
    try:
        raw: dict[str, Any] = {MAIN_FIELD[kind]: options.text}
        raw.update(_parse_assignments(options.fields))
        record = workshop.add(kind, **field_values(workshop, kind, raw))
        if not workshop.status.saved:
            reason = (workshop.status.error or "not saved").split(" — ")[0]
            raise WorkshopError(f"{reason}; nothing was added")
        print(record.id)
    finally:
        _close_quietly(workshop)
    return 0


def _cmd_capture(options: argparse.Namespace) -> int:
    workshop = _open_for_a_change(options.path)
    try:
        item = _exercise_to_capture_in(workshop, options.exercise)
        problems = [workshop.resolve(p, "problems").id for p in options.problem]
        done = capture(
            workshop,
            item.id,
            options.text,
            problem_ids=problems or None,
            park=options.park,
            anonymous=True if options.anonymous else None,
        )
        if done.needs_problem:
            raise ValidationError(
                "which problem does this idea solve? name it with --problem ID "
                f"(`facilitator list {options.path} problem` lists them), or --park it"
            )
        if not workshop.status.saved:
            reason = (workshop.status.error or "not saved").split(" — ")[0]
            raise WorkshopError(f"{reason}; nothing was captured")
        assert done.card is not None
        if done.person is not None:
            print(f"joined participant {done.person.id} {for_terminal(done.person.name)}")
        print(f"{'parked' if done.parked else 'saved'} {done.card.kind} {done.card.id}")
    finally:
        _close_quietly(workshop)
    return 0


def _exercise_to_capture_in(workshop: Workshop, chosen: str | None) -> AgendaItem:
    """The exercise ``--exercise`` names (a number on the agenda, or an id prefix), or
    the one running, else the first planned one that captures cards."""
    agenda = workshop.typed(AgendaItem)
    if chosen is not None and chosen.isdigit() and 1 <= int(chosen) <= len(agenda):
        return agenda[int(chosen) - 1]
    if chosen is not None:
        try:
            found = workshop.resolve(chosen, "agenda")
        except WorkshopError:
            if not chosen.isdigit():
                raise
            raise ValidationError(  # a number past the end, not an id that starts so
                f"--exercise {chosen}: the agenda has {len(agenda)} exercises (see `list`)"
            ) from None
        assert isinstance(found, AgendaItem)
        return found
    capturing = [i for i in agenda if Exercise(i).captures != "none"]
    under_way = current_exercise(capturing)
    if under_way is not None:
        return under_way
    raise ValidationError("no exercise is running or planned that captures cards: use --exercise N")


def _open_for_a_change(path: str) -> Workshop:
    """The workshop open for writing; trouble that loses nothing (its backup could
    not be written) is said, as ``new`` says it, before the command goes on."""
    workshop = open_workshop(path)
    if workshop.status.warning:
        _error(f"warning: {workshop.status.warning}")
    return workshop


def _close(workshop: Workshop) -> None:
    """Close (a failure raises: the changes are not safe); warn if the file was
    left behind its journal."""
    note = workshop.close()
    if note:
        _error(f"warning: {note}")


def _close_quietly(workshop: Workshop) -> None:
    """Close; if the final compaction fails, the journal still holds every change."""
    told = not workshop.status.saved  # the command has said what was not saved
    try:
        note = workshop.close()
    except WorkshopError as error:
        if not told:
            _error(f"warning: {error}")
        store = workshop.store
        abandon = getattr(store, "abandon", None)
        if abandon is not None:
            abandon()
        return
    if note:
        _error(f"warning: {note}")


Item = tuple[int, dict[str, Any] | str]
"""(line number, a record's fields) or (line number, why the line was refused)."""


def _input(name: str) -> tuple[Iterator[str], str]:
    """The lines to import and their format ('csv' or 'jsonl').

    Standard input is read line by line as it arrives, so ``tail -f captures.jsonl
    | facilitator import w.json -`` saves each capture at once; a file is read
    whole (its encoding is guessed from all of it).
    """
    if name == "-":
        lines = _stdin_lines()
        first: list[str] = []
        for line in lines:  # the format shows in the first line that is not blank
            first.append(line)
            if line.strip():
                break
        shown = "".join(first).lstrip()
        return itertools.chain(first, lines), "jsonl" if shown.startswith("{") else "csv"
    path = Path(name)
    suffix = path.suffix.lower()
    fmt = IMPORT_FORMATS.get(suffix)
    if fmt is None:
        hint = " (in Excel: File › Save As › 'CSV UTF-8')" if suffix in (".xlsx", ".xls") else ""
        raise UsageError(
            f"cannot import {path.name}: give a .csv file with a header row, or a .jsonl "
            f"file with one JSON object per line{hint}"
        )
    try:
        data = read_bounded(path, IMPORT_MAX_BYTES)
    except NotAFileError as error:
        raise WorkshopError(
            f"cannot import {path.name}: it is {error.kind}, not a file; "
            "a live feed is piped in: ... | facilitator import WORKSHOP -"
        ) from None
    except TooBigError as error:
        raise WorkshopError(
            f"cannot import {path.name}: it has {error.size:,} bytes, more than the "
            f"{IMPORT_MAX_BYTES:,} an import reads; split it into smaller files"
        ) from None
    try:
        # utf-8-sig: Excel writes a byte-order mark at the start of CSV files; its
        # "Unicode Text" (and many Windows tools) write UTF-16, marked the same way.
        utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        text = data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as error:
        try:
            # Excel's plain "CSV" on Windows writes Windows-1252, not UTF-8.
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise WorkshopError(
                f"{path} is not UTF-8 text (byte {error.start + 1}); in Excel, save it as "
                "'CSV UTF-8 (comma delimited)'"
            ) from None
        _error(
            f"warning: {path.name} is not UTF-8; read it as Windows-1252 (Excel's plain CSV). "
            "Check accented letters in the result."
        )
    return iter(io.StringIO(text, newline="")), fmt


def _stdin_lines() -> Iterator[str]:
    """Standard input, one line at a time, as soon as each line arrives."""
    source = getattr(sys.stdin, "buffer", None)
    if source is None:  # a text stream handed in by a test or an embedding program
        yield from sys.stdin
        return
    for number, raw in enumerate(iter(lambda: source.readline(IMPORT_MAX_LINE_BYTES), b""), 1):
        if len(raw) == IMPORT_MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise WorkshopError(
                f"line {number} of standard input is longer than "
                f"{IMPORT_MAX_LINE_BYTES // (1024 * 1024)} MB; the lines before it are saved"
            )
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise WorkshopError(
                f"line {number} of standard input is not UTF-8 text (byte {error.start + 1}); "
                "the lines before it are saved"
            ) from None


def _records_in(lines: Iterator[str], fmt: str) -> Iterator[Item]:
    """(line number, fields) per record, or (line number, reason) for a bad line.

    JSON Lines are read one line at a time, as they arrive. A whole workshop as
    ``export --format json`` writes it spans many lines, its first one not an
    object of its own: that is read whole.
    """
    if fmt == "csv":
        yield from _csv_records(lines)
        return
    numbered = enumerate(lines, start=1)
    for number, line in numbered:
        if not line.strip():
            continue
        if line.lstrip().startswith("{") and not _is_json(line):
            text = _whole(number, line, (rest for _, rest in numbered))
            document = _workshop_document(text)
            if document is not None:
                yield from _records_of_document(document)
                return
            for later, rest in enumerate(io.StringIO(text), start=number):
                if rest.strip():
                    yield later, _json_object(rest)
            return
        yield number, _json_object(line)


def _whole(number: int, first: str, rest: Iterable[str]) -> str:
    """Line *number*, *first*, and every line after it, as one text of at most
    IMPORT_MAX_BYTES characters (standard input may never end)."""
    parts = [first]
    size = len(first)
    for line in rest:
        size += len(line)
        if size > IMPORT_MAX_BYTES:
            raise WorkshopError(
                f"line {number}: the JSON document that starts here runs past "
                f"{IMPORT_MAX_BYTES:,} characters; it was not imported"
            )
        parts.append(line)
    return "".join(parts)


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def _json_object(line: str) -> dict[str, Any] | str:
    """One line of JSON Lines as fields, or why it does not read."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return f"not valid JSON ({error.msg}, column {error.colno})"
    except RecursionError:
        return "not valid JSON (nested too deeply)"
    except ValueError:  # Python reads no whole number of more than 4,300 digits
        return "a number in it is too long to read (thousands of digits)"
    if not isinstance(item, dict):
        return "expected a JSON object"
    return item


def _csv_records(lines: Iterator[str]) -> Iterator[Item]:
    """CSV rows as fields, one at a time. A quote that is never closed and a
    column named twice are refused with their line, never read around."""
    # Workshop notes may run to 100,000 characters; the csv module's default
    # limit (131,072) is for a whole field, so lift it well clear.
    csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))
    first = next(lines, "")
    reader = csv.reader(itertools.chain([first], lines), dialect=_sniff(first), strict=True)
    header = _csv_row(reader)
    if header is None:
        return
    names = header[1]
    if isinstance(names, str):
        yield 1, names
        return
    columns = [header_key(k) for k in names]
    for column in columns:
        if column and columns.count(column) > 1:
            places = " and ".join(str(i + 1) for i, c in enumerate(columns) if c == column)
            raise WorkshopError(
                f"line 1: the column {column!r} appears twice (columns {places}); "
                "nothing was imported"
            )
    while (row := _csv_row(reader)) is not None:
        number, cells = row
        if isinstance(cells, str):
            yield number, cells
            continue
        if len(cells) > len(columns):
            yield number, "more cells than the header has columns"
            continue
        fields = {
            column: strip_formula_guard(value)
            for column, value in zip(columns, cells, strict=False)
            if column and value != ""
        }
        if fields:
            yield number, fields


def _csv_row(reader: Any) -> tuple[int, list[str] | str] | None:
    """The next row and the line it starts on, or the reason it does not read."""
    start = reader.line_num + 1
    try:
        return start, next(reader)
    except StopIteration:
        return None
    except csv.Error as error:
        if "end of data" in str(error) or "unexpected end" in str(error):
            return start, (
                'a quoted cell that starts here is never closed: add the missing " '
                "(everything after it was read as one cell)"
            )
        return start, f'not valid CSV ({error}); a " inside a cell is written twice'


def _workshop_document(text: str) -> dict[str, Any] | None:
    """A whole workshop as ``export --format json`` writes it, or None for other text
    (JSON Lines: one record a line)."""
    if not text.lstrip().startswith("{") or text.strip().count("\n") == 0:
        return None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(document, dict) and document.get("format") == "facilitator-workshop":
        return document
    return None


def _records_of_document(document: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(record number, fields) of every record of an exported workshop, the tables in
    the order written (each after those it refers to)."""
    number = 1
    if isinstance(document.get("workshop"), dict):
        yield number, {**document["workshop"], "kind": "workshop"}
    for table, records in document.items():
        if table not in TABLES or table == "meta" or not isinstance(records, list):
            continue
        for record in records:
            number += 1
            if not isinstance(record, dict):
                yield number, "expected a JSON object"
                continue
            yield number, {**record, "kind": TABLES[table].kind}


def header_key(header: str) -> str:
    """A CSV header as a field name: 'Price per seat' and 'price-per-seat' both
    mean price_per_seat."""
    return re.sub(r"[\s-]+", "_", header.strip().lower())


def _sniff(header_line: str) -> type[csv.Dialect]:
    """Excel's CSV rules with the delimiter the header row uses (a comma, or the
    semicolon of European Excel, or a tab). Only the delimiter is sniffed: the
    sniffer guesses quoting wrongly from one line (it missed "" inside cells)."""
    try:
        delimiter = csv.Sniffer().sniff(header_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    return type("Sniffed", (csv.excel,), {"delimiter": delimiter})


def _cmd_import(options: argparse.Namespace) -> int:
    lines, fmt = _input(options.file)
    items: Iterable[Item] = _records_in(lines, fmt)
    # A file exported by this app lists each dot as a vote row as well as a
    # problem's or idea's vote count: count the dots once, from the vote rows.
    # A file is looked at whole first; a stream counts from the vote rows once it
    # shows it is an export (its first row is the workshop's own).
    dots_as_rows = False
    if options.file != "-":
        items = list(items)
        dots_as_rows = any(_kind_of(item) == "vote" for _number, item in items)
    # Locked from here (the first line of a stream) to the end of the input.
    workshop = _open_for_a_change(options.path)
    rejected = 0
    try:
        for number, item in items:
            if isinstance(item, str):
                rejected += 1
                print(f"line {number}: {item}", file=sys.stderr, flush=True)
                continue
            if options.file == "-" and _kind_of(item) in ("workshop", "vote"):
                dots_as_rows = True
            if _kind_of(item) == "workshop":
                # An export's first row: this workshop keeps its own title and client.
                print(f"line {number}: skipped the workshop's own details", file=sys.stderr)
                continue
            fields = {k: v for k, v in item.items() if k != "votes" or not dots_as_rows}
            try:
                record = _import_one(workshop, fields, options.kind)
            except (ValidationError, WorkshopError, TypeError) as error:
                if isinstance(error, ReadOnlyError):
                    raise
                rejected += 1
                reason = (
                    error
                    if not isinstance(error, TypeError)
                    else ("a value has the wrong shape (a list or object where text belongs)")
                )
                print(f"line {number}: {reason}", file=sys.stderr, flush=True)
                continue
            if not workshop.status.saved:
                reason = (workshop.status.error or "not saved").split(" — ")[0]
                print(f"line {number}: {reason}", file=sys.stderr)
                raise WorkshopError("import stopped: the last record could not be saved")
            print(f"saved {record.kind} {record.id}", flush=True)
    finally:
        _close_quietly(workshop)
    return 1 if rejected else 0


def _kind_of(item: dict[str, Any] | str) -> str:
    return str(item.get("kind", "")).strip().lower() if isinstance(item, dict) else ""


def _import_one(workshop: Workshop, item: dict[str, Any], default_kind: str | None) -> Record:
    kind = str(item.get("kind") or default_kind or "").strip().lower()
    if not kind:
        raise ValidationError("no kind (add a 'kind' column or use --kind)")
    if kind not in IMPORTABLE:
        raise ValidationError(f"unknown kind {kind!r} (known kinds: {', '.join(IMPORTABLE)})")
    record_id = item.get("id") or None
    if record_id is not None and not is_uuid(record_id):
        raise ValidationError(f"id: expected a record id (a UUID), found {record_id!r:.60}")
    fields = {k: v for k, v in item.items() if k not in IGNORED_ON_IMPORT and k != "id"}
    values = field_values(workshop, kind, fields)
    return workshop.add(kind, record_id=record_id, **values)


# --- list and check -----------------------------------------------------------------


def _cmd_list(options: argparse.Namespace) -> int:
    workshop = open_workshop(options.path, read_only=True)
    tables = list(TABLES)
    if options.kind:
        tables = [record_type(options.kind.lower()).table]
    if options.json:
        document = {t: [r.to_json() for r in workshop.records(t)] for t in tables}
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    meta = workshop.meta
    if not options.kind:
        heading = " — ".join(x for x in (meta.title, meta.client, meta.date or "") if x)
        print(for_terminal(heading))
    for table in tables:
        if table == "meta":
            continue
        rows = workshop.records(table)
        if not options.kind:
            print(f"\n{record_type(table).label}s ({len(rows)})")
        for number, record in enumerate(rows, start=1):
            # The agenda is numbered: `capture --exercise N` takes the number.
            print(_line(record, number if table == "agenda" else None))
    return 0


def _line(record: Record, number: int | None = None) -> str:
    details = []
    for name in SUMMARY_FIELDS.get(record.kind, ()):
        value = getattr(record, name)
        if value in (None, "", (), False) or (name == "votes" and value == 0):
            continue
        if isinstance(value, str) and name.endswith("_id"):
            value = value[:8]
        details.append(f"{name}={value}")
    text = " ".join(record.summary().split())
    if number is not None:
        text = f"{number}. {text}"
    line = f"  {record.id[:8]}  {text}" + (f"  [{', '.join(details)}]" if details else "")
    return for_terminal(line)


BIDI_CONTROLS = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def for_terminal(text: str) -> str:
    """Text safe to print: control characters (an escape sequence typed into a card
    could recolour or rewrite the terminal) and bidi overrides shown as escapes."""
    return "".join(map(_visible, text))


def _visible(ch: str) -> str:
    if unicodedata.category(ch) != "Cc" and ord(ch) not in BIDI_CONTROLS:
        return ch
    return f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}"


def _cmd_export(options: argparse.Namespace) -> int:
    workshop = open_workshop(options.path, read_only=True)
    sections = ALL_SECTIONS
    if options.sections:
        sections = tuple(s.strip() for s in options.sections.split(",") if s.strip())
    if options.accent is not None:
        problem = branding.accent_problem(options.accent)
        if problem:
            raise branding.BrandingError(f"--accent: {problem}")
    changes = {
        "consultancy": options.consultancy,
        "logo": options.logo,
        "accent": options.accent,
        "confidentiality": options.confidentiality,
        "template": options.template,
    }
    given = {k: str(v) for k, v in changes.items() if v is not None}
    to_stdout = options.output == "-"
    output = Path(options.output)
    fmt = format_for(Path("brief") if to_stdout else output, options.format)
    if to_stdout and fmt in BINARY_FORMATS and sys.stdout.isatty():
        # As gzip does: a binary file poured onto a terminal is only noise (and may
        # leave it in a strange state); nobody means that.
        raise BriefError(
            f"did not write the {fmt.upper()} to the terminal; send it to a file "
            f"(-o brief.{fmt}) or a pipe (-o - | ...)"
        )
    if not to_stdout:
        check_target(output)  # a refused name first, before warnings about the branding
    # What the workshop file stores is used with care (facilitator.branding); the
    # options here are the user's own choice and override it.
    folder = workshop.path.parent if workshop.path else None
    trusted = branding.trusted_logos()
    for unused in branding.left_out(workshop.meta, folder=folder, trusted=trusted, ignore=given):
        _error(f"warning: {unused}; {BRANDING_ADVICE[unused.setting]}")
    usable = branding.for_workshop(branding.load(), workshop.meta, folder=folder, trusted=trusted)
    brand = dataclasses.replace(usable, **given).checked()
    chosen = BriefOptions(
        sections=sections,
        consultancy=brand.consultancy,
        logo=brand.logo_path,
        accent=brand.accent,
        confidentiality=brand.confidentiality,
        version=options.brief_version,
    )

    def warn(notice: str) -> None:
        _error(f"warning: {notice}")

    data = WorkshopData.of(workshop)
    if to_stdout:
        sys.stdout.buffer.write(render(data, fmt, chosen, warn=warn))
        sys.stdout.buffer.flush()
        return 0
    export(data, output, fmt, chosen, warn=warn)
    print(output)
    return 0


def _library_and_report() -> Library:
    library = load_library()
    for broken in library.broken:
        _error(f"warning: {broken.path} is broken and was skipped: {broken.findings[0]}")
    return library


def _cmd_templates_list(options: argparse.Namespace) -> int:
    library = load_library()
    if options.json:
        listed: list[dict[str, Any]] = [
            {
                "id": t.id,
                "title": t.title,
                "minutes": t.minutes,
                "captures": t.captures,
                "view": t.view,
                "origin": t.origin,
                "path": str(t.path),
                "problems": [],
            }
            for t in sorted(library.templates.values(), key=lambda t: t.id)
        ]
        listed += [
            {
                "id": b.id,
                "title": None,
                "origin": f"{b.origin}, broken",
                "path": str(b.path),
                "problems": [str(f) for f in b.findings],
            }
            for b in library.broken
        ]
        json.dump(listed, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for t in sorted(library.templates.values(), key=lambda t: t.id):
        kinds = f"{t.captures}/{t.view}"
        print(for_terminal(f"  {t.id:<22} {t.title:<34} {t.minutes:>3} min  {kinds}  [{t.origin}]"))
    for b in library.broken:
        print(for_terminal(f"  {b.id:<22} BROKEN ({b.origin}): {b.findings[0]}"))
    return 0


def _cmd_templates_show(options: argparse.Namespace) -> int:
    template = _library_and_report().template(options.ident)
    if template.path is not None:
        sys.stdout.write(template.path.read_text(encoding="utf-8"))
    else:
        sys.stdout.write(to_toml(template.document))
    return 0


def _cmd_templates_validate(options: argparse.Namespace) -> int:
    library = load_library()
    failed = False
    for path in options.files:
        findings = validate_file(path, library)
        if findings:
            failed = True
            for finding in findings:
                print(for_terminal(_located(path, finding)), file=sys.stderr)
        else:
            print(f"ok: {path}")
    return 1 if failed else 0


def _located(path: Path, finding: Finding) -> str:
    """A finding with the path as the user typed it, not just the file name."""
    where = f"{path}:{finding.line}" if finding.line else str(path)
    return (
        f"{where}: {finding.path}: {finding.message}"
        if finding.path
        else (f"{where}: {finding.message}")
    )


def _cmd_templates_new(options: argparse.Namespace) -> int:
    library = _library_and_report()
    print(new_user_template(options.ident, library, source=options.source))
    return 0


def _cmd_recipes_list(options: argparse.Namespace) -> int:
    library = _library_and_report()
    for recipe in sorted(library.recipes.values(), key=lambda r: r.minutes):
        hours, minutes = divmod(recipe.minutes, 60)
        length = f"{hours} h {minutes:02d}" if hours else f"{minutes} min"
        print(for_terminal(f"  {recipe.id:<22} {recipe.title:<36} {length:>8}  [{recipe.origin}]"))
        print(
            for_terminal("      " + " → ".join(f"{i.exercise} ({i.minutes})" for i in recipe.items))
        )
    return 0


def _cmd_serve(options: argparse.Namespace) -> int:
    from facilitator.room.serve import serve
    from facilitator.room.server import RoomError

    try:
        return serve(
            options.path,
            port=options.port,
            bind=options.bind,
            commands=sys.stdin if sys.stdin.isatty() else None,
        )
    except RoomError as error:
        raise WorkshopError(str(error)) from None


def _cmd_check(options: argparse.Namespace) -> int:
    path: Path = options.path
    if options.salvage:
        return _salvage(path)
    held = False
    why_read_only = ""
    try:
        workshop = open_workshop(path)
    except WorkshopLockedError as locked:
        workshop = open_workshop(path, read_only=True)
        held, why_read_only = locked.owner is not None, locked.fact
    except FileReadOnlyError as marked:
        workshop = open_workshop(path, read_only=True)
        why_read_only = marked.fact
    store = workshop.store
    recovered: int = getattr(store, "recovered_entries", 0)
    dropped: list[Dropped] = getattr(store, "dropped", [])
    foreign: list[Segment] = getattr(store, "foreign", [])
    counts = workshop.counts()
    if not workshop.read_only:
        _close(workshop)
    summary = ", ".join(
        f"{n} {record_type(t).label.lower()}{'s' if n != 1 else ''}"
        for t, n in counts.items()
        if t != "meta" and n
    )
    note = f" ({why_read_only}; checked read-only)" if why_read_only else ""
    # Settings the workshop stores that exports leave out (a bad accent colour, a
    # logo outside its folder): readable, but not healthy.
    stored = branding.left_out(
        workshop.meta, folder=(workshop.path or path).parent, trusted=branding.trusted_logos()
    )
    for unused in stored:
        _error(f"warning: {path}: {unused}; {BRANDING_ADVICE[unused.setting]}")
    state = (
        f"reads, with {len(stored)} warning{'s' if len(stored) != 1 else ''} above"
        if stored
        else "is healthy"
    )
    changes = f"{recovered} change{'s' if recovered != 1 else ''}"
    if recovered and held:  # read, not folded into the file
        note += f"; {changes} in the journal, folded in when the app that holds it closes"
    elif recovered and workshop.read_only:
        note += (
            f"; {changes} in the journal, not in the file yet: they are folded in when "
            "it is opened where it can be written"
        )
    elif recovered:
        note += f"; recovered {changes} from the journal"
    print(f"ok: {path} {state} — {summary or 'no records yet'}{note}")
    for line in dropped:
        print(f"  dropped {line.describe()} — it was never reported saved")
    for segment in foreign:
        print(f"  left alone: {segment.path.name}: {segment.why_foreign}")
    return 0


def _salvage(path: Path) -> int:
    from facilitator.salvage import salvage

    result = salvage(path)
    kept = ", ".join(
        f"{n} {record_type(t).label.lower()}{'s' if n != 1 else ''}"
        for t, n in result.counts.items()
        if t != "meta" and n
    )
    print(f"salvaged {path} into {result.path} — {kept or 'no records'}")
    for line in result.lost:
        print(f"  lost: {for_terminal(line)}")
    for line in result.changed:
        print(f"  changed: {for_terminal(line)}")
    for line in result.unsaved:
        print(f"  not saved when the app stopped: {for_terminal(line)}")
    for line in result.left_alone:
        print(f"  left alone: {for_terminal(line)}")
    if not result.lost:
        print("  nothing saved was lost")
    return 0
