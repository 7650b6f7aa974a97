"""Shared fixtures: a fresh archive folder and a way to run the CLI on it.

Keep this file generic; helpers for one subject belong in that subject's
test module.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An empty archive: the project's taxonomy.yml and an empty data/papers/."""
    root = tmp_path / "archive"
    (root / "data" / "papers").mkdir(parents=True)
    shutil.copy(REPO / "taxonomy.yml", root / "taxonomy.yml")
    return root


@pytest.fixture
def cli(archive: Path):
    """Run `paper-archive --root ARCHIVE ARGS...` in-process; returns click's Result
    (result.stdout, result.stderr and result.exit_code kept apart)."""

    def run(*args: str | Path, root: Path | None = None) -> Result:
        argv = ["--root", str(root or archive), *(str(a) for a in args)]
        return CliRunner().invoke(main, argv, catch_exceptions=False)

    return run
