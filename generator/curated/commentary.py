"""Curated commentary: one Markdown file per reader and paper, added by pull request.

`commentary/<paper-key>/<github-handle>.md` holds YAML front matter (paper,
author, date; optional name, tags, verdict) and a Markdown body. Reading
validates everything (place, front matter (`frontmatter.py`), paper, tags,
dates and the safety of the body) and renders the body to sanitized HTML; every problem comes back
with its file and line, in words a first-time contributor can act on.

This module only reads: no tool ever modifies or deletes a commentary file.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from . import sanitize, template
from .frontmatter import CONTROL as _CONTROL, Field as _Field, fields as _fields, quote as _q, split as _split
from ..archive.model import InputError, Paper, Problem, bad_char, normalized_title
from ..tags.taxonomy import Taxonomy

FOLDER = "commentary"
REQUIRED = ("paper", "author", "date")
MAX_NAME = 100
MAX_VERDICT = 200
MAX_BODY = 10_000  # about 1,500 words; also bounds the time Markdown takes
MAX_FILE = 100_000
HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_ARXIV_PREFIX = re.compile(r"^arxiv:\s*", re.I)
_VERSION = re.compile(r"v\d+$")

HINTS = {
    "paper": "the paper's key (the end of its page address, papers/<key>/) or its arXiv id",
    "author": "your GitHub handle",
    "date": "the day you wrote the commentary, as YYYY-MM-DD",
}
WRONG_PLACE = "is in the wrong place: a commentary is a Markdown file named commentary/<paper-key>/<your-github-handle>.md"
EMPTY_BODY = "is empty: write your commentary below the front matter's closing '---' line"
NOT_A_HANDLE = ("is not a GitHub handle: a handle has 1 to 39 letters, digits or single hyphens, "
                "and does not start or end with a hyphen")
NOT_TEXT = "must be one line of text, not a list or a mapping"
NOT_A_LIST = "must be a list of tags, such as [optimization, reasoning]"
SANITIZED = "the HTML sanitizer had to remove {}: remove it from your commentary (CONTRIBUTING.md lists what is allowed)"


@dataclass(frozen=True)
class Commentary:
    """One valid commentary, its body already rendered to safe HTML."""

    file: str  # commentary/<paper>/<author>.md
    paper: str  # the paper's key
    author: str  # GitHub handle
    date: str  # YYYY-MM-DD
    name: str | None
    tags: tuple[str, ...]
    verdict: str | None
    body: str  # Markdown, as written
    html: str  # the body, rendered and sanitized

    @property
    def display_name(self) -> str:
        return self.name or self.author


def latest_day_anywhere() -> dt.date:
    # "Not in the future" for whoever wrote it: today where the day starts first (UTC+14).
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=14)).date()


# --- Where files are ----------------------------------------------------------

def files(root: Path) -> list[Path]:
    """Every file under commentary/, except hidden ones (.gitkeep...), in path order."""
    base = root / FOLDER
    if not base.is_dir():
        return []
    found = [p for p in base.rglob("*")
             if not any(part.startswith(".") for part in p.relative_to(base).parts) and (p.is_file() or p.is_symlink())]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _place(rel: str) -> tuple[str, str, list[Problem]]:
    """(folder, file stem, problems) of commentary/<folder>/<stem>.md."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != FOLDER or not parts[2].endswith(".md") or parts[2] == ".md":
        return "", "", [Problem(rel, "1", "file", WRONG_PLACE)]
    folder, stem = parts[1], parts[2][: -len(".md")]
    if template.is_handle(stem):
        return folder, stem, [Problem(rel, "1", "file", f"is still named {template.FILE_NAME}: replace "
                                      f"{template.HANDLE} with your GitHub handle, commentary/{folder}/<your-github-handle>.md")]
    if not HANDLE.fullmatch(stem):
        return folder, stem, [Problem(rel, "1", "file",
                                      f"{_q(stem + '.md')} is not named after a GitHub handle: "
                                      f"name the file commentary/{folder}/<your-github-handle>.md")]
    return folder, stem, []


# --- Fields ------------------------------------------------------------------

def _one_line(rel: str, name: str, field: _Field, limit: int, what: str) -> tuple[str | None, list[Problem]]:
    where = str(field.line)
    if not isinstance(field.value, str):
        return None, [Problem(rel, where, name, NOT_TEXT)]
    value = field.value.strip()
    if not value:
        return None, [Problem(rel, where, name, f"is empty: write {what}, or remove the line")]
    if "\n" in value or _CONTROL.search(value):
        return None, [Problem(rel, where, name, "must be one line of text")]
    if why := bad_char(value):  # bidi overrides and zero-width characters can disguise a byline
        return None, [Problem(rel, where, name, why)]
    if len(value) > limit:
        return None, [Problem(rel, where, name, f"is {len(value)} characters long; the limit is {limit}")]
    return value, []


def _required_text(rel: str, name: str, fields: dict[str, _Field]) -> tuple[str | None, list[Problem]]:
    if name not in fields:
        return None, [Problem(rel, "1", name, f"is missing: add a line '{name}: ...' to the front matter, with {HINTS[name]}")]
    field = fields[name]
    if not isinstance(field.value, str):
        return None, [Problem(rel, str(field.line), name, NOT_TEXT)]
    value = field.value.strip()
    if not value:
        return None, [Problem(rel, str(field.line), name, f"is empty: write {HINTS[name]}")]
    return value, []


def resolve_paper(value: str, papers: dict[str, Paper]) -> str | None:
    """The key of the paper a commentary names by key or arXiv id (with or
    without an 'arXiv:' prefix or a version), or None."""
    if value in papers:
        return value
    arxiv = _VERSION.sub("", _ARXIV_PREFIX.sub("", value))
    return next((k for k, p in sorted(papers.items()) if p.arxiv_id and p.arxiv_id == arxiv), None)


def suggest_papers(value: str, papers: dict[str, Paper]) -> list[str]:
    """Up to three paper keys close to what was written (a key or a title)."""
    title = normalized_title(value)
    exact = sorted(k for k, p in papers.items() if normalized_title(p.title) == title)
    if exact:
        return exact[:3]
    slug = title.replace(" ", "-")
    close = difflib.get_close_matches(value.lower(), list(papers), n=3, cutoff=0.6)
    close += [k for k in difflib.get_close_matches(slug, list(papers), n=3, cutoff=0.6) if k not in close]
    if slug and len(close) < 3:
        close += sorted(k for k in papers if k.startswith(slug) and k not in close)[: 3 - len(close)]
    return close[:3]


def _paper(rel: str, fields: dict[str, _Field], papers: dict[str, Paper]) -> tuple[str | None, list[Problem]]:
    value, problems = _required_text(rel, "paper", fields)
    if value is None:
        return None, problems
    key = resolve_paper(value, papers)
    if key:
        return key, []
    close = suggest_papers(value, papers)
    hint = f"; did you mean {' or '.join(_q(k) for k in close)}?" if close else ":"
    return None, [Problem(rel, str(fields["paper"].line), "paper",
                          f"{_q(value)} is not a paper of the archive{hint} Use {HINTS['paper']}")]


def _author(rel: str, fields: dict[str, _Field], folder: str, stem: str) -> tuple[str | None, list[Problem]]:
    value, problems = _required_text(rel, "author", fields)
    if value is None:
        return None, problems
    line = str(fields["author"].line)
    handle = value[1:] if value.startswith("@") else value
    if template.is_handle(handle):
        return None, [Problem(rel, line, "author", f"is still {template.HANDLE}: write your GitHub handle, "
                                                 "the same as the file name")]
    if not HANDLE.fullmatch(handle):
        return None, [Problem(rel, line, "author", f"{_q(value)} {NOT_A_HANDLE}")]
    if stem and HANDLE.fullmatch(stem) and not template.is_handle(stem) and handle != stem:
        return None, [Problem(rel, line, "author",
                              f"is {_q(handle)} but the file is named {_q(stem + '.md')}: name the file after "
                              f"your GitHub handle, commentary/{folder}/{handle}.md")]
    return handle, []


def _date(rel: str, fields: dict[str, _Field], today: dt.date) -> tuple[str | None, list[Problem]]:
    value, problems = _required_text(rel, "date", fields)
    if value is None:
        return None, problems
    line = str(fields["date"].line)
    if value.upper() == template.DATE:
        return None, [Problem(rel, line, "date", f"is still {template.DATE}: write the day you wrote the commentary, "
                                                 "such as 2025-03-12")]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None, [Problem(rel, line, "date", f"{_q(value)} is not written YYYY-MM-DD: write it like 2025-03-12")]
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None, [Problem(rel, line, "date", f"{_q(value)} is not a real day")]
    if day > today:
        return None, [Problem(rel, line, "date", f"{_q(value)} is in the future: use the day you wrote the commentary")]
    return value, []


def _tags(rel: str, fields: dict[str, _Field], taxonomy: Taxonomy) -> tuple[tuple[str, ...], list[Problem]]:
    field = fields.get("tags")
    if field is None:
        return (), []
    if not isinstance(field.value, list) or any(not isinstance(v, str) for v in field.value):
        return (), [Problem(rel, str(field.line), "tags", NOT_A_LIST)]
    known = [t.slug for t in taxonomy.tags]
    tags, problems = [], []
    for value, line in zip(field.value, field.item_lines):
        value = value.strip()
        if value in known:
            if value not in tags:
                tags.append(value)
            continue
        close = difflib.get_close_matches(value.lower(), known, n=2, cutoff=0.6)
        if close:
            message = (f"{_q(value)} is not a tag of the archive; did you mean {' or '.join(_q(c) for c in close)}? "
                       "The tags are listed in taxonomy.yml")
        else:
            message = (f"{_q(value)} is not a tag of the archive: use tags listed in taxonomy.yml, "
                       f"for example {', '.join(known[:5])}")
        problems.append(Problem(rel, str(line), "tags", message))
    return tuple(tags), problems


# --- The body ----------------------------------------------------------------

def _locate(body: str, needle: str) -> int:
    """The body line (from 1) where `needle` first appears, ignoring case; 1 if nowhere."""
    at = body.lower().find(needle.lower()) if needle else -1
    return body.count("\n", 0, at) + 1 if at >= 0 else 1


def _body(rel: str, body: str, first_line: int) -> tuple[str | None, list[Problem]]:
    if not body.strip():
        return None, [Problem(rel, str(first_line), "body", EMPTY_BODY)]
    if len(body) > MAX_BODY:
        return None, [Problem(rel, str(first_line), "body", f"is {len(body)} characters long; the limit is {MAX_BODY}")]
    if template.BODY in body:
        return None, [Problem(rel, str(first_line + _locate(body, template.BODY) - 1), "body",
                              f"still holds the sentence '{template.BODY}': write your commentary in its place")]
    control = _CONTROL.search(body)
    if control:
        line = first_line + body.count("\n", 0, control.start())
        return None, [Problem(rel, str(line), "body",
                              f"contains the control character U+{ord(control[0]):04X}: remove it")]
    unclosed = sanitize.too_much_bracket_work(body)
    if unclosed is not None:
        line = first_line + body.count("\n", 0, unclosed)
        return None, [Problem(rel, str(line), "body", f"has too many '[' or '(' without a closing ']' or ')' "
                                                     "from here on: close them (a link is written [text](address))")]
    unsafe = [Problem(rel, str(first_line + line - 1), "body", message) for line, message in sanitize.scan(body)]
    if unsafe:
        return None, unsafe
    try:
        return _render(body), []
    except sanitize.UnsafeContent as exc:
        return None, [Problem(rel, str(first_line + _locate(body, needle) - 1), "body", SANITIZED.format(what))
                      for what, needle in exc.changes]


@functools.lru_cache(maxsize=4096)
def _render(body: str) -> str:
    # Once per body and process: generate, check and the search index of one
    # build (and every `mkdocs serve` rebuild) read the same notes.
    return sanitize.render(body)


# --- A whole file --------------------------------------------------------------

def parse(rel: str, text: str, papers: dict[str, Paper], taxonomy: Taxonomy,
          today: dt.date | None = None) -> tuple[Commentary | None, list[Problem]]:
    """One commentary from its path (commentary/<key>/<handle>.md) and text. Pure."""
    today = today or latest_day_anywhere()
    folder, stem, problems = _place(rel)
    if problems and not folder:
        return None, problems
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    front, body, body_line, split_problems = _split(rel, text)
    if front is None:
        return None, problems + split_problems
    fields, field_problems = _fields(rel, front)
    problems += field_problems
    if any(p.field == "front matter" for p in field_problems):
        # Unreadable front matter: its fields would only be reported missing.
        return None, problems + _body(rel, body, body_line)[1]
    paper, found = _paper(rel, fields, papers)
    problems += found
    if paper and folder != paper:
        problems.append(Problem(rel, str(fields["paper"].line), "paper",
                                f"is the paper {_q(paper)} but the file is in the folder {_q(folder)}: "
                                f"move the file to commentary/{paper}/{stem}.md"))
    author, found = _author(rel, fields, folder, stem)
    problems += found
    day, found = _date(rel, fields, today)
    problems += found
    name = verdict = None
    if "name" in fields:
        name, found = _one_line(rel, "name", fields["name"], MAX_NAME, "the name to show")
        problems += found
    if "verdict" in fields:
        verdict, found = _one_line(rel, "verdict", fields["verdict"], MAX_VERDICT, "a one-line verdict")
        problems += found
    tags, found = _tags(rel, fields, taxonomy)
    problems += found
    html, found = _body(rel, body, body_line)
    problems += found
    if problems:
        return None, problems
    return Commentary(rel, paper, author, day, name, tags, verdict, body, html), []


def read_one(root: Path, path: Path, papers, taxonomy, today=None) -> tuple[Commentary | None, list[Problem]]:
    """One file under root/commentary/: the commentary, or every problem found in it."""
    inside = path.relative_to(root)
    rel = inside.as_posix()
    if any((root / p).is_symlink() for p in (inside, *inside.parents[:-1])):
        return None, [Problem(rel, "1", "file", "is a symbolic link: commit the commentary as a regular file")]
    folder, _, place = _place(rel)
    if not folder:  # not commentary/<key>/<handle>.md: not read at all
        return None, place
    size = path.stat().st_size
    if size > MAX_FILE:
        return None, [Problem(rel, "1", "file", f"is {size} bytes; the limit is {MAX_FILE}")]
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(rel, "1", "file", "is not UTF-8 text: save it as UTF-8")]
    return parse(rel, text, papers, taxonomy, today)


def read(root: Path, papers: dict[str, Paper], taxonomy: Taxonomy,
         today: dt.date | None = None) -> tuple[list[Commentary], list[Problem]]:
    """Every valid commentary under root/commentary/ and every problem found."""
    notes, problems = [], []
    for path in files(root):
        note, found = read_one(root, path, papers, taxonomy, today)
        problems += found
        if note:
            notes.append(note)
    return notes, problems


def load(root: Path, papers: dict[str, Paper], taxonomy: Taxonomy, today: dt.date | None = None) -> list[Commentary]:
    """Every commentary; raises InputError listing every problem in any of them."""
    notes, problems = read(root, papers, taxonomy, today)
    if problems:
        raise InputError(problems)
    return notes


# --- What the site uses ------------------------------------------------------

def newest_first(notes: list[Commentary]) -> list[Commentary]:
    """Newest commentary first; on the same day, by handle."""
    return sorted(notes, key=lambda n: (-dt.date.fromisoformat(n.date).toordinal(), n.author.casefold(), n.author))


def by_paper(notes: list[Commentary]) -> dict[str, list[Commentary]]:
    """Paper key -> its commentaries, newest first; papers in key order."""
    out: dict[str, list[Commentary]] = {}
    for note in newest_first(notes):
        out.setdefault(note.paper, []).append(note)
    return dict(sorted(out.items()))


def extra_tags(notes: list[Commentary]) -> dict[str, tuple[str, ...]]:
    """Paper key -> the tags its commentaries add (for site.make_context)."""
    out: dict[str, tuple[str, ...]] = {}
    for key, group in by_paper(notes).items():
        out[key] = tuple(dict.fromkeys(t for n in group for t in n.tags))
    return out


def extension(notes: list[Commentary], site_url: str):
    """The site extension: commentary sections on paper pages, marks in
    lists, the Curated index, commentator pages and the commentary feed."""
    from ..site.render import commentary as render

    def add(papers: dict[str, Paper], ctx) -> dict[str, str]:
        groups = {k: g for k, g in by_paper(notes).items() if k in papers}
        for key, group in groups.items():
            ctx.paper_sections.setdefault(key, []).append(render.section(group, ctx))
            ctx.marked.add(key)
        return render.curated_pages(groups, papers, ctx, site_url)

    return add


def texts(notes: list[Commentary]) -> dict[str, str]:
    """Paper key -> the plain text of its commentaries (names, verdicts, bodies)."""
    out = {}
    for key, group in by_paper(notes).items():
        parts = []
        for n in group:
            parts += [n.name or "", n.author, n.verdict or "", sanitize.plain_text(n.html)]
        out[key] = " ".join(p for p in parts if p)
    return out


def commentary_text(root: Path) -> dict[str, str]:
    """Paper key -> the plain text of its commentaries, for the search index.
    Reads data/, taxonomy.yml and commentary/; raises InputError on any problem."""
    from ..archive import store
    from ..tags.taxonomy import load_taxonomy

    papers = store.load(root)
    return texts(load(root, papers, load_taxonomy(root)))
