"""The records a workshop is made of, and the rules each one must satisfy.

Every table of the workshop file (see ``docs/file-format.md``) has one frozen
dataclass here. Records are immutable: an edit makes a new record, which is what
lets the store write a snapshot from another thread and lets undo keep the
previous version for free.

Field rules are declared next to each field (:func:`spec`) so that one generic
validator serves loading from disk, the command line (``--set impact=4``), CSV
import and, later, the inspector in the GUI. Messages name the field and say what
was expected and what was found, in words a consultant understands.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import enum
import json
import math
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Self

SCHEMA_VERSION = 3
"""Version of the workshop file format this app reads and writes."""


class ValidationError(ValueError):
    """A value or record that breaks a rule of the workshop format."""


class Kind(enum.Enum):
    """What a field holds; decides how it is checked and parsed from text."""

    TEXT = "text"  # one line or more of free text
    SCORE = "scale"  # whole number 1..5, or empty
    COUNT = "count"  # whole number >= 0
    ORDINAL = "ordinal"  # whole number >= 1
    MONEY = "money"  # number >= 0, or empty
    SHARE = "share"  # fraction 0..1, or empty ("35%" is accepted as text)
    BOOL = "bool"
    CHOICE = "choice"  # one of a fixed list, or empty when not required
    REF = "ref"  # id of a record in another table, or empty
    REFS = "refs"  # ids of records in another table
    DATE = "date"  # YYYY-MM-DD, or empty
    TIME = "time"  # a time of day, HH:MM on the 24-hour clock, or empty
    TEXTS = "texts"  # list of short texts (e.g. facilitator names)
    CURRENCY = "currency"  # ISO 4217 code
    READINESS = "readiness"  # workflow / volume / safety ratings
    DOCUMENT = "document"  # a JSON object kept as is (template snapshots)
    VERSION = "version"  # schema version, whole number >= 1


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one field is checked, labelled and parsed."""

    name: str
    kind: Kind
    label: str
    required: bool = False
    choices: tuple[str, ...] = ()
    ref_table: str | None = None
    help: str = ""
    default: Any = None
    has_default: bool = False
    factory: Callable[[], Any] | None = None


def spec(
    kind: Kind,
    label: str,
    *,
    required: bool = False,
    choices: tuple[str, ...] = (),
    ref: str | None = None,
    help: str = "",
) -> dict[str, Any]:
    """Field metadata for a record dataclass (the field name is filled in later)."""
    return {
        "spec": FieldSpec(
            "", kind, label, required=required, choices=choices, ref_table=ref, help=help
        )
    }


# --- value checks ------------------------------------------------------------------

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


def _shown(value: Any) -> str:
    """Describe a found value briefly: long text must not flood an error line."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, list | tuple | dict):
        return f"a {'list' if not isinstance(value, dict) else 'JSON object'}"
    if isinstance(value, int) and value.bit_length() > _SHOWN_BITS:
        # Never echo 4,000 digits (nor fail: Python refuses to print more than 4,300).
        return f"a number of about {int((value.bit_length() - 1) * math.log10(2)) + 1:,} digits"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_SHOWN_BITS = 128  # about 39 digits, what fits in a message


def _fail(spec_: FieldSpec, expected: str, value: Any) -> ValidationError:
    return ValidationError(f"{spec_.name}: expected {expected}, found {_shown(value)}")


def _whole(value: Any) -> int | None:
    """An int from JSON, where 4.0 counts as 4 but True does not count as 1."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
"""What ``str(uuid.UUID(...))`` writes: lower-case hex in 8-4-4-4-12 groups."""


def is_uuid(value: Any) -> bool:
    """True for a canonical UUID string, the only id shape the file uses. (A
    pattern, not a parse: every record's references are checked with it, many
    thousand times while a room of phones writes.)"""
    return isinstance(value, str) and _CANONICAL_UUID.fullmatch(value) is not None


def check_value(spec_: FieldSpec, value: Any) -> Any:
    """Return *value* in its stored form, or raise :class:`ValidationError`."""
    if value is None or (value == "" and spec_.kind is not Kind.TEXT):
        if spec_.required:
            raise ValidationError(f"{spec_.name}: is required")
        return _EMPTY.get(spec_.kind)
    return _CHECKS[spec_.kind](spec_, value)


def _check_text(spec_: FieldSpec, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(spec_, "text", value)
    if spec_.required and not value.strip():
        raise ValidationError(f"{spec_.name}: is required")
    return value


MAX_TEXT = 20_000
"""Characters a card's text (any text field) may have when typed, imported or sent:
about eight pages. Longer is a pasted document, which the brief cannot show and the
board cannot draw; a file written before the limit still opens as it is."""


SHOWN_CHARS = 1_000
"""The most of a text a line, a card, a cell or a tooltip on screen is given to lay
out: more than any of them shows, and a 10 MB card from a file written before
:data:`MAX_TEXT` would hold the screen for seconds at every paint."""


def clipped(text: str, limit: int = SHOWN_CHARS) -> str:
    """*text* as a screen is given it: whole up to *limit* characters, else its
    first ones and "…". What is stored stays whole."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_sizes(cls: type[Record], values: Mapping[str, Any]) -> None:
    """ValidationError when a text a person gives is longer than :data:`MAX_TEXT`.

    Checked where values come from a person (:meth:`Record.build`,
    :meth:`Record.changed`), not when a file is read, so that every channel —
    capture, inspector, command line, import, the room — has the same limit and
    a workshop written before it still opens.
    """
    specs = cls.field_specs()
    for name, value in values.items():
        field_spec = specs.get(name)
        if field_spec is None:
            continue
        if field_spec.kind is Kind.TEXT and isinstance(value, str):
            _check_length(name, value)
        elif field_spec.kind is Kind.TEXTS and isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, str):
                    _check_length(name, item)
        elif field_spec.kind is Kind.READINESS:
            ratings = value.to_json() if isinstance(value, Readiness) else value
            if isinstance(ratings, dict):
                for dimension, rating in ratings.items():
                    note = rating.get("note") if isinstance(rating, dict) else None
                    if isinstance(note, str):
                        _check_length(f"{name}.{dimension}.note", note)


def _check_length(name: str, text: str) -> None:
    if len(text) > MAX_TEXT:
        raise ValidationError(
            f"{name}: is {len(text):,} characters; at most {MAX_TEXT:,} fit on a card "
            "(put a long document in a file and note where it is)"
        )


def _check_score(spec_: FieldSpec, value: Any) -> int:
    whole = _whole(value)
    if whole is None or not 1 <= whole <= 5:
        raise _fail(spec_, "a whole number from 1 to 5", value)
    return whole


# Generous ceilings that keep arithmetic finite: no workshop has a billion seats,
# and 10**400 seats would overflow the brief's sums.
MAX_COUNT = 1_000_000_000
MAX_MONEY = 1_000_000_000_000.0


def _check_at_least(low: int) -> Callable[[FieldSpec, Any], int]:
    def check(spec_: FieldSpec, value: Any) -> int:
        whole = _whole(value)
        if whole is None or not low <= whole <= MAX_COUNT:
            raise _fail(spec_, f"a whole number from {low} to {MAX_COUNT:,}", value)
        return whole

    return check


def _check_money(spec_: FieldSpec, value: Any) -> float:
    number = _number(value)
    if number is None or not 0 <= number <= MAX_MONEY:
        raise _fail(spec_, f"an amount from 0 to {MAX_MONEY:,.0f}", value)
    return number


def _check_share(spec_: FieldSpec, value: Any) -> float:
    number = _number(value)
    if number is None or not 0 <= number <= 1:
        raise _fail(spec_, "a share from 0 to 1 (e.g. 0.35 for 35 %)", value)
    return number


def _check_bool(spec_: FieldSpec, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(spec_, "true or false", value)
    return value


def _check_choice(spec_: FieldSpec, value: Any) -> str:
    if value not in spec_.choices:
        error = _fail(spec_, "one of " + ", ".join(spec_.choices), value)
        if isinstance(value, str):
            error = ValidationError(str(error) + did_you_mean(value, spec_.choices))
        raise error
    return str(value)


def _check_ref(spec_: FieldSpec, value: Any) -> str:
    if not is_uuid(value):
        raise _fail(spec_, "the id of a record", value)
    return str(value)


def _check_refs(spec_: FieldSpec, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(is_uuid(v) for v in value):
        raise _fail(spec_, "a list of record ids", value)
    return tuple(dict.fromkeys(value))  # keep order, drop repeats


def _check_date(spec_: FieldSpec, value: Any) -> str:
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise _fail(spec_, "a date as YYYY-MM-DD", value)
    try:
        date.fromisoformat(value)
    except ValueError:
        raise _fail(spec_, "a real calendar date as YYYY-MM-DD", value) from None
    return value


_TIME_RE = re.compile(
    r"^(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2})?)?\s*(?P<half>[ap]\.?m\.?)?$",
    re.IGNORECASE,
)


def clock_time(text: str) -> str:
    """A time of day as people type it ("9:30", "09.30", "9h30", "930", "2pm",
    "2:15 p.m.", "14h") in the stored form, "HH:MM" on the 24-hour clock.

    Raises ValueError for anything that is not a time of day."""
    typed = text.strip()
    if typed.isdigit() and len(typed) in (3, 4):  # "930", "0930"
        typed = f"{typed[:-2]}:{typed[-2:]}"
    found = _TIME_RE.match(typed)
    if found is None:
        raise ValueError(text)
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    half = (found["half"] or "").lower()[:1]
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(text)
    return f"{hour:02d}:{minute:02d}"


def _check_time(spec_: FieldSpec, value: Any) -> str:
    try:
        return clock_time(value) if isinstance(value, str) else clock_time("")
    except ValueError:
        raise _fail(spec_, "a time of day such as 09:30 or 2:15 pm", value) from None


def nesting_depth(value: Any, limit: int) -> int:
    """How deep lists and objects nest in *value* (a scalar is 0), counted without
    recursion and only up to *limit* + 1: crafted data can be nested 100,000 deep."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if not isinstance(item, dict | list | tuple):
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        pending.extend((child, depth + 1) for child in children)
    return deepest


def _check_texts(spec_: FieldSpec, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise _fail(spec_, "a list of names", value)
    return tuple(v for v in value if v.strip())


def _check_currency(spec_: FieldSpec, value: Any) -> str:
    if not isinstance(value, str) or not _CURRENCY_RE.match(value):
        raise _fail(spec_, "a three-letter currency code such as EUR or USD", value)
    return value


def _check_readiness(spec_: FieldSpec, value: Any) -> Readiness:
    return Readiness.from_json(value, spec_.name)


MAX_DOCUMENT_DEPTH = 32
"""Lists and objects inside a document field (a template snapshot is 4 deep, the
branding 1): far deeper is a crafted file, and copying it would exhaust Python's
recursion limit."""


def _check_document(spec_: FieldSpec, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(spec_, "a JSON object", value)
    if nesting_depth(value, MAX_DOCUMENT_DEPTH) > MAX_DOCUMENT_DEPTH:
        raise ValidationError(
            f"{spec_.name}: is nested more than {MAX_DOCUMENT_DEPTH} levels deep; "
            "a workshop's settings never are"
        )
    # A private copy: records are immutable, so nobody's later edit of the dict
    # they passed in may change a record, its undo history or a snapshot being written.
    return copy.deepcopy(value)


_CHECKS: dict[Kind, Callable[[FieldSpec, Any], Any]] = {
    Kind.TEXT: _check_text,
    Kind.SCORE: _check_score,
    Kind.COUNT: _check_at_least(0),
    Kind.ORDINAL: _check_at_least(1),
    Kind.VERSION: _check_at_least(1),
    Kind.MONEY: _check_money,
    Kind.SHARE: _check_share,
    Kind.BOOL: _check_bool,
    Kind.CHOICE: _check_choice,
    Kind.REF: _check_ref,
    Kind.REFS: _check_refs,
    Kind.DATE: _check_date,
    Kind.TIME: _check_time,
    Kind.TEXTS: _check_texts,
    Kind.CURRENCY: _check_currency,
    Kind.READINESS: _check_readiness,
    Kind.DOCUMENT: _check_document,
}

_EMPTY: dict[Kind, Any] = {
    Kind.REFS: (),
    Kind.TEXTS: (),
    Kind.COUNT: 0,
    Kind.BOOL: False,
    Kind.TEXT: "",
}
"""What an empty optional field holds; kinds not listed hold None."""

_TRUE = {"true", "yes", "y", "1", "on", "x", "✓"}
_FALSE = {"false", "no", "n", "0", "off", ""}


def parse_text(spec_: FieldSpec, text: str) -> Any:
    """Turn what someone typed (command line, CSV cell) into a value for *spec_*.

    The result still goes through :func:`check_value`; this only undoes the
    shape text forces on numbers, lists and booleans.
    """
    kind = spec_.kind
    if kind is Kind.TEXT:
        return text
    if kind is Kind.BOOL:
        return _parse_bool(spec_, text)
    stripped = text.strip()
    if stripped == "":
        return None
    if kind is Kind.CHOICE:  # "New value" or "new-value" as typed for new_value
        key = re.sub(r"[\s-]+", "_", stripped.lower())
        return key if key in spec_.choices else stripped
    parser = _PARSERS.get(kind)
    if parser is None:
        if kind is Kind.DOCUMENT and stripped.startswith("{"):
            try:  # e.g. an agenda item's template snapshot in a CSV export
                return json.loads(stripped)
            except (json.JSONDecodeError, RecursionError):
                raise _fail(spec_, "a JSON object", text) from None
        if kind in (Kind.READINESS, Kind.DOCUMENT):
            raise ValidationError(f"{spec_.name}: cannot be set from text")
        return stripped
    try:
        return parser(stripped)
    except ValueError:
        raise _fail(spec_, _PARSE_HINTS[kind], text) from None


def _parse_bool(spec_: FieldSpec, text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _fail(spec_, "yes or no", text)


_GROUPED_BY_COMMAS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+$")
_GROUPED_BY_DOTS = re.compile(r"^[-+]?\d{1,3}(\.\d{3}){2,}$")


def _parse_number(text: str) -> float:
    """A number as people type it in English or European spreadsheets.

    "5,000" and "1,000,000" are thousands; "22,50" and "0,4" use a decimal comma;
    "1.234,50" and "1,234.50" both mean 1234.5 (the last separator is the decimal
    one); spaces, apostrophes (Swiss "1'000") and currency signs are ignored.
    """
    cleaned = text.strip().lstrip("$€£¥").strip()
    for mark in (" ", "\u00a0", "\u202f", "_", "'", "’"):
        cleaned = cleaned.replace(mark, "")
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        cleaned = cleaned.replace(grouping, "").replace(decimal, ".")
    elif "," in cleaned:
        cleaned = (
            cleaned.replace(",", "")
            if _GROUPED_BY_COMMAS.match(cleaned)
            else cleaned.replace(",", ".")
        )
    elif _GROUPED_BY_DOTS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    return float(cleaned)


_GROUPED_WHOLE = re.compile(r"^[-+]?\d{1,3}([.,]\d{3})+$")


def _parse_whole(text: str) -> int:
    # A whole number has no decimals, so "1.234" seats are a thousand and more.
    stripped = text.strip()
    if _GROUPED_WHOLE.match(stripped):
        stripped = stripped.replace(".", "").replace(",", "")
    number = _parse_number(stripped)
    if not number.is_integer():
        raise ValueError(text)
    return int(number)


def _parse_money(text: str) -> float:
    return _parse_number(text)


def _parse_share(text: str) -> float:
    if text.endswith("%"):
        return _parse_number(text[:-1]) / 100
    return _parse_number(text)


def _parse_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,|]", text) if part.strip()]


_PARSERS: dict[Kind, Callable[[str], Any]] = {
    Kind.SCORE: _parse_whole,
    Kind.COUNT: _parse_whole,
    Kind.ORDINAL: _parse_whole,
    Kind.VERSION: _parse_whole,
    Kind.MONEY: _parse_money,
    Kind.SHARE: _parse_share,
    Kind.REFS: _parse_list,
    Kind.TEXTS: _parse_list,
    Kind.CURRENCY: str.upper,
}
_PARSE_HINTS: dict[Kind, str] = {
    Kind.SCORE: "a whole number",
    Kind.COUNT: "a whole number",
    Kind.ORDINAL: "a whole number",
    Kind.VERSION: "a whole number",
    Kind.MONEY: "an amount such as 1200 or 1200.50",
    Kind.SHARE: "a share such as 0.35 or 35%",
}


def now_iso() -> str:
    """The current time as ISO 8601 UTC, as every created_at/updated_at is written."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    return str(uuid.uuid4())


# --- last-mile readiness ------------------------------------------------------------

READINESS_DIMENSIONS = ("workflow", "volume", "safety")
"""Workflow fit, real volume, production safety — the last-mile questions."""


@dataclass(frozen=True, slots=True)
class Rating:
    """One readiness dimension: a 1–5 score (or not yet scored) and a note."""

    score: int | None = None
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"score": self.score, "note": self.note}


@dataclass(frozen=True, slots=True)
class Readiness:
    """Workflow fit, real volume and production safety of one use case."""

    workflow: Rating = Rating()
    volume: Rating = Rating()
    safety: Rating = Rating()

    @classmethod
    def from_json(cls, value: Any, name: str = "readiness") -> Readiness:
        if isinstance(value, Readiness):
            return value
        if not isinstance(value, dict):
            raise ValidationError(
                f"{name}: expected an object with workflow, volume and safety, "
                f"found {_shown(value)}"
            )
        unknown = sorted(set(value) - set(READINESS_DIMENSIONS))
        if unknown:
            raise ValidationError(
                f"{name}: unknown part {unknown[0]!r} (known: {', '.join(READINESS_DIMENSIONS)})"
            )
        ratings: dict[str, Rating] = {}
        for dimension in READINESS_DIMENSIONS:
            raw = value.get(dimension)
            if raw is None:
                ratings[dimension] = Rating()
                continue
            if isinstance(raw, Rating):
                ratings[dimension] = raw
                continue
            if not isinstance(raw, dict) or set(raw) - {"score", "note"}:
                raise ValidationError(
                    f"{name}.{dimension}: expected {{score, note}}, found {_shown(raw)}"
                )
            score_spec = FieldSpec(f"{name}.{dimension}.score", Kind.SCORE, "Score")
            note_spec = FieldSpec(f"{name}.{dimension}.note", Kind.TEXT, "Note")
            ratings[dimension] = Rating(
                check_value(score_spec, raw.get("score")),
                check_value(note_spec, raw.get("note", "")),
            )
        return cls(**ratings)

    def to_json(self) -> dict[str, Any]:
        return {d: getattr(self, d).to_json() for d in READINESS_DIMENSIONS}

    def with_rating(self, dimension: str, *, score: Any = ..., note: Any = ...) -> Readiness:
        if dimension not in READINESS_DIMENSIONS:
            raise ValidationError(
                f"readiness: unknown part {dimension!r} (known: {', '.join(READINESS_DIMENSIONS)})"
            )
        current: Rating = getattr(self, dimension)
        raw = {
            "score": current.score if score is ... else score,
            "note": current.note if note is ... else note,
        }
        return Readiness.from_json({**self.to_json(), dimension: raw})


_EMPTY[Kind.READINESS] = Readiness()


# --- records ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Fields every record has: a UUID and when it was created and last changed."""

    table: ClassVar[str] = ""
    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""

    id: str = field(metadata=spec(Kind.REF, "Id", required=True))
    created_at: str = field(metadata=spec(Kind.TEXT, "Created", required=True))
    updated_at: str = field(metadata=spec(Kind.TEXT, "Updated", required=True))

    @classmethod
    def field_specs(cls) -> Mapping[str, FieldSpec]:
        return _field_specs(cls)

    @classmethod
    def editable_fields(cls) -> list[str]:
        """Fields a person may set; id and timestamps belong to the app."""
        return [n for n in cls.field_specs() if n not in _SYSTEM_FIELDS]

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> Self:
        """Build a record from its JSON form, rejecting anything it does not know."""
        if not isinstance(doc, Mapping):
            raise ValidationError(f"{cls.kind}: expected a JSON object, found {_shown(doc)}")
        specs = cls.field_specs()
        unknown = [k for k in doc if k not in specs]
        if unknown:
            raise unknown_field_error(cls, unknown[0])
        values = {name: _value_of(s, doc) for name, s in specs.items()}
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return {name: _json_value(getattr(self, name)) for name in self.field_specs()}

    @classmethod
    def build(
        cls, values: Mapping[str, Any], *, record_id: str | None = None, at: str | None = None
    ) -> Self:
        """A new record from the fields a person gave, with a fresh id and timestamps
        (*at*, when given, instead of now: a card from an anonymous phone is stamped
        with the start of its minute, so its time does not point at its writer)."""
        stamp = at or now_iso()
        check_known(cls, values)
        check_sizes(cls, values)
        data = {**values, "id": record_id or new_id(), "created_at": stamp, "updated_at": stamp}
        return cls.from_json(_to_json_values(data))

    def changed(self, values: Mapping[str, Any]) -> Self:
        """This record with *values* changed (validated) and updated_at moved on."""
        check_known(type(self), values)
        for name in values:
            if name in _SYSTEM_FIELDS:
                raise ValidationError(f"{name}: is set by the app and cannot be changed")
        check_sizes(type(self), values)
        # Only the fields given are checked again: the rest were checked when this
        # record was made (a dot on a card changes its count, not its 20 fields).
        specs = self.field_specs()
        checked = {name: check_value(specs[name], _json_value(v)) for name, v in values.items()}
        return dataclasses.replace(self, **checked, updated_at=now_iso())

    def summary(self) -> str:
        """A short human name for messages and lists."""
        for name in ("text", "title", "name", "tool"):
            value = getattr(self, name, None)
            # The head of the text only: a card from before MAX_TEXT may be 10 MB.
            if isinstance(value, str) and (head := value[:SHOWN_CHARS].strip() or value.strip()):
                line = head.splitlines()[0]
                return line if len(line) <= 60 else line[:57] + "..."
        return f"{self.kind} {self.id[:8]}"


_SYSTEM_FIELDS = frozenset({"id", "created_at", "updated_at"})


def _to_json_values(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _json_value(value) for name, value in values.items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, Readiness):
        return value.to_json()
    if isinstance(value, tuple):
        return list(value)
    return value


def check_known(cls: type[Record], values: Mapping[str, Any]) -> None:
    specs = cls.field_specs()
    for name in values:
        if name not in specs:
            raise unknown_field_error(cls, name)


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """' — did you mean 'impact'?' for a near miss, else ''."""
    close = difflib.get_close_matches(given.lower(), list(known), n=1, cutoff=0.6)
    return f" — did you mean {close[0]!r}?" if close else ""


def unknown_field_error(cls: type[Record], name: str) -> ValidationError:
    fields = cls.editable_fields()
    hint = did_you_mean(name, fields)
    return ValidationError(
        f"{cls.kind}: unknown field {name!r}{hint} (known fields: {', '.join(fields)})"
    )


def _value_of(spec_: FieldSpec, doc: Mapping[str, Any]) -> Any:
    """The checked value of a field, or its default when the document leaves it out."""
    if spec_.name in doc or not spec_.has_default:
        return check_value(spec_, doc.get(spec_.name))
    return spec_.factory() if spec_.factory is not None else spec_.default


_SPECS: dict[type[Record], Mapping[str, FieldSpec]] = {}


def _field_specs(cls: type[Record]) -> Mapping[str, FieldSpec]:
    cached = _SPECS.get(cls)
    if cached is not None:
        return cached
    specs: dict[str, FieldSpec] = {}
    for f in dataclasses.fields(cls):
        declared: FieldSpec = f.metadata["spec"]
        has_default = f.default is not dataclasses.MISSING
        factory = f.default_factory if f.default_factory is not dataclasses.MISSING else None
        specs[f.name] = dataclasses.replace(
            declared,
            name=f.name,
            default=f.default if has_default else None,
            has_default=has_default or factory is not None,
            factory=factory,
        )
    _SPECS[cls] = specs
    return specs


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture(Record):
    """A record captured during an exercise; knows which agenda item it came from."""

    exercise_id: str | None = field(default=None, metadata=spec(Kind.REF, "Exercise", ref="agenda"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Card(Capture):
    """A card the room writes — a problem, an idea, a concern, a next step, a note —
    typed by the facilitator or sent from a participant's phone."""

    from_phone: bool = field(
        default=False,
        metadata=spec(Kind.BOOL, "From a phone", help="Sent from a participant's phone"),
    )
    held: bool = field(
        default=False,
        metadata=spec(
            Kind.BOOL,
            "Held for review",
            help="An anonymous card from a phone the facilitator has not accepted yet: "
            "not on the board, the wall or in the brief until accepted",
        ),
    )


STANCES = ("champion", "neutral", "sceptical", "worried")
VALUE_TYPES = ("new_value", "automation")
CONCERN_CATEGORIES = ("jobs", "skills", "trust", "privacy_security", "cost", "workload", "other")
AGENDA_STATUSES = ("planned", "running", "done", "skipped")


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkshopMeta(Record):
    """The workshop itself: the single record of the ``meta`` table."""

    table: ClassVar[str] = "meta"
    kind: ClassVar[str] = "workshop"
    label: ClassVar[str] = "Workshop"

    schema_version: int = field(
        default=SCHEMA_VERSION, metadata=spec(Kind.VERSION, "Format version", required=True)
    )
    title: str = field(metadata=spec(Kind.TEXT, "Title", required=True))
    client: str = field(default="", metadata=spec(Kind.TEXT, "Client"))
    date: str | None = field(default=None, metadata=spec(Kind.DATE, "Date"))
    start_time: str | None = field(
        default=None,
        metadata=spec(
            Kind.TIME, "Starts at", help="When the first exercise starts: the agenda's clock"
        ),
    )
    facilitators: tuple[str, ...] = field(default=(), metadata=spec(Kind.TEXTS, "Facilitators"))
    objective: str = field(
        default="",
        metadata=spec(Kind.TEXT, "Objective", help="Why the client asked for this workshop"),
    )
    currency: str = field(default="EUR", metadata=spec(Kind.CURRENCY, "Currency"))
    confidentiality: str = field(
        default="",
        metadata=spec(
            Kind.TEXT, "Confidentiality line", help="Empty: the line set in the app's settings"
        ),
    )
    branding: dict[str, Any] = field(
        default_factory=dict,
        metadata=spec(
            Kind.DOCUMENT,
            "Branding",
            help="Overrides of the app's branding for this client: consultancy, logo, accent",
        ),
    )


TITLE_CHARS = 120
"""The longest exercise title: what a template may have, and what is shown of one."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaItem(Record):
    """One exercise run: a snapshot of its template and how the run went."""

    table: ClassVar[str] = "agenda"
    kind: ClassVar[str] = "agenda_item"
    label: ClassVar[str] = "Agenda item"

    position: int = field(default=0, metadata=spec(Kind.COUNT, "#"))
    template: dict[str, Any] = field(metadata=spec(Kind.DOCUMENT, "Exercise", required=True))
    planned_minutes: int = field(default=0, metadata=spec(Kind.COUNT, "Planned"))
    elapsed_seconds: int = field(default=0, metadata=spec(Kind.COUNT, "Time used"))
    status: str = field(
        default="planned",
        metadata=spec(Kind.CHOICE, "Status", required=True, choices=AGENDA_STATUSES),
    )
    hold_anonymous: bool = field(
        default=False,
        metadata=spec(
            Kind.BOOL,
            "Hold anonymous cards for review",
            help="Anonymous cards sent from phones during this exercise wait for the "
            "facilitator to accept, edit or drop them before they reach the board",
        ),
    )

    def summary(self) -> str:
        title = self.template.get("title")
        if not isinstance(title, str) or not title:
            return "Untitled exercise"
        # A template's title has at most 120 characters; a longer one in a snapshot was
        # crafted (a megabyte of it took a brief five minutes to lay out as a heading).
        return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant(Capture):
    """A person in the room."""

    table: ClassVar[str] = "participants"
    kind: ClassVar[str] = "participant"
    label: ClassVar[str] = "Participant"

    name: str = field(metadata=spec(Kind.TEXT, "Name", required=True))
    role: str = field(default="", metadata=spec(Kind.TEXT, "Role"))
    department: str = field(default="", metadata=spec(Kind.TEXT, "Department"))
    stance: str | None = field(default=None, metadata=spec(Kind.CHOICE, "Stance", choices=STANCES))


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem(Card):
    """A business problem, named before anyone names a technology."""

    table: ClassVar[str] = "problems"
    kind: ClassVar[str] = "problem"
    label: ClassVar[str] = "Problem"

    text: str = field(metadata=spec(Kind.TEXT, "Problem", required=True))
    who: str = field(default="", metadata=spec(Kind.TEXT, "Who has it"))
    frequency: str = field(default="", metadata=spec(Kind.TEXT, "How often"))
    impact: int | None = field(
        default=None,
        metadata=spec(Kind.SCORE, "Impact", help="1 = annoyance, 5 = threatens a business goal"),
    )
    baseline: str = field(
        default="", metadata=spec(Kind.TEXT, "Baseline", help="How it is measured today")
    )
    cost_estimate: str = field(default="", metadata=spec(Kind.TEXT, "Cost estimate"))
    group: str = field(default="", metadata=spec(Kind.TEXT, "Group"))
    votes: int = field(default=0, metadata=spec(Kind.COUNT, "Votes"))
    participant_id: str | None = field(
        default=None, metadata=spec(Kind.REF, "Raised by", ref="participants")
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Idea(Card):
    """A candidate use case; it exists only for the problems it solves."""

    table: ClassVar[str] = "ideas"
    kind: ClassVar[str] = "idea"
    label: ClassVar[str] = "Idea"

    text: str = field(metadata=spec(Kind.TEXT, "Idea", required=True))
    problem_ids: tuple[str, ...] = field(
        default=(), metadata=spec(Kind.REFS, "Solves problems", ref="problems")
    )
    value_type: str | None = field(
        default=None,
        metadata=spec(
            Kind.CHOICE,
            "Kind of value",
            choices=VALUE_TYPES,
            help="new_value: something the client could not do before; "
            "automation: the same work, faster or cheaper",
        ),
    )
    value: int | None = field(default=None, metadata=spec(Kind.SCORE, "Value"))
    feasibility: int | None = field(default=None, metadata=spec(Kind.SCORE, "Feasibility"))
    readiness: Readiness = field(
        default=Readiness(), metadata=spec(Kind.READINESS, "Last-mile readiness")
    )
    shortlisted: bool = field(default=False, metadata=spec(Kind.BOOL, "Shortlisted"))
    owner: str = field(default="", metadata=spec(Kind.TEXT, "Owner"))
    success_metric: str = field(default="", metadata=spec(Kind.TEXT, "Success metric"))
    monthly_budget: float | None = field(default=None, metadata=spec(Kind.MONEY, "Monthly budget"))
    licence_id: str | None = field(
        default=None,
        metadata=spec(
            Kind.REF,
            "Draws on licence",
            ref="licences",
            help="The licence line whose seats this use case uses; empty: none named",
        ),
    )
    group: str = field(default="", metadata=spec(Kind.TEXT, "Group"))
    votes: int = field(default=0, metadata=spec(Kind.COUNT, "Votes"))
    participant_id: str | None = field(
        default=None, metadata=spec(Kind.REF, "Raised by", ref="participants")
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Concern(Card):
    """A stakeholder concern; anonymous unless the person chose otherwise."""

    table: ClassVar[str] = "concerns"
    kind: ClassVar[str] = "concern"
    label: ClassVar[str] = "Concern"

    text: str = field(metadata=spec(Kind.TEXT, "Concern", required=True))
    category: str = field(
        default="other",
        metadata=spec(Kind.CHOICE, "Category", required=True, choices=CONCERN_CATEGORIES),
    )
    stakeholder_group: str = field(default="", metadata=spec(Kind.TEXT, "Stakeholder group"))
    severity: int | None = field(default=None, metadata=spec(Kind.SCORE, "Severity"))
    anonymous: bool = field(default=True, metadata=spec(Kind.BOOL, "Anonymous"))
    mitigation: str = field(default="", metadata=spec(Kind.TEXT, "Mitigation"))
    owner: str = field(default="", metadata=spec(Kind.TEXT, "Owner"))
    due: str | None = field(
        default=None,
        metadata=spec(Kind.DATE, "Mitigation due", help="When the mitigation is in place"),
    )
    idea_ids: tuple[str, ...] = field(
        default=(), metadata=spec(Kind.REFS, "Touches ideas", ref="ideas")
    )
    participant_id: str | None = field(
        default=None, metadata=spec(Kind.REF, "Raised by", ref="participants")
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Action(Card):
    """A next step somebody has committed to."""

    table: ClassVar[str] = "actions"
    kind: ClassVar[str] = "action"
    label: ClassVar[str] = "Next step"

    text: str = field(metadata=spec(Kind.TEXT, "Next step", required=True))
    owner: str = field(default="", metadata=spec(Kind.TEXT, "Owner"))
    due: str | None = field(default=None, metadata=spec(Kind.DATE, "Due"))
    idea_id: str | None = field(default=None, metadata=spec(Kind.REF, "Use case", ref="ideas"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Licence(Capture):
    """A line of AI spend: seats of a tool at a price per seat per month."""

    table: ClassVar[str] = "licences"
    kind: ClassVar[str] = "licence"
    label: ClassVar[str] = "Licence"

    tool: str = field(metadata=spec(Kind.TEXT, "Tool", required=True))
    seats: int = field(default=0, metadata=spec(Kind.COUNT, "Seats"))
    price_per_seat_month: float | None = field(
        default=None, metadata=spec(Kind.MONEY, "Price per seat per month")
    )
    active_share: float | None = field(
        default=None, metadata=spec(Kind.SHARE, "Share of seats actually used")
    )

    @property
    def monthly_cost(self) -> float | None:
        """Seats × price, or None while the price is not known (never a silent 0)."""
        if self.price_per_seat_month is None:
            return None
        return self.seats * self.price_per_seat_month


@dataclass(frozen=True, slots=True, kw_only=True)
class Vote(Capture):
    """One dot on a problem or an idea, by a participant or by proxy (no participant)."""

    table: ClassVar[str] = "votes"
    kind: ClassVar[str] = "vote"
    label: ClassVar[str] = "Vote"

    item_id: str = field(metadata=spec(Kind.REF, "Voted for", required=True))
    participant_id: str | None = field(
        default=None, metadata=spec(Kind.REF, "Voter", ref="participants")
    )
    round: int = field(default=1, metadata=spec(Kind.ORDINAL, "Round"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Note(Card):
    """A raw capture that is none of the above (e.g. the mandate discussion)."""

    table: ClassVar[str] = "notes"
    kind: ClassVar[str] = "note"
    label: ClassVar[str] = "Note"

    text: str = field(metadata=spec(Kind.TEXT, "Note", required=True))
    participant_id: str | None = field(
        default=None, metadata=spec(Kind.REF, "Said by", ref="participants")
    )
    parked: bool = field(
        default=False,
        metadata=spec(
            Kind.BOOL,
            "In the parking lot",
            help="An idea nobody could link to a problem yet: which problem does it solve?",
        ),
    )


RECORD_TYPES: tuple[type[Record], ...] = (
    WorkshopMeta,
    AgendaItem,
    Participant,
    Problem,
    Idea,
    Concern,
    Action,
    Licence,
    Vote,
    Note,
)
TABLES: dict[str, type[Record]] = {cls.table: cls for cls in RECORD_TYPES}
"""Table name -> record type, in the order tables are written and listed."""
KINDS: dict[str, type[Record]] = {cls.kind: cls for cls in RECORD_TYPES}
"""Singular kind (as used by import/export) -> record type."""

VOTABLE_TABLES = ("problems", "ideas")


def record_type(kind_or_table: str) -> type[Record]:
    """The record type for a kind (``problem``) or a table name (``problems``)."""
    found = KINDS.get(kind_or_table) or TABLES.get(kind_or_table)
    if found is None:
        known = ", ".join(k for k in KINDS if k not in ("workshop", "agenda_item"))
        raise ValidationError(f"unknown kind {kind_or_table!r} (known kinds: {known})")
    return found


def a_or_an(noun: str) -> str:
    """'a problem', 'an idea', 'an agenda item'."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def references(record: Record) -> Iterator[tuple[str, str, str]]:
    """(field, table, id) for every id this record points at."""
    for name, field_spec in record.field_specs().items():
        if field_spec.ref_table is None:
            continue
        value = getattr(record, name)
        if isinstance(value, tuple):
            for ref in value:
                yield name, field_spec.ref_table, ref
        elif value is not None:
            yield name, field_spec.ref_table, value
