"""Escaping user text for the Markdown export: it must print as typed (CommonMark, GFM)."""

from __future__ import annotations

import pytest

from facilitator.brief.markdown import escape


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        # Inline markup, anywhere in a line.
        ("Use *stars* and _lines_", r"Use \*stars\* and \_lines\_"),
        ("a `command`", r"a \`command\`"),
        ("<b>tags</b>", r"\<b\>tags\</b\>"),
        ("a | b", r"a \| b"),  # would split a table cell
        ("[link](http://x)", r"\[link\](http://x)"),
        ("~~struck~~", r"\~\~struck\~\~"),
        ("back\\slash", r"back\\slash"),
        ("> quoted", r"\> quoted"),
        # What starts a line.
        ("# Heading", r"\# Heading"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("1. item", r"1\. item"),
        ("2024. A year", r"2024\. A year"),
        ("1) item", r"1\) item"),  # the other ordered-list marker
        ("1.", r"1\."),  # an empty list item
        ("3)", r"3\)"),
        ("1.5 points", "1.5 points"),
        ("A 1) b", "A 1) b"),
        # Entities would print as "&" or "©"; a plain "&" stays readable.
        ("&amp; and &copy;", r"\&amp; and \&copy;"),
        ("&#169; &#xA9;", r"\&#169; \&#xA9;"),
        ("R&D, P & L; Q&A", "R&D, P & L; Q&A"),
        # A line of "=" or "-" would make the line above a heading.
        ("Title\n===", "Title  \n\\==="),
        ("Title\n=", "Title  \n\\="),
        ("Title\n---", "Title  \n\\---"),
        ("Title\n- - -", "Title  \n\\- - -"),
        # ":-" under a line with a pipe would make a table.
        ("a | b\n:-", "a \\| b  \n\\:-"),
        # Closing "#"s would be dropped from a heading.
        ("Room #", r"Room \#"),
        ("Room ## ", r"Room \##"),
        ("C# and F#", "C# and F#"),
        # Four spaces or a tab in front would start a code block.
        ("    code", "code"),
        ("\tcode", "code"),
        ("a\n    b", "a  \nb"),
        # Line breaks are kept; an empty line does not end the paragraph or list item.
        ("one\ntwo", "one  \ntwo"),
        ("one\r\ntwo", "one  \ntwo"),
        ("one\n\ntwo", "one  \n&nbsp;  \ntwo"),
        # Space around the text would stop "*...*" emphasis around it.
        ("  note  ", "note"),
        ("\nnote\n", "note"),
        ("   ", ""),
        ("", ""),
    ],
)
def test_escape(typed: str, escaped: str) -> None:
    assert escape(typed) == escaped


def test_the_markdown_reads_as_a_document_without_its_charts() -> None:
    from datetime import date

    from facilitator.brief.content import brief_content
    from facilitator.brief.markdown import render_markdown
    from facilitator.demo import build_demo
    from facilitator.scoring import WorkshopData
    from facilitator.workshop import Workshop

    data = WorkshopData.of(build_demo(Workshop.in_memory(title="demo")))
    text = render_markdown(brief_content(data, issued=date(2026, 11, 20)))
    # No caption of a chart that is not there: the matrix is said in words.
    assert "Filled circles" not in text and "open squares" not in text
    assert "- **Quick wins** (high value, high feasibility): #1 (ready), #2 (ready), #3" in text
    assert "- **Big bets** (high value, lower feasibility): #4 (blocked)" in text
    # Page numbers do not exist here: a cross-reference names the section instead.
    assert "*14 risks in the register (see Risk register)*" in text
    assert "(page " not in text
    assert "Issued 20 November 2026 · Version 1" in text
    assert "## Executive summary" in text and "### Decisions asked for" in text
