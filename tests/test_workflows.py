"""The GitHub workflows: actionlint and zizmor report nothing, they run the
README's commands through scripts/run.sh, and they keep least privilege."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
TESTS, PUBLISH = WORKFLOWS / "tests.yml", WORKFLOWS / "publish.yml"


def tool(name: str) -> str:
    """The linter installed with the test extra (next to this Python first, then PATH)."""
    here = Path(sysconfig.get_path("scripts")) / name
    found = str(here) if here.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run_steps(workflow: dict) -> list[str]:
    return [step["run"].strip() for job in workflow["jobs"].values()
            for step in job.get("steps", ()) if "run" in step]


def readme_commands() -> list[str]:
    """The commands of the README's first bash block, without their comments."""
    block = re.search(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert block, "README.md has no bash block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.split("#")[0].strip()]


def test_actionlint_reports_nothing():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    result = subprocess.run([tool("actionlint"), "-no-color", "-oneline", *files],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_zizmor_reports_nothing():
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--format", "json", str(WORKFLOWS)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    findings = json.loads(result.stdout or "[]")
    assert [(f["ident"], f["desc"]) for f in findings] == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_the_workflows_run_the_readme_commands_through_one_script():
    commands = readme_commands()
    assert commands == ["bash scripts/run.sh site", "bash scripts/run.sh test"]
    assert set(commands) <= set(run_steps(load(TESTS)))
    assert "bash scripts/run.sh site" in run_steps(load(PUBLISH))
    for step in run_steps(load(TESTS)) + run_steps(load(PUBLISH)):
        assert not re.search(r"\b(pytest|mkdocs)\b", step), f"runs a tool around scripts/run.sh: {step}"


def test_publish_keeps_least_privilege_and_one_deploy_at_a_time():
    workflow = load(PUBLISH)
    jobs = workflow["jobs"]
    assert workflow["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["fetch"]["permissions"] == {"contents": "write"}
    assert {name for name, job in jobs.items() if "write" in job.get("permissions", {}).values()} == {"fetch", "deploy"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert "vars.DAILY_FETCH == 'true'" in jobs["fetch"]["if"]


@pytest.mark.parametrize("path", [TESTS, PUBLISH], ids=lambda p: p.name)
def test_no_owner_or_site_address_is_written(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"github\.io|github\.com/[\w.-]+/", text)
    if path == PUBLISH:
        build = load(PUBLISH)["jobs"]["build"]
        (site_step,) = [step for step in build["steps"] if step.get("run") == "bash scripts/run.sh site"]
        assert site_step["env"] == {"SITE_URL": "${{ steps.pages.outputs.base_url }}"}


def test_ci_checks_the_digests_strictly_before_the_tests():
    """.ci/run runs `scripts/run.sh test`, which fails on any digest warning before pytest starts."""
    assert "bash scripts/run.sh test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    script = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    test_case = re.search(r"^  test\)\n(.*?);;", script, re.S | re.M)[1]
    assert re.search(r"python3 -m generator check --strict.*\n\s*python3 -m pytest", test_case), test_case
