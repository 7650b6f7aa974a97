"""The project's licence is the one its metadata names, and every vendored
file keeps its own licence beside it."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "docs" / "assets" / "vendor"


def test_the_licence_file_is_the_mit_licence_the_metadata_names():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert re.search(r"^Copyright \(c\) \d{4}(-\d{4})? the paper-archive contributors$", text, re.M)
    assert "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND" in text


@pytest.mark.parametrize("folder", sorted(p for p in VENDOR.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_every_vendored_package_has_its_licence_and_origin_beside_it(folder):
    licence = folder / "LICENSE"
    assert licence.is_file(), f"{folder.relative_to(ROOT)}: copy the package's licence file beside it"
    assert "license" in licence.read_text(encoding="utf-8").lower()
    readme = folder / "README.txt"
    assert readme.is_file(), f"{folder.relative_to(ROOT)}: say in README.txt which version came from where"
    assert re.search(r"\d+\.\d+\.\d+", readme.read_text(encoding="utf-8")), "README.txt names the version"


def test_vendored_files_are_all_in_a_licensed_folder():
    loose = [p.name for p in VENDOR.iterdir() if p.is_file()]
    assert loose == [], f"docs/assets/vendor/: put {loose} in a folder with its LICENSE"
