"""The take-home link: nothing hidden or look-alike in it, and short enough to scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.content.loader import load_content
from tests.builders import edit

URL = "https://care.testclinic.org/mn/{lang}/"


def link_errors(content_dir: Path, url: str) -> list[str]:
    edit(content_dir / "kiosk.yaml", URL, url)
    return [p.format(content_dir) for p in load_content(content_dir).errors]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://care.testclinic.org\\\\@evil.test/", "a backslash"),
        ("https://care.testclinic.org/m n/", "a space or line break"),
        ("https://care.testclinic.org/\\u0007/", "an invisible control character (U+0007)"),
        ("https://care.testclinic.org/\\u202egro.live/", "text-direction character (U+202E)"),
        ("https://c\\u0430re.testclinic.org/", "mixes alphabets (CYRILLIC, LATIN)"),
        ("https://xn--cre-8cd.testclinic.org/", "mixes alphabets (CYRILLIC, LATIN)"),
    ],
)
def test_hidden_and_look_alike_characters_are_refused(
    content_dir: Path, url: str, why: str
) -> None:
    found = link_errors(content_dir, f'"{url}"')
    assert len(found) == 1, found
    assert found[0].startswith("kiosk.yaml:5:8: error: the take-home link")
    assert why in found[0]


def test_a_link_too_long_for_a_scannable_qr_code_is_refused(content_dir: Path) -> None:
    long_link = "https://care.testclinic.org/" + "a" * 400 + "/{lang}/"
    found = link_errors(content_dir, long_link)
    assert found == [
        f"kiosk.yaml:5:8: error: the take-home link is too long for a QR code a phone can "
        f"read from the screen ({len(long_link) - 6 + 2} characters) - use a shorter link "
        "(under about 150 characters)"
    ]


def test_every_link_that_validates_makes_a_qr_code(content_dir: Path) -> None:
    from kiosk.core.content.qr import MAX_VERSION, make_matrix, version_for

    edit(content_dir / "kiosk.yaml", "/mn/", "/" + "b" * 120 + "/")
    content = load_content(content_dir).content
    assert content is not None
    for code in content.settings.languages:
        link = content.settings.handout_url_for(code)
        version = version_for(link)
        assert version is not None
        assert version <= MAX_VERSION
        assert make_matrix(link).size == 17 + 4 * version + 8
