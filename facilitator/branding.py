"""The consultancy's branding for the brief: name, logo, accent colour, confidentiality,
and the PowerPoint template the readout deck is built on.

Set once in the app's settings (``branding.json`` in the settings folder, shared by
the GUI and the command line) and overridable per workshop — a consultant who
subcontracts for another firm brands that client's brief as that firm. The
workshop keeps its overrides in ``meta.branding`` and its confidentiality line in
``meta.confidentiality``.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from facilitator import atomic, paths
from facilitator.errors import WorkshopError
from facilitator.model import WorkshopMeta

DEFAULT_ACCENT = "#1F4E79"
DEFAULT_CONFIDENTIALITY = "Confidential"
OVERRIDABLE = ("consultancy", "logo", "accent", "template")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


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
        if not _HEX.match(self.accent):
            raise BrandingError(
                f"accent colour {self.accent!r} is not a colour like {DEFAULT_ACCENT}"
            )
        return replace(self, accent=self.accent.upper())

    @property
    def logo_path(self) -> Path | None:
        return Path(self.logo).expanduser() if self.logo.strip() else None

    @property
    def template_path(self) -> Path | None:
        return Path(self.template).expanduser() if self.template.strip() else None


def settings_file() -> Path:
    return paths.config_dir() / "branding.json"


def load(path: Path | None = None) -> Branding:
    """The app's branding; defaults when nothing was saved yet."""
    path = path or settings_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Branding()
    except (OSError, ValueError) as error:
        raise BrandingError(f"the branding settings in {path} cannot be read: {error}") from None
    if not isinstance(raw, dict):
        raise BrandingError(f"the branding settings in {path} are not a JSON object")
    known = {k: str(v) for k, v in raw.items() if k in Branding.__dataclass_fields__}
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
    return {k: str(raw[k]) for k in OVERRIDABLE if isinstance(raw.get(k), str) and raw[k]}


def for_workshop(app: Branding, meta: WorkshopMeta) -> Branding:
    """The branding a workshop's brief uses: the app's, then the workshop's overrides."""
    chosen = replace(app, **overrides(meta))
    if meta.confidentiality.strip():
        chosen = replace(chosen, confidentiality=meta.confidentiality)
    return chosen
