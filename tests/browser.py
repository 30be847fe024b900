"""A real browser for the tests: Debian's Chromium driven by Playwright, and axe-core.

Chromium is ``/usr/bin/chromium`` (``.ci/run`` installs Debian's package; ``PMO_CHROMIUM``
names another); Playwright for Python drives it through ``executable_path``, so nothing is
downloaded. axe-core's ``axe.min.js`` is vendored at test time from the npm registry
(``npm pack``), pinned by version and SHA-256, into ``build/vendor``. Where either is
missing the tests say so and skip, except in CI (``CI`` set), where they fail: CI must
run them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
VENDOR = ROOT / "build" / "vendor"
#: The flags Chromium needs on these machines (no sandbox as root, no network chatter).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def unavailable(why: str) -> None:
    """Skip (fail in CI, which must have the browser) saying why."""
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI must run the browser tests: see .ci/run)")
    pytest.skip(why)


def chromium() -> str:
    """The Chromium executable, or skip."""
    path = os.environ.get("PMO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        unavailable(f"no Chromium at {path} (apt-get install chromium, or set PMO_CHROMIUM)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[dev]')")
    return path


def axe_source() -> str:
    """axe-core's axe.min.js, vendored from the npm registry on first use (or skip)."""
    target = VENDOR / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if not target.is_file():
        npm = shutil.which("npm")
        if npm is None:
            unavailable("npm is not installed: cannot vendor axe-core from the npm registry")
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run(
                [npm, "pack", f"axe-core@{AXE_VERSION}", "--silent", "--pack-destination", tmp],
                capture_output=True,
                text=True,
                timeout=300,
            )
            if done.returncode != 0:
                unavailable(f"npm pack axe-core@{AXE_VERSION} failed: {done.stderr.strip()}")
            with tarfile.open(Path(tmp) / f"axe-core-{AXE_VERSION}.tgz") as archive:
                member = archive.extractfile("package/axe.min.js")
                assert member is not None
                data = member.read()
        digest = hashlib.sha256(data).hexdigest()
        assert digest == AXE_SHA256, f"axe.min.js {AXE_VERSION} has SHA-256 {digest}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return target.read_text(encoding="utf-8")
