"""`paper-archive check`: every problem in the store, taxonomy and commentary,
and in whatever else `generate` or `mkdocs build` would stop at. It never
raises: any bytes in any input become located problems.

`generate`, the MkDocs hook and `make serve`'s whole build read their inputs
through `checked_inputs`, the very checks `check` runs, on every run (warm
docs/ or not): what one refuses the others refuse, with the same message, and
no answer depends on what an earlier run left behind.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..curated import commentary
from ..archive import store
from ..tags import labels
from ..archive.model import InputError, Paper, Problem
from ..tags.taxonomy import FILE as TAXONOMY_FILE, Taxonomy, load_taxonomy


@dataclass
class Inputs:
    """Everything the pages are made from, read and checked."""

    located: list[store.Located]
    taxonomy: Taxonomy
    notes: list[commentary.Commentary]
    labelled: int = 0  # papers in labels/, which the tagging learns from

    @property
    def papers(self) -> dict[str, Paper]:
        return {item.paper.key: item.paper for item in self.located}


def check_all(root: Path) -> tuple[list[Problem], str]:
    try:
        problems, found = _check_all(root)
    except Exception as exc:  # a bug of ours: still a message, never a traceback
        return [Problem("-", "-", "check", f"could not finish ({type(exc).__name__}: {exc}); "
                        "please report this at the project's issue tracker")], ""
    if found is None:
        return problems, ""
    notes = len(found.notes)
    return problems, (f"{len(found.located)} papers, {len(found.taxonomy.tags)} tags, "
                      f"{notes} commentar{'y' if notes == 1 else 'ies'}"
                      + (f", {found.labelled} labelled papers" if found.labelled else ""))


def checked_inputs(root: Path) -> Inputs:
    """The inputs, read with every check of `paper-archive check`; InputError
    with check's problems (all of them) when there is any."""
    problems, found = _check_all(root)
    if problems or found is None:
        raise InputError(problems)
    return found


def unknown_tags(located, taxonomy: Taxonomy) -> list[Problem]:
    """Records tagged with a tag the taxonomy does not have."""
    known = taxonomy.by_slug
    return [Problem(item.file, str(item.line), "tags", f"{tag!r} is not a tag of {TAXONOMY_FILE}")
            for item in located for tag in item.paper.tags if tag not in known]


def _site_problems(root: Path) -> list[Problem]:
    """What stops generate before it reads records: site_url, docs/ manifest."""
    from .config import CONFIG, DOCS, site_url
    from .writer import generated_files

    problems = []
    # Without mkdocs.yml the folder holds data only (no site to build).
    steps = ([lambda: site_url(root)] if (root / CONFIG).exists() else []) + [lambda: generated_files(root / DOCS)]
    for step in steps:
        try:
            step()
        except InputError as exc:  # (site_url words an unreadable mkdocs.yml as a problem too)
            problems += exc.problems
    return problems


def _hand_written_in_the_way(root: Path, located, taxonomy) -> list[Problem]:
    """Files in docs/ where generate would put a page, which it did not write
    (it stops at them). Checked where such files are likely: index pages,
    paper, tag and day pages, feeds. A file whose content is exactly the
    generated page is accepted by generate; check cannot know that without
    building the site, so it reports such files only with a manifest present."""
    from ..site import api, feeds, urls
    from .config import DOCS
    from .writer import MANIFEST, generated_files, unowned_message

    docs = root / DOCS
    if not (docs / MANIFEST).exists() and any((docs / d).is_dir() for d in ("papers", "tags", "days")):
        return []  # generated pages without their manifest: generate compares contents
    try:
        owned = set(generated_files(docs))
    except InputError:
        return []  # reported by _site_problems
    paths = {urls.HOME, urls.ARCHIVE, urls.TAGS, urls.CURATED, feeds.ARCHIVE_FEED, feeds.COMMENTARY_FEED,
             f"{api.ROOT}index.json"}
    for item in located:
        paths.add(urls.paper(item.paper.key))
        paths.update(urls.day(d) for d in item.paper.list_dates)
    for tag in taxonomy.tags:
        paths.update((urls.tag(tag.slug), feeds.tag_feed(tag.slug)))
    return [Problem(f"docs/{rel}", "1", "file", unowned_message())
            for rel in sorted(paths) if rel not in owned and (docs / rel).exists()]


def _check_all(root: Path) -> tuple[list[Problem], Inputs | None]:
    located, problems = store.read_located(root)
    problems += _site_problems(root)
    try:
        taxonomy = load_taxonomy(root, labelled=False)
    except InputError as exc:
        return problems + exc.problems, None
    labelled, found = labels.read(root, set(taxonomy.by_slug))
    problems += found
    problems += unknown_tags(located, taxonomy)
    notes, found = commentary.read(root, {item.paper.key: item.paper for item in located}, taxonomy)
    problems += found
    problems += _hand_written_in_the_way(root, located, taxonomy)
    return problems, Inputs(located, taxonomy.with_labels(labelled), notes, len(labelled))
