"""Reading the Word and PowerPoint exports back, as the deck and docx tests do.

Files are never compared byte for byte: they are opened with python-pptx or
python-docx (as PowerPoint or Word would read them), unzipped to search every
part, checked against the Office schemas (openxml-audit) and, where LibreOffice
is installed, rendered to PDF.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator
from openxml_audit.verdict import AppPrediction, predict

from facilitator.brief import BriefOptions, write_brief
from facilitator.demo import build_demo
from facilitator.scoring import WorkshopData
from facilitator.workshop import Workshop

BRANDED = BriefOptions(consultancy="Northbridge Advisory", confidentiality="Strictly confidential")
HOSTILE = {
    "markup": "<b>not bold</b> & <img src='x.png'/> ]]> &amp;",
    "controls": "bell\x07here\x00and\x1bthere\x0bend",  # illegal in XML: must be dropped
    "rtl": "שלום עולם and مرحبا بالعالم",
    "emoji": "Great idea 😀🎉 ✓ €",
    "cjk": "中文测试 and 日本語のテキスト",
}
"""Text as a room types or pastes it; every export must survive it."""


def demo_data() -> WorkshopData:
    return WorkshopData.of(build_demo(Workshop.in_memory(title="demo")))


def flat(text: str) -> str:
    """Text without whitespace (non-breaking spaces included): wrapped words compare equal."""
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


def package_text(path: Path) -> str:
    """Every part of an Office file (XML, relationships, properties, notes), decoded."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(
            package.read(name).decode("utf-8", errors="replace") for name in package.namelist()
        )


def pdf_text(data: WorkshopData, tmp_path: Path, options: BriefOptions = BRANDED) -> str:
    from pypdf import PdfReader

    target = tmp_path / "brief.pdf"
    write_brief(data, target, options)
    return "\n".join(page.extract_text() or "" for page in PdfReader(target).pages)


def assert_opens_cleanly(path: Path) -> None:
    """The package is valid against the Office schemas and semantics, and the
    validator expects Word or PowerPoint to open it without offering a repair."""
    result = OpenXmlValidator().validate(path)
    assert result.is_valid, [str(e) for e in result.errors[:5]]
    verdict = predict(result)
    assert verdict.prediction is AppPrediction.OPENS_CLEAN, (verdict.headline, verdict.basis)


def city() -> WorkshopData:
    """The article's city: 5,000 seats × $200 = $1,000,000 a month, 35 % active."""
    workshop = Workshop.in_memory(
        title="AI discovery", client="City of Rivermouth", date="2026-11-19", currency="USD"
    )
    workshop.add(
        "licence",
        tool="AI assistant for every employee",
        seats=5000,
        price_per_seat_month=200,
        active_share=0.35,
    )
    problem = workshop.add(
        "problem", text="Nobody can say what the seats are used for", impact=5, votes=4
    )
    workshop.add(
        "idea",
        text="Monthly seat review",
        problem_ids=[problem.id],
        value=5,
        feasibility=5,
        value_type="automation",
        shortlisted=True,
        owner="Finance",
        success_metric="Seats tied to use cases",
        monthly_budget=500,
    )
    workshop.add("action", text="Run the first seat review", owner="Finance", due="2026-12-15")
    return WorkshopData.of(workshop)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice is not installed here (.ci/run installs it for CI)")
    return found


def render_with_libreoffice(path: Path, tmp_path: Path) -> Path:
    """*path* converted to PDF by LibreOffice headless, with a profile of its own so
    that parallel runs never share (and lock) one."""
    profile = tmp_path / "lo-profile"
    out = tmp_path / "rendered"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    rendered = out / (path.stem + ".pdf")
    assert rendered.exists(), f"LibreOffice wrote no PDF for {path.name}"
    return rendered
