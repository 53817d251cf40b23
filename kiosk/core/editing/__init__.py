"""Editing the course for the studio: round-trip YAML documents and edits in every language."""
