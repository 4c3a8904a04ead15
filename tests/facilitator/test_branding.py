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


def test_the_workshop_overrides_the_app(tmp_path: Path) -> None:
    app = Branding(consultancy="Us", accent="#112233", confidentiality="Internal")
    logo = tmp_path / "partner.png"
    meta = WorkshopMeta.build(
        {
            "title": "T",
            "confidentiality": "Client eyes only",
            "branding": {"consultancy": "Partner", "logo": str(logo), "other": "x"},
        }
    )
    chosen = branding.for_workshop(app, meta, folder=tmp_path)
    assert chosen == Branding(
        consultancy="Partner",
        logo=str(logo),
        accent="#112233",
        confidentiality="Client eyes only",
    )
    plain = WorkshopMeta.build({"title": "T"})
    assert branding.for_workshop(app, plain, folder=tmp_path) == app


# --- what a workshop from someone else stores -------------------------------------------


def received(branding_values: dict[str, object]) -> WorkshopMeta:
    return WorkshopMeta.build({"title": "From a client", "branding": branding_values})


def test_a_logo_the_workshop_names_outside_its_folder_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "received"
    (folder / "assets").mkdir(parents=True)
    secret = tmp_path / "home" / "passport.jpg"
    app = Branding(logo="/my/own/logo.png")
    outside = received({"logo": str(secret)})
    assert branding.for_workshop(app, outside, folder=folder).logo == "/my/own/logo.png"
    assert branding.withheld_logo(outside, folder) == secret
    (unused,) = branding.left_out(outside, folder=folder)
    assert unused.setting == "logo" and unused.shown == str(secret)
    assert (
        str(unused) == f"the workshop names a logo outside its folder ({secret}), so it is not used"
    )
    # "../" and a link that leads out are outside too; the folder and below it are not.
    climbing = received({"logo": "../home/passport.jpg"})
    assert branding.for_workshop(app, climbing, folder=folder).logo == "/my/own/logo.png"
    (folder / "link.png").symlink_to(secret)
    linked = received({"logo": "link.png"})
    assert branding.for_workshop(app, linked, folder=folder).logo == "/my/own/logo.png"
    inside = received({"logo": "assets/logo.png"})
    assert branding.for_workshop(app, inside, folder=folder).logo == str(
        folder / "assets" / "logo.png"
    )
    assert branding.left_out(inside, folder=folder) == []
    # A logo the consultant chose before (the Export dialog remembers it) is theirs.
    branding.trust_logo(secret)
    assert branding.trusted_logos() == (secret,)
    trusted = branding.trusted_logos()
    assert branding.for_workshop(app, outside, folder=folder, trusted=trusted).logo == str(secret)
    assert branding.withheld_logo(outside, folder, trusted) is None


def test_a_logo_link_inside_the_folder_is_said_to_lead_outside(tmp_path: Path) -> None:
    """ "names a logo outside its folder (/received/link.png)" named a path inside the
    folder: the reader could not see what was outside."""
    folder = tmp_path / "received"
    folder.mkdir()
    secret = tmp_path / "home" / "passport.jpg"
    (folder / "link.png").symlink_to(secret)
    (unused,) = branding.left_out(received({"logo": "link.png"}), folder=folder)
    assert str(unused) == (
        f"the workshop names a logo outside its folder ({folder / 'link.png'} leads to "
        f"{secret}), so it is not used"
    )


def test_a_bad_stored_accent_is_left_out_and_said_once(tmp_path: Path) -> None:
    app = Branding(accent="#112233")
    meta = received({"accent": "red; evil", "consultancy": "Partner"})
    chosen = branding.for_workshop(app, meta, folder=tmp_path)
    assert chosen.accent == "#112233" and chosen.consultancy == "Partner"
    assert chosen.checked() == chosen  # the brief can use it
    assert [str(u) for u in branding.left_out(meta, folder=tmp_path)] == [
        "the workshop's accent colour 'red; evil' is not a colour, so the app's accent is used"
    ]
    assert branding.left_out(meta, folder=tmp_path, ignore=("accent",)) == []


def test_an_accent_must_be_the_whole_colour_and_is_quoted_as_typed() -> None:
    # re.match with "$" let "#1F4E79\n" through, and ReportLab then failed.
    for typed in ("#1F4E79\n", " #1F4E79", "#1f4e79ff", "#1F4E7"):
        with pytest.raises(BrandingError) as caught:
            Branding(accent=typed).checked()
        assert repr(typed) in str(caught.value)  # as typed: not upper-cased, \n shown
    assert Branding(accent="#1f4e79").checked().accent == "#1F4E79"
    with pytest.raises(BrandingError) as caught:
        Branding(accent="x" * 5000).checked()
    assert len(str(caught.value)) < 150


def test_nested_or_odd_branding_settings_say_what_is_wrong(private_folders: Path) -> None:
    path = branding.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text('{"consultancy": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(BrandingError, match="cannot be read: nested too deep"):
        branding.load()
    path.write_text('{"consultancy": {"a": 1}}')
    with pytest.raises(BrandingError, match="consultancy is a dict, not text"):
        branding.load()
