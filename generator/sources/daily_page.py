"""The text of a Hugging Face Daily Papers page as a reader copies it.

Header lines, a date line such as `Mar 12` (no year), then papers as
title / blank / abstract / blank. Several date lines may follow each other.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

from ..archive.model import Paper, Problem, clean_text
from . import Found, Reading

_MONTHS = {name: i for i, name in enumerate(calendar.month_abbr) if name}
_DATE_LINE = re.compile(r"^(%s)[a-z]* (\d{1,2})$" % "|".join(_MONTHS))
_DAY_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line number, text) of each blank-line separated paragraph."""
    out: list[tuple[int, str]] = []
    start, lines = 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line:
            if not lines:
                start = number
            lines.append(line)
        elif lines:
            out.append((start, " ".join(lines)))
            lines = []
    if lines:
        out.append((start, " ".join(lines)))
    return out


def _looks_like_abstract(text: str) -> bool:
    return len(text) > 300 or text.endswith(".")


def _year_hint(path: Path, date: dt.date | None, year: int | None) -> tuple[int | None, dt.date | None]:
    if date:
        return date.year, date
    if year:
        return year, None
    m = _DAY_IN_NAME.search(path.name)
    if m:
        try:
            named = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return named.year, named
        except ValueError:
            pass
    return None, None


def read(path: Path, name: str, *, date: dt.date | None = None, year: int | None = None) -> Reading:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Reading([], [Problem(name, str(raw[: exc.start].count(b"\n") + 1), "text", "not UTF-8 text")])
    known_year, known_day = _year_hint(path, date, year)
    found: list[Found] = []
    problems: list[Problem] = []
    day: str | None = None
    pending: tuple[int, str] | None = None  # a title waiting for its abstract

    def no_abstract(line: int) -> Problem:
        return Problem(name, str(line), "abstract", "this title has no abstract after it (title, blank line, abstract)")

    for line, para in _paragraphs(text):
        m = _DATE_LINE.match(para)
        if m:
            if pending:
                problems.append(no_abstract(pending[0]))
                pending = None
            day, problem = _resolve_day(name, line, para, m, known_year, known_day)
            if problem:
                problems.append(problem)
            continue
        if day is None:
            continue  # page header: "new", "Subscribe", ...
        if pending is None:
            pending = (line, para)
            continue
        if not _looks_like_abstract(para) and not _looks_like_abstract(pending[1]):
            problems.append(no_abstract(pending[0]))
            pending = (line, para)
            continue
        title_line, title = pending
        pending = None
        if day != "?":  # an unknown day was reported at its date line
            paper = Paper(title=clean_text(title), abstract=clean_text(para), list_dates=[day])
            found.append(Found(paper, name, str(title_line)))
    if pending:
        problems.append(no_abstract(pending[0]))
    if day is None and not problems:
        problems.append(Problem(name, "1", "date", "no date line such as 'Mar 12' found: is this a Daily Papers page?"))
    return Reading(found, problems)


def _resolve_day(name, line, para, m, known_year, known_day) -> tuple[str, Problem | None]:
    month, day_of_month = _MONTHS[m[1]], int(m[2])
    if known_year is None:
        return "?", Problem(name, str(line), "date", f"{para!r} has no year: pass --date YYYY-MM-DD or --year YYYY")
    try:
        day = dt.date(known_year, month, day_of_month)
    except ValueError:
        return "?", Problem(name, str(line), "date", f"{para!r} is not a real day in {known_year}")
    if known_day and known_day != day and (known_day.month, known_day.day) != (month, day_of_month):
        return "?", Problem(name, str(line), "date", f"{para!r} does not match the given date {known_day.isoformat()}")
    return day.isoformat(), None
