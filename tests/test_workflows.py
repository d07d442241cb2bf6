"""The GitHub workflows: actionlint and zizmor report nothing, they run the
README's commands through scripts/run.sh, they keep least privilege, run on
the right events, install the pinned versions in requirements/, build the site
once, and Publish keeps the plugin's cache between runs."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sysconfig
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
TESTS, PUBLISH, NEWEST = WORKFLOWS / "tests.yml", WORKFLOWS / "publish.yml", WORKFLOWS / "newest.yml"


RUN_SH = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PINNED_ENTRY = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)((?: \\\n\s+--hash=sha256:[0-9a-f]{64})+)$", re.M)


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


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def run_sh_case(name: str) -> str:
    return re.search(rf"^  {name}\)\n(.*?);;", RUN_SH, re.S | re.M)[1]


def pins(name: str) -> dict[str, tuple[str, str]]:
    """requirements/<name>.txt as {package: (version, hashes)}; every entry must be exact and hashed."""
    text = (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8")
    entries = {canonicalize_name(m[1]): (m[2], m[3]) for m in PINNED_ENTRY.finditer(text)}
    unhashed = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))
                and canonicalize_name(line.split("==")[0]) not in entries]
    assert entries and not unhashed, f"requirements/{name}.txt: entries without an exact version and hashes: {unhashed}"
    return entries


def parents(name: str) -> dict[str, set[str]]:
    """requirements/<name>.txt's `# via` notes: {package: what pulls it in}; "" is pyproject.toml."""
    found: dict[str, set[str]] = {}
    package = None
    for line in (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        if re.match(r"[A-Za-z0-9]", line):
            package = canonicalize_name(line.split("==")[0])
            found[package] = set()
        elif package and (via := re.match(r"\s+#\s+(?:via\s+)?(\S.*)$", line)) and via[1] != "via":
            parent = via[1].strip()
            found[package].add("" if parent.endswith("(pyproject.toml)") else canonicalize_name(parent.removeprefix("-c ")))
    return found


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
    """On the workflows and on Dependabot's configuration."""
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--strict-collection", "--format", "json",
                             str(ROOT / ".github")],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    findings = json.loads(result.stdout or "[]")
    assert [(f["ident"], f["desc"]) for f in findings] == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_the_workflows_run_the_readme_commands_through_one_script():
    commands = readme_commands()
    assert commands == ["bash scripts/run.sh site", "bash scripts/run.sh test"]
    assert run_steps(load(TESTS)) == ["bash scripts/run.sh test"]  # it builds the site strictly too, once
    assert run_steps(load(PUBLISH)).count("bash scripts/run.sh site") == 1
    assert run_steps(load(NEWEST)).count("bash scripts/run.sh newest") == 1
    for step in run_steps(load(TESTS)) + run_steps(load(PUBLISH)) + run_steps(load(NEWEST)):
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
    assert "run_tests" in run_sh_case("test") and "run_tests" in run_sh_case("newest")
    run_tests = re.search(r"^run_tests\(\) \{\n(.*?)^\}", RUN_SH, re.S | re.M)[1]
    assert re.search(r"python3 -m generator check --strict.*\n\s*python3 -m pytest", run_tests), run_tests


def test_the_triggers():
    """Publish: pushes to the default branch, dispatch, daily; Tests: every branch's pushes
    (no tags) and pull requests; the newest versions: weekly and on dispatch."""
    assert triggers(load(PUBLISH)) == {"push": {"branches": ["main"]}, "workflow_dispatch": None,
                                       "schedule": [{"cron": "30 5 * * *"}]}
    assert triggers(load(TESTS)) == {"push": {"branches": ["**"]}, "pull_request": None}
    newest = triggers(load(NEWEST))
    assert set(newest) == {"schedule", "workflow_dispatch"}
    (schedule,) = newest["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "weekly: one day of the week"


def test_every_action_is_pinned_by_commit():
    for path in WORKFLOWS.glob("*.yml"):
        for job in load(path)["jobs"].values():
            for step in job.get("steps", ()):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), (path.name, step["uses"])


def test_the_pins_are_exact_hashed_and_inside_the_ranges():
    site, test = pins("site"), pins("test")
    assert {name: site[name] for name in site} == {name: test[name] for name in site}, \
        "requirements/site.txt pins what requirements/test.txt pins, hashes included"
    dependencies, test_extra = PYPROJECT["dependencies"], PYPROJECT["optional-dependencies"]["test"]
    for requirements, pinned, name in ((dependencies, site, "site"), (dependencies + test_extra, test, "test")):
        for requirement in map(Requirement, requirements):
            key = canonicalize_name(requirement.name)
            assert key in pinned, f"{requirement} is not in requirements/{name}.txt: run bash requirements/compile.sh"
            assert requirement.specifier.contains(pinned[key][0], prereleases=True), \
                f"requirements/{name}.txt pins {key}=={pinned[key][0]}, outside {requirement}: run bash requirements/compile.sh"


def test_the_site_command_installs_no_test_tools():
    """The site command installs requirements/site.txt in hash-checking mode (pip refuses anything
    not in it), then the project without dependencies; that file holds what the project's
    dependencies pull in and none of the test tools or what only they need."""
    assert setup_python_body() == ['pip_install --require-hashes -r "requirements/$1.txt"', "pip_install --no-deps -e ."]
    assert run_sh_case("site").splitlines()[0].strip() == "setup_python site"
    assert run_sh_case("serve").splitlines()[0].strip() == "setup_python site"
    assert run_sh_case("test").splitlines()[0].strip() == "setup_python test"
    pulled_in_by = parents("test")
    needed = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["dependencies"]}
    while grown := {name for name, by in pulled_in_by.items() if by & needed} - needed:
        needed |= grown
    test_tools = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["optional-dependencies"]["test"]}
    assert test_tools & needed == set()
    assert set(pins("site")) == needed, "the site's pins are what the project's dependencies pull in, nothing else"


def setup_python_body() -> list[str]:
    body = re.search(r"^setup_python\(\) \{.*?\n(.*?)^\}", RUN_SH, re.S | re.M)[1]
    return [line.strip() for line in body.splitlines() if line.strip()]


def test_the_workflows_install_from_the_pinned_files():
    """Tests and Publish go through scripts/run.sh (pinned, above) or install requirements/*.txt
    with hashes; only the weekly job takes the newest versions the ranges allow."""
    installs = [line.strip() for path in (TESTS, PUBLISH) for step in run_steps(load(path))
                for line in step.splitlines() if "pip install" in line]
    assert installs, "Publish's fetch job installs the pins itself"
    for line in installs:
        assert re.search(r"--require-hashes -r requirements/(site|test)\.txt$", line) or line.endswith("--no-deps -e ."), line
    assert [case for case in ("site", "test", "serve", "newest") if "pip_install" in run_sh_case(case)] == ["newest"]
    for path in (TESTS, PUBLISH):
        for job in load(path)["jobs"].values():
            for step in job.get("steps", ()):
                if step.get("uses", "").startswith(("actions/setup-python@", "actions/cache@")):
                    cache_inputs = str(step["with"].get("cache-dependency-path", step["with"].get("key")))
                    assert "pyproject.toml" not in cache_inputs


def test_publish_keeps_the_plugins_cache_folder():
    """actions/cache restores and saves the plugin's whole cache_dir (digests read, classifications,
    search terms, generated pages and their HTML: a daily build then redoes only the new day), under a name that changes with the generator, the taxonomy, the templates,
    the config and the pins."""
    plugin = next(entry["paper-archive"] for entry in yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                                                                  Loader=MkDocsLoader)["plugins"]
                  if isinstance(entry, dict) and "paper-archive" in entry)
    steps = load(PUBLISH)["jobs"]["build"]["steps"]
    (cache,) = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    naming = next(step for step in steps if step.get("id") == "cache-name")
    build = next(step for step in steps if step.get("run") == "bash scripts/run.sh site")
    assert plugin["cache_dir"] == ".cache/paper-archive"
    assert cache["with"]["path"] == plugin["cache_dir"]
    assert "PAPER_ARCHIVE_CACHE" not in build.get("env", {})
    assert steps.index(naming) < steps.index(cache) < steps.index(build)
    for inputs in ("generator/**", "overrides/**", "mkdocs.yml", "*.yaml", "requirements/site.txt"):
        assert f"'{inputs}'" in naming["env"]["INPUTS"]
    assert cache["with"]["key"] == "${{ steps.cache-name.outputs.prefix }}${{ github.run_id }}"
    assert cache["with"]["restore-keys"] == "${{ steps.cache-name.outputs.prefix }}"


class MkDocsLoader(yaml.SafeLoader):
    """mkdocs.yml's !ENV [VARIABLE, default] read as its default."""


MkDocsLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def test_every_publish_run_writes_a_job_summary():
    jobs = load(PUBLISH)["jobs"]
    steps = jobs["build"]["steps"]
    (summary,) = [step for step in steps if "scripts/ci_summary.py publish" in step.get("run", "")]
    build = next(step for step in steps if step.get("run") == "bash scripts/run.sh site")
    assert steps.index(build) < steps.index(summary) and summary["if"] == "${{ !cancelled() }}"
    assert '--summary-file "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert summary["env"]["FETCH_LINE"] == "${{ needs.fetch.outputs.line }}"
    fetch = next(step for step in jobs["fetch"]["steps"] if step.get("id") == "fetch")
    assert 'scripts/ci_summary.py fetch fetch.log "$status" >> "$GITHUB_STEP_SUMMARY"' in fetch["run"]
