"""The warm-load floor: a process that reads a repository's records through pmo's cache.

``python bench/floor_load.py ROOT``: start Python, import pmo's loader, restore every record
from the cache (listing and hashing every file, as every command does) and assemble the
portfolio; nothing else (no command line, no report). Every report command does this and
then its own work, so its time over this floor is what the report costs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pmo.load import load

if __name__ == "__main__":
    loaded = load(Path(sys.argv[1]).resolve())
    print(f"{len(loaded.portfolio.files)} files, {loaded.fresh} read afresh")
