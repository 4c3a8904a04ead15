"""The PDF strategy brief: what leadership reads the day after the workshop.

    >>> from facilitator.brief import BriefOptions, write_brief   # doctest: +SKIP
    >>> write_brief(WorkshopData.of(workshop), Path("brief.pdf"), BriefOptions())

:mod:`~facilitator.brief.content` decides what the brief says (pure data, from
:mod:`facilitator.scoring`), :mod:`~facilitator.brief.pdf` lays it out with
ReportLab. :func:`write_brief` reports progress, can be cancelled, and writes
the file atomically: a failure leaves any previous PDF at that path as it was.
"""

from __future__ import annotations

import errno
import io
import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.platypus.doctemplate import LayoutError

from facilitator import branding
from facilitator.branding import DEFAULT_ACCENT, DEFAULT_CONFIDENTIALITY, Branding
from facilitator.brief.content import ALL_SECTIONS, SECTION_TITLES, Brief, brief_content
from facilitator.brief.pdf import ExportCancelledError, look, readable_accent, render_pdf
from facilitator.errors import WorkshopError, shown_path
from facilitator.model import WorkshopMeta
from facilitator.received import NotAFileError, TooBigError, read_bounded
from facilitator.scoring import WorkshopData

__all__ = [
    "ALL_SECTIONS",
    "SECTION_TITLES",
    "BriefError",
    "BriefOptions",
    "CancelToken",
    "ExportCancelledError",
    "Warn",
    "brief_for",
    "render_brief",
    "write_brief",
]


class BriefError(WorkshopError):
    """The brief could not be written; the message says why (and nothing was replaced)."""


@dataclass(frozen=True)
class BriefOptions:
    """Branding and the choice of sections."""

    sections: tuple[str, ...] = ALL_SECTIONS
    consultancy: str = ""
    logo: Path | None = None
    accent: str = DEFAULT_ACCENT
    confidentiality: str = DEFAULT_CONFIDENTIALITY
    issued: date | None = None
    """The brief's issue date on the cover; None: the day it is written."""
    version: str = "1"
    template: Path | None = None
    """A client's PowerPoint template (.potx or .pptx) for the readout deck."""

    @classmethod
    def for_workshop(
        cls,
        app: Branding,
        meta: WorkshopMeta,
        sections: Iterable[str] = ALL_SECTIONS,
        *,
        folder: Path | None = None,
        trusted: Collection[Path] = (),
    ) -> BriefOptions:
        """Options from the app's branding with the workshop's usable overrides applied
        (:func:`facilitator.branding.for_workshop`)."""
        chosen = branding.for_workshop(app, meta, folder=folder, trusted=trusted).checked()
        return cls(
            sections=tuple(sections),
            consultancy=chosen.consultancy,
            logo=chosen.logo_path,
            accent=chosen.accent,
            confidentiality=chosen.confidentiality,
            template=chosen.template_path,
        )


class CancelToken:
    """Set from any thread (or, given a multiprocessing Event, any process) to stop
    an export at the next page."""

    def __init__(self, event: threading.Event | Any | None = None) -> None:
        self._event = event if event is not None else threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


Progress = Callable[[float, str], None]
"""Called with the share done (0..1) and what is happening, in words."""
Warn = Callable[[str], None]
"""Called with a one-line notice of something the export changed to stay readable."""


def check_sections(sections: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(sections)
    unknown = [s for s in chosen if s not in SECTION_TITLES]
    if unknown:
        raise BriefError(f"unknown section {unknown[0]!r} (sections: {', '.join(ALL_SECTIONS)})")
    return chosen


def cannot_write(path: Path, error: OSError) -> BriefError:
    """Why an export could not be written, in the consultant's words."""
    if not path.parent.is_dir():
        return BriefError(
            f"could not write {shown_path(path)}: the folder {shown_path(path.parent)} "
            "does not exist"
        )
    advice = _WRITE_ADVICE.get(error.errno or 0)
    if advice:
        return BriefError(f"could not write {shown_path(path)}: {advice} ({error.strerror})")
    return BriefError(f"could not write {shown_path(path)}: {error.strerror or error}")


# An export goes to a temporary file beside the target, then is renamed over it: so a
# refusal is the folder's (or the disk's), never the old file's own permissions.
_WRITE_ADVICE = {
    errno.EACCES: "you may not write in that folder; choose another folder",
    errno.EPERM: "you may not write in that folder; choose another folder",
    errno.EROFS: "that disk is read-only; choose another folder",
    errno.ENOSPC: "the disk is full; free some space or choose another disk",
}


LOGO_MAX_BYTES = 20 * 1024 * 1024
"""A logo file is read whole into memory; no cover needs a bigger one."""
LOGO_MAX_PIXELS = 40_000_000
"""A small file can declare a picture of billions of pixels (a decompression bomb)."""


def load_logo(path: Path | None) -> ImageReader | None:
    """The logo as ReportLab reads it, or a BriefError that says what is wrong.

    Read once, from a regular file of a sane size: a device (``/dev/zero``) would
    never end, a pipe would wait for ever, and a folder is no picture.
    """
    if path is None:
        return None
    where = shown_path(path)
    data = _logo_bytes(path, where)
    try:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
        if width * height > LOGO_MAX_PIXELS:
            raise BriefError(
                f"logo: {where} is {width:,} × {height:,} pixels; "
                "use a smaller picture (a cover needs about 1,000 pixels across)"
            )
        # Decode it all now: the header of a cut-off file reads fine, and the rest
        # would fail half-way through drawing the cover, with ReportLab's words.
        reader.getRGBData()  # type: ignore[no-untyped-call]
    except BriefError:
        raise
    except Exception as error:  # PIL raises many kinds for a broken image
        raise BriefError(f"logo: {where} is not a readable PNG or JPEG image") from error
    if not width or not height:
        raise BriefError(f"logo: {where} has no size")
    return reader


def _logo_bytes(path: Path, where: str) -> bytes:
    try:
        return read_bounded(path, LOGO_MAX_BYTES)
    except FileNotFoundError:
        raise BriefError(f"logo: {where} does not exist; choose a PNG or JPEG file") from None
    except NotAFileError as error:
        if error.kind == "a folder":
            raise BriefError(
                f"logo: {where} is a folder; choose a PNG or JPEG file in it"
            ) from None
        raise BriefError(
            f"logo: {where} is {error.kind}, not a picture file; choose a PNG or JPEG file"
        ) from None
    except TooBigError:
        raise BriefError(
            f"logo: {where} is larger than {LOGO_MAX_BYTES // (1024 * 1024)} MB; "
            "use a smaller PNG or JPEG"
        ) from None
    except OSError as error:
        raise BriefError(
            f"logo: {where} cannot be read ({error.strerror or error}); choose a PNG or JPEG file"
        ) from None


def brief_for(data: WorkshopData, options: BriefOptions) -> Brief:
    return brief_content(
        data,
        consultancy=options.consultancy,
        confidentiality=options.confidentiality,
        sections=check_sections(options.sections),
        issued=options.issued,
        version=options.version,
    )


def render_brief(
    data: WorkshopData,
    options: BriefOptions,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    warn: Warn | None = None,
) -> bytes:
    """The PDF brief for *data*, as bytes (progress goes up to 0.95).

    Raises :class:`ExportCancelledError` if *cancel* is set, :class:`BriefError` for a
    bad option (logo, accent, sections). *warn* hears what was changed to keep the
    brief readable (an accent too pale to read on white is darkened).
    """
    report = progress or (lambda share, what: None)
    logo = load_logo(options.logo)
    try:
        accent, changed = readable_accent(Branding(accent=options.accent).checked().accent)
    except branding.BrandingError as error:
        raise BriefError(str(error)) from None
    if changed and warn is not None:
        warn(changed)
    lk = look(accent)
    report(0.02, "Working out the numbers")
    brief = brief_for(data, options)

    def on_layout(share: float) -> None:
        if cancel is not None and cancel.cancelled:
            raise ExportCancelledError("the export was cancelled")
        report(0.05 + 0.9 * share, "Laying out pages")

    if cancel is not None and cancel.cancelled:
        raise ExportCancelledError("the export was cancelled")
    try:
        return render_pdf(brief, lk, logo=logo, progress=on_layout)
    except LayoutError as error:  # should not happen; never show ReportLab's words raw
        raise BriefError(f"the brief could not be laid out: {error}") from None


def write_brief(
    data: WorkshopData,
    path: Path,
    options: BriefOptions,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    warn: Warn | None = None,
) -> Path:
    """Write the PDF brief for *data* to *path*; returns *path*.

    :func:`facilitator.exports.export` in PDF: the same checks of the target, the
    same errors. In every failure the file at *path*, if there was one, is untouched
    and no temporary file is left.
    """
    from facilitator import exports  # exports builds on this package

    return exports.export(data, path, "pdf", options, progress=progress, cancel=cancel, warn=warn)
