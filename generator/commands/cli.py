"""The `paper-archive` command line."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path

import click

from .. import __version__
from ..archive import lock, report, store
from ..ingest.importer import import_paths, input_files
from ..archive.model import InputError
from .stats import archive_stats


class Day(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a real day (YYYY-MM-DD)", param, ctx)


DAY = Day()


@click.group()
@click.version_option(__version__, prog_name="paper-archive")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    envvar="PAPER_ARCHIVE_ROOT",
    help="The archive's folder (holding data/, docs/, commentary/).",
)
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Keep a research-paper archive and generate its website."""
    ctx.obj = root


def fail(problems) -> None:
    report.problems(problems)
    raise SystemExit(1)


@contextmanager
def writing(root: Path):
    """The writers' lock (generator/archive/lock.py) around a command that writes."""
    try:
        with lock.writing(root, say=lambda text: click.echo(text, err=True)):
            if store.recover(root):
                click.echo("Completed a save of data/ that was interrupted.", err=True)
            yield
    except lock.Busy as exc:
        click.echo(f"Nothing was done: {exc}.", err=True)
        raise SystemExit(1)


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", type=DAY, help="The list day of the input (its year completes a page's 'Mar 12').")
@click.option("--year", type=click.IntRange(1990, 2999), help="The year of a copied page's date line.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid records and list the skipped ones.")
@click.pass_obj
def import_cmd(root: Path, paths, date, year, skip_invalid) -> None:
    """Import paper records from files or folders.

    Daily Papers page text (.txt), Hugging Face daily_papers API JSON (.json)
    and arXiv API Atom (.xml). Nothing is written if any input is invalid.
    """
    files, _ = input_files(list(paths))
    try:
        with writing(root), report.progress(len(files), "Reading") as step:
            outcome = import_paths(root, list(paths), date=date, year=year, skip_invalid=skip_invalid, progress=step)
    except InputError as exc:
        report.problems(exc.problems)
        click.echo(f"Nothing was imported: {len(exc.problems)} problem(s). "
                   "Fix them, or pass --skip-invalid to import the valid records.", err=True)
        raise SystemExit(1)
    if outcome.skipped:
        report.problems(outcome.skipped, level="warning")
        click.echo(f"Skipped {len(outcome.skipped)} invalid item(s).", err=True)
    report.dropped(outcome.warnings)
    click.echo(f"{outcome.added} added, {outcome.updated} updated, {outcome.unchanged} unchanged; "
               f"{len(outcome.changed_files)} file(s) written.")


@main.command()
@click.pass_obj
def check(root: Path) -> None:
    """Validate the whole archive and say what is wrong where."""
    from ..build.checks import check_all

    # Files on disk are what git commits: complete an interrupted save first
    # (unless a writer is at work right now; it completes it itself).
    try:
        if (root / store.JOURNAL).exists():
            with lock.writing(root, timeout=0):
                if store.recover(root):
                    click.echo("Completed a save of data/ that was interrupted.", err=True)
    except (lock.Busy, OSError):
        pass
    problems, summary = check_all(root)
    if problems:
        report.problems(problems)
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        raise SystemExit(1)
    click.echo(f"All good: {summary}.")


@main.command()
@click.pass_obj
def generate(root: Path) -> None:
    """Write the site's Markdown pages into docs/ (only what changed)."""
    from ..build.generate import generate as run

    try:
        with writing(root):
            written = run(root)
    except InputError as exc:
        fail(exc.problems)
    click.echo(f"{len(written.changed)} page(s) written, {len(written.removed)} removed, "
               f"{written.unchanged} unchanged.")


@main.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT",
              help="Where to serve (port 0: any free port).")
@click.pass_obj
def serve(root: Path, dev_addr: str) -> None:
    """Preview the site; an edit of data/, commentary/, taxonomy.yml or docs/
    rebuilds only what it changes, and the open page reloads once."""
    from ..serve.cli import run

    run(root, dev_addr)


@main.command()
@click.pass_obj
def stats(root: Path) -> None:
    """Papers, list days, tags and the date range of the archive."""
    try:
        figures = archive_stats(store.load(root), root)
    except InputError as exc:
        fail(exc.problems)
    for label, value in figures.items():
        click.echo(f"{label}: {value}")


def request_options(command):
    """The bounds of every request, the same for `fetch` and `enrich`."""
    options = [
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
                     help="Seconds without a byte before an attempt is given up."),
        click.option("--deadline", type=click.FloatRange(min=0, min_open=True), default=120.0, show_default=True,
                     help="Seconds for a whole attempt (connection, headers and body), however slowly bytes come."),
        click.option("--max-bytes", type=click.IntRange(min=1), default=8 * 1024 * 1024, show_default=True,
                     help="The largest answer accepted (and kept in data/raw/); a larger one stops the run."),
        click.option("--retries", type=click.IntRange(0, 10), default=4, show_default=True,
                     help="Further attempts on 429, 5xx, network failures and the deadline (with backoff)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command("fetch")
@click.option("--date", type=DAY, help="Fetch the list of this one day.")
@click.option("--since", type=DAY, help="Fetch every day from this one ...")
@click.option("--until", type=DAY, help="... up to this one (default: today, UTC).")
@click.option("--api-url", envvar="PAPER_ARCHIVE_HF_API",
              help="The daily_papers endpoint (default: Hugging Face's; env: PAPER_ARCHIVE_HF_API).")
@request_options
@click.option("--max-days", type=click.IntRange(min=1), default=None,
              help="With no day given, fetch at most this many days (the oldest missing first). Default: all.")
@click.option("--max-minutes", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Start no new day after this many minutes; the days fetched are saved (exit 0).")
@click.option("--skip-invalid", is_flag=True, help="Import the valid records and list the skipped ones.")
@click.pass_obj
def fetch_cmd(root: Path, date, since, until, api_url, timeout, deadline, max_bytes, retries, max_days,
              max_minutes, skip_invalid) -> None:
    """Fetch Hugging Face daily lists and import them, day after day.

    With no day given: from the last list day in the archive up to today (UTC).
    Each day is saved as soon as it is fetched and read: its raw answer in
    data/raw/hf-daily-papers/ (replay them with `paper-archive import
    data/raw/hf-daily-papers`) and its records in data/papers/. A day that
    still fails after its retries stops the run; the days before it stay
    saved and the next run continues from there.
    """
    from ..ingest import fetch

    policy = fetch.Policy(timeout=timeout, deadline=deadline, max_bytes=max_bytes, retries=retries)
    with writing(root):
        fetch.run(root, date=date, since=since, until=until, api_url=api_url, max_days=max_days,
                  max_minutes=max_minutes, policy=policy, skip_invalid=skip_invalid)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--changed-since", "rev", metavar="REV",
              help="Review every file under commentary/ added, changed or deleted since this git revision "
                   "(the pull request's base branch, such as main).")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True,
              help="The built site (make build) the papers' pages are taken from.")
@click.option("--preview-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build") / "commentary-preview", show_default=True,
              help="Where the small preview site goes (a former preview there is replaced).")
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False, path_type=Path),
              envvar="GITHUB_STEP_SUMMARY",
              help="Append the Markdown summary to this file (default: $GITHUB_STEP_SUMMARY; else it is printed).")
@click.pass_obj
def review(root: Path, files, rev, site_dir: Path, preview_dir: Path, summary_file: Path | None) -> None:
    """Show each commentary a pull request touches as it will look.

    Give the files (commentary/<key>/<handle>.md), or --changed-since REV.
    Writes a Markdown summary (each paper's title and the commentary rendered,
    or its problems with file and line) and a small site holding just those
    papers' pages, taken from the site `make build` made, and what they need
    to display. Exit 1 when a commentary that has a page could not be previewed.
    """
    from ..build import review as reviewing

    if bool(files) == bool(rev):
        click.echo("Nothing was reviewed: give commentary files or --changed-since REV (one of the two).", err=True)
        raise SystemExit(1)
    try:
        touched = reviewing.changed_since(root, rev) if rev else reviewing.named(root, list(files))
        outcome = reviewing.run(root, touched, site_dir, preview_dir)
    except reviewing.ReviewError as exc:
        click.echo(f"Nothing was reviewed: {exc}.", err=True)
        raise SystemExit(1)
    if not touched:
        click.echo("No commentary file was added, changed or deleted.")
        return
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as out:
            out.write(outcome.summary + "\n")
    else:
        click.echo(outcome.summary)
    problems = sum(len(r.problems) for r in outcome.reviewed)
    said = f"{len(touched)} commentary file(s) reviewed, {problems} problem(s)"
    if outcome.preview:
        click.echo(f"{said}; preview in {preview_dir}: {len(outcome.preview.files)} file(s), "
                   f"{outcome.preview.bytes / 1024:,.0f} KB (the whole site: {outcome.whole / 1024:,.0f} KB).", err=True)
    elif outcome.why_not:
        click.echo(f"{said}; no preview: {outcome.why_not}.", err=True)
        raise SystemExit(1)
    else:
        click.echo(f"{said}; nothing to preview.", err=True)


@main.command("enrich")
@click.option("--arxiv-api", "api_url", envvar="PAPER_ARCHIVE_ARXIV_API", metavar="URL",
              help="arXiv's query API (default: http://export.arxiv.org/api/query; env: PAPER_ARCHIVE_ARXIV_API).")
@request_options
@click.option("--pause", type=click.FloatRange(min=0), default=3.0, show_default=True,
              help="Seconds between two requests (arXiv's API terms ask for 3; less only for your own mirror).")
@click.option("--max-minutes", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Send no new request after this many minutes; what was found is saved (exit 0).")
@click.option("--ask-again", is_flag=True,
              help="Ask arXiv again for every record without an arXiv id, even where an answer is kept.")
@click.pass_obj
def enrich_cmd(root: Path, api_url, timeout, deadline, max_bytes, retries, pause, max_minutes, ask_again) -> None:
    """Find the arXiv paper of each record that has no arXiv id, by its title.

    A record is filled only when exactly one arXiv paper has the same title
    (case, punctuation, TeX and white space aside): its arXiv id, and the
    authors, publication day, categories, abstract and links it lacks; a field
    that holds something is never changed, and the key (the page's address)
    stays. Each record's line says what was found, or why it was left alone.
    arXiv's answers are kept in data/raw/arxiv-query/: a rerun asks nothing
    twice (--ask-again asks anyway: a paper may have reached arXiv since).
    """
    from ..ingest import enrich, fetch

    policy = fetch.Policy(timeout=timeout, deadline=deadline, max_bytes=max_bytes, retries=retries)
    with writing(root):
        enrich.run(root, api_url=api_url, policy=policy, pause=pause, max_minutes=max_minutes, ask_again=ask_again)
