"""What `make serve` watches, by polling: the inputs, not the generated pages.

Polling a few hundred files every 0.1 s costs a few milliseconds, works the
same on every system and with every editor (save by rename, truncate and
write...), and needs no inotify watches on 20,000 generated files. The
generated folders of docs/ are never walked, so the generator's own writes
are never seen as an edit: one save, one rebuild.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..archive.model import InputError
from ..build.writer import generated_files

# Inputs of the archive (paper-archive generate reads them).
INPUTS = ("data/papers", "commentary", "taxonomy.yml", "labels")
# What MkDocs reads besides docs/: a change here rebuilds the whole site.
THEME = ("mkdocs.yml", "overrides", "hooks", "CONTRIBUTING.md")

Snapshot = dict[str, tuple[int, int]]


@dataclass
class Changes:
    inputs: list[str]
    theme: list[str]
    pages: list[str]  # hand-written docs/ files, docs-relative
    removed_pages: list[str]

    def __bool__(self) -> bool:
        return bool(self.inputs or self.theme or self.pages or self.removed_pages)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


class Watcher:
    def __init__(self, root: Path):
        self.root = root
        self.docs = root / "docs"
        self.refresh_generated()

    def refresh_generated(self) -> None:
        """Re-read which docs/ files are generated (after each rebuild), and
        the folders holding only those: they are not walked at all."""
        try:
            generated = set(generated_files(self.docs))
        except InputError:  # a damaged manifest: the build says so; every docs/ file is watched meanwhile
            generated = set()
        if generated == getattr(self, "generated", None):
            return
        self.generated = generated
        folders: set[str] = set()
        for rel in self.generated:
            parts = rel.split("/")[:-1]
            folders.update("/".join(parts[: i + 1]) for i in range(len(parts)))
        kept: set[str] = set()
        for dirpath, dirnames, filenames in os.walk(self.docs):
            here = Path(dirpath).relative_to(self.docs).as_posix()
            dirnames[:] = [d for d in dirnames if not (here == "." and d.startswith("."))]
            for name in filenames:
                rel = name if here == "." else f"{here}/{name}"
                if rel not in self.generated:
                    parts = rel.split("/")[:-1]
                    kept.update("/".join(parts[: i + 1]) for i in range(len(parts)))
        self.skip = folders - kept

    def note(self, written: list[str], removed: list[str]) -> None:
        """The generator wrote these docs/ files and removed those (one edit's
        rebuild): known as generated without reading the manifest (60,000
        names at 20,000 papers) or walking docs/ again. A new file in a folder
        that is walked is left out of the snapshot by name."""
        new = set(written) - self.generated
        if new or removed:
            self.generated = (self.generated | new) - set(removed)

    def without_generated(self, snapshot: Snapshot) -> Snapshot:
        """`snapshot` as `snapshot()` would take it now that these docs/ files
        are known as generated: a look taken before a whole build, whose own
        pages must not count as an edit, while a save made during it does."""
        def generated(key: str) -> bool:
            if not key.startswith("docs/"):
                return False
            rel = key[len("docs/"):]
            parts = rel.split("/")[:-1]
            return rel in self.generated or any("/".join(parts[: i + 1]) in self.skip for i in range(len(parts)))

        return {k: v for k, v in snapshot.items() if not generated(k)}

    def _walk(self, base: Path, out: Snapshot, prefix: str, skip: set[str] = frozenset(), ignore: set[str] = frozenset()) -> None:
        if base.is_file():
            stat = _stat(base)
            if stat:
                out[prefix] = stat
            return
        for dirpath, dirnames, filenames in os.walk(base):
            here = Path(dirpath).relative_to(base).as_posix()
            rel_dir = "" if here == "." else here + "/"
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and rel_dir + d not in skip)
            for name in filenames:
                if name.startswith(".") or name.endswith(("~", ".swp", ".tmp")):
                    continue  # editors' and atomic writes' temporary files
                rel = rel_dir + name
                if rel in ignore:
                    continue
                stat = _stat(Path(dirpath) / name)
                if stat:
                    out[f"{prefix}/{rel}" if prefix else rel] = stat

    def snapshot(self) -> Snapshot:
        out: Snapshot = {}
        for name in INPUTS + THEME:
            self._walk(self.root / name, out, name)
        self._walk(self.docs, out, "docs", self.skip, self.generated)
        return out

    @staticmethod
    def changes(before: Snapshot, after: Snapshot) -> Changes:
        diff = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))

        def under(rel: str, names) -> bool:
            return any(rel == n or rel.startswith(n + "/") for n in names)

        pages = [r[len("docs/"):] for r in diff if r.startswith("docs/")]
        return Changes(inputs=[r for r in diff if under(r, INPUTS)], theme=[r for r in diff if under(r, THEME)],
                       pages=[p for p in pages if f"docs/{p}" in after],
                       removed_pages=[p for p in pages if f"docs/{p}" not in after])
