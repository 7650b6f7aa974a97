"""The tag taxonomy (`taxonomy.yml`): loading, validation, and a paper's tags.

Tagging is pure: the same paper and taxonomy always give the same tags. How
phrases are counted and scored lives in `tagging.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path

from ..archive import yamlsafe
from . import labels as labels_file
from ..archive.model import InputError, Paper, Problem, bad_char
from .tagging import Matcher, Mentions, Rule, Scoring, choose, words

FILE = "taxonomy.yml"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RESERVED = frozenset({"index"})  # tags/index.md lists the tags
MAX_SLUG = 64
_TAG_FIELDS = ("slug", "title", "description", "match", "match_case", "exclude", "threshold", "yields_to")


@dataclass(frozen=True)
class Tag:
    slug: str
    title: str
    description: str
    rules: tuple[Rule, ...] = ()
    excludes: tuple[Rule, ...] = ()
    threshold: int | None = None  # None: the taxonomy's
    yields_to: tuple[str, ...] = ()  # slugs: not given when one of these earns its threshold


@dataclass(frozen=True)
class Taxonomy:
    tags: tuple[Tag, ...]
    scoring: Scoring = Scoring()
    # The labelled papers (labels/) the tagging learns from when scoring.learned is set.
    labels: tuple[labels_file.Labelled, ...] = field(default=(), compare=False, repr=False)

    @cached_property
    def by_slug(self) -> dict[str, Tag]:
        return {t.slug: t for t in self.tags}

    @cached_property
    def matcher(self) -> Matcher:
        return Matcher(self.tags)

    @cached_property
    def _order(self) -> dict[str, int]:
        return {t.slug: i for i, t in enumerate(self.tags)}

    @cached_property
    def _thresholds(self) -> dict[str, int]:
        return {t.slug: t.threshold for t in self.tags if t.threshold is not None}

    @cached_property
    def _yields(self) -> dict[str, tuple[str, ...]]:
        return {t.slug: t.yields_to for t in self.tags if t.yields_to}

    @cached_property
    def model(self):
        """The model learned from `labels` (tagmodel.py), or None: rules alone."""
        if not self.labels or not self.scoring.learned:
            return None
        from .tagmodel import Model
        return Model.fit(self, self.labels)

    @cached_property
    def _readers(self) -> dict[str, tuple[str, ...]]:
        return {x.id: x.tags for x in self.labels}

    def readers_tags(self, paper: Paper) -> tuple[str, ...] | None:
        """The tags a careful reader gave this paper in labels/ (by its key or
        arXiv id), or None: a labelled paper is tagged as its reader said."""
        found = self._readers.get(paper.key)
        if found is None and paper.arxiv_id:
            found = self._readers.get(paper.arxiv_id)
        return found

    def with_labels(self, labelled) -> "Taxonomy":
        """This taxonomy learning from other labelled papers (the tag benchmark trains on its tuning split)."""
        return Taxonomy(self.tags, self.scoring, tuple(labelled))

    def mentions(self, paper: Paper) -> dict[str, Mentions]:
        return self.matcher.mentions(paper.title, paper.abstract, paper.ai_keywords)

    def rule_tags(self, paper: Paper, mentions: dict[str, Mentions] | None = None) -> list[str]:
        """The slugs the rules alone give a paper, highest score first."""
        found = self.mentions(paper) if mentions is None else mentions
        return choose(found, self._order, self._thresholds, self.scoring, self._yields)

    def matched(self, paper: Paper) -> list[str]:
        """The slugs the tagging gives a paper: the learned model's when there is one, else the rules'."""
        return self.matched_all([paper])[0]

    def matched_all(self, papers: list[Paper]) -> list[list[str]]:
        """`matched` for many papers at once (the model's arithmetic is done for all together)."""
        if self.model is None:
            return [self.rule_tags(p) for p in papers]
        return self.model.choose(papers) if papers else []


def parse(text: str, name: str = FILE) -> Taxonomy:
    """A taxonomy from YAML text; InputError lists every problem in it."""
    data = yamlsafe.safe_load(text, name)  # bounded: aliases, merge keys, nesting
    if not isinstance(data, dict) or not isinstance(data.get("tags"), list) or not data["tags"]:
        raise InputError([Problem(name, "1", "tags", "expected a 'tags:' list")])
    problems = [Problem(name, "1", key, "unknown field (the file holds 'scoring' and 'tags')")
                for key in sorted(set(data) - {"scoring", "tags"}, key=str)]
    scoring, found = _scoring(data.get("scoring", {}))
    problems += [Problem(name, "scoring", f, m) for f, m in found]
    tags, seen = [], set()
    for index, item in enumerate(data["tags"]):
        tag, found = _tag(item, seen)
        label = f"item {index}" + (f" ({item['slug']})" if isinstance(item, dict) and isinstance(item.get("slug"), str) else "")
        problems += [Problem(name, label, f, m) for f, m in found]
        if tag:
            tags.append(tag)
            seen.add(tag.slug)
    problems += _unknown_yields(name, data["tags"], {t.slug for t in tags})
    if problems:
        raise InputError(problems)
    return Taxonomy(tuple(tags), scoring)


def _unknown_yields(name: str, items: list, slugs: set[str]) -> list[Problem]:
    """`yields_to` must name other tags of the file (a typo would silently do nothing)."""
    problems = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("yields_to"), list) or item.get("slug") not in slugs:
            continue
        label = f"item {index} ({item['slug']})"
        for other in item["yields_to"]:
            if other == item["slug"]:
                problems.append(Problem(name, label, "yields_to", f"{other!r} is the tag itself"))
            elif other not in slugs:
                problems.append(Problem(name, label, "yields_to", f"{other!r} is not a tag of this file"))
    return problems


def _whole(value: object, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and least <= value <= 1000


def _scoring(value: object) -> tuple[Scoring, list[tuple[str, str]]]:
    if not isinstance(value, dict):
        return Scoring(), [("scoring", "must be a mapping such as 'threshold: 3'")]
    problems, known = [], {f.name: f.default for f in fields(Scoring)}
    for key in sorted(value, key=str):
        least = 1 if key in ("threshold", "max_tags") else 0
        most = 100 if key == "learned" else 1000
        if key not in known:
            problems.append((str(key), f"unknown field (known: {', '.join(known)})"))
        elif not _whole(value[key], least) or value[key] > most:
            problems.append((key, f"must be a whole number from {least} to {most}"))
    if problems:
        return Scoring(), problems
    return Scoring(**value), []


def _phrases(item: dict, key: str) -> tuple[list[str], list[tuple[str, str]]]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(r, str) and words(r) for r in value):
        return [], [(key, "must be a list of phrases")]
    for phrase in value:
        if phrase.strip().startswith("*") and (len(words(phrase)) > 1 or phrase.strip().endswith("*")):
            return [], [(key, f"{phrase!r}: a leading * (a word ending so) is for one word, such as '*bench'")]
    return value, []


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
    elif len(slug) > MAX_SLUG:
        problems.append(("slug", f"is {len(slug)} characters long; the limit is {MAX_SLUG} (it names the tag's files)"))
    elif slug in RESERVED:
        problems.append(("slug", f"{slug!r} is reserved: tags/{slug}.md is the page listing every tag"))
    for key in ("title", "description"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            problems.append((key, "must be non-empty text"))
        elif why := bad_char(item[key].replace("\n", " ")):
            problems.append((key, why))
    match, found = _phrases(item, "match")
    match_case, found_case = _phrases(item, "match_case")
    exclude, found_exclude = _phrases(item, "exclude")
    problems += found + found_case + found_exclude
    if not match and not match_case and not found and not found_case:
        problems.append(("match", "needs at least one phrase"))
    threshold = item.get("threshold")
    if threshold is not None and not _whole(threshold, 1):
        problems.append(("threshold", "must be a whole number from 1 to 1000"))
    yields_to = item.get("yields_to", [])
    if not isinstance(yields_to, list) or not all(isinstance(y, str) for y in yields_to):
        problems.append(("yields_to", "must be a list of tag slugs"))
    unknown = sorted(set(item) - set(_TAG_FIELDS), key=str)
    if unknown:
        problems.append((str(unknown[0]), f"unknown field (known: {', '.join(_TAG_FIELDS)})"))
    rules = tuple(Rule.parse(r, False) for r in match) + tuple(Rule.parse(r, True) for r in match_case)
    # An exclusion that holds none of the tag's phrases would silently do nothing.
    alone = Matcher([Tag("t", "", "", tuple(Rule.parse(r, False) for r in match + match_case))])
    problems += [("exclude", f"{phrase!r} holds none of the tag's match phrases, so it excludes nothing")
                 for phrase in exclude if rules and not alone.count(phrase)]
    if problems:
        return None, problems
    excludes = tuple(Rule.parse(r, False) for r in exclude)
    return Tag(slug, item["title"].strip(), item["description"].strip(), rules, excludes, threshold,
               tuple(dict.fromkeys(yields_to))), []


def load_taxonomy(root: Path, labelled: bool = True) -> Taxonomy:
    """taxonomy.yml, with the labelled papers of labels/ (`labelled`; any problem
    in them is an InputError, as in taxonomy.yml)."""
    path = root / FILE
    if not path.exists():
        raise InputError([Problem(FILE, "1", "file", "the taxonomy file is missing")])
    taxonomy = parse(yamlsafe.decode(path.read_bytes(), FILE))
    if not labelled:
        return taxonomy
    found, problems = labels_file.read(root, set(taxonomy.by_slug))
    if problems:
        raise InputError(problems)
    return taxonomy.with_labels(found)


def tags_of(paper: Paper, taxonomy: Taxonomy, extra: tuple[str, ...] = (), readers: bool = False) -> list[str]:
    """Slugs of the paper's tags, in taxonomy order: the topics its title,
    abstract and keywords make central (taxonomy.yml's rules, weighed by what
    was learned from labels/), plus tags set by hand or by commentary. With
    `readers` (the site), a paper labelled in labels/ has its reader's tags
    in place of the tagging's: a label line corrects that paper's page."""
    return tags_of_all({paper.key: paper}, taxonomy, {paper.key: extra}, readers)[paper.key]


def tags_of_all(papers: dict[str, Paper], taxonomy: Taxonomy,
                extra: dict[str, tuple[str, ...]] | None = None, readers: bool = False) -> dict[str, list[str]]:
    """`tags_of` for every paper of an archive at once."""
    keys = list(papers)
    given = {k: taxonomy.readers_tags(papers[k]) for k in keys} if readers else {}
    unread = [k for k in keys if given.get(k) is None]
    found = dict(zip(unread, taxonomy.matched_all([papers[k] for k in unread])))
    extra = extra or {}
    return {k: _with_own(papers[k], taxonomy, extra.get(k, ()), given.get(k) or found[k]) for k in keys}


def _with_own(paper: Paper, taxonomy: Taxonomy, extra: tuple[str, ...], matched) -> list[str]:
    # A record's own tags and a commentary's are kept beside what the tagging finds.
    chosen = set(paper.tags) | set(extra) | set(matched)
    return [t.slug for t in taxonomy.tags if t.slug in chosen]
