"""The sitemap after a build: valid at any size and named in robots.txt (issue 12)."""
from __future__ import annotations

from pathlib import Path

from defusedxml import ElementTree

from generator.build import sitemaps

NS = {"s": sitemaps.NS}
SITE = "https://example.org/archive/"


def _mkdocs_sitemap(site: Path, n: int) -> None:
    urls = "".join(f"<url><loc>{SITE}papers/{i:05d}/</loc><lastmod>2026-12-01</lastmod></url>" for i in range(n))
    (site / "sitemap.xml").write_text(f'<?xml version="1.0"?><urlset xmlns="{sitemaps.NS}">{urls}</urlset>')
    (site / "sitemap.xml.gz").write_bytes(b"old")


def _locs(path: Path, kind: str) -> list[str]:
    return [e.text for e in ElementTree.parse(path).getroot().findall(f"s:{kind}/s:loc", NS)]


def test_a_small_site_keeps_one_sitemap_without_build_dates(tmp_path):
    _mkdocs_sitemap(tmp_path, 3)
    assert sitemaps.rewrite(tmp_path, SITE, per_file=3) == ["sitemap.xml"]
    assert _locs(tmp_path / "sitemap.xml", "url") == [f"{SITE}papers/{i:05d}/" for i in range(3)]
    assert "lastmod" not in (tmp_path / "sitemap.xml").read_text()
    assert not (tmp_path / "sitemap.xml.gz").exists()
    assert (tmp_path / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {SITE}sitemap.xml\n"


def test_a_large_site_gets_a_sitemap_index_of_files_in_url_order(tmp_path):
    _mkdocs_sitemap(tmp_path, 7)
    assert sitemaps.rewrite(tmp_path, SITE, per_file=3) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    assert _locs(tmp_path / "sitemap.xml", "sitemap") == [f"{SITE}sitemap-{n}.xml" for n in (1, 2, 3)]
    parts = [_locs(tmp_path / f"sitemap-{n}.xml", "url") for n in (1, 2, 3)]
    assert [len(p) for p in parts] == [3, 3, 1]
    assert sum(parts, []) == [f"{SITE}papers/{i:05d}/" for i in range(7)]


def test_a_robots_txt_of_the_site_own_is_kept(tmp_path):
    _mkdocs_sitemap(tmp_path, 1)
    (tmp_path / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    sitemaps.rewrite(tmp_path, SITE)
    assert (tmp_path / "robots.txt").read_text() == "User-agent: *\nDisallow: /private/\n"
