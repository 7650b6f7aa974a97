"""Shared fixtures: a fresh archive folder and a way to run the CLI on it.

Keep this file generic; helpers for one subject belong in that subject's
test module.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.commands.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def no_repository_from_the_shell():
    """REPO_URL (the workflows set it for builds) changes generated pages: paper
    pages then link to GitHub (issue 21). Tests start without it, whatever the
    shell has; those about it set it themselves."""
    import os

    saved = os.environ.pop("REPO_URL", None)
    yield
    if saved is not None:
        os.environ["REPO_URL"] = saved


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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The embedded archive's site, built once per session with
    `mkdocs build --strict` in a copy of the project and served on
    127.0.0.1; has .site_dir (Path) and .url (str, ends with '/')."""
    from .site_server import build_and_serve

    served = build_and_serve(tmp_path_factory.mktemp("built-site"))
    yield served
    served.close()


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless chromium through Playwright, one per session (share
    it: Playwright's sync API allows one running instance per thread)."""
    from playwright.sync_api import expect, sync_playwright

    from .browser_support import launch

    # Assertions wait for what a reader would see, up to this long. Playwright's
    # 5 s was once too short on a fresh clone's first run (cold disk cache: the
    # search page's scripts and Pagefind's WebAssembly loading for the first time).
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
