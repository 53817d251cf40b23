"""Checks on the take-home link that the QR code carries."""

from __future__ import annotations

import contextlib
import unicodedata
from urllib.parse import urlsplit

BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

EXAMPLE_HOSTS = ("example.com", "example.org", "example.net")
EXAMPLE_SUFFIXES = (".example", ".test", ".invalid", ".localhost")


def check_handout_url(url: str) -> list[tuple[str, str, str]]:
    """(severity, message, hint) for everything wrong with the link."""
    found: list[tuple[str, str, str]] = []
    bad = _bad_characters(url)
    if bad:
        return [("error", f"the take-home link contains {bad}", "type the link again by hand")]
    parts = urlsplit(url.replace("{lang}", "en"))
    if parts.scheme != "https":
        found.append(
            (
                "error",
                f"the take-home link must start with https:// (it is '{url}')",
                "phones warn patients about links that are not https",
            )
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        found.append(
            (
                "error",
                "the take-home link must not contain a user name or password",
                "remove the part before '@'",
            )
        )
    host = (parts.hostname or "").lower()
    if not host:
        found.append(
            (
                "error",
                "the take-home link has no web address",
                "write it like https://yourclinic.com/aftercare",
            )
        )
    elif len(scripts := _scripts(_unicode_host(host))) > 1:
        found.append(
            (
                "error",
                f"the take-home link's address mixes alphabets ({', '.join(sorted(scripts))}),"
                " as look-alike fake addresses do",
                "type the address again using one alphabet",
            )
        )
    elif (
        host in EXAMPLE_HOSTS
        or host.endswith(EXAMPLE_SUFFIXES)
        or any(host.endswith("." + h) for h in EXAMPLE_HOSTS)
        or host == "localhost"
    ):
        found.append(
            (
                "warning",
                f"the take-home link still points at an example address ({host})",
                "put your clinic's real page in handout: url:",
            )
        )
    return found


def _bad_characters(url: str) -> str:
    """What a link must not hold: backslashes, spaces, control and direction characters."""
    if "\\" in url:
        return "a backslash (\\)"
    for ch in url:
        if ch in BIDI_CONTROLS:
            return f"a hidden text-direction character (U+{ord(ch):04X})"
        if ch.isspace():
            return "a space or line break"
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            return f"an invisible control character (U+{ord(ch):04X})"
    return ""


def _unicode_host(host: str) -> str:
    """The host as people see it: punycode (xn--) labels decoded."""
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError):
                label = label.encode("ascii").decode("idna")
        labels.append(label)
    return ".".join(labels)


def _scripts(host: str) -> set[str]:
    """The alphabets of the letters in a host name (LATIN, CYRILLIC, GREEK...)."""
    found = set()
    for ch in host:
        if ch.isalpha():
            found.add(unicodedata.name(ch, "UNKNOWN").split(" ")[0])
    return found
