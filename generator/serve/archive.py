"""The archive as `make serve` keeps it in memory between two edits.

`paper-archive generate` reads everything and renders every page (40 s at
20,000 papers: tagging and related papers are most of it). Here the records,
commentary and the rendering context stay in memory; an edit re-reads only
the store files that changed (plus commentary/, which is small), and renders
only the pages that show what changed: the papers' own pages and API files,
their days (and the days beside a day that came or went), the tag pages that
show them (tag lists are numbered from their oldest paper: a new paper redoes
a tag's front page and at most the three pages next to its newest one),
feeds, top lists, the related-paper sections that name them, the home,
curated and archive pages. The rules are written out below; the
tests check them by comparing with a clean build after each kind of edit.

A change to taxonomy.yml or labels/, to the generator's code, to site_url or repo_url redoes
everything (tags may all change): no slower than a build.

Related papers are TF-IDF over the whole archive: a new title or abstract can
change any paper's neighbours. Small archives recompute them at once; larger
ones show the edit first and recompute in the background (`related_pending`,
then `refresh_related`), so the related sections follow a few seconds later.
"""
from __future__ import annotations

import heapq
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..site import api, citation, feeds, follow, indexes, related, tops, urls
from ..curated import commentary
from ..build import checks, generate, pages as site, writer
from ..archive import store
from .regroup import new_neighbours, regroup, shows
from ..archive.model import InputError, Paper
from ..site.render import chart, commentary as commentary_page, lists, paper as paper_page, top as top_pages
from ..tags.labels import FOLDER as LABELS
from ..tags.taxonomy import FILE as TAXONOMY, tags_of

# Up to this many papers, related papers are recomputed inside the edit
# (0.2 s at 1,000 papers, 2.4 s at 5,000, 17 s at 20,000: bench/results-related.md).
INLINE_RELATED = 2_000
CACHE_VERSION = 2


@dataclass
class Update:
    """What an edit changed in docs/ (generated files, docs-relative)."""

    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    full: bool = False  # everything was regenerated
    # What is left to write after the open page reloaded (feeds, API files): () -> Update.
    later: Callable[[], "Update"] | None = None


def _code_digest(root: Path) -> str:
    """What forces a full regeneration: the generator's code. (site_url and
    the rest of mkdocs.yml: a change there rebuilds everything, preview.py.)"""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(Path(generate.__file__).parent.parent.glob("**/*.py")):
        h.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _stamps(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for path in (root / store.PAPERS).glob("*.jsonl"):
        st = path.stat()
        out[path.relative_to(root).as_posix()] = (st.st_mtime_ns, st.st_size)
    return out


def _taxonomy_bytes(root: Path) -> bytes | None:
    """taxonomy.yml and the labelled papers the tagging learns from (a change to either retags every paper)."""
    path = root / TAXONOMY
    if not path.exists():
        return None
    labelled = sorted((root / LABELS).glob("*.jsonl")) if (root / LABELS).is_dir() else []
    return path.read_bytes() + b"".join(b"\0" + p.name.encode() + b"\0" + p.read_bytes() for p in labelled)


class Archive:
    def __init__(self, root: Path, cache: Path | None = None):
        self.root = root
        self.docs = root / generate.DOCS
        self.cache = cache
        self.loaded = False
        self.related_pending = False
        self.version = 0  # bumped on every change of the records (background jobs compare it)

    # --- Everything ----------------------------------------------------------

    def load_cached(self) -> bool:
        """The cache of the last run, if it was made from these inputs and
        docs/ is as it left it (a start that can reuse everything)."""
        inputs = generate.inputs_digest(self.root)
        self.loaded = self._from_cache(inputs) and writer.up_to_date(self.docs, inputs) is not None
        return self.loaded

    def load(self, use_cache: bool = True, on_written=None) -> Update:
        """Read and render everything (or, at a start, take the cache of the
        last run when its inputs are these); write what changed into docs/.
        `on_written()`: docs/ is whole (the state is saved after it)."""
        self.loaded = False
        inputs = generate.inputs_digest(self.root)
        if use_cache and self._from_cache(inputs) and writer.up_to_date(self.docs, inputs) is not None:
            checks.checked_inputs(self.root)  # as generate on a warm docs/: check's answer, not the last run's
            self.loaded = True
            if on_written:
                on_written()
            return Update()
        # What the next update compares with, taken before the inputs are read:
        # a save from here on is a change to it, never taken as already read.
        self.code = _code_digest(self.root)
        self.taxonomy_bytes = _taxonomy_bytes(self.root)
        self.stamps = _stamps(self.root)
        found = checks.checked_inputs(self.root)  # `paper-archive check`'s own checks: generate's answer
        located = found.located
        self.url = generate.site_url(self.root)
        self.papers = {item.paper.key: item.paper for item in located}
        self.seen = {item.paper.key: f"{item.file}:{item.line}" for item in located}
        self.file_keys: dict[str, list[str]] = {}
        for item in located:
            self.file_keys.setdefault(item.file, []).append(item.paper.key)
        self.taxonomy = found.taxonomy
        self.notes = found.notes
        pages, self.ctx = generate.render(self.root, self.papers, self.taxonomy, self.notes)
        written = writer.write(self.docs, pages, inputs)
        if on_written:
            on_written()
        self.paths = set(pages)
        self.related_pending = False
        self.version += 1
        self.loaded = True
        self.save_cache(inputs)
        return Update(written.changed, written.removed, full=True)

    _KEPT = ("code", "url", "taxonomy_bytes", "stamps", "papers", "seen", "file_keys", "taxonomy", "notes", "ctx", "paths")

    def save_cache(self, inputs: str | None = None) -> None:
        if self.cache is None or not self.loaded or self.related_pending:
            return
        inputs = inputs or generate.inputs_digest(self.root)
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.cache.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump({"version": CACHE_VERSION, "inputs": inputs,
                         "state": {name: getattr(self, name) for name in self._KEPT}}, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self.cache)

    def _from_cache(self, inputs: str) -> bool:
        """Our own cache file, written by this module at the end of a run."""
        if self.cache is None or not self.cache.exists():
            return False
        try:
            with self.cache.open("rb") as f:
                data = pickle.load(f)  # noqa: S301 (a file this program wrote under build/)
        except Exception:
            return False
        if data.get("version") != CACHE_VERSION or data.get("inputs") != inputs:
            return False
        for name, value in data["state"].items():
            setattr(self, name, value)
        self.stamps = _stamps(self.root)
        self.related_pending = False
        self.version += 1
        return True

    def adopt(self) -> bool:
        """Take the state a child process left in the cache after generating
        everything (child.py's whole build), whatever the inputs are now: an
        edit saved meanwhile is seen by its file stamps and redone at the next
        update."""
        if self.cache is None or not self.cache.exists():
            return False
        try:
            with self.cache.open("rb") as f:
                data = pickle.load(f)  # noqa: S301 (a file our own child wrote under build/)
        except Exception:
            return False
        if data.get("version") != CACHE_VERSION:
            return False
        for name, value in data["state"].items():
            setattr(self, name, value)
        self.related_pending = False
        self.version += 1
        self.loaded = True
        return True

    # --- One edit ------------------------------------------------------------

    def needs_everything(self, config_changed: bool = False) -> bool:
        """Whether the next update redoes everything: no state yet, or the
        taxonomy, the generator's code or site_url changed."""
        return (not self.loaded or _code_digest(self.root) != self.code
                or _taxonomy_bytes(self.root) != self.taxonomy_bytes
                or (config_changed and (generate.site_url(self.root) != self.url
                                        or generate.repository(self.root) != self.ctx.repository)))

    def update(self, config_changed: bool = False) -> Update:
        """Bring docs/ in step with the inputs, redoing only what changed.
        Raises InputError (and changes nothing) when an input is broken."""
        if self.needs_everything(config_changed):
            return self.load(use_cache=False)
        stamps = _stamps(self.root)
        papers, seen, file_keys = self._read_store(stamps)
        notes = commentary.load(self.root, papers, self.taxonomy)  # validates against the new records
        self.loaded = False  # until this update is complete: a failure below means "load everything again"
        out, removed, rest = self._apply(papers, notes)
        # No inputs digest yet: until the feeds and API files are written too,
        # docs/ is not what these inputs make (a run stopped in between regenerates).
        written = writer.write_some(self.docs, out, sorted(removed), "")
        self.paths = (self.paths | set(out)) - set(written.removed)
        self.stamps, self.seen, self.file_keys = stamps, seen, file_keys
        self.loaded = True

        def later() -> Update:
            more = rest()
            done = writer.write_some(self.docs, more, [], generate.inputs_digest(self.root))
            self.paths |= set(more)
            return Update(done.changed, done.removed)

        return Update(written.changed, written.removed, later=later)

    def _read_store(self, stamps):
        changed_files = {f for f in stamps.keys() | self.stamps.keys() if stamps.get(f) != self.stamps.get(f)}
        papers, seen, file_keys = dict(self.papers), dict(self.seen), dict(self.file_keys)
        for name in changed_files:
            for key in file_keys.pop(name, []):
                papers.pop(key, None)
                seen.pop(key, None)
        problems = []
        arxiv_seen = {p.arxiv_id: seen[k] for k, p in papers.items() if p.arxiv_id is not None and k in seen}
        for name in sorted(changed_files & stamps.keys()):
            located, found = store.read_file(self.root, self.root / name, seen, arxiv_seen)
            problems += found + checks.unknown_tags(located, self.taxonomy)  # as `check` and generate
            file_keys[name] = [item.paper.key for item in located]
            papers.update((item.paper.key, item.paper) for item in located)
        if problems:
            raise InputError(problems)
        return papers, seen, file_keys

    def _apply(self, papers: dict[str, Paper], notes: list) -> tuple[dict[str, str], set[str]]:
        """Update the context for the new records and commentary; the pages
        that show a difference, and the generated files that no longer exist."""
        old, ctx, url = self.papers, self.ctx, self.url
        old_days = dict(ctx.days(old))
        old_groups_by_tag = dict(ctx.tag_groups(old))
        changed = {k for k in old.keys() | papers.keys() if old.get(k) is not papers.get(k) and old.get(k) != papers.get(k)}
        old_notes, new_notes = commentary.by_paper(self.notes), commentary.by_paper(notes)
        noted = {k for k in old_notes.keys() | new_notes.keys() if old_notes.get(k) != new_notes.get(k)}
        touched = changed | noted
        if touched:
            self.version += 1
        gone = {k for k in touched if k not in papers}

        extra = commentary.extra_tags(notes)
        old_tags = {k: ctx.tags.get(k, []) for k in touched}
        for k in touched:
            if k in papers:
                ctx.tags[k] = tags_of(papers[k], self.taxonomy, extra.get(k, ()), readers=True)
            else:
                ctx.tags.pop(k, None)
        ctx.marked = set(new_notes)
        # The groupings hold the records: the touched papers move out of their
        # old groups and into their new ones (indexes.by_day and by_tag order).
        try:
            ctx._memo["days"] = regroup(old_days, touched, old, papers, lambda k: old[k].list_dates,
                                         lambda k: papers[k].list_dates, indexes.day_order, sort_keys=True)
            ctx._memo["tag_groups"] = regroup(old_groups_by_tag, touched, old, papers, lambda k: old_tags[k],
                                               lambda k: ctx.tags.get(k, []), indexes.newest_order, sort_keys=False)
        except LookupError:  # never expected: group everything again
            ctx._memo.pop("days", None)
            ctx._memo.pop("tag_groups", None)
        days, groups = ctx.days(papers), ctx.tag_groups(papers)

        # Related papers: their sections name titles and list days.
        old_related = ctx._memo.get("related", {})
        text_changed = {k for k in changed if k not in old or k not in papers
                        or related.text_of(old[k]) != related.text_of(papers[k])}
        if text_changed and len(papers) <= INLINE_RELATED:
            new_related = related.compute(papers)
        elif text_changed:  # provisional until refresh_related(): the old neighbours that still exist
            if gone:
                new_related = {k: [j for j in old_related.get(k, []) if j in papers] for k in papers}
            else:  # 20,000 lists copied for nothing otherwise
                new_related = dict(old_related)
                new_related.update((k, []) for k in papers.keys() - old_related.keys())
            self.related_pending = True
        else:
            new_related = old_related
        shown = {k for k in changed if k not in old or k not in papers
                 or (old[k].title, old[k].list_dates) != (papers[k].title, papers[k].list_dates)}
        redo = {k for k in papers if new_related.get(k) != old_related.get(k)}
        if shown:
            redo |= {k for k, ks in new_related.items() if not shown.isdisjoint(ks)}
        ctx._memo["related"] = new_related
        redo |= touched - gone

        for k in redo:
            self._sections(k, papers, new_notes, new_related)
        for k in gone:
            ctx.paper_sections.pop(k, None)
            ctx.page_head.pop(urls.paper(k), None)
        for k in changed - gone:
            page = urls.paper(k)
            ctx.page_head[page] = [citation.head(papers[k])]
        old_links = {page: list(links) for page, links in ctx.page_links.items() if not page.startswith("papers/")}
        found = tops.all_tops(days)
        old_periods = ctx._memo.get("top_periods") or {k: list(v) for k, v in tops.all_tops(old_days).items()}
        new_periods = ctx._memo["top_periods"] = {k: list(v) for k, v in found.items()}
        self._announce_lists(groups, found, days)

        out: dict[str, str] = {}
        for k in sorted(redo):
            out[urls.paper(k)] = paper_page.render(papers[k], ctx)
        # Days: those of the touched papers, before and after; the neighbours of
        # a day that came or went (each day page links the days beside it); and
        # the days whose links changed (a week or month that gained a top list).
        day_set = {d for k in touched for p in (old.get(k), papers.get(k)) if p for d in p.list_dates}
        if list(days) != list(old_days):
            day_set |= new_neighbours(list(old_days), list(days))
        day_set |= {d for d in days if ctx.page_links.get(urls.day(d)) != old_links.get(urls.day(d))}
        out.update(site._day_pages(days, ctx, only=day_set))
        # Top lists: the periods of those days, and the neighbours of a period that came or went.
        wanted = {(kind, tops.period_of(kind, d)) for d in day_set for kind in tops.KINDS}
        for kind in tops.KINDS:
            if new_periods[kind] != old_periods[kind]:
                wanted |= {(kind, p) for p in new_neighbours(old_periods[kind], new_periods[kind])}
        out.update(top_pages.pages(found, ctx, only=wanted))
        # Tags: their lists are numbered from the oldest paper (indexes.newest_pages),
        # so a new paper redoes the front page and the few pages next to the newest
        # one; a page is redone when what it shows (its papers, their entries, its
        # pager) is not what it was.
        tag_set = {t for k in touched for t in (*old_tags[k], *ctx.tags.get(k, []))}
        months = site._month_range(days)
        charts_moved = months != site._month_range(old_days)
        tag_pages_before: set[str] = set()
        for t in sorted((set(groups) if charts_moved else tag_set) & groups.keys()):
            group = groups[t]
            was = {pg.number: pg for pg in indexes.newest_pages(old_groups_by_tag.get(t, []))}
            for page in indexes.newest_pages(group):
                before_page = was.pop(page.number, None)
                if (page.number is None or before_page is None or shows(page) != shows(before_page)
                        or not touched.isdisjoint(p.key for p in page.items)):
                    trend = chart.monthly(tops.monthly_counts(group, months), f"Papers tagged {ctx.tag_title(t)}",
                                          "trend") if page.number is None else ""
                    out[urls.tag(t, page.number)] = lists.tag_page(t, page, ctx, len(group), trend)
            tag_pages_before |= {urls.tag(t, n) for n in was}  # pages the list no longer has
        out[urls.TAGS] = lists.tag_index({s: len(g) for s, g in groups.items()}, ctx)
        out[urls.HOME] = site._home(papers, days, ctx)
        # The Curated index, commentator pages and the commentary feed: all of them, they are few.
        out.update(commentary_page.curated_pages(new_notes, papers, ctx, url))

        def rest() -> dict[str, str]:
            """The feeds and API files: no page shows them, so they are written
            after the open page reloaded (every tag's feed changes with a new
            list day: 0.7 s)."""
            more: dict[str, str] = {}
            for k in sorted(touched - gone):
                more[api.paper_path(k)] = api.dump(api.paper(papers[k], ctx, url))
            for d in sorted(day_set & days.keys()):
                more[api.day_path(d)] = api.dump(api.day_file(d, days[d], ctx, url))
            newest = heapq.nsmallest(feeds.FEED_SIZE, papers.values(), key=indexes.newest_order)
            latest_day = max((p.last_listed for p in papers.values()), default=feeds.EPOCH)
            old_latest = max((p.last_listed for p in old.values()), default=feeds.EPOCH)
            feed_tags = set(groups) if latest_day != old_latest else tag_set
            more[feeds.ARCHIVE_FEED] = feeds.render(url, feeds.ARCHIVE_FEED, urls.HOME, feeds.SITE_TITLE,
                                                    "The newest papers of the archive.", newest, ctx, latest_day)
            for slug in sorted(feed_tags & groups.keys()):
                tag = ctx.taxonomy.by_slug[slug]
                path = feeds.tag_feed(slug)
                more[path] = feeds.render(url, path, urls.tag(slug), f"{tag.title} · {feeds.SITE_TITLE}",
                                          tag.description, groups[slug][:feeds.FEED_SIZE], ctx, latest_day)
            more.update(follow.tag_files(groups, feed_tags, ctx))  # beside each tag's feed
            more[api.INDEX] = api.dump(api.index(papers, days, ctx, url))
            return more

        # Files that were generated before and are not any more.
        before = {urls.paper(k) for k in gone} | {api.paper_path(k) for k in gone}
        for d in day_set & old_days.keys():
            before |= {urls.day(d, pg.number) for pg in indexes.pages(old_days[d])}
            if d not in days:  # (the API file of a day that stays is rewritten later: archive.Update.later)
                before.add(api.day_path(d))
        for ym in indexes.months(list(old_days)):
            before.add(urls.month(ym))
        for y in indexes.years(list(old_days)):
            before.add(urls.year(y))
        before |= set(commentary_page.by_commentator(old_notes))  # a commentator whose last note went
        before |= tag_pages_before | {top_pages.path(kind, p) for kind in tops.KINDS
                                      for p in set(old_periods[kind]) - set(new_periods[kind])}
        removed = (before & self.paths) - out.keys()

        self.papers, self.notes = papers, notes
        return out, removed, rest

    def _sections(self, k: str, papers, notes_by_paper, related_map) -> None:
        """A paper page's extra sections, in the order generate's extensions add them."""
        sections = []
        if k in notes_by_paper:
            sections.append(commentary_page.section(notes_by_paper[k], self.ctx))
        if related_map.get(k):
            sections.append(related.section(k, [papers[j] for j in related_map[k]]))
        if sections:
            self.ctx.paper_sections[k] = sections
        else:
            self.ctx.paper_sections.pop(k, None)

    def _announce_lists(self, groups, found, days) -> None:
        """The links of the home, day, month, year and tag pages (feeds' and
        the top lists'), redone as generate's extensions add them."""
        ctx = self.ctx
        for table in (ctx.page_head, ctx.page_links):
            for page in [p for p in table if not p.startswith("papers/")]:
                del table[page]
        feeds._announce(urls.HOME, feeds.ARCHIVE_FEED, "Atom feed of the newest papers", ctx)
        for slug, group in groups.items():
            tag = ctx.taxonomy.by_slug[slug]
            for page in indexes.newest_pages(group):
                feeds._announce(urls.tag(slug, page.number), feeds.tag_feed(slug), f"Atom feed of {tag.title}", ctx)
        top_pages.announce(found, days, ctx)

    # --- Related papers, in the background ------------------------------------

    def related_job(self):
        """(version, papers) to compute related papers for, off the edit's path."""
        return self.version, self.papers

    def refresh_related(self, version: int, computed: dict[str, list[str]]) -> Update:
        """Apply related papers computed for `version`; nothing if the records
        changed since (a newer computation follows)."""
        if version != self.version or not self.loaded:
            return Update()
        ctx, papers = self.ctx, self.papers
        old_related = ctx._memo.get("related", {})
        redo = {k for k in papers if computed.get(k) != old_related.get(k)}
        ctx._memo["related"] = computed
        notes_by_paper = commentary.by_paper(self.notes)
        out = {}
        for k in sorted(redo):
            self._sections(k, papers, notes_by_paper, computed)
            out[urls.paper(k)] = paper_page.render(papers[k], ctx)
        self.related_pending = False
        written = writer.write_some(self.docs, out, [], generate.inputs_digest(self.root))
        return Update(written.changed, written.removed)
