"""The archive store: the ONLY code that reads or writes `data/`.

JSON Lines under `data/papers/`, one file per month of first listing, one
record per line with a fixed key order, sorted by first list day then key,
so a daily update is a small, reviewable diff. Every write is atomic.

A save that changes several files (a record moving from one month to
another) goes through a journal, `data/papers/.journal.json`: the new content
of every changed file is written there first (atomically, synced), then the
files, then the journal is removed. Killed at any instant, the store is
either the old one (no journal yet) or, read through the journal, the new
one: readers apply a journal they find, and the next save completes it.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .files import atomic_write, write_if_changed
from .model import FIELDS, Paper, Problem, from_dict, validate

PAPERS = Path("data") / "papers"
RAW = Path("data") / "raw"
JOURNAL = PAPERS / ".journal.json"


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


def _journal(root: Path) -> tuple[dict[str, str | None], list[Problem]]:
    """Relative path -> new content (None: removed) of an interrupted save."""
    path = root / JOURNAL
    if not path.exists():
        return {}, []
    name = JOURNAL.as_posix()
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (ValueError, RecursionError):
        data = None
    files = data.get("files") if isinstance(data, dict) else None
    ok = isinstance(files, dict) and all(
        isinstance(k, str) and k.startswith(PAPERS.as_posix() + "/") and k.endswith(".jsonl") and "/." not in k
        and (v is None or isinstance(v, str)) for k, v in files.items())
    if not ok:
        return {}, [Problem(name, "1", "journal", "is not a journal written by paper-archive: remove it")]
    return files, []


def _stored(root: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """Every month file's bytes, as the last save left them (journal applied)."""
    out = {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted((root / PAPERS).glob("*.jsonl")) if path.is_file()}
    pending, problems = _journal(root)
    for rel, content in pending.items():
        if content is None:
            out.pop(rel, None)
        else:
            out[rel] = content.encode("utf-8", "surrogatepass")
    return dict(sorted(out.items())), problems


def read_located(root: Path) -> tuple[list[Located], list[Problem]]:
    """Every stored record with its file and line, and every problem found.
    Never raises on what the files hold: any bytes become located problems."""
    located: list[Located] = []
    seen: dict[str, str] = {}
    arxiv_seen: dict[str, str] = {}
    stored, problems = _stored(root)
    for name, raw in stored.items():
        found, found_problems = _read_records(name, raw, seen, arxiv_seen)
        located += found
        problems += found_problems
    return located, problems


def read_file(root: Path, path: Path, seen: dict[str, str], arxiv_seen: dict[str, str] | None = None
              ) -> tuple[list[Located], list[Problem]]:
    """The records of one store file (`make serve` re-reads only the files an
    edit changed); `seen` and `arxiv_seen` (key or arXiv id -> "file:line" of
    the records read before) find a paper stored twice, and get this file's."""
    name = path.relative_to(root).as_posix()
    return _read_records(name, path.read_bytes(), seen, {} if arxiv_seen is None else arxiv_seen)


def _read_records(name: str, raw: bytes, seen: dict[str, str], arxiv_seen: dict[str, str]
                  ) -> tuple[list[Located], list[Problem]]:
    located: list[Located] = []
    problems: list[Problem] = []
    # Records end at "\n" only: splitlines() would also cut at U+2028,
    # U+0085, ... which json.dumps leaves raw inside strings.
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        paper, line_problems = _decode(line, name, number)
        problems += line_problems
        if paper is None or line_problems:
            continue
        here = f"{name}:{number}"
        if paper.key in seen:
            problems.append(Problem(name, str(number), "key", f"{paper.key!r} is already used at {seen[paper.key]}"))
            continue
        seen[paper.key] = here
        if paper.arxiv_id is not None:
            if paper.arxiv_id in arxiv_seen:
                problems.append(Problem(name, str(number), "arxiv_id",
                                        f"{paper.arxiv_id!r} is already the paper at {arxiv_seen[paper.arxiv_id]}: "
                                        "merge the two records into one"))
                continue
            arxiv_seen[paper.arxiv_id] = here
        expected = f"{paper.first_listed[:7]}.jsonl"
        if name.rsplit("/", 1)[-1] != expected:
            problems.append(Problem(name, str(number), "list_dates", f"first listed in {expected[:7]}: belongs in {expected}"))
        located.append(Located(paper, name, number))
    return located, problems


def _decode(raw: bytes, name: str, number: int) -> tuple[Paper | None, list[Problem]]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(name, str(number), "json", f"not UTF-8 text (byte {exc.start + 1} of the line)")]
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, [Problem(name, str(number), "json", f"not valid JSON: {exc.msg}")]
    except RecursionError:
        return None, [Problem(name, str(number), "json", "nested too deeply")]
    except ValueError as exc:  # a number of more than 4,300 digits, ...
        return None, [Problem(name, str(number), "json", f"not a record: {str(exc).split(':')[0]}")]
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
    stored, _ = _stored(root)
    for rel, content in stored.items():
        h.update(rel.rsplit("/", 1)[-1].encode() + b"\0" + content + b"\0")


def save(root: Path, papers: dict[str, Paper], *, months: set[str] | None = None) -> list[str]:
    """Write the archive; only changed files are touched. Returns what changed.
    Whole or not at all: see the journal in this module's docstring.
    With `months` ("YYYY-MM"), only those months' files are written or removed:
    the caller knows nothing else changed (a day fetched in a catch-up)."""
    if months is not None:
        papers = {k: p for k, p in papers.items() if p.first_listed[:7] in months}
    wanted = month_files(papers)
    current = {path.relative_to(root).as_posix(): path for path in sorted((root / PAPERS).glob("*.jsonl")) if path.is_file()}
    changes: dict[str, str | None] = {}
    for rel, content in wanted.items():
        path = root / rel
        if not (path.exists() and path.read_bytes() == content.encode("utf-8")):
            changes[rel] = content
    for rel, path in current.items():
        if months is not None and path.stem not in months:
            continue
        if rel not in wanted:
            changes[rel] = None
    journal = root / JOURNAL
    if len(changes) > 1 or (changes and journal.exists()):
        atomic_write(journal, json.dumps({"files": changes}, ensure_ascii=False).encode("utf-8"))
    _apply(root, changes)
    _clean(root)
    return sorted(changes)


def _apply(root: Path, changes: dict[str, str | None]) -> None:
    for rel, content in sorted(changes.items()):
        path = root / rel
        if content is None:
            path.unlink(missing_ok=True)
        else:
            write_if_changed(path, content)
    _sync_dir(root / PAPERS)


def _clean(root: Path) -> None:
    """Drop a completed journal and the temporary files of a killed write."""
    (root / JOURNAL).unlink(missing_ok=True)
    for tmp in (root / PAPERS).glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    _sync_dir(root / PAPERS)


def _sync_dir(folder: Path) -> None:
    # Renames and removals reach the disk only with their folder.
    if not folder.is_dir():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover(root: Path) -> bool:
    """Complete a save that was interrupted (the writers' lock held).
    Returns whether there was one to complete."""
    pending, problems = _journal(root)
    if problems:
        return False
    if not (root / JOURNAL).exists():
        for tmp in (root / PAPERS).glob(".*.tmp"):  # a single-file write that was killed
            tmp.unlink(missing_ok=True)
        return False
    _apply(root, pending)
    _clean(root)
    return True


def save_raw(root: Path, rel: str, content: bytes) -> Path:
    """Keep a raw response under data/raw/ so an import can be replayed."""
    path = root / RAW / rel
    write_if_changed(path, content)
    return path
