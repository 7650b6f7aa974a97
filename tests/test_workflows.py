"""The GitHub Actions workflows: valid, clean under zizmor, and safe by rule.

Both tools run offline: check-jsonschema with its vendored GitHub workflow
schema, zizmor with `--offline`.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
BIN = Path(sys.executable).parent  # the tools are pinned in requirements/test.txt, beside pytest
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses:\s*(\S+)\s+#\s*v\d+\.\d+\.\d+\s*$", re.M)
# A reusable workflow of this repository, in the form every tool and host
# accepts (actionlint and GitHub Enterprise Server reject the newer `$/`).
LOCAL = "./.github/workflows/"


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); put the name back.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, job, step


def test_the_three_workflows_are_there():
    assert [p.name for p in FILES] == ["deploy.yml", "ingest.yml", "pr.yml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_valid_against_the_github_workflow_schema(path):
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", str(WORKFLOWS)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_permissions_unless_a_job_asks(path):
    workflow = load(path)
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} must say which permissions it needs"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_never_pull_request_target(path):
    triggers = load(path)["on"]
    assert isinstance(triggers, dict)
    assert "pull_request_target" not in triggers and "workflow_run" not in triggers


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_actions_are_pinned_to_full_commits_with_a_version_comment(path):
    workflow = load(path)
    uses = [step["uses"] for _, _, step in steps(workflow) if "uses" in step]
    uses += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]
    assert uses
    for ref in uses:
        assert ref.startswith(LOCAL) or PINNED.match(ref), f"{path.name}: {ref} is not pinned to a commit"
    commented = {m[1] for m in VERSION_COMMENT.finditer(path.read_text(encoding="utf-8"))}
    for ref in uses:
        if not ref.startswith(LOCAL):
            assert ref in commented, f"{path.name}: {ref} needs a '# vX.Y.Z' comment"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_expressions_inside_run(path):
    for name, _, step in steps(load(path)):
        if "run" in step:
            assert "${{" not in step["run"], f"{path.name}: job {name}: pass values through env:, not ${{{{ }}}}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_credentials_are_not_kept_by_checkout(path):
    for name, _, step in steps(load(path)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: job {name}"


def test_pull_requests_are_read_only_and_use_the_make_targets():
    workflow = load(WORKFLOWS / "pr.yml")
    assert set(workflow["on"]) == {"pull_request"}
    for job in workflow["jobs"].values():
        assert job["permissions"] == {"contents": "read"}
    runs = [step["run"] for _, _, step in steps(workflow) if "run" in step]
    assert runs == ["bash .ci/run", "make check", "make tag-figures", "make build", "make review",
                    "make build-properdocs"]
    uploads = [s for _, _, s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "site/"


def test_pull_requests_show_the_changed_commentary_in_the_summary_and_a_small_artifact():
    from generator.build.review import ARTIFACT

    site = load(WORKFLOWS / "pr.yml")["jobs"]["site"]
    names = [s.get("run") or s.get("uses", "").split("@")[0] for s in site["steps"]]
    # After the whole site is built (its pages are copied) and before ProperDocs builds site/ again.
    assert names.index("make build") < names.index("make review") < names.index("make build-properdocs")
    review = site["steps"][names.index("make review")]
    upload = site["steps"][names.index("make review") + 1]
    # Also after a failed check or build: the summary then lists the problems.
    assert review["if"] == upload["if"] == "${{ !cancelled() }}"
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["name"] == ARTIFACT and upload["with"]["path"] == "build/commentary-preview/"
    assert upload["with"]["if-no-files-found"] == "ignore"
    # `make review` compares with the merge commit's first parent: the base branch, fetched.
    checkout = next(s for s in site["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 2
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^REVIEW_BASE \?= HEAD\^1$", makefile, re.M)
    assert "paper-archive review --changed-since $(REVIEW_BASE)" in makefile


def test_only_the_deploy_job_may_publish():
    workflow = load(WORKFLOWS / "deploy.yml")
    assert set(workflow["on"]) == {"push", "workflow_dispatch", "workflow_call"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [s["run"] for s in jobs["build"]["steps"] if "run" in s] == ["make build"]
    used = [s.get("uses", "").split("@")[0] for s in jobs["build"]["steps"] + jobs["deploy"]["steps"]]
    assert "actions/upload-pages-artifact" in used and "actions/deploy-pages" in used


def test_ingestion_commits_then_deploys_through_the_reusable_workflow():
    workflow = load(WORKFLOWS / "ingest.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert workflow["on"]["schedule"][0]["cron"]
    fetch, deploy = workflow["jobs"]["fetch"], workflow["jobs"]["deploy"]
    assert fetch["permissions"] == {"contents": "write"}
    assert "make fetch" in "\n".join(s.get("run", "") for s in fetch["steps"])
    assert deploy["uses"] == "./.github/workflows/deploy.yml"
    assert deploy["needs"] == "fetch"
    # The days a failed fetch saved are still committed and deployed.
    commit = next(s for s in fetch["steps"] if s.get("id") == "commit")
    assert commit["if"] == "${{ !cancelled() && steps.fetch.outcome != 'skipped' }}"
    assert deploy["if"] == "${{ !cancelled() && needs.fetch.outputs.changed == 'true' }}"
    assert "--max-minutes" in next(s for s in fetch["steps"] if s.get("id") == "fetch")["run"]
    # Records without an arXiv id are linked after the fetch, even a failed
    # one, in bounded time, before the commit (issue 26).
    ids = [s.get("id") for s in fetch["steps"]]
    assert ids.index("fetch") < ids.index("enrich") < ids.index("commit")
    enrich = fetch["steps"][ids.index("enrich")]
    assert enrich["if"] == "${{ !cancelled() && steps.fetch.outcome != 'skipped' }}"
    assert enrich["run"] == 'make enrich ENRICH_ARGS="--max-minutes 10"'
    # A caller grants at most what the called workflow's jobs ask for.
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_the_makefile_has_the_targets_the_workflows_call():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("test", "check", "build", "build-properdocs", "fetch", "enrich", "review"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
