"""The start-up floor of every Typer CLI: a minimal one-command app that prints a line."""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False)


@app.command()
def hello() -> None:
    """Print a line."""
    print("hello")


if __name__ == "__main__":
    app()
