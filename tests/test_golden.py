"""Generated Markdown compared with golden files (see tests/golden.py to regenerate)."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.archive import store
from generator.build.generate import generate

from .golden import assert_golden
from .project import copy_project
from .sample import sample_papers


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("golden"), data=False, commentary=False)
    store.save(root, sample_papers())
    generate(root)
    return root / "docs"


@pytest.mark.parametrize("page, golden", [
    ("papers/2503.08638.md", "paper.md"),
    ("papers/o-1-alpha-bounds-for-b-tags-and-x-markdown.md", "paper-hostile.md"),
    ("days/2025/03/12.md", "day.md"),
    ("tags/bayesian-optimization.md", "tag.md"),
    ("index.md", "home.md"),
])
def test_generated_page_matches_golden(docs: Path, page: str, golden: str):
    assert_golden(golden, (docs / page).read_text(encoding="utf-8"))
