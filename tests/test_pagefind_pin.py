"""Pagefind upgrades fail loudly, naming what to update.

generator/build/search.py's `_Service` overrides a private method of Pagefind's
Python wrapper, `PagefindService._wait_for_responses` (the wrapper sleeps
0.1 s before reading each response: 33 minutes for 20,000 papers). A new
Pagefind may change that method, the attributes it uses or the wire format.
These tests pin the range pyproject.toml accepts to the versions tested here,
check that the overridden code is still the code the override was written
against, and exercise the override on its own and with the real indexer.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import inspect
import json
import re
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from pagefind.service import PagefindService

from generator.build import search

ROOT = Path(__file__).resolve().parent.parent

# What the override was written against (pagefind 1.5.2): the SHA-256 of the
# source of each wrapper method it depends on.
UPSTREAM = {
    "_wait_for_responses": "a24cf8492ca7a8d95e34516f9b3fd8cf4fdff95146c6eb32a9808446312a768b",
    "launch": "ad2582e3e35a549ac57a83003846682ad09a9d53f0a6041f25c5160776888548",
}
WHAT_TO_UPDATE = (
    "Pagefind's Python wrapper changed PagefindService.{name} (pagefind {installed}, {path}). "
    "generator/build/search.py's _Service overrides _wait_for_responses and relies on launch() polling it as a task, "
    "on self._backend.stdout and self._responses, and on responses being base64 JSON ending in ','. "
    "Read the new method; if the wrapper no longer sleeps before each read, drop _Service and use "
    "PagefindService; otherwise port the change into _Service._wait_for_responses. Then set "
    "UPSTREAM[{name!r}] in tests/test_pagefind_pin.py to {digest} and the pagefind range in pyproject.toml "
    "to the versions tested."
)


def pyproject_requirement() -> Requirement:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    [line] = re.findall(r'^\s*"(pagefind\[bin\][^"]*)"', text, re.M)
    return Requirement(line)


def test_the_accepted_range_is_the_tested_one():
    spec = pyproject_requirement().specifier
    assert str(spec) in (">=1.5.2,<1.6", "<1.6,>=1.5.2"), (
        f"pyproject.toml accepts pagefind {spec}: keep it to the minor series tests/test_pagefind_pin.py passes with")


def test_the_installed_and_pinned_pagefind_are_in_that_range():
    spec = pyproject_requirement().specifier
    pins = dict(re.findall(r"^(pagefind(?:_bin)?)==(\S+)$", (ROOT / "requirements" / "site.txt").read_text(), re.M))
    assert pins["pagefind"] == pins["pagefind_bin"], "requirements/site.txt: pagefind and pagefind_bin must match"
    for where, found in (("requirements/site.txt", pins["pagefind"]), ("installed", version("pagefind"))):
        assert found in spec, (
            f"pagefind {found} ({where}) is outside pyproject.toml's tested range {spec}: run "
            "`make test PYTEST_ARGS=tests/test_pagefind_pin.py` with it, follow what it says, then widen the range")


@pytest.mark.parametrize("name", sorted(UPSTREAM))
def test_the_overridden_wrapper_is_the_one_the_override_was_written_for(name):
    source = inspect.getsource(getattr(PagefindService, name))
    digest = hashlib.sha256(source.encode()).hexdigest()
    assert digest == UPSTREAM[name], WHAT_TO_UPDATE.format(
        name=name, installed=version("pagefind"), path=inspect.getsourcefile(PagefindService), digest=digest)


def test_the_wrapper_still_polls_through_the_overridable_method():
    launch = inspect.getsource(PagefindService.launch)
    assert "self._wait_for_responses()" in launch, WHAT_TO_UPDATE.format(
        name="launch", installed=version("pagefind"), path=inspect.getsourcefile(PagefindService), digest="(new)")
    assert search._Service._wait_for_responses is not PagefindService._wait_for_responses
    hints = PagefindService.__annotations__
    assert "_backend" in hints and "_responses" in hints, "PagefindService no longer has _backend/_responses"


def run_async(coro):
    """asyncio.run in a thread of its own: Playwright's sync API (the browser
    tests) leaves an event loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def frame(payload: object) -> bytes:
    return base64.b64encode(json.dumps(payload).encode()) + b","


def test_the_override_resolves_answers_fails_errors_and_survives_an_exiting_indexer():
    """The override alone, fed the wire format the indexer speaks."""
    async def scenario():
        loop = asyncio.get_running_loop()
        service = search._Service()
        stdout = asyncio.StreamReader()
        service._backend = type("Backend", (), {"stdout": stdout})()
        service._responses = {n: loop.create_future() for n in (1, 2, 3, 4)}
        stdout.feed_data(frame(None))  # the indexer's keep-alive
        stdout.feed_data(frame({"message_id": 1, "payload": {"type": "IndexedFile", "page_word_count": 3}}))
        stdout.feed_data(frame({"message_id": 2, "payload": {"type": "Error", "message": "bad record"}}))
        # An unparseable request comes back without an id, naming the message sent.
        stdout.feed_data(frame({"payload": {"type": "Error", "message": "parse error",
                                            "original_message": json.dumps({"message_id": 3})}}))
        stdout.feed_eof()  # the indexer exits with request 4 unanswered
        await asyncio.wait_for(service._wait_for_responses(), timeout=10)
        return service._responses

    futures = run_async(scenario())
    assert futures[1].result() == {"type": "IndexedFile", "page_word_count": 3}
    assert str(futures[2].exception()) == "pagefind: bad record"
    assert str(futures[3].exception()) == "pagefind: parse error"
    assert str(futures[4].exception()) == "the pagefind indexer exited"


def test_the_override_indexes_with_the_real_indexer(tmp_path):
    """Through Pagefind's own API, as generator/build/search.py uses it: many
    requests in flight at once, each answered through the override."""
    from pagefind.index import IndexConfig

    async def build():
        async with search._Service() as service:
            index = await service.create_index(IndexConfig(force_language="en"))
            await asyncio.gather(*(
                index.add_custom_record(url=f"/papers/p{n}/", content=f"paper {n} about zebras", language="en",
                                        meta={"title": f"Paper {n}"})
                for n in range(60)))
            await index.write_files(output_path=str(tmp_path / "pagefind"))

    run_async(asyncio.wait_for(build(), timeout=120))
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 60
