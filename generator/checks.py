"""`paper-archive check`: every problem in the store, taxonomy and commentary,
and in whatever else `generate` or `mkdocs build` would stop at. It never
raises: any bytes in any input become located problems."""
from __future__ import annotations

from pathlib import Path

from . import commentary, store
from .model import InputError, Problem
from .taxonomy import FILE as TAXONOMY_FILE, load_taxonomy


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


def _check_all(root: Path) -> tuple[list[Problem], str]:
    located, problems = store.read_located(root)
    problems += _site_problems(root)
    try:
        taxonomy = load_taxonomy(root)
    except InputError as exc:
        return problems + exc.problems, ""
    known = taxonomy.by_slug
    for item in located:
        for tag in item.paper.tags:
            if tag not in known:
                problems.append(Problem(item.file, str(item.line), "tags", f"{tag!r} is not a tag of {TAXONOMY_FILE}"))
    notes, found = commentary.read(root, {item.paper.key: item.paper for item in located}, taxonomy)
    problems += found
    summary = f"{len(located)} papers, {len(taxonomy.tags)} tags, {len(notes)} commentar{'y' if len(notes) == 1 else 'ies'}"
    return problems, summary
