"""The documentation names only what exists: every `paper-archive` command
and flag, every `make` target and every file of the repository that the
README, the maintainer's guide, CONTRIBUTING and the site's pages mention."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from generator.commands.cli import main as cli

REPO = Path(__file__).resolve().parent.parent
DOCS = ["README.md", "MAINTAINING.md", "CONTRIBUTING.md", "bench/README.md", *sorted(
    p.relative_to(REPO).as_posix() for p in (REPO / "docs").glob("*.md"))]
CODE = re.compile(r"```[^\n]*\n(.*?)```|`([^`\n]+)`", re.S)
COMMAND = re.compile(r"(?<![\w/.-])paper-archive\s+([a-z][a-z-]*)([^\n|]*)")
MAKE = re.compile(r"(?<![\w/.-])make\s+([a-z][\w-]*)")
FILE = re.compile(r"(?<![\w/.-])((?:generator|tests|bench|docs|overrides|hooks|requirements|\.github|\.ci)/[\w./-]*\w)")


def _code(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in CODE.finditer(text)]


def _make_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*)\s*:", text, re.M))


def problems(name: str, text: str) -> list[str]:
    out = []
    targets = _make_targets()
    for snippet in _code(text):
        for m in COMMAND.finditer(snippet):
            command = cli.commands.get(m.group(1))
            if command is None:
                out.append(f"{name}: `paper-archive {m.group(1)}`: no such command")
                continue
            flags = {o for p in command.params for o in getattr(p, "opts", []) + getattr(p, "secondary_opts", [])}
            out += [f"{name}: `paper-archive {m.group(1)} {f}`: no such option" for f in re.findall(r"(?<![\w-])--[a-z][a-z-]*", m.group(2))
                    if f not in flags | {"--help"}]
        out += [f"{name}: `make {t}`: no such target" for t in MAKE.findall(snippet) if t not in targets]
    for path in FILE.findall(text):
        path = path.rstrip(".")
        if any(ch in path for ch in "<>*") or "YYYY" in path or not (REPO / path).exists() and not (REPO / path).parent.exists():
            continue
        if not (REPO / path).exists() and "." in Path(path).name:
            out.append(f"{name}: `{path}`: no such file")
    return out


@pytest.mark.parametrize("name", DOCS)
def test_every_command_flag_target_and_file_a_document_names_exists(name):
    assert problems(name, (REPO / name).read_text(encoding="utf-8")) == []


def test_the_reader_of_the_documents_finds_what_is_missing():
    text = "Run `paper-archive fetch --since D --colour`, `paper-archive publish`, `make deploy`; see `generator/build/nothing.py`."
    assert problems("X.md", text) == [
        "X.md: `paper-archive fetch --colour`: no such option",
        "X.md: `paper-archive publish`: no such command",
        "X.md: `make deploy`: no such target",
        "X.md: `generator/build/nothing.py`: no such file",
    ]


def test_the_command_group_is_the_installed_one():
    assert isinstance(cli, click.Group) and "generate" in cli.commands
