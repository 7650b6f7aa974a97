"""`paper-archive fetch`: daily lists from the Hugging Face `daily_papers` API.

Every day asked for is fetched and read before anything is written, through
the same reader (`sources.hf_api`) and the same merge and store as `import`.
Then the raw responses are kept under `data/raw/hf-daily-papers/YYYY-MM-DD.json`
(so `paper-archive import data/raw/hf-daily-papers` replays them to the same
records) and the store is written. A day that cannot be fetched, or an answer
that is not JSON, stops the command before any write: `data/` is unchanged.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import json
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

import click

from . import __version__, importer, report, store
from .model import InputError
from .sources import Reading, hf_api

API_URL = "https://huggingface.co/api/daily_papers"
API_ENV = "PAPER_ARCHIVE_HF_API"
RAW_FOLDER = "hf-daily-papers"
USER_AGENT = f"paper-archive/{__version__} (research-paper archive; Python urllib)"

# Looked up at call time, so tests can replace it and never wait.
sleep: Callable[[float], None] = time.sleep


class FetchError(Exception):
    """A day that could not be fetched, or whose answer is unusable."""


@dataclass(frozen=True)
class Policy:
    timeout: float = 30.0  # seconds without a byte before giving up on an attempt
    retries: int = 4  # further attempts after the first
    backoff: float = 2.0  # the first wait; doubled after each attempt
    max_wait: float = 120.0  # no wait is longer, whatever Retry-After asks


@dataclass
class Answer:
    day: dt.date
    url: str
    body: bytes
    data: object  # the decoded JSON


class _Transient(Exception):
    """A failure worth another attempt: why, and the server's Retry-After."""

    def __init__(self, why: str, retry_after: float | None = None):
        super().__init__(why)
        self.why = why
        self.retry_after = retry_after


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


def days_to_fetch(papers: dict, *, date=None, since=None, until=None, today: dt.date, max_days: int) -> tuple[list[dt.date], str | None]:
    """The days to fetch and, when catching up is capped, a note saying so.

    With no day given: from the last list day in the archive (fetched again,
    since a day's list grows while the day lasts) up to `today`, at most
    `max_days` of them, oldest first; the next run continues from there."""
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
    if len(days) <= max_days:
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


def _get(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            status = f"HTTP {exc.code} {exc.reason}".rstrip()
            if exc.code == 429 or 500 <= exc.code <= 599:
                raise _Transient(status, retry_after(exc.headers.get("Retry-After"))) from None
            raise FetchError(status) from None
    except http.client.IncompleteRead as exc:
        expected = f" of {len(exc.partial) + exc.expected}" if exc.expected is not None else ""
        raise _Transient(f"the answer was cut short ({len(exc.partial)}{expected} bytes)") from None
    except (TimeoutError, socket.timeout):
        raise _Transient(f"no answer within {timeout:g} s") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise _Transient(f"no answer within {timeout:g} s") from None
        raise _Transient(f"no connection ({exc.reason})") from None
    except (ConnectionError, http.client.HTTPException) as exc:
        raise _Transient(f"the connection failed ({exc.__class__.__name__})") from None


def fetch_day(day: dt.date, api_url: str, policy: Policy, *, say: Callable[[str], None] = lambda _: None) -> Answer:
    """One day's answer, decoded; retried with backoff on 429, 5xx and
    network failures. Raises FetchError naming the day and URL."""
    url = day_url(api_url, day)
    attempts = policy.retries + 1
    for attempt in range(1, attempts + 1):
        try:
            body = _get(url, policy.timeout)
        except FetchError as exc:
            raise FetchError(f"Could not fetch {day}: {exc} from {url}.") from None
        except _Transient as exc:
            if attempt == attempts:
                tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
                raise FetchError(f"Could not fetch {day}: {exc.why} from {url} (gave up after {tries}).") from None
            wait = exc.retry_after if exc.retry_after is not None else policy.backoff * 2 ** (attempt - 1)
            wait = min(wait, policy.max_wait)
            say(f"{day}: {exc.why}; trying again in {wait:g} s (attempt {attempt + 1} of {attempts}).")
            sleep(wait)
        else:
            return Answer(day, url, body, decode(day, url, body))
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


# -- the command -----------------------------------------------------------

def read_answer(answer: Answer) -> Reading:
    """Records of one answer through the same reader and checks as `import`;
    problems are located by the URL the answer came from."""
    reading = hf_api.parse(answer.data, answer.url, date=answer.day)
    return importer.accept(reading, raw_source(answer.day))


def run(root: Path, *, date=None, since=None, until=None, api_url: str | None = None, policy: Policy = Policy(),
        max_days: int = 31, skip_invalid: bool = False, today: dt.date | None = None) -> None:
    """Fetch, read and import; every message a person sees. Exits non-zero
    (SystemExit) when anything fails; then nothing under data/ has changed."""
    api_url = api_url or API_URL
    try:
        existing = store.load(root)
    except InputError as exc:
        report.problems(exc.problems)
        _stop(f"Nothing was fetched: the archive has {len(exc.problems)} problem(s). Run `paper-archive check`.")
    days, note = days_to_fetch(existing, date=date, since=since, until=until,
                               today=today or utc_today(), max_days=max_days)
    if note:
        click.echo(note, err=True)
    say = lambda text: click.echo(text, err=True)  # noqa: E731
    answers: list[Answer] = []
    try:
        with report.progress(len(days), "Fetching") as step:
            for day in days:
                answers.append(fetch_day(day, api_url, policy, say=say))
                if step:
                    step(1)
    except FetchError as exc:
        _stop(f"{exc}\nNothing was written.")
    readings = [read_answer(a) for a in answers]

    def keep_raw() -> None:
        for answer in answers:
            store.save_raw(root, raw_name(answer.day), answer.body)

    try:
        outcome = importer.import_readings(root, existing, readings, skip_invalid=skip_invalid, before_save=keep_raw)
    except InputError as exc:
        report.problems(exc.problems)
        _stop(f"Nothing was written: {len(exc.problems)} problem(s) in the fetched lists. "
              "Pass --skip-invalid to import the valid records (the raw answers are then kept).")
    for answer, reading in zip(answers, readings):
        count = len(hf_api.items_of(answer.data) or [])
        click.echo(f"{answer.day}: {count} paper(s)" if count else f"{answer.day}: no list")
    if outcome.skipped:
        report.problems(outcome.skipped, level="warning")
        click.echo(f"Skipped {len(outcome.skipped)} invalid item(s).", err=True)
    report.dropped(outcome.warnings)
    click.echo(f"{outcome.added} added, {outcome.updated} updated, {outcome.unchanged} unchanged; "
               f"{len(outcome.changed_files)} file(s) written; "
               f"raw answers in {(store.RAW / RAW_FOLDER).as_posix()}/.")


def _stop(message: str):
    click.echo(message, err=True)
    if report.in_github_actions():
        # An annotation on the run's summary page (workflow-command escaping).
        text = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        click.echo(f"::error title=paper-archive fetch::{text}")
    raise SystemExit(1)
