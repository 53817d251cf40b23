"""A real content repository for tests: a bare repository on disk, SSH keys made by ssh-keygen,
tags signed (or not) by git itself, the way a clinic's IT person would make them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.builders import edit, make_content

GIT = shutil.which("git") or "git"


def run(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={
            **os.environ,
            "LC_ALL": "C",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null",
        },
    )
    assert done.returncode == 0, f"{args} failed: {done.stderr}"
    return done.stdout


def make_key(folder: Path, name: str) -> Path:
    """An ed25519 key pair made by ssh-keygen; returns the private key's path."""
    key = folder / name
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key))
    return key


def allowed_signers_line(key: Path, principal: str) -> str:
    kind, blob = key.with_suffix(".pub").read_text().split()[:2]
    return f"{principal} {kind} {blob}\n"


class ContentRepo:
    """The clinic chain's content repository: a work tree the editor commits in, a bare
    repository kiosks pull from, and the team's signing key (plus a stranger's)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.key = make_key(folder, "content-team")
        self.stranger = make_key(folder, "stranger")
        self.bare = folder / "content.git"
        self.work = folder / "work"
        run(GIT, "init", "--quiet", "--bare", str(self.bare))
        make_content(self.work)
        for lang in ("en", "es"):  # the first section's title carries the version's marker
            edit(self.work / lang / "01-basics.yaml", "title: The basics", "title: Test Clinic")
        run(GIT, "init", "--quiet", "-b", "main", str(self.work))
        self.git("remote", "add", "origin", str(self.bare))
        self.marker = "Test Clinic"

    def git(self, *args: str) -> str:
        return run(
            GIT,
            "-c", "user.name=Content Team",
            "-c", "user.email=content@example.org",
            "-c", "gpg.format=ssh",
            *args,
            cwd=self.work,
        )  # fmt: skip

    def trust(self, data_folder: Path) -> None:
        """Enrol a kiosk: the team's public key in its allowed_signers file."""
        data_folder.mkdir(parents=True, exist_ok=True)
        (data_folder / "allowed_signers").write_text(
            allowed_signers_line(self.key, "content@example.org")
        )

    def commit(self, marker: str) -> None:
        """A new version: the clinic name and the first slide's title both carry `marker`,
        so a reader can tell whether one folder mixes two versions."""
        edit(self.work / "kiosk.yaml", f"name: {self.marker}", f"name: {marker}")
        for lang in ("en", "es"):
            edit(self.work / lang / "01-basics.yaml", f"title: {self.marker}", f"title: {marker}")
        self.marker = marker
        self.git("add", "-A")
        self.git("commit", "--quiet", "-m", f"content {marker}")

    def tag(self, name: str, key: Path | None = None, signed: bool = True) -> None:
        if not signed:
            self.git("tag", "-a", name, "-m", name)
        else:
            self.git("-c", f"user.signingkey={key or self.key}", "tag", "-s", name, "-m", name)

    def push(self) -> None:
        self.git("push", "--quiet", "origin", "main", "--tags")
