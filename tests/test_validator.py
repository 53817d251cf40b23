"""Every kind of content mistake is caught with file:line:col and a fix, never a traceback."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from kiosk.core.content.loader import load_content
from kiosk.core.content.model import InfoSlide
from kiosk.core.content.problems import Problem
from tests.builders import edit, write

TODAY = dt.date(2026, 11, 22)


def problems(root: Path) -> list[Problem]:
    return load_content(root, today=TODAY).problems


def errors(root: Path) -> list[str]:
    return [p.format(root) for p in problems(root) if p.is_error]


def warnings(root: Path) -> list[str]:
    return [p.format(root) for p in problems(root) if not p.is_error]


def only_error(root: Path) -> str:
    found = errors(root)
    assert len(found) == 1, found
    return found[0]


def test_valid_content_loads(content_dir: Path) -> None:
    result = load_content(content_dir, today=TODAY)
    assert result.ok, [p.format() for p in result.problems]
    assert result.problems == []
    content = result.content
    assert content is not None
    assert list(content.languages) == ["en", "es"]
    en = content.languages["en"]
    assert [s.id for s in en.slides] == ["what", "makeup", "sun", "check-sun"]
    assert en.slides[1].body == "Skip make-up for 24 hours."
    assert len(content.checksum) == 12


def test_yaml_syntax_error_names_line_and_column(content_dir: Path) -> None:
    edit(content_dir / "en" / "02-care.yaml", "title: Sun\n", "title: Sun: at noon\n")
    message = only_error(content_dir)
    assert message.startswith(f"en{os.sep}02-care.yaml:5:")
    assert "YAML syntax" in message
    assert "quotes" in message


def test_tab_indentation_gets_a_hint(content_dir: Path) -> None:
    edit(content_dir / "en" / "02-care.yaml", "  - id: sun", "\t- id: sun")
    assert "use spaces, not tabs" in only_error(content_dir)


def test_missing_required_field(content_dir: Path) -> None:
    edit(content_dir / "en" / "02-care.yaml", "    body: Use sunscreen when you go out.\n", "")
    message = only_error(content_dir)
    assert message.startswith(f"en{os.sep}02-care.yaml:4:5: error: slide is missing 'body'")


def test_unknown_key_suggests_the_right_one(content_dir: Path) -> None:
    edit(content_dir / "es" / "02-care.yaml", "    title: Sun", "    titel: Sun")
    found = errors(content_dir)
    assert any(
        "es" + os.sep + "02-care.yaml:5:5: error: unknown key 'titel' in slide"
        " - did you mean 'title'?" == m
        for m in found
    ), found


def test_wrong_type(content_dir: Path) -> None:
    edit(content_dir / "en" / "02-care.yaml", "title: Sun", "title: [a, b]")
    assert "slide title should be text, not a list" in only_error(content_dir)


def test_yes_no_value_gets_quote_hint(content_dir: Path) -> None:
    edit(content_dir / "en" / "02-care.yaml", "title: Sun", "title: yes")
    assert "put the text in quotes" in only_error(content_dir)


def test_duplicate_slide_id(content_dir: Path) -> None:
    for lang in ("en", "es"):
        edit(content_dir / lang / "02-care.yaml", "id: sun", "id: what")
    found = errors(content_dir)
    assert len(found) == 2
    assert all("slide id 'what' is used twice (also at 01-basics.yaml line 7)" in m for m in found)


def test_duplicate_key_in_one_block(content_dir: Path) -> None:
    edit(
        content_dir / "en" / "02-care.yaml", "    title: Sun\n", "    title: Sun\n    title: Moon\n"
    )
    assert "key 'title' appears twice" in only_error(content_dir)


def test_empty_deck(content_dir: Path) -> None:
    for name in ("01-basics.yaml", "02-care.yaml"):
        (content_dir / "en" / name).unlink()
    found = errors(content_dir)
    assert any("language 'en' has no slides" in m for m in found), found


def test_section_without_slides(content_dir: Path) -> None:
    write(content_dir / "en" / "03-empty.yaml", "id: empty\ntitle: Empty\nslides: []\n")
    assert any("this section has no slides" in m for m in errors(content_dir))


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("images/skn.svg", "picture 'images/skn.svg' was not found - did you mean 'skin.svg'?"),
        ("../secret.svg", "points outside the content folder"),
        ("/etc/passwd", "must be inside the content folder"),
        ("C:\\\\pics\\\\a.svg", "must be inside the content folder"),
        ("kiosk.yaml", "is not a picture"),
    ],
)
def test_bad_picture_paths(content_dir: Path, image: str, expected: str) -> None:
    edit(content_dir / "en" / "01-basics.yaml", "images/skin.svg", image)
    assert expected in only_error(content_dir)


def test_picture_that_is_not_really_an_image(content_dir: Path) -> None:
    (content_dir / "images" / "fake.png").write_text("not a png")
    (content_dir / "images" / "broken.svg").write_text("<svg><g></svg>")
    edit(content_dir / "en" / "01-basics.yaml", "images/skin.svg", "images/fake.png")
    edit(content_dir / "es" / "01-basics.yaml", "images/skin.svg", "images/broken.svg")
    found = errors(content_dir)
    assert any("damaged or not really a PNG" in m for m in found), found
    assert any("not a valid SVG" in m for m in found), found


def test_symlink_escaping_the_content_folder(content_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.svg"
    outside.write_text((content_dir / "images" / "skin.svg").read_text())
    (content_dir / "images" / "link.svg").symlink_to(outside)
    edit(content_dir / "en" / "01-basics.yaml", "images/skin.svg", "images/link.svg")
    assert "is a link to a file outside the content folder" in only_error(content_dir)


def test_picture_without_alt_text(content_dir: Path) -> None:
    edit(content_dir / "en" / "01-basics.yaml", "    alt: A drawing of skin.\n", "")
    assert "needs 'alt:' text" in only_error(content_dir)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://care.testclinic.org/", "must start with https://"),
        ("https://user:pw@care.testclinic.org/", "must not contain a user name or password"),
        ("https:///nohost", "has no web address"),
    ],
)
def test_bad_take_home_link(content_dir: Path, url: str, expected: str) -> None:
    edit(content_dir / "kiosk.yaml", "https://care.testclinic.org/mn/{lang}/", url)
    message = only_error(content_dir)
    assert message.startswith("kiosk.yaml:5:8: error:")
    assert expected in message


def test_example_link_is_a_warning_not_an_error(content_dir: Path) -> None:
    edit(content_dir / "kiosk.yaml", "care.testclinic.org", "aftercare.example.com")
    assert errors(content_dir) == []
    assert any("still points at an example address" in w for w in warnings(content_dir))


def test_unknown_placeholder(content_dir: Path) -> None:
    edit(content_dir / "es" / "01-basics.yaml", "{makeup_hours}", "{makeup_hour}")
    message = only_error(content_dir)
    assert message.startswith(f"es{os.sep}01-basics.yaml:18:11:")
    assert "placeholder '{makeup_hour}' is not defined" in message
    assert "makeup_hours" in message


def test_placeholder_line_inside_a_block(content_dir: Path) -> None:
    edit(content_dir / "en" / "01-basics.yaml", "- Your skin heals.", "- Your skin {heals}.")
    assert only_error(content_dir).startswith(f"en{os.sep}01-basics.yaml:12:")


def test_slide_missing_in_one_language(content_dir: Path) -> None:
    edit(content_dir / "es" / "02-care.yaml", "id: sun", "id: sol")
    found = errors(content_dir)
    assert any("slide 'sun' has no 'es' version" in m for m in found), found
    assert any("slide 'sol' is not in 'en'" in m for m in found), found


@pytest.mark.parametrize(
    ("old", "new", "count"),
    [
        ("right: true", "right: false", 0),
        (
            "feedback: Sunscreen protects healing skin.\n      - text: Nothing",
            "feedback: Sunscreen protects healing skin.\n      - text: Nothing"
            "\n        right: true",
            2,
        ),
    ],
)
def test_check_question_needs_exactly_one_right_answer(
    content_dir: Path, old: str, new: str, count: int
) -> None:
    edit(content_dir / "en" / "02-care.yaml", old, new)
    assert f"needs exactly one right answer, not {count}" in only_error(content_dir)


def test_check_question_needs_two_to_four_answers(content_dir: Path) -> None:
    path = content_dir / "en" / "02-care.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("      - text: Nothing")])
    assert "needs 2 to 4 answers, not 1" in only_error(content_dir)


def test_oversized_file_is_refused(content_dir: Path) -> None:
    (content_dir / "en" / "09-huge.yaml").write_text("# x\n" * 80_000)
    assert "file is too large" in " ".join(errors(content_dir))


def test_aliases_are_refused(content_dir: Path) -> None:
    edit(content_dir / "en" / "02-care.yaml", "title: Sun", "title: &t Sun\n    notes: *t")
    assert "anchors and aliases" in only_error(content_dir)


def test_python_tags_are_refused(content_dir: Path) -> None:
    edit(content_dir / "en" / "02-care.yaml", "title: Sun", "title: !!python/object:os.system x")
    assert "unsupported value" in only_error(content_dir)


def test_many_problems_are_all_reported_at_once(content_dir: Path) -> None:
    edit(content_dir / "en" / "02-care.yaml", "title: Sun", "titel: Sun")
    edit(content_dir / "en" / "01-basics.yaml", "images/skin.svg", "images/nope.svg")
    edit(content_dir / "kiosk.yaml", "https://", "http://")
    assert len(errors(content_dir)) >= 4  # unknown key, missing title, picture, link


def test_long_slide_warns_but_still_loads(content_dir: Path) -> None:
    long_body = " ".join(["Your skin heals well."] * 14)
    edit(content_dir / "en" / "02-care.yaml", "Use sunscreen when you go out.", long_body)
    assert load_content(content_dir, today=TODAY).ok
    found = warnings(content_dir)
    assert found == [
        f"en{os.sep}02-care.yaml:6:11: warning: slide text is long (56 words) and may not "
        "fit on the screen - aim for about 40 words; split it into two slides"
    ]


def test_hard_words_and_long_sentences_warn(content_dir: Path) -> None:
    hard = (
        "Dermatological microneedling stimulates neocollagenesis through controlled "
        "microinjuries, and it is very important that you always remember this "
        "particular information about it."
    )
    edit(content_dir / "en" / "02-care.yaml", "Use sunscreen when you go out.", hard)
    found = warnings(content_dir)
    assert any("slide 'sun' reads at grade" in w for w in found), found
    assert any("slide 'sun' has a sentence of 21 words" in w for w in found), found


def test_the_kiosks_own_loads_leave_out_the_authors_reports(
    content_dir: Path, private_data_folder: Path
) -> None:
    """Reading levels and the sign-off comparison are for `kiosk validate` and the studio; the
    kiosk's own loads (versions.load_version: start, live reload, pull) leave them out, and
    find the same errors and the same content."""
    from kiosk.core.content import versions

    hard = (
        "Dermatological microneedling stimulates neocollagenesis through controlled "
        "microinjuries, and it is very important that you always remember this "
        "particular information about it."
    )
    edit(content_dir / "en" / "02-care.yaml", "Use sunscreen when you go out.", hard)
    edit(content_dir / "kiosk.yaml", "by: Dr Test", "by: Example reviewer, MD")
    full = load_content(content_dir, today=TODAY)
    found = [p.message for p in full.problems if not p.is_error]
    assert any("reads at grade" in m for m in found), found
    assert any("example placeholder" in m for m in found), found
    assert full.reading
    lean = load_content(content_dir, today=TODAY, advice=False)
    assert lean.reading == ()
    skipped = [p for p in full.problems if p not in lean.problems]
    assert skipped
    assert all(not p.is_error for p in skipped)
    assert all(
        "reads at grade" in p.message
        or "sentence of" in p.message
        or "average reading grade" in p.message
        or "example placeholder" in p.message
        for p in skipped
    ), skipped
    assert lean.content is not None
    assert full.content is not None
    assert lean.content.checksum == full.content.checksum
    kiosk = versions.load_version(content_dir, private_data_folder)
    assert kiosk.content is not None
    assert not any("reads at grade" in p.message for p in kiosk.problems)
    edit(content_dir / "kiosk.yaml", "https://", "ftp://")  # an error is still an error
    refused = versions.load_version(content_dir, private_data_folder, fall_back=False)
    assert refused.content is None
    assert any("must start with https://" in p.message for p in refused.errors)


def test_review_missing_or_old_warns(content_dir: Path) -> None:
    edit(content_dir / "kiosk.yaml", "date: 2026-10-01", "date: 2025-06-01")
    assert any("over a year ago" in w for w in warnings(content_dir))
    edit(content_dir / "kiosk.yaml", "review:\n  by: Dr Test\n  date: 2025-06-01\n", "")
    assert any("nobody is recorded as having reviewed" in w for w in warnings(content_dir))


def test_low_contrast_theme_is_refused(content_dir: Path) -> None:
    with (content_dir / "kiosk.yaml").open("a") as f:
        f.write('theme:\n  text: "#AAAAAA"\n  accent: "#ZZ0000"\n')
    found = errors(content_dir)
    assert any("'#ZZ0000' is not a colour" in m for m in found), found
    assert any("theme 'text' on 'background' has contrast" in m for m in found), found


def test_missing_folder_and_settings(tmp_path: Path) -> None:
    assert "content folder not found" in errors(tmp_path / "nope")[0]
    tmp_path.joinpath("empty").mkdir()
    assert "settings file is missing" in errors(tmp_path / "empty")[0]


def test_language_folder_missing(content_dir: Path) -> None:
    edit(content_dir / "kiosk.yaml", "[en, es]", "[en, es, fr]")
    assert "folder for language 'fr' is missing" in only_error(content_dir)


def test_not_utf8(content_dir: Path) -> None:
    (content_dir / "en" / "02-care.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in " ".join(errors(content_dir))


AFTER_HOURS = """\
after_hours:
  en: "Call our night line at {after_hours_phone}."
  es: "Vaya al centro de urgencias más cercano."
"""


def test_after_hours_words_are_filled_in_each_language(content_dir: Path) -> None:
    edit(
        content_dir / "kiosk.yaml",
        '  phone: "555-0100"\n',
        '  phone: "555-0100"\n  after_hours_phone: "555-0177"\n  emergency_number: "112"\n',
    )
    with (content_dir / "kiosk.yaml").open("a") as f:
        f.write(AFTER_HOURS)
    for code in ("en", "es"):
        edit(
            content_dir / code / "02-care.yaml",
            "Use sunscreen when you go out.",
            "Closed? {after_hours} Emergency, {emergency_number}.",
        )
    content = load_content(content_dir).content
    assert content is not None
    bodies = {}
    for code in ("en", "es"):
        slide = content.language(code).slides[2]
        assert isinstance(slide, InfoSlide)
        bodies[code] = slide.body
    assert bodies["en"] == "Closed? Call our night line at 555-0177. Emergency, 112."
    assert bodies["es"] == "Closed? Vaya al centro de urgencias más cercano. Emergency, 112."
    assert content.settings.after_hours_phone == "555-0177"


def test_after_hours_missing_a_language_is_an_error(content_dir: Path) -> None:
    with (content_dir / "kiosk.yaml").open("a") as f:
        f.write('after_hours:\n  en: "Go to urgent care."\n')
    assert "after_hours has no text for 'es'" in only_error(content_dir)


def test_emergency_number_needs_digits(content_dir: Path) -> None:
    edit(
        content_dir / "kiosk.yaml",
        '  phone: "555-0100"\n',
        '  phone: "555-0100"\n  emergency_number: "your local number"\n',
    )
    assert "emergency number 'your local number' has no digits" in only_error(content_dir)


def test_example_mark_in_the_clinic_name_is_a_warning(content_dir: Path) -> None:
    edit(content_dir / "kiosk.yaml", "name: Test Clinic", "name: Test Clinic (example)")
    assert any("clinic name contains an example mark" in w for w in warnings(content_dir))


def test_spanish_slides_must_read_at_ease_70(content_dir: Path) -> None:
    hard = (
        "La dermatología contemporánea considera fundamentalmente importantísima "
        "la fotoprotección sistemática."
    )
    edit(content_dir / "es" / "02-care.yaml", "Use sunscreen when you go out.", hard)
    found = warnings(content_dir)
    assert any("slide 'sun' has reading ease" in w and "keep it at 70" in w for w in found)


def test_a_missing_clinic_placeholder_says_where_to_set_it(content_dir: Path) -> None:
    edit(
        content_dir / "en" / "02-care.yaml",
        "Use sunscreen when you go out.",
        "Call {emergency_number}.",
    )
    edit(
        content_dir / "es" / "02-care.yaml",
        "Use sunscreen when you go out.",
        "Closed? {after_hours}",
    )
    found = [p.format() for p in load_content(content_dir).errors]
    assert any("set clinic: emergency_number: in kiosk.yaml" in f for f in found), found
    assert any("add after_hours: to kiosk.yaml" in f for f in found), found
