"""`paper-archive check`: every problem in the store, taxonomy and commentary,
and in whatever else `generate` or `mkdocs build` would stop at. It never
raises: any bytes in any input become located problems."""
from __future__ import annotations

from pathlib import Path

from ..curated import commentary
from ..archive import store
from ..tags import labels
from ..archive.model import InputError, Problem
from ..tags.taxonomy import FILE as TAXONOMY_FILE, load_taxonomy


def check_all(root: Path) -> tuple[list[Problem], str]:
    try:
        return _check_all(root)
    except Exception as exc:  # a bug of ours: still a message, never a traceback
        return [Problem("-", "-", "check", f"could not finish ({type(exc).__name__}: {exc}); "
                        "please report this at the project's issue tracker")], ""


def _site_problems(root: Path) -> list[Problem]:
    """What stops generate before it reads records: site_url, docs/ manifest."""
    import yaml

    from .generate import CONFIG, DOCS, site_url
    from .writer import generated_files

    problems = []
    # Without mkdocs.yml the folder holds data only (no site to build).
    steps = ([lambda: site_url(root)] if (root / CONFIG).exists() else []) + [lambda: generated_files(root / DOCS)]
    for step in steps:
        try:
            step()
        except InputError as exc:
            problems += exc.problems
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
            problems.append(Problem(CONFIG, "1", "yaml", f"not readable: {type(exc).__name__}"))
    return problems


def _hand_written_in_the_way(root: Path, located, taxonomy) -> list[Problem]:
    """Files in docs/ where generate would put a page, which it did not write
    (it stops at them). Checked where such files are likely: index pages,
    paper, tag and day pages, feeds. A file whose content is exactly the
    generated page is accepted by generate; check cannot know that without
    building the site, so it reports such files only with a manifest present."""
    from ..site import api, feeds, urls
    from .generate import DOCS
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


def _check_all(root: Path) -> tuple[list[Problem], str]:
    located, problems = store.read_located(root)
    problems += _site_problems(root)
    try:
        taxonomy = load_taxonomy(root, labelled=False)
    except InputError as exc:
        return problems + exc.problems, ""
    known = taxonomy.by_slug
    labelled, found = labels.read(root, set(known))
    problems += found
    for item in located:
        for tag in item.paper.tags:
            if tag not in known:
                problems.append(Problem(item.file, str(item.line), "tags", f"{tag!r} is not a tag of {TAXONOMY_FILE}"))
    notes, found = commentary.read(root, {item.paper.key: item.paper for item in located}, taxonomy)
    problems += found
    problems += _hand_written_in_the_way(root, located, taxonomy)
    summary = (f"{len(located)} papers, {len(taxonomy.tags)} tags, {len(notes)} commentar{'y' if len(notes) == 1 else 'ies'}"
               + (f", {len(labelled)} labelled papers" if labelled else ""))
    return problems, summary
