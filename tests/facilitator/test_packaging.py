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


def test_every_data_folder_is_a_listed_package() -> None:
    """setuptools prints some thirty lines for each folder it could import but is not
    told about ("Package ... is absent from the `packages` configuration"): the first
    `make run` printed about a hundred of them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = listed_packages()
    data = config["tool"]["setuptools"]["package-data"]
    roots = {
        "facilitator": "facilitator",
        "ui": "ui",
        **config["tool"]["setuptools"]["package-dir"],
    }
    for package, folder in roots.items():
        for sub in [ROOT / folder, *(d for d in (ROOT / folder).rglob("*") if d.is_dir())]:
            if sub.name == "__pycache__" or not any(f.is_file() for f in sub.iterdir()):
                continue
            name = ".".join([package, *sub.relative_to(ROOT / folder).parts])
            assert name in packages, f"add {name!r} to [tool.setuptools] packages"
            shipped = [f for f in sub.iterdir() if f.is_file() and f.suffix not in (".py", ".pyc")]
            patterns = data.get(name, [])
            for file in shipped:
                assert any(file.match(pattern) for pattern in patterns), (
                    f"{file.relative_to(ROOT)} is not in package-data of {name}"
                )
