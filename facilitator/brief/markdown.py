"""The brief's content as Markdown, for pasting into the client's own documents.

Renders the same :class:`~facilitator.brief.content.Brief` the PDF is laid out
from. User text is escaped so that ``*``, ``_``, ``|`` or ``<b>`` typed in the
room print as typed wherever the Markdown lands.
"""

from __future__ import annotations

import re

from facilitator.brief.content import (
    Bars,
    Block,
    Brief,
    Bullets,
    Cell,
    Figures,
    Heading,
    Matrix,
    PageBreak,
    Styled,
    Table,
    Text,
    UseCaseCard,
)
from facilitator.brief.text import clean
from facilitator.scoring import quadrant_of

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Markdown-safe text: special characters backslashed, line breaks kept."""
    lines = [_SPECIAL.sub(r"\\\1", line) for line in clean(text).split("\n")]
    # What starts a line can make it a heading or a list item: "# ", "1. ", "- ", "+ ".
    lines = [re.sub(r"^(\s*)(\d+)\.(\s)", r"\1\2\\.\3", ln) for ln in lines]
    lines = [re.sub(r"^(\s*)([-+#])", r"\1\\\2", ln) for ln in lines]
    return "  \n".join(lines)


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
    out = [f"#### #{block.rank} {escape(block.title)} — **{block.status.value}**", ""]
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
        groups: dict[str, list[str]] = {}
        for point in block.points:
            groups.setdefault(quadrant_of(point.value, point.feasibility), []).append(
                f"#{point.rank}"
            )
        return [
            *(f"- **{name}:** {', '.join(ranks)}" for name, ranks in groups.items()),
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
    if isinstance(block, PageBreak):
        return []
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover


def render_markdown(brief: Brief) -> str:
    cover = brief.cover
    lines = [f"# {escape(cover.title)}", "", f"**{escape(cover.subtitle)}**", ""]
    for line in (cover.client, cover.date, cover.facilitators, cover.consultancy):
        if line:
            lines += [escape(line), ""]
    if cover.confidentiality:
        lines += [f"*{escape(cover.confidentiality)}*", ""]
    for section in brief.sections:
        lines += [f"## {escape(section.title)}", ""]
        for block in section.blocks:
            lines += _block(block)
    return "\n".join(lines).rstrip() + "\n"
