"""The build's report of the site's size against GitHub Pages' 1 GB (issue 12)."""
from __future__ import annotations

import logging
from pathlib import Path

from generator import sitesize


def _site(tmp_path: Path, size: int) -> Path:
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "index.html").write_bytes(b"x" * size)
    return tmp_path


def test_under_80_percent_is_information_with_room_left(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(sitesize, "PAGES_LIMIT", 10_000)
    said = []
    with caplog.at_level(logging.INFO):
        size = sitesize.report(_site(tmp_path, 2_048), 2, lambda fmt, *a: said.append(fmt % a))
    assert said == ["paper-archive: site is 0.0 MB, 20.5 % of GitHub Pages' 1 GB "
                    "(1.0 KB per paper: room for about 9 papers)"]
    assert size.bytes == 2_048 and not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_room_left_counts_what_a_paper_adds_not_the_fixed_assets(tmp_path, monkeypatch):
    # 2 papers of 1 KB and 5,000 bytes of theme, feeds and Pagefind's scripts:
    # 2,952 bytes left hold 2 more papers (bytes / papers would say 2 in all).
    monkeypatch.setattr(sitesize, "PAGES_LIMIT", 10_000)
    site = _site(tmp_path, 1_024)
    (site / "papers" / "b.html").write_bytes(b"x" * 1_024)
    for rel, n in (("assets/main.css", 3_000), ("feeds/all.xml", 1_000), ("pagefind/pagefind.js", 1_000)):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(b"x" * n)
    (site / "pagefind" / "fragment").mkdir()
    size = sitesize.measure(site, 2)
    assert size.message() == ("paper-archive: site is 0.0 MB, 70.5 % of GitHub Pages' 1 GB "
                              "(1.0 KB per paper: room for about 4 papers)")
    (site / "pagefind" / "fragment" / "a.pf_fragment").write_bytes(b"x" * 1_024)
    assert "(1.5 KB per paper: room for about 3 papers)" in sitesize.measure(site, 2).message()


def test_from_80_percent_a_warning_says_what_to_do_and_the_build_goes_on(tmp_path, caplog, monkeypatch, capsys):
    monkeypatch.setattr(sitesize, "PAGES_LIMIT", 10_000)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    with caplog.at_level(logging.INFO):
        sitesize.report(_site(tmp_path, 8_000), 4, lambda *a: None)
    warning = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warning) == 1 and "80.0 % of GitHub Pages' 1 GB" in warning[0]
    assert "Over 80% of the limit; to stay under it: move old years to a second archive site" in warning[0]
    assert "README 'Site size'" in warning[0]
    # Not under MkDocs' logger: `mkdocs build --strict` does not fail on it.
    assert not caplog.records[0].name.startswith("mkdocs")
    assert capsys.readouterr().out.startswith("::warning title=Site size::paper-archive: site is")


def test_over_the_limit_says_pages_will_not_publish_it(tmp_path, monkeypatch):
    monkeypatch.setattr(sitesize, "PAGES_LIMIT", 1_000)
    assert "Pages will not publish a site this large" in sitesize.measure(_site(tmp_path, 1_500), 1).message()
