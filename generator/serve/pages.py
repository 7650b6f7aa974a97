"""MkDocs, kept loaded: a full build once, then only the pages an edit changed.

`mkdocs serve` rebuilds the whole site on every change (70 s at 10,000
papers). Here the config, the Files collection, the navigation and the theme's
Jinja environment stay in memory, and a changed page goes through the very
steps of `mkdocs.commands.build` (`_populate_page`, `_build_page`, with the
hooks' on_page_* events), so it comes out byte for byte as `mkdocs build`
writes it. MkDocs 1.x is frozen (1.6.1): these private helpers will not move.
"""
from __future__ import annotations

import functools
import logging
import shutil
from pathlib import Path

from mkdocs.commands import build as mk
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, InclusionLevel, _file_sort_key, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from ..build import mkdocs_hooks, sitemaps

log = logging.getLogger("mkdocs.paper_archive.serve")


@functools.lru_cache(maxsize=None)  # 80,000 files at 20,000 papers, sorted again when one comes
def _walk_key(src_uri: str):
    """Where get_files (os.walk, sorted) puts a file: a folder's files first,
    then its sub-folders, each by name."""
    *folders, name = src_uri.split("/")
    return [(1, f) for f in folders] + [(0, _file_sort_key(name))]


class Site:
    """The MkDocs side of `make serve`, writing into `site_dir`."""

    def __init__(self, root: Path, site_dir: Path):
        self.root, self.site_dir = root, site_dir
        self.config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
        self.config = self.config.plugins.on_config(self.config)
        self.files: Files | None = None
        self._templates_due = False  # pages came or went: sitemap.xml and the like wait for finish()

    # --- Everything ------------------------------------------------------------

    def _collect(self) -> None:
        config = self.config
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        self.nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        self.files, self.env = files, env

    def build(self) -> None:
        """A whole build, as `mkdocs build` runs it (hooks, search index and all)."""
        config = self.config
        try:
            config.plugins.on_pre_build(config=config)
            mk.utils.clean_directory(config.site_dir)
            self._collect()
            doc_files = self.files.documentation_pages(inclusion=InclusionLevel.is_included)
            for file in doc_files:
                if file.page is None:
                    Page(None, file, config)
            # MkDocs reads every page, then writes every page: 20,000 pages' text
            # in memory at once. Only the navigation's pages are shown in other
            # pages (their titles): those are read first, every other page is
            # read and written in turn. The same files, a fraction of the memory.
            in_nav = {page.file.src_uri for page in self.nav.pages}
            for file in doc_files:
                if file.src_uri in in_nav:
                    mk._populate_page(file.page, config, self.files)
            self.env = config.plugins.on_env(self.env, config=config, files=self.files)
            self.files.copy_static_files(inclusion=InclusionLevel.is_included)
            for template in config.theme.static_templates:
                mk._build_theme_template(template, self.env, self.files, config, self.nav)
            for file in doc_files:
                if file.src_uri not in in_nav:
                    mk._populate_page(file.page, config, self.files)
                mk._build_page(file.page, config, doc_files, self.nav, self.env)
                _forget(file.page)
            config.plugins.on_post_build(config=config)
        except Exception as exc:
            config.plugins.on_build_error(error=exc)
            raise

    def attach(self) -> None:
        """Take a site built before (same inputs) as it is: load what a page
        rebuild needs (files, navigation, theme) without rendering anything."""
        mkdocs_hooks.note_generated(self.config)
        self._collect()
        self.env = self.config.plugins.on_env(self.env, config=self.config, files=self.files)
        for file in self.files.documentation_pages(inclusion=InclusionLevel.is_included):
            if file.page is None:
                Page(None, file, self.config)
        for page in self.nav.pages:  # their titles are shown on every page
            mk._populate_page(page, self.config, self.files)
            _forget(page)

    def warm_up(self) -> None:
        """Render the home page in memory: Jinja compiles the theme's templates
        on first use (2 s), which the first edit would otherwise wait for."""
        file = self.files.get_file_from_path("index.md") if self.files else None
        if file is None or file.page is None:
            return
        doc_files = self.files.documentation_pages(inclusion=InclusionLevel.is_included)
        mk._populate_page(file.page, self.config, self.files)
        template = self.env.get_template(file.page.meta.get("template", "main.html"))
        template.render(mk.get_context(self.nav, doc_files, self.config, file.page))
        _forget(file.page)

    # --- Some pages --------------------------------------------------------------

    def update(self, changed: list[str], removed: list[str]) -> int:
        """Re-render these docs/ files (and drop those); returns the number of
        site files written. Pages are rendered exactly as in a build."""
        config, files = self.config, self.files
        mkdocs_hooks.note_generated(config)
        added_or_removed = False
        for rel in removed:
            file = files.get_file_from_path(rel)
            if file is None:
                continue
            files.remove(file)
            added_or_removed = True
            self._templates_due |= file.is_documentation_page()
            dest = Path(file.abs_dest_path)
            dest.unlink(missing_ok=True)
            _prune(dest.parent, self.site_dir)
        todo = []
        for rel in changed:
            file = files.get_file_from_path(rel)
            if file is None:
                if not (Path(config.docs_dir) / rel).is_file():
                    continue
                file = File(rel, config.docs_dir, config.site_dir, config.use_directory_urls)
                set_exclusions([file], config)
                files.append(file)
                added_or_removed = True
                self._templates_due |= file.is_documentation_page()
            todo.append(file)
        if added_or_removed:  # in get_files' order, as a fresh build has them (the sitemap lists pages in it)
            ordered = sorted(files, key=lambda f: _walk_key(f.src_uri))
            files._src_uris = {f.src_uri: f for f in ordered}
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        written = 0
        for file in todo:
            if file.is_documentation_page():
                if file.inclusion.is_excluded():
                    continue
                if file.page is None:
                    Page(None, file, config)
                mk._populate_page(file.page, config, files)
                mk._build_page(file.page, config, doc_files, self.nav, self.env)
                _forget(file.page)
            else:
                Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file.abs_src_path, file.abs_dest_path)
            written += 1
        return written

    def finish(self) -> int:
        """After pages came or went (`update`): the theme's static templates
        (sitemap.xml, 404.html) and, as the build's on_post_build does, the
        sitemap (or its index) and robots.txt. `make serve` calls it once the
        open page has reloaded: at 20,000 pages it takes a second."""
        if not self._templates_due:
            return 0
        config = self.config
        for template in config.theme.static_templates:
            mk._build_theme_template(template, self.env, self.files, config, self.nav)
        sitemaps.rewrite(Path(config.site_dir), config.site_url)
        self._templates_due = False
        return len(config.theme.static_templates)


def _forget(page: Page) -> None:
    """A rendered page's text is in site/ now: 20,000 of them held in memory
    would cost gigabytes (titles stay: the navigation shows them)."""
    page.markdown = None
    page.content = None


def _prune(folder: Path, top: Path) -> None:
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent

