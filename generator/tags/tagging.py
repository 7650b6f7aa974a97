"""Scoring a paper's text against the taxonomy's phrases: which topics are central.

A tag's phrases are counted in the title, the source's keywords and the
abstract; the counts become points (`Scoring`), and a tag needs enough points
to be given. Pure and deterministic: same text and taxonomy, same tags.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

_WORD = re.compile(r"\w+")
# A text's words, and the unit separator as a word of its own: put between
# keywords, it keeps a phrase from running from one keyword into the next.
_GAP = "\x1f"
_TOKEN = re.compile(r"\w+|\x1f")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass(frozen=True)
class Rule:
    """A phrase as words; `prefix`: its last word may go on ("optimi*");
    `suffix`: a one-word phrase may end a longer word ("*bench" matches
    "VBench", the way papers name their benchmarks)."""

    words: tuple[str, ...]
    prefix: bool
    case: bool  # False: compared case-folded
    suffix: bool = False

    @classmethod
    def parse(cls, phrase: str, case: bool) -> "Rule":
        body = phrase.strip().rstrip("*")
        suffix = body.startswith("*")
        body = body.lstrip("*")
        return cls(tuple(words(body if case else body.casefold())), phrase.strip().endswith("*"), case, suffix)


@dataclass(frozen=True)
class Scoring:
    """Points a tag earns from where its phrases occur, and what it needs."""

    title: int = 3  # a phrase in the title
    keywords: int = 2  # a phrase among the source's keywords (Hugging Face ai_keywords)
    abstract: int = 1  # each mention in the abstract ...
    abstract_max: int = 3  # ... counted up to this many
    threshold: int = 3  # points a tag needs
    max_tags: int = 4  # tags per paper at most, the highest scores first
    abstract_only: int = 0  # points more a tag needs when neither title nor keywords name it
    learned: int = 0  # probability (percent) a tag needs from the model learned from labels/; 0: rules alone


@dataclass(frozen=True)
class Mentions:
    """How often one tag's phrases occur in each part of a paper."""

    title: int = 0
    keywords: int = 0
    abstract: int = 0

    def named(self) -> bool:
        """The title or the source's keywords name the topic (evidence it is central)."""
        return self.title > 0 or self.keywords > 0

    def needs(self, threshold: int, s: Scoring) -> int:
        """Points needed: `threshold`, more when only the abstract mentions the topic."""
        return threshold + (0 if self.named() else s.abstract_only)

    def points(self, s: Scoring) -> int:
        return (s.title * (self.title > 0) + s.keywords * (self.keywords > 0)
                + s.abstract * min(self.abstract, s.abstract_max))


class Matcher:
    """Counts, for every tag, the places in a text where one of its phrases starts.

    Text and phrases are compared as sequences of words (letters and digits;
    spaces, hyphens and punctuation separate words), so "fine-tuning" matches
    "fine tuning" and "Fine-Tuning", and "LLM" (case kept) does not match "LLMs".
    A mention inside one of the tag's `exclude` phrases does not count.
    """

    def __init__(self, tags: Iterable):
        # phrases by their first word, for each of case-folded / case-kept;
        # a phrase whose only word is a prefix or a suffix is matched to words in `_learn`.
        self.by_first: dict[bool, dict[str, list[tuple[Rule, str, bool]]]] = {False: {}, True: {}}
        self.prefixes: dict[bool, list[tuple[Rule, str, bool]]] = {False: [], True: []}
        self.suffixes: dict[bool, list[tuple[Rule, str, bool]]] = {False: [], True: []}
        for tag in tags:
            for rules, excluded in ((tag.rules, False), (tag.excludes, True)):
                for rule in rules:
                    entry = (rule, tag.slug, excluded)
                    if rule.suffix:
                        self.suffixes[rule.case].append(entry)
                    elif rule.prefix and len(rule.words) == 1:
                        self.prefixes[rule.case].append(entry)
                    else:
                        self.by_first[rule.case].setdefault(rule.words[0], []).append(entry)
        self.cases = (False, True) if any(self.by_first[True]) or self.prefixes[True] or self.suffixes[True] else (False,)
        # Phrases that may start at a word, filled as words are met: the
        # vocabulary of an archive is far smaller than its text.
        self._starting: dict[bool, dict[str, list[tuple[Rule, str, bool]]]] = {False: {}, True: {}}
        self._starters: dict[bool, set[str]] = {False: set(), True: set()}

    def _learn(self, case: bool, new_words: set[str]) -> None:
        starting, prefixes, suffixes = self._starting[case], self.prefixes[case], self.suffixes[case]
        for word in new_words:
            found = list(self.by_first[case].get(word, ()))
            found += [e for e in prefixes if word.startswith(e[0].words[0])]
            found += [e for e in suffixes if word.endswith(e[0].words[0])]
            starting[word] = found
            if found:
                self._starters[case].add(word)

    def count(self, text: str | list[str]) -> dict[str, int]:
        """Mentions per tag slug in a text (a list: separate pieces, such as keywords)."""
        joined = text if isinstance(text, str) else _GAP.join(text)
        hits: dict[str, set[tuple[bool, int]]] = defaultdict(set)
        excluded: dict[str, set[tuple[bool, int]]] = defaultdict(set)
        kept = _TOKEN.findall(joined)
        # Case-folded word by word, so both sequences share their places.
        sequences = {True: kept, False: [w.casefold() for w in kept]}
        for case in self.cases:
            seq = sequences[case]
            vocab = set(seq)
            new_words = vocab.difference(self._starting[case])
            if new_words:
                self._learn(case, new_words)
            starts = vocab & self._starters[case]
            if not starts:
                continue
            starting, last = self._starting[case], len(seq) - 1
            for i in [i for i, w in enumerate(seq) if w in starts]:
                after = seq[i + 1] if i < last else ""
                for rule, slug, is_exclude in starting[seq[i]]:
                    n = len(rule.words)
                    # Most phrases fail on their second word: test it inline.
                    if n > 1 and after != rule.words[1] and not (n == 2 and rule.prefix and after.startswith(rule.words[1])):
                        continue
                    if n > 2 and not _matches_at(rule, seq, i):
                        continue
                    if is_exclude:
                        excluded[slug].update((case, j) for j in range(i, i + n))
                    else:
                        hits[slug].add((case, i))
        # A case-kept and a case-folded phrase at one place count once.
        out = {}
        for slug, places in hits.items():
            gone = {j for _, j in excluded.get(slug, ())}
            n = len({i for _, i in places if i not in gone})
            if n:
                out[slug] = n
        return out

    def mentions(self, title: str, abstract: str, keywords: list[str]) -> dict[str, Mentions]:
        t, a, k = self.count(title), self.count(abstract), self.count(keywords) if keywords else {}
        return {slug: Mentions(t.get(slug, 0), k.get(slug, 0), a.get(slug, 0))
                for slug in sorted(t.keys() | a.keys() | k.keys())}


def _matches_at(rule: Rule, seq: list[str], i: int) -> bool:
    n = len(rule.words)
    if i + n > len(seq):
        return False
    for j, want in enumerate(rule.words):
        got = seq[i + j]
        if not (got == want or (j == n - 1 and rule.prefix and got.startswith(want))):
            return False
    return True


def choose(mentions: dict[str, Mentions], order: dict[str, int], thresholds: dict[str, int], scoring: Scoring,
           yields: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """The slugs that earn their threshold, the `max_tags` highest scores (ties: taxonomy order).

    `yields` maps a slug to the tags it gives way to: a tag is not given when
    one of those earns its own threshold too (a multimodal LLM is `multimodal`,
    not also `large-language-models`). Judged against the tags that earn their
    threshold, so the order tags are looked at does not matter.
    """
    passing = [(m.points(scoring), slug) for slug, m in mentions.items()
               if m.points(scoring) >= m.needs(thresholds.get(slug, scoring.threshold), scoring)]
    if yields and passing:
        earned = {slug for _, slug in passing}
        passing = [(p, slug) for p, slug in passing if not earned.intersection(yields.get(slug, ()))]
    if not passing:
        # A paper must be reachable from some tag page. A tag's own higher
        # threshold guards against a topic mentioned beside the paper's real
        # one; with no other topic, the general threshold is evidence enough.
        passing = [(m.points(scoring), slug) for slug, m in mentions.items()
                   if m.points(scoring) >= m.needs(scoring.threshold, scoring)]
        passing = sorted(passing, key=lambda ps: (-ps[0], order[ps[1]]))[:1]
    passing.sort(key=lambda ps: (-ps[0], order[ps[1]]))
    return [slug for _, slug in passing[:scoring.max_tags]]
