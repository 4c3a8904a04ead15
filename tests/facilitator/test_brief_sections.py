"""What a top consultancy's brief always has, read back from the PDF: business cases,
the four last-mile checks, a risk register, where the room stands, a 90-day roadmap
and next steps as a RACI-like table, contents and bookmarks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from reportlab.graphics.shapes import Circle, String

from facilitator.brief import BriefOptions, write_brief
from facilitator.brief.charts import matrix_chart
from facilitator.brief.content import Matrix, brief_content
from facilitator.brief.pdf import look
from facilitator.demo import build_demo
from facilitator.scoring import WorkshopData
from facilitator.workshop import Workshop

ISSUED = date(2026, 11, 20)


def export(workshop: Workshop, tmp_path: Path, **options: object) -> PdfReader:
    target = tmp_path / "brief.pdf"
    write_brief(WorkshopData.of(workshop), target, BriefOptions(issued=ISSUED, **options))  # type: ignore[arg-type]
    return PdfReader(target)


def texts_of(reader: PdfReader) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def section(reader: PdfReader, title: str) -> str:
    """The text of one section, found by its bookmark (sections of a small workshop
    may share a page), up to where the next section's title is."""
    texts = texts_of(reader)
    entries = [e for e in reader.outline if not isinstance(e, list)]
    starts = [(reader.get_destination_page_number(e), e.title) for e in entries]
    index = [t for _, t in starts].index(title)
    first = starts[index][0]
    last, following = starts[index + 1] if index + 1 < len(starts) else (len(texts) - 1, "")
    offsets = [0]
    for text in texts:
        offsets.append(offsets[-1] + len(text) + 1)
    whole = " ".join(texts)
    begin = offsets[first] + texts[first].index(title)
    end = offsets[last] + texts[last].index(following) if following else len(whole)
    return whole[begin:end]


def demo() -> Workshop:
    return build_demo(Workshop.in_memory(title="demo"))


def test_each_use_case_has_a_business_case(tmp_path: Path) -> None:
    use_cases = section(export(demo(), tmp_path), "Use cases")
    # The cost of the problem (as captured), the budget a month and a year, the metric.
    assert (
        "2 Completeness pre-check that tells applicants what is missing the moment they submit "
        "Owner: Helen Marsh Building permit applications wait weeks before anyone checks "
        "they are complete Cost today: ≈ $1.2M a year in delayed construction and re-work "
        "Baseline: Median 23 days from submission to completeness check $6,500 $78,000 "
        "Median days to completeness check from 23 to 3 Shortlisted Ready"
    ) in use_cases
    assert "Draws on: 311 chatbot platform (pilot)" in use_cases
    # Shortlisted, ready and blocked are marked in the ranked table too.
    assert "Shortlisted Blocked" in use_cases and "Shortlisted Needs work" in use_cases


def test_the_four_last_mile_checks_at_a_glance(tmp_path: Path) -> None:
    readiness = section(export(demo(), tmp_path), "Last-mile readiness")
    assert (
        "Solves a named problem Fits the workflow Takes real volume Safe in production Status"
    ) in readiness
    # #7 records requests: a named problem with a baseline, workflow 3, volume 4, safety 1.
    assert (
        "7 Records-request triage that finds, redacts and drafts the response pack "
        "Pass Weak 3/5 Pass 4/5 Fails 1/5 Blocked"
    ) in readiness


def test_a_use_case_without_a_baseline_is_weak_on_its_problem(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Baseline")
    problem = workshop.add("problem", text="Invoices are keyed twice")  # no baseline
    workshop.add("idea", text="Read invoices", problem_ids=[problem.id], shortlisted=True)
    readiness = section(export(workshop, tmp_path), "Last-mile readiness")
    assert "Read invoices Weak Not scored Not scored Not scored Not assessed" in readiness


def test_the_risk_register_joins_blockers_and_concerns_to_the_use_cases(
    tmp_path: Path,
) -> None:
    register = section(export(demo(), tmp_path), "Risk register")
    assert "14 risks: 6 last-mile weaknesses of the shortlist and 8 stakeholder concerns" in (
        register
    )
    # The worst first: a safety score of 1 is severity 5 and blocks; its mitigation
    # is the next step agreed for that use case, with its owner and date.
    first = register[register.index(" 1 Last mile") :][:400]
    assert "Production safety 1/5: A redaction miss" in first
    assert "#7 Records-request triage" in first and "5 Blocks" in first
    assert "Next step: Legal review of automated redaction" in first
    assert "Jonas Weber 29 January 2027" in first
    # A concern linked to a use case, with its mitigation's owner and date.
    assert "Concern · privacy & security Staff are already pasting resident data" in register
    assert "Raj Patel 4 December 2026" in register


def test_anonymous_concerns_have_no_author_in_the_register(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Anonymous")
    secret = workshop.add("participant", name="Quentin Whistleblower", stance="worried")
    problem = workshop.add("problem", text="Calls get lost", baseline="12 a day")
    idea = workshop.add("idea", text="Summarise calls", problem_ids=[problem.id])
    workshop.add("concern", text="We will be replaced", severity=5, idea_ids=[idea.id])
    workshop.add("problem", text="Reports are late", participant_id=secret.id)
    whole = " ".join(texts_of(export(workshop, tmp_path)))
    register = whole[whole.index("Risk register 1 risk") :]
    assert "We will be replaced" in register and "#1 Summarise calls" in register
    assert "Quentin" not in register[: register.index("Appendix")]


def test_where_the_room_stands_names_champions_and_counts_the_rest(tmp_path: Path) -> None:
    people = section(export(demo(), tmp_path), "People and change")
    assert (
        "Champions (2) — Dana Okafor (Chief Operating Officer) and Raj Patel "
        "(Chief Information Officer)"
    ) in people
    assert "Sceptical (2) — Permits & Licensing and Housing Services" in people
    assert "Worried (2) — 311 Resident Services and Public Works" in people
    stances = people[people.index("Where the room stands") : people.index("Champions are named")]
    for sceptic in ("Helen Marsh", "Priya Nair", "Kevin O'Brien", "Tomás Ruiz"):
        # Named elsewhere for what they own or said openly, never with their stance.
        assert sceptic not in stances


def test_a_90_day_roadmap_and_next_steps_as_a_raci_table(tmp_path: Path) -> None:
    steps = section(export(demo(), tmp_path), "Next steps")
    # The workshop was on 19 November 2026: day 30 is 19 December, day 60 18 January.
    assert "Days 1–30: Decide and start (20 November 2026 to 19 December 2026)" in steps
    assert "Days 31–60: Pilot in the real workflow (20 December 2026 to 18 January 2027)" in (steps)
    assert "Days 61–90: Production gate (19 January 2027 to 17 February 2027)" in steps
    # A ready use case pilots by day 30 and passes its production gate by day 60.
    assert "19 December 2026 Pilot live in the real workflow Raj Patel #1 Monthly seat" in steps
    assert "18 January 2027 Production go / no-go Raj Patel #1 Monthly seat" in steps
    # A blocked one resolves its blocker first and is not in production within 90 days.
    assert "Resolve the blocker: Production safety 1/5 Jonas Weber #7" in steps
    # Responsible, accountable, due, status (issued 20 November: 4 December is soon).
    assert "Next step Responsible Accountable Due Status Use case" in steps
    assert (
        "1 Publish the one-page AI use guide and switch on data-loss rules Raj Patel Raj Patel "
        "4 December 2026 Due soon #3"
    ) in steps
    assert (
        "4 Convene the joint labour–management AI committee Dana Okafor — 18 December 2026 Open"
        in (steps)
    )
    assert "7 next steps, all with a named owner." in steps


def test_a_next_step_past_its_date_is_overdue(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Late")
    workshop.add("action", text="Send the invoices", owner="Ana", due="2026-11-01")
    workshop.add("action", text="Nobody's job", due="2026-12-30")
    steps = section(export(workshop, tmp_path), "Next steps")
    assert "Send the invoices Ana — 1 November 2026 Overdue" in steps
    assert "Nobody's job No owner — 30 December 2026 No owner" in steps
    assert "2 next steps, 1 with a named owner." in steps


def test_contents_on_the_cover_and_bookmarks_for_every_section(tmp_path: Path) -> None:
    reader = export(demo(), tmp_path)
    texts = texts_of(reader)
    cover = texts[0]
    assert "Issued 20 November 2026 · Version 1" in cover
    titles = ["Executive summary", "Problem inventory", "Use cases", "Last-mile readiness"]
    titles += ["Risk register", "People and change", "Cost accountability", "Next steps"]
    titles += ["Appendix"]
    for title in titles:
        start = next(n for n, t in enumerate(texts) if n and t.startswith(title)) + 1
        assert f"{title} {start}" in cover  # the page number printed is where it starts
    outline = reader.outline
    top = [entry.title for entry in outline if not isinstance(entry, list)]
    assert top == titles
    # Each bookmark opens its section's page.
    for entry in (e for e in outline if not isinstance(e, list)):
        page = reader.get_destination_page_number(entry)
        assert texts[page].startswith(entry.title)
    nested = [e.title for group in outline if isinstance(group, list) for e in group]
    assert "Business cases" in nested and "The seat decision" in nested


def test_the_version_is_the_consultants(tmp_path: Path) -> None:
    cover = texts_of(export(demo(), tmp_path, version="2.1 (final)"))[0]
    assert "Issued 20 November 2026 · Version 2.1 (final)" in cover


def test_a_short_brief_has_no_contents(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Tiny")
    problem = workshop.add("problem", text="Invoices are keyed twice", baseline="2 h a day")
    workshop.add("idea", text="Read invoices on arrival", problem_ids=[problem.id])
    texts = texts_of(export(workshop, tmp_path))
    assert "Contents" not in texts[0]
    assert len(texts) <= 5


def test_the_matrix_rings_the_shortlist_and_numbers_only_the_top_when_crowded() -> None:
    workshop = Workshop.in_memory(title="Crowded")
    problem = workshop.add("problem", text="p", baseline="b")
    for n in range(40):
        workshop.add(
            "idea",
            text=f"Idea {n}",
            problem_ids=[problem.id],
            value=n % 5 + 1,
            feasibility=(n * 3) % 5 + 1,
            shortlisted=n in (3, 30),
        )
    brief = brief_content(WorkshopData.of(workshop), issued=ISSUED)
    (matrix,) = [b for s in brief.sections for b in s.blocks if isinstance(b, Matrix)]
    labelled = [p for p in matrix.points if p.labelled]
    assert len(matrix.points) == 40 and len(labelled) < 15
    assert {p.label for p in matrix.points if p.shortlisted} == {"Idea 3", "Idea 30"}
    assert all(p.labelled for p in matrix.points if p.shortlisted)
    drawing = matrix_chart(matrix.points, 480, look("#1F4E79").accent)
    numbers = {s.text for s in drawing.contents if isinstance(s, String) and s.text.isdigit()}
    ranks = {str(p.rank) for p in labelled}
    assert ranks <= numbers  # every labelled point is numbered (axis numbers aside)
    rings = [c for c in drawing.contents if isinstance(c, Circle) and c.fillColor is None]
    assert len(rings) == 2  # one ring per shortlisted use case
    assert "small dots" in matrix.caption
