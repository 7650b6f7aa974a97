"""The tag taxonomy (`taxonomy.yml`) and tagging: loading, validation, matching.

Matching is pure: the same paper and taxonomy always give the same tags.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import yamlsafe
from .model import InputError, Paper, Problem, bad_char

FILE = "taxonomy.yml"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RESERVED = frozenset({"index"})  # tags/index.md lists the tags
MAX_SLUG = 64


_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Rule:
    """A phrase as words; `prefix`: its last word may go on ("optimi*")."""

    words: tuple[str, ...]
    prefix: bool
    case: bool  # False: compared case-folded

    @classmethod
    def parse(cls, phrase: str, case: bool) -> "Rule":
        body = phrase.strip().rstrip("*")
        words = _WORD.findall(body if case else body.casefold())
        return cls(tuple(words), phrase.strip().endswith("*"), case)


@dataclass(frozen=True)
class Tag:
    slug: str
    title: str
    description: str
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    tags: tuple[Tag, ...]

    @cached_property
    def by_slug(self) -> dict[str, Tag]:
        return {t.slug: t for t in self.tags}

    @cached_property
    def matcher(self) -> "Matcher":
        return Matcher(self.tags)


class Matcher:
    """Finds every tag whose rules match a text, in one pass over its words.

    Text and phrases are compared as sequences of words (letters and digits;
    spaces, hyphens and punctuation separate words), so "fine-tuning" matches
    "fine tuning" and "Fine-Tuning", and "LLM" (case kept) does not match "LLMs".
    """

    def __init__(self, tags: tuple[Tag, ...]):
        # One-word rules are looked up in the text's vocabulary at C speed;
        # longer phrases are checked only where their first word occurs.
        self.single: dict[bool, dict[str, set[str]]] = {False: {}, True: {}}
        self.multi: dict[bool, dict[str, list[tuple[Rule, str]]]] = {False: {}, True: {}}
        self.prefixes: list[tuple[Rule, str]] = []
        for tag in tags:
            for rule in tag.rules:
                if rule.prefix and len(rule.words) == 1:
                    self.prefixes.append((rule, tag.slug))
                elif len(rule.words) == 1:
                    self.single[rule.case].setdefault(rule.words[0], set()).add(tag.slug)
                else:
                    self.multi[rule.case].setdefault(rule.words[0], []).append((rule, tag.slug))
        self.uses_case = any(r.case for t in tags for r in t.rules)

    def slugs(self, text: str) -> set[str]:
        found: set[str] = set()
        for case in (False, True) if self.uses_case else (False,):
            seq = _WORD.findall(text if case else text.casefold())
            vocab = set(seq)
            single, multi = self.single[case], self.multi[case]
            for word in vocab.intersection(single):
                found |= single[word]
            starts = vocab.intersection(multi)
            if starts:
                for i, word in enumerate(seq):
                    if word in starts:
                        found.update(slug for rule, slug in multi[word] if _matches_at(rule, seq, i))
            ordered = sorted(vocab)
            for rule, slug in self.prefixes:
                if rule.case == case and slug not in found and _has_prefix(ordered, rule.words[0]):
                    found.add(slug)
        return found


def _matches_at(rule: Rule, seq: list[str], i: int) -> bool:
    n = len(rule.words)
    if i + n > len(seq):
        return False
    for j, want in enumerate(rule.words):
        got = seq[i + j]
        last = j == n - 1
        if not (got == want or (last and rule.prefix and got.startswith(want))):
            return False
    return True


def _has_prefix(sorted_words: list[str], prefix: str) -> bool:
    i = bisect.bisect_left(sorted_words, prefix)
    return i < len(sorted_words) and sorted_words[i].startswith(prefix)


def parse(text: str, name: str = FILE) -> Taxonomy:
    """A taxonomy from YAML text; InputError lists every problem in it."""
    data = yamlsafe.safe_load(text, name)  # bounded: aliases, merge keys, nesting
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
    elif len(slug) > MAX_SLUG:
        problems.append(("slug", f"is {len(slug)} characters long; the limit is {MAX_SLUG} (it names the tag's files)"))
    elif slug in RESERVED:
        problems.append(("slug", f"{slug!r} is reserved: tags/{slug}.md is the page listing every tag"))
    for key in ("title", "description"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            problems.append((key, "must be non-empty text"))
        elif why := bad_char(item[key].replace("\n", " ")):
            problems.append((key, why))
    rules = {}
    for key in ("match", "match_case"):
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(r, str) and _WORD.search(r) for r in value):
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
    parsed = tuple(Rule.parse(r, False) for r in rules["match"]) + tuple(Rule.parse(r, True) for r in rules["match_case"])
    return Tag(slug, item["title"].strip(), item["description"].strip(), parsed), []


def load_taxonomy(root: Path) -> Taxonomy:
    path = root / FILE
    if not path.exists():
        raise InputError([Problem(FILE, "1", "file", "the taxonomy file is missing")])
    return parse(yamlsafe.decode(path.read_bytes(), FILE))


def tags_of(paper: Paper, taxonomy: Taxonomy, extra: tuple[str, ...] = ()) -> list[str]:
    """Slugs of the paper's tags, in taxonomy order: the rules applied to
    title, abstract and keywords, plus tags set by hand or by commentary."""
    text = "\n".join([paper.title, paper.abstract, *paper.ai_keywords])
    chosen = set(paper.tags) | set(extra) | taxonomy.matcher.slugs(text)
    return [t.slug for t in taxonomy.tags if t.slug in chosen]
