"""MkDocs hooks: regenerate the archive's pages before every build.

With these, `mkdocs serve` picks up edits to data/, taxonomy.yml and
commentary/ without a manual `paper-archive generate`, and a plain
`mkdocs build` (or ProperDocs) never publishes stale pages.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

import markdown
from mkdocs.utils import get_markdown_title
from mkdocs.utils.meta import get_data

from mkdocs.exceptions import PluginError

from ..archive import lock, store
from . import palette_css, search, sitemaps, sitesize
from ..site import urls
from .generate import generate
from .writer import generated_files
from ..archive.model import InputError

log = logging.getLogger("mkdocs.hooks.paper_archive")
WATCHED = ("data", "taxonomy.yml", "commentary")


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


# Generated pages are HTML already (untrusted text escaped by generator/site/render):
# running them through Python-Markdown changes nothing and costs ~1.5 ms a
# page, half of MkDocs' whole per-page cost. Their text skips that stage.
_generated: set[str] = set()
_held: dict[str, str] = {}


def on_pre_build(config, **kwargs) -> None:
    root = _root(config)
    try:
        with lock.writing(root, say=log.info):
            store.recover(root)  # a save of data/ that was killed halfway
            written = generate(root)
    except InputError as exc:
        raise PluginError("paper-archive generate failed:\n" + "\n".join(str(p) for p in exc.problems)) from None
    except lock.Busy as exc:
        raise PluginError(f"paper-archive generate: {exc}") from None
    if written.changed or written.removed:
        log.info("paper-archive: %d page(s) written, %d removed", len(written.changed), len(written.removed))
    note_generated(config)
    if not _search_later:
        _start_search_index(config, root)


def note_generated(config) -> None:
    """Which pages of docs/ are generated (`make serve` calls it after each edit)."""
    _generated.clear()
    _generated.update(f for f in generated_files(Path(config.docs_dir)) if f.endswith(".md"))
    _held.clear()


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    if page.file.src_uri in _generated:
        _held[page.file.src_uri] = markdown
        return ""
    return markdown


def on_page_content(html: str, page, **kwargs) -> str:
    return _held.pop(page.file.src_uri, html)


# Material's templates leave kilobytes of indentation in every page; at 20,000
# paper pages that is most of what a Pages site can hold. A run of white space
# that holds a line break renders like one line break, except inside these.
_KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_BLANK = re.compile(r"[ \t\r]*\n\s*")


def squeeze(html: str) -> str:
    parts = _KEEP.split(html)
    # split() yields [text, kept, tagname, text, kept, tagname, ...]
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 0:
            out.append(_BLANK.sub("\n", part))
        elif i % 3 == 1:
            out.append(part)
    return "".join(out)


def on_post_page(output: str, **kwargs) -> str:
    return squeeze(output)


def on_env(env, **kwargs):
    # overrides/assets/palette.css: Material's palette stylesheet, our colours only.
    env.filters["palette_subset"] = palette_css.subset
    return env


_search: list[search.Background] = []
_search_later = False


def build_search_later() -> None:
    """Build the site without its search index (`make serve`'s whole builds:
    the server indexes in the background once the pages are served, and the
    search box says so meanwhile). Beside the build the indexer held back
    MkDocs, and its 60 s at 20,000 papers were the last to end."""
    global _search_later
    _search_later = True


def _start_search_index(config, root: Path) -> None:
    """Start indexing beside the build; hand-written pages are rendered from
    their Markdown with the site's own Markdown settings."""
    while _search:  # a serve rebuild that failed left one behind
        _search.pop().cancel()
    _search.append(search.Background.start(root, handwritten_search_pages(config)))


def handwritten_search_pages(config) -> list[tuple[str, str]]:
    """(url, HTML) of the hand-written pages, for the search index."""
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    docs = Path(config.docs_dir)
    pages = []
    for rel in search.handwritten_pages(docs):
        md.reset()
        text, meta = get_data((docs / rel).read_text(encoding="utf-8-sig"))
        body = md.convert(text)
        title = meta.get("title") or get_markdown_title(text) or rel
        pages.append((urls.url(rel), search.page_html(str(title), body)))
    return pages


def on_post_build(config, **kwargs) -> None:
    """Put the search index, built beside the site (generator/build/search.py), into <site_dir>/pagefind/."""
    if not _search:  # build_search_later(): the sitemap, but no index and no size (the index is not in yet)
        sitemaps.rewrite(Path(config.site_dir), config.site_url)
        return
    job = _search.pop()
    try:
        stats = job.finish(Path(config.site_dir))
    except InputError as exc:
        raise PluginError("paper-archive search index failed:\n" + "\n".join(str(p) for p in exc.problems)) from None
    except Exception as exc:  # the indexer runs as a subprocess: say which step failed
        raise PluginError(f"paper-archive search index failed: {exc}") from exc
    log.info("paper-archive: search index of %d papers and %d pages in %.1f s (beside the build)",
             stats.papers, stats.pages, stats.seconds)
    sitemaps.rewrite(Path(config.site_dir), config.site_url)  # valid at any size, named in robots.txt
    sitesize.report(Path(config.site_dir), stats.papers, log.info)  # against Pages' 1 GB (issue 12)


def on_build_error(error, **kwargs) -> None:
    while _search:
        _search.pop().cancel()


def on_serve(server, config, builder, **kwargs):
    root = _root(config)
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    return server
