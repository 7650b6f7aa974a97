"""`paper-archive review`: each commentary a pull request touches, as it will look.

For every file under commentary/ that the pull request adds, changes or
deletes (git names them), the job summary holds the paper's title and the
commentary rendered, or its problems with file and line; beside it a small
preview site holds just those papers' pages, taken from the built site
(generator/build/excerpt.py), with its size beside the whole site's.

The summary is Markdown that GitHub renders, and commentary, titles and the
problems quoting them are a stranger's text. Every piece of it is written
as one line of HTML starting with a block tag: CommonMark passes such a line
through as raw HTML (no Markdown inside it: no links, images or emphasis),
and GitHub's sanitizer then applies to it. Text in it is HTML-escaped, and
an invisible word joiner (U+2060) follows each '@' and '#' and splits '://'
and 'www.', so GitHub's text filters find no mention, issue reference or
bare address to make live. The rendered commentary is the site's own
sanitized HTML, written again tag by tag with the same allowlist; only
absolute http(s)/mailto addresses stay links and images.
"""
from __future__ import annotations

import html
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..archive import store
from ..archive.model import InputError, Paper, Problem
from ..curated import commentary, sanitize
from ..site import urls
from ..site.render.common import long_date
from ..tags.taxonomy import load_taxonomy
from . import excerpt, sitesize

ARTIFACT = "commentary-preview"  # the name the pull-request workflow uploads the preview under
SUMMARY_BUDGET = 900_000  # bytes of UTF-8; GitHub takes a step's summary up to 1 MiB
_STATUS = {"A": "added", "M": "changed", "T": "changed", "D": "deleted"}
_BREAK = re.compile(r"\r\n?|\n")  # CommonMark's line endings: none may end the line of HTML
_WJ = "\u2060"  # WORD JOINER: invisible, and no GitHub text filter reads across it
_ADDRESS = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)", re.I)  # where a bare address would start
_KEPT_ATTRS = {"a": ("href", "title"), "img": ("src", "alt", "title"), "ol": ("start",), "th": ("align",),
               "td": ("align",)}


class ReviewError(Exception):
    """Nothing could be reviewed; the message says why and what to do."""


@dataclass(frozen=True)
class Touched:
    rel: str  # commentary/<key>/<handle>.md, relative to the archive
    status: str | None  # added, changed, deleted; None: named on the command line


@dataclass(frozen=True)
class Reviewed:
    touched: Touched
    key: str | None  # the paper whose page shows (or showed) the commentary
    title: str | None
    note: commentary.Commentary | None
    problems: tuple[Problem, ...]

    @property
    def page(self) -> str | None:
        """The built page to preview (site-relative), or None when there is none to show."""
        if self.key is None or self.problems:
            return None
        return urls.url(urls.paper(self.key)) + "index.html"


# --- Which files ------------------------------------------------------------------

def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ReviewError(f"git could not be run: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        raise ReviewError(f"git {args[0]} failed: {reason[0]}")
    return done.stdout.decode("utf-8", "surrogateescape")


def _shown(rel: str) -> bool:
    # Hidden files (.gitkeep) are not commentary: commentary.files() skips them too.
    return not any(part.startswith(".") for part in rel.split("/")[1:])


def changed_since(root: Path, rev: str) -> list[Touched]:
    """Files under commentary/ added, changed or deleted since `rev` (the
    working tree against it, and new files git does not track yet), in path order."""
    if not rev or rev.startswith("-"):
        raise ReviewError(f"{rev!r} is not a git revision: give a branch, tag or commit, such as main")
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}")
    except ReviewError:
        raise ReviewError(f"{rev!r} is not a commit of this repository (in a shallow clone, fetch it first)") from None
    fields = _git(root, "diff", "--name-status", "--no-renames", "-z", rev, "--", commentary.FOLDER).split("\0")
    found = {rel: _STATUS.get(code[:1], "changed") for code, rel in zip(fields[0::2], fields[1::2]) if rel}
    new = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", commentary.FOLDER).split("\0")
    found.update({rel: "added" for rel in new if rel})
    return [Touched(rel, status) for rel, status in sorted(found.items()) if _shown(rel)]


def named(root: Path, paths: list[Path]) -> list[Touched]:
    """Files given on the command line (relative to the archive's folder);
    one that does not exist is taken as deleted."""
    base = Path(root).absolute()
    out = {}
    for path in paths:
        full = Path(os.path.normpath(Path(path) if Path(path).is_absolute() else base / path))
        try:
            rel = full.relative_to(base).as_posix()
        except ValueError:
            raise ReviewError(f"{path} is not inside the archive's folder {root}") from None
        if full.is_dir() and not full.is_symlink():
            raise ReviewError(f"{path} is a folder: name the commentary files themselves")
        out[rel] = None if (full.exists() or full.is_symlink()) else "deleted"
    return [Touched(rel, status) for rel, status in sorted(out.items())]


# --- Reading them ---------------------------------------------------------------------

def review(root: Path, touched: list[Touched], papers: dict[str, Paper], taxonomy,
           today=None) -> list[Reviewed]:
    """Each touched file read and checked as `paper-archive check` does."""
    out = []
    for item in touched:
        parts = item.rel.split("/")
        folder = parts[1] if len(parts) == 3 and parts[0] == commentary.FOLDER else None
        note, problems = None, []
        if item.status != "deleted":
            try:
                note, problems = commentary.read_one(root, root / item.rel, papers, taxonomy, today)
            except OSError as exc:
                problems = [Problem(item.rel, "1", "file", f"cannot be read: {exc.strerror or exc}")]
        key = note.paper if note else (folder if folder in papers else None)
        out.append(Reviewed(item, key, papers[key].title if key else None, note, tuple(problems)))
    return out


def stale(root: Path, site_dir: Path, reviewed: list[Reviewed]) -> str | None:
    """Why the built site does not show these files as they are now, or None."""
    for r in reviewed:
        if r.page is None:
            continue
        path = root / site_dir / r.page
        if not path.is_file():
            return f"{site_dir} has no page for the paper {r.key}: build the site again (make build)"
        author = r.note.author if r.note else r.touched.rel.rsplit("/", 1)[-1].removesuffix(".md")
        shown = f'id="commentary-{html.escape(author.lower())}"' in path.read_text(encoding="utf-8")
        # A page built before the file's last save (the build writes every page anew).
        older = r.note is not None and path.stat().st_mtime_ns < (root / r.touched.rel).stat().st_mtime_ns
        if shown != (r.note is not None) or older:
            return f"{site_dir} was built before {r.touched.rel} changed: build the site again (make build)"
    return None


# --- Text for GitHub's Markdown ----------------------------------------------------

def text(value: str) -> str:
    """Untrusted text for one line of HTML in GitHub's Markdown: escaped, on
    one line, with no mention, reference or address for GitHub's filters."""
    value = _BREAK.sub(" ", value.encode("utf-8", "backslashreplace").decode("utf-8"))
    for live in ("@", "#"):
        value = value.replace(live, live + _WJ)
    value = _ADDRESS.sub(_WJ, value)
    return html.escape(value, quote=True)


def _attribute(value: str) -> str:
    # nh3's output keeps attribute values on one line already; this line of HTML must not depend on it.
    return html.escape(value, quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


def _absolute(url: str, schemes: tuple[str, ...]) -> bool:
    return sanitize.scheme_of(url) in schemes


def one_line(fragment: str) -> str:
    """Sanitized commentary HTML written again on one line (line breaks in
    <pre> as &#10;), with its allowlisted tags, text as `text` makes it, and
    absolute addresses only: a relative link becomes its text, an image with
    a relative address its alt text."""
    out, pre = [], 0
    for event in sanitize.events(fragment):
        kind = event[0]
        if kind == "data":
            lines = event[1].split("\n") if pre else [event[1]]
            out.append("&#10;".join(text(line) for line in lines))
        elif kind in ("start", "end") and event[1] in sanitize.TAGS:
            tag = event[1]
            if kind == "end":
                pre -= tag == "pre"
                out.append(f"</{tag}>")
                continue
            pre += tag == "pre"
            attrs = dict(event[2])
            if tag == "a" and not _absolute(attrs.get("href", ""), ("http", "https", "mailto")):
                attrs.pop("href", None)
            if tag == "img" and not _absolute(attrs.get("src", ""), ("http", "https")):
                out.append(text(attrs.get("alt", "")))
                continue
            kept = "".join(f' {k}="{_attribute(attrs[k])}"' for k in _KEPT_ATTRS.get(tag, ()) if k in attrs)
            out.append(f"<{tag}{kept}>")
    return "".join(out)


# --- The summary -----------------------------------------------------------------

def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 10 * 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def _intro(reviewed: list[Reviewed], preview: excerpt.Excerpt | None, whole: int | None,
           why_not: str | None) -> list[str]:
    count = len(reviewed)
    files = "1 commentary file" if count == 1 else f"{count} commentary files"
    if preview:
        beside = f", beside {_kb(whole)} for the whole site" if whole else ""
        said = (f"Their papers' pages, as they will be published, are in the artifact <strong>{ARTIFACT}</strong> "
                f"({_kb(preview.bytes)}{beside}): download it from this run's Artifacts, unzip it and open the page "
                "named under each file. Links to the rest of the site lead nowhere there, and search is off.")
    elif why_not:
        said = f"No preview site: {text(why_not)}."
    elif any(r.problems for r in reviewed):
        said = "None can be previewed until its problems are fixed."
    else:
        said = "None is on a paper's page."
    return ["### Commentary in this pull request", "", f"<p>{files} added, changed or deleted. {said}</p>", ""]


def _byline(note: commentary.Commentary) -> str:
    who = f"<strong>{text(note.display_name)}</strong>" + (f" ({text(note.author)})" if note.name else "")
    return f"by {who}, {text(long_date(note.date))}"


def _block(r: Reviewed, previewed: bool, room: bool) -> list[str]:
    heading = r.title if r.title is not None else r.touched.rel
    status = f", {r.touched.status}" if r.touched.status else ""
    where = f"<code>{text(r.touched.rel)}</code>{status}"
    page = f" In the preview: <code>{text(r.page)}</code>" if previewed and r.page else ""
    lines = [f"<h4>{text(heading)}</h4>", ""]
    if r.problems:
        items = "".join(f"<li><code>{text(f'{p.file}:{p.where}')}</code> {text(p.field)}: {text(p.message)}</li>"
                        for p in r.problems)
        fix = ("this problem (it is noted on its line in the diff too)" if len(r.problems) == 1
               else "these problems (they are noted on their lines in the diff too)")
        lines += [f"<p>{where}: not published as it is; fix {fix}:</p>", "", f"<ul>{items}</ul>"]
    elif r.note is None:
        lines.append(f"<p>{where}: the paper's page no longer shows this commentary.{page}</p>")
    else:
        lines.append(f"<p>{where}: {_byline(r.note)}.{page}</p>")
        verdict = f"<p><strong>Verdict:</strong> {text(r.note.verdict)}</p>" if r.note.verdict else ""
        body = one_line(r.note.html) if room else "<p>(Too long to show here beside the others: see the preview.)</p>"
        lines += ["", f"<blockquote>{verdict}{body}</blockquote>"]
    return lines + [""]


def _size(lines: list[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def summary(reviewed: list[Reviewed], preview: excerpt.Excerpt | None = None, whole: int | None = None,
            why_not: str | None = None) -> str:
    """The job summary (GitHub Markdown); empty when no commentary was touched."""
    if not reviewed:
        return ""
    lines = _intro(reviewed, preview, whole, why_not)
    used = _size(lines)
    for r in reviewed:
        block = _block(r, preview is not None, room=True)
        if used + _size(block) > SUMMARY_BUDGET:
            block = _block(r, preview is not None, room=False)
        used += _size(block)
        lines += block
    return "\n".join(lines)


# --- The whole run -------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    summary: str
    reviewed: list[Reviewed]
    preview: excerpt.Excerpt | None
    whole: int | None  # bytes of the whole built site
    why_not: str | None  # why there is no preview, when there are pages to show


def run(root: Path, touched: list[Touched], site_dir: Path, preview_dir: Path) -> Outcome:
    """Read the touched files, copy their papers' pages from the built site
    into `preview_dir`, and write the summary (returned, not written). The
    folders are relative to `root` (or absolute), and named as given."""
    try:
        papers = store.load(root)
        taxonomy = load_taxonomy(root)
    except InputError as exc:
        raise ReviewError(f"the archive cannot be read ({len(exc.problems)} problem(s): make check lists them)") from None
    reviewed = review(root, touched, papers, taxonomy)
    pages = sorted({r.page for r in reviewed if r.page})
    preview = whole = why_not = None
    if pages:
        pages.append(urls.url(urls.CURATED) + "index.html")
        if not (root / site_dir / "index.html").is_file():
            why_not = f"{site_dir} holds no built site (the build failed, or make build was not run)"
        else:
            why_not = stale(root, site_dir, reviewed)
        if why_not is None:
            try:
                preview = excerpt.write(root / site_dir, pages, root / preview_dir)
                whole = sitesize.measure(root / site_dir, 0).bytes
            except (excerpt.ExcerptError, OSError) as exc:
                why_not = str(exc)
    return Outcome(summary(reviewed, preview, whole, why_not), reviewed, preview, whole, why_not)
