"""A BibTeX entry for a paper, as plain text (escaped later for HTML)."""
from __future__ import annotations

import re

from ...archive.model import Paper

_SPECIAL = re.compile(r"([{}\\%&#$_^~])")


# BibTeX counts braces even after a backslash: "\{" would still open a group
# (and an unbalanced one ends the field), so braces become brace-balanced commands.
_COMMAND = {"\\": "{\\textbackslash}", "{": "{\\textbraceleft}", "}": "{\\textbraceright}",
            "^": "{\\^{}}", "~": "{\\~{}}"}


def _value(text: str) -> str:
    # Braces keep BibTeX from re-casing the title; specials are escaped.
    return _SPECIAL.sub(lambda m: _COMMAND.get(m[1], "\\" + m[1]), text)


def _url(url: str) -> str:
    # Braces would end the field (and could start another); a backslash
    # escapes. Percent-encoded, the URL leads to the same place.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def entry(p: Paper) -> str:
    year = (p.published or p.first_listed)[:4]
    fields = [("title", "{" + _value(p.title) + "}")]
    if p.authors:
        fields.append(("author", " and ".join(_value(a) for a in p.authors)))
    fields.append(("year", year))
    if p.arxiv_id:
        fields += [("eprint", _value(p.arxiv_id)), ("archivePrefix", "arXiv")]
        if p.categories:
            fields.append(("primaryClass", _value(p.categories[0])))
    url = p.links.get("arxiv") or p.links.get("hf") or p.links.get("project")
    if url:
        fields.append(("url", _url(url)))
    if not p.arxiv_id:
        fields.append(("note", f"Listed on Hugging Face Daily Papers, {p.first_listed}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{p.key},\n{body}\n}}"
