"""A template cannot take the machine: each time, memory, depth or size breach is a clear
``template-error`` at its file and line, never a hang, a traceback or exhausted memory; and
templates (and a paper's Word reference) are read only as regular files in the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pmo.sandbox
from pmo.cli import app
from tests.test_paper import make_repo

#: name → (template, the line the error is at, what the message says)
BREACHES = {
    "tilde-doubling": (
        "{% set ns = namespace(s='x') %}\n"
        "{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}\n{{ ns.s|length }}",
        2,
        "MiB of memory",
    ),
    "center": ("a\n{{ 'x'|center(10**12) }}", 2, "the most is 1,000,000"),
    "format-filter": ("{{ '%0999999999d'|format(1) }}", 1, "a % format would make"),
    "format-operator": ("\n\n{{ '%0999999999d' % 1 }}", 3, "a % format would make"),
    "format-star": ("{{ '%*d'|format(999999999, 1) }}", 1, "a % format would make"),
    "join": ("{{ (['x'*100000]*100000)|join }}", 1, "join would make"),
    "slice": ("{{ [1, 2]|slice(10**9)|list|length }}", 1, "slice into 1,000,000,000 parts"),
    "batch": ("{{ [1]|batch(10**9, 'x')|list|length }}", 1, "batches of"),
    "ljust-method": ("{{ 'x'.ljust(10**9) }}", 1, "ljust() would make"),
    "replace-method": ("{{ ('x'*100000).replace('', 'y'*1000) }}", 1, "replace() would make"),
    "str-format-method": ("{{ '{:>999999999}'.format(1) }}", 1, "MiB of memory"),
    "recursive-macro": (
        "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}\n{{ m(1) }}",
        1,
        "calls nested more than 40 deep",
    ),
    "recursive-loop": (
        "{% for x in [[1]] recursive %}{{ loop([x]) }}{% endfor %}",
        1,
        "calls nested more than 40 deep",
    ),
    "self-include": ("x\n{% include 'board-paper.md.j2' %}", 2, "nested too deep"),
    "nested-loops": (
        "ok\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        2,
        "seconds of processor time",
    ),
    "nested-loops-printing": (
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
        1,
        "seconds of processor time",
    ),
}


@pytest.mark.parametrize("name", list(BREACHES))
def test_each_breach_is_a_template_error_at_its_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    source, line, message = BREACHES[name]
    monkeypatch.setattr(pmo.sandbox, "CPU_SECONDS", 1.0)
    root = make_repo(tmp_path / "repo", **{"templates/board-paper.md.j2": source + "\n"})
    result = runner.invoke(app, ["paper", "p-2", "--root", str(root)])
    assert result.exit_code == 1, (result.stdout[:200], result.exception)
    path = root / "templates" / "board-paper.md.j2"
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{line}: error: template-error "), first
    assert message in first
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_budgets_are_put_back(runner: CliRunner, tmp_path: Path) -> None:
    import resource
    import signal

    before = resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGPROF)
    root = make_repo(tmp_path / "repo", **{"templates/board-paper.md.j2": "{{ 'x'*10 }}\n"})
    result = runner.invoke(app, ["paper", "p-2", "--root", str(root)])
    assert result.exit_code == 0 and result.stdout == "xxxxxxxxxx\n"
    assert (resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGPROF)) == before
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    big = [[str(i)] * 10 for i in range(100)]
    assert "9" in "".join("".join(row) for row in big)  # memory is usable again


def test_a_long_but_honest_output_is_fine(runner: CliRunner, tmp_path: Path) -> None:
    source = "{% for i in range(20000) %}{{ i|string|center(20) }}\n{% endfor %}"
    root = make_repo(tmp_path / "repo", **{"templates/board-paper.md.j2": source})
    result = runner.invoke(app, ["paper", "p-2", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 20000


# ---- what a template may read -----------------------------------------------------------


def _paper(runner: CliRunner, root: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["paper", "p-2", "--root", str(root)])
    return result.exit_code, result.stdout, result.stderr


def test_a_template_that_is_a_link_is_not_read(runner: CliRunner, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET {{ 1 }}", encoding="utf-8")
    root = make_repo(tmp_path / "repo")
    (root / "templates").mkdir()
    (root / "templates" / "board-paper.md.j2").symlink_to(secret)
    code, out, err = _paper(runner, root)
    assert code == 1 and "TOP SECRET" not in out
    assert "template-error" in err and "symbolic link" in err


def test_an_included_link_is_not_read(runner: CliRunner, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    root = make_repo(
        tmp_path / "repo", **{"templates/board-paper.md.j2": "a\n{% include 'leak.md.j2' %}\n"}
    )
    (root / "templates" / "leak.md.j2").symlink_to(secret)
    code, out, err = _paper(runner, root)
    assert code == 1 and "TOP SECRET" not in out
    assert f"{root / 'templates' / 'board-paper.md.j2'}:2: error: template-error" in err
    assert "leak.md.j2: this is a symbolic link" in err


def test_a_templates_folder_that_is_a_link_is_not_read(runner: CliRunner, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "board-paper.md.j2").write_text("TOP SECRET\n", encoding="utf-8")
    root = make_repo(tmp_path / "repo")
    (root / "templates").symlink_to(elsewhere)
    code, out, err = _paper(runner, root)
    assert code == 1 and "TOP SECRET" not in out and "symbolic link" in err


def test_a_template_that_is_a_pipe_does_not_hang(runner: CliRunner, tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "templates").mkdir()
    os.mkfifo(root / "templates" / "board-paper.md.j2")
    code, _, err = _paper(runner, root)
    assert code == 1 and "named pipe" in err


def test_a_reference_document_outside_the_repository_is_not_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    from pmo.documents.docx import builtin_reference

    outside = tmp_path / "outside.docx"
    outside.write_bytes(builtin_reference().read_bytes())
    for reference in (str(outside), "../outside.docx", "styles/link.docx"):
        root = make_repo(tmp_path / f"repo-{len(reference)}")
        paper = root / "records" / "p-2.yaml"
        paper.write_text(
            paper.read_text(encoding="utf-8") + f"reference: {reference}\n", encoding="utf-8"
        )
        (root / "styles").mkdir()
        (root / "styles" / "link.docx").symlink_to(outside)
        out = tmp_path / "p.docx"
        args = ["paper", "p-2", "--to", "docx", "-o", str(out), "--root", str(root)]
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (reference, result.output)
        assert "reference document" in result.stderr
        assert "inside the repository" in result.stderr or "symbolic link" in result.stderr
