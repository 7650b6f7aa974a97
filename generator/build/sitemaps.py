"""The sitemap for search engines, split to stay valid at any size (issue 12).

MkDocs writes one sitemap.xml of every page, with the build's date as the
`lastmod` of each (which tells a crawler nothing). The sitemap protocol allows
50,000 URLs a file; the archive passes that near 45,000 papers. After the
build, sitemap.xml is rewritten lighter (no `lastmod`) and, past
SITEMAP_URLS, becomes a sitemap index of numbered files of URLs in order
(paper URLs are arXiv ids for most papers, so older files rarely change).
robots.txt names it. Instant navigation, which fetched it on every visit, is
off (mkdocs.yml).
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import ElementTree

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_URLS = 10_000  # URLs a file: a tenth of the protocol's limit, ~0.7 MB
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _urlset(locs: list[str]) -> str:
    body = "".join(f"<url><loc>{escape(loc)}</loc></url>\n" for loc in locs)
    return f'{_HEAD}<urlset xmlns="{NS}">\n{body}</urlset>\n'


def _index(urls: list[str]) -> str:
    body = "".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>\n" for u in urls)
    return f'{_HEAD}<sitemapindex xmlns="{NS}">\n{body}</sitemapindex>\n'


def rewrite(site_dir: Path, site_url: str | None, per_file: int = SITEMAP_URLS) -> list[str]:
    """Rewrite MkDocs' sitemap in `site_dir`; returns the sitemap files written."""
    path = site_dir / "sitemap.xml"
    if not path.exists() or not site_url:
        return []
    base = site_url if site_url.endswith("/") else site_url + "/"
    locs = sorted({el.text.strip() for el in ElementTree.parse(path).iter(f"{{{NS}}}loc") if el.text})
    (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)  # MkDocs' copy of the old file
    for old in site_dir.glob("sitemap-*.xml"):
        old.unlink()
    if len(locs) <= per_file:
        path.write_text(_urlset(locs), encoding="utf-8")
        written = ["sitemap.xml"]
    else:
        written = []
        for n, start in enumerate(range(0, len(locs), per_file), start=1):
            name = f"sitemap-{n}.xml"
            (site_dir / name).write_text(_urlset(locs[start:start + per_file]), encoding="utf-8")
            written.append(name)
        path.write_text(_index([base + name for name in written]), encoding="utf-8")
        written.insert(0, "sitemap.xml")
    robots = site_dir / "robots.txt"
    if not robots.exists():  # a robots.txt of the site's own (docs/robots.txt) wins
        robots.write_text(f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n", encoding="utf-8")
    return written
