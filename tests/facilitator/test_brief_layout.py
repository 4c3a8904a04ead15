"""Layout that holds at any size, read back from the PDF: figures whole, rows whole,
an accent readers can read, a short brief for a small workshop, one style of date,
minus sign and percent."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from facilitator.brief import BriefOptions, write_brief
from facilitator.brief.pdf import contrast_with_white, readable_accent
from facilitator.demo import build_demo
from facilitator.scoring import WorkshopData
from facilitator.workshop import Workshop

ISSUED = date(2026, 11, 20)


def export(workshop: Workshop, tmp_path: Path, **options: object) -> list[str]:
    """The text of each page, lines as pypdf reads them."""
    target = tmp_path / "brief.pdf"
    write_brief(WorkshopData.of(workshop), target, BriefOptions(issued=ISSUED, **options))  # type: ignore[arg-type]
    return [p.extract_text() or "" for p in PdfReader(target).pages]


def test_no_figure_wraps_inside_itself(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Big numbers", currency="USD")
    workshop.add(
        "licence", tool="Assistant", seats=60_000, price_per_seat_month=200, active_share=0.4
    )
    problem = workshop.add("problem", text="p", baseline="b")
    workshop.add(
        "idea",
        text="A use case with a large budget",
        problem_ids=[problem.id],
        owner="Ana",
        success_metric="m",
        monthly_budget=500_005.25,
        shortlisted=True,
        value=5,
        feasibility=5,
    )
    texts = export(workshop, tmp_path)
    whole = "\n".join(texts)
    # 60,000 seats × $200 = $12,000,000 a month, $144,000,000 a year; 36,000 idle seats.
    for figure in ("$12,000,000", "$144,000,000", "$7,200,000", "$86,400,000", "$500,005"):
        assert figure in whole, figure  # on one line: a wrapped figure reads "$144,000,00\n0"
    assert not re.search(r"\d,\d{0,2}\n\d", whole)


def test_short_rows_stay_whole_and_each_page_has_one_header(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Many problems")
    for n in range(120):
        words = " ".join(["stuck"] * (4 + (n * 7) % 60))
        workshop.add("problem", text=f"START{n} {words} END{n}", baseline="measured")
    texts = export(workshop, tmp_path, sections=("problems",))
    pages = texts[1:]
    assert len(pages) > 3
    for page in pages:
        assert page.count("Baseline and cost today") == 1  # at the top, never mid-page
    for n in range(120):
        mark = re.compile(rf"\b(START|END){n}\b")
        on = [p for p, text in enumerate(pages) if mark.search(text)]
        assert len(set(on)) == 1, n  # the row's start and end are on one page


def test_an_accent_too_pale_for_white_is_darkened_and_said_so(tmp_path: Path) -> None:
    assert contrast_with_white("#1F4E79") >= 4.5  # the default stays as it is
    assert readable_accent("#1F4E79") == ("#1F4E79", "")
    darker, notice = readable_accent("#FFFFFF")
    assert contrast_with_white(darker) >= 4.5 and darker != "#FFFFFF"
    assert notice == (
        f"the accent colour #FFFFFF has too little contrast against white (1.0:1, 4.5:1 "
        f"needed); the brief uses {darker} instead"
    )
    yellow, _ = readable_accent("#FFD700")
    assert yellow.startswith("#") and contrast_with_white(yellow) >= 4.5
    assert int(yellow[1:3], 16) > int(yellow[5:7], 16)  # still a yellow, darker
    heard: list[str] = []
    target = tmp_path / "white.pdf"
    write_brief(
        WorkshopData.of(build_demo(Workshop.in_memory(title="d"))),
        target,
        BriefOptions(accent="#FFFFFF"),
        warn=heard.append,
    )
    assert heard == [notice]
    # The headings are drawn in the darker colour.
    grey = f"{int(darker[1:3], 16) / 255:.6f}".rstrip("0").lstrip("0")
    streams = b"".join(
        page.get_contents().get_data()  # type: ignore[union-attr]
        for page in PdfReader(target).pages[1:3]
    )
    assert f"{grey} {grey} {grey} rg".encode() in streams


def test_a_one_problem_workshop_gives_a_short_brief(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Tiny", currency="USD")
    problem = workshop.add("problem", text="Invoices are keyed twice", baseline="2 h a day")
    workshop.add("idea", text="Read invoices as they arrive", problem_ids=[problem.id])
    texts = [" ".join(t.split()) for t in export(workshop, tmp_path)]
    assert len(texts) <= 5  # cover, summary, problems, use cases, appendix
    summary = texts[1]
    assert (
        "Not covered in this workshop: last-mile readiness, risk register, people and change, "
        "cost accountability and next steps."
    ) in summary
    whole = " ".join(texts)
    assert whole.count("No AI licence spend was recorded.") <= 1
    assert "$0" not in whole
    # Nothing starred and nothing scored: nothing is shortlisted, and the appendix's
    # rule says why (it said "the top 5 by priority", which the one idea would be).
    assert "no use case shortlisted yet" in summary
    assert (
        "Shortlist — The use cases the room starred for the last-mile test; if none were "
        "starred, the top 5 of the ideas scored for value and feasibility."
    ) in whole


def test_one_date_style_a_real_minus_and_one_percent_precision(tmp_path: Path) -> None:
    workshop = build_demo(Workshop.in_memory(title="demo"))
    whole = " ".join(" ".join(t.split()) for t in export(workshop, tmp_path))
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", whole)  # no ISO date, body or appendix
    assert "due 15 December 2026" in whole  # the appendix says dates as the body does
    assert "\u22121 min" in whole and "-1 min" not in whole  # the mandate check: 14 of 15
    assert "$30,000 (3 %) is accounted" in whole and "(97 %) unaccounted" in whole
    assert not re.search(r"\b\d\.\d %", whole)  # no "2.9 %" beside "97 %"


def test_readiness_cards_share_their_pages_sensibly(tmp_path: Path) -> None:
    for count in (2, 4, 5, 6, 7):
        workshop = Workshop.in_memory(title=f"{count} cards")
        problem = workshop.add("problem", text="p", baseline="b")
        note = "A note the room wrote about this dimension, long enough to wrap. " * 2
        for n in range(count):
            workshop.add(
                "idea",
                text=f"Use case {n}",
                problem_ids=[problem.id],
                value=5,
                feasibility=4,
                shortlisted=True,
                owner="Ana",
                readiness={d: {"score": 3, "note": note} for d in ("workflow", "volume", "safety")},
            )
        texts = export(workshop, tmp_path, sections=("readiness",))
        cards = [t.count("OWNER") for t in texts[1:]]
        assert sum(cards) == count
        # Never one card alone on a page while there are others to keep it company.
        assert 1 not in cards, (count, cards)
