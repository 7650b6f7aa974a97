"""Build the embedded archive's site once and serve it on 127.0.0.1.

Used by the `built_site` fixture in conftest.py (browser, accessibility and
search tests share one build). The build runs in a copy of the project's
tracked source files (minus tests/ and the generator package), so generated
pages never land in the working tree and a stale docs/ cannot leak in.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
# Never copied: the tests, anything built, and the generator package (the
# build imports it from the installed, editable package: a copy beside
# mkdocs.yml would shadow it, and miss modules not yet tracked).
SKIP_TOP = {"tests", "site", "bench", ".ci", ".github", "generator"}


def source_files(repo: Path = REPO) -> list[str]:
    """Files git tracks, relative to the repo (their working-tree content is
    copied; a new page not yet added to git stays out, as in tests/project.py)."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "-z"],
        cwd=repo, check=True, capture_output=True).stdout.decode("utf-8")
    return sorted(f for f in out.split("\0") if f and f.split("/", 1)[0] not in SKIP_TOP)


def copy_project(dest: Path, repo: Path = REPO) -> Path:
    """A copy of the project's sources in `dest` (generated pages excluded:
    they are git-ignored, so the build regenerates them from data/)."""
    for rel in source_files(repo):
        src = repo / rel
        if not src.is_file():  # deleted in the working tree, still in the index
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    return dest


def build(project: Path, site_dir: Path | None = None) -> Path:
    """`mkdocs build --strict` in `project`; raises with MkDocs' output on failure."""
    site_dir = site_dir or project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return site_dir


class _QuietHandler(SimpleHTTPRequestHandler):
    """The site at `prefix` only: "/paper-archive/" serves it as GitHub Pages
    serves a project site, where nothing outside the base path is ours.

    `delays` ({path under the site: seconds}, read at each request) holds back
    the answer for files under that path, as a slow connection does; with
    `max_age` the answers carry Cache-Control as Pages sends it, so a browser
    that fetched a file once takes it from its cache without asking."""

    def __init__(self, *args, prefix: str = "/", delays: dict[str, float] | None = None,
                 max_age: int | None = None, **kwargs):
        self.prefix = prefix  # before the base class handles the request
        self.delays = delays if delays is not None else {}
        self.max_age = max_age
        super().__init__(*args, **kwargs)

    def send_head(self):
        path = urlsplit(self.path).path[len(self.prefix):]
        for start, seconds in list(self.delays.items()):
            if path.startswith(start):
                time.sleep(seconds)
                break
        return super().send_head()

    def end_headers(self):
        if self.max_age is not None:
            self.send_header("Cache-Control", f"max-age={self.max_age}")
        super().end_headers()

    def translate_path(self, path):
        parts = urlsplit(path)
        if not parts.path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_base_path__")
        return super().translate_path("/" + parts.path[len(self.prefix):])

    def log_message(self, format, *args):  # noqa: A002 - http.server's name
        pass


@dataclass
class Served:
    """A built site and the URL it is served at (ends with '/')."""

    site_dir: Path
    url: str
    # {path under the site: seconds}: answers for files there are held back
    # that long (change it while serving; see _QuietHandler).
    delays: dict[str, float] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def page(self, path: str = "") -> str:
        return self.url + path.lstrip("/")

    def close(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)


def serve(site_dir: Path, prefix: str = "/", *, max_age: int | None = None) -> Served:
    """Serve `site_dir` at `prefix` on 127.0.0.1. `max_age`: send Cache-Control
    as GitHub Pages does (its 600 s), so a warm browser cache is really warm."""
    delays: dict[str, float] = {}
    handler = functools.partial(_QuietHandler, directory=str(site_dir), prefix=prefix, delays=delays,
                                max_age=max_age)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="built-site", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    return Served(site_dir=site_dir, url=f"http://{host}:{port}{prefix}", delays=delays, _server=server,
                  _thread=thread)


def build_and_serve(workdir: Path) -> Served:
    project = copy_project(workdir / "project")
    return serve(build(project))
