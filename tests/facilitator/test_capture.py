"""The quick-capture line's marks: #group, !score, @author."""

from __future__ import annotations

import pytest

from facilitator.capture import hint_for, parse_quick, person_name
from facilitator.model import ValidationError


def test_marks_set_fields_and_the_rest_is_the_text() -> None:
    typed = parse_quick("Invoices are keyed twice #finance !4 @ana", "problem")
    assert typed.text == "Invoices are keyed twice"
    assert typed.fields == {"text": "Invoices are keyed twice", "group": "finance", "impact": 4}
    assert typed.author == "ana"


@pytest.mark.parametrize(
    ("kind", "field"), [("problem", "impact"), ("idea", "value"), ("concern", "severity")]
)
def test_the_score_mark_means_the_kinds_main_score(kind: str, field: str) -> None:
    assert parse_quick("x !3", kind).fields[field] == 3


def test_marks_that_do_not_apply_stay_in_the_text() -> None:
    typed = parse_quick("Call #42 before Friday!!! and email me@example.com", "action")
    assert typed.text == "Call #42 before Friday!!! and email me@example.com"
    assert typed.author is None
    assert parse_quick("Budget #2027", "licence").fields == {"tool": "Budget #2027"}


def test_line_breaks_and_unicode_are_kept() -> None:
    typed = parse_quick("Zoë's team in Łódź\nwaits 3 days #Ops_Team", "problem")
    assert typed.text == "Zoë's team in Łódź\nwaits 3 days"
    assert typed.fields["group"] == "Ops Team"


def test_bad_scores_and_empty_lines_are_refused() -> None:
    with pytest.raises(ValidationError, match="a score goes from 1 to 5"):
        parse_quick("x !9", "problem")
    with pytest.raises(ValidationError, match="nothing to capture"):
        parse_quick("  #group !3 ", "problem")


def test_the_hint_offers_only_the_marks_that_mean_something() -> None:
    assert hint_for("problem") == (
        "Enter saves · Shift+Enter new line · #group · !1–5 impact · @name who said it"
    )
    assert hint_for("concern").endswith("!1–5 severity · @name named, not anonymous")
    assert hint_for("action").endswith("@name its owner")
    assert hint_for("licence") == "Enter saves · Shift+Enter new line"


def test_at_in_a_licence_line_is_just_text() -> None:
    parsed = parse_quick("Seats for @support team", "licence")
    assert parsed.author is None and parsed.text == "Seats for @support team"


def test_a_name_after_the_at_sign_is_written_as_a_name() -> None:
    assert person_name("maria_lopez") == "Maria Lopez"
    assert person_name("bruno") == "Bruno"
    assert person_name("McKay") == "McKay"  # capitals typed are kept
    assert person_name("van_der_Berg") == "van der Berg"


def test_a_hash_on_a_concern_names_its_category() -> None:
    typed = parse_quick("Staff paste resident data into it #privacy !5", "concern")
    assert typed.text == "Staff paste resident data into it"
    assert typed.fields["category"] == "privacy_security"
    assert parse_quick("Who checks it? #security", "concern").fields["category"] == (
        "privacy_security"  # any word of the category
    )
    assert parse_quick("Cut? #JOBS", "concern").fields["category"] == "jobs"
    # A #word that names no category is part of what was said.
    assert parse_quick("Staff fear #AI will replace them", "concern").text == (
        "Staff fear #AI will replace them"
    )
    with pytest.raises(ValidationError, match="#s could be skills or privacy & security"):
        parse_quick("Who checks it? #s", "concern")  # kept in the line, to be fixed
    assert "#category (#jobs, #trust …)" in hint_for("concern")


def test_a_full_name_after_the_at_sign_is_taken_whole() -> None:
    names = ["Maria Lopez", "Ana Silva"]
    typed = parse_quick("Brief the board @Maria Lopez by Friday", "action", names)
    assert (typed.text, typed.author) == ("Brief the board by Friday", "Maria_Lopez")
    assert parse_quick("Quotes are slow @maria lopez", "problem", names).author == "Maria_Lopez"
    # In the middle of a line only a whole known name is taken: "Lopezz" is not
    # hers, and the capitalised words after a first name may be what was said.
    other = parse_quick("Brief @Maria Lopezz and the board", "action", names)
    assert (other.text, other.author) == ("Brief Lopezz and the board", "Maria")


def test_a_first_name_and_surname_at_the_end_of_the_line_is_one_name() -> None:
    """Typed as the room talks, "… @Anna Berg" names Anna Berg even when she is
    new: her surname must not be left in the card's text (it reaches the wall and
    the brief)."""
    typed = parse_quick("A competitor launched a chatbot @Anna Berg", "problem", [])
    assert (typed.text, typed.author) == ("A competitor launched a chatbot", "Anna_Berg")
    marked = parse_quick("Slow permits @Anna Berg #permits !4", "problem", [])
    assert (marked.text, marked.author) == ("Slow permits", "Anna_Berg")
    assert marked.fields["group"] == "permits" and marked.fields["impact"] == 4
    first_line = parse_quick("Licences idle @Tom Reyes\nsince May", "note", ["Tom"])
    assert (first_line.text, first_line.author) == ("Licences idle\nsince May", "Tom_Reyes")
    # Written in lower case, a name is one word (@first_last joins two).
    assert parse_quick("Quotes are slow @anna berg", "problem", []).text == "Quotes are slow berg"
