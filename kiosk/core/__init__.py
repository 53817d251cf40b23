"""The Qt-free core, by concern (docs/architecture.md):

- `content`: YAML files to a checked, immutable model (the one loader), pictures, links, reading
  level, versions of the content folder, the clinician's sign-off, content from git;
- `session`: the patient's visit: navigation, idle, swipe and staff-corner rules;
- `usage`: anonymous counts: the SQLite log, session events to counts, reports, metrics;
- `handout`: the take-home web page;
- `system`: the machine: data folder, systemd notify, crash policy, staff PIN.

Nothing here imports PySide6; subpackages import only downward (import-linter contracts in
pyproject.toml, run by make test).
"""
