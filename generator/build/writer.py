"""Writes generated pages into docs/: only what changed, never a hand-written file.

A manifest (docs/.generated-manifest.json) lists every file the generator
wrote; only those are ever rewritten or removed as stale. A file in the way
that the generator did not write stops the run before anything is written.

This module is the only way a generated file gets into docs/, whatever its
kind (pages, lists, feeds, API files and those still to come): each is
claimed in the manifest before it is written, so a run killed at any moment
leaves files the next run knows as its own. tests/test_claims.py watches
every write into docs/ (audit hooks) and fails on one the manifest did not
claim first. What is written after MkDocs (search index, sitemaps) goes into
the site folder, which MkDocs empties at the start of every build.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..archive.files import write_if_changed
from ..archive.model import InputError, Problem

MANIFEST = ".generated-manifest.json"
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


@dataclass
class Written:
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def _read_manifest(docs: Path) -> dict:
    path = docs / MANIFEST
    if not path.exists():
        return {"files": []}
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (ValueError, RecursionError):
        data = None
    if not (isinstance(data, dict) and isinstance(data.get("files"), list)
            and all(isinstance(f, str) for f in data["files"])):
        raise InputError([Problem(f"docs/{MANIFEST}", "1", "file", "is not a manifest written by paper-archive: "
                                  "remove it, and the generated pages it listed, then generate again")])
    return data


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


def unowned_message() -> str:
    return ("was not written by paper-archive and a generated page belongs here: "
            "move your page elsewhere in docs/")


def conflicts(docs: Path, pages: dict[str, str], owned: set[str]) -> list[Problem]:
    """Hand-written files that generated pages would overwrite."""
    out = []
    for rel, content in pages.items():
        path = docs / rel
        if rel not in owned and path.exists() and path.read_text(encoding="utf-8") != content:
            out.append(Problem(f"docs/{rel}", "1", "file", unowned_message()))
    return out


def write(docs: Path, pages: dict[str, str], inputs: str = "") -> Written:
    """Write every generated page; remove the generator's files not among them."""
    return _write(docs, pages, None, inputs)


def write_some(docs: Path, pages: dict[str, str], removed: list[str], inputs: str) -> Written:
    """Write these pages and remove those, leaving every other generated file
    as it is (`make serve`: an edit changes a few pages of thousands)."""
    return _write(docs, pages, removed, inputs)


def _write(docs: Path, pages: dict[str, str], removed: list[str] | None, inputs: str) -> Written:
    owned = _manifest(docs)
    problems = conflicts(docs, pages, owned)
    if problems:
        raise InputError(problems)
    result = Written()
    _drop_temporary_files(docs, pages)
    new = set(pages) - owned
    if new:
        # Claim the new files before writing any: a run killed halfway leaves
        # pages the next run knows as its own, never "not written by paper-archive".
        _save_manifest(docs, "", owned | new)
    for rel, content in pages.items():
        if write_if_changed(docs / rel, content, durable=False):  # rebuilt from data/ on every run
            result.changed.append(rel)
        else:
            result.unchanged += 1
    stale = owned - set(pages) if removed is None else (set(removed) & owned) - set(pages)
    for rel in sorted(stale):
        path = docs / rel
        if path.exists():
            path.unlink()
            result.removed.append(rel)
        _prune_empty_dirs(docs, path.parent)
    _save_manifest(docs, inputs, (owned | set(pages)) - stale)
    return result


def _drop_temporary_files(docs: Path, pages: dict[str, str]) -> None:
    """Remove what a killed run left of its atomic writes (files.atomic_write's
    `.<name>.<random>.tmp`), in the folders this run writes to."""
    for folder in sorted({(docs / rel).parent for rel in pages} | {docs}):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                if _TEMPORARY.fullmatch(tmp.name):
                    tmp.unlink(missing_ok=True)


def _save_manifest(docs: Path, inputs: str, files: set[str]) -> None:
    manifest = json.dumps({"inputs": inputs, "files": sorted(files)}, indent=0) + "\n"
    write_if_changed(docs / MANIFEST, manifest)  # synced: it decides what may be removed


def _prune_empty_dirs(docs: Path, folder: Path) -> None:
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
