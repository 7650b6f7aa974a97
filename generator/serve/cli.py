"""The `paper-archive serve` command's body (logging, address, errors)."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click


def run(root: Path, dev_addr: str) -> None:
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"{dev_addr!r} is not HOST:PORT", param_hint="--dev-addr")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "paper_archive"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    from .preview import serve

    try:
        serve(root, host, int(port))
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None
