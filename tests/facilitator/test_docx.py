"""The editable brief in Word, read back with python-docx as Word would read it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from facilitator.brief import BriefError, BriefOptions, CancelToken, ExportCancelledError
from facilitator.brief.content import SECTION_TITLES
from facilitator.exports import export
from facilitator.scoring import WorkshopData
from facilitator.workshop import Workshop
from tests.facilitator.office_files import (
    BRANDED,
    HOSTILE,
    assert_opens_cleanly,
    city,
    demo_data,
    flat,
    package_text,
    pdf_text,
    render_with_libreoffice,
)


def docx_of(
    data: WorkshopData, tmp_path: Path, options: BriefOptions = BRANDED, name: str = "brief.docx"
) -> Any:
    target = tmp_path / name
    export(data, target, "docx", options)
    return Document(str(target))


def body_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def headings(document: Any, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_sections_are_real_headings_in_the_briefs_order(tmp_path: Path) -> None:
    document = docx_of(demo_data(), tmp_path)
    assert headings(document, "Title") == ["Now what? Problem-first AI discovery"]
    assert headings(document, "Heading 1") == list(SECTION_TITLES.values())
    assert any(p.text.startswith("Issued ") for p in document.paragraphs[:20])  # the cover
    assert "Decisions asked for" in headings(document, "Heading 2")
    # A long brief opens with Word's own table of contents over those headings.
    fields = [t.text.strip() for t in document.element.body.iter(qn("w:instrText"))]
    assert fields[0].startswith("TOC")
    assert document.paragraphs[
        [p.text for p in document.paragraphs].index("Contents") + 1
    ].text == ("Executive summary")
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            assert paragraph.paragraph_format.page_break_before  # each chapter on a new page
    levels = {
        name: document.styles[name].element.pPr.find(qn("w:outlineLvl"))
        for name in ("Heading 1", "Heading 2")
    }
    # Word's navigation pane and table of contents read the outline level of the style.
    assert all(level is not None for level in levels.values())


def test_tables_repeat_their_header_and_the_footer_numbers_pages(tmp_path: Path) -> None:
    document = docx_of(demo_data(), tmp_path)
    data_tables = [t for t in document.tables if t.rows[0].cells[0].text == "#"]
    assert len(data_tables) >= 3
    for table in data_tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        assert all(
            row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
            for row in list(table.rows)[1:]
        )
    # A readiness card stays on one page, as in the PDF: no row splits, each row
    # keeps with the next.
    cards = [t for t in document.tables if t.rows[0].cells[-1].text in ("READY", "BLOCKED")]
    assert cards
    for card in cards:
        rows = list(card.rows)
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        assert all(
            p.paragraph_format.keep_with_next for r in rows[:-1] for p in r.cells[0].paragraphs
        )
    section = document.sections[0]
    assert section.different_first_page_header_footer  # no footer on the cover
    footer = section.footer.paragraphs[0]
    assert "Strictly confidential" in footer.text
    fields = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]


def test_every_figure_is_the_pdfs(tmp_path: Path) -> None:
    for data in (demo_data(), city()):
        document = docx_of(data, tmp_path)
        pdf = flat(pdf_text(data, tmp_path))
        tiles = [t for t in document.tables if len(t.rows) == 1]
        figures = [cell.paragraphs[0].text for t in tiles for cell in t.rows[0].cells]
        numbers = [
            cell.text
            for table in document.tables
            for row in list(table.rows)[1:]
            for cell in row.cells
            if re.fullmatch(r"[≥≤$€£]?[\d.,\u00a0 %$€£-]+", cell.text.strip() or "x")
        ]
        assert len(figures) >= 8 and len(numbers) > 5
        assert [f for f in figures + numbers if flat(f) not in pdf] == []
    text = body_text(document)
    assert "$1,000,000" in text and "$12,000,000" in text  # 5,000 seats × $200, a year of it


def test_the_matrix_and_the_concerns_are_pictures_and_the_accent_is_in_the_styles(
    tmp_path: Path,
) -> None:
    document = docx_of(demo_data(), tmp_path, BriefOptions(accent="#7A1F5C"))
    assert len(document.inline_shapes) == 2  # the matrix and concerns by category
    with zipfile.ZipFile(tmp_path / "brief.docx") as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        assert images and all(package.read(n).startswith(b"\x89PNG") for n in images)
    assert str(document.styles["Heading 1"].font.color.rgb) == "7A1F5C"
    assert str(document.styles["Title"].font.color.rgb) == "7A1F5C"
    header_fill = document.tables[1].rows[0].cells[0]._tc.tcPr.find(qn("w:shd"))
    assert header_fill is not None and header_fill.get(qn("w:fill")) == "7A1F5C"


def test_anonymous_concerns_carry_no_name_anywhere_in_the_file(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="People")
    workshop.add("participant", name="Quentin Whistleblower")
    olga = workshop.add("participant", name="Open Olga")
    workshop.add("concern", text="My team fears for its jobs", category="jobs")
    workshop.add("concern", text="Nobody asked the union", anonymous=False, participant_id=olga.id)
    data = WorkshopData.of(workshop)
    # Without the appendix's list of who was in the room, no part of the file may
    # hold the name of someone who only raised an anonymous concern.
    sections = tuple(k for k in SECTION_TITLES if k != "appendix")
    export(data, tmp_path / "people.docx", "docx", BriefOptions(sections=sections))
    everything = package_text(tmp_path / "people.docx")
    assert "Quentin" not in everything and "Whistleblower" not in everything
    assert "Raised by Open Olga" in everything
    # With the appendix, the name is in the lists of who was in the room, nowhere else.
    document = docx_of(data, tmp_path)
    holding = [p.text for p in document.paragraphs if "Quentin" in p.text]
    for table in document.tables:
        for row in table.rows:
            if any("Quentin" in c.text for c in row.cells):
                holding.append("table: " + table.rows[0].cells[0].text)
    assert holding == ["PARTICIPANT  Quentin Whistleblower", "table: Name"]


def test_hostile_text_survives(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="<script>alert('x')</script> & co\x07", client="Łódź")
    workshop.add("note", text=HOSTILE["rtl"], parked=True)  # listed in the parking lot
    ids = [workshop.add("problem", text=f"{k}: {v}", who=v).id for k, v in HOSTILE.items()]
    workshop.add(
        "idea",
        text=HOSTILE["rtl"],
        problem_ids=ids[:1],
        value=5,
        feasibility=5,
        shortlisted=True,
        readiness={"safety": {"score": 1, "note": HOSTILE["controls"]}},
    )
    long_note = "Long note " + "lorem ipsum dolor " * 560 + "THE-END-MARKER"
    assert len(long_note) >= 10_000
    workshop.add("note", text=long_note)
    document = docx_of(WorkshopData.of(workshop), tmp_path)
    assert_opens_cleanly(tmp_path / "brief.docx")
    text = body_text(document)
    assert HOSTILE["markup"] in text
    assert "bellhereandthereend" in text  # control characters dropped, the words kept
    for name in ("rtl", "emoji", "cjk"):
        assert HOSTILE[name] in text
    assert "<script>alert('x')</script> & co" in headings(document, "Title")[0]
    assert long_note in text  # the appendix has the 10,000 characters whole
    rtl = [p for p in document.paragraphs if p.text.startswith("שלום")]  # the parking lot
    assert rtl and all(p._p.pPr.find(qn("w:bidi")) is not None for p in rtl)
    ltr = [p for p in document.paragraphs if re.match("[A-Za-z]", p.text)]
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in ltr)
    # Inside tables nothing is set right to left: LibreOffice would mirror the table.
    cells = [p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert any("שלום" in p.text for p in cells)
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in cells)


def test_bad_options_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    broken = tmp_path / "logo.png"
    broken.write_text("not an image")
    target = tmp_path / "brief.docx"
    with pytest.raises(BriefError, match="not a readable PNG or JPEG"):
        export(demo_data(), target, "docx", BriefOptions(logo=broken))
    with pytest.raises(BriefError, match="unknown section"):
        export(demo_data(), target, "docx", BriefOptions(sections=("summary", "gossip")))
    token = CancelToken()
    token.cancel()
    with pytest.raises(ExportCancelledError):
        export(demo_data(), target, "docx", BRANDED, cancel=token)
    assert not target.exists()


def test_the_word_brief_opens_cleanly_and_carries_its_metadata(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (300, 120), (20, 90, 160)).save(logo)
    document = docx_of(demo_data(), tmp_path, BriefOptions(consultancy="Northbridge", logo=logo))
    assert_opens_cleanly(tmp_path / "brief.docx")
    properties = document.core_properties
    assert properties.title == "Now what? Problem-first AI discovery — AI strategy brief"
    assert properties.author == "Northbridge"
    assert properties.subject == "AI strategy brief for City of Harbourview"
    assert len(document.inline_shapes) == 3  # the logo, the matrix, the concerns


def test_libreoffice_renders_the_word_brief(tmp_path: Path) -> None:
    docx_of(demo_data(), tmp_path)
    rendered = PdfReader(render_with_libreoffice(tmp_path / "brief.docx", tmp_path))
    pages = [page.extract_text() or "" for page in rendered.pages]
    assert len(pages) >= 1 + len(SECTION_TITLES)
    whole = flat("\n".join(pages))
    for title in SECTION_TITLES.values():
        assert flat(title) in whole
    total = len(pages)
    assert f"Page2of{total}" in flat(pages[1])  # the footer's fields are filled in
