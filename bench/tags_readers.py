"""How well careful readers agree with each other: the ceiling a tagger is
measured against. `labels/second-readers/<labels file stem>.<reader>.jsonl`
holds another reader's tags (`{"id", "tags"}` a line) for papers of a labels
file, given blind to the labels there and to the rules (labels/README.md).

    .venv/bin/python bench/tags_readers.py

Prints, and `bench_tags.py` writes into bench/results-tags.md: each second
reader against the labels file, and the second readers of one file against
each other, micro-averaged over the papers they share.
"""
from __future__ import annotations

import json
from pathlib import Path

FOLDER = "labels/second-readers"
# Labels files whose tags were made from their second readers' (the tags both
# gave): those readers are measured against each other only.
MADE_FROM_READERS = {"hf-papers-fresh"}


def _read(path: Path) -> dict[str, set[str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            out[item["id"]] = set(item["tags"])
    return out


def agreement(reference: dict[str, set[str]], other: dict[str, set[str]]) -> tuple[int, float, float, float, float, float]:
    """(papers, precision, recall, F1, other's tags per paper, reference's) of
    `other` against `reference`, on the papers both hold."""
    ids = sorted(set(reference) & set(other))
    right = sum(len(reference[i] & other[i]) for i in ids)
    given, wanted = sum(len(other[i]) for i in ids), sum(len(reference[i]) for i in ids)
    p, r = right / max(1, given), right / max(1, wanted)
    return len(ids), p, r, (2 * p * r / (p + r) if p + r else 0.0), given / max(1, len(ids)), wanted / max(1, len(ids))


def rows(root: Path) -> list[tuple[str, str, tuple]]:
    """(reader, measured against, agreement) for every second reader, then
    for every pair of second readers of the same labels file."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    readers: dict[str, list[tuple[str, dict[str, set[str]]]]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        stem, _, name = path.stem.partition(".")
        readers.setdefault(stem, []).append((name, _read(path)))
    out = []
    for stem, found in readers.items():
        labels = root / "labels" / f"{stem.removesuffix('-held-out')}.jsonl"
        if labels.exists() and stem not in MADE_FROM_READERS:
            first = _read(labels)
            out += [(name, f"`{labels.relative_to(root).as_posix()}`", agreement(first, tags)) for name, tags in found]
        for k, (name_a, a) in enumerate(found):
            out += [(name_b, name_a, agreement(a, b)) for name_b, b in found[k + 1:]]
    return out


def table(root: Path) -> list[str]:
    lines = ["| reader | against | papers | precision | recall | F1 | tags per paper (reader / against) |",
             "|---|---|---|---|---|---|---|"]
    for name, against, (n, p, r, f1, g, w) in rows(root):
        lines.append(f"| {name} | {against} | {n} | {p:.2f} | {r:.2f} | {f1:.2f} | {g:.2f} / {w:.2f} |")
    return lines if len(lines) > 2 else []


if __name__ == "__main__":
    print("\n".join(table(Path(__file__).resolve().parent.parent)))
