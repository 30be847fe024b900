"""The load progress bar: only for a person at a terminal, only once a load is slow."""

from __future__ import annotations

import io

import pytest

from pmo import progress
from pmo.progress import Progress


def test_no_bar_when_piped_or_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", io.StringIO())
    monkeypatch.delenv("CI", raising=False)
    assert not progress.interactive()
    monkeypatch.setattr(progress, "DELAY", 0.0)
    with Progress(10, "Reading") as bar:
        for _ in range(5):
            bar.advance()
        assert bar._bar is None
        assert bar.done == 5


def test_ci_turns_the_bar_off_even_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", Tty())
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert progress.interactive()
    monkeypatch.setenv("CI", "true")
    assert not progress.interactive()


def test_a_slow_load_at_a_terminal_draws_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "interactive", lambda: True)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    with Progress(3, "Reading records") as bar:
        bar.advance()
        assert bar._bar is not None
        bar.advance(2)
    assert bar._bar is None  # stopped and cleared on exit


def test_a_fast_load_draws_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "interactive", lambda: True)
    monkeypatch.setattr(progress, "DELAY", 3600.0)
    with Progress(3, "Reading records") as bar:
        bar.advance(3)
        assert bar._bar is None
