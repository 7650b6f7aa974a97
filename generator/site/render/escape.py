"""The one place where untrusted text (titles, abstracts, author names, URLs
from the web) is made safe for a page.

Generated pages put such text only inside raw HTML blocks, which Markdown
passes through untouched: HTML-escaping is then all it takes for `*`, `_`,
`[`, `#`, `<` and LaTeX to show as written and never become markup.
"""
from __future__ import annotations

import html
import json
import re

from ...archive.model import is_web_url

_SURROGATES = re.compile(r"\\ud([89ab][0-9a-f]{2})\\ud([c-f][0-9a-f]{2})")


def text(value: str) -> str:
    """Text for an HTML element or a quoted attribute."""
    return html.escape(value, quote=True)


def url(value: str | None) -> str | None:
    """An http(s) URL for an href, escaped; None for anything else."""
    return html.escape(value, quote=True) if value and is_web_url(value) else None


def link(href: str, label: str, *, external: bool = False, cls: str = "") -> str:
    """An <a> element; `href` must already be safe, `label` is raw text."""
    attrs = f' class="{cls}"' if cls else ""
    if external:
        attrs += ' rel="nofollow noopener"'
    return f'<a href="{href}"{attrs}>{text(label)}</a>'


def front_matter_str(value: str) -> str:
    """A YAML double-quoted scalar holding `value` HTML-escaped once.

    Material prints page.meta.title and page.meta.description into the page
    without escaping, so they are stored escaped. ASCII-only JSON is valid
    YAML, except that YAML wants astral characters as \\UXXXXXXXX, not as a
    JSON surrogate pair.
    """
    return yaml_str(html.escape(value, quote=True))


def yaml_str(value: str) -> str:
    """A YAML double-quoted scalar holding `value` exactly, on one line.

    For front matter that templates print as it is (HTML made safe already).
    """
    dumped = json.dumps(value, ensure_ascii=True)

    def astral(m: re.Match) -> str:
        hi, lo = int("d" + m[1], 16), int("d" + m[2], 16)
        return "\\U%08x" % (0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))

    return _SURROGATES.sub(astral, dumped)


def snippet(value: str, limit: int = 280) -> str:
    """The first words of a text, cut at a word boundary."""
    if len(value) <= limit:
        return value
    cut = value[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


# Characters XML 1.0 cannot hold at all, even escaped (feeds are XML).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_chars(value: str) -> str:
    """Text for an XML element built with xml.etree (which escapes `<`, `&`
    and quotes itself): only drops characters XML cannot represent."""
    return _NOT_XML.sub("", value)
