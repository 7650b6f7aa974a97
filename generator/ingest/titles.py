"""When two titles are the same paper's, for `enrich`: pure functions.

A title matches when it is the same once case, punctuation, white space and
TeX are set aside: `$O(1/\\alpha)$ Regret` and `O(1/α) regret` are one title,
`Schr\\"odinger` and `Schrödinger` too, a hard-wrapped arXiv title and its
one-line copy too. Nothing looser: a word more, less or different is another
title (`enrich` then leaves the record alone and says so).

TeX becomes text through pylatexenc, as the site's pages do
(site/render/math.py, which `ingest` may not import).
"""
from __future__ import annotations

import functools
import logging
import re
import unicodedata

from pylatexenc.latex2text import LatexNodes2Text

from ..archive.model import normalized_title

# pylatexenc logs a warning for every macro it cannot expand: the source stays.
logging.getLogger("pylatexenc").setLevel(logging.ERROR)

_WORD = re.compile(r"[^\W_]+")
_TEX = re.compile(r"[\\$~{}]|``|''")


@functools.lru_cache(maxsize=1)
def _latex2text() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


def plain(title: str) -> str:
    """The title with its TeX as text (`\\alpha` as α, `{\\"o}` as ö, `$x$` as x)."""
    if not _TEX.search(title):
        return title
    try:
        # An unescaped % would start a TeX comment and hide the rest.
        return _latex2text().latex_to_text(re.sub(r"(?<!\\)%", r"\\%", title))
    except Exception:  # pylatexenc raises many kinds on bad TeX: the title as it is
        return title


def match_key(title: str) -> str:
    """The form two titles of one paper share: TeX as text, compatibility
    characters (ligatures, full-width letters) as their plain forms, then
    model.normalized_title (case, punctuation, white space)."""
    return normalized_title(unicodedata.normalize("NFKC", plain(title)))


def same(a: str, b: str) -> bool:
    return match_key(a) == match_key(b)


def query_words(title: str) -> list[str]:
    """The words to search a title by, lowercased: the words of the title as
    written, TeX commands included (`\\alpha` gives `alpha`), since that is what
    arXiv indexes; punctuation and quotes, which would break the query, left out."""
    return [w.lower() for w in _WORD.findall(title)]
