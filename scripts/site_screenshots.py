"""Take the screenshots of `pmo site` (README, docs/reference.md) in headless Chromium.

Writes docs/images/site-status.png (the status page, desktop), site-project.png (a project
page, desktop) and site-phone.png (the status page on a phone). Needs Debian's Chromium
(`apt-get install chromium`) and Playwright for Python (the dev extras).
Run: python scripts/site_screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: (file, page, viewport width, height shown, the element scrolled to the top or None)
SHOTS = [
    ("site-status.png", "index.html", 1280, 1160, None),
    ("site-project.png", "projects/csw-waste.html", 1280, 1000, "#rating"),
    ("site-phone.png", "index.html", 390, 844, None),
]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run(
            [sys.executable, "-m", "pmo", "site", "--root", str(ROOT), "-o", str(site)],
            check=True,
        )
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for name, page, width, height, anchor in SHOTS:
                tab = browser.new_page(viewport={"width": width, "height": height})
                tab.goto((site / page).as_uri() + (anchor or ""))
                tab.screenshot(path=str(OUT / name))
                tab.close()
                print(f"wrote {OUT / name}")
            browser.close()


if __name__ == "__main__":
    main()
