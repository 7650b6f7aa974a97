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

from ..model import Paper, Problem, clean_text, parse_day
from . import Found, Reading, arxiv_links

_DAY_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


def read(path: Path, name: str, *, date: dt.date | None = None, year: int | None = None) -> Reading:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        return Reading([], [Problem(name, str(exc.lineno), "json", f"not valid JSON: {exc.msg}")])
    except UnicodeDecodeError:
        return Reading([], [Problem(name, "1", "json", "not UTF-8 text")])
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
    found, problems = [], []
    for index, item in enumerate(items):
        where = f"item {index}"
        if not isinstance(item, dict):
            hint = " (it looks like a Python repr, not JSON)" if isinstance(item, str) and item.lstrip().startswith("{'") else ""
            problems.append(Problem(name, where, "item", f"must be a JSON object, found {type(item).__name__}{hint}"))
            continue
        paper, item_problems = _paper(item, file_day)
        problems += [Problem(name, where, f, m) for f, m in item_problems]
        if paper:
            found.append(Found(paper, name, where))
    return Reading(found, problems)


def _text(value: object) -> str | None:
    return clean_text(value) if isinstance(value, str) and value.strip() else None


def _day_of(stamp: object) -> str | None:
    return stamp[:10] if isinstance(stamp, str) and parse_day(stamp[:10]) else None


def _paper(item: dict, file_day: str | None) -> tuple[Paper | None, list[tuple[str, str]]]:
    p = item.get("paper") if isinstance(item.get("paper"), dict) else {}
    if "paper" in item and not isinstance(item["paper"], dict):
        return None, [("paper", "must be a JSON object")]
    title = _text(p.get("title")) or _text(item.get("title"))
    if title is None:
        return None, [("title", "is empty")]
    day = file_day or _day_of(p.get("submittedOnDailyAt")) or _day_of(item.get("publishedAt"))
    if day is None:
        return None, [("publishedAt", "no list day: pass --date or name the file YYYY-MM-DD.json")]
    arxiv_id = p.get("id") if isinstance(p.get("id"), str) else None
    links = arxiv_links(arxiv_id) if arxiv_id else {}
    if arxiv_id:
        links["hf"] = f"https://huggingface.co/papers/{arxiv_id}"
    for kind, key in (("code", "githubRepo"), ("project", "projectPage")):
        if isinstance(p.get(key), str) and p[key].strip():
            links[kind] = p[key].strip()
    authors = [clean_text(a["name"]) for a in p.get("authors") or [] if isinstance(a, dict) and _text(a.get("name"))]
    keywords = [clean_text(k) for k in p.get("ai_keywords") or [] if isinstance(k, str) and k.strip()]
    paper = Paper(
        arxiv_id=arxiv_id,
        title=title,
        abstract=_text(p.get("summary")) or _text(item.get("summary")) or "",
        authors=authors,
        published=_day_of(p.get("publishedAt")),
        list_dates=[day],
        links=links,
        upvotes=p.get("upvotes") if "upvotes" in p else None,
        stars=p.get("githubStars") if "githubStars" in p else None,
        ai_summary=_text(p.get("ai_summary")),
        ai_keywords=sorted(set(keywords), key=keywords.index),
    )
    if paper.upvotes is not None or paper.stars is not None:
        paper.figures_date = day
    return paper, []
