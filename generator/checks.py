"""`paper-archive check`: every problem in the store, taxonomy and commentary."""
from __future__ import annotations

from pathlib import Path

from . import commentary, store
from .model import InputError, Problem
from .taxonomy import FILE as TAXONOMY_FILE, load_taxonomy


def check_all(root: Path) -> tuple[list[Problem], str]:
    located, problems = store.read_located(root)
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

