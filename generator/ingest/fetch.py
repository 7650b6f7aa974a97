"""`paper-archive fetch`: daily lists from the Hugging Face `daily_papers` API.

Days are fetched oldest first, one at a time, each read through the same
reader (`sources.hf_api`), checks and merge as `import`. A day is all or
nothing: once its answer is fetched and read, its raw answer is kept under
`data/raw/hf-daily-papers/YYYY-MM-DD.json` (so `paper-archive import
data/raw/hf-daily-papers` replays it to the same records) and the records it
changed are written, before the next day is asked for. A run is not all or
nothing: when a day still fails after its retries, the run stops there with
an error naming that day and its address, every day before it stays saved,
and the next run continues from there.

Every request is bounded (`bounded_http`): a deadline for the whole attempt,
a cap on the answer's size, redirects within the same origin only.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

import click

from .. import __version__
from . import bounded_http, importer
from ..archive import report, store
from ..archive.merge import Matcher, merge_in_place
from ..archive.model import InputError
from ..sources import Reading, hf_api

API_URL = "https://huggingface.co/api/daily_papers"
API_ENV = "PAPER_ARCHIVE_HF_API"
RAW_FOLDER = "hf-daily-papers"
USER_AGENT = f"paper-archive/{__version__} (research-paper archive; Python urllib)"
# The largest answer accepted and kept in data/raw/. Real days are 20-150 KB
# (tests/fixtures/hf-daily-papers); far below GitHub's 50 MB file warning.
MAX_BYTES = 8 * 1024 * 1024

# Looked up at call time, so tests can replace them and never wait.
sleep: Callable[[float], None] = time.sleep
clock: Callable[[], float] = time.monotonic


class FetchError(Exception):
    """A day that could not be fetched, or whose answer is unusable."""


@dataclass(frozen=True)
class Policy:
    timeout: float = 30.0  # seconds without a byte before giving up on an attempt
    deadline: float = 120.0  # seconds for a whole attempt, however the bytes trickle
    max_bytes: int = MAX_BYTES  # the largest answer accepted
    retries: int = 4  # further attempts after the first
    backoff: float = 2.0  # the first wait; doubled after each attempt
    max_wait: float = 120.0  # no wait is longer, whatever Retry-After asks


@dataclass
class Answer:
    day: dt.date
    url: str
    body: bytes
    data: object  # the decoded JSON


def utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def day_url(api_url: str, day: dt.date) -> str:
    joiner = "&" if "?" in api_url else "?"
    return f"{api_url}{joiner}{urlencode({'date': day.isoformat()})}"


def raw_name(day: dt.date) -> str:
    """The raw response's path under data/raw/."""
    return f"{RAW_FOLDER}/{day.isoformat()}.json"


def raw_source(day: dt.date) -> str:
    """How records name the raw file they came from: as `import` names it on replay."""
    return (store.RAW / raw_name(day)).as_posix()


# -- which days ------------------------------------------------------------

def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def last_list_day(papers: dict) -> dt.date | None:
    days = [d for p in papers.values() for d in p.list_dates]
    return dt.date.fromisoformat(max(days)) if days else None


def days_to_fetch(papers: dict, *, date=None, since=None, until=None, today: dt.date,
                  max_days: int | None = None) -> tuple[list[dt.date], str | None]:
    """The days to fetch, oldest first, and, when catching up is capped, a note saying so.

    With no day given: from the last list day in the archive (fetched again,
    since a day's list grows while the day lasts) up to `today`; with
    `max_days`, at most that many of them, and the next run continues."""
    if date and (since or until):
        raise click.UsageError("Pass either --date or --since/--until, not both.")
    if until and not since:
        raise click.UsageError("--until needs --since.")
    for day in (date, since, until):
        if day and day > today:
            raise click.UsageError(f"{day} is in the future (today is {today}, UTC).")
    if date:
        return [date], None
    if since:
        last = until or today
        if since > last:
            raise click.UsageError(f"--since {since} is after --until {last}.")
        return days_between(since, last), None
    start = last_list_day(papers)
    if start is None:
        raise click.UsageError("The archive has no list days yet: pass --date or --since.")
    days = days_between(start, today)
    if max_days is None or len(days) <= max_days:
        return days, None
    note = (f"Catching up: fetching {days[0]} to {days[max_days - 1]}, {max_days} of the "
            f"{len(days)} days since the last list day; the next run continues from there.")
    return days[:max_days], note


# -- one day over HTTP -----------------------------------------------------

def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def fetch_day(day: dt.date, api_url: str, policy: Policy, *, say: Callable[[str], None] = lambda _: None) -> Answer:
    """One day's answer, decoded; retried with backoff on 429, 5xx, network
    failures and the deadline. Raises FetchError naming the day and URL."""
    url = day_url(api_url, day)
    body = get(url, str(day), policy, accept="application/json", say=say)
    return Answer(day, url, body, decode(day, url, body))


def get(url: str, what: str, policy: Policy, *, accept: str, say: Callable[[str], None] = lambda _: None) -> bytes:
    """The body of one answer (`what` names it in messages: a day, a paper);
    retried with backoff on 429, 5xx, network failures and the deadline.
    Raises FetchError naming `what` and the URL. `enrich` asks arXiv through it."""
    attempts = policy.retries + 1
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    for attempt in range(1, attempts + 1):
        try:
            return bounded_http.get(url, headers=headers, timeout=policy.timeout,
                                    deadline=policy.deadline, max_bytes=policy.max_bytes)
        except bounded_http.Refused as exc:
            raise FetchError(f"Could not fetch {what}: {exc} from {url}.") from None
        except bounded_http.Transient as exc:
            if attempt == attempts:
                tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
                raise FetchError(f"Could not fetch {what}: {exc.why} from {url} (gave up after {tries}).") from None
            asked = retry_after(exc.retry_after)
            wait = asked if asked is not None else policy.backoff * 2 ** (attempt - 1)
            wait = min(wait, policy.max_wait)
            say(f"{what}: {exc.why}; trying again in {wait:g} s (attempt {attempt + 1} of {attempts}).")
            sleep(wait)
    raise AssertionError("unreachable")


def decode(day: dt.date, url: str, body: bytes) -> object:
    """The JSON of an answer, or a FetchError saying what is wrong with it."""
    where = f"The answer for {day} from {url}"
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FetchError(f"{where} is not UTF-8 text.") from None
    if not text.strip():
        raise FetchError(f"{where} is empty.")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg} at line {exc.lineno} column {exc.colno}"
        starts_like_json = text.lstrip()[:1] in ("[", "{")
        ends_early = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        if starts_like_json and ends_early:
            raise FetchError(f"{where} is cut short: its JSON ends early ({detail}).") from None
        raise FetchError(f"{where} is not JSON ({detail}).") from None
    except RecursionError:
        raise FetchError(f"{where} is JSON nested too deeply to read.") from None
    except ValueError as exc:  # a number of more than 4,300 digits, ...
        raise FetchError(f"{where} is not usable JSON ({str(exc).split(':')[0]}).") from None


# -- the command -----------------------------------------------------------

def read_answer(answer: Answer) -> Reading:
    """Records of one answer through the same reader and checks as `import`;
    problems are located by the URL the answer came from."""
    reading = hf_api.parse(answer.data, answer.url, date=answer.day)
    return importer.accept(reading, raw_source(answer.day))


@dataclass
class Tally:
    """What a run changed, over all its days."""
    initial: set[str]
    added: set[str] = field(default_factory=set)
    updated: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    saved: list[dt.date] = field(default_factory=list)


def save_day(root: Path, papers: dict, matcher: Matcher, answer: Answer, reading: Reading, tally: Tally) -> int:
    """Merge one day's records into `papers` and write that day: its raw
    answer first, then the month files whose records changed. Returns how
    many papers the day added."""
    before = merge_in_place(papers, matcher, [f.paper for f in reading.found])
    changed = {k: old for k, old in before.items() if old != papers[k]}
    months = {papers[k].first_listed[:7] for k in changed}
    months |= {old.first_listed[:7] for old in changed.values() if old is not None}
    store.save_raw(root, raw_name(answer.day), answer.body)
    if months:
        tally.files.update(store.save(root, papers, months=months))
    added = {k for k, old in changed.items() if old is None and k not in tally.initial}
    tally.added |= added
    tally.updated |= {k for k in changed if k in tally.initial}
    tally.saved.append(answer.day)
    return len(added)


def run(root: Path, *, date=None, since=None, until=None, api_url: str | None = None, policy: Policy = Policy(),
        max_days: int | None = None, max_minutes: float | None = None, skip_invalid: bool = False,
        today: dt.date | None = None) -> None:
    """Fetch, read and save day after day; every message a person sees.
    Exits non-zero (SystemExit) at the first day that fails, after saving
    every day before it."""
    api_url = api_url or API_URL
    try:
        papers = store.load(root)
    except InputError as exc:
        report.problems(exc.problems)
        _stop(f"Nothing was fetched: the archive has {len(exc.problems)} problem(s). Run `paper-archive check`.")
    days, note = days_to_fetch(papers, date=date, since=since, until=until,
                               today=today or utc_today(), max_days=max_days)
    if note:
        click.echo(note, err=True)
    say = lambda text: click.echo(text, err=True)  # noqa: E731
    resume = _resume_hint(date=date, since=since, until=until)
    matcher = Matcher(papers)
    tally = Tally(initial=set(papers))
    started = clock()
    for number, day in enumerate(days, start=1):
        if max_minutes is not None and tally.saved and clock() - started >= max_minutes * 60:
            click.echo(f"Stopped after {max_minutes:g} minute(s) (--max-minutes), before {day}: "
                       f"{len(tally.saved)} of {len(days)} day(s) saved. {resume(day)}", err=True)
            break
        try:
            answer = fetch_day(day, api_url, policy, say=say)
        except FetchError as exc:
            _halt(str(exc), day, tally, resume)
        reading = read_answer(answer)
        if reading.problems:
            if not skip_invalid:
                report.problems(reading.problems)
                _halt(f"{len(reading.problems)} problem(s) in the list of {day} from {answer.url}. "
                      "Pass --skip-invalid to import the valid records (the raw answers are then kept).",
                      day, tally, resume)
            report.problems(reading.problems, level="warning")
            click.echo(f"{day}: skipped {len(reading.problems)} invalid item(s).", err=True)
        report.dropped(reading.warnings)
        added = save_day(root, papers, matcher, answer, reading, tally)
        count = len(hf_api.items_of(answer.data) or [])
        what = f"{count} paper(s), {added} new" if count else "no list"
        click.echo(f"{day}: {what}" + (f" [{number}/{len(days)}]" if len(days) > 1 else ""))
    click.echo(f"{len(tally.added)} added, {len(tally.updated)} updated, "
               f"{len(tally.initial) - len(tally.updated)} unchanged; {len(tally.files)} file(s) written; "
               f"raw answers in {(store.RAW / RAW_FOLDER).as_posix()}/.")


def _resume_hint(*, date, since, until) -> Callable[[dt.date], str]:
    """How to carry on from a day, for the command as it was given."""
    def hint(day: dt.date) -> str:
        if date:
            return "Run the same command again to retry it."
        if since:
            return f"To continue: paper-archive fetch --since {day}" + (f" --until {until}" if until else "") + "."
        return "The next `paper-archive fetch` continues from the last list day saved."
    return hint


def _halt(reason: str, day: dt.date, tally: Tally, resume: Callable[[dt.date], str]):
    if not tally.saved:
        _stop(f"{reason}\nNothing was written.")
    first, last = tally.saved[0], tally.saved[-1]
    span = f"{first}" if first == last else f"{first} to {last}"
    _stop(f"{reason}\nStopped at {day}: the {len(tally.saved)} day(s) before it ({span}) are saved. {resume(day)}")


def _stop(message: str, command: str = "fetch"):
    click.echo(message, err=True)
    if report.in_github_actions():
        # An annotation on the run's summary page (workflow-command escaping).
        text = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        click.echo(f"::error title=paper-archive {command}::{text}")
    raise SystemExit(1)
