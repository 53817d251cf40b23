"""Checks on the take-home link that the QR code carries."""

from __future__ import annotations

from urllib.parse import urlsplit

EXAMPLE_HOSTS = ("example.com", "example.org", "example.net")
EXAMPLE_SUFFIXES = (".example", ".test", ".invalid", ".localhost")


def check_handout_url(url: str) -> list[tuple[str, str, str]]:
    """(severity, message, hint) for everything wrong with the link."""
    found: list[tuple[str, str, str]] = []
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
