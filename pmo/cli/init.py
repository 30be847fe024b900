"""``pmo init``: a new records repository that validates, with its pre-commit hook and CI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pmo.cli.common import app, fail


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="Where to create the repository (default: here).", metavar="DIR")
    ] = Path("."),
    name: Annotated[
        str,
        typer.Option("--name", help="The programme office's name, for pmo.yaml.", metavar="NAME"),
    ] = "Programme Office",
    install: Annotated[
        str | None,
        typer.Option(
            "--install",
            help="What the CI workflow gives pip install to get pmo, e.g. "
            '"pmo-toolkit @ git+https://github.com/ORG/pmo@v0.2.0"; default: the way '
            "this pmo was installed.",
            metavar="SPEC",
        ),
    ] = None,
) -> None:
    """Create a records repository: pmo.yaml, people, a programme, a project, CI and hooks.

    Runs git init unless the folder is already in a git repository. The pre-commit hook
    runs the pmo installed on the machine (offline); the GitHub workflow installs pmo the
    way it was installed here (a git URL at its commit, a wheel) unless --install says
    otherwise. Refuses to overwrite anything: every file must be new.

    Example: pmo init my-programme --name "CSW Programme Office"
    """
    from pmo.edit.scaffold import Install, ScaffoldError, git_init, init_repo, install_spec

    if directory.exists() and not directory.is_dir():
        fail(f"{directory} is not a folder")
    how = Install(install) if install else install_spec()
    try:
        written = init_repo(directory, name=name, install=how)
    except ScaffoldError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot create the repository: {exc.strerror or exc}")
    for rel in written:
        print(f"created {(directory / rel).as_posix()}")
    print(f"{directory.as_posix()}: {git_init(directory)}")
    if how is None:
        print(
            "pmo: warning: this pmo was installed from a folder CI cannot reach; edit the "
            "pip install line of .github/workflows/pmo.yml (or run pmo init --install SPEC)",
            file=sys.stderr,
        )
    print(
        f"next: cd {directory.as_posix()} && pmo validate && pre-commit install",
        file=sys.stderr,
    )
