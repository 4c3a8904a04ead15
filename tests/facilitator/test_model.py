"""The field rules every record obeys, with the messages a consultant will read."""

from __future__ import annotations

from typing import Any

import pytest

from facilitator.model import (
    KINDS,
    MAX_TEXT,
    SCHEMA_VERSION,
    TABLES,
    Concern,
    Idea,
    Kind,
    Licence,
    Note,
    Problem,
    Readiness,
    ValidationError,
    WorkshopMeta,
    check_value,
    is_uuid,
    new_id,
    parse_text,
    record_type,
)
from facilitator.workshop import Workshop


def problem(**values: object) -> Problem:
    return Problem.build({"text": "Invoices are keyed twice", **values})


@pytest.mark.parametrize("impact", [1, 3, 5, None])
def test_scores_within_one_to_five_are_accepted(impact: int | None) -> None:
    assert problem(impact=impact).impact == impact


@pytest.mark.parametrize("impact", [0, 6, -1, 2.5, "high", True])
def test_scores_out_of_range_are_refused_with_field_and_value(impact: object) -> None:
    with pytest.raises(ValidationError) as caught:
        problem(impact=impact)
    message = str(caught.value)
    assert message.startswith("impact: expected a whole number from 1 to 5, found ")


def test_unknown_field_names_the_field_and_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError) as caught:
        problem(impcat=4)
    assert "problem: unknown field 'impcat'" in str(caught.value)
    assert "impact" in str(caught.value)
    assert "created_at" not in str(caught.value)  # not something a person sets


def test_unknown_field_in_a_stored_record_is_refused() -> None:
    doc = problem().to_json()
    doc["colour"] = "red"
    with pytest.raises(ValidationError, match="unknown field 'colour'"):
        Problem.from_json(doc)


def test_text_is_required_and_blank_text_does_not_count() -> None:
    with pytest.raises(ValidationError, match="text: is required"):
        Problem.build({"text": "   "})
    with pytest.raises(ValidationError, match="text: is required"):
        Problem.build({})


def test_a_record_round_trips_through_json_unchanged() -> None:
    original = Idea.build(
        {
            "text": "Pre-check permits",
            "problem_ids": [new_id()],
            "value_type": "new_value",
            "value": 5,
            "feasibility": 3,
            "monthly_budget": 1500,
            "readiness": {"workflow": {"score": 4, "note": "in the portal"}},
        }
    )
    assert Idea.from_json(original.to_json()) == original
    assert original.readiness.workflow.score == 4
    assert original.readiness.safety.score is None


def test_hostile_text_is_stored_exactly_as_typed() -> None:
    start = "<b>bold</b> & <img src=x> \x07 שלום 😀 "
    typed = start + "x" * (MAX_TEXT - len(start))  # as long as a card may be
    assert problem(who=typed).who == typed


def test_choices_are_checked_and_listed() -> None:
    with pytest.raises(ValidationError) as caught:
        Concern.build({"text": "Jobs", "category": "fear"})
    assert "category: expected one of jobs, skills, trust" in str(caught.value)


def test_concerns_are_anonymous_by_default() -> None:
    assert Concern.build({"text": "Will my job go?"}).anonymous is True


@pytest.mark.parametrize("due", ["2026-02-30", "30/01/2026", "tomorrow"])
def test_dates_must_be_real_iso_dates(due: str) -> None:
    with pytest.raises(ValidationError, match="due: expected"):
        record_type("action").build({"text": "Call the CIO", "due": due})


def test_money_and_shares_have_floors_and_ceilings() -> None:
    with pytest.raises(ValidationError, match="price_per_seat_month: expected an amount"):
        Licence.build({"tool": "Assistant", "price_per_seat_month": -1})
    with pytest.raises(ValidationError, match="active_share: expected a share from 0 to 1"):
        Licence.build({"tool": "Assistant", "active_share": 1.5})
    with pytest.raises(ValidationError, match="price_per_seat_month"):
        Licence.build({"tool": "Assistant", "price_per_seat_month": float("nan")})
    # Ceilings keep the brief's sums finite (10**400 seats overflowed a float).
    with pytest.raises(ValidationError, match="seats: expected a whole number from 0 to"):
        Licence.build({"tool": "Assistant", "seats": 10**400})
    with pytest.raises(ValidationError, match="price_per_seat_month: expected an amount from 0"):
        Licence.build({"tool": "Assistant", "price_per_seat_month": 1e308})


def test_licence_cost_is_seats_times_price() -> None:
    licence = Licence.build({"tool": "Assistant", "seats": 5000, "price_per_seat_month": 200})
    assert licence.monthly_cost == 1_000_000
    # Until the price is known, so is the cost: unknown, not free.
    assert Licence.build({"tool": "Assistant", "seats": 5000}).monthly_cost is None


def test_ids_and_timestamps_are_set_by_the_app() -> None:
    record = problem()
    assert is_uuid(record.id)
    assert record.created_at.endswith("Z")
    with pytest.raises(ValidationError, match="id: is set by the app"):
        record.changed({"id": new_id()})


def test_changed_moves_updated_at_but_keeps_created_at() -> None:
    record = problem()
    later = record.changed({"impact": 2})
    assert later.created_at == record.created_at
    assert later.updated_at >= record.updated_at
    assert later.impact == 2 and record.impact is None  # records are immutable


def test_readiness_rejects_unknown_parts_and_bad_scores() -> None:
    with pytest.raises(ValidationError, match="unknown part 'speed'"):
        Readiness.from_json({"speed": {"score": 3}})
    with pytest.raises(ValidationError, match=r"readiness.safety.score: expected a whole number"):
        Readiness.from_json({"safety": {"score": 9, "note": ""}})
    updated = Readiness().with_rating("volume", score=2, note="200 a day")
    assert updated.volume.score == 2 and updated.volume.note == "200 a day"


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (Kind.SCORE, "4", 4),
        (Kind.MONEY, "$1,250.50", 1250.5),
        (Kind.MONEY, "200", 200.0),
        (Kind.SHARE, "35%", 0.35),
        (Kind.SHARE, "0.4", 0.4),
        (Kind.BOOL, "yes", True),
        (Kind.BOOL, "no", False),
        (Kind.TEXTS, "Ana, Bo; Cy", ["Ana", "Bo", "Cy"]),
        (Kind.CURRENCY, "usd", "USD"),
        (Kind.DATE, " 2026-11-19 ", "2026-11-19"),
    ],
)
def test_typed_text_becomes_a_value(kind: Kind, text: str, expected: object) -> None:
    from facilitator.model import FieldSpec

    assert parse_text(FieldSpec("field", kind, "Field"), text) == expected


def test_unparseable_text_names_what_was_expected() -> None:
    from facilitator.model import FieldSpec

    with pytest.raises(ValidationError, match="impact: expected a whole number, found 'high'"):
        parse_text(FieldSpec("impact", Kind.SCORE, "Impact"), "high")


def test_every_table_has_a_type_and_a_kind() -> None:
    assert set(TABLES) == {
        "meta",
        "agenda",
        "participants",
        "problems",
        "ideas",
        "concerns",
        "actions",
        "licences",
        "votes",
        "notes",
    }
    assert {"problem", "idea", "concern", "action", "licence", "participant", "note"} <= set(KINDS)
    with pytest.raises(ValidationError, match="unknown kind 'problme'"):
        record_type("problme")


def test_workshop_meta_defaults() -> None:
    meta = WorkshopMeta.build({"title": "AI day"})
    assert meta.schema_version == SCHEMA_VERSION
    assert meta.currency == "EUR"
    with pytest.raises(ValidationError, match="currency: expected a three-letter"):
        meta.changed({"currency": "Euro"})


def test_check_value_of_required_missing_field() -> None:
    spec = Problem.field_specs()["text"]
    with pytest.raises(ValidationError, match="text: is required"):
        check_value(spec, None)


# --- sizes and shapes a person or a crafted file can give (issue 12) --------------------


def test_a_card_holds_at_most_20000_characters_whatever_the_channel() -> None:
    workshop = Workshop.in_memory(title="Limits")
    longest = "x" * MAX_TEXT
    card = workshop.add("note", text=longest)
    with pytest.raises(ValidationError) as caught:
        workshop.add("problem", text="x" * 10_000_000)  # 10 MB notes used to import
    assert str(caught.value) == (
        "text: is 10,000,000 characters; at most 20,000 fit on a card "
        "(put a long document in a file and note where it is)"
    )
    with pytest.raises(ValidationError, match=r"^mitigation: is 20,001 characters"):
        workshop.add("concern", text="Jobs", mitigation="m" * (MAX_TEXT + 1))
    with pytest.raises(ValidationError, match=r"^text: is 20,001 characters"):
        workshop.update(card.id, text=longest + "x")
    problem_ = workshop.add("problem", text="P")
    idea = workshop.add("idea", text="I", problem_ids=[problem_.id])
    with pytest.raises(ValidationError, match=r"^readiness\.safety\.note: is 20,001 characters"):
        workshop.update(idea.id, readiness={"safety": {"score": 2, "note": "n" * (MAX_TEXT + 1)}})
    with pytest.raises(ValidationError, match=r"^facilitators: is 20,001 characters"):
        workshop.update_meta(facilitators=["f" * (MAX_TEXT + 1)])
    assert workshop.get(card.id).text == longest  # type: ignore[attr-defined]
    assert workshop.counts()["problems"] == 1 and workshop.counts()["concerns"] == 0


def test_a_file_written_before_the_limit_still_opens_with_its_long_text() -> None:
    stamp = "2025-01-01T00:00:00.000Z"
    doc = {"id": new_id(), "created_at": stamp, "updated_at": stamp, "text": "y" * 100_000}
    assert Note.from_json(doc).text == "y" * 100_000


def test_branding_nested_900_deep_is_refused_with_a_reason_not_a_recursion_error() -> None:
    deep: dict[str, Any] = {}
    inner = deep
    for _ in range(900):
        inner["x"] = {}
        inner = inner["x"]
    with pytest.raises(ValidationError) as caught:
        WorkshopMeta.build({"title": "T", "branding": deep})
    assert str(caught.value) == (
        "branding: is nested more than 32 levels deep; a workshop's settings never are"
    )
    listed: list[Any] = []
    for _ in range(100_000):
        listed = [listed]
    with pytest.raises(ValidationError, match="nested more than 32 levels deep"):
        WorkshopMeta.build({"title": "T", "branding": {"logo": listed}})
