"""The readout deck, read back with python-pptx as PowerPoint would read it.

Every figure on a slide is checked against the PDF brief of the same workshop;
charts are checked as charts with their data; every piece of text is measured
against its box with Pillow (not the code that laid it out), at its own size.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import ImageFont
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from facilitator import scoring
from facilitator.brief import BriefError, BriefOptions, CancelToken, ExportCancelledError
from facilitator.brief.fonts import font_path
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

EMU_PER_PT = 12700
FOOTER_ZONE = 0.6 * 72  # points from the bottom of a slide: the footer line


def deck_of(
    data: WorkshopData, tmp_path: Path, options: BriefOptions = BRANDED, name: str = "deck.pptx"
) -> Any:
    target = tmp_path / name
    export(data, target, "pptx", options)
    return Presentation(str(target))


def titles(deck: Any) -> list[str]:
    return [
        slide.shapes.title.text_frame.text if slide.shapes.title else "" for slide in deck.slides
    ]


def slide_text(slide: Any) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def notes_of(slide: Any) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def slides_titled(deck: Any, start: str) -> list[Any]:
    return [s for s, t in zip(deck.slides, titles(deck), strict=True) if t.startswith(start)]


def numeric_cells(deck: Any) -> list[str]:
    """Every figure the deck shows: tile figures and the cells of numeric columns."""
    found = []
    for slide in list(deck.slides)[1:]:
        for shape in slide.shapes:
            if shape.has_table:
                rows = list(shape.table.rows)
                for column in range(len(rows[0].cells)):
                    cells = [row.cells[column] for row in rows[1:]]
                    right = [c for c in cells if c.text_frame.paragraphs[0].alignment is not None]
                    if cells and len(right) == len(cells):
                        found += [c.text for c in cells if c.text.strip()]
            elif shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and shape.has_text_frame:
                text = shape.text_frame.paragraphs[0].text
                if text.strip():
                    found.append(text)
    return found


def test_the_demo_deck_has_every_slide_in_order(tmp_path: Path) -> None:
    data = demo_data()
    deck = deck_of(data, tmp_path)
    assert deck.slide_width * 9 == deck.slide_height * 16  # 16:9
    shown = titles(deck)
    assert shown[0] == "Now what? Problem-first AI discovery"
    cover = slide_text(deck.slides[0])
    for line in (
        "City of Harbourview",
        "19 November 2026",
        "Zoë Ðorđević",
        "Northbridge Advisory",
        "Strictly confidential",
        "Issued",
    ):
        assert line in cover
    firsts = [t for t in shown[1:] if not t.endswith("(continued)")]
    shortlisted = scoring.shortlist(data.ideas)
    ranks = {i.id: n for n, i in enumerate(scoring.ranked_ideas(data.ideas), start=1)}
    use_cases = [t for t in firsts if t.startswith("#")]
    assert [t.split()[0] for t in use_cases] == [f"#{ranks[i.id]}" for i in shortlisted]
    assert [t for t in firsts if not t.startswith("#")] == [
        "The answer",
        "Decisions asked for",
        "Top problems",
        "Value × feasibility",
        "People and change",
        "Cost accountability",
        "Next steps",
        "The first 90 days",
        "Appendix: the full brief",
    ]
    assert firsts.index("Value × feasibility") < firsts.index(use_cases[0])
    assert firsts.index(use_cases[-1]) < firsts.index("People and change")
    for slide in list(deck.slides)[1:]:  # every slide but the cover has a footer line
        assert "Strictly confidential" in slide_text(slide)


@pytest.mark.parametrize("workshop", ["demo", "city"])
def test_every_figure_on_a_slide_is_the_pdfs(workshop: str, tmp_path: Path) -> None:
    data = demo_data() if workshop == "demo" else city()
    deck = deck_of(data, tmp_path)
    pdf = flat(pdf_text(data, tmp_path))
    figures = numeric_cells(deck)
    assert len(figures) > 10
    missing = [f for f in figures if flat(f) not in pdf]
    assert missing == []
    spend = slide_text(slides_titled(deck, "Cost accountability")[0])
    total = sum(line.seats * (line.price_per_seat_month or 0) for line in data.licences)
    assert f"${total:,.0f}" in spend and f"${total * 12:,.0f}" in spend
    if workshop == "city":
        assert total == 5000 * 200 == 1_000_000
        assert "$1,000,000" in spend and "$12,000,000" in spend
        assert "3,250" in spend  # 35 % of 5,000 seats are in use: 3,250 are idle


def test_charts_are_powerpoint_charts_with_the_data(tmp_path: Path) -> None:
    data = demo_data()
    deck = deck_of(data, tmp_path)
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    scatter = next(c for c in charts if c.chart_type == XL_CHART_TYPE.XY_SCATTER)
    plotted = {  # ideas sharing a cell are moved apart within it (see below)
        (series.name, round(y), round(x))
        for series in scatter.plots[0].series
        if series.name in ("New value", "Automation", "Unclassified")
        for y, x in zip(_values(series, "c:yVal"), _values(series, "c:xVal"), strict=True)
    }
    scored = {
        (scoring.VALUE_TYPE_LABELS[i.value_type], i.value, i.feasibility)
        for i in data.ideas
        if i.value is not None and i.feasibility is not None
    }
    assert plotted == scored
    # LibreOffice drops points of a scatter series followed by a longer one: every
    # series is as long as the longest (padded with empty points).
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    counts = {
        series._element.find("c:yVal//c:ptCount", ns).get("val")
        for series in scatter.plots[0].series
    }
    assert len(counts) == 1
    bars = next(c for c in charts if c.chart_type == XL_CHART_TYPE.BAR_CLUSTERED)
    expected = scoring.concerns_by_category(data.concerns)
    assert list(bars.plots[0].categories) == [label for label, _ in expected]
    assert list(bars.plots[0].series[0].values) == [count for _, count in expected]
    pictures = [
        shape
        for slide in deck.slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert pictures == []  # no picture of text anywhere (no logo given)
    tables = [shape for slide in deck.slides for shape in slide.shapes if shape.has_table]
    assert len(tables) >= 4


def _values(series: Any, axis: str) -> list[float]:
    """An XY series' x or y values, leaving out the empty points that pad it."""
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    return [float(v.text) for v in series._element.findall(f"{axis}//c:pt/c:v", ns)]


def test_speaker_notes_carry_the_wording_and_who_said_it(tmp_path: Path) -> None:
    data = demo_data()
    deck = deck_of(data, tmp_path)
    problems = notes_of(slides_titled(deck, "Top problems")[0])
    for problem in scoring.ranked_problems(data.problems)[:5]:
        assert problem.text in problems
    people = {p.id: p.name for p in data.participants}
    named = [p for p in scoring.ranked_problems(data.problems)[:5] if p.participant_id]
    for problem in named:
        assert f"Raised by: {people[problem.participant_id]}" in problems  # type: ignore[index]
    first_case = notes_of(slides_titled(deck, "#")[0])
    idea = scoring.shortlist(data.ideas)[0]
    assert idea.text in first_case and idea.success_metric in first_case


def test_anonymous_concerns_carry_no_name_anywhere_in_the_file(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="People")
    workshop.add("participant", name="Quentin Whistleblower")
    olga = workshop.add("participant", name="Open Olga")
    workshop.add("concern", text="My team fears for its jobs", category="jobs", severity=5)
    workshop.add("concern", text="Nobody asked the union", anonymous=False, participant_id=olga.id)
    target = tmp_path / "people.pptx"
    export(WorkshopData.of(workshop), target, "pptx", BRANDED)
    everything = package_text(target)
    assert "Quentin" not in everything and "Whistleblower" not in everything
    assert "Open Olga" in everything  # a named concern keeps its author, in the notes
    deck = Presentation(str(target))
    notes = notes_of(slides_titled(deck, "People and change")[0])
    assert "Nobody asked the union" in notes and "Raised by Open Olga" in notes
    fears = notes[notes.index("My team fears") :].split("\n\n")[0]
    assert "Raised by" not in fears


def hostile_workshop() -> WorkshopData:
    workshop = Workshop.in_memory(title="<script>alert('x')</script> & co\x07", client="Łódź")
    problems = [
        workshop.add("problem", text=f"{name}: {text}", impact=5, votes=9).id
        for name, text in HOSTILE.items()
    ]
    long_note = "Long wording " + "lorem ipsum dolor " * 560 + "THE-END-MARKER"
    assert len(long_note) >= 10_000
    workshop.add("problem", text=long_note, impact=5, votes=10)
    workshop.add(
        "idea",
        text=HOSTILE["rtl"],
        problem_ids=problems[:1],
        value=5,
        feasibility=5,
        value_type="new_value",
        shortlisted=True,
        owner=HOSTILE["markup"],
        readiness={"safety": {"score": 1, "note": HOSTILE["controls"]}},
    )
    workshop.add("concern", text=HOSTILE["cjk"] + " " + "x" * 400, severity=4)
    workshop.add("note", text=long_note)
    return WorkshopData.of(workshop)


def test_hostile_text_survives(tmp_path: Path) -> None:
    deck = deck_of(hostile_workshop(), tmp_path)
    assert_opens_cleanly(tmp_path / "deck.pptx")
    everything = "\n".join(slide_text(s) + notes_of(s) for s in deck.slides)
    assert HOSTILE["markup"] in everything
    assert "bellhereandthereend" in everything  # control characters dropped, words kept
    assert HOSTILE["rtl"] in everything
    assert HOSTILE["emoji"] in everything and HOSTILE["cjk"] in everything
    assert "<script>alert('x')</script> & co" in titles(deck)[0]
    problems = notes_of(slides_titled(deck, "Top problems")[0])
    assert "THE-END-MARKER" in problems  # the 10,000 characters whole in the notes
    assert "THE-END-MARKER" not in slide_text(slides_titled(deck, "Top problems")[0])
    starts_rtl = re.compile(r"^[^A-Za-z\u0590-\u06FF]*[\u0590-\u06FF]")
    paragraphs = [
        paragraph
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
    ]
    rtl = [p for p in paragraphs if starts_rtl.match(p.text)]
    ltr = [p for p in paragraphs if p.text and not starts_rtl.match(p.text)]
    assert rtl and all(p._p.pPr.get("rtl") == "1" for p in rtl)  # "#1 שלום…" reads right to left
    assert all(p._p.pPr is None or p._p.pPr.get("rtl") != "1" for p in ltr)


# --- no text overflows its box, none is smaller than 14 pt ----------------------------------

_FONTS: dict[bool, Any] = {}


def _font(bold: bool) -> Any:
    if bold not in _FONTS:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        _FONTS[bold] = ImageFont.truetype(
            str(font_path(name)), 1000, layout_engine=ImageFont.Layout.BASIC
        )
    return _FONTS[bold]


def lines_at(runs: list[tuple[str, bool]], size: float, width: float) -> int:
    """Lines a paragraph of (text, bold) runs takes when wrapped at spaces in *width*
    points, each character measured by Pillow in its run's weight (a character
    DejaVu Sans lacks counts one em, as the deck assumes)."""
    advances: list[float] = []
    for text, bold in runs:
        font = _font(bold)
        advances += [
            (font.getlength(ch) if ord(ch) < 0x2E80 else 1000.0) * size / 1000 for ch in text
        ]
    text = "".join(t for t, _ in runs)
    count, start = 0, 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0.0
        position = start
        for word in paragraph.split(" "):
            span = advances[position : position + len(word)]
            space = advances[position - 1] if used and position > 0 else 0.0
            if used and used + space + sum(span) > width:
                count += 1
                used = 0.0
                space = 0.0
            while sum(span) > width:  # a word longer than a line breaks anywhere
                taken = 0.0
                cut = 0
                while cut < len(span) and taken + span[cut] <= width:
                    taken += span[cut]
                    cut += 1
                span = span[max(cut, 1) :]
                count += 1
            used += space + sum(span)
            position += len(word) + 1
        start += len(paragraph) + 1
    return count


def frame_height(paragraphs: Any, width: float) -> float:
    total = 0.0
    for index, paragraph in enumerate(paragraphs):
        runs = [r for r in paragraph.runs if r.text]
        if not runs:
            continue
        size = max(r.font.size.pt for r in runs)
        spacing = paragraph.line_spacing
        assert spacing is not None and not isinstance(spacing, float), "exact spacing"
        parts = [(r.text, bool(r.font.bold)) for r in runs]
        total += lines_at(parts, size, width) * spacing.pt
        if index < len(paragraphs) - 1 and paragraph.space_after is not None:
            total += paragraph.space_after.pt
    return total


def assert_everything_fits(deck: Any) -> int:
    checked = 0
    height = deck.slide_height / EMU_PER_PT
    for slide in deck.slides:
        for shape in slide.shapes:
            boxes: list[tuple[Any, float, float, float, float]] = []
            if shape.has_text_frame and shape.text_frame.text.strip():
                frame = shape.text_frame
                boxes.append(
                    (
                        frame.paragraphs,
                        (shape.width - frame.margin_left - frame.margin_right) / EMU_PER_PT,
                        (shape.height - frame.margin_top - frame.margin_bottom) / EMU_PER_PT,
                        shape.top / EMU_PER_PT,
                        0,
                    )
                )
            if shape.has_table:
                table = shape.table
                for row in table.rows:
                    for index, cell in enumerate(row.cells):
                        width = table.columns[index].width - cell.margin_left - cell.margin_right
                        inner = row.height - cell.margin_top - cell.margin_bottom
                        boxes.append(
                            (
                                cell.text_frame.paragraphs,
                                width / EMU_PER_PT,
                                inner / EMU_PER_PT,
                                shape.top / EMU_PER_PT,
                                0,
                            )
                        )
            for paragraphs, width, room, top, _ in boxes:
                needed = frame_height(paragraphs, width)
                assert needed <= room + 0.5, (
                    shape.name,
                    [p.text for p in paragraphs],
                    needed,
                    room,
                )
                sizes = [r.font.size.pt for p in paragraphs for r in p.runs if r.text.strip()]
                if top < height - FOOTER_ZONE:
                    assert min(sizes, default=14) >= 14, [p.text for p in paragraphs]
                checked += 1
            if shape.has_chart:
                assert shape.chart.font.size.pt >= 14
            bottom = (shape.top + shape.height) / EMU_PER_PT
            assert bottom <= height + 0.5, (shape.name, bottom)  # nothing below the slide
    return checked


def big_workshop(records: int = 300) -> WorkshopData:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(
        "bench_brief", Path(__file__).parents[2] / "benchmarks" / "bench_brief.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_brief", module)
    spec.loader.exec_module(module)
    data: WorkshopData = module.synthetic(records)
    return data


@pytest.mark.parametrize("workshop", ["demo", "hostile", "big"])
def test_no_text_overflows_its_box_or_shrinks_below_14_points(
    workshop: str, tmp_path: Path
) -> None:
    data = {"demo": demo_data, "hostile": hostile_workshop, "big": big_workshop}[workshop]()
    deck = deck_of(data, tmp_path)
    assert assert_everything_fits(deck) > 30


def test_long_content_goes_on_over_slides_and_loses_no_row(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Many steps")
    for n in range(1, 31):
        workshop.add("action", text=f"Step {n}: " + "follow up with the team " * 4, owner="Ann")
    deck = deck_of(WorkshopData.of(workshop), tmp_path)
    pages = slides_titled(deck, "Next steps")
    assert len(pages) >= 3
    assert all(titles(deck)[list(deck.slides).index(p)].endswith("(continued)") for p in pages[1:])
    numbers = []
    for page in pages:
        table = next(s.table for s in page.shapes if s.has_table)
        assert table.rows[0].cells[1].text == "Next step"  # the header on every slide
        numbers += [int(row.cells[0].text) for row in list(table.rows)[1:]]
    assert numbers == list(range(1, 31))
    assert_everything_fits(deck)


def test_sections_left_out_of_the_brief_are_left_out_of_the_deck(tmp_path: Path) -> None:
    options = BriefOptions(sections=("summary", "problems", "next_steps"))
    shown = titles(deck_of(demo_data(), tmp_path, options))
    assert "Cost accountability" not in shown and "People and change" not in shown
    assert "Top problems" in shown and "Next steps" in shown


def test_the_deck_opens_cleanly_and_names_its_author(tmp_path: Path) -> None:
    deck = deck_of(demo_data(), tmp_path)
    assert_opens_cleanly(tmp_path / "deck.pptx")
    assert deck.core_properties.author == "Northbridge Advisory"
    assert deck.core_properties.title.startswith("Now what? Problem-first AI discovery")


def test_logo_and_accent(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 100), (200, 30, 30)).save(logo)
    options = BriefOptions(consultancy="Northbridge", logo=logo, accent="#7A1F5C")
    deck = deck_of(demo_data(), tmp_path, options)
    pictures = [s for s in deck.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1 and pictures[0].left + pictures[0].width <= deck.slide_width
    header = next(s for s in slides_titled(deck, "Top problems")[0].shapes if s.has_table)
    assert str(header.table.cell(0, 0).fill.fore_color.rgb) == "7A1F5C"
    broken = tmp_path / "broken.png"
    broken.write_text("not an image")
    with pytest.raises(BriefError, match="not a readable PNG or JPEG"):
        export(demo_data(), tmp_path / "x.pptx", "pptx", BriefOptions(logo=broken))
    with pytest.raises(BriefError, match="accent colour"):
        export(demo_data(), tmp_path / "x.pptx", "pptx", BriefOptions(accent="teal"))
    assert not (tmp_path / "x.pptx").exists()


# --- a client's own template ------------------------------------------------------------------


def client_template(path: Path, *, potx: bool = False) -> Path:
    """A client's house template: 16:10, a brand bar on the master, and a sample
    slide that must not reach the deck."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Emu(10 * 914400), Emu(int(6.25 * 914400))
    sample = presentation.slides.add_slide(presentation.slide_layouts[1])
    sample.shapes.title.text = "SAMPLE SLIDE — replace me"
    # python-pptx cannot add a shape to a master: draw it on the slide and move it.
    bar = sample.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, 0, 0, presentation.slide_width, Emu(int(0.15 * 914400))
    )
    bar.name = "Client brand bar"
    bar.fill.solid()
    bar.fill.fore_color.rgb = RGBColor(0x00, 0x80, 0x60)
    presentation.slide_master.shapes._spTree.append(bar._element)
    presentation.save(str(path))
    if potx:  # a template differs from a presentation by its main part's type
        with zipfile.ZipFile(path) as package:
            parts = {i.filename: package.read(i) for i in package.infolist()}
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"presentationml.presentation.main+xml", b"presentationml.template.main+xml"
        )
        with zipfile.ZipFile(path, "w") as package:
            for name, content in parts.items():
                package.writestr(name, content)
    return path


@pytest.mark.parametrize("suffix", ["pptx", "potx"])
def test_a_client_template_lends_its_size_master_and_theme(suffix: str, tmp_path: Path) -> None:
    template = client_template(tmp_path / f"client.{suffix}", potx=suffix == "potx")
    options = BriefOptions(consultancy="Northbridge", template=template)
    deck = deck_of(demo_data(), tmp_path, options)
    assert (deck.slide_width, deck.slide_height) == (Emu(10 * 914400), Emu(int(6.25 * 914400)))
    assert "SAMPLE SLIDE" not in package_text(tmp_path / "deck.pptx")
    for slide in deck.slides:
        master = slide.slide_layout.slide_master
        assert any(s.name == "Client brand bar" for s in master.shapes)
    header = next(s for s in slides_titled(deck, "Top problems")[0].shapes if s.has_table)
    colour = header.table.cell(0, 0).fill.fore_color
    assert str(colour.theme_color).startswith("ACCENT_1")  # the client's theme, not ours
    assert_everything_fits(deck)
    assert_opens_cleanly(tmp_path / "deck.pptx")


def test_a_file_that_is_no_template_is_refused_in_one_line(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.potx"
    bogus.write_text("hello")
    with pytest.raises(BriefError, match=r"template: notes.potx is not a PowerPoint template"):
        export(demo_data(), tmp_path / "deck.pptx", "pptx", BriefOptions(template=bogus))
    with pytest.raises(BriefError, match="template: cannot read"):
        export(
            demo_data(),
            tmp_path / "deck.pptx",
            "pptx",
            BriefOptions(template=tmp_path / "none.potx"),
        )
    assert not (tmp_path / "deck.pptx").exists()


def test_cancel_and_progress(tmp_path: Path) -> None:
    seen: list[float] = []
    export(demo_data(), tmp_path / "d.pptx", "pptx", BRANDED, progress=lambda s, _: seen.append(s))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    token = CancelToken()
    token.cancel()
    with pytest.raises(ExportCancelledError):
        export(demo_data(), tmp_path / "c.pptx", "pptx", BRANDED, cancel=token)
    assert not (tmp_path / "c.pptx").exists()


def test_libreoffice_renders_every_slide(tmp_path: Path) -> None:
    from pypdf import PdfReader

    deck = deck_of(demo_data(), tmp_path)
    rendered = PdfReader(render_with_libreoffice(tmp_path / "deck.pptx", tmp_path))
    assert len(rendered.pages) == len(deck.slides)
    for page, title in zip(rendered.pages, titles(deck), strict=True):
        assert flat(title.removesuffix(" (continued)"))[:20] in flat(page.extract_text() or "")


def test_a_crowded_matrix_numbers_only_what_the_brief_numbers(tmp_path: Path) -> None:
    from facilitator.brief import brief_for
    from facilitator.brief.content import Matrix

    data = big_workshop()
    brief = brief_for(data, BRANDED)
    matrix = next(
        b for s in brief.sections if s.key == "use_cases" for b in s.blocks if isinstance(b, Matrix)
    )
    numbered = {p.rank for p in matrix.points if p.labelled or p.shortlisted}
    assert len(numbered) < len(matrix.points)  # the brief numbers only some of them
    scatter = matrix_of(deck_of(data, tmp_path))
    shown: set[int] = set()
    counted = 0
    for label in scatter._chartSpace.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
    ):
        if label.text.startswith("+"):  # "+N": a cell with more ideas than places
            counted += int(label.text[1:])
        elif label.text.isdigit():
            shown.add(int(label.text))
    # Each numbered idea is written on its own mark, or counted in its cell's "+N".
    assert shown <= numbered and len(shown) + counted >= len(numbered)
    dots = next(s for s in scatter.plots[0].series if s.name == "Other use cases")
    assert dots.marker.size <= 6  # the rest are small dots, as the caption says


def matrix_of(deck: Any) -> Any:
    """The deck's value × feasibility chart."""
    return next(
        shape.chart
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_chart and shape.chart.chart_type == XL_CHART_TYPE.XY_SCATTER
    )


def _ranks_placed(scatter: Any) -> dict[int, tuple[float, float]]:
    """Where each rank written on the matrix sits, in scores (feasibility, value)."""
    ns = {
        "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    }
    placed: dict[int, tuple[float, float]] = {}
    for series in scatter.plots[0].series:
        xs = _values(series, "c:xVal")
        ys = _values(series, "c:yVal")
        for label in series._element.findall("c:dLbls/c:dLbl", ns):
            text = "".join(t.text or "" for t in label.findall(".//a:t", ns))
            index = int(label.find("c:idx", ns).get("val"))
            if text.isdigit():
                assert int(text) not in placed, f"#{text} is written twice"
                placed[int(text)] = (xs[index], ys[index])
    return placed


def _pdf_ranks_placed(path: Path) -> dict[int, tuple[float, float]]:
    """The same from the PDF brief: the ranks on its matrix (bold, 6.5 pt) against its
    axis numbers (7 pt), in scores."""
    from pypdf import PdfReader

    page = next(p for p in PdfReader(path).pages if "QUICK WINS" in (p.extract_text() or ""))
    found: list[tuple[str, float, float, float]] = []

    def seen(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if text.strip().isdigit():
            found.append((text.strip(), cm[4] + tm[4], cm[5] + tm[5], size))

    page.extract_text(visitor_text=seen)
    ticks = [f for f in found if f[3] == 7.0]
    across = {t[0]: t[1] for t in ticks if t[2] == min(y for _, _, y, _ in ticks)}
    up = {t[0]: t[2] for t in ticks if t[1] == min(x for _, x, _, _ in ticks)}
    cell = (across["5"] - across["1"]) / 4
    return {
        int(text): (1 + (x - across["1"]) / cell, 1 + (y - up["1"]) / cell)
        for text, x, y, size in found
        if size == 6.5
    }


def test_ideas_sharing_a_spot_are_all_seen_and_placed_as_in_the_pdf(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Shared spots")
    problem = workshop.add("problem", text="Claims wait", baseline="9 days")
    for text, kind in [
        ("Answer policy questions", "new_value"),
        ("Read claim PDFs", "automation"),  # the walkthrough's #3 and #4 at V4 × F3
        ("Draft replies", "new_value"),  # two of one kind there too
    ]:
        workshop.add(
            "idea", text=text, problem_ids=[problem.id], value=4, feasibility=3, value_type=kind
        )
    workshop.add("idea", text="Summarise files", problem_ids=[problem.id], value=5, feasibility=5)
    data = WorkshopData.of(workshop)
    scatter = matrix_of(deck_of(data, tmp_path))
    in_deck = _ranks_placed(scatter)
    assert sorted(in_deck) == [1, 2, 3, 4]  # every idea numbered once, none merged
    assert len(set(in_deck.values())) == 4  # and no two on the same spot
    for rank in (2, 3, 4):
        x, y = in_deck[rank]
        assert abs(x - 3) < 0.5 and abs(y - 4) < 0.5  # still in its own cell
    automation = next(s for s in scatter.plots[0].series if s.name == "Automation")
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    assert {e.get("val") for e in automation._element.findall(".//c:symbol", ns)} == {"square"}
    pdf = tmp_path / "brief.pdf"
    export(data, pdf, "pdf", BRANDED)
    in_pdf = _pdf_ranks_placed(pdf)
    assert sorted(in_pdf) == [1, 2, 3, 4]
    for rank, (x, y) in in_deck.items():  # one placement rule for both
        assert abs(in_pdf[rank][0] - x) < 0.05 and abs(in_pdf[rank][1] - y) < 0.05, rank
