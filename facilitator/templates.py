"""Exercise templates and agenda recipes: TOML files, checked in the author's language.

A template describes one exercise (purpose, timed steps with a projector prompt
and a facilitator script, the fields to capture); a recipe lists exercises with
timeboxes. Built-ins ship in ``exercises/`` and are read-only; a consultant's own
live in the data folder's ``templates/`` (and ``recipes/``) and may override a
built-in by id. A broken file never stops anything: it is listed with its
problems and every other file still loads.

Every problem names the file, the key path (``steps[2].minutes``), what was
expected and what was found; TOML syntax errors also give the line.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from facilitator import atomic, paths
from facilitator.model import (
    Kind,
    ValidationError,
    record_type,
)
from facilitator.received import NotAFileError, TooBigError, read_bounded

CAPTURES = ("problem", "idea", "concern", "action", "licence", "participant", "note", "none")
VIEWS = ("cards", "vote", "matrix", "readiness", "spend", "actions")
COMPATIBLE_VIEWS: dict[str, tuple[str, ...]] = {
    "cards": ("problem", "idea", "concern", "participant", "note", "none"),
    "vote": ("problem", "idea"),
    "matrix": ("idea",),
    "readiness": ("idea",),
    "spend": ("licence",),
    "actions": ("action",),
}
FIELD_TYPES = (
    "text",
    "longtext",
    "scale",
    "number",
    "money",
    "percent",
    "choice",
    "date",
    "person",
    "problem_link",
    "idea_link",
)
# Which field types can fill a record field of a given kind.
TYPES_FOR_KIND: dict[Kind, tuple[str, ...]] = {
    Kind.TEXT: ("text", "longtext", "person"),
    Kind.SCORE: ("scale",),
    Kind.COUNT: ("number",),
    Kind.ORDINAL: ("number",),
    Kind.MONEY: ("money",),
    Kind.SHARE: ("percent",),
    Kind.CHOICE: ("choice",),
    Kind.DATE: ("date",),
    # No Kind.BOOL: a record's true/false field holds true or false, and no field
    # type captures that (a choice captures text, which the record would refuse).
    # A template says "anonymous" once, at its top, for every card it captures.
}
READINESS_KEYS = {
    f"readiness.{d}{suffix}": ("longtext" if suffix else "scale")
    for d in ("workflow", "volume", "safety")
    for suffix in ("", ".note")
}
NOT_CAPTURED = {
    "id",
    "created_at",
    "updated_at",
    "exercise_id",
    "votes",
    "participant_id",
    "readiness",
    "shortlisted",
}
"""Record fields a template cannot ask for (the app sets them, or a view handles them)."""

SCORES = (1, 5)
"""The lowest and highest score a record's score field holds (``Kind.SCORE`` in the
model), so the only range a scale field may offer."""

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_MINUTES = 8 * 60

TEMPLATE_KEYS = (
    "id",
    "version",
    "title",
    "purpose",
    "minutes",
    "captures",
    "view",
    "anonymous",
    "into",
    "voting",
    "steps",
    "fields",
)
STEP_KEYS = ("title", "minutes", "prompt", "facilitator", "private", "view")
FIELD_KEYS = ("key", "label", "type", "min", "max", "choices", "required", "help")
VOTING_KEYS = ("dots_per_person", "max_per_card")
RECIPE_KEYS = ("id", "title", "minutes", "description", "items")
ITEM_KEYS = ("exercise", "minutes")
PROMPT_LIMIT = 300


# --- findings ----------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem in one file, said the way the template's author needs to hear it."""

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class TemplateError(ValidationError):
    """A template or recipe that cannot be used; ``findings`` says why."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__("; ".join(str(f) for f in findings))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return repr(value)


class _Checker:
    """Collects findings for one document."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.findings: list[Finding] = []

    def problem(self, path: str, message: str) -> None:
        self.findings.append(Finding(self.file, path, message))

    def expect(self, path: str, expected: str, found: Any) -> None:
        self.problem(path, f"expected {expected}, found {_describe(found)}")

    def keys(self, table: Mapping[str, Any], allowed: Iterable[str], prefix: str) -> None:
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                path = f"{prefix}.{key}" if prefix else key
                self.problem(path, f"unknown key (known keys: {', '.join(allowed)})")

    def text(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        *,
        required: bool = True,
        limit: int | None = None,
    ) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(path, "is missing")
            return ""
        if not isinstance(value, str):
            self.expect(path, "text", value)
            return ""
        if required and not value.strip():
            self.problem(path, "is empty")
        if limit is not None and len(value) > limit:
            self.problem(
                path, f"is {len(value):,} characters; keep it to {limit} so the room can read it"
            )
        elif len(value) > MAX_FIELD_CHARS:
            self.problem(
                path,
                f"is {len(value):,} characters; a template's text may have at most "
                f"{MAX_FIELD_CHARS:,}",
            )
        return value

    def whole(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        *,
        low: int = 1,
        high: int | None = None,
        required: bool = True,
        why: str = "",
    ) -> int | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(path, "is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.expect(path, "a whole number", value)
            return None
        if value < low or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
            self.expect(path, f"a whole number {bounds}{why}", value)
            return None
        return value

    def choice(
        self, table: Mapping[str, Any], key: str, path: str, choices: Iterable[str]
    ) -> str | None:
        choices = tuple(choices)
        value = table.get(key)
        if value is None:
            self.problem(path, f"is missing (one of {', '.join(choices)})")
            return None
        if value not in choices:
            self.expect(path, "one of " + ", ".join(choices), value)
            return None
        return str(value)

    def tables(self, table: Mapping[str, Any], key: str, path: str) -> list[dict[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.expect(path, f"[[{key}]] tables", value)
            return []
        return value


# --- the parsed forms ----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One timed step of an exercise: what the room sees and what the facilitator says."""

    title: str
    minutes: int
    prompt: str = ""
    facilitator: str = ""
    private: bool = False
    """Silent writing: the projector shows how many cards, not what they say,
    until the facilitator reveals them."""
    view: str = ""
    """The card board for this step instead of the exercise's view ("cards"), e.g.
    to group the cards before the vote; empty: the exercise's view."""


@dataclass(frozen=True)
class FieldDef:
    """A field an exercise captures, mapped to a record field."""

    key: str
    label: str
    type: str
    help: str = ""
    required: bool = False
    min: int | None = None
    max: int | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """A valid exercise template."""

    id: str
    version: int
    title: str
    purpose: str
    minutes: int
    captures: str
    view: str
    anonymous: bool
    steps: tuple[Step, ...]
    fields: tuple[FieldDef, ...]
    voting: Mapping[str, int] | None
    document: Mapping[str, Any]
    """The template as read, for snapshots and writing back."""
    into: str = ""
    """"objective": the exercise's notes can become the workshop's objective."""
    origin: str = "built-in"  # built-in | yours | yours, overrides built-in
    path: Path | None = None

    @property
    def step_minutes(self) -> int:
        return sum(step.minutes for step in self.steps)

    def snapshot(self) -> dict[str, Any]:
        """What an agenda item keeps: the whole template as used, as plain data."""
        return copy.deepcopy(dict(self.document))


@dataclass(frozen=True)
class RecipeItem:
    """One exercise of a recipe, with this recipe's timebox for it."""

    exercise: str
    minutes: int


@dataclass(frozen=True)
class Recipe:
    """A valid agenda recipe."""

    id: str
    title: str
    minutes: int
    description: str
    items: tuple[RecipeItem, ...]
    origin: str = "built-in"
    path: Path | None = None


@dataclass(frozen=True)
class Broken:
    """A file that could not be used, with everything wrong with it."""

    path: Path
    findings: tuple[Finding, ...]
    origin: str
    kind: str = "template"  # or "recipe"

    @property
    def id(self) -> str:
        return self.path.stem


# --- reading ---------------------------------------------------------------------------


_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")

MAX_TEMPLATE_BYTES = 256 * 1024
"""The largest template or recipe file read: the built-ins are under 10 KB, and
TOML's dotted keys cost time quadratic in their length (60 KB took 17 s and
3.6 GB), so the size and the shape are checked before the parser sees the text."""
MAX_NESTING = 16
"""Lists and tables inside each other; a template needs 3 (``[[fields]]`` with
``choices = [...]``), and the parser recurses once per level."""
MAX_KEY_DOTS = 32
"""Dots outside quotes on one line; a template's longest key has 2 (``a.b.c``)."""
MAX_FIELD_CHARS = 10_000
"""Characters in one text of a template (a purpose, a facilitator script)."""

_SCANNED = re.compile(r"[\[\]{}.\n\"'#]")


def parse(text: str, name: str) -> dict[str, Any]:
    """TOML text as data, or TemplateError with the line of the syntax error.

    Text too big or too deeply nested for a template is refused before parsing,
    with "not a valid template: <reason>": a crafted file must not freeze the app
    or exhaust Python's recursion limit.
    """
    # A Windows editor may start the file with a byte-order mark, which TOML does
    # not allow; it says nothing about the template.
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_TEMPLATE_BYTES:
        raise TemplateError([Finding(name, "", too_big(len(text), "characters"))])
    shape = _shape_problem(text)
    if shape is not None:
        reason, where = shape
        raise TemplateError([Finding(name, "", f"not a valid template: {reason}", where)])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _LINE.search(message)
        line = int(found.group(1)) if found else None
        reason = _LINE.sub("", message).strip()
        column = f" (column {found.group(2)})" if found else ""
        raise TemplateError(
            [Finding(name, "", f"not valid TOML: {reason}{column}", line)]
        ) from None


def too_big(size: int, unit: str) -> str:
    return (
        f"not a valid template: it has {size:,} {unit}, more than the "
        f"{MAX_TEMPLATE_BYTES // 1024} KB a template or recipe may have"
    )


def _shape_problem(text: str) -> tuple[str, int] | None:
    """(reason, line) when *text* nests deeper than :data:`MAX_NESTING` or has a key
    of more than :data:`MAX_KEY_DOTS` dots; None otherwise (syntax is the parser's).

    One pass that skips strings and comments, each found with str.find, so the scan
    is linear in the text however it is crafted.
    """
    depth = dots = 0
    line = 1
    pos = 0
    while (found := _SCANNED.search(text, pos)) is not None:
        char = found.group()
        pos = found.end()
        if char == "\n":
            line, dots = line + 1, 0
        elif char == "#":
            pos = text.find("\n", pos)
            if pos < 0:
                return None
        elif char in "\"'":
            end, delimiter = _string_end(text, pos - 1)
            if end < 0:
                return None  # never closed: the parser says where
            line += text.count("\n", pos, end)
            pos = end + len(delimiter)
        elif char == ".":
            dots += 1
            if dots > MAX_KEY_DOTS:
                return f"a key of more than {MAX_KEY_DOTS} parts (a.b.c…)", line
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return f"lists or tables nested more than {MAX_NESTING} deep", line
        else:
            depth = max(0, depth - 1)
    return None


def _string_end(text: str, start: int) -> tuple[int, str]:
    """Where the string opening at *start* closes (-1 if it does not), and its
    closing delimiter; a one-line string does not cross a line end."""
    quote = text[start]
    delimiter = quote * 3 if text.startswith(quote * 3, start) else quote
    pos = start + len(delimiter)
    while True:
        end = text.find(delimiter, pos)
        if end < 0:
            return -1, delimiter
        if len(delimiter) == 1 and text.find("\n", pos, end) >= 0:
            return -1, delimiter
        if quote == '"':  # a basic string: \" does not close it
            backslashes = len(text[pos:end]) - len(text[pos:end].rstrip("\\"))
            if backslashes % 2:
                pos = end + 1
                continue
        return end, delimiter


def check_template(document: Mapping[str, Any], name: str) -> Template:
    """A Template from parsed TOML, or TemplateError listing every problem."""
    c = _Checker(name)
    c.keys(document, TEMPLATE_KEYS, "")
    ident = c.text(document, "id", "id")
    if ident and not ID_PATTERN.match(ident):
        c.expect("id", "kebab-case letters and digits such as 'problem-first'", ident)
    version = 1 if "version" not in document else c.whole(document, "version", "version")
    title = c.text(document, "title", "title", limit=120)
    purpose = c.text(document, "purpose", "purpose", required=False)
    minutes = c.whole(document, "minutes", "minutes", high=MAX_MINUTES)
    captures = c.choice(document, "captures", "captures", CAPTURES)
    view = c.choice(document, "view", "view", VIEWS)
    if captures and view and captures not in COMPATIBLE_VIEWS[view]:
        c.problem(
            "view",
            f"the {view} view cannot capture {captures} records "
            f"(it captures: {', '.join(COMPATIBLE_VIEWS[view])})",
        )
    anonymous = document.get("anonymous", captures == "concern")
    if not isinstance(anonymous, bool):
        c.expect("anonymous", "true or false", anonymous)
        anonymous = False
    voting = _check_voting(c, document, view)
    into = _check_into(c, document, captures)
    on_the_board = not captures or captures in COMPATIBLE_VIEWS["cards"]
    step_views = tuple(
        dict.fromkeys((["cards"] if on_the_board else []) + ([view] if view else []))
    )
    steps = _check_steps(c, document, minutes, step_views)
    fields = _check_fields(c, document, captures)
    if c.findings:
        raise TemplateError(c.findings)
    assert minutes is not None and captures is not None and view is not None
    return Template(
        id=ident,
        version=version or 1,
        title=title,
        purpose=purpose,
        minutes=minutes,
        captures=captures,
        view=view,
        anonymous=anonymous,
        steps=tuple(steps),
        fields=tuple(fields),
        voting=voting,
        into=into,
        document=copy.deepcopy(dict(document)),
    )


def _check_into(c: _Checker, document: Mapping[str, Any], captures: str | None) -> str:
    """Where the exercise's cards go beyond the board: notes into the objective."""
    if "into" not in document:
        return ""
    into = document["into"]
    if into != "objective":
        c.expect("into", "'objective'", into)
        return ""
    if captures != "note":
        c.problem("into", "only an exercise that captures notes can fill the objective")
        return ""
    return "objective"


def _check_voting(
    c: _Checker, document: Mapping[str, Any], view: str | None
) -> dict[str, int] | None:
    if "voting" not in document:
        return {"dots_per_person": 3, "max_per_card": 2} if view == "vote" else None
    voting = document["voting"]
    if view != "vote":
        c.problem("voting", "only a vote view has voting settings")
        return None
    if not isinstance(voting, dict):
        c.expect("voting", "a [voting] table", voting)
        return None
    c.keys(voting, VOTING_KEYS, "voting")
    dots = c.whole(voting, "dots_per_person", "voting.dots_per_person", high=50)
    cap = c.whole(voting, "max_per_card", "voting.max_per_card", high=50)
    if dots is not None and cap is not None and cap > dots:
        c.problem("voting.max_per_card", f"is {cap}, more than the {dots} dots each person has")
    return {"dots_per_person": dots or 3, "max_per_card": cap or 2}


def _check_steps(
    c: _Checker, document: Mapping[str, Any], minutes: int | None, views: tuple[str, ...]
) -> list[Step]:
    raw = c.tables(document, "steps", "steps")
    if document.get("steps") == []:  # not tables at all has its own finding
        c.problem("steps", "is empty; an exercise needs at least one step")
    if "steps" not in document:
        c.problem("steps", "is missing; an exercise needs at least one [[steps]] table")
    steps = []
    for n, step in enumerate(raw, start=1):
        at = f"steps[{n}]"
        c.keys(step, STEP_KEYS, at)
        steps.append(
            Step(
                title=c.text(step, "title", f"{at}.title", limit=120),
                minutes=c.whole(step, "minutes", f"{at}.minutes", high=MAX_MINUTES) or 0,
                prompt=c.text(step, "prompt", f"{at}.prompt", required=False, limit=PROMPT_LIMIT),
                facilitator=c.text(step, "facilitator", f"{at}.facilitator", required=False),
                private=_private(c, step, at),
                view=_step_view(c, step, at, views),
            )
        )
    total = sum(s.minutes for s in steps)
    if minutes is not None and total > minutes:
        c.problem(
            "steps",
            f"the steps take {total} minutes, more than the exercise's "
            f"timebox of {minutes} (raise minutes or shorten a step)",
        )
    return steps


def _step_view(c: _Checker, step: Mapping[str, Any], at: str, allowed: tuple[str, ...]) -> str:
    """A step shows the exercise's view, or the card board (when the board can show
    what the exercise captures): one exercise can group its cards on the board,
    then vote on them."""
    if "view" not in step:
        return ""
    chosen = step["view"]
    if chosen not in allowed:
        c.expect(f"{at}.view", " or ".join(f"'{v}'" for v in allowed), chosen)
        return ""
    return str(chosen)


def _private(c: _Checker, step: Mapping[str, Any], at: str) -> bool:
    private = step.get("private", False)
    if not isinstance(private, bool):
        c.expect(f"{at}.private", "true or false", private)
        return False
    return private


def allowed_fields(captures: str) -> dict[str, tuple[str, ...]]:
    """Field key -> the field types that can fill it, for records of kind *captures*."""
    if captures == "none":
        return {}
    cls = record_type(captures)
    main = {"participant": "name", "licence": "tool"}.get(captures, "text")
    allowed: dict[str, tuple[str, ...]] = {}
    for name, spec in cls.field_specs().items():
        if name in NOT_CAPTURED or name == main:
            continue
        if spec.kind is Kind.REFS or spec.kind is Kind.REF:
            link = {"problems": "problem_link", "ideas": "idea_link"}.get(spec.ref_table or "")
            if link:
                allowed[name] = (link,)
            continue
        types = TYPES_FOR_KIND.get(spec.kind)
        if types:
            allowed[name] = types
    if captures == "idea":
        allowed.update({key: (kind,) for key, kind in READINESS_KEYS.items()})
    return allowed


def _check_fields(c: _Checker, document: Mapping[str, Any], captures: str | None) -> list[FieldDef]:
    raw = c.tables(document, "fields", "fields")
    if captures == "none" and raw:
        c.problem("fields", "an exercise that captures none has no fields")
        return []
    allowed = allowed_fields(captures) if captures else {}
    seen: dict[str, int] = {}
    fields = []
    for n, entry in enumerate(raw, start=1):
        at = f"fields[{n}]"
        c.keys(entry, FIELD_KEYS, at)
        key = c.text(entry, "key", f"{at}.key")
        kind = c.choice(entry, "type", f"{at}.type", FIELD_TYPES)
        if key in seen:
            c.problem(f"{at}.key", f"{key!r} is already the key of fields[{seen[key]}]")
        elif key:
            seen[key] = n
        if key and captures and key not in allowed:
            if _true_or_false(captures, key):
                # 'anonymous' is the template's to say, once, for every card.
                hint = (
                    f"; set {key} = true or false at the top of the template instead"
                    if key in TEMPLATE_KEYS
                    else ""
                )
                c.problem(
                    f"{at}.key",
                    f"{key!r} is true or false for each {captures}, "
                    f"not something a field can ask for{hint}",
                )
            else:
                c.problem(
                    f"{at}.key",
                    f"{captures} records have no field {key!r} (fields: {', '.join(allowed)})",
                )
        elif key and kind and captures and kind not in allowed[key]:
            c.problem(
                f"{at}.type", f"{key!r} needs type {' or '.join(allowed[key])}, found {kind!r}"
            )
        scored = key if "scale" in allowed.get(key, ()) else None
        low, high = _check_scale(c, entry, at, kind, scored)
        required = entry.get("required", False)
        if not isinstance(required, bool):
            c.expect(f"{at}.required", "true or false", required)
            required = False
        fields.append(
            FieldDef(
                key=key,
                label=c.text(entry, "label", f"{at}.label"),
                type=kind or "text",
                help=c.text(entry, "help", f"{at}.help", required=False),
                required=required,
                min=low,
                max=high,
                choices=_check_choices(c, entry, at, kind, _model_choices(captures, key)),
            )
        )
    return fields


def _check_scale(
    c: _Checker, entry: Mapping[str, Any], at: str, kind: str | None, scored: str | None
) -> tuple[int | None, int | None]:
    """min and max of a scale field; *scored* is the record's score field it fills."""
    if kind is None:  # the type itself is wrong; that finding says enough
        return None, None
    if kind != "scale":
        for bound in ("min", "max"):
            if bound in entry:
                c.problem(f"{at}.{bound}", "only a scale field has min and max")
        return None, None
    # The scale's ends are what the room can pick, and the record refuses a score
    # outside its own range: a 0-10 scale on 'impact' would fail on the first 7.
    if scored:
        floor, ceiling = SCORES
        why = f" (the range {scored!r} is scored in)"
    else:  # its key or type is wrong, which has its own finding: only the loose bound
        floor, ceiling, why = 0, 10, ""
    low = c.whole(entry, "min", f"{at}.min", low=floor, high=ceiling, why=why)
    high = c.whole(entry, "max", f"{at}.max", low=floor, high=ceiling, why=why)
    if low is not None and high is not None and low >= high:
        c.problem(f"{at}.max", f"must be more than min ({low}), found {high}")
    return low, high


def _check_choices(
    c: _Checker, entry: Mapping[str, Any], at: str, kind: str | None, known: tuple[str, ...]
) -> tuple[str, ...]:
    if kind is None:
        return ()
    if kind != "choice":
        if "choices" in entry:
            c.problem(f"{at}.choices", "only a choice field has choices")
        return ()
    raw = entry.get("choices")
    if (
        not isinstance(raw, list)
        or not raw
        or not all(isinstance(x, str) and x.strip() for x in raw)
    ):
        c.expect(f"{at}.choices", "a non-empty list of texts", raw)
        return ()
    extra = [x for x in raw if known and x not in known]
    if extra:
        c.problem(f"{at}.choices", f"{extra[0]!r} is not one of {', '.join(known)}")
    return tuple(raw)


def _true_or_false(captures: str, key: str) -> bool:
    """Whether *key* is a true/false field that a template sets rather than captures."""
    if captures == "none" or key in NOT_CAPTURED:
        return False
    spec = record_type(captures).field_specs().get(key)
    return spec is not None and spec.kind is Kind.BOOL


def _model_choices(captures: str | None, key: str) -> tuple[str, ...]:
    if not captures or captures == "none":
        return ()
    spec = record_type(captures).field_specs().get(key)
    return spec.choices if spec is not None else ()


def check_recipe(
    document: Mapping[str, Any], name: str, templates: Mapping[str, Template]
) -> Recipe:
    """A Recipe from parsed TOML whose exercises exist in *templates*."""
    c = _Checker(name)
    c.keys(document, RECIPE_KEYS, "")
    ident = c.text(document, "id", "id")
    if ident and not ID_PATTERN.match(ident):
        c.expect("id", "kebab-case letters and digits such as 'half-day'", ident)
    title = c.text(document, "title", "title", limit=120)
    minutes = c.whole(document, "minutes", "minutes", high=24 * 60)
    description = c.text(document, "description", "description", required=False)
    raw = c.tables(document, "items", "items")
    if not raw:
        c.problem("items", "a recipe needs at least one [[items]] table")
    items = []
    for n, item in enumerate(raw, start=1):
        at = f"items[{n}]"
        c.keys(item, ITEM_KEYS, at)
        exercise = c.text(item, "exercise", f"{at}.exercise")
        length = c.whole(item, "minutes", f"{at}.minutes", high=MAX_MINUTES)
        template = templates.get(exercise)
        if exercise and template is None:
            c.problem(f"{at}.exercise", f"no exercise template has the id {exercise!r}")
        elif template is not None and length is not None and length < template.step_minutes:
            c.problem(
                f"{at}.minutes",
                f"is {length}, but the steps of {exercise!r} take {template.step_minutes} minutes",
            )
        items.append(RecipeItem(exercise, length or 0))
    total = sum(i.minutes for i in items)
    if minutes is not None and items and total != minutes:
        c.problem("minutes", f"is {minutes}, but the items add up to {total}")
    if c.findings:
        raise TemplateError(c.findings)
    assert minutes is not None
    return Recipe(ident, title, minutes, description, tuple(items))


def is_recipe(document: Mapping[str, Any]) -> bool:
    return "items" in document and "steps" not in document


# --- writing -----------------------------------------------------------------------------


def to_toml(document: Mapping[str, Any]) -> str:
    """TOML text for a template or recipe document, keys in the canonical order.

    Multi-line texts (facilitator scripts) are written as multi-line strings so the
    file stays pleasant to edit by hand. A document that does not validate is written
    too, as it is, so a broken template can be opened, shown with its problems and fixed.
    """
    import tomlkit  # only when writing: it costs the live window's start ~50 ms

    order = RECIPE_KEYS if is_recipe(document) else TEMPLATE_KEYS
    out = tomlkit.document()
    for key in order:
        if key not in document:
            continue
        value = document[key]
        if key == "fields" and value == []:
            # No fields is the same as none; written as "fields = []" it would land
            # at the top of the file, above the id (TOML keys cannot follow tables).
            # (Empty steps stay: the template is broken, and must say so.)
            continue
        if key in ("steps", "fields", "items") and _tables(value):
            array = tomlkit.aot()
            inner = {"steps": STEP_KEYS, "fields": FIELD_KEYS, "items": ITEM_KEYS}[key]
            for entry in value:
                table = tomlkit.table()
                for name in inner:
                    if name in entry:
                        table.add(name, _toml_value(entry[name]))
                for name in entry:  # keep anything unknown so validation can point at it
                    if name not in inner:
                        table.add(name, _toml_value(entry[name]))
                array.append(table)
            out.add(key, array)
        elif key == "voting" and isinstance(value, dict):
            table = tomlkit.table()
            for name, item in value.items():
                table.add(name, item)
            out.add(key, table)
        else:
            out.add(key, _toml_value(value))
    for key in document:
        if key not in order:
            out.add(key, _toml_value(document[key]))
    # Start multi-line texts on their own line (TOML drops that first newline when
    # reading), the way people write facilitator scripts by hand.
    return _MULTILINE_START.sub(r"\1\n", tomlkit.dumps(out))


def rewrite_toml(previous: str, document: Mapping[str, Any]) -> str:
    """*document* written into the text it was edited from, keeping that text's
    comments and layout wherever the document did not change; the canonical text
    (:func:`to_toml`) if the previous text does not read, or the merge would not
    read back as *document*."""
    import tomlkit

    try:
        merged = tomlkit.parse(previous)
        _merge(merged, document)
        text = _MULTILINE_START.sub(r"\1\n", tomlkit.dumps(merged))
        if tomllib.loads(text) == dict(document):
            return text
    except Exception:  # any failure at all: the canonical text is always right
        pass
    return to_toml(document)


def _merge(container: Any, new: Mapping[str, Any]) -> None:
    """Make the tomlkit *container* hold *new*, touching only what differs."""
    import tomlkit

    for key in [k for k in container if k not in new]:
        del container[key]
    for key, value in new.items():
        old = container.get(key)
        if old is not None and _plain(old) == value:
            continue  # unchanged: its comments and layout stay as they were
        if isinstance(value, dict) and isinstance(old, dict):
            _merge(old, value)
        elif (
            _tables(value)
            and isinstance(old, list)
            and len(old) == len(value)
            and all(isinstance(t, dict) for t in old)
        ):
            for table, entry in zip(old, value, strict=True):
                _merge(table, entry)
        elif _tables(value):
            array = tomlkit.aot()
            for entry in value:
                table = tomlkit.table()
                for name, item in entry.items():
                    table.add(name, _toml_value(item))
                array.append(table)
            container[key] = array
        else:
            container[key] = _toml_value(value)


def _plain(item: Any) -> Any:
    unwrap = getattr(item, "unwrap", None)
    return unwrap() if callable(unwrap) else item


def _tables(value: Any) -> bool:
    """Whether *value* can be written as [[tables]]; ``steps = "write alone"`` cannot,
    and is written unchanged for validation to point at."""
    return isinstance(value, list) and all(isinstance(entry, dict) for entry in value)


_MULTILINE_START = re.compile(r'^([A-Za-z_][\w-]* = """)(?!\n)', re.MULTILINE)


def _toml_value(value: Any) -> Any:
    if isinstance(value, str) and "\n" in value:
        import tomlkit

        return tomlkit.string(value, multiline=True)
    return value


# --- the library --------------------------------------------------------------------------


def builtin_folder() -> Path:
    return Path(str(resources.files("facilitator.exercises")))


@dataclass
class Library:
    """Every template and recipe the app knows, and the files it could not use."""

    templates: dict[str, Template] = field(default_factory=dict)
    recipes: dict[str, Recipe] = field(default_factory=dict)
    broken: list[Broken] = field(default_factory=list)
    user_folder: Path | None = None

    def template(self, ident: str) -> Template:
        found = self.templates.get(ident)
        if found is None:
            known = ", ".join(sorted(self.templates))
            raise ValidationError(f"no exercise template has the id {ident!r} (known: {known})")
        return found

    def recipe(self, ident: str) -> Recipe:
        found = self.recipes.get(ident)
        if found is None:
            known = ", ".join(sorted(self.recipes))
            raise ValidationError(f"no agenda recipe has the id {ident!r} (known: {known})")
        return found


def _files(folder: Path) -> list[Path]:
    """Every .toml entry of *folder*; one that is no regular file (a link to a device,
    a folder) is listed as broken by :func:`read_text`, rather than silently skipped."""
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".toml")
    except OSError:
        return []


def _read(path: Path) -> dict[str, Any]:
    return parse(read_text(path), path.name)


def read_text(path: Path) -> str:
    """The text of a template or recipe file, or TemplateError: only a regular file
    (a link to ``/dev/zero`` would never end, a pipe would wait for ever) of at most
    :data:`MAX_TEMPLATE_BYTES`, read without reading more than that."""
    try:
        data = read_bounded(path, MAX_TEMPLATE_BYTES)
    except NotAFileError as error:
        raise TemplateError(
            [Finding(path.name, "", f"not a valid template: it is {error.kind}, not a file")]
        ) from None
    except TooBigError as error:
        raise TemplateError([Finding(path.name, "", too_big(error.size, "bytes"))]) from None
    except OSError as error:
        raise TemplateError(
            [Finding(path.name, "", f"cannot be read ({error.strerror or error})")]
        ) from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")  # see parse
    except UnicodeDecodeError:
        raise TemplateError([Finding(path.name, "", "is not UTF-8 text")]) from None


def _check_identity(path: Path, ident: str, seen: Mapping[str, Path]) -> None:
    """TemplateError when *ident* is not the file's name or another file in the folder
    already has it: ids are how agendas, recipes and overrides find a file, so one
    id must mean one file."""
    if ident != path.stem:
        raise TemplateError(
            [
                Finding(
                    path.name,
                    "id",
                    f"is {ident!r}, but the file is named {path.name}; they must match",
                )
            ]
        )
    if ident in seen:
        raise TemplateError(
            [Finding(path.name, "id", f"{ident!r} is also the id of {seen[ident].name}")]
        )


def _shown_origin(origin: str, ident: str, builtin_ids: set[str]) -> str:
    if origin == "yours" and ident in builtin_ids:
        return "yours, overrides built-in"
    return origin


def _load_templates(folder: Path, origin: str, library: Library, builtin_ids: set[str]) -> None:
    seen: dict[str, Path] = {}
    for path in _files(folder):
        try:
            template = check_template(_read(path), path.name)
            _check_identity(path, template.id, seen)
        except TemplateError as error:
            library.broken.append(Broken(path, tuple(error.findings), origin))
            continue
        seen[template.id] = path
        shown = _shown_origin(origin, template.id, builtin_ids)
        library.templates[template.id] = replace(template, origin=shown, path=path)


def _load_recipes(folder: Path, origin: str, library: Library, builtin_ids: set[str]) -> None:
    seen: dict[str, Path] = {}
    for path in _files(folder):
        try:
            recipe = check_recipe(_read(path), path.name, library.templates)
            _check_identity(path, recipe.id, seen)
        except TemplateError as error:
            library.broken.append(Broken(path, tuple(error.findings), origin, "recipe"))
            continue
        seen[recipe.id] = path
        shown = _shown_origin(origin, recipe.id, builtin_ids)
        library.recipes[recipe.id] = replace(recipe, origin=shown, path=path)


def load_library(
    user_folder: Path | None = None, *, builtins: Path | None = None, include_user: bool = True
) -> Library:
    """Built-in templates and recipes, then the user's (which override by id)."""
    builtin_root = builtins or builtin_folder()
    user_root = user_folder if user_folder is not None else paths.templates_dir()
    library = Library(user_folder=user_root)
    _load_templates(builtin_root / "templates", "built-in", library, set())
    builtin_ids = set(library.templates)
    if include_user:
        _load_templates(user_root, "yours", library, builtin_ids)
    _load_recipes(builtin_root / "recipes", "built-in", library, set())
    if include_user:
        _load_recipes(user_root / "recipes", "yours", library, set(library.recipes))
    return library


def validate_file(path: Path, library: Library | None = None) -> list[Finding]:
    """Everything wrong with one template or recipe file (empty when it is fine)."""
    try:
        document = _read(path)
    except TemplateError as error:
        return error.findings
    findings = _content_findings(document, path.name, library)
    ident = document.get("id")
    if isinstance(ident, str) and ident and ident != path.stem:
        findings.append(
            Finding(
                path.name, "id", f"is {ident!r}, but the file is named {path.name}; they must match"
            )
        )
    return findings


def _content_findings(
    document: Mapping[str, Any], name: str, library: Library | None
) -> list[Finding]:
    try:
        if is_recipe(document):
            check_recipe(document, name, (library or load_library()).templates)
        else:
            check_template(document, name)
    except TemplateError as error:
        return list(error.findings)
    return []


@dataclass(frozen=True)
class Received:
    """A template or recipe file from elsewhere, checked and ready to join the library."""

    ident: str
    is_recipe: bool
    text: str
    """The file's text as it was checked (copied, not read again)."""

    def target(self, user_folder: Path) -> Path:
        folder = user_folder / "recipes" if self.is_recipe else user_folder
        return folder / f"{self.ident}.toml"


def receive(path: Path, library: Library) -> Received:
    """Read and check a file someone received, or TemplateError with its findings.

    Slow on a crafted file even with the caps (a quarter of a megabyte to scan and
    parse): the GUI calls it off its thread. The file's name does not matter — it is
    stored under its id, so a renamed download ("x (1).toml") is fine.
    """
    text = read_text(path)
    document = parse(text, path.name)
    findings = _content_findings(document, path.name, library)
    if findings:
        raise TemplateError(findings)
    return Received(str(document["id"]), is_recipe(document), text)


def add_received(received: Received, user_folder: Path) -> Path:
    """Write *received* into the user's library (replacing one of the same id)."""
    target = received.target(user_folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_atomic(target, received.text.encode("utf-8"))
    return target


BLANK: dict[str, Any] = {
    "id": "my-exercise",
    "version": 1,
    "title": "My exercise",
    "purpose": "What the room should leave with.",
    "minutes": 15,
    "captures": "note",
    "view": "cards",
    "anonymous": False,
    "steps": [
        {
            "title": "Silent writing",
            "minutes": 5,
            "prompt": "Write one idea per card, on your own.",
            "facilitator": "Give the room five quiet minutes before anyone speaks.",
        },
        {
            "title": "Share",
            "minutes": 10,
            "prompt": "Read your cards aloud.",
            "facilitator": "One card per person per round, so every voice is heard.",
        },
    ],
    "fields": [],
}


def new_user_template(ident: str, library: Library, *, source: str | None = None) -> Path:
    """Write the consultant's own template *ident* (a copy of *source*, or a blank one)."""
    if not ID_PATTERN.match(ident):
        raise ValidationError(
            f"id: expected kebab-case letters and digits such as 'my-exercise', found {ident!r}"
        )
    folder = library.user_folder or paths.templates_dir()
    target = folder / f"{ident}.toml"
    if target.exists():
        raise ValidationError(f"{target} already exists; edit it, or choose another id")
    document = (
        copy.deepcopy(dict(library.template(source).document)) if source else copy.deepcopy(BLANK)
    )
    document["id"] = ident
    if source:
        document["title"] = f"{document['title']} (my version)"
    folder.mkdir(parents=True, exist_ok=True)
    atomic.write_atomic(target, to_toml(document).encode("utf-8"))
    return target
