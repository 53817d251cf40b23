"""The editor schemas agree with the loader and with the shipped files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from kiosk import cli
from kiosk.core.content.schema import SCHEMA_FILES, all_schemas
from tests.conftest import SHIPPED


def as_editor_sees(value: object) -> object:
    """PyYAML turns 2026-11-20 into a date; an editor's YAML/JSON view keeps it as text."""
    if isinstance(value, dict):
        return {k: as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def schema_for(path: Path) -> str:
    if path.name == "kiosk.yaml":
        return "settings"
    return "language" if path.name == "language.yaml" else "section"


def shipped_files() -> list[Path]:
    return [SHIPPED / "kiosk.yaml", *sorted(SHIPPED.glob("*/*.yaml"))]


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_files_pass_their_schema_and_name_it(path: Path) -> None:
    kind = schema_for(path)
    schema = all_schemas()[kind]
    jsonschema.validate(as_editor_sees(yaml.safe_load(path.read_text())), schema)
    first = path.read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (path.parent / first.split("=", 1)[1]).resolve() == SHIPPED / "schema" / SCHEMA_FILES[
        kind
    ]


def test_schema_catches_a_typo_like_the_validator() -> None:
    section = yaml.safe_load((SHIPPED / "en" / "02-what-it-can-help.yaml").read_text())
    section["slides"][0]["titel"] = section["slides"][0].pop("title")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(section, all_schemas()["section"])


def test_committed_schemas_are_up_to_date(tmp_path: Path) -> None:
    assert cli.main(["schema", "--out", str(tmp_path)]) == 0
    for name in SCHEMA_FILES.values():
        written = json.loads((tmp_path / name).read_text())
        committed = json.loads((SHIPPED / "schema" / name).read_text())
        assert written == committed, f"run 'kiosk schema' and commit content/schema/{name}"
