"""The labelled papers (`labels/*.jsonl`): papers a careful reader tagged by
hand, which the archive's tagging learns from (`tagmodel.py`) and the tag
benchmark measures against (bench/bench_tags.py).

One JSON object a line: `id`, `tags` (1-4 slugs of taxonomy.yml), `title`,
`abstract`, and optionally `ai_keywords`, `split` ("tuning" or "held-out"),
`source` and `list_date`. Every problem is reported with its file, line and
field; nothing here raises on what the files hold.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..archive.model import Paper, Problem

FOLDER = "labels"
SPLITS = ("tuning", "held-out")
MAX_TAGS = 4
MAX_BYTES = 20_000_000  # a labels file; ~1.8 KB a paper
_FIELDS = ("id", "split", "tags", "title", "source", "list_date", "abstract", "ai_keywords")


@dataclass(frozen=True)
class Labelled:
    """One labelled paper: the reader's tags and the text the tagging sees."""

    id: str
    split: str
    tags: tuple[str, ...]
    paper: Paper
    where: str = ""  # "labels/papers.jsonl:17"


def read(root: Path, known: set[str] | frozenset[str]) -> tuple[list[Labelled], list[Problem]]:
    """Every labelled paper of `labels/*.jsonl` (files in name order), and every
    problem found; `known`: the taxonomy's slugs. No folder: no labels."""
    folder = root / FOLDER
    out: list[Labelled] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else ():
        name = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        if len(raw) > MAX_BYTES:
            problems.append(Problem(name, "1", "file", f"is {len(raw)} bytes; the limit is {MAX_BYTES}"))
            continue
        for number, line in enumerate(raw.split(b"\n"), start=1):
            if not line.strip():
                continue
            item, found = _line(line, name, number, known)
            problems += found
            if item is None:
                continue
            if item.id in seen:
                problems.append(Problem(name, str(number), "id", f"{item.id!r} is already labelled at {seen[item.id]}"))
                continue
            seen[item.id] = item.where
            out.append(item)
    return out, problems


def _line(raw: bytes, name: str, number: int, known) -> tuple[Labelled | None, list[Problem]]:
    def problem(field: str, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(name, str(number), field, message)]
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return problem("json", f"not UTF-8 text (byte {exc.start + 1} of the line)")
    except (ValueError, RecursionError) as exc:
        return problem("json", f"not valid JSON: {getattr(exc, 'msg', 'nested too deeply')}")
    if not isinstance(data, dict):
        return problem("json", "must be an object such as {\"id\": ..., \"tags\": [...], \"title\": ..., \"abstract\": ...}")
    for key in sorted(data, key=str):
        if key not in _FIELDS:
            return problem(str(key), f"unknown field (known: {', '.join(_FIELDS)})")
    for key in ("id", "title"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            return problem(key, "must be non-empty text")
    for key in ("abstract", "source", "list_date"):
        if key in data and not isinstance(data[key], str):
            return problem(key, "must be text")
    if "abstract" not in data:
        return problem("abstract", "missing (the text the tagging learns from: the paper's abstract)")
    split = data.get("split", "tuning")
    if split not in SPLITS:
        return problem("split", f"must be one of {', '.join(SPLITS)}")
    keywords = data.get("ai_keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        return problem("ai_keywords", "must be a list of text")
    tags = data.get("tags")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags) or not 1 <= len(tags) <= MAX_TAGS:
        return problem("tags", f"must be a list of 1 to {MAX_TAGS} tag slugs")
    for tag in tags:
        if tag not in known:
            return problem("tags", f"{tag!r} is not a tag of taxonomy.yml")
    if len(set(tags)) != len(tags):
        return problem("tags", "lists a tag twice")
    paper = Paper(key=data["id"], title=data["title"], abstract=data["abstract"], ai_keywords=list(keywords))
    return Labelled(data["id"], split, tuple(tags), paper, f"{name}:{number}"), []
