"""The CI workflows lint clean, call the same make targets people use, and keep the trust rules:
actions pinned by commit, write access only for the job that deploys what another job built,
installs from hashed requirements."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    found = Path(sys.executable).parent / "actionlint"
    return str(found) if found.exists() else (shutil.which("actionlint") or "actionlint")


def test_workflows_pass_actionlint():
    assert WORKFLOWS
    proc = subprocess.run([actionlint(), *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    assert subprocess.run([actionlint(), str(bad)], capture_output=True).returncode != 0


def run_steps(workflow: str) -> list[str]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8"))
    return [step.get("run", "") for job in data["jobs"].values() for step in job.get("steps", [])]


def test_pull_requests_run_the_make_targets_people_run():
    steps = "\n".join(run_steps("check.yml"))
    for target in ("make test", "make verify"):
        assert target in steps


def test_make_verify_is_the_whole_site_check():
    """Check, strict build, link check and the browser sweep, in that order."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nverify:", 1)[1].split("\n\n", 1)[0]
    order = ["plansite check --config", "mkdocs build --strict", "-m plansite.checks.linkcheck", "-m plansite.checks.browser_sweep"]
    assert all(step in recipe for step in order), recipe
    assert [recipe.index(step) for step in order] == sorted(recipe.index(step) for step in order)


def test_merges_publish_after_the_checks_one_at_a_time():
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert data["concurrency"]["cancel-in-progress"] is False
    assert data["jobs"]["check"]["uses"] == "./.github/workflows/check.yml"
    assert data["jobs"]["build"]["needs"] == "check"
    assert data["jobs"]["deploy"]["needs"] == "build"
    assert any("make publish-build REMOTE=origin" in step for step in run_steps("publish.yml"))


# --- Trust rules (issue 19): the job that runs contributed content holds no write token. ---

PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
TAG_COMMENT = re.compile(r"#\s*v\d+(\.\d+)*\s*$")
MAKE_TARGET = re.compile(r"\bmake\s+(?:-\S+\s+)*([\w-]+)")
DEPLOY_TARGET = "publish-deploy"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def uses_problems(path: Path) -> list[str]:
    """Every action pinned by full commit id, with its release tag in a comment on the same line."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    problems = []
    for name, job in data["jobs"].items():
        for uses in [job.get("uses")] + [step.get("uses") for step in job.get("steps", [])]:
            if not uses or uses.startswith("./"):
                continue  # none, or a workflow of this repository
            lines = [line for line in text.splitlines() if re.search(rf"uses:\s*{re.escape(uses)}(\s|$)", line)]
            if not PINNED.match(uses):
                problems.append(f"{path.name}: job {name}: {uses} is not pinned by a 40-hex commit id")
            elif not lines or not all(TAG_COMMENT.search(line) for line in lines):
                problems.append(f"{path.name}: job {name}: {uses} has no '# vX.Y.Z' tag comment")
    return problems


def permissions_of(data: dict, job: dict) -> dict:
    """The token's permissions in a job: its own, else the workflow's (never GitHub's default)."""
    permissions = job.get("permissions", data.get("permissions"))
    assert isinstance(permissions, dict), f"permissions must be listed, not {permissions!r}"
    return permissions


def run_text(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job.get("steps", []))


def run_text_of(path: Path) -> str:
    return "\n".join(run_text(job) for job in load(path)["jobs"].values())


def permission_problems(path: Path) -> list[str]:
    """Only a job whose one make target is the deploy may write, and only contents; a job that
    runs anything else through make (checks, builds) can only read."""
    data = load(path)
    problems = []
    for name, job in data["jobs"].items():
        permissions = permissions_of(data, job)
        writes = sorted(scope for scope, level in permissions.items() if level == "write")
        targets = MAKE_TARGET.findall(run_text(job))
        if "uses" in job and job["uses"].startswith("./"):
            targets.append(job["uses"])  # a called workflow runs make itself: it must not write
        if not writes:
            continue
        if writes != ["contents"]:
            problems.append(f"{path.name}: job {name} may write {', '.join(writes)}")
        if targets != [DEPLOY_TARGET]:
            problems.append(f"{path.name}: job {name} holds contents: write but runs {targets or 'no make target'}, "
                            f"not only make {DEPLOY_TARGET}")
        if re.search(r"\b(mkdocs|zensical|python|pip)\b", run_text(job)):
            problems.append(f"{path.name}: job {name} holds contents: write and runs a build tool")
    return problems


def pip_problems(text: str, where: str) -> list[str]:
    """Every pip install installs from hashed requirements, or (the generator itself, from
    this checkout) nothing from the package index: no dependencies, no build environment."""
    return [f"{where}: {line.strip()}" for line in text.splitlines()
            if re.search(r"pip\s+install", line) and not re.search(r"--require-hashes\s+-r\s+requirements[\w-]*\.txt", line)
            and not re.search(r"--no-deps --no-build-isolation --editable \.$", line.strip())]


def test_every_action_is_pinned_by_commit_with_its_tag():
    assert [problem for path in WORKFLOWS for problem in uses_problems(path)] == []
    assert any("uses: actions/checkout@" in path.read_text(encoding="utf-8") for path in WORKFLOWS)


def test_only_the_deploy_job_can_write_and_it_builds_nothing():
    assert [problem for path in WORKFLOWS for problem in permission_problems(path)] == []
    writers = [(path.name, name) for path in WORKFLOWS for name, job in load(path)["jobs"].items()
               if permissions_of(load(path), job).get("contents") == "write"]
    assert writers == [("publish.yml", "deploy")]


def test_the_jobs_that_run_content_through_the_generator_can_only_read():
    for path in WORKFLOWS:
        data = load(path)
        for name, job in data["jobs"].items():
            if name != "deploy":
                assert set(permissions_of(data, job).values()) == {"read"}, (path.name, name)
    check = load(ROOT / ".github" / "workflows" / "check.yml")
    assert check["permissions"] == {"contents": "read"}
    assert all("permissions" not in job or job["permissions"] == {"contents": "read"} for job in check["jobs"].values())


def test_publishing_builds_with_a_read_token_and_hands_the_site_on():
    data = load(ROOT / ".github" / "workflows" / "publish.yml")
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert build["needs"] == "check" and deploy["needs"] == "build"
    assert build["permissions"] == {"contents": "read"} and deploy["permissions"] == {"contents": "write"}
    assert MAKE_TARGET.findall(run_text(build)) == ["publish-build"]
    assert MAKE_TARGET.findall(run_text(deploy)) == [DEPLOY_TARGET]
    upload = next(step["with"] for step in build["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    download = next(step["with"] for step in deploy["steps"] if step.get("uses", "").startswith("actions/download-artifact@"))
    assert upload["name"] == download["name"] and upload["path"] == download["path"]
    assert f"OUT={upload['path']}" in run_text(build) and f"OUT={download['path']}" in run_text(deploy)
    # The build job keeps no token in .git/config for the generator's steps to find.
    checkout = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_every_install_uses_hashed_requirements():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert len(re.findall(r"pip install", makefile)) == 4
    problems = pip_problems(makefile, "Makefile")
    for path in WORKFLOWS:
        problems += pip_problems(run_text_of(path), path.name)
    assert problems == []


def test_the_trust_rules_catch_a_hostile_workflow(tmp_path):
    """Each rule above fails on the workflow that breaks it."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\npermissions: write-all\njobs:\n"
        "  build:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n      pages: write\n"
        "    steps:\n"
        "      - uses: actions/checkout@v6\n"
        "      - uses: actions/cache@0123456789abcdef0123456789abcdef01234567\n"
        "      - run: make publish-build REMOTE=origin OUT=x && make publish-deploy REMOTE=origin OUT=x\n"
        "      - run: pip install -r requirements.txt\n"
        "  deploy:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n"
        "    steps:\n      - run: .venv/bin/mkdocs build && make publish-deploy\n",
        encoding="utf-8",
    )
    assert uses_problems(bad) == [
        "bad.yml: job build: actions/checkout@v6 is not pinned by a 40-hex commit id",
        "bad.yml: job build: actions/cache@0123456789abcdef0123456789abcdef01234567 has no '# vX.Y.Z' tag comment",
    ]
    assert permission_problems(bad) == [
        "bad.yml: job build may write contents, pages",
        "bad.yml: job build holds contents: write but runs ['publish-build', 'publish-deploy'], not only make publish-deploy",
        "bad.yml: job build holds contents: write and runs a build tool",
        "bad.yml: job deploy holds contents: write and runs a build tool",
    ]
    assert pip_problems(run_text_of(bad), "bad.yml") == ["bad.yml: pip install -r requirements.txt"]
    unlisted = tmp_path / "unlisted.yml"
    unlisted.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make site\n",
                        encoding="utf-8")
    with pytest.raises(AssertionError, match="permissions must be listed"):
        permission_problems(unlisted)


def test_the_deploy_target_only_deploys():
    """What the job holding the write token runs: no check, no build, only the deploy half."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = makefile.split(f"\n{DEPLOY_TARGET}:", 1)[1].split("\n\n", 1)[0]
    commands = [line.strip() for line in rule.splitlines()[1:] if not line.strip().startswith("@")]
    assert rule.split("##")[0].split() == ["$(VENV)/.installed"]
    assert len(commands) == 1 and "-m plansite.release.publish" in commands[0] and "--deploy-from" in commands[0]
    assert not re.search(r"mkdocs |zensical|macros\.checks|--build-only", commands[0])
