"""MkDocs hooks: regenerate the archive's pages before every build.

With these, `mkdocs serve` picks up edits to data/, taxonomy.yml and
commentary/ without a manual `paper-archive generate`, and a plain
`mkdocs build` (or ProperDocs) never publishes stale pages.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.generate import generate
from generator.model import InputError

log = logging.getLogger("mkdocs.hooks.paper_archive")
WATCHED = ("data", "taxonomy.yml", "commentary")


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_pre_build(config, **kwargs) -> None:
    try:
        written = generate(_root(config))
    except InputError as exc:
        raise PluginError("paper-archive generate failed:\n" + "\n".join(str(p) for p in exc.problems)) from None
    if written.changed or written.removed:
        log.info("paper-archive: %d page(s) written, %d removed", len(written.changed), len(written.removed))


def on_serve(server, config, builder, **kwargs):
    root = _root(config)
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    return server
