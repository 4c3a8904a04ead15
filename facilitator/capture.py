"""The quick-capture line: what the facilitator types as the room talks.

``Invoices are keyed twice #finance !4 @ana`` becomes a problem with the text
"Invoices are keyed twice", group "finance", impact 4 and Ana as its author;
on an idea, ``+new`` or ``+auto`` says whether it creates new value or automates
work done today. The marks are optional and can go anywhere in the line;
everything else is the card's text, kept exactly as typed (line breaks
included). What a parsed line then does to the workshop is
:func:`facilitator.operations.capture`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from facilitator.model import CONCERN_CATEGORIES, ValidationError

SCORE_FIELD = {"problem": "impact", "idea": "value", "concern": "severity"}
"""What ``!N`` sets, per kind of card."""
GROUPED = ("problem", "idea")
NAMED = {"problem": "who said it", "idea": "who said it", "concern": "named, not anonymous"}
NAMED |= {"note": "who said it", "action": "its owner"}
"""What ``@name`` means, per kind of card (a licence or a person has no author)."""
MAIN_FIELD = {"participant": "name", "licence": "tool"}

_TOKEN = re.compile(r"(?<!\S)([#!@+])(\S+)")

# "@Anna Berg" at the end of a line (or before the other marks only) names someone
# by first name and surname: without this the surname would be left in the card's
# text, on the wall and in the brief, as "… Berg".
_SURNAMED = re.compile(
    r"(?<!\S)@([^\s#!@+]+)[ \t]+([^\W\d_][\w'’-]*)(?=(?:[ \t]+[#!+]\S+)*[ \t]*$)", re.M
)


def _join_surname(match: re.Match[str]) -> str:
    first, surname = match.group(1), match.group(2)
    if not (first[:1].isupper() and surname[:1].isupper()):
        return match.group(0)  # "@maria Permits": a name typed in lower case is one word
    return f"@{first}_{surname}"


HINT = "Enter saves · Shift+Enter new line · #group · !1–5 score · @name author"


def hint_for(kind: str) -> str:
    """The capture line's hint for *kind*: only the marks that mean something there."""
    parts = ["Enter saves", "Shift+Enter new line"]
    if kind in GROUPED:
        parts.append("#group")
    if kind == "idea":
        parts.append("+new / +auto value")
    if kind == "concern":
        parts.append("#category (#jobs, #trust …)")
    if kind in SCORE_FIELD:
        parts.append(f"!1–5 {SCORE_FIELD[kind]}")
    if kind in NAMED:
        parts.append(f"@name {NAMED[kind]}")
    return " · ".join(parts)


@dataclass(frozen=True)
class QuickCapture:
    """What a typed line means."""

    text: str
    fields: dict[str, Any] = field(default_factory=dict)
    author: str | None = None
    """Start of a participant's name after @, to look up among the people in the room."""


def parse_quick(typed: str, kind: str, names: Iterable[str] = ()) -> QuickCapture:
    """Split a typed line into the card's text and the fields its marks set. A full
    name of one of *names* typed after ``@`` ("@Maria Lopez") is the whole name, not
    "Maria" and a stray "Lopez" in the text."""
    fields: dict[str, Any] = {}
    author: str | None = None
    for name in names:
        words = name.split()
        if len(words) > 1:
            spaced = re.compile("@" + r"\s+".join(map(re.escape, words)) + r"(?!\S)", re.I)
            typed = spaced.sub("@" + "_".join(words).replace("\\", "\\\\"), typed)
    if kind in NAMED:
        typed = _SURNAMED.sub(_join_surname, typed)

    def take(match: re.Match[str]) -> str:
        nonlocal author
        mark, value = match.group(1), match.group(2)
        if mark == "#" and kind in GROUPED:
            fields["group"] = value.replace("_", " ")
            return ""
        if mark == "#" and kind == "concern":
            category = concern_category(value)
            if category is None:  # "#AI", "#42": part of what was said
                return match.group(0)
            fields["category"] = category
            return ""
        if mark == "!" and kind in SCORE_FIELD and value.isdigit():
            score = int(value)
            if not 1 <= score <= 5:
                raise ValidationError(f"!{value}: a score goes from 1 to 5")
            fields[SCORE_FIELD[kind]] = score
            return ""
        if mark == "@" and kind in NAMED:
            author = value
            return ""
        if mark == "+" and kind == "idea" and (value_type := value_mark(value)) is not None:
            fields["value_type"] = value_type
            return ""
        return match.group(0)  # not a mark for this kind of card: keep it as text

    text = _TOKEN.sub(take, typed)
    text = "\n".join(re.sub(r"[ \t]{2,}", " ", line).strip() for line in text.split("\n"))
    text = text.strip()
    if not text:
        raise ValidationError("nothing to capture: type the card's text")
    fields[MAIN_FIELD.get(kind, "text")] = text
    return QuickCapture(text, fields, author)


def concern_category(typed: str) -> str | None:
    """The concern category a ``#word`` names: the start of one (``#priv``), or of
    any word of it (``#security``); None if it names none (it stays in the text).
    A start that fits two categories is refused, naming both."""
    wanted = typed.lower().replace("&", "_")
    matches = [
        c
        for c in CONCERN_CATEGORIES
        if c.startswith(wanted) or any(part.startswith(wanted) for part in c.split("_"))
    ]
    if len(matches) > 1:
        names = " or ".join(c.replace("_", " & ") for c in matches)
        raise ValidationError(f"#{typed} could be {names}: type more of the category")
    return matches[0] if matches else None


def value_mark(typed: str) -> str | None:
    """The kind of value ``+word`` names on an idea: ``+new`` (or ``+new_value``)
    and ``+auto`` (or more of "automation"); None for anything else, which stays
    part of what was said ("+1", "+ideas")."""
    wanted = typed.lower().replace("_", "")
    if wanted in ("new", "newvalue"):
        return "new_value"
    if len(wanted) >= 4 and "automation".startswith(wanted):
        return "automation"
    return None


def person_name(typed: str) -> str:
    """A name typed after ``@`` as it is written: ``@maria_lopez`` is Maria Lopez;
    a name typed with capitals keeps them (``@McKay``)."""
    words = typed.replace("_", " ").split()
    if typed == typed.lower():
        words = [word[:1].upper() + word[1:] for word in words]
    return " ".join(words)
