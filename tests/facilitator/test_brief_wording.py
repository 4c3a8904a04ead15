"""A corpus of the brief's counted sentences: singular, plural, zero and all-of.

"1 problems", "0 of 1 ideas", "(3 anonymously)" when all three were: each case
below builds the smallest workshop that says it and reads the sentence back
from the brief's content.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from facilitator.brief.content import Bullets, Text, brief_content
from facilitator.brief.wording import of_them, plural
from facilitator.numbers import MINUS, percent, signed
from facilitator.scoring import WorkshopData, value_split
from facilitator.workshop import Workshop


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (0, "problem", "0 problems"),
        (1, "problem", "1 problem"),
        (2, "problem", "2 problems"),
        (1, "category", "1 category"),
        (3, "category", "3 categories"),
        (1_250, "seat", "1,250 seats"),
        (1, "person", "1 person"),
        (2, "person", "2 people"),
    ],
)
def test_plural(count: int, noun: str, said: str) -> None:
    assert plural(count, noun) == said


@pytest.mark.parametrize(
    ("part", "total", "said"),
    [(0, 3, "none"), (2, 3, "2"), (3, 3, "all"), (2, 2, "both"), (1, 1, "all")],
)
def test_of_them(part: int, total: int, said: str) -> None:
    assert of_them(part, total) == said


def test_signs_and_shares() -> None:
    assert signed(-1, "min") == f"{MINUS}1\u00a0min"  # a real minus sign, not a hyphen
    assert signed(0, "min") == "+0\u00a0min" and signed(12, "min") == "+12\u00a0min"
    # One precision: whole percents, a decimal only where rounding would lie.
    assert percent(0.029) == "3\u00a0%" and percent(0.971) == "97\u00a0%"
    assert percent(2.15) == "215\u00a0%"  # never capped at 100
    assert percent(0.004) == "0.4\u00a0%" and percent(0.996) == "99.6\u00a0%"


def said(workshop: Workshop) -> str:
    """Everything the brief's content says, as one string."""
    brief = brief_content(WorkshopData.of(workshop), issued=date(2026, 11, 20))
    parts: list[str] = []
    for section in brief.sections:
        for block in section.blocks:
            if isinstance(block, Text):
                parts.append(block.text)
            elif isinstance(block, Bullets):
                parts.extend(str(item) for item in block.items)
    return " ".join(" ".join(parts).split())


def concerns(*anonymous: bool) -> Workshop:
    workshop = Workshop.in_memory(title="Concerns")
    person = workshop.add("participant", name="Ana")
    for n, hidden in enumerate(anonymous):
        extra: dict[str, Any] = {} if hidden else {"participant_id": person.id}
        workshop.add("concern", text=f"Worry {n}", anonymous=hidden, **extra)
    return workshop


def steps(*owners: str) -> Workshop:
    workshop = Workshop.in_memory(title="Steps")
    for n, owner in enumerate(owners):
        workshop.add("action", text=f"Step {n}", owner=owner)
    return workshop


def problems(count: int) -> Workshop:
    workshop = Workshop.in_memory(title="Problems")
    for n in range(count):
        workshop.add("problem", text=f"Problem {n}")
    return workshop


def shortlist(*scores: int | None) -> Workshop:
    workshop = Workshop.in_memory(title="Shortlist")
    problem = workshop.add("problem", text="p", baseline="b")
    for n, safety in enumerate(scores):
        readiness = (
            {}
            if safety is None
            else {
                "readiness": {
                    d: {"score": safety if d == "safety" else 5, "note": ""}
                    for d in ("workflow", "volume", "safety")
                }
            }
        )
        workshop.add(
            "idea",
            text=f"Idea {n}",
            problem_ids=[problem.id],
            value=5,
            feasibility=5,
            shortlisted=True,
            owner="Ana",
            success_metric="m",
            **readiness,
        )
    return workshop


CORPUS: list[tuple[str, Callable[[], Workshop], str]] = [
    ("one problem", lambda: problems(1), "1 problem, most votes first"),
    ("two problems", lambda: problems(2), "2 problems, most votes first"),
    ("one anonymous concern", lambda: concerns(True), "1 concern, raised anonymously."),
    ("one named concern", lambda: concerns(False), "1 concern, raised by name."),
    ("all anonymous", lambda: concerns(True, True, True), "3 concerns, all raised anonymously"),
    ("both anonymous", lambda: concerns(True, True), "2 concerns, both raised anonymously"),
    ("none anonymous", lambda: concerns(False, False, False), "3 concerns, none raised"),
    ("some anonymous", lambda: concerns(True, False, True), "3 concerns, 2 raised anonymously"),
    ("one step, owned", lambda: steps("Ana"), "1 next step, with a named owner."),
    ("one step, unowned", lambda: steps(""), "1 next step, without a named owner."),
    ("all owned", lambda: steps(*"ABCDEFG"), "7 next steps, all with a named owner."),
    ("both owned", lambda: steps("A", "B"), "2 next steps, both with a named owner."),
    ("none owned", lambda: steps("", "", ""), "3 next steps, none with a named owner."),
    ("some owned", lambda: steps("A", "", "B"), "3 next steps, 2 with a named owner."),
    ("one ready", lambda: shortlist(5), "1 shortlisted use case: ready."),
    (
        "a mix",
        lambda: shortlist(5, 5, 1),
        "3 shortlisted use cases: 2 ready and 1 blocked.",
    ),
    ("one blocked", lambda: shortlist(1), "Hold 1 until its blockers are resolved."),
    ("two blocked", lambda: shortlist(1, 2), "Hold 2 until their blockers are resolved."),
    ("one unassessed", lambda: shortlist(None), "Test 1 use case for the last mile."),
    (
        "no budget",
        lambda: shortlist(5, 1),
        "No budget is set yet for the 2 shortlisted use cases, so no funding is asked for.",
    ),
    ("one risk", lambda: shortlist(1), "1 risk: 1 last-mile weakness of the shortlist, most"),
    ("one stops", lambda: shortlist(1), "One stops production."),
]


@pytest.mark.parametrize(("case", "build", "sentence"), CORPUS, ids=[c[0] for c in CORPUS])
def test_the_brief_counts_in_words(case: str, build: Callable[[], Workshop], sentence: str) -> None:
    text = said(build())
    assert sentence in text, case
    for wrong in ("1 problems", "1 concerns", "1 next steps", "1 use cases", "0 of 1"):
        assert wrong not in text


@pytest.mark.parametrize(
    ("kinds", "sentence"),
    [
        (["new_value"], "The one idea creates new value."),
        (["automation", "automation"], "Both ideas automate existing work."),
        (["new_value"] * 3, "All 3 ideas create new value."),
        (["automation", "automation", None], "None of the 3 ideas creates new value; 2 automate"),
        (["new_value", "automation", "automation"], "1 of 3 ideas creates new value; 2 automate"),
        # Not "All 18 ideas are not yet classified" (which reads as "not all of them").
        ([None, None], "Neither idea is classified yet as new value or automation."),
        ([None] * 18, "None of the 18 ideas is classified yet as new value or automation."),
    ],
)
def test_the_value_split_in_words(kinds: list[str | None], sentence: str) -> None:
    workshop = Workshop.in_memory(title="Ideas")
    problem = workshop.add("problem", text="p")
    ideas = [
        workshop.add("idea", text=f"i{n}", problem_ids=[problem.id], value_type=kind)
        for n, kind in enumerate(kinds)
    ]
    assert value_split(ideas).sentence().startswith(sentence)  # type: ignore[arg-type]
