"""Material's palette stylesheet, less the colours this site does not use.

Material's palette.css holds the variables of all 21 primary and 16 accent
colours (11.7 KB, 2.0 KB gzipped, on every first visit); a site uses the one
or two of mkdocs.yml's `theme.palette`. The theme renders
overrides/assets/palette.css from Material's file through the
`palette_subset` filter (installed by the MkDocs hooks), so the subset follows
the configured palette and the pinned Material release by itself.

A rule is kept unless each of its selectors names a primary or accent colour
outside the palette; everything else (the dark scheme, media queries) is kept
as it is.
"""
from __future__ import annotations

import re

_COLOUR = re.compile(r"\[data-md-color-(primary|accent)=([a-z-]+)\]")


def used_colours(palette) -> dict[str, set[str]]:
    """The primary and accent colours of `theme.palette` (one option or a list;
    Material's default is indigo for both)."""
    options = palette if isinstance(palette, list) else [palette or {}]
    used: dict[str, set[str]] = {"primary": set(), "accent": set()}
    for option in options:
        for kind in used:
            used[kind].add(str(option.get(kind) or "indigo").replace(" ", "-"))
    return used


def _selector_kept(selector: str, used: dict[str, set[str]]) -> bool:
    return all(value in used[kind] for kind, value in _COLOUR.findall(selector))


def _split_top(text: str, sep: str) -> list[str]:
    """`text` split at `sep` outside brackets and parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _block_end(css: str, open_at: int) -> int:
    """Index just past the `}` that closes the `{` at `open_at`."""
    depth = 0
    for i in range(open_at, len(css)):
        if css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    raise ValueError("unbalanced braces in the palette stylesheet")


def subset(css: str, palette) -> str:
    """`css` with only the palette's colours (and without comments)."""
    return _subset(re.sub(r"/\*.*?\*/", "", css, flags=re.S), used_colours(palette))


def _subset(css: str, used: dict[str, set[str]]) -> str:
    out, pos = [], 0
    while pos < len(css):
        brace = css.find("{", pos)
        semicolon = css.find(";", pos)
        if css[pos:].lstrip().startswith("@") and 0 <= semicolon < (brace if brace >= 0 else len(css)):
            out.append(css[pos:semicolon + 1].strip())  # @charset, @import: a statement, no block
            pos = semicolon + 1
            continue
        if brace < 0:
            out.append(css[pos:].strip())
            break
        prelude = css[pos:brace].strip()
        end = _block_end(css, brace)
        body = css[brace + 1:end - 1]
        if prelude.startswith("@"):
            inner = _subset(body, used) if prelude.startswith(("@media", "@supports")) else body
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        else:
            selectors = [s for s in _split_top(prelude, ",") if _selector_kept(s, used)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
        pos = end
    return "".join(out)
