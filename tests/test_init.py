"""``pmo init`` as a newcomer meets it: a git repository whose hook and CI work as generated."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pmo import DISTRIBUTION, __version__
from pmo.cli import app
from pmo.edit.scaffold import PLACEHOLDER, WHEEL_DIR, Install, install_spec

ROOT = Path(__file__).resolve().parent.parent


def _offline() -> list[str]:
    """A prefix that runs a command with no network at all, where the machine allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn"]
    return []


def _env(tmp_path: Path) -> dict[str, str]:
    """No network (proxies that go nowhere, no package index, git over local files only),
    an empty pre-commit store, and this venv's ``pmo`` first on the PATH."""
    dead = "http://127.0.0.1:9"
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-store"),
        "HOME": str(tmp_path / "home"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Programme Office", "GIT_AUTHOR_EMAIL": "pmo@example.org",
        "GIT_COMMITTER_NAME": "Programme Office", "GIT_COMMITTER_EMAIL": "pmo@example.org",
        "GIT_ALLOW_PROTOCOL": "file",
        "http_proxy": dead, "https_proxy": dead, "HTTP_PROXY": dead, "HTTPS_PROXY": dead,
        "PIP_NO_INDEX": "1",
    }  # fmt: skip


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_offline(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_init_then_commit_through_the_hook_offline(tmp_path: Path, runner: CliRunner) -> None:
    dest = tmp_path / "office"
    dest.mkdir()
    result = runner.invoke(app, ["init", str(dest)])
    assert result.exit_code == 0, result.output
    assert "initialised a git repository" in result.stdout
    assert (dest / ".git").is_dir()
    assert "build/" in (dest / ".gitignore").read_text().splitlines()

    env = _env(tmp_path)
    (tmp_path / "home").mkdir()
    installed = _run([sys.executable, "-m", "pre_commit", "install"], dest, env)
    assert installed.returncode == 0, installed.stderr
    _run(["git", "add", "-A"], dest, env)
    first = _run(["git", "commit", "-m", "A new records repository"], dest, env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "pmo validate" in first.stderr and "Passed" in first.stderr

    # A mistake is stopped at the commit, at file:line, and nothing is committed.
    setup = dest / "records/example/setup.yaml"
    setup.write_text(setup.read_text().replace("lead: programme-manager", "lead: nobody"))
    _run(["git", "add", "-A"], dest, env)
    second = _run(["git", "commit", "-m", "A mistake"], dest, env)
    assert second.returncode != 0
    said = second.stdout + second.stderr
    assert "records/example/setup.yaml:" in said and "Failed" in said
    assert "unknown-reference person 'nobody' does not exist" in said
    log = _run(["git", "log", "--format=%s"], dest, env)
    assert log.stdout.splitlines() == ["A new records repository"]


def test_init_inside_a_repository_leaves_git_alone(tmp_path: Path, runner: CliRunner) -> None:
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    result = runner.invoke(app, ["init", str(tmp_path / "office")])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "office/.git").exists()
    assert f"inside the git repository at {tmp_path.resolve()}" in result.stdout


def _workflow(dest: Path) -> dict[str, Any]:
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load((dest / ".github/workflows/pmo.yml").read_text())
    return data


def _check_workflow(dest: Path, runner: CliRunner) -> str:
    """Every step of the generated workflow is a known action or a command that exists and
    runs; returns what it gives pip install."""
    from packaging.requirements import Requirement

    flow = _workflow(dest)
    assert set(flow["on"]) == {"push", "pull_request"}
    assert set(flow["jobs"]) == {"validate", "site"}
    validate, site = flow["jobs"]["validate"], flow["jobs"]["site"]

    def run(steps: list[dict[str, Any]]) -> str:
        """Check the steps that run commands (pip, then pmo: each runs here); the spec."""
        spec = ""
        for step in steps:
            assert set(step) == {"run"}
            command = shlex.split(step["run"])
            if command[0] == "pip":
                assert command[1] == "install" and len(command) == 3
                spec = command[2]
                if spec.endswith(".whl"):
                    assert (dest / spec).is_file()
                else:
                    assert Requirement(spec).name == DISTRIBUTION
            else:
                assert command[0] == "pmo", f"unknown command in the workflow: {command}"
                result = runner.invoke(app, command[1:], catch_exceptions=False)
                assert result.exit_code == 0, result.output
        assert [shlex.split(s["run"])[0] for s in steps] == ["pip", "pmo"]
        return spec

    checkout, python, *runs = validate["steps"]
    assert checkout == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert python["uses"] == "actions/setup-python@v5"
    assert float(python["with"]["python-version"]) >= 3.11
    spec = run(runs)
    assert "--format github" in runs[-1]["run"]

    # The site job: off until a repository variable turns it on, and only for a push to
    # the default branch; it builds the site (run here) and deploys it to GitHub Pages.
    assert site["needs"] == "validate"
    assert site["if"].startswith("vars.PMO_PUBLISH_SITE == 'true' && ")
    assert "github.event_name == 'push'" in site["if"]
    assert site["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert site["environment"]["name"] == "github-pages"
    checkout, python, cache, *runs, upload, deploy = site["steps"]
    assert checkout == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert python == validate["steps"][1]
    assert cache["uses"] == "actions/cache@v4" and cache["with"]["path"] == "build/site"
    assert run(runs) == spec
    assert runs[-1]["run"] == "pmo site -o build/site"
    assert (dest / "build/site/index.html").is_file()
    assert upload == {"uses": "actions/upload-pages-artifact@v3", "with": {"path": "build/site"}}
    assert deploy == {"id": "deployment", "uses": "actions/deploy-pages@v4"}
    return spec


def test_the_workflow_runs_as_generated(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "office"
    spec = "pmo-toolkit @ git+https://git.example/org/pmo@0123456789abcdef"
    assert runner.invoke(app, ["init", str(dest), "--install", spec]).exit_code == 0
    monkeypatch.chdir(dest)  # the workflow runs at the top of the checkout
    assert _check_workflow(dest, runner) == spec


def test_without_a_known_source_the_workflow_says_where_to_edit(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmo.edit.scaffold

    monkeypatch.setattr(pmo.edit.scaffold, "install_spec", lambda: None)
    dest = tmp_path / "office"
    result = runner.invoke(app, ["init", str(dest)])
    assert result.exit_code == 0
    assert "edit the pip install line of .github/workflows/pmo.yml" in result.stderr
    monkeypatch.chdir(dest)
    assert _check_workflow(dest, runner) == PLACEHOLDER


class _Dist:
    version = "0.2.0"

    def __init__(self, direct: dict[str, Any] | None) -> None:
        self.direct = direct

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return None if self.direct is None else json.dumps(self.direct)


@pytest.mark.parametrize(
    ("direct", "spec"),
    [
        (  # pip install "pmo-toolkit @ git+https://...@v0.2.0": that commit, exactly
            {"url": "https://git.example/org/pmo", "vcs_info": {"vcs": "git",
             "commit_id": "4f3e2a1b", "requested_revision": "v0.2.0"}},
            "pmo-toolkit @ git+https://git.example/org/pmo@4f3e2a1b",
        ),
        (  # a token in the URL is never written into the repository
            {"url": "https://me:s3cret@git.example/org/pmo",
             "vcs_info": {"vcs": "git", "commit_id": "4f3e2a1b"}},
            "pmo-toolkit @ git+https://git.example/org/pmo@4f3e2a1b",
        ),
        (
            {"url": "ssh://git@git.example/org/pmo", "vcs_info": {"vcs": "git",
             "commit_id": "4f3e2a1b"}},
            "pmo-toolkit @ git+ssh://git@git.example/org/pmo@4f3e2a1b",
        ),
        (  # a wheel on a web server
            {"url": "https://files.example/pmo_toolkit-0.2.0-py3-none-any.whl",
             "archive_info": {}},
            "pmo-toolkit @ https://files.example/pmo_toolkit-0.2.0-py3-none-any.whl",
        ),
        (None, "pmo-toolkit==0.2.0"),  # from a package index
        ({"url": "file:///home/me/pmo", "dir_info": {"editable": True}}, None),  # a checkout
        ({"url": "https://hg.example/pmo", "vcs_info": {"vcs": "hg", "commit_id": "1"}}, None),
    ],
)  # fmt: skip
def test_the_workflow_installs_pmo_as_it_was_installed(
    direct: dict[str, Any] | None, spec: str | None
) -> None:
    found = install_spec(_Dist(direct))
    assert (found.spec if found else None) == spec


def test_a_wheel_file_is_copied_into_the_repository_for_ci(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmo.edit.scaffold

    wheel = tmp_path / f"pmo_toolkit-{__version__}-py3-none-any.whl"
    wheel.write_bytes(b"PK\x05\x06" + bytes(18))  # (an empty zip stands in for the wheel)
    found = install_spec(_Dist({"url": wheel.as_uri(), "archive_info": {}}))
    assert found == Install(f"{WHEEL_DIR}/{wheel.name}", wheel)
    monkeypatch.setattr(pmo.edit.scaffold, "install_spec", lambda: found)
    dest = tmp_path / "office"
    assert runner.invoke(app, ["init", str(dest)]).exit_code == 0
    assert (dest / WHEEL_DIR / wheel.name).read_bytes() == wheel.read_bytes()
    monkeypatch.chdir(dest)
    assert _check_workflow(dest, runner) == f"{WHEEL_DIR}/{wheel.name}"
