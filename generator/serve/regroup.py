"""How an edit moves papers between the groups `make serve` keeps (days,
tags), and which list pages that changes. Pure functions."""
from __future__ import annotations

from bisect import bisect_left

from ..site import indexes
from ..site.render import common


def shows(page: indexes.ListPage) -> tuple:
    """What a numbered list page shows besides its entries' content: its papers
    and the parts of its pager that depend on the list's length."""
    near = page.number is not None and page.number + common.PAGER_WINDOW >= page.newest
    return ([p.key for p in page.items], page.top, page.older, page.newest if near else None)


def new_neighbours(before: list[str], after: list[str]) -> set[str]:
    """Days whose previous or next day is not what it was."""
    def beside(order):
        return {d: (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)
                for i, d in enumerate(order)}
    was, now = beside(before), beside(after)
    return {d for d in now if was.get(d) != now[d]}


def regroup(before: dict[str, list[Paper]], touched, old, papers, old_groups_of, new_groups_of, order, *,
             sort_keys: bool) -> dict:
    """`before` (group -> papers in `order`) with the touched papers taken out
    of their old groups and put into their new ones; lists that change are
    copied (`before` stays as it was). Days (`sort_keys`): ascending, only
    days that hold papers, as indexes.by_day; tags: every tag, as by_tag."""
    out = dict(before)
    copied: set[str] = set()

    def group(name: str) -> list:
        if name not in copied:
            out[name] = list(out.get(name, []))
            copied.add(name)
        return out[name]

    for k in touched:
        if k in old:
            p = old[k]
            for name in old_groups_of(k):
                items = group(name)
                at = bisect_left(items, order(p), key=order)
                if at >= len(items) or items[at] is not p:
                    raise LookupError(f"{k} is not where it should be in {name}")
                del items[at]
        if k in papers:
            p = papers[k]
            for name in new_groups_of(k):
                items = group(name)
                items.insert(bisect_left(items, order(p), key=order), p)
    if sort_keys:
        return {name: out[name] for name in sorted(out) if out[name]}
    return out
