"""Responses of the Hugging Face `/api/daily_papers?date=YYYY-MM-DD` endpoint.

A bare array of items, or one wrapped in `{status, date, count, data}`.
Items have drifted over the years; every field is optional but the paper's
title. Items that are not JSON objects (Python-repr strings seen in the wild)
are reported, never guessed at.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..archive.model import Paper, Problem, clean_text, is_web_url, parse_day, shown
from . import Found, Reading, arxiv_links

_DAY_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


def read(path: Path, name: str, *, date: dt.date | None = None, year: int | None = None) -> Reading:
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except json.JSONDecodeError as exc:
        return Reading([], [Problem(name, str(exc.lineno), "json", f"not valid JSON: {exc.msg}")])
    except UnicodeDecodeError as exc:
        return Reading([], [Problem(name, str(raw[: exc.start].count(b"\n") + 1), "json", "not UTF-8 text")])
    except RecursionError:
        return Reading([], [Problem(name, "1", "json", "nested too deeply")])
    except ValueError as exc:  # a number of more than 4,300 digits, ...
        return Reading([], [Problem(name, "1", "json", f"not usable JSON: {str(exc).split(':')[0]}")])
    return parse(data, name, date=date)


def items_of(data: object) -> list | None:
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        return data["data"]
    return data if isinstance(data, list) else None


def parse(data: object, name: str, *, date: dt.date | None = None) -> Reading:
    items = items_of(data)
    if items is None:
        return Reading([], [Problem(name, "item -", "json", "expected a list of papers or an object with a 'data' list")])
    named = _DAY_IN_NAME.search(Path(name).name)
    file_day = date.isoformat() if date else (named[1] if named and parse_day(named[1]) else None)
    found, problems, warnings = [], [], []
    for index, item in enumerate(items):
        where = f"item {index}"
        if not isinstance(item, dict):
            hint = " (it looks like a Python repr, not JSON)" if isinstance(item, str) and item.lstrip().startswith("{'") else ""
            problems.append(Problem(name, where, "item", f"must be a JSON object, found {type(item).__name__}{hint}"))
            continue
        drift: list[tuple[str, str]] = []
        paper, item_problems = _paper(item, file_day, drift)
        problems += [Problem(name, where, f, m) for f, m in item_problems]
        if paper:
            found.append(Found(paper, name, where))
            warnings += [Problem(name, where, f, m) for f, m in drift]
    return Reading(found, problems, warnings)


def _text(value: object) -> str | None:
    return clean_text(value) if isinstance(value, str) and value.strip() else None


def _day_of(stamp: object) -> str | None:
    return stamp[:10] if isinstance(stamp, str) and parse_day(stamp[:10]) else None


DROPPED = "; dropped (the paper is kept)"


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


def _optional_text(p: dict, key: str, field: str, drift: list) -> str | None:
    """Text of an optional field; anything but text (or null) is dropped with a warning."""
    value = p.get(key)
    if value is None or isinstance(value, str):
        return _text(value)
    drift.append((field, f"must be text, not {_kind(value)}{DROPPED}"))
    return None


def _url(p: dict, key: str, field: str, drift: list) -> str | None:
    value = p.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        drift.append((field, f"must be a URL (text), not {_kind(value)}{DROPPED}"))
        return None
    value = value.strip()
    joined = re.sub(r"\s+", "", value)
    if joined != value and is_web_url(joined):
        # A URL cannot hold white space: a line break inside one is a wrap.
        drift.append((field, f"{shown(value)} held white space; repaired to {shown(joined)}"))
        return joined
    return value  # validated later: an invalid URL is dropped with a warning


def _text_items(p: dict, key: str, field: str, drift: list, name_of) -> list[str]:
    """A list whose items `name_of` turns into text (None: not usable)."""
    value = p.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        drift.append((field, f"must be a list, not {_kind(value)}{DROPPED}"))
        return []
    out = []
    for i, entry in enumerate(value):
        text = name_of(entry)
        if text is None:
            drift.append((field, f"item {i} is {_kind(entry)}, not {'an author' if field == 'authors' else 'text'}; "
                                 "that item is dropped (the paper is kept)"))
        elif text:
            out.append(text)
    return out


def _author_name(entry: object) -> str | None:
    if isinstance(entry, dict) and (entry.get("name") is None or isinstance(entry.get("name"), str)):
        return _text(entry.get("name")) or ""  # a nameless entry (hidden author): nothing to keep
    return None


def _keyword(entry: object) -> str | None:
    return (_text(entry) or "") if isinstance(entry, str) else None


def _paper(item: dict, file_day: str | None, drift: list) -> tuple[Paper | None, list[tuple[str, str]]]:
    p = item.get("paper") if isinstance(item.get("paper"), dict) else {}
    if "paper" in item and not isinstance(item["paper"], dict):
        return None, [("paper", "must be a JSON object")]
    for source in (p, item):
        if source.get("title") is not None and not isinstance(source["title"], str):
            return None, [("title", f"must be text, not {_kind(source['title'])}")]
    title = _text(p.get("title")) or _text(item.get("title"))
    if title is None:
        return None, [("title", "is empty")]
    day = file_day or _day_of(p.get("submittedOnDailyAt")) or _day_of(item.get("publishedAt"))
    if day is None:
        return None, [("publishedAt", "no list day: pass --date or name the file YYYY-MM-DD.json")]
    if p.get("id") is not None and not isinstance(p["id"], str):
        return None, [("arxiv_id", f"must be text such as \"2503.08638\", not {_kind(p['id'])}")]
    arxiv_id = p.get("id")
    links = arxiv_links(arxiv_id) if arxiv_id else {}
    if arxiv_id:
        links["hf"] = f"https://huggingface.co/papers/{arxiv_id}"
    for kind, key in (("code", "githubRepo"), ("project", "projectPage")):
        url = _url(p, key, f"links.{kind}", drift)
        if url:
            links[kind] = url
    authors = _text_items(p, "authors", "authors", drift, _author_name)
    keywords = _text_items(p, "ai_keywords", "ai_keywords", drift, _keyword)
    abstract = _optional_text(p, "summary", "abstract", drift) or _optional_text(item, "summary", "abstract", drift)
    published = p.get("publishedAt")
    if published is not None and _day_of(published) is None:
        drift.append(("published", f"{shown(published)} is not a time such as 2025-03-12T00:00:00Z{DROPPED}"))
    paper = Paper(
        arxiv_id=arxiv_id,
        title=title,
        abstract=abstract or "",
        authors=authors,
        published=_day_of(published),
        list_dates=[day],
        links=links,
        upvotes=p.get("upvotes"),
        stars=p.get("githubStars"),
        ai_summary=_optional_text(p, "ai_summary", "ai_summary", drift),
        ai_keywords=sorted(set(keywords), key=keywords.index),
    )
    if paper.upvotes is not None or paper.stars is not None:
        paper.figures_date = day
    return paper, []
