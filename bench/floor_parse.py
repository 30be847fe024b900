"""The parse floor: read every record file of a repository with a C YAML parser, nothing more.

``python bench/floor_parse.py MODE ROOT`` where MODE is one of

- ``pyyaml``: PyYAML's C loader (libyaml), ``yaml.load(text, CSafeLoader)``: plain Python data;
- ``ruamel-events``: ruamel.yaml's C parser, its events drained with no work done on them
  (what pmo's reader starts from);
- ``ryml``: rapidyaml's C++ parser into its own tree (no Python objects for the data at all).

It finds files as pmo does (``pmo.yaml`` and ``records/**/*.yaml|yml``, hidden ones skipped)
and imports nothing of pmo, so it measures only start-up, reading and parsing.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path


def files(root: Path) -> list[Path]:
    found = [root / "pmo.yaml"] if (root / "pmo.yaml").is_file() else []
    for folder, dirs, names in os.walk(root / "records"):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(folder, n)
            for n in sorted(names)
            if n.endswith((".yaml", ".yml")) and not n.startswith(".")
        )
    return found


def main(argv: list[str]) -> int:
    mode, root = argv[0], Path(argv[1])
    gc.disable()
    paths = files(root)
    if mode == "pyyaml":
        import yaml

        loader = yaml.CSafeLoader
        for path in paths:
            yaml.load(path.read_bytes().decode("utf-8-sig"), Loader=loader)
    elif mode == "ruamel-events":
        from _ruamel_yaml import CParser

        for path in paths:
            get = CParser(path.read_bytes().decode("utf-8-sig")).get_event
            while type(get()).__name__ != "StreamEndEvent":
                pass
    elif mode == "ryml":
        import ryml

        for path in paths:
            ryml.parse_in_arena(path.read_bytes())
    else:
        print(f"unknown mode {mode!r}", file=sys.stderr)
        return 2
    print(f"{len(paths)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
