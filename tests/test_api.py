"""The static JSON API: every file validates against its published JSON
Schema, keys are sorted, days keep list order, output is stable."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.site import api, indexes
from generator.build import pages as site
from generator.archive import store
from generator.archive.model import Paper
from generator.tags.taxonomy import load_taxonomy

from .project import REPO
from .sample import sample_papers

SITE = "https://example.org/archive/"
SCHEMAS = REPO / "docs" / "api" / "v1" / "schema"


def build(papers: dict[str, Paper]) -> dict[str, str]:
    ctx = site.make_context(papers, load_taxonomy(REPO))
    return {path: text for path, text in site.build(papers, ctx, [api.extension(SITE)]).items()
            if path.startswith(api.ROOT)}


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def schema_for(path: str) -> str:
    if path == api.INDEX:
        return "index"
    return {"papers": "paper", "days": "day"}[path.split("/")[2]]


@pytest.fixture(scope="module")
def embedded() -> dict[str, str]:
    return build(store.load(REPO))


def test_the_schemas_are_valid_json_schema():
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == ["day.json", "index.json", "paper.json"]
    for name in ("day", "index", "paper"):
        validator(name)


@pytest.mark.parametrize("papers", [store.load(REPO), sample_papers()], ids=["embedded", "sample"])
def test_every_file_validates_against_its_schema(papers):
    files = build(papers)
    validators = {name: validator(name) for name in ("day", "index", "paper")}
    for path, text in files.items():
        errors = sorted(validators[schema_for(path)].iter_errors(json.loads(text)), key=str)
        assert not errors, f"{path}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_files_and_urls(embedded):
    papers = store.load(REPO)
    days = indexes.by_day(papers)
    assert sorted(embedded) == sorted([api.INDEX] + [api.paper_path(k) for k in papers] + [api.day_path(d) for d in days])
    for key in papers:
        data = json.loads(embedded[api.paper_path(key)])
        assert data["schema_version"] == api.SCHEMA_VERSION
        assert data["url"] == f"{SITE}papers/{key}/"
        assert data["api_url"] == f"{SITE}api/v1/papers/{key}.json"
        assert "sources" not in data


def test_paper_file_holds_the_record():
    papers = sample_papers()
    data = json.loads(build(papers)[api.paper_path("2503.08638")])
    p = papers["2503.08638"]
    for name in api.FIELDS:
        assert data[name] == getattr(p, name)
    assert "speech-audio" in data["tags"]


def test_day_files_keep_list_order_and_count(embedded):
    papers = store.load(REPO)
    for day, listed in indexes.by_day(papers).items():
        data = json.loads(embedded[api.day_path(day)])
        assert data["date"] == day
        assert data["count"] == len(listed) == len(data["papers"])
        assert [p["key"] for p in data["papers"]] == [p.key for p in listed]


def test_index_counts(embedded):
    papers = store.load(REPO)
    data = json.loads(embedded[api.INDEX])
    assert data["paper_count"] == len(papers)
    days = indexes.by_day(papers)
    assert [(d["date"], d["count"]) for d in data["days"]] == [(d, len(ps)) for d, ps in days.items()]
    slugs = [t["slug"] for t in data["tags"]]
    assert slugs == sorted(slugs) == sorted(t.slug for t in load_taxonomy(REPO).tags)
    ctx = site.make_context(papers, load_taxonomy(REPO))
    for tag in data["tags"]:
        assert tag["count"] == sum(tag["slug"] in tags for tags in ctx.tags.values())


def test_sorted_keys_compact_and_stable_bytes(embedded):
    for text in embedded.values():
        # Compact: one line, no space after a separator (the API is a sixth of the site's bytes).
        assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        assert text.count("\n") == 1
    assert build(store.load(REPO)) == embedded


def test_hostile_text_stays_plain_text():
    papers = sample_papers()
    data = json.loads(build(papers)[api.paper_path("o-1-alpha-bounds-for-b-tags-and-x-markdown")])
    assert data["title"] == papers["o-1-alpha-bounds-for-b-tags-and-x-markdown"].title  # not HTML-escaped


def test_a_title_with_tex_also_comes_as_the_paper_page_reads_it():
    papers = sample_papers()
    files = build(papers)
    tex = json.loads(files[api.paper_path("o-1-alpha-bounds-for-b-tags-and-x-markdown")])
    assert tex["title"] == "$O(1/\\alpha)$ bounds for <b>tags</b> & *x* [markdown] #1"  # the source's, kept
    assert tex["title_text"] == "O(1/α) bounds for <b>tags</b> & *x* [markdown] #1"  # as the page's <title>
    # A title without TeX reads as it is: no copy of it.
    assert "title_text" not in json.loads(files[api.paper_path("2503.08638")])
    assert not any("title_text" in json.loads(text) for text in build(store.load(REPO)).values())


def test_api_page_is_in_the_nav():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    def pages(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            yield from pages(value) if isinstance(value, list) else [value]

    assert "api.md" in set(pages(config["nav"]))
    assert Path(REPO / "docs" / "api.md").is_file()
