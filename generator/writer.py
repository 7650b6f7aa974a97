"""Writes generated pages into docs/: only what changed, never a hand-written file.

A manifest (docs/.generated-manifest.json) lists every file the generator
wrote; only those are ever rewritten or removed as stale. A file in the way
that the generator did not write stops the run before anything is written.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .files import write_if_changed
from .model import InputError, Problem

MANIFEST = ".generated-manifest.json"


@dataclass
class Written:
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def _read_manifest(docs: Path) -> dict:
    path = docs / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"files": []}


def _manifest(docs: Path) -> set[str]:
    return set(_read_manifest(docs)["files"])


def generated_files(docs: Path) -> list[str]:
    """The docs/-relative paths of every file the generator owns."""
    return sorted(_manifest(docs))


def up_to_date(docs: Path, inputs: str) -> int | None:
    """The number of generated files when the last run had these very inputs
    and all its files are still there; None when the pages must be rebuilt."""
    manifest = _read_manifest(docs)
    if manifest.get("inputs") != inputs:
        return None
    files = manifest["files"]
    return len(files) if all((docs / rel).is_file() for rel in files) else None


def conflicts(docs: Path, pages: dict[str, str], owned: set[str]) -> list[Problem]:
    """Hand-written files that generated pages would overwrite."""
    out = []
    for rel, content in pages.items():
        path = docs / rel
        if rel not in owned and path.exists() and path.read_text(encoding="utf-8") != content:
            out.append(Problem(f"docs/{rel}", "1", "file",
                               "was not written by paper-archive and a generated page belongs here: "
                               "move your page elsewhere in docs/"))
    return out


def write(docs: Path, pages: dict[str, str], inputs: str = "") -> Written:
    owned = _manifest(docs)
    problems = conflicts(docs, pages, owned)
    if problems:
        raise InputError(problems)
    result = Written()
    for rel, content in pages.items():
        if write_if_changed(docs / rel, content, durable=False):  # rebuilt from data/ on every run
            result.changed.append(rel)
        else:
            result.unchanged += 1
    for rel in sorted(owned - set(pages)):
        path = docs / rel
        if path.exists():
            path.unlink()
            result.removed.append(rel)
        _prune_empty_dirs(docs, path.parent)
    manifest = json.dumps({"inputs": inputs, "files": sorted(pages)}, indent=0) + "\n"
    write_if_changed(docs / MANIFEST, manifest)  # one fsync: it decides what may be removed
    return result


def write_some(docs: Path, pages: dict[str, str], removed: list[str], inputs: str) -> Written:
    """Write these pages and remove those, leaving every other generated file
    as it is (`make serve`: an edit changes a few pages of thousands)."""
    owned = _manifest(docs)
    problems = conflicts(docs, pages, owned)
    if problems:
        raise InputError(problems)
    result = Written()
    for rel, content in sorted(pages.items()):
        if write_if_changed(docs / rel, content, durable=False):
            result.changed.append(rel)
        else:
            result.unchanged += 1
    for rel in sorted(set(removed) & owned - set(pages)):
        path = docs / rel
        if path.exists():
            path.unlink()
            result.removed.append(rel)
        _prune_empty_dirs(docs, path.parent)
    files = sorted((owned | set(pages)) - set(result.removed))
    write_if_changed(docs / MANIFEST, json.dumps({"inputs": inputs, "files": files}, indent=0) + "\n")
    return result


def _prune_empty_dirs(docs: Path, folder: Path) -> None:
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
