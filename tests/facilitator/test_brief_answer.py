"""The brief leadership decides from: the answer page, the seat decision, the money.

Each test builds a workshop, exports the brief and reads the PDF back (pypdf);
figures are worked out here by hand, never taken from the code under test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from facilitator.brief import BriefOptions, write_brief
from facilitator.brief.content import brief_content
from facilitator.demo import build_demo
from facilitator.numbers import percent
from facilitator.scoring import WorkshopData
from facilitator.workshop import Workshop

ISSUED = date(2026, 11, 20)
OPTIONS = BriefOptions(issued=ISSUED)


def pages(workshop: Workshop, tmp_path: Path, **options: Any) -> list[str]:
    target = tmp_path / "brief.pdf"
    write_brief(WorkshopData.of(workshop), target, BriefOptions(issued=ISSUED, **options))
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(target).pages]


def demo() -> Workshop:
    return build_demo(Workshop.in_memory(title="demo"))


def city(active_share: float = 0.35) -> Workshop:
    """The article's city: 5,000 seats × $200 = $1,000,000 a month."""
    workshop = Workshop.in_memory(title="The city", client="A city", currency="USD")
    workshop.add(
        "licence",
        tool="AI assistant",
        seats=5000,
        price_per_seat_month=200,
        active_share=active_share,
    )
    return workshop


def add_case(workshop: Workshop, text: str, **fields: Any) -> str:
    problem = workshop.add("problem", text=f"Problem behind {text}", baseline="measured")
    return workshop.add("idea", text=text, problem_ids=[problem.id], **fields).id


READY = {
    "workflow": {"score": 4, "note": ""},
    "volume": {"score": 5, "note": ""},
    "safety": {"score": 4, "note": ""},
}


def test_page_two_answers_first_for_the_demo(tmp_path: Path) -> None:
    summary = pages(demo(), tmp_path)[1]
    assert summary.startswith("Executive summary")
    # The answer in one sentence, before anything else is explained.
    assert (
        "Approve 2 use cases for production, fund 1 pilot, hold 2 until their blockers "
        "are resolved and decide on 4,280 idle seats that cost $825,400 a month."
    ) in summary
    # Five decisions, ready first: decision, owner, money, status.
    order = [
        summary.index(name)
        for name in ("Monthly seat review", "Completeness pre-check", "One intake form")
    ]
    assert order == sorted(order)
    assert "Approve for production Raj Patel $500 Ready" in summary
    assert "Fund a pilot; before production close: Production safety 3/5 Priya Nair" in summary
    # A blocked decision names its blocker in one line.
    assert "Blocked by Production safety 1/5: A redaction miss would release" in summary
    # The funding ask with its split by readiness.
    assert (
        "Funding asked: $26,500 a month ($318,000 a year) for 5 shortlisted use cases: "
        "2 ready ($7,000), 1 needing work ($3,000) and 2 blocked ($16,500 — held until "
        "unblocked)."
    ) in summary


def test_the_seat_decision_is_idle_seats_times_price(tmp_path: Path) -> None:
    summary = pages(demo(), tmp_path)[1]
    # 5,000 seats, 18 % active: 4,100 idle × $200 = $820,000 a month, $9,840,000 a year;
    # the transcription add-on adds 180 idle × $30.
    assert "4,280 idle seats cost $825,400 a month, $9,904,800 a year" in summary
    assert "4,100 of them on Premium AI assistant — all employees ($820,000 a month)" in summary
    for option in ("Cancel", "Reassign", "Keep for named use cases"):
        assert f"{option} —" in summary
    assert "Cancel the 4,280 idle seats at the next renewal. Saves $825,400 a month" in summary


def test_page_two_and_the_spend_pages_agree_on_the_licences_use_cases_draw_on(
    tmp_path: Path,
) -> None:
    """The demo's page 2 said "2 use cases name a licence they draw on" and its cost
    page "3 of the 7 accounted use cases name the licence it draws on": three use
    cases name one (two of them the all-employee seats, one the 311 pilot, which has
    no idle seat). Each page says what it counts, in agreeing numbers."""
    texts = pages(demo(), tmp_path)
    assert (
        "Keep for named use cases — Keep the seats a named use case with an owner uses; "
        "cancel the rest. 2 use cases draw on a licence with idle seats; the saving is the "
        "idle seats no use case needs."
    ) in texts[1]
    spend = " ".join(t for t in texts if t.startswith("Cost accountability"))
    assert "3 of the 7 accounted use cases name the licence they draw on; the others" in spend


def test_the_articles_city(tmp_path: Path) -> None:
    texts = pages(city(), tmp_path)
    summary = texts[1]
    # 35 % of 5,000 seats active: 3,250 idle × $200.
    assert (
        "3,250 of the 5,000 seats (AI assistant) are idle: $650,000 a month, $7,800,000 a year."
        in (summary)
    )
    assert "$1,000,000" in summary
    spend = next(t for t in texts if t.startswith("Cost accountability"))
    assert "AI assistant 5,000 $200 $1,000,000 35 % 1,750 3,250 $571.43" in spend


def test_a_share_above_100_percent_is_told_as_it_is(tmp_path: Path) -> None:
    workshop = city()
    for n, budget in enumerate((1_000_000, 1_150_000)):
        add_case(workshop, f"Case {n}", owner="Ana", success_metric="m", monthly_budget=budget)
    whole = " ".join(t for t in pages(workshop, tmp_path) if not t.startswith("Appendix"))
    assert "$2,150,000 (215 %) is accounted" in whole
    assert "the use-case budgets exceed the licence spend by $1,150,000 a month" in whole
    assert "(100 %)" not in whole and "(0 %)" not in whole and "unaccounted" not in whole
    assert "$1,150,000 budgeted beyond the licence spend" in whole


def test_unit_prices_keep_their_cents_and_totals_add_up(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Cents", currency="USD")
    workshop.add("licence", tool="Pro", seats=5, price_per_seat_month=1999.99, active_share=1)
    workshop.add("licence", tool="Basic", seats=3, price_per_seat_month=0.5, active_share=1)
    spend = next(t for t in pages(workshop, tmp_path) if t.startswith("Cost accountability"))
    # $9,999.95 + $1.50 = $10,001.45: whole dollars in the column, adding up to the total.
    assert "Pro 5 $1,999.99 $10,000" in spend
    assert "Basic 3 $0.50 $1" in spend
    assert "Total 8 $10,001" in spend
    assert "$2,000 " not in spend


def test_half_a_unit_rounds_up_and_the_rows_add_up_to_the_total_everywhere(
    tmp_path: Path,
) -> None:
    """1,250 seats × €1,999.99 = €2,499,987.50 and 7 × €25 = €175: €2,500,162.50 a
    month. The rows rounded to €2,499,988 and €175 (adding up to €2,500,163) above a
    total of €2,500,162, and the tiles and the answer said €2,500,162: Python rounds
    a half to even, a reader rounds it up."""
    workshop = Workshop.in_memory(title="Halves", currency="EUR")
    workshop.add("licence", tool="Copilot", seats=1250, price_per_seat_month=1999.99)
    workshop.add("licence", tool="Chat", seats=7, price_per_seat_month=25)
    texts = pages(workshop, tmp_path)
    spend = next(t for t in texts if t.startswith("Cost accountability"))
    assert "Copilot 1,250 €1,999.99 €2,499,988" in spend
    assert "Chat 7 €25 €175" in spend
    assert "Total 1,257 €2,500,163" in spend
    assert "€2,500,163 spent a month" in spend
    assert "€2,500,162" not in " ".join(texts)


def test_rows_add_up_to_the_total_and_nothing_is_divided_by_a_shown_zero(
    tmp_path: Path,
) -> None:
    workshop = Workshop.in_memory(title="Rounding", currency="USD")
    # 3.6 + 3.6 + 3.8 active users = 11: rounded one by one they would show 4 + 4 + 4.
    for tool, share in (("A", 0.36), ("B", 0.36), ("C", 0.38)):
        workshop.add("licence", tool=tool, seats=10, price_per_seat_month=75, active_share=share)
    # 1 seat, 30 % used: 0.3 active users, shown as 0 — so no cost per active user.
    workshop.add("licence", tool="D", seats=1, price_per_seat_month=75, active_share=0.3)
    spend = next(t for t in pages(workshop, tmp_path) if t.startswith("Cost accountability"))
    # Largest remainder: the two largest fractions (.8, then the first .6) round up.
    assert "A 10 $75 $750 36 % 4 6 $187.50" in spend
    assert "B 10 $75 $750 36 % 3 7 $250" in spend
    assert "C 10 $75 $750 38 % 4 6 $187.50" in spend
    assert "Total 31 $2,325 11 20" in spend  # 4 + 3 + 4 + 0 = 11
    assert "D 1 $75 $75 30 % 0 1 —" in spend  # never $75 per active user beside 0 users


def test_more_shortlisted_than_the_page_shows_says_how_many_and_where(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Many")
    for n in range(18):
        add_case(workshop, f"Case {n:02d}", value=5, feasibility=5, shortlisted=True)
    texts = pages(workshop, tmp_path)
    assert "+13 more shortlisted" in texts[1]
    readiness = next(n for n, t in enumerate(texts) if t.startswith("Last-mile readiness"))
    assert f"+13 more shortlisted (page {readiness + 1})" in texts[1]


def test_a_use_case_nobody_assessed_is_not_assessed(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Unassessed")
    add_case(workshop, "Read invoices", value=4, feasibility=4, shortlisted=True)
    texts = pages(workshop, tmp_path)
    body = " ".join(t for t in texts if not t.startswith("Appendix"))
    assert "Not assessed" in body and "Needs work" not in body
    assert "Test the last mile before funding it" in texts[1]
    assert "Test 1 use case for the last mile." in texts[1]


def test_accounted_spend_is_split_by_readiness_and_the_assumption_is_stated(
    tmp_path: Path,
) -> None:
    workshop = city()
    (line,) = workshop.records("licences")
    add_case(
        workshop,
        "Ready case",
        owner="Ana",
        success_metric="m",
        monthly_budget=1000,
        readiness=READY,
        licence_id=line.id,
    )
    add_case(
        workshop,
        "Blocked case",
        owner="Bo",
        success_metric="m",
        monthly_budget=4000,
        readiness={"safety": {"score": 1, "note": "leaks"}},
    )
    texts = pages(workshop, tmp_path)
    spend = " ".join(t for t in texts if t.startswith("Cost accountability"))
    assert "Ready 1 $1,000 $12,000" in spend and "Blocked 1 $4,000 $48,000" in spend
    assert "Accounted 2 $5,000 $60,000" in spend
    assert (
        "Assumption: use-case budgets are paid from the licences already bought, not new "
        "money. 1 of the 2 accounted use cases names the licence it draws on; the others are "
        "counted against the licence spend as a whole. If the budgets were new money, AI "
        "spend would rise to $1,005,000 a month."
    ) in spend
    use_cases = " ".join(t for t in texts if "Business cases" in t)
    assert "Ready case Owner: Ana Draws on: AI assistant" in use_cases


def test_the_content_is_typed_and_carries_the_text_it_prints() -> None:
    brief = brief_content(WorkshopData.of(demo()), issued=ISSUED)
    found = brief.findings
    assert found is not None
    assert found.answer.seats.idle.value == 4280 and found.answer.seats.idle.text == "4,280"
    assert found.answer.funding.total.value == 26_500
    assert [r.status_text for r in found.answer.recommendations] == [
        "Ready",
        "Ready",
        "Needs work",
        "Blocked",
        "Blocked",
    ]
    assert len(found.last_mile) == 5 and all(len(m.checks) == 4 for m in found.last_mile)
    assert found.spend.total.text == "$1,024,000"


def test_the_command_line_says_which_licence_a_use_case_draws_on(
    tmp_path: Path, capsys: Any
) -> None:
    from facilitator.cli import main

    path = tmp_path / "city.workshop.json"
    assert main(["new", str(path), "--title", "City", "--currency", "USD"]) == 0
    assert main(["add", str(path), "licence", "AI assistant", "--set", "seats=5000"]) == 0
    licence = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["add", str(path), "problem", "Reports are late", "--set", "baseline=5 days"]) == 0
    problem = capsys.readouterr().out.strip().splitlines()[-1]
    status = main(
        [
            "add",
            str(path),
            "idea",
            "Draft the reports",
            "--set",
            f"problem_ids={problem[:8]}",
            "--set",
            f"licence_id={licence[:8]}",  # an id prefix, as for any link
            "--set",
            "owner=Ana",
            "--set",
            "monthly_budget=800",
        ]
    )
    assert status == 0, capsys.readouterr().err
    target = tmp_path / "brief.pdf"
    assert main(["export", str(path), "-o", str(target)]) == 0
    whole = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(target).pages)
    assert "Draft the reports Owner: Ana Draws on: AI assistant" in whole


def test_a_mandate_made_from_notes_keeps_one_note_a_line_in_every_format(
    tmp_path: Path,
) -> None:
    from docx import Document
    from pptx import Presentation

    from facilitator.agenda import add_exercise, notes_into_objective
    from facilitator.exports import export
    from facilitator.operations import capture
    from facilitator.templates import load_library

    workshop = Workshop.in_memory(title="Mandate", objective="The CEO wants a plan")
    mandate = add_exercise(workshop, load_library(include_user=False).template("mandate-check"))
    notes = ["Budget is fixed", "Board meets in March", "Staff are overloaded"]
    for note in notes:
        capture(workshop, mandate.id, note)
    notes_into_objective(workshop, mandate, after=True)
    said = ["The CEO wants a plan", *notes]
    data = WorkshopData.of(workshop)

    def each_on_its_own_line(text: str) -> None:
        lines = [line.strip(" *") for line in text.splitlines()]
        first = next(n for n, line in enumerate(lines) if said[0] in line)
        # One note a line, in the order said — never "plan Budget is fixed Board meets".
        assert lines[first].endswith(said[0]), lines[first]
        assert lines[first + 1 : first + len(said)] == said[1:], lines[first : first + 4]

    pdf = export(data, tmp_path / "brief.pdf", "pdf", OPTIONS)
    each_on_its_own_line(PdfReader(pdf).pages[1].extract_text() or "")
    each_on_its_own_line(export(data, tmp_path / "brief.md", "md", OPTIONS).read_text())
    document = Document(str(export(data, tmp_path / "brief.docx", "docx", OPTIONS)))
    each_on_its_own_line("\n".join(p.text for p in document.paragraphs))
    deck = Presentation(str(export(data, tmp_path / "deck.pptx", "pptx", OPTIONS)))
    each_on_its_own_line(
        "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    )


def test_a_share_of_half_a_unit_rounds_up_like_money_and_the_rest_adds_up(
    tmp_path: Path,
) -> None:
    """$4,500 of the city's $1,000,000 printed "0.4 %" (Python rounds a half to even, and
    0.0045 × 100 is 0.4499… in binary) though money rounds half a unit up; rounded
    alone, the unaccounted 99.55 % would then read 99.6 %, and the two 100.1 %."""
    workshop = city()
    add_case(
        workshop,
        "Seat review",
        owner="Finance",
        success_metric="m",
        monthly_budget=4500,
        shortlisted=True,
        readiness=READY,
    )
    texts = [page.replace("\u00a0", " ") for page in pages(workshop, tmp_path)]
    assert "0.5 % of it accounted" in texts[1]
    # The rest is what the shown share leaves: 0.5 % + 99.5 %, not 0.5 % + 99.6 %.
    (spend,) = [page for page in texts if page.startswith("Cost accountability")]
    assert "accounted to owned use cases (0.5 %)" in spend
    assert "unaccounted (99.5 %)" in spend
    assert "$4,500 (0.5 %) is accounted" in spend and "$995,500 (99.5 %) unaccounted" in spend
    assert percent(0.0045) == "0.5\u00a0%" and percent(0.025) == "3\u00a0%"
    assert percent(0.125) == "13\u00a0%" and percent(0.135) == "14\u00a0%"
