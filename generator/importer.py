"""Import: read every input, validate everything, then merge and write once."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import store
from .merge import merge_all
from .model import InputError, Problem, validate
from .sources import Found, Reading, arxiv_atom, daily_page, hf_api, provenance

READERS = {".txt": daily_page.read, ".json": hf_api.read, ".xml": arxiv_atom.read, ".atom": arxiv_atom.read}


@dataclass
class Outcome:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_files: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


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
    for path in files:
        name = path.as_posix()
        reading = accept(READERS[path.suffix.lower()](path, name, date=date, year=year), provenance(path, root))
        found += reading.found
        problems += reading.problems
        if progress:
            progress(1)
    return Reading(found, sorted(problems, key=_problem_order))


def accept(reading: Reading, source: str) -> Reading:
    """What a reader found, validated, each record naming `source` as its provenance."""
    found, problems = [], list(reading.problems)
    for item in reading.found:
        item.paper.sources = [source]
        bad = validate(item.paper, need_key=False)
        problems += [Problem(item.file, item.where, f, m) for f, m in bad]
        if not bad:
            found.append(item)
    return Reading(found, problems)


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
    outcome = Outcome(skipped=problems)
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
