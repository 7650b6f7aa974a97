"""The pins stay on actions that GitHub's runners still run, and keep moving.

Node 20 left GitHub's runners in September 2026: an action built for it is
forced onto Node 24 with a warning on every run, and may break. Every action
the workflows use must be on a major that runs on Node 24; Dependabot moves
the pins every week (.github/dependabot.yml, checked against its schema).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
BIN = Path(sys.executable).parent
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40})\s+#\s*v(\d+)\.(\d+)\.(\d+)\s*$", re.M)

# The first major of each action that runs on Node 24 (`runs.using: node24`
# in its action.yml; for a composite action, only Node 24 actions inside).
# Every earlier major runs on Node 20 or older. An action missing here fails
# the test below: check its action.yml at the pinned commit, then add it.
NODE24_SINCE = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/setup-node": 5,
    "actions/cache": 5,
    "actions/upload-artifact": 6,  # v5 only "supports" Node 24: it still declares node20
    "actions/download-artifact": 7,  # likewise v5 and v6
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,  # v3 and v4 run upload-artifact v4 (Node 20) inside
    "actions/deploy-pages": 5,
}

# Commits of Node 20 releases seen pinned in the wild, whatever the comment
# beside them says.
NODE20_COMMITS = {
    "330a01c490aca151604b8cf639adc76d48f6c5d4": "actions/upload-artifact v5.0.0",
    "ea165f8d65b6e75b540449e92b4886f43607fa02": "actions/upload-artifact v4.6.2",
    "634f93cb2916e3fdff6788551b99b062d0335ce0": "actions/download-artifact v5.0.0",
    "11bd71901bbe5b1630ceea73d27597364c9af683": "actions/checkout v4.2.2",
    "a26af69be951a213d495a4c3e4e4022e16d87065": "actions/setup-python v5.6.0",
    "983d7736d9b0ae728b81ab479565c72886d7745b": "actions/configure-pages v5.0.0",
    "56afc609e74202658d3ffba0e8f6dda462b719fa": "actions/upload-pages-artifact v3 (upload-artifact v4 inside)",
    "d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e": "actions/deploy-pages v4.0.5",
}


def pins(path: Path) -> list[tuple[str, str, int]]:
    return [(m[1], m[2], int(m[3])) for m in USES.finditer(path.read_text(encoding="utf-8"))]


def all_uses(path: Path) -> list[str]:
    return re.findall(r"^\s*(?:-\s+)?uses:\s*(\S+)", path.read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_on_a_major_that_runs_on_node_24(path):
    found = pins(path)
    remote = [u for u in all_uses(path) if not u.startswith("./")]
    assert len(found) == len(remote), f"{path.name}: every action needs a full SHA and a '# vX.Y.Z' comment"
    for action, sha, major in found:
        assert action in NODE24_SINCE, (
            f"{path.name}: {action} is not in NODE24_SINCE: read its action.yml at {sha} and add the first "
            "major whose `runs.using` is node24 (for a composite action: whose inner actions all are)")
        assert major >= NODE24_SINCE[action], (
            f"{path.name}: {action} v{major} runs on Node 20 or older; move to v{NODE24_SINCE[action]} or later")
        assert sha not in NODE20_COMMITS, f"{path.name}: {sha} is {NODE20_COMMITS[sha]}, a Node 20 release"


def test_one_action_one_pin_across_the_workflows():
    seen: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for action, sha, _ in pins(path):
            seen.setdefault(action, set()).add(sha)
    assert {a: s for a, s in seen.items() if len(s) > 1} == {}


def test_the_rule_catches_the_pin_this_project_once_had():
    old = "      - uses: actions/upload-artifact@330a01c490aca151604b8cf639adc76d48f6c5d4 # v5.0.0\n"
    [(action, sha, major)] = [(m[1], m[2], int(m[3])) for m in USES.finditer(old)]
    assert major < NODE24_SINCE[action] and sha in NODE20_COMMITS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_reusable_workflows_are_called_in_the_form_every_host_accepts(path):
    for ref in all_uses(path):
        assert not ref.startswith("$/"), f"{path.name}: {ref}: write ./.github/workflows/... (actionlint, GHES)"


def test_dependabot_is_valid_against_its_schema():
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(DEPENDABOT)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_moves_actions_and_python_pins_weekly_in_groups():
    config = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        assert update["groups"]
    # Dependabot reads the exact pins where the installs take them from.
    assert (ROOT / updates["pip"]["directory"].lstrip("/") / "site.txt").is_file()
    ignored = {i["dependency-name"]: i for i in updates["pip"]["ignore"]}
    assert ignored["mkdocs"]["update-types"] == ["version-update:semver-major"]


def test_zizmor_finds_nothing_in_the_dependabot_config():
    # Its dependabot-cooldown audit: a release waits a week before it is proposed.
    result = subprocess.run([str(BIN / "zizmor"), "--offline", str(DEPENDABOT)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
