"""The archive store: the ONLY code that reads or writes `data/`.

JSON Lines under `data/papers/`, one file per month of first listing, one
record per line with a fixed key order, sorted by first list day then key,
so a daily update is a small, reviewable diff. Every write is atomic.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .files import write_if_changed
from .model import FIELDS, Paper, Problem, from_dict, validate

PAPERS = Path("data") / "papers"
RAW = Path("data") / "raw"


@dataclass
class Located:
    paper: Paper
    file: str
    line: int


def encode(paper: Paper) -> str:
    data = paper.to_dict()
    return json.dumps({k: data[k] for k in FIELDS}, ensure_ascii=False, separators=(", ", ": "))


def month_files(papers: dict[str, Paper]) -> dict[str, str]:
    """Relative path -> file content for a whole archive. Pure."""
    groups: dict[str, list[Paper]] = {}
    for p in papers.values():
        groups.setdefault(p.first_listed[:7], []).append(p)
    out = {}
    for month, group in sorted(groups.items()):
        group.sort(key=lambda p: (p.first_listed, p.key))
        out[(PAPERS / f"{month}.jsonl").as_posix()] = "".join(encode(p) + "\n" for p in group)
    return out


def read_located(root: Path) -> tuple[list[Located], list[Problem]]:
    """Every stored record with its file and line, and every problem found."""
    located, problems = [], []
    seen: dict[str, str] = {}
    for path in sorted((root / PAPERS).glob("*.jsonl")):
        found, found_problems = read_file(root, path, seen)
        located += found
        problems += found_problems
    return located, problems


def read_file(root: Path, path: Path, seen: dict[str, str]) -> tuple[list[Located], list[Problem]]:
    """The records of one store file; `seen` (key -> "file:line" of the
    records read before) finds keys used twice, and gets this file's keys."""
    located, problems = [], []
    name = path.relative_to(root).as_posix()
    # Records end at "\n" only: splitlines() would also cut at U+2028,
    # U+0085, ... which json.dumps leaves raw inside strings.
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip():
            continue
        paper, line_problems = _decode(line, name, number)
        problems += line_problems
        if paper is None:
            continue
        if paper.key in seen:
            problems.append(Problem(name, str(number), "key", f"{paper.key!r} is already used at {seen[paper.key]}"))
            continue
        seen[paper.key] = f"{name}:{number}"
        expected = f"{paper.first_listed[:7]}.jsonl" if paper.list_dates and isinstance(paper.list_dates, list) else None
        if expected and not line_problems and path.name != expected:
            problems.append(Problem(name, str(number), "list_dates", f"first listed in {expected[:7]}: belongs in {expected}"))
        located.append(Located(paper, name, number))
    return located, problems


def _decode(line: str, name: str, number: int) -> tuple[Paper | None, list[Problem]]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, [Problem(name, str(number), "json", f"not valid JSON: {exc.msg}")]
    if not isinstance(data, dict):
        return None, [Problem(name, str(number), "json", "a record must be a JSON object")]
    try:
        paper = from_dict(data)
    except KeyError as exc:
        return None, [Problem(name, str(number), exc.args[0], "unknown field")]
    return paper, [Problem(name, str(number), f, m) for f, m in validate(paper)]


def load(root: Path) -> dict[str, Paper]:
    """The whole archive, keyed by paper key. Raises InputError on a bad store."""
    from .model import InputError

    located, problems = read_located(root)
    if problems:
        raise InputError(problems)
    return {item.paper.key: item.paper for item in located}


def digest(root: Path, h) -> None:
    """Feed the stored records' bytes into hash `h`: what the site is made of."""
    for path in sorted((root / PAPERS).glob("*.jsonl")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")


def save(root: Path, papers: dict[str, Paper]) -> list[str]:
    """Write the archive; only changed files are touched. Returns what changed."""
    wanted = month_files(papers)
    changed = []
    for rel, content in wanted.items():
        if write_if_changed(root / rel, content):
            changed.append(rel)
    # Removals come after every addition, so a record moving between months
    # is never absent from the store, whenever the process stops.
    for path in sorted((root / PAPERS).glob("*.jsonl")):
        rel = path.relative_to(root).as_posix()
        if rel not in wanted:
            path.unlink()
            changed.append(rel)
    return changed


def save_raw(root: Path, rel: str, content: bytes) -> Path:
    """Keep a raw response under data/raw/ so an import can be replayed."""
    path = root / RAW / rel
    write_if_changed(path, content)
    return path
