"""Top lists: the most upvoted papers of each week, month and year. Pure.

A paper belongs to every period in which it was on a daily list (once per
period, however many of its days fall in it). Only papers with an upvote
count are ranked; a period none of whose papers has one gets no list, so no
page claims an order its data cannot support. Weeks are ISO weeks (Monday to
Sunday), named by their ISO year: 2025-W01 may start in December 2024.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..archive.model import Paper

TOP_SIZE = 30  # papers on a top list: 30 list items and the chrome measured ~46 KB at 5,000 papers (cap: 60 KB)
KINDS = ("week", "month", "year")


@dataclass(frozen=True)
class Top:
    kind: str  # week, month or year
    period: str  # 2025-W11, 2025-03 or 2025
    papers: list[Paper]  # ranked, at most TOP_SIZE
    listed: int  # papers on the lists of the period
    unranked: int  # of which without an upvote count


def week_of(day: str) -> str:
    year, week, _ = dt.date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def week_days(week: str) -> tuple[str, str]:
    """The Monday and the Sunday of an ISO week, as YYYY-MM-DD."""
    year, number = week.split("-W")
    monday = dt.date.fromisocalendar(int(year), int(number), 1)
    return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()


def period_of(kind: str, day: str) -> str:
    if kind == "week":
        return week_of(day)
    return day[:7] if kind == "month" else day[:4]


def rank_order(p: Paper) -> tuple:
    """Most upvoted first, then by title, then by key (deterministic)."""
    return (-(p.upvotes or 0), p.title.casefold(), p.key)


def tops(days: dict[str, list[Paper]], kind: str, size: int = TOP_SIZE) -> dict[str, Top]:
    """The top list of every period of `kind` that has ranked papers,
    ascending by period. `days`: each list day with its papers."""
    members: dict[str, dict[str, Paper]] = {}
    for day, papers in days.items():
        group = members.setdefault(period_of(kind, day), {})
        for p in papers:
            group[p.key] = p
    out = {}
    for period in sorted(members):
        group = members[period].values()
        ranked = sorted((p for p in group if p.upvotes is not None), key=rank_order)
        if ranked:
            out[period] = Top(kind, period, ranked[:size], len(members[period]), len(members[period]) - len(ranked))
    return out


def all_tops(days: dict[str, list[Paper]], size: int = TOP_SIZE) -> dict[str, dict[str, Top]]:
    return {kind: tops(days, kind, size) for kind in KINDS}


def neighbours(keys: list[str], key: str) -> tuple[str | None, str | None]:
    """The keys before and after `key` in a sorted list (None at the ends)."""
    i = keys.index(key)
    return (keys[i - 1] if i else None), (keys[i + 1] if i + 1 < len(keys) else None)


def monthly_counts(papers: list[Paper], months: list[str]) -> list[tuple[str, int]]:
    """Papers per month, by the month each was first listed, for every month
    of `months` (YYYY-MM, ascending; months without papers count 0)."""
    counts = dict.fromkeys(months, 0)
    for p in papers:
        ym = p.first_listed[:7]
        if ym in counts:
            counts[ym] += 1
    return list(counts.items())


def month_range(first: str, last: str) -> list[str]:
    """Every YYYY-MM from `first` to `last`, inclusive."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
