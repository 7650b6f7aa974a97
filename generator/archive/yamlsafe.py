"""YAML from strangers' pull requests, read within bounds.

PyYAML's SafeLoader is safe from code execution but not from work: aliases
and merge keys (`<<: *a`) expand each level into the next, so 576 bytes of
nested merges took 22 s and 811 MB, and 5,000 levels of nesting overflow
Python's stack. Before anything is built, the event stream (which PyYAML
produces without recursion) is scanned: nesting depth and the size of the
document with every alias expanded are counted, and a document over either
limit is refused with its line. Bytes that are not UTF-8 are reported with
their line too.
"""
from __future__ import annotations

import yaml

from .model import InputError, Problem

MAX_DEPTH = 50
MAX_NODES = 100_000  # nodes once every alias is expanded
MAX_BYTES = 1_000_000


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM allowed), or InputError naming the line of the first bad byte."""
    if len(data) > MAX_BYTES:
        raise InputError([Problem(name, "1", "file", f"is {len(data)} bytes; the limit is {MAX_BYTES}")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem(name, str(line), "yaml", "not UTF-8 text: save the file as UTF-8")]) from None


def check(text: str, name: str, *, first_line: int = 1) -> None:
    """Raise InputError when `text` nests deeper than MAX_DEPTH or expands to
    more than MAX_NODES nodes. Syntax errors are left to the loader."""
    depth = 0
    size: dict[str, int] = {}  # anchor -> nodes it expands to
    open_: list[list] = []  # per open collection: [nodes so far, anchor]
    total = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = str(event.start_mark.line + first_line)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError([Problem(name, line, "yaml", f"nests deeper than {MAX_DEPTH} levels")])
                open_.append([1, event.anchor])
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                nodes, anchor = open_.pop()
                n = nodes
            elif isinstance(event, yaml.ScalarEvent):
                n, anchor = 1, event.anchor
            elif isinstance(event, yaml.AliasEvent):
                n, anchor = size.get(event.anchor, 1), None
            else:
                continue
            if anchor:
                size[anchor] = n
            if open_:
                open_[-1][0] += n
                if open_[-1][0] > MAX_NODES:
                    raise InputError([Problem(name, line, "yaml", f"expands to more than {MAX_NODES:,} values "
                                                                  "(aliases and merge keys count as copies)")])
            else:
                total += n
                if total > MAX_NODES:
                    raise InputError([Problem(name, line, "yaml", f"expands to more than {MAX_NODES:,} values")])
    except yaml.YAMLError:
        return  # the loader reports it, with its own wording


class _Loader(yaml.SafeLoader):
    """SafeLoader whose values that cannot be built (a 5,000-digit number,
    month 13 in a date, `!!int abc`) are YAML errors located at their node,
    not a ValueError from deep inside PyYAML."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            reason = str(exc).split(":")[0].split(";")[0]
            raise yaml.constructor.ConstructorError(None, None, f"a value that cannot be read ({reason})",
                                                    node.start_mark) from None


def safe_load(text: str, name: str, *, first_line: int = 1):
    """yaml.safe_load within the limits; InputError for syntax errors too."""
    check(text, name, first_line=first_line)
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark else first_line
        reason = getattr(exc, "problem", None) or "not valid YAML"
        hint = " (quote text that holds ': ')" if "mapping values" in reason else ""
        raise InputError([Problem(name, str(line), "yaml", f"not valid YAML: {reason}{hint}")]) from None
    except RecursionError:  # unreachable within MAX_DEPTH; kept so no input ever gives a traceback
        raise InputError([Problem(name, str(first_line), "yaml", "nests too deeply")]) from None
