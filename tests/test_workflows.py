"""GitHub workflows and pre-commit hooks: what runs on a stranger's pull request stays harmless."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
PULL_REQUEST_EVENTS = {
    "pull_request",
    "pull_request_target",
    "pull_request_review",
    "issue_comment",
}


@cache
def load(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def triggers(workflow: dict[Any, Any]) -> set[str]:
    # YAML 1.1 reads the key `on` as the boolean true.
    events = workflow.get("on", workflow.get(True))
    if isinstance(events, str):
        return {events}
    return set(events or ())


def runs_for_pull_requests(path: Path) -> bool:
    return bool(triggers(load(path)) & PULL_REQUEST_EVENTS)


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_are_the_three_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["drift.yml", "publish.yml", "validate.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_uses_pull_request_target(path: Path) -> None:
    # It runs with a write token and secrets in the context of the base repository: checking
    # out a contributor's code there hands them both. Comments may name it; the YAML may not.
    assert "pull_request_target" not in yaml.safe_dump(load(path))


@pytest.mark.parametrize(
    "path", [p for p in WORKFLOWS if runs_for_pull_requests(p)], ids=lambda p: p.name
)
def test_pull_request_workflows_are_read_only_and_secret_free(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert set(job.get("permissions", {}).values()) <= {"read", "none"}, name
    assert "secrets." not in path.read_text(encoding="utf-8")
    for step in steps(workflow):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_run_step_expands_expressions(path: Path) -> None:
    # Titles, branch names, bodies and inputs are chosen by others: expanded into a shell
    # script they become code. Values reach scripts through `env:` instead.
    for step in steps(load(path)):
        assert "${{" not in str(step.get("run", "")), step.get("name")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit(path: Path) -> None:
    for step in steps(load(path)):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


def make_targets() -> set[str]:
    """Targets of the Makefile with its ``NAME := value`` variables expanded."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    variables = dict(re.findall(r"^(\w+)\s*:?=\s*(\S+)", text, re.MULTILINE))

    def expand(name: str) -> str:
        while "$(" in name:
            name = re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), ""), name)
        return name

    return {expand(t) for t in re.findall(r"^([\w.$()/-]+):(?!=)", text, re.MULTILINE)}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_make_targets_exist(path: Path) -> None:
    targets = make_targets()
    for step in steps(load(path)):
        for target in re.findall(r"\bmake\s+([\w./-]+)", str(step.get("run", ""))):
            assert target in targets, target


def test_the_pull_request_workflow_validates_builds_and_uploads() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "validate.yml")
    assert triggers(workflow) == {"pull_request"}
    runs = [str(step.get("run", "")) for step in steps(workflow)]
    assert ".venv/bin/casebook validate --format github" in runs
    assert runs.index(".venv/bin/casebook validate --format github") < runs.index("make site")
    # The artifact is the preview: drafts included, the changed files listed on its home page.
    preview = "make preview CHANGED=build/changed-files.txt"
    assert runs.index("make site") < runs.index(preview)
    assert any("> build/changed-files.txt" in run for run in runs[: runs.index(preview)])
    upload = next(s for s in steps(workflow) if "upload-artifact" in str(s.get("uses")))
    assert upload["with"]["path"] == "build/preview/site/"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--preview $(if $(CHANGED),--changed $(CHANGED)) -d $(PREVIEW_SITE)" in makefile
    assert "PREVIEW_SITE := build/preview/site" in makefile


def test_only_pushes_to_main_and_editors_publish() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "publish.yml")
    assert workflow[True]["push"] == {"branches": ["main"]}
    assert set(workflow[True]) == {"push", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "write"}
    runs = "\n".join(str(step.get("run", "")) for step in steps(workflow))
    assert runs.index("make site") < runs.index("make deploy-main PUSH=1")
    assert 'make publish EDITION="$EDITION" PUSH=1' in runs
    # The typed edition id is checked against the editions file before make ever reads it.
    assert runs.index('casebook edition check -- "$EDITION"') < runs.index("make publish")
    # The working collection never moves the editions' alias or the default version.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndeploy-main:", 1)[1].split("\n\n", 1)[0]
    assert "casebook deploy" in recipe  # version main, then the branch's root pages
    assert "latest" not in recipe and "set-default" not in recipe


def test_the_pre_commit_hook_validates_changed_content() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [local] = [repo for repo in config["repos"] if repo["repo"] == "local"]
    [used] = [h for h in local["hooks"] if h["id"] == hook["id"]]
    assert hook["id"] == "casebook-validate"
    for definition in (hook, used):
        assert definition["entry"].endswith("casebook validate")
        assert definition["pass_filenames"] is True and definition["require_serial"] is True
        files = re.compile(definition["files"])
        assert files.search("content/cases/kenya-iot-soil-sensors.md")
        assert files.search("content/courses/digital-transformation-for-smes/01-why-digital.md")
        assert not files.search("casebook/cli.py")
        assert not files.search("tests/corpus/hostile/cases/script-tag.md")


def test_make_publish_checks_before_it_builds() -> None:
    """A second publish, or one with the placeholder address, is refused before the offline
    build and mike run."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\npublish:", 1)[1].split("\n\n", 1)[0]
    assert recipe.index("casebook edition check $(EDITION)") < recipe.index("$(MAKE) offline")
    assert recipe.index("$(MAKE) offline") < recipe.index("casebook edition publish")


def test_the_publish_workflow_gives_the_site_address_and_repository() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "publish.yml")
    assert workflow["jobs"]["publish"]["env"] == {
        "CASEBOOK_SITE_URL": "${{ vars.CASEBOOK_SITE_URL }}",
        # The repository the workflow runs in, unless the editors set another.
        "CASEBOOK_REPOSITORY": "${{ vars.CASEBOOK_REPOSITORY || "
        "format('{0}/{1}', github.server_url, github.repository) }}",
    }
