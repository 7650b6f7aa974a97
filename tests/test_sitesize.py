"""The build's report of the site's size against GitHub Pages' 1 GB (issue 12)."""
from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build import sitesize


def _site(tmp_path: Path, size: int) -> Path:
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "index.html").write_bytes(b"x" * size)
    return tmp_path


def test_under_80_percent_is_information_with_room_left(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(sitesize, "PAGES_LIMIT", 100_000)
    said = []
    with caplog.at_level(logging.INFO):
        size = sitesize.report(_site(tmp_path, 2_048), 2, lambda fmt, *a: said.append(fmt % a))
    # The tar: a record of 10,240 bytes (headers of ".", "papers/" and the file, its 2,048 bytes, the end).
    assert said == ["paper-archive: site is 0.0 MB, 0.0 MB as the tar Pages is given: 10.2 % of GitHub Pages' 1 GB "
                    "(1.5 KB per paper: room for about 60 papers)"]
    assert size.bytes == 2_048 and size.tar == 10_240
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_room_left_counts_what_a_paper_adds_not_the_fixed_assets(tmp_path, monkeypatch):
    # 2 papers of 1 KB and 5,000 bytes of theme, feeds and Pagefind's scripts:
    # a paper costs its 1,536 bytes of tar and half of its folder's header;
    # 20,480 - 20,480 bytes (two records) leave no room (bytes / papers would say -2).
    monkeypatch.setattr(sitesize, "PAGES_LIMIT", 30_000)
    site = _site(tmp_path, 1_024)
    (site / "papers" / "b.html").write_bytes(b"x" * 1_024)
    for rel, n in (("assets/main.css", 3_000), ("feeds/all.xml", 1_000), ("pagefind/pagefind.js", 1_000)):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(b"x" * n)
    (site / "pagefind" / "fragment").mkdir()
    size = sitesize.measure(site, 2)
    assert size.message() == ("paper-archive: site is 0.0 MB, 0.0 MB as the tar Pages is given: 68.3 % of GitHub "
                              "Pages' 1 GB (2.0 KB per paper: room for about 6 papers)")
    (site / "pagefind" / "fragment" / "a.pf_fragment").write_bytes(b"x" * 1_024)
    assert "(2.8 KB per paper: room for about 5 papers)" in sitesize.measure(site, 2).message()


def test_from_80_percent_a_warning_says_what_to_do_and_the_build_goes_on(tmp_path, caplog, monkeypatch, capsys):
    monkeypatch.setattr(sitesize, "PAGES_LIMIT", 24_000)  # the tar: two records, 20,480 bytes
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    with caplog.at_level(logging.INFO):
        sitesize.report(_site(tmp_path, 8_000), 4, lambda *a: None)
    warning = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warning) == 1 and "85.3 % of GitHub Pages' 1 GB" in warning[0]
    assert "Over 80% of the limit; to stay under it: move old years to a second archive site" in warning[0]
    assert "MAINTAINING.md 'Site size and the GitHub Pages limit'" in warning[0]
    # Not under MkDocs' logger: `mkdocs build --strict` does not fail on it.
    assert not caplog.records[0].name.startswith("mkdocs")
    assert capsys.readouterr().out.startswith("::warning title=Site size::paper-archive: site is")


def test_over_the_limit_says_pages_will_not_publish_it(tmp_path, monkeypatch):
    monkeypatch.setattr(sitesize, "PAGES_LIMIT", 1_000)
    assert "Pages will not publish a site this large" in sitesize.measure(_site(tmp_path, 1_500), 1).message()


@pytest.mark.skipif(shutil.which("tar") is None, reason="needs GNU tar")
def test_the_tar_is_counted_as_upload_pages_artifact_makes_it(tmp_path):
    """actions/upload-pages-artifact runs `tar --dereference --hard-dereference
    --directory SITE -cvf artifact.tar --exclude=.git --exclude=.github .`:
    the estimate is its size to the byte, long names and empty folders included."""
    site = tmp_path / "site"
    for rel, n in (("index.html", 0), ("a/b.json", 511), ("a/c.json", 512), ("a/d.json", 513),
                   ("papers/" + "k" * 95 + "/index.html", 7_000), ("pagefind/fragment/x.pf_fragment", 20_000)):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(b"x" * n)
    (site / "empty").mkdir()
    made = subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", str(site), "-cf", "-",
                           "--exclude=.git", "--exclude=.github", "."], capture_output=True, check=True).stdout
    size = sitesize.measure(site, 1)
    assert size.tar == len(made)
    assert size.bytes == 0 + 511 + 512 + 513 + 7_000 + 20_000
