"""`paper-archive generate`: read everything, build every page, then write."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..site import api, citation, feeds, follow, related
from . import checks, pages as site, writer
from .config import DOCS, _config, site_url
from ..archive import store
from ..site.render import contribute, top
from ..curated import commentary
from ..archive.model import InputError
from ..site.render.common import Context
from ..tags.taxonomy import Taxonomy


def extensions(root: Path):
    """Features that add to the site; each reads its own input here, before writing."""
    url = site_url(root)
    return [feeds.extension(url), citation.extension, related.extension, api.extension(url), top.extension, follow.extension]


def repository(root: Path) -> contribute.Repository | None:
    """mkdocs.yml's repo_url (set by the workflows to the repository they run
    in) and extra.repo_branch (where pull requests go; main if unset): the
    paper pages' links to comment and to report a wrong tag. None: no links."""
    config = _config(root)
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    return contribute.repository(config.get("repo_url"), extra.get("repo_branch", "main"))


def inputs_digest(root: Path) -> str:
    """A hash of everything the pages are made from: records, taxonomy,
    labelled papers, commentary, the site's address and the generator's own code."""
    h = hashlib.sha256()
    store.digest(root, h)
    h.update(site_url(root).encode() + b"\0" + repr(repository(root)).encode() + b"\0")
    for base, pattern in ((root, "taxonomy.yml"), (root / "labels", "*.jsonl"), (root / "commentary", "**/*"),
                          (Path(__file__).parent.parent, "**/*.py")):
        for path in sorted(p for p in base.glob(pattern) if p.is_file()):
            h.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def read_inputs(root: Path) -> tuple[dict, Taxonomy, list[commentary.Commentary]]:
    """Records, taxonomy and commentary, with every check of `paper-archive
    check` (checks.py): any problem it reports stops the run here, worded alike."""
    found = checks.checked_inputs(root)
    return found.papers, found.taxonomy, found.notes


def render(root: Path, papers: dict, taxonomy: Taxonomy, notes: list) -> tuple[dict[str, str], Context]:
    """Every generated page, and the context they were made with (`make serve`
    keeps it to redo only what an edit changes: generator/serve/)."""
    ctx = site.make_context(papers, taxonomy, commentary.extra_tags(notes))
    ctx.repository = repository(root)
    return site.build(papers, ctx, [commentary.extension(notes, site_url(root)), *extensions(root)]), ctx


def generate(root: Path) -> writer.Written:
    try:
        inputs = inputs_digest(root)  # before reading: a save from here on makes the next run redo the pages
    except InputError:  # mkdocs.yml: said with every other problem `check` finds
        read_inputs(root)
        raise
    # Checked on every run, warm docs/ or not: an input's problem (a symbolic
    # link, say) does not hide behind pages an earlier run made from the same bytes.
    found = read_inputs(root)
    unchanged = writer.up_to_date(root / DOCS, inputs)
    if unchanged is not None:  # nothing to render or compare
        return writer.Written(unchanged=unchanged)
    pages, _ = render(root, *found)
    return writer.write(root / DOCS, pages, inputs)
