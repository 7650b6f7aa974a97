"""The tag taxonomy (`taxonomy.yml`) and tagging: loading, validation, matching.

Matching is pure: the same paper and taxonomy always give the same tags.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import InputError, Paper, Problem

FILE = "taxonomy.yml"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Tag:
    slug: str
    title: str
    description: str
    pattern: re.Pattern | None = field(default=None, compare=False)
    case_pattern: re.Pattern | None = field(default=None, compare=False)

    def matches(self, text: str) -> bool:
        return bool(self.pattern and self.pattern.search(text)) or bool(self.case_pattern and self.case_pattern.search(text))


@dataclass(frozen=True)
class Taxonomy:
    tags: tuple[Tag, ...]

    @property
    def by_slug(self) -> dict[str, Tag]:
        return {t.slug: t for t in self.tags}


def _phrase(rule: str) -> str:
    prefix = rule.endswith("*")
    body = re.escape(rule.rstrip("*").strip()).replace(r"\ ", r"[\s\-]+")
    return rf"(?<![\w-]){body}" + (r"[\w-]*" if prefix else r"(?![\w])")


def _compile(rules: list[str], flags: int) -> re.Pattern | None:
    return re.compile("|".join(_phrase(r) for r in rules), flags) if rules else None


def parse(text: str, name: str = FILE) -> Taxonomy:
    """A taxonomy from YAML text; InputError lists every problem in it."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError([Problem(name, str(line), "yaml", f"not valid YAML: {reason} (quote text that holds ': ')")]) from None
    items = data.get("tags") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise InputError([Problem(name, "1", "tags", "expected a 'tags:' list")])
    tags, problems, seen = [], [], set()
    for index, item in enumerate(items):
        where = f"item {index}"
        tag, item_problems = _tag(item, seen)
        problems += [Problem(name, where, f, m) for f, m in item_problems]
        if tag:
            tags.append(tag)
            seen.add(tag.slug)
    if problems:
        raise InputError(problems)
    return Taxonomy(tuple(tags))


def _tag(item: object, seen: set[str]) -> tuple[Tag | None, list[tuple[str, str]]]:
    if not isinstance(item, dict):
        return None, [("tag", "must be a mapping with slug, title, description and match")]
    problems = []
    slug = item.get("slug")
    if not isinstance(slug, str) or not _SLUG.match(slug):
        problems.append(("slug", "must be lowercase words joined by '-', such as 'graph-learning'"))
    elif slug in seen:
        problems.append(("slug", f"{slug!r} is used twice"))
    for key in ("title", "description"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            problems.append((key, "must be non-empty text"))
    rules = {}
    for key in ("match", "match_case"):
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(r, str) and r.strip("* ") for r in value):
            problems.append((key, "must be a list of phrases"))
            value = []
        rules[key] = value
    if not rules["match"] and not rules["match_case"]:
        problems.append(("match", "needs at least one phrase"))
    unknown = sorted(set(item) - {"slug", "title", "description", "match", "match_case"})
    if unknown:
        problems.append((unknown[0], "unknown field"))
    if problems:
        return None, problems
    return Tag(slug, item["title"].strip(), item["description"].strip(),
               _compile(rules["match"], re.IGNORECASE), _compile(rules["match_case"], 0)), []


def load_taxonomy(root: Path) -> Taxonomy:
    path = root / FILE
    if not path.exists():
        raise InputError([Problem(FILE, "1", "file", "the taxonomy file is missing")])
    return parse(path.read_text(encoding="utf-8"))


def tags_of(paper: Paper, taxonomy: Taxonomy, extra: tuple[str, ...] = ()) -> list[str]:
    """Slugs of the paper's tags, in taxonomy order: the rules applied to
    title, abstract and keywords, plus tags set by hand or by commentary."""
    text = "\n".join([paper.title, paper.abstract, *paper.ai_keywords])
    chosen = set(paper.tags) | set(extra)
    return [t.slug for t in taxonomy.tags if t.slug in chosen or t.matches(text)]
