"""How problems reach a person: plain lines, plus annotations in GitHub Actions."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import click

from .model import Problem


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _escape(text: str, *, prop: bool = False) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts).
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def annotation(p: Problem, level: str = "error") -> str:
    props = f"file={_escape(p.file, prop=True)}"
    if p.where.isdigit():
        props += f",line={p.where}"
    props += f",title={_escape(p.field, prop=True)}"
    return f"::{level} {props}::{_escape(p.message if p.where.isdigit() else f'{p.where}: {p.message}')}"


def problems(items: list[Problem], *, level: str = "error") -> None:
    for p in items:
        click.echo(str(p), err=True)
    if in_github_actions():
        for p in items:
            click.echo(annotation(p, level))


def dropped(items: list[Problem]) -> None:
    """Optional fields dropped or repaired on import: their papers were kept."""
    if items:
        problems(items, level="warning")
        click.echo(f"{len(items)} field(s) dropped or repaired; their papers were kept.", err=True)


@contextmanager
def progress(length: int, label: str):
    """A progress bar on a terminal; silent in CI logs and pipes."""
    if length > 1 and sys.stderr.isatty() and not os.environ.get("CI"):
        with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
            yield bar.update
    else:
        yield None
