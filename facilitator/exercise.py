"""An exercise as it runs: its steps, what it captures, what the room sees.

An agenda item keeps its template as a plain snapshot (a TOML document). The
live window, the projector, the command line and the room server all need the
same few answers from it — which step is on, which view it shows, whether the
room may read the cards yet — so they are read here, once, with the defaults
the template format gives an absent key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from facilitator.model import TITLE_CHARS, AgendaItem, clipped
from facilitator.templates import MAX_FIELD_CHARS, PROMPT_LIMIT, Step

VOTED_ON = {"problem": "problems", "idea": "ideas"}
"""What a vote counts dots on, by what the exercise captures."""


def _text(table: Mapping[str, Any], key: str, default: str = "") -> str:
    value = table.get(key, default)
    return value if isinstance(value, str) else default


def _step(table: Mapping[str, Any]) -> Step:
    # Clipped to what a checked template may hold: a snapshot in a file can be crafted
    # (a megabyte of prompt), and these texts go on screens, the wall and phones.
    minutes = table.get("minutes")
    return Step(
        title=clipped(_text(table, "title"), TITLE_CHARS),
        minutes=minutes if isinstance(minutes, int) and not isinstance(minutes, bool) else 0,
        prompt=clipped(_text(table, "prompt"), PROMPT_LIMIT),
        facilitator=clipped(_text(table, "facilitator").strip(), MAX_FIELD_CHARS),
        private=table.get("private") is True,
        view=_text(table, "view"),
    )


@dataclass(frozen=True)
class Exercise:
    """One agenda item read through its template snapshot."""

    item: AgendaItem

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def title(self) -> str:
        return self.item.summary()

    @property
    def purpose(self) -> str:
        """What the exercise is for, in a sentence or two (clipped as a step's texts are)."""
        return clipped(_text(self.item.template, "purpose").strip(), MAX_FIELD_CHARS)

    @property
    def captures(self) -> str:
        """The kind of card the exercise captures ("problem", "idea" …), or "none"."""
        return _text(self.item.template, "captures", "none") or "none"

    @property
    def voted_on(self) -> str | None:
        """The table whose cards a vote in this exercise puts dots on ("problems" or
        "ideas"), or None when what it captures is not voted on."""
        return VOTED_ON.get(self.captures)

    @property
    def view(self) -> str:
        """The exercise's own view ("cards", "vote", "matrix" …)."""
        return _text(self.item.template, "view", "cards") or "cards"

    @property
    def anonymous(self) -> bool:
        """Whether what is captured here is anonymous unless someone is named: the
        template says so, and a concern exercise is anonymous if it says nothing."""
        said = self.item.template.get("anonymous")
        return said if isinstance(said, bool) else self.captures == "concern"

    @property
    def into(self) -> str:
        """Where the exercise's notes can go: "objective", or ""."""
        return _text(self.item.template, "into")

    @property
    def fields(self) -> list[dict[str, Any]]:
        """The fields the template lists for its cards (for the inspector)."""
        found = self.item.template.get("fields", [])
        return [f for f in found if isinstance(f, dict)] if isinstance(found, list) else []

    @cached_property
    def steps(self) -> list[Step]:
        """Read once per Exercise: the room asks for the step on every phone's poll."""
        found = self.item.template.get("steps", [])
        return [_step(s) for s in found if isinstance(s, dict)] if isinstance(found, list) else []

    def step(self, index: int) -> Step | None:
        """Step *index* (from 0), or None if the exercise has no such step."""
        steps = self.steps
        return steps[index] if 0 <= index < len(steps) else None

    def clamp(self, index: int) -> int:
        """*index* moved into the exercise's steps (0 when it has none)."""
        return max(0, min(index, len(self.steps) - 1))

    def view_at(self, index: int) -> str:
        """The view of step *index*: its own (the board, to group before a vote),
        or the exercise's."""
        step = self.step(index)
        return (step.view if step is not None else "") or self.view

    def private_at(self, index: int) -> bool:
        """Step *index* is silent writing: the room sees how many cards, not what
        they say, until the facilitator reveals them."""
        step = self.step(index)
        return step is not None and step.private
