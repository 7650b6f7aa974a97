"""Golden files: expected generated text kept under tests/golden/.

After an intended change to the pages, regenerate them with
    UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/test_golden.py
and review the diff like any other change.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), f"golden/{name}", "generated", n=1))
        raise AssertionError(f"{name} differs from its golden file; if intended, regenerate with UPDATE_GOLDEN=1\n{diff[:4000]}")
