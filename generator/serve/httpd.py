"""The preview's HTTP server: the site folder, a reload signal and the problems.

Every request is answered from what is on disk, whatever the rebuild is
doing: a broken input never holds a request. HTML pages get a small script
(only here, never in `make build`'s output) that waits for the next change
with a long poll and reloads the page once (related papers that follow later
replace the page's text in place, without a second reload); while an input is broken, every
page shows its problems as `paper-archive check` words them, and the page
comes back by itself once the input is fixed.
"""
from __future__ import annotations

import html
import json
import posixpath
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

PREFIX = "/.paper-archive/"
WAIT_SECONDS = 20.0


@dataclass
class State:
    """What the browser is told; changed by the rebuild loop."""

    version: int = 0  # one step per change the open page should reload for
    problems: list[str] = field(default_factory=list)
    search_updating: bool = False
    rebuilds: int = 0
    busy: bool = False
    warm: bool = False  # the start's warm-up is over (the first edit waits for nothing)
    starting: bool = False  # the first build is running: missing pages say so
    cond: threading.Condition = field(default_factory=threading.Condition)

    history: list = field(default_factory=list)  # (version, URL paths that changed, or None: every page)

    def publish(self, *, reload: bool = True, paths: list[str] | None = None, **changes) -> None:
        """Change the state; `reload`: open pages reload (only those at
        `paths`, site-relative URL paths such as "papers/x/", when given)."""
        with self.cond:
            for name, value in changes.items():
                setattr(self, name, value)
            if reload:
                self.version += 1
                self.history = [*self.history[-50:], (self.version, None if paths is None else list(paths))]
            self.cond.notify_all()

    def snapshot(self, since: int | None = None) -> dict:
        out = {"version": self.version, "problems": list(self.problems), "search_updating": self.search_updating,
               "rebuilds": self.rebuilds, "busy": self.busy, "warm": self.warm}
        if since is not None:  # what changed after `since`: null when every page should reload
            steps = [paths for version, paths in self.history if version > since]
            known = bool(self.history) and self.history[0][0] <= since + 1
            out["paths"] = None if not known or any(p is None for p in steps) else sorted({x for p in steps for x in p})
        return out

    def wait(self, since: int, timeout: float, search: bool | None = None) -> dict:
        """Return when the version moves past `since` (or the search state
        differs from `search`), or after `timeout` seconds."""
        end = time.monotonic() + timeout
        with self.cond:
            while self.version == since and (search is None or self.search_updating == search):
                left = end - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(left)
            return self.snapshot(since)


_SCRIPT = """<script id="pa-serve">(function () {
  var version = %(version)d, search = %(search)s, base = %(prefix)s;
  function searchNote(on) {
    var note = document.getElementById("pa-serve-search");
    if (on && !note) {
      note = document.createElement("p");
      note.id = "pa-serve-search";
      note.setAttribute("role", "status");
      note.textContent = "The search index is being updated: results may not show your latest edit yet.";
      note.style.cssText = "position:fixed;bottom:0;left:0;right:0;margin:0;padding:.4em 1em;z-index:1000;" +
        "background:#fff3cd;color:#3d2c00;font:14px/1.4 system-ui,sans-serif;text-align:center";
      document.body.appendChild(note);
    } else if (!on && note) {
      note.remove();
    }
    document.querySelectorAll("input[type=search]").forEach(function (box) {
      if (on) { box.dataset.paPlaceholder = box.dataset.paPlaceholder || box.placeholder || "";
                box.placeholder = "Search (the index is being updated)"; }
      else if (box.dataset.paPlaceholder !== undefined) { box.placeholder = box.dataset.paPlaceholder; }
    });
  }
  searchNote(search);
  function refresh() {
    fetch(location.href, {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html").querySelector("article.md-content__inner");
        var now = document.querySelector("article.md-content__inner");
        if (fresh && now) { now.replaceWith(document.importNode(fresh, true)); } else { location.reload(); }
      })
      .catch(function () { location.reload(); });
  }
  function wait() {
    fetch(base + "wait?since=" + version + "&search=" + (search ? 1 : 0), {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.version !== version) {
          // A save reloads the page, once. Related papers redone in the background
          // after it (s.paths: the pages they changed) replace this page's text
          // in place: no second reload for one save.
          var here = location.pathname.slice(1);
          if (s.paths === null) { location.reload(); return; }
          if (s.paths.indexOf(here) >= 0) { refresh(); }
          version = s.version;
        }
        search = s.search_updating; searchNote(search); wait();
      })
      .catch(function () { setTimeout(wait, 1000); });  // the server restarts: try again
  }
  wait();
})();</script>
"""

_PROBLEMS = """<div id="pa-serve-problems" role="alert" style="position:fixed;top:0;left:0;right:0;z-index:1001;max-height:60vh;
overflow:auto;margin:0;padding:1em 1.5em;background:#fdecea;color:#5f2120;border-bottom:3px solid #d32f2f;
font:14px/1.5 system-ui,sans-serif"><strong>The site was not updated: fix {what} and save; this page reloads by itself.</strong>
<ul style="margin:.5em 0 0;padding-left:1.2em;font-family:ui-monospace,monospace">{items}</ul>
<p style="margin:.5em 0 0">The pages show the archive as it was before this edit.</p></div>
"""


def inject(page: str, state: dict) -> str:
    """A served HTML page plus the reload script and any problems."""
    extra = _SCRIPT % {"version": state["version"], "search": "true" if state["search_updating"] else "false",
                       "prefix": json.dumps(PREFIX)}
    if state["problems"]:
        what = "this problem" if len(state["problems"]) == 1 else f"these {len(state['problems'])} problems"
        items = "".join(f"<li>{html.escape(p)}</li>" for p in state["problems"])
        extra = _PROBLEMS.format(what=what, items=items) + extra
    at = page.rfind("</body>")
    return page + extra if at < 0 else page[:at] + extra + page[at:]


class Handler(SimpleHTTPRequestHandler):
    server: "Server"

    def log_message(self, format, *args):  # quiet: the terminal shows rebuilds and problems
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path.startswith(PREFIX):
            return self._api(url.path[len(PREFIX):], parse_qs(url.query))
        path = self._file(url.path)
        if path is None:
            if self.server.state.starting:
                return self._html(None, 503, fallback="<h1>The site is being built</h1><p>This page loads "
                                  "by itself when it is ready (the first start of a large archive takes minutes).</p>")
            return self._html(self.server.site_dir / "404.html", 404, fallback="<h1>Not found</h1>")
        if path.is_dir():  # a folder without a trailing slash: MkDocs links end in "/"
            self.send_response(301)
            self.send_header("Location", url.path + "/")
            self.end_headers()
            return None
        if path.suffix == ".html":
            return self._html(path, 200)
        return super().do_GET()

    def do_HEAD(self):
        return super().do_HEAD()

    def translate_path(self, path: str) -> str:
        found = self._file(urlsplit(path).path)
        return str(found) if found else str(self.server.site_dir / "-missing-")

    def _file(self, url_path: str) -> Path | None:
        """The file of a URL inside the site folder (index.html of a folder);
        None when there is none (or the URL tries to leave the folder)."""
        parts = [p for p in posixpath.normpath(unquote(url_path)).split("/") if p and p not in (".", "..")]
        path = self.server.site_dir.joinpath(*parts)
        if path.is_dir():
            if not url_path.endswith("/"):
                return path
            path = path / "index.html"
        return path if path.is_file() else None

    def _html(self, path: Path | None, status: int, fallback: str = "") -> None:
        try:
            if path is None:
                raise FileNotFoundError
            text = path.read_text(encoding="utf-8")
        except OSError:
            text = f"<!doctype html><html><body>{fallback}</body></html>"
        body = inject(text, self.server.state.snapshot()).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _api(self, name: str, query: dict) -> None:
        state = self.server.state
        if name == "wait":
            since = int(query.get("since", ["-1"])[0])
            search = query.get("search", [None])[0]
            data = state.wait(since, WAIT_SECONDS, None if search is None else search == "1")
        elif name == "status":
            data = state.snapshot()
        else:
            self.send_error(404)
            return
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site_dir: Path, state: State):
        self.site_dir, self.state = site_dir, state
        super().__init__(address, Handler)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="paper-archive-http", daemon=True)
        thread.start()
        return thread
