"""The consultancy's branding for the brief: name, logo, accent colour, confidentiality,
and the PowerPoint template the readout deck is built on.

Set once in the app's settings (``branding.json`` in the settings folder, shared by
the GUI and the command line) and overridable per workshop — a consultant who
subcontracts for another firm brands that client's brief as that firm. The
workshop keeps its overrides in ``meta.branding`` and its confidentiality line in
``meta.confidentiality``.

A workshop file may come from anyone, so what it stores is used with care. A
stored accent that is not a colour is left out, with a warning, rather than
blocking every export. A stored logo path is used only when the logo lies inside
the workshop's own folder, or is one the consultant chose as a logo on this
machine (:func:`trust_logo`; the Export dialog asks first): a received workshop
must not pick a picture from the consultant's disk to embed in a brief that goes
back out. For the same reason the deck's PowerPoint template is a setting of the
app (and ``export --template``) only, never of a workshop file: a template is
copied whole into the deck. The app's own settings and the command line's
options are the user's choice and are used as they are.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from facilitator import atomic, paths
from facilitator.errors import WorkshopError, shown_path
from facilitator.model import WorkshopMeta

DEFAULT_ACCENT = "#1F4E79"
DEFAULT_CONFIDENTIALITY = "Confidential"
OVERRIDABLE = ("consultancy", "logo", "accent")
# Matched in full: with re.match and "$", "#1F4E79\n" would pass (and ReportLab fail).
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_SHOWN_CHARS = 40
TRUSTED_LOGOS_KEPT = 50


class BrandingError(WorkshopError):
    """A branding setting that cannot be used, with what to fix."""


@dataclass(frozen=True)
class Branding:
    """How briefs look and whose name is on them."""

    consultancy: str = ""
    logo: str = ""
    accent: str = DEFAULT_ACCENT
    confidentiality: str = DEFAULT_CONFIDENTIALITY
    template: str = ""
    """A PowerPoint template (.potx or .pptx) the readout deck is built on."""

    def checked(self) -> Branding:
        """This branding, or BrandingError naming the setting that is wrong."""
        problem = accent_problem(self.accent)
        if problem:
            raise BrandingError(problem)
        return replace(self, accent=self.accent.upper())

    @property
    def logo_path(self) -> Path | None:
        return Path(self.logo).expanduser() if self.logo.strip() else None

    @property
    def template_path(self) -> Path | None:
        return Path(self.template).expanduser() if self.template.strip() else None


def is_colour(value: object) -> bool:
    """True for an accent colour the brief can use: # and six hex digits, nothing else."""
    return isinstance(value, str) and _HEX.fullmatch(value) is not None


def accent_problem(value: object) -> str:
    """Why *value* cannot be an accent colour, in one line; '' when it can."""
    if is_colour(value):
        return ""
    return (
        f"accent colour {shown(value)} is not a colour like {DEFAULT_ACCENT} "
        "(# and six hexadecimal digits)"
    )


def shown(value: object) -> str:
    """A value as a message quotes it: as typed (a newline shown as \\n), and short."""
    if not isinstance(value, str):
        return f"a {type(value).__name__}" if isinstance(value, dict | list) else "not text"
    text = value if len(value) <= _SHOWN_CHARS else value[: _SHOWN_CHARS - 3] + "..."
    return repr(text)


def settings_file() -> Path:
    return paths.config_dir() / "branding.json"


def load(path: Path | None = None) -> Branding:
    """The app's branding; defaults when nothing was saved yet."""
    path = path or settings_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Branding()
    except RecursionError:
        raise BrandingError(
            f"the branding settings in {path} cannot be read: nested too deep"
        ) from None
    except (OSError, ValueError) as error:
        raise BrandingError(f"the branding settings in {path} cannot be read: {error}") from None
    if not isinstance(raw, dict):
        raise BrandingError(f"the branding settings in {path} are not a JSON object")
    known = {k: v for k, v in raw.items() if k in Branding.__dataclass_fields__}
    for key, value in known.items():
        if not isinstance(value, str):
            raise BrandingError(
                f"the branding settings in {path} cannot be used: {key} is {shown(value)}, "
                "not text; set it again in the Export dialog"
            )
    return Branding(**known)


def save(branding: Branding, path: Path | None = None) -> Path:
    path = path or settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(asdict(branding.checked()), ensure_ascii=False, indent=2)
    atomic.write_atomic(path, data.encode("utf-8"))
    return path


def overrides(meta: WorkshopMeta) -> dict[str, str]:
    """The workshop's own branding overrides (only the known keys, as text)."""
    raw: dict[str, Any] = meta.branding
    return {k: raw[k] for k in OVERRIDABLE if isinstance(raw.get(k), str) and raw[k]}


def for_workshop(
    app: Branding,
    meta: WorkshopMeta,
    *,
    folder: Path | None = None,
    trusted: Collection[Path] = (),
) -> Branding:
    """The branding a workshop's brief uses: the app's, then the workshop's overrides
    that can be used (see the module docstring; :func:`left_out` says which
    were left out). *folder* is the workshop's folder (None: kept in memory);
    *trusted* the logos the consultant chose (:func:`trusted_logos`)."""
    usable = overrides(meta)
    if not is_colour(usable.get("accent", DEFAULT_ACCENT)):
        del usable["accent"]
    if "logo" in usable:
        logo = workshop_logo(meta, folder)
        if logo is None or not logo_allowed(logo, folder, trusted):
            del usable["logo"]
        else:
            usable["logo"] = str(logo)
    chosen = replace(app, **usable)
    if meta.confidentiality.strip():
        chosen = replace(chosen, confidentiality=meta.confidentiality)
    return chosen


def workshop_logo(meta: WorkshopMeta, folder: Path | None) -> Path | None:
    """The logo the workshop file names, a relative path read from its folder."""
    logo = overrides(meta).get("logo", "")
    if not logo.strip():
        return None
    path = Path(logo).expanduser()
    return folder / path if folder is not None and not path.is_absolute() else path


def logo_allowed(logo: Path, folder: Path | None, trusted: Collection[Path]) -> bool:
    """Whether a logo a workshop names may be embedded without asking: it lies inside
    the workshop's folder (links resolved), or the consultant chose it before."""
    real = Path(os.path.realpath(logo))
    if folder is not None and real.is_relative_to(os.path.realpath(folder)):
        return True
    return real in {Path(os.path.realpath(t)) for t in trusted}


def withheld_logo(
    meta: WorkshopMeta, folder: Path | None, trusted: Collection[Path] = ()
) -> Path | None:
    """The workshop's logo when it is not used until the consultant confirms it."""
    logo = workshop_logo(meta, folder)
    if logo is None or logo_allowed(logo, folder, trusted):
        return None
    return logo


@dataclass(frozen=True)
class LeftOut:
    """A branding setting the workshop stores that exports leave out, and why."""

    setting: str  # "consultancy", "logo" or "accent"
    shown: str  # the stored value as a message quotes it
    reason: str  # one line, without advice: each place that shows it says what to do

    def __str__(self) -> str:
        return self.reason


def left_out(
    meta: WorkshopMeta,
    *,
    folder: Path | None = None,
    trusted: Collection[Path] = (),
    ignore: Collection[str] = (),
) -> list[LeftOut]:
    """What :func:`for_workshop` leaves out of the workshop's branding; *ignore* names
    settings given some other way (``--accent``), which make the stored ones moot."""
    raw: dict[str, Any] = meta.branding
    found: list[LeftOut] = []
    for key in OVERRIDABLE:
        if key in ignore or key not in raw or raw[key] == "":
            continue
        value = raw[key]
        if not isinstance(value, str):
            found.append(
                LeftOut(key, shown(value), f"the workshop's branding {key} is {shown(value)}")
            )
        elif key == "accent" and not is_colour(value):
            found.append(
                LeftOut(
                    key,
                    shown(value),
                    f"the workshop's accent colour {shown(value)} is not a colour, so the "
                    "app's accent is used",
                )
            )
    logo = withheld_logo(meta, folder, trusted) if "logo" not in ignore else None
    if logo is not None:
        # A link inside the folder (or a "../") is outside only where it leads: say where,
        # or the message names a path inside the folder it claims the logo is outside of.
        real = Path(os.path.realpath(logo))
        where = shown_path(logo) if real == logo else f"{shown_path(logo)} leads to {real}"
        found.append(
            LeftOut(
                "logo",
                shown_path(logo),
                f"the workshop names a logo outside its folder ({where}), so it is not used",
            )
        )
    return found


def trusted_file() -> Path:
    return paths.config_dir() / "trusted-logos.json"


def trusted_logos(path: Path | None = None) -> tuple[Path, ...]:
    """The logos the consultant chose on this machine, most recent first."""
    path = path or trusted_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return ()  # a lost list only means being asked again
    if not isinstance(raw, list):
        return ()
    return tuple(Path(p) for p in raw if isinstance(p, str) and p)


def trust_logo(logo: Path, path: Path | None = None) -> None:
    """Remember that the consultant chose *logo*: a workshop naming it may use it."""
    path = path or trusted_file()
    real = Path(os.path.realpath(logo.expanduser()))
    kept = [real, *(p for p in trusted_logos(path) if p != real)][:TRUSTED_LOGOS_KEPT]
    data = json.dumps([str(p) for p in kept], ensure_ascii=False, indent=2)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_atomic(path, data.encode("utf-8"))
    except OSError:
        pass  # not remembered: the consultant is asked again next time, nothing worse
