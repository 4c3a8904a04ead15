"""What an installed copy ships: every package of the source tree, not only the editable one.

An editable install finds any folder; a wheel holds only the packages pyproject.toml
lists. A package left off the list works in development and crashes every command
after a normal ``pip install``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def listed_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def source_packages() -> set[str]:
    found = set()
    for top in ("facilitator", "ui"):
        for init in (ROOT / top).rglob("__init__.py"):
            found.add(".".join(init.parent.relative_to(ROOT).parts))
    return found


def test_every_package_in_the_source_is_shipped() -> None:
    missing = source_packages() - listed_packages()
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_the_data_folders_are_shipped_as_packages() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    folders = config["tool"]["setuptools"]["package-dir"]
    assert folders == {"facilitator.exercises": "exercises", "facilitator.assets": "assets"}
    assert {"facilitator.exercises", "facilitator.assets"} <= listed_packages()
    assert any((ROOT / "exercises").rglob("*.toml"))
