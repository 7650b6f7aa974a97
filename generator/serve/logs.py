"""Where the preview's log lines go: one place for the server and the child
processes of its whole builds, so both print the same way."""
from __future__ import annotations

import logging
import sys


def log_to_stderr() -> None:
    """MkDocs' and our INFO lines on stderr (the server and its whole-build children alike)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "paper_archive"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
