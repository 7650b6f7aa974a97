"""What every site benchmark shares: a synthetic project, a measured child
process, the floor config and the commit measured. `bench/run.py` and the
benches it calls import this module; it imports none of them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path[:0] = [str(REPO), str(HERE)]

import yaml  # noqa: E402

import synth  # noqa: E402
from generator.archive import store  # noqa: E402
from generator.build.config import _ConfigLoader  # noqa: E402

WORK = HERE / "work"
# What a site build needs from the project (the rest is data and tooling).
SITE_SOURCES = ("mkdocs.yml", "overrides/", "hooks/", "docs/", "CONTRIBUTING.md", "labels/")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float
    output: str


def measured(cmd: list[str], cwd: Path) -> Run:
    """Run `cmd`; wall time, user+system CPU and peak RSS of it and its children."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}) in {cwd}:\n{output[-4000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def source_files() -> list[str]:
    """The site sources git tracks (work in progress in new files stays out)."""
    out = subprocess.run(["git", "ls-files", "--cached", "-z"],
                         cwd=REPO, check=True, capture_output=True).stdout.decode("utf-8")
    return sorted(f for f in out.split("\0") if f and any(f == s or (s.endswith("/") and f.startswith(s)) for s in SITE_SOURCES))


def make_project(root: Path, n: int):
    for rel in source_files():
        if (REPO / rel).is_file():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, root / rel)
    (root / "taxonomy.yml").write_text(synth.taxonomy_yaml(REPO), encoding="utf-8")
    papers = synth.archive(n)
    store.save(root, papers)
    return papers


def floor_config(ours: Path) -> str:
    """Material and nothing else: no hooks, no plugins, no extra CSS or JS, no
    custom_dir, MkDocs' default Markdown extensions; our small nav (without
    one MkDocs would list every page in every page)."""
    config = yaml.load((ours / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    minimal = {
        "site_name": config["site_name"],
        "site_url": "http://127.0.0.1:8000/",
        "theme": {"name": "material"},
        "plugins": [],
        "nav": config.get("nav"),
    }
    return yaml.safe_dump(minimal, sort_keys=False, allow_unicode=True)


def make_floor(ours: Path, floor: Path) -> None:
    shutil.copytree(ours / "docs", floor / "docs", ignore=shutil.ignore_patterns(".generated-manifest.json"))
    for name in ("CONTRIBUTING.md",):
        if (ours / name).exists():
            shutil.copy2(ours / name, floor / name)
    (floor / "mkdocs.yml").write_text(floor_config(ours), encoding="utf-8")


def code_state() -> str:
    """The commit measured, and whether the code that runs differs from it."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "hooks", "overrides", "docs", "mkdocs.yml"],
                           cwd=REPO, capture_output=True, text=True).stdout.strip()
    return commit + (" with uncommitted changes" if dirty else "")


def loopback(route: str, param: str, answer: Callable[[str], bytes], content_type: str) -> tuple[ThreadingHTTPServer, str]:
    """A fake remote API on 127.0.0.1: GET <route>?<param>=V answers answer(V).
    Returns the server (shut it down) and the route's address."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = answer(parse_qs(urlsplit(self.path).query).get(param, [""])[0])
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}{route}"
