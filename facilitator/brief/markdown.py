"""The brief's content as Markdown, for pasting into the client's own documents.

Renders the same :class:`~facilitator.brief.content.Brief` the PDF is laid out
from. User text is escaped so that ``*``, ``_``, ``|`` or ``<b>`` typed in the
room print as typed wherever the Markdown lands.
"""

from __future__ import annotations

import re

from facilitator.brief.content import (
    SECTION_TITLES,
    Bars,
    Block,
    Brief,
    Bullets,
    Cell,
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
from facilitator.brief.text import clean
from facilitator.scoring import quadrant_of, status_label

QUADRANTS = {
    "Quick wins": "high value, high feasibility",
    "Big bets": "high value, lower feasibility",
    "Fill-ins": "lower value, high feasibility",
    "Money pits": "both lower",
}

# Inline markup anywhere in a line: emphasis, code, links, raw HTML, autolinks,
# table pipes and strikethrough; and "&" where it starts an entity ("&amp;",
# "&copy;", "&#169;"), which would print as "&" or "©". "R&D" stays as typed.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?[A-Za-z0-9]+;))")
# What starts a line can make it a block of its own (CommonMark, sections 4 and 5).
# "1. " or "1) ", or "1." alone, starts an ordered list;
_LIST_NUMBER = re.compile(r"^([0-9]+)([.)])(?=[ \t]|$)")
# "- " or "+ " a list item, "# " a heading, "---" a rule; a line of "=" or "-"
# makes the line above a heading, and ":-" under a line with a "|" makes a table.
# (">", "*", "_", "`" and "~" are escaped anywhere.)
_LINE_START = re.compile(r"^([-+#=]|:(?=-))")
# A heading's closing "#"s: "## Room #" would print as "Room".
_CLOSING_HASHES = re.compile(r"(?<=[ \t])#(?=#*[ \t]*$)")


def escape(text: str) -> str:
    """Markdown-safe text: special characters backslashed, line breaks kept.

    Space around the text and each line is dropped: four spaces in front would
    start a code block, a space inside ``*...*`` would stop the emphasis, and
    paragraphs print without them anyway. An empty line inside the text is kept
    as a non-breaking space, so that it does not end the paragraph or list item.
    """
    text = clean(text).strip()
    return "  \n".join(_escape_line(line) for line in text.split("\n")) if text else ""


def _escape_line(line: str) -> str:
    line = _SPECIAL.sub(r"\\\1", line.lstrip(" ").rstrip())
    line = _LINE_START.sub(r"\\\1", _LIST_NUMBER.sub(r"\1\\\2", line))
    return _CLOSING_HASHES.sub(r"\\#", line) or "&nbsp;"


def _cell(value: Cell) -> str:
    text = value.text if isinstance(value, Styled) else value
    out = escape(text).replace("  \n", "<br>")
    if isinstance(value, Styled) and value.tone in ("good", "warn", "bad", "strong") and out:
        out = f"**{out}**"
    return out


def _table(block: Table) -> list[str]:
    lines = ["| " + " | ".join(escape(c.title) for c in block.columns) + " |"]
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in block.columns) + "|")
    rows = list(block.rows) + ([block.total] if block.total else [])
    for row in rows:
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return [*lines, ""]


def _use_case(block: UseCaseCard) -> list[str]:
    status = block.status_text or (block.status.value if block.status else "")
    out = [f"#### #{block.rank} {escape(block.title)} — **{status}**", ""]
    for label, score, note in block.ratings:
        shown = "not scored" if score is None else f"{score}/5"
        out.append(f"- {label}: {shown}" + (f" — {escape(note)}" if note else ""))
    out.append(f"- Owner: {escape(block.owner) or '**no owner**'}")
    out.append(f"- Success metric: {escape(block.metric) or '**no success metric**'}")
    if block.blockers:
        out.append(f"- Blocks production: {escape('; '.join(block.blockers))}")
    if block.gaps:
        out.append(f"- Still missing: {escape('; '.join(block.gaps))}")
    return [*out, ""]


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * min(block.level, 6) + " " + escape(block.text), ""]
    if isinstance(block, Text):
        text = escape(block.text)
        return [f"*{text}*" if block.kind in ("note", "empty") and text else text, ""]
    if isinstance(block, Bullets):
        out = []
        for n, item in enumerate(block.items, start=1):
            marker = f"{n}." if block.numbered else "-"
            if isinstance(item, tuple):
                parts = [_cell(part) for part in item]
                text = " — ".join(p for p in parts if p)
            else:
                text = _cell(item)
            out.append(f"{marker} {text}")
        return [*out, ""]
    if isinstance(block, Figures):
        return [*(f"- **{escape(value)}** {escape(caption)}" for value, caption in block.items), ""]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Matrix):
        # The chart's caption explains its marks; without the chart, the quadrants are
        # said in words, the shortlist marked in them.
        groups: dict[str, list[str]] = {name: [] for name in QUADRANTS}
        for point in block.points:
            mark = f" ({status_label(point.status).lower()})" if point.shortlisted else ""
            groups[quadrant_of(point.value, point.feasibility)].append(f"#{point.rank}{mark}")
        return [
            "Where the scored use cases sit (the ranks of the table above; shortlisted ones "
            "with their readiness):",
            "",
            *(
                f"- **{name}** ({QUADRANTS[name]}): {', '.join(ranks)}"
                for name, ranks in groups.items()
                if ranks
            ),
            "",
        ]
    if isinstance(block, Bars):
        return [
            f"**{escape(block.title)}**",
            "",
            *(f"- {escape(label)}: {count}" for label, count in block.bars),
            "",
        ]
    if isinstance(block, UseCaseCard):
        return _use_case(block)
    if isinstance(block, SeeAlso):
        where = block.title or SECTION_TITLES.get(block.section, block.section)
        return [f"*{escape(block.text)} (see {escape(where)})*", ""]
    if isinstance(block, PageBreak):
        return []
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover


def render_markdown(brief: Brief) -> str:
    cover = brief.cover
    lines = [f"# {escape(cover.title)}", "", f"**{escape(cover.subtitle)}**", ""]
    for line in (cover.client, cover.date, cover.facilitators, cover.consultancy, cover.issued):
        if line:
            lines += [escape(line), ""]
    if cover.confidentiality:
        lines += [f"*{escape(cover.confidentiality)}*", ""]
    for section in brief.sections:
        lines += [f"## {escape(section.title)}", ""]
        for block in section.blocks:
            lines += _block(block)
    return "\n".join(lines).rstrip() + "\n"
