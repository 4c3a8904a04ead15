"""Branding settings: saved once for the app, overridden per workshop."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import branding
from facilitator.branding import Branding, BrandingError
from facilitator.model import WorkshopMeta


def test_defaults_until_something_is_saved(private_folders: Path) -> None:
    assert branding.load() == Branding()
    saved = branding.save(Branding(consultancy="Northbridge", accent="#aa3300"))
    assert saved == private_folders / "config" / "branding.json"
    assert branding.load() == Branding(consultancy="Northbridge", accent="#AA3300")


def test_a_bad_colour_is_refused_with_the_setting_named() -> None:
    with pytest.raises(BrandingError, match="accent colour 'red'"):
        branding.save(Branding(accent="red"))


def test_a_corrupt_settings_file_says_so(private_folders: Path) -> None:
    path = branding.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(BrandingError, match="cannot be read"):
        branding.load()


def test_the_workshop_overrides_the_app() -> None:
    app = Branding(consultancy="Us", accent="#112233", confidentiality="Internal")
    meta = WorkshopMeta.build(
        {
            "title": "T",
            "confidentiality": "Client eyes only",
            "branding": {"consultancy": "Partner", "logo": "/logos/partner.png", "other": "x"},
        }
    )
    chosen = branding.for_workshop(app, meta)
    assert chosen == Branding(
        consultancy="Partner",
        logo="/logos/partner.png",
        accent="#112233",
        confidentiality="Client eyes only",
    )
    plain = WorkshopMeta.build({"title": "T"})
    assert branding.for_workshop(app, plain) == app
