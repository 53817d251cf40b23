"""Content from a signed git repository: fetch, verify the tag, check it, switch atomically.

Many kiosks follow one content repository. `kiosk pull` (run by a systemd timer) fetches the
tags into a local bare copy, takes the newest tag matching a pattern, verifies its signature
with git against the `allowed_signers` file in the kiosk's data folder, writes the tag's files
into a new kept version folder, checks them with the one loader, and only then points the
`current` symlink at that folder with one rename. The kiosk runs with `--content
<data>/fleet/current`; its live reload resolves the link once per load, so it copies one
version, never a mix. Anything that goes wrong leaves `current` untouched and is recorded as one
line that the staff panel shows ("content update refused: ...").
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import fnmatch
import json
import logging
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from kiosk.core.content import versions

if TYPE_CHECKING:  # subprocess and tarfile are imported by the pull itself, not the kiosk's start
    import subprocess

log = logging.getLogger("kiosk.fleet")

FLEET = "fleet"
ALLOWED_SIGNERS = "allowed_signers"
KEEP = 5  # versions kept for rollback
GIT_TIMEOUT_S = 300.0
MAX_TREE_BYTES = 512 * 1024 * 1024  # a course is a few MB; this refuses a runaway repository
MAX_FILES = 20_000
SPARE_BYTES = 64 * 1024 * 1024  # left free on the disk after a version is written
MAX_SIGNERS_BYTES = 1024 * 1024
SAFE = re.compile(r"[^A-Za-z0-9._-]")
DEFAULT_PATTERN = "v*"


class Outcome(Enum):
    SWITCHED = "switched"
    UNCHANGED = "unchanged"
    ROLLED_BACK = "rolled_back"
    REFUSED = "refused"


@dataclass(frozen=True)
class PullResult:
    """What one pull or rollback did, in one line a person can read."""

    outcome: Outcome
    message: str
    tag: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome is not Outcome.REFUSED

    def line(self) -> str:
        if self.outcome is Outcome.REFUSED:
            return f"content update refused: {self.message}"
        return self.message


class Refused(Exception):
    """A reason not to switch, worded for the staff panel."""


@dataclass(frozen=True)
class Kept:
    version: str  # folder name under versions/
    tag: str


class Fleet:
    """One kiosk's side of the content repository, in `<data>/fleet/`."""

    def __init__(
        self,
        data_folder: Path,
        git: str = "git",
        timeout: float = GIT_TIMEOUT_S,
        keep: int = KEEP,
    ) -> None:
        self.data_folder = Path(data_folder)
        self.root = self.data_folder / FLEET
        self.repo = self.root / "repo.git"
        self.versions = self.root / "versions"
        self.current = self.root / "current"
        # Beside `current` only what a switch changes: the kiosk watches this folder for it.
        self.state = self.root / "state"
        self.signers = self.data_folder / ALLOWED_SIGNERS
        self.git = git
        self.timeout = timeout
        self.keep = max(2, keep)

    # -- the two commands --------------------------------------------------------------------
    def pull(self, url: str, pattern: str = DEFAULT_PATTERN) -> PullResult:
        """Fetch, verify, check and switch to the newest tag matching `pattern`."""
        return self._locked(lambda: self._pull(url, pattern))

    def rollback(self) -> PullResult:
        """Go back to the version shown before the current one; that tag is not pulled again."""
        return self._locked(self._rollback)

    # -- what is running ---------------------------------------------------------------------
    def current_tag(self) -> str:
        """The tag `current` points at ('' when the kiosk does not follow a repository)."""
        name = self._current_name()
        for kept in self._state_history():
            if kept.version == name:
                return kept.tag
        return ""

    def last_result(self) -> PullResult | None:
        """The last pull or rollback, as recorded for the staff panel and the metrics."""
        return self._last()[0]

    def _last(self) -> tuple[PullResult | None, datetime | None]:
        try:
            data = json.loads((self.state / "last-pull.json").read_text(encoding="utf-8"))
            result = PullResult(Outcome(data["outcome"]), str(data["message"]), str(data["tag"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None, None
        try:
            return result, datetime.fromisoformat(data["at"])
        except (ValueError, KeyError, TypeError):
            return result, None

    # -- pulling -----------------------------------------------------------------------------
    def _pull(self, url: str, pattern: str) -> PullResult:
        shown = _without_password(url)
        self._ensure_repo()
        self._tidy()
        fetched = self._git(
            "fetch", "--quiet", "--force", "--prune", "--no-recurse-submodules", "--",
            url, "+refs/tags/*:refs/tags/*",
            timeout=self.timeout,
        )  # fmt: skip
        if fetched.returncode != 0:
            raise Refused(f"cannot reach the content repository {shown}: {_last_line(fetched)}")
        tag = self._newest_tag(pattern)
        if tag is None:
            raise Refused(f"no tag matching '{pattern}' in {shown}")
        state = self._state()
        if tag in state.get("rolled_back", []):
            return PullResult(
                Outcome.UNCHANGED,
                f"tag {tag} was rolled back on this kiosk; waiting for a newer tag",
                tag,
            )
        self._verify(tag)
        commit = self._rev(f"refs/tags/{tag}^{{commit}}")
        name = f"{SAFE.sub('_', tag)[:64]}-{commit[:12]}"
        if self._current_name() == name:
            return PullResult(Outcome.UNCHANGED, f"already on tag {tag}", tag)
        folder = self.versions / name
        if not folder.is_dir():
            self._write_version(tag, commit, folder)
        self._switch(name)
        self._remember(Kept(name, tag))
        return PullResult(Outcome.SWITCHED, f"switched to tag {tag} ({commit[:12]})", tag)

    def _ensure_repo(self) -> None:
        self.versions.mkdir(parents=True, exist_ok=True)
        if not (self.repo / "HEAD").is_file():
            shutil.rmtree(self.repo, ignore_errors=True)
            made = self._git_at(None, "init", "--quiet", "--bare", str(self.repo))
            if made.returncode != 0:
                raise Refused(f"cannot make the local copy {self.repo}: {_last_line(made)}")

    def _newest_tag(self, pattern: str) -> str | None:
        listed = self._git("for-each-ref", "--sort=-version:refname", "--format=%(refname:strip=2)",
                           "refs/tags/")  # fmt: skip
        for tag in listed.stdout.splitlines():
            if fnmatch.fnmatchcase(tag, pattern):
                return tag
        return None

    def _verify(self, tag: str) -> None:
        """Git checks the signature; we only sort its answer into a reason staff can act on."""
        signers = self._signers_file()
        shown = _printable(tag)
        checked = self._git(
            "-c", "gpg.ssh.allowedSignersFile=" + str(signers),
            "verify-tag", "--raw", f"refs/tags/{tag}",
        )  # fmt: skip
        said = (checked.stdout + checked.stderr).lower()
        if checked.returncode == 0 and "good" in said:
            self._same_name(tag)
            return
        if "no signature found" in said or "cannot verify a non-tag object" in said:
            raise Refused(f"tag {shown} is not signed")
        if "no principal matched" in said or "no public key" in said or "errsig" in said:
            raise Refused(f"tag {shown} is signed by an unknown key")
        raise Refused(f"tag {shown} has a signature that does not verify: {_last_line(checked)}")

    def _same_name(self, tag: str) -> None:
        """The signature covers the name written inside the tag, not the ref's name: an old
        signed tag published again under a newer name would otherwise pass as new."""
        inside = self._git("cat-file", "tag", f"refs/tags/{tag}").stdout
        named = next((line[4:] for line in inside.splitlines() if line.startswith("tag ")), "")
        if named != tag:
            raise Refused(
                f"tag {_printable(tag)} is the signed tag {_printable(named)} under another "
                "name; renamed tags are refused"
            )

    def _signers_file(self) -> Path:
        try:
            info = self.signers.stat()
        except OSError:
            raise Refused(
                f"no {ALLOWED_SIGNERS} file in {self.data_folder}: this kiosk trusts no key yet"
            ) from None
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SIGNERS_BYTES:
            raise Refused(f"{self.signers} is not a plain text file of keys")
        return self.signers

    def _write_version(self, tag: str, commit: str, folder: Path) -> None:
        """The tag's files into a new folder, checked with the one loader before it is kept."""
        shown = _printable(tag)
        needed = self._tree_size(tag, commit)
        free = shutil.disk_usage(self.root).free
        if free < needed + SPARE_BYTES:
            raise Refused(
                f"the disk is full: tag {shown} needs {_mb(needed)} and "
                f"{_mb(SPARE_BYTES)} to spare, {_mb(free)} is free"
            )
        staging = self.versions / f".{folder.name}.{os.getpid()}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staging.mkdir()
            self._extract(commit, staging)
            result = versions.check(staging)  # the one loader; a checker fault is a refusal
            if result.content is None:
                errors = [p for p in result.problems if p.is_error]
                first = errors[0].format(staging) if errors else "the content cannot be read"
                more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
                raise Refused(f"tag {shown} has content errors: {first}{more}")
            staging.rename(folder)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise Refused(f"the disk is full: tag {shown} could not be written") from None
            raise Refused(f"tag {shown} could not be written: {exc.strerror or exc}") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _tree_size(self, tag: str, commit: str) -> int:
        """Sizes and kinds of the tag's files, from git, before anything is written."""
        listed = self._git("ls-tree", "-r", "-l", "-z", "--full-tree", commit)
        if listed.returncode != 0:
            raise Refused(f"tag {_printable(tag)} cannot be read: {_last_line(listed)}")
        total = count = 0
        for entry in listed.stdout.split("\0"):
            if not entry:
                continue
            meta, _, path = entry.partition("\t")
            mode, _kind, _obj, size = meta.split()
            if mode not in ("100644", "100755"):
                raise Refused(
                    f"tag {_printable(tag)} holds a link or sub-repository "
                    f"'{_printable(path)}'; only plain files are used"
                )
            total += int(size)
            count += 1
        if total > MAX_TREE_BYTES or count > MAX_FILES:
            raise Refused(f"tag {_printable(tag)} is too big ({count} files, {_mb(total)})")
        return total

    def _extract(self, commit: str, into: Path) -> None:
        import subprocess
        import tarfile

        with subprocess.Popen(
            [self.git, "-C", str(self.repo), "archive", "--format=tar", commit],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_env(),
        ) as proc:
            assert proc.stdout is not None
            try:
                with tarfile.open(fileobj=proc.stdout, mode="r|") as archive:
                    for member in archive:
                        if not (member.isfile() or member.isdir()):
                            continue  # pax headers; links were refused by _tree_size
                        # Not the commit's times: each version's files get their own, so the
                        # reload's fingerprint tells two versions apart even when sizes match.
                        archive.extract(member, into, set_attrs=False, filter="data")
            finally:
                proc.stdout.close()
                proc.wait(self.timeout)
        if proc.returncode != 0:
            raise OSError(errno.EIO, "git archive failed")

    # -- switching ---------------------------------------------------------------------------
    def _switch(self, name: str) -> None:
        """Point `current` at versions/<name> with one rename: a reader sees old or new."""
        link = self.root / f".current.{os.getpid()}.tmp"
        link.unlink(missing_ok=True)
        try:
            os.symlink(Path(self.versions.name) / name, link)
            os.replace(link, self.current)
            _sync_folder(self.root)
        except OSError as exc:
            link.unlink(missing_ok=True)
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise Refused("the disk is full: the switch could not be written") from None
            raise Refused(f"the switch could not be written: {exc.strerror or exc}") from None

    def _tidy(self) -> None:
        """What a pull killed half-way left behind (we hold the lock: no pull is running)."""
        for path in [*self.versions.glob(".*.tmp"), *self.root.glob(".current.*.tmp")]:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

    def _current_name(self) -> str:
        try:
            return Path(os.readlink(self.current)).name
        except OSError:
            return ""

    def _rollback(self) -> PullResult:
        state = self._state()
        history = self._state_history(state)
        name, left = self._current_name(), self.current_tag()
        while history and history[-1].version == name:
            history.pop()
        while history and not (self.versions / history[-1].version).is_dir():
            history.pop()
        if not history:
            raise Refused("there is no earlier version kept to roll back to")
        back = history[-1]
        self._switch(back.version)
        rolled = [t for t in state.get("rolled_back", []) if t != back.tag]
        state["rolled_back"] = ([*rolled, left] if left else rolled)[-50:]
        state["history"] = [k.__dict__ for k in history]
        self._save_state(state)
        return PullResult(Outcome.ROLLED_BACK, f"rolled back to tag {back.tag}", back.tag)

    # -- state, kept versions ------------------------------------------------------------------
    def _remember(self, kept: Kept) -> None:
        state = self._state()
        history = [k for k in self._state_history(state) if k.version != kept.version]
        history = [*history, kept][-self.keep :]
        state["history"] = [k.__dict__ for k in history]
        self._save_state(state)
        wanted = {k.version for k in history} | {self._current_name()}
        for path in self.versions.iterdir():
            if path.is_dir() and path.name not in wanted and not path.name.startswith("."):
                shutil.rmtree(path, ignore_errors=True)

    def _state(self) -> dict[str, Any]:
        try:
            data = json.loads((self.state / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _state_history(self, state: dict[str, Any] | None = None) -> list[Kept]:
        history = []
        for item in (state if state is not None else self._state()).get("history", []):
            with contextlib.suppress(TypeError, KeyError):
                history.append(Kept(str(item["version"]), str(item["tag"])))
        return history

    def _save_state(self, state: dict[str, Any]) -> None:
        _write_atomically(self.state / "state.json", json.dumps(state, indent=1))

    def _record(self, result: PullResult) -> None:
        data = {
            "outcome": result.outcome.value,
            "message": result.message,
            "tag": result.tag,
            "at": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        try:
            _write_atomically(self.state / "last-pull.json", json.dumps(data))
        except OSError as exc:
            log.warning("could not record the pull's result (%s)", exc)

    def _locked(self, action: Callable[[], PullResult]) -> PullResult:
        try:
            self.state.mkdir(parents=True, exist_ok=True)
            with _lock(self.state / "lock") as held:
                if not held:
                    return PullResult(Outcome.UNCHANGED, "another pull is running; nothing done")
                try:
                    result = action()
                except Refused as refusal:
                    result = PullResult(Outcome.REFUSED, str(refusal))
                self._record(result)
        except OSError as exc:
            result = PullResult(Outcome.REFUSED, f"the data folder cannot be written: {exc}")
        log.log(logging.INFO if result.ok else logging.WARNING, "%s", result.line())
        return result

    # -- running git ---------------------------------------------------------------------------
    def _git(self, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
        return self._git_at(self.repo, *args, timeout=timeout)

    def _git_at(
        self, where: Path | None, *args: str, timeout: float | None = None
    ) -> subprocess.CompletedProcess[str]:
        import subprocess

        command = [self.git, *(["-C", str(where)] if where else []), *args]
        try:
            return subprocess.run(
                command,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout or 60.0,
                env=_env(),
                check=False,
            )
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(command, 124, "", f"no answer in {timeout:.0f} s")
        except OSError as exc:
            return subprocess.CompletedProcess(command, 127, "", f"cannot run git ({exc})")

    def _rev(self, ref: str) -> str:
        found = self._git("rev-parse", "--verify", "--quiet", ref)
        if found.returncode != 0:
            raise Refused(f"{_printable(ref)} cannot be read from the local copy")
        return found.stdout.strip()


def refusal_line(data_folder: Path) -> str:
    """For the staff panel: the last pull's refusal and when it was, or '' when the last pull
    went well."""
    result, at = Fleet(data_folder)._last()
    if result is None or result.ok:
        return ""
    return f"{result.line()} (at {at:%Y-%m-%d %H:%M})" if at else result.line()


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[bool]:
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _env() -> dict[str, str]:
    """Never ask for a password on a kiosk; English messages, which _verify sorts."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANGUAGE": ""}


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    """Git's reason in one line: its first `fatal:` or `error:` line, else its last line."""
    lines = [line.strip() for line in (done.stderr or done.stdout).splitlines() if line.strip()]
    for line in lines:
        for prefix in ("fatal: ", "error: "):
            if line.startswith(prefix):
                return _printable(line.removeprefix(prefix), 200)
    return _printable(lines[-1], 200) if lines else f"git exited with {done.returncode}"


def _printable(text: str, limit: int = 64) -> str:
    """Names from the repository go on the staff panel: printable and short."""
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _without_password(url: str) -> str:
    """A URL with `user:token@` is shown without the token (it goes to logs and screens)."""
    parts = urlsplit(url)
    if parts.scheme and parts.password is not None:
        host = parts.hostname or ""
        netloc = f"{parts.username}@{host}" + (f":{parts.port}" if parts.port else "")
        return _printable(urlunsplit(parts._replace(netloc=netloc)), 200)
    return _printable(url, 200)


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"
