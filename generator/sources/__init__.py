"""Readers that turn raw input files into `Paper` records.

Every reader returns the records it could build and the problems it found,
each located in its file, so the importer can report all of them at once.

May import `archive`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..archive.model import Paper, Problem


@dataclass
class Found:
    """A record read from a source, with where it was found."""

    paper: Paper
    file: str
    where: str  # "17" (a line) or "item 3"


@dataclass
class Reading:
    found: list[Found]
    problems: list[Problem]  # items refused (or whole files unreadable)
    warnings: list[Problem] = field(default_factory=list)  # optional fields repaired or dropped; papers kept


def provenance(path: Path, root: Path) -> str:
    """How a source file is named in a record: relative to the archive's
    folder when inside it, else by its file name, so the store does not
    depend on where the command ran."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def arxiv_links(arxiv_id: str) -> dict[str, str]:
    return {
        "arxiv": f"https://arxiv.org/abs/{arxiv_id}",
        "pdf": f"https://arxiv.org/pdf/{arxiv_id}",
    }
