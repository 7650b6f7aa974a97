"""Import: read every input, validate everything, then merge and write once."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..archive import store
from ..archive.merge import merge_all
from ..archive.model import IDENTITY, InputError, Problem, drop_field, strip_invisible, validate
from ..sources import Found, Reading, arxiv_atom, daily_page, hf_api, provenance

READERS = {".txt": daily_page.read, ".json": hf_api.read, ".xml": arxiv_atom.read, ".atom": arxiv_atom.read}


@dataclass
class Outcome:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_files: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # fields dropped or repaired; their papers kept


def input_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The files to read: each named file, and the known kinds in each folder."""
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READERS)
        elif not path.exists():
            problems.append(Problem(path.as_posix(), "-", "path", "no such file or folder"))
        elif path.suffix.lower() not in READERS:
            kinds = ", ".join(sorted(READERS))
            problems.append(Problem(path.as_posix(), "-", "path", f"unknown kind of file; expected one of {kinds}"))
        else:
            files.append(path)
    return files, problems


def read_all(root: Path, files: list[Path], *, date: dt.date | None, year: int | None, progress=None) -> Reading:
    found: list[Found] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for path in files:
        name = path.as_posix()
        reading = accept(READERS[path.suffix.lower()](path, name, date=date, year=year), provenance(path, root))
        found += reading.found
        problems += reading.problems
        warnings += reading.warnings
        if progress:
            progress(1)
    return Reading(found, sorted(problems, key=_problem_order), sorted(warnings, key=_problem_order))


DROPPED = "; dropped (the paper is kept)"
_WEB_TEXT = ("title", "abstract", "ai_summary")
_WEB_LISTS = ("authors", "ai_keywords", "categories")


def accept(reading: Reading, source: str) -> Reading:
    """What a reader found, validated, each record naming `source` as its provenance.

    No paper is lost for an optional field: one that fails validation is
    dropped with a warning naming file, item and field. Only an invalid
    identity (arXiv id, title, list days) refuses the record."""
    found, problems, warnings = [], list(reading.problems), list(reading.warnings)
    for item in reading.found:
        paper = item.paper
        paper.sources = [source]
        _strip_invisible(paper)
        bad = validate(paper, need_key=False)
        if any(f in IDENTITY for f, _ in bad):
            problems += [Problem(item.file, item.where, f, m) for f, m in bad]
            continue
        for f, m in bad:
            drop_field(paper, f, m)
            warnings.append(Problem(item.file, item.where, f, m + DROPPED))
        still = validate(paper, need_key=False)
        if still:  # dropping cannot leave a problem; refuse rather than trust that
            problems += [Problem(item.file, item.where, f, m) for f, m in still]
            continue
        found.append(item)
    return Reading(found, problems, sorted(warnings, key=_problem_order))


def _strip_invisible(paper) -> None:
    # Bidi overrides and zero-width spaces in web text: copy-and-paste
    # leftovers, or a disguise. Dropped silently; nothing visible changes.
    for name in _WEB_TEXT:
        value = getattr(paper, name)
        if isinstance(value, str):
            setattr(paper, name, strip_invisible(value))
    for name in _WEB_LISTS:
        value = getattr(paper, name)
        if isinstance(value, list):
            setattr(paper, name, [strip_invisible(v) if isinstance(v, str) else v for v in value])


def _problem_order(p: Problem) -> tuple:
    where = p.where.removeprefix("item ")
    return (p.file, int(where) if where.isdigit() else -1, p.field, p.message)


def import_paths(root: Path, paths: list[Path], *, date=None, year=None, skip_invalid=False, progress=None) -> Outcome:
    """Import files into the archive at `root`. Nothing is written when any
    input is invalid, unless `skip_invalid`; then the bad items are skipped."""
    files, problems = input_files(paths)
    if problems:
        raise InputError(problems)
    existing = store.load(root)
    reading = read_all(root, files, date=date, year=year, progress=progress)
    return import_readings(root, existing, [reading], skip_invalid=skip_invalid)


def import_readings(root: Path, existing: dict, readings: list[Reading], *, skip_invalid=False, before_save=None) -> Outcome:
    """Merge already-read (and `accept`ed) records into `existing`, the
    archive at `root`, and write it. Nothing is written when any reading has
    a problem, unless `skip_invalid`. `before_save` runs once everything is
    known to be valid, just before the store is written (e.g. to keep raw
    responses beside it)."""
    problems = sorted((p for r in readings for p in r.problems), key=_problem_order)
    if problems and not skip_invalid:
        raise InputError(problems)
    merged = merge_all(existing, [f.paper for r in readings for f in r.found])
    outcome = Outcome(skipped=problems, warnings=sorted((p for r in readings for p in r.warnings), key=_problem_order))
    for key, paper in merged.items():
        if key not in existing:
            outcome.added += 1
        elif paper != existing[key]:
            outcome.updated += 1
    outcome.unchanged = len(existing) - outcome.updated
    if before_save:
        before_save()
    outcome.changed_files = store.save(root, merged)
    return outcome
