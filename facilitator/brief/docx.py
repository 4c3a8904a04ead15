"""The brief as an editable Word document, laid out from the same content as the PDF.

:func:`render_docx` renders the :class:`~facilitator.brief.content.Brief` that
the PDF and the Markdown are built from — it computes no figure of its own. What
makes it a document a consultant can keep working on:

* real heading styles (Heading 1 for a section, 2 and 3 inside it), so Word's
  navigation pane and an inserted table of contents work;
* tables whose header row repeats on every page, numbers aligned right;
* the value × feasibility matrix and the concerns chart as images (painted from
  the PDF's own chart definitions by :mod:`facilitator.brief.raster`);
* "Page x of y" and the confidentiality line in the footer (not on the cover);
* the branding accent in the heading, title and table styles, so text the
  consultant adds later takes it too.

Every piece of user text passes through :func:`facilitator.brief.office.plain`
(XML cannot hold control characters); a paragraph that starts in a right-to-left
script is set right to left.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from reportlab.lib import colors

from facilitator.brief import charts
from facilitator.brief.content import (
    SECTION_TITLES,
    STATUS_TONES,
    Bars,
    Block,
    Brief,
    Bullets,
    Cell,
    Cover,
    Figures,
    Heading,
    Matrix,
    PageBreak,
    SeeAlso,
    Styled,
    Table,
    Text,
    UseCaseCard,
)
from facilitator.brief.office import (
    INK,
    MUTED,
    RULE,
    TONES,
    plain,
    rgb,
    right_to_left,
    status_colour,
    tint,
)
from facilitator.brief.raster import drawing_png
from facilitator.scoring import DIMENSION_LABELS, rating_status, status_label

PAGE_WIDTH = Mm(210)
MARGIN = Mm(20)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
BODY_FONT = "Calibri"
HEADING_STYLES = {2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}
"""Content heading levels (the section title is level 2) to Word's heading styles."""

ProgressCallback = Callable[[float], None]
"""Called with the share done (0..1); may raise to cancel."""


def _colour(hex_colour: str) -> RGBColor:
    return RGBColor(*rgb(hex_colour))


# --- small pieces of Word that python-docx has no call for ----------------------------
# Word rejects a file ("unreadable content") whose elements are out of the schema's
# order, where LibreOffice reads on: each element is inserted before the ones the
# schema puts after it.

_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _shade(cell: _Cell, hex_colour: str) -> None:
    """Fill a table cell with a colour."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().insert_element_before(
        shading, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def _repeat_header(table: DocxTable) -> None:
    """Mark the first row as the header Word repeats at the top of every page."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    row_properties.insert_element_before(header, "w:tblCellSpacing", "w:jc", "w:hidden")


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES): begin, instruction, separator, last result, end."""
    _field_start(paragraph, instruction)
    paragraph.add_run(shown)
    _field_end(paragraph)


def _field_start(paragraph: Paragraph, instruction: str) -> None:
    """A field's beginning and instruction; its result follows, then :func:`_field_end`
    (in the same paragraph or a later one: a table of contents spans several)."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {text} "
            run._r.append(code)


def _field_end(paragraph: Paragraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _text_run(paragraph: Paragraph, text: str) -> Run:
    """A run of *text* at the end of *paragraph*. python-docx's add_run reads the text
    a character at a time (for tabs and line breaks), most of a big brief's time;
    a run without either is made directly."""
    if "\n" in text or "\t" in text:
        return paragraph.add_run(text)
    element = OxmlElement("w:r")
    content = OxmlElement("w:t")
    content.text = text
    if text != text.strip():
        content.set(qn("xml:space"), "preserve")  # keep the spaces at either end
    element.append(content)
    paragraph._p.append(element)
    return Run(element, paragraph)


def _direction(paragraph: Paragraph, text: str) -> None:
    """Set a paragraph right to left when its text (all of it so far: a paragraph
    takes the direction of its first letter) starts in such a script. Not inside a
    table: LibreOffice mirrors a whole table whose first cell reads right to left,
    and a cell's right-to-left words read correctly in a left-to-right cell."""
    if paragraph._p.getparent().tag == qn("w:tc"):
        return
    if right_to_left(text):
        properties = paragraph._p.get_or_add_pPr()
        if properties.find(qn("w:bidi")) is not None:
            return
        properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _keep_together(table: DocxTable) -> None:
    """Keep a short table on one page, as the PDF keeps a readiness card: no row
    splits, and every row but the last stays with the next."""
    rows = list(table.rows)
    for index, row in enumerate(rows):
        properties = row._tr.get_or_add_trPr()
        properties.insert_element_before(
            OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc"
        )
        if index < len(rows) - 1:
            for tc in row._tr.tc_lst:
                for paragraph in tc.p_lst:
                    paragraph.get_or_add_pPr().keepNext_val = True


def _widths(table: DocxTable, widths: list[int]) -> None:
    """Column widths as Word and LibreOffice read them: the table grid, not only
    each cell (LibreOffice lays a table out from its grid)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _borders(table: DocxTable, colour: str) -> None:
    """Thin horizontal rules between rows, none at the sides (the PDF's look), and
    narrow cell margins so short numeric columns keep their titles on one line."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in (("top", 40), ("left", 70), ("bottom", 40), ("right", 70)):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        visible = edge in ("bottom", "insideH")
        line.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            line.set(qn("w:sz"), "4")
            line.set(qn("w:color"), colour.lstrip("#"))
        borders.append(line)
    properties.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def _leave_out_template_leftovers(document: DocumentObject) -> None:
    """Drop two parts python-docx's blank template carries: Word 2010's copy of the
    styles (which would lack ours, and which Word checks against the real ones) and
    the thumbnail of an empty page (file browsers would show it)."""
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel_id)
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rel_id)


# --- the document's styles ------------------------------------------------------------------


def _styles(document: DocumentObject, accent: str) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10)
    normal.font.color.rgb = _colour(INK)
    normal.paragraph_format.space_after = Pt(6)
    for name, size, before in (
        ("Heading 1", 18, 0),
        ("Heading 2", 13, 12),
        ("Heading 3", 11, 10),
        ("Title", 28, 0),
    ):
        style = styles[name]
        style.font.name = BODY_FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = _colour(accent if name in ("Heading 1", "Title") else INK)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    extra: tuple[tuple[str, float, str, bool], ...] = (
        ("Brief Lead", 12, INK, False),
        ("Brief Note", 8.5, MUTED, False),
        ("Brief Empty", 10, MUTED, True),
        ("Brief Cover", 14, INK, False),
        ("Brief Cell", 8, INK, False),
    )
    for name, points, colour, italic in extra:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(points)
        style.font.color.rgb = _colour(colour)
        style.font.italic = italic
    styles["Brief Cell"].paragraph_format.space_after = Pt(0)
    styles["Brief Cover"].paragraph_format.space_after = Pt(4)


# --- blocks ------------------------------------------------------------------------------------


class _Writer:
    """Appends the brief's blocks to a Word document."""

    def __init__(self, document: DocumentObject, accent: str) -> None:
        self.document = document
        self.accent = accent
        self.stripe = tint(accent)
        # python-docx looks a style up by name through every style each time it is
        # set (most of a big brief's time); the ids are looked up once.
        self.style_ids = {style.name: style.style_id for style in document.styles}

    def set_style(self, paragraph: Paragraph, name: str) -> None:
        paragraph._p.style = self.style_ids[name]

    def paragraph(self, text: str, style: str = "Normal") -> Paragraph:
        shown = plain(text)
        paragraph = self.document.add_paragraph(shown)
        if style != "Normal":
            self.set_style(paragraph, style)
        _direction(paragraph, shown)
        return paragraph

    def styled(self, paragraph: Paragraph, value: Cell, *, bold: bool = False) -> None:
        """Add a cell's text to *paragraph* in its tone (good, warn, bad, muted, strong)."""
        text = plain(value.text if isinstance(value, Styled) else value)
        run = _text_run(paragraph, text)
        if bold:
            run.bold = True
        if isinstance(value, Styled):
            if value.tone == "strong":
                run.bold = True
                run.font.color.rgb = _colour(self.accent)
            elif value.tone in TONES:
                run.font.color.rgb = _colour(TONES[value.tone])
                run.bold = True if value.tone != "muted" else run.bold
        _direction(paragraph, paragraph.text)

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.paragraph(block.text, HEADING_STYLES.get(block.level, "Heading 3"))
        elif isinstance(block, Text):
            style = {
                "lead": "Brief Lead",
                "note": "Brief Note",
                "empty": "Brief Empty",
            }.get(block.kind, "Normal")
            self.paragraph(block.text, style)
        elif isinstance(block, Bullets):
            self.bullets(block)
        elif isinstance(block, Figures):
            self.figures(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Matrix):
            drawing = charts.matrix_chart(block.points, 330, colors.HexColor(self.accent))
            self.picture(drawing_png(drawing), Cm(11))
        elif isinstance(block, Bars):
            self.paragraph(block.title, "Heading 3")
            drawing = charts.bar_chart(block.bars, 400, colors.HexColor(self.accent))
            self.picture(drawing_png(drawing), Cm(14))
        elif isinstance(block, UseCaseCard):
            self.card(block)
        elif isinstance(block, SeeAlso):
            where = SECTION_TITLES.get(block.section, block.section)
            self.paragraph(f"{block.text} (see {where})", "Brief Note")
        elif isinstance(block, PageBreak):
            self.document.add_page_break()
        else:  # pragma: no cover
            raise TypeError(f"unknown block {block!r}")

    def picture(self, png: bytes, width: int) -> None:
        self.document.add_picture(io.BytesIO(png), width=width)
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def bullets(self, block: Bullets) -> None:
        for n, item in enumerate(block.items, start=1):
            # Numbers are written, not Word's list numbering: every numbered list
            # in a python-docx document shares one counter, so a second list
            # would start at 4.
            paragraph = self.document.add_paragraph()
            if not block.numbered:
                self.set_style(paragraph, "List Bullet")
            if block.numbered:
                paragraph.paragraph_format.left_indent = Cm(0.63)
                paragraph.paragraph_format.first_line_indent = Cm(-0.63)
                paragraph.add_run(f"{n}.\t")
            paragraph.paragraph_format.space_after = Pt(3)
            parts = item if isinstance(item, tuple) else (item,)
            for index, part in enumerate(parts):
                if index:
                    paragraph.add_run("  " if self._is_label(parts[0]) and index == 1 else " — ")
                if index == 0 and self._is_label(part):
                    assert isinstance(part, Styled)
                    run = paragraph.add_run(plain(part.text).upper())
                    run.bold = True
                    run.font.size = Pt(7.5)
                    run.font.color.rgb = _colour(MUTED)
                else:
                    self.styled(paragraph, part)

    @staticmethod
    def _is_label(part: Cell) -> bool:
        return isinstance(part, Styled) and part.tone == "muted"

    def figures(self, block: Figures) -> None:
        if not block.items:
            return
        table = self.document.add_table(rows=1, cols=len(block.items))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for cell, (value, caption) in zip(table.rows[0].cells, block.items, strict=True):
            _shade(cell, self.stripe)
            first = cell.paragraphs[0]
            self.set_style(first, "Brief Cell")
            run = first.add_run(plain(value))
            run.bold = True
            run.font.size = Pt(15)
            run.font.color.rgb = _colour(self.accent)
            note = cell.add_paragraph(plain(caption))
            self.set_style(note, "Brief Cell")
            note.runs[0].font.size = Pt(8)
            note.runs[0].font.color.rgb = _colour(MUTED)
        self.document.add_paragraph()

    def table(self, block: Table) -> None:
        table = self.document.add_table(rows=1, cols=len(block.columns))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        _borders(table, RULE)
        widths = [int(TEXT_WIDTH * c.width) for c in block.columns]
        _widths(table, widths)
        header = table.rows[0].cells
        for cell, column, width in zip(header, block.columns, widths, strict=True):
            cell.width = width
            _shade(cell, self.accent)
            paragraph = cell.paragraphs[0]
            self.set_style(paragraph, "Brief Cell")
            run = paragraph.add_run(plain(column.title))
            run.bold = True
            run.font.size = Pt(7.5)
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            if column.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _repeat_header(table)
        rows = list(block.rows) + ([block.total] if block.total is not None else [])
        # Each body row is a copy of a blank row styled once (style, alignment,
        # stripe): styling every cell through python-docx took seconds on a big brief.
        blank = table.add_row()
        for cell, column in zip(blank.cells, block.columns, strict=True):
            paragraph = cell.paragraphs[0]
            self.set_style(paragraph, "Brief Cell")
            if column.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        plain_row = copy.deepcopy(blank._tr)
        for cell in blank.cells:
            _shade(cell, self.stripe)
        striped_row = copy.deepcopy(blank._tr)
        table._tbl.remove(blank._tr)
        for index, values in enumerate(rows):
            total = block.total is not None and index == len(rows) - 1
            row = copy.deepcopy(striped_row if index % 2 and not total else plain_row)
            table._tbl.append(row)
            for tc, value in zip(row.tc_lst, values, strict=True):
                self.styled(_Cell(tc, table).paragraphs[0], value, bold=total)
        self.document.add_paragraph()

    def card(self, block: UseCaseCard) -> None:
        """The PDF's readiness card: title and status, a row per dimension, the
        owner and metric, then what blocks production and what is still missing."""
        table = self.document.add_table(rows=1, cols=4)
        table.autofit = False
        _borders(table, RULE)
        widths = [int(TEXT_WIDTH * w) for w in (0.20, 0.14, 0.49, 0.17)]
        _widths(table, widths)
        top = table.rows[0].cells
        heading = top[0].merge(top[2]).paragraphs[0]
        self.set_style(heading, "Brief Cell")
        number = heading.add_run(f"#{block.rank}  ")
        number.font.color.rgb = _colour(MUTED)
        self.styled(heading, block.title, bold=True)
        status = top[3].paragraphs[0]
        self.set_style(status, "Brief Cell")
        run = status.add_run((block.status_text or status_label(block.status)).upper())
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        status.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(top[3], status_colour(block.status))
        dimension_of = {label: key for key, label in DIMENSION_LABELS.items()}
        for label, score, note in block.ratings:
            rated = rating_status(dimension_of.get(label, ""), score)
            shown: Cell = (
                Styled("not scored", "muted")
                if score is None or rated is None
                else Styled(f"{score}/5", STATUS_TONES[rated])
            )
            self._card_row(table, (label, shown, note or Styled("—", "muted")), span_from=2)
        metric: Cell = (
            f"Success metric: {block.metric}"
            if block.metric.strip()
            else Styled("no success metric", "bad")
        )
        owner: Cell = block.owner if block.owner.strip() else Styled("no owner", "bad")
        self._card_row(table, (Styled("Owner", "muted"), owner, metric), span_from=2)
        for label, items in (("Blocks production", block.blockers), ("Still missing", block.gaps)):
            if items:
                self._card_row(table, (Styled(label, "muted"), "; ".join(items)), span_from=1)
        _keep_together(table)
        self.document.add_paragraph()

    def _card_row(self, table: DocxTable, values: tuple[Cell, ...], *, span_from: int) -> None:
        """A row whose last value spans from column *span_from* to the end."""
        cells = table.add_row().cells
        cells[span_from].merge(cells[-1])
        for cell, value in zip(cells, values, strict=False):
            paragraph = cell.paragraphs[0]
            self.set_style(paragraph, "Brief Cell")
            self.styled(paragraph, value)


# --- the document ---------------------------------------------------------------------------


def _cover(writer: _Writer, cover: Cover, logo: Path | None) -> None:
    document = writer.document
    if logo is not None:
        document.add_picture(str(logo), height=Cm(1.8))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if cover.consultancy:
        writer.paragraph(cover.consultancy, "Brief Cover")
    for _ in range(6):
        document.add_paragraph()
    kicker = writer.paragraph(cover.subtitle.upper(), "Brief Cover")
    kicker.runs[0].bold = True
    kicker.runs[0].font.color.rgb = _colour(writer.accent)
    writer.paragraph(cover.title, "Title")
    for line, style in (
        (cover.client, "Brief Cover"),
        (cover.date, "Normal"),
        (cover.facilitators, "Normal"),
        (cover.issued, "Normal"),
    ):
        if line:
            writer.paragraph(line, style)
    if cover.confidentiality:
        for _ in range(4):
            document.add_paragraph()
        confidential = writer.paragraph(cover.confidentiality, "Brief Note")
        confidential.runs[0].bold = True


def _contents(writer: _Writer, brief: Brief) -> None:
    """A table of contents on the cover of a long brief: Word's own TOC field over
    the Heading 1 chapters, shown with the chapter names until Word fills in the
    page numbers (Update field)."""
    label = writer.paragraph("Contents", "Brief Cover")
    label.runs[0].bold = True
    titles = [plain(section.title) for section in brief.sections]
    for index, title in enumerate(titles):
        paragraph = writer.document.add_paragraph()
        if index == 0:
            _field_start(paragraph, 'TOC \\o "1-1" \\h \\z \\u')
        paragraph.add_run(title)
        if index == len(titles) - 1:
            _field_end(paragraph)


def _footer(document: DocumentObject, brief: Brief) -> None:
    section = document.sections[0]
    section.different_first_page_header_footer = True  # the cover has no footer
    paragraph = section.footer.paragraphs[0]
    paragraph.style = document.styles["Brief Note"]
    paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    left = " · ".join(plain(p) for p in (brief.cover.title, brief.cover.confidentiality) if p)
    paragraph.add_run(left + "\tPage ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES", "1")


def render_docx(
    brief: Brief,
    accent: str,
    *,
    logo: Path | None = None,
    progress: ProgressCallback | None = None,
) -> bytes:
    """The brief as a .docx file's bytes. *logo* must be a readable PNG or JPEG
    (:func:`facilitator.brief.load_logo` checks it first)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    _styles(document, accent)
    writer = _Writer(document, accent)
    _cover(writer, brief.cover, logo)
    if brief.contents and brief.sections:
        _contents(writer, brief)
    _footer(document, brief)
    total = max(len(brief.sections), 1)
    for index, part in enumerate(brief.sections):
        if progress is not None:
            progress(index / total)
        heading = writer.paragraph(part.title, "Heading 1")
        heading.paragraph_format.page_break_before = True
        for block in part.blocks:
            writer.block(block)
    _leave_out_template_leftovers(document)
    properties = document.core_properties
    properties.title = plain(brief.title)
    properties.subject = plain(brief.subject)
    properties.author = plain(brief.author)
    properties.last_modified_by = "Facilitator"
    properties.comments = ""
    properties.keywords = ""
    properties.revision = 1
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties.created = properties.modified = now
    properties.language = "en"
    out = io.BytesIO()
    document.save(out)
    if progress is not None:
        progress(1.0)
    return out.getvalue()
