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


def vendored() -> list[Path]:
    # No package is vendored at present (KaTeX went when math moved to build
    # time); the rule stands for the next one.
    return sorted(p for p in VENDOR.iterdir() if p.is_dir()) if VENDOR.is_dir() else []


def check_vendored(folder: Path) -> list[str]:
    licence, readme = folder / "LICENSE", folder / "README.txt"
    where = folder.relative_to(folder.parent.parent).as_posix()
    problems = []
    if not licence.is_file() or "license" not in licence.read_text(encoding="utf-8").lower():
        problems.append(f"{where}: copy the package's licence file beside it")
    if not readme.is_file() or not re.search(r"\d+\.\d+\.\d+", readme.read_text(encoding="utf-8")):
        problems.append(f"{where}: say in README.txt which version came from where")
    return problems


def test_every_vendored_package_has_its_licence_and_origin_beside_it():
    assert [p for folder in vendored() for p in check_vendored(folder)] == []


def test_a_vendored_package_without_its_licence_is_refused(tmp_path):
    folder = tmp_path / "vendor" / "somelib"
    folder.mkdir(parents=True)
    (folder / "somelib.min.js").write_text("x", encoding="utf-8")
    assert check_vendored(folder) == ["vendor/somelib: copy the package's licence file beside it",
                                      "vendor/somelib: say in README.txt which version came from where"]
    (folder / "LICENSE").write_text("The MIT License", encoding="utf-8")
    (folder / "README.txt").write_text("somelib 1.2.3 from npm", encoding="utf-8")
    assert check_vendored(folder) == []


def test_vendored_files_are_all_in_a_licensed_folder():
    loose = [p.name for p in VENDOR.iterdir() if p.is_file()] if VENDOR.is_dir() else []
    assert loose == [], f"docs/assets/vendor/: put {loose} in a folder with its LICENSE"
