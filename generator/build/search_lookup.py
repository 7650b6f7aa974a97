"""Small static lookups beside the Pagefind index, for what Pagefind cannot do.

- `ids/<shard>.json`: arXiv id -> the paper (URL, title, first list day,
  authors). Pagefind splits `2503.08638` into numbers, so an id (or a pasted
  arXiv / Hugging Face URL) would find papers that merely hold "2503"; the
  browser resolves an id exactly with one small file instead. Shards are
  split by the id's first digits (`2503.08` covers 1,000 arXiv numbers of a
  month), so no download grows with the archive.
- `words/<letter>.json`: the archive's own vocabulary, [word, papers that
  use it] by first letter, most used first: the browser's "did you mean"
  corrects a misspelt query word to the most used word within a small edit
  distance. Words of one paper only are left out, and each letter keeps its
  WORDS_PER_LETTER most used words, so a file stays small at any size.

Written by generator/build/search.py into `<site>/pagefind/archive/`, rebuilt with
the index. Pure except `write`.
"""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable

FOLDER = "archive"
WORDS_PER_LETTER = 4000
MIN_PAPERS = 2  # a word of one paper only is as likely a typo as a word
AUTHORS_SHOWN = 3
LETTERS = tuple("abcdefghijklmnopqrstuvwxyz_")
_WORD = re.compile(r"[^\W\d_]{3,24}")
_MARKER = re.compile(r"___(END_)?PAGEFIND_[A-Z]+___\S*")
_NEW_ID = re.compile(r"\d{4}\.\d{4,5}")
_OLD_ID = re.compile(r"([a-z\-]+)(\.[a-z]{2})?/(\d{7})")


def id_shard(arxiv_id: str) -> str | None:
    """The lookup file an arXiv id is in (docs/assets/search.js computes the same)."""
    i = arxiv_id.lower()
    if _NEW_ID.fullmatch(i):
        return i[:7]
    m = _OLD_ID.fullmatch(i)
    return f"{m[1]}-{m[3][:4]}" if m else None


def word_shard(word: str) -> str:
    first = word[0]
    return first if "a" <= first <= "z" else "_"


def ids(records: Iterable) -> dict[str, dict[str, list]]:
    """shard -> {lowercased arXiv id: [url, title, first list day, authors]}."""
    out: dict[str, dict[str, list]] = defaultdict(dict)
    for r in records:
        arxiv_id = r.arxiv
        shard = id_shard(arxiv_id) if arxiv_id else None
        if shard is None:
            continue
        names = r.meta.get("authors", "").split(", ")
        authors = ", ".join(names[:AUTHORS_SHOWN]) + (" et al." if len(names) > AUTHORS_SHOWN else "")
        out[shard][arxiv_id.lower()] = [r.url, r.meta["title"], r.meta["date"], authors]
    return {s: dict(sorted(v.items())) for s, v in sorted(out.items())}


def vocabulary(texts: Iterable[str]) -> dict[str, list[list]]:
    """letter -> [[word, papers using it], ...], most used first (ties by word)."""
    df: Counter = Counter()
    for text in texts:
        df.update(set(_WORD.findall(_MARKER.sub(" ", text).lower())))
    by_letter: dict[str, list] = defaultdict(list)
    for word, n in df.items():
        if n >= MIN_PAPERS:
            by_letter[word_shard(word)].append([word, n])
    return {letter: sorted(words, key=lambda wn: (-wn[1], wn[0]))[:WORDS_PER_LETTER]
            for letter, words in sorted(by_letter.items())}


def files(records: list) -> dict[str, str]:
    """{path inside FOLDER: JSON text} for these search records."""
    out = {}
    tables = ids(records)
    for shard, table in tables.items():
        out[f"ids/{shard}.json"] = _json(table)
    # Which id files exist (a few bytes per month of papers): an id the
    # archive does not hold is answered without a request that fails.
    out["ids/index.json"] = _json(list(tables))
    vocab = vocabulary(r.content for r in records)
    for letter in LETTERS:  # every letter, so no lookup of a word fails
        out[f"words/{letter}.json"] = _json(vocab.get(letter, []))
    return out


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write(records: list, folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    for rel, text in files(records).items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
