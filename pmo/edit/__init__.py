"""Editing records safely: round-trip YAML (``roundtrip``), edits of one record (``ops``),
validated atomic edits of a repository (``apply``) and new files (``scaffold``)."""
