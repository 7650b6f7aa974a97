"""`paper-archive generate` (on a warm docs/ or a cold one), the MkDocs hook
and `make serve`'s start refuse what `paper-archive check` refuses, with the
same located messages (issue 24): a build's answer never depends on what an
earlier build left behind."""
from __future__ import annotations

import json
import shutil
import types
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import PluginError

from generator.build import mkdocs_hooks
from generator.commands.cli import main

from .project import copy_project, mkdocs_build

PAPER = "a-tutorial-on-bayesian-optimization"
NOTE = f"commentary/{PAPER}/paper-archive-editors.md"
STORE = "data/papers/2025-03.jsonl"


def _elsewhere(root: Path) -> Path:
    return root.parent / "elsewhere"


def symlinked_commentary_folder(root: Path) -> None:
    """The folder of a paper's commentary is a link to a folder of the same files."""
    folder = root / NOTE
    folder = folder.parent
    target = _elsewhere(root) / PAPER
    shutil.copytree(folder, target)
    shutil.rmtree(folder)
    folder.symlink_to(target, target_is_directory=True)


def symlinked_commentary_file(root: Path) -> None:
    """A commentary that is a link to a file of the very same bytes."""
    target = _elsewhere(root) / "note.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / NOTE, target)
    (root / NOTE).unlink()
    (root / NOTE).symlink_to(target)


def _edit_record(root: Path, change) -> None:
    path = root / STORE
    lines = path.read_text(encoding="utf-8").split("\n")
    record = json.loads(lines[1])
    change(record)
    lines[1] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines), encoding="utf-8")


def record_with_an_unknown_tag(root: Path) -> None:
    _edit_record(root, lambda r: r.update(tags=[*r.get("tags", []), "no-such-tag"]))


def record_with_a_bad_field(root: Path) -> None:
    _edit_record(root, lambda r: r.update(upvotes=-3))


def commentary_on_no_paper(root: Path) -> None:
    text = (root / NOTE).read_text(encoding="utf-8")
    (root / NOTE).write_text(text.replace("paper: ", "paper: no-such-", 1), encoding="utf-8")


def broken_taxonomy(root: Path) -> None:
    (root / "taxonomy.yml").write_text("tags: [\n", encoding="utf-8")


def unreadable_mkdocs_yml(root: Path) -> None:
    (root / "mkdocs.yml").write_text("site_name: [\n", encoding="utf-8")


def no_site_url(root: Path) -> None:
    path = root / "mkdocs.yml"
    path.write_text("\n".join(line for line in path.read_text(encoding="utf-8").split("\n")
                              if not line.startswith("site_url:")), encoding="utf-8")


def hand_written_home_page(root: Path) -> None:
    manifest = root / "docs/.generated-manifest.json"
    if manifest.exists():  # warm: a page the generator made, now the owner's
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["files"].remove("index.md")
        manifest.write_text(json.dumps(data), encoding="utf-8")
    (root / "docs/index.md").write_text("# My own home page\n", encoding="utf-8")


def damaged_manifest(root: Path) -> None:
    (root / "docs/.generated-manifest.json").write_text("[1, 2", encoding="utf-8")


BAD_INPUTS = [symlinked_commentary_folder, symlinked_commentary_file, record_with_an_unknown_tag,
              record_with_a_bad_field, commentary_on_no_paper, broken_taxonomy, unreadable_mkdocs_yml,
              no_site_url, hand_written_home_page, damaged_manifest]


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), *args], catch_exceptions=False)


def check_says(root: Path) -> list[str]:
    result = run(root, "check")
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problem(s) found."
    return lines[:-1]


def generate_says(root: Path) -> list[str]:
    result = run(root, "generate")
    assert result.exit_code == 1, result.output
    return result.stderr.splitlines()


def hook_says(root: Path) -> list[str]:
    """What `mkdocs build` and `mkdocs serve` stop with (the hook's on_pre_build)."""
    config = types.SimpleNamespace(config_file_path=str(root / "mkdocs.yml"), docs_dir=str(root / "docs"))
    with pytest.raises(PluginError) as caught:
        mkdocs_hooks.on_pre_build(config)
    first, *lines = str(caught.value).splitlines()
    assert first == "paper-archive generate failed:"
    return lines


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[str, Path]:
    """A cold project (docs/ as checked out) and a warm one (generated)."""
    base = tmp_path_factory.mktemp("same-checks")
    cold = copy_project(base / "cold")
    warm = copy_project(base / "warm")
    result = run(warm, "generate")
    assert result.exit_code == 0, result.output
    return {"cold": cold, "warm": warm}


@pytest.mark.parametrize("docs", ["cold", "warm"])
@pytest.mark.parametrize("spoil", BAD_INPUTS, ids=lambda f: f.__name__)
def test_generate_and_the_hook_refuse_what_check_refuses_with_its_words(projects, tmp_path: Path, docs, spoil):
    if docs == "cold" and spoil is damaged_manifest:
        pytest.skip("a cold docs/ has no manifest to damage")
    root = tmp_path / "project"
    shutil.copytree(projects[docs], root, symlinks=True)
    before = {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    spoil(root)
    spoilt = {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    said = check_says(root)
    assert said, "check found nothing wrong"
    assert generate_says(root) == said
    assert hook_says(root) == said
    # Refused before anything was written.
    assert {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()} == spoilt
    assert spoil in (hand_written_home_page, damaged_manifest) or spoilt == before


def test_a_strict_build_on_a_warm_docs_refuses_a_symlinked_commentary(projects, tmp_path: Path):
    """The review's case, end to end: pages generated from a real file, then the
    file replaced by a link to the same bytes; `mkdocs build --strict` stops."""
    root = tmp_path / "project"
    shutil.copytree(projects["warm"], root, symlinks=True)
    symlinked_commentary_file(root)
    said = check_says(root)
    built = mkdocs_build(root)
    assert built.returncode == 1
    assert "paper-archive generate failed:\n" + "\n".join(said) in built.stderr


def test_make_serve_does_not_reuse_a_build_whose_inputs_check_refuses(projects, tmp_path: Path):
    """`make serve` takes the last build as it is when nothing it was made of
    changed, but only when the inputs pass `check` now."""
    from generator.serve.preview import Preview

    root = tmp_path / "project"
    shutil.copytree(projects["cold"], root, symlinks=True)
    first = Preview(root, tmp_path / "work")
    assert first.start() == "built the site"
    first.settle()
    first.stop()
    symlinked_commentary_file(root)
    second = Preview(root, tmp_path / "work")
    try:
        assert second.start() == "could not build: see the problems"
        assert second.state.problems == check_says(root)
    finally:
        second.stop()
