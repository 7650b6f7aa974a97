"""A commentary file's front matter: found between its two '---' lines and
read as YAML within bounds, every value kept as text with its line, so that
each problem can name the line a first-time contributor has to change."""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..archive import yamlsafe
from ..archive.model import InputError, Problem

FIELDS = ("paper", "author", "date", "name", "tags", "verdict")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
NO_FRONT_MATTER = ("is missing: the file must start with a line '---', then the fields "
                   "(paper, author, date, ...), then another line '---', then your commentary")
UNCLOSED = "is not closed: add a line '---' after the last field, before your commentary"
NOT_MAPPING = "must be 'field: value' lines, such as 'paper: a-tutorial-on-bayesian-optimization'"
UNKNOWN_FIELD = "is not a front matter field: the fields are paper, author, date, name, tags and verdict"


@dataclass
class Field:
    value: object  # str, list[str | None] (None: not text), or dict
    line: int
    item_lines: tuple[int, ...] = ()


def quote(value: str) -> str:
    value = CONTROL.sub("?", value)
    return f"'{value}'" if len(value) <= 60 else f"'{value[:57]}...'"


def split(rel: str, text: str) -> tuple[str | None, str, int, list[Problem]]:
    """(front matter text, body, file line of the body's first line, problems)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, "", 0, [Problem(rel, "1", "front matter", NO_FRONT_MATTER)]
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2, []
    return None, "", 0, [Problem(rel, "1", "front matter", UNCLOSED)]


def _node_value(node: yaml.Node) -> Field:
    line = node.start_mark.line + 2  # the front matter starts on the file's line 2
    if isinstance(node, yaml.ScalarNode):
        return Field(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        items = [n.value if isinstance(n, yaml.ScalarNode) else None for n in node.value]
        return Field(items, line, tuple(n.start_mark.line + 2 for n in node.value))
    return Field({}, line)


def fields(rel: str, text: str) -> tuple[dict[str, Field], list[Problem]]:
    """The front matter's fields with their lines. All values stay text
    (YAML's BaseLoader): '2503.08638' is not a number, 'no' is not False."""
    try:
        yamlsafe.check(text, rel, first_line=2)  # nesting and alias expansion bounded
    except InputError as exc:
        return {}, [Problem(p.file, p.where, "front matter", p.message) for p in exc.problems]
    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        reason = getattr(exc, "problem", None) or "not valid YAML"
        return {}, [Problem(rel, str(line), "front matter",
                            f"is not valid YAML ({reason}): write one 'field: value' per line, "
                            "and put a value that contains ': ' or starts with a quote in double quotes")]
    if node is None:
        return {}, []
    if not isinstance(node, yaml.MappingNode):
        return {}, [Problem(rel, str(node.start_mark.line + 2), "front matter", NOT_MAPPING)]
    out: dict[str, Field] = {}
    problems = []
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(rel, str(line), "front matter", NOT_MAPPING))
            continue
        key = key_node.value
        if key in out:
            problems.append(Problem(rel, str(line), key, "appears twice in the front matter: keep one"))
            continue
        if key not in FIELDS:
            problems.append(Problem(rel, str(line), quote(key)[1:-1], UNKNOWN_FIELD))
            continue
        field = _node_value(value_node)
        field.line = line
        out[key] = field
    return out, problems
