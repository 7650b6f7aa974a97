"""What a built site is made of, so that the next `make serve` can take it
as it is (a second start in seconds instead of a build)."""
from __future__ import annotations

import hashlib
import json
from importlib.metadata import version as package_version
from pathlib import Path

from ..build import generate
from .watch import Watcher


def stamp(root: Path, watcher: Watcher) -> str:
    """The archive's inputs, the hand-written pages, the theme and
    configuration, and the versions of MkDocs and Material."""
    h = hashlib.sha256(generate.inputs_digest(root).encode())
    for name in ("mkdocs", "mkdocs-material"):
        h.update(f"{name}={package_version(name)}\0".encode())
    for rel, _ in sorted(watcher.snapshot().items()):
        if rel.startswith(("docs/", "mkdocs.yml", "overrides/", "hooks/", "CONTRIBUTING.md")):
            h.update(rel.encode() + b"\0" + (root / rel).read_bytes() + b"\0")
    return h.hexdigest()


def saved(stamp_file: Path) -> str | None:
    try:
        return json.loads(stamp_file.read_text(encoding="utf-8"))["stamp"]
    except (OSError, ValueError, KeyError):
        return None


def save(stamp_file: Path, value: str) -> None:
    stamp_file.write_text(json.dumps({"stamp": value}) + "\n", encoding="utf-8")
