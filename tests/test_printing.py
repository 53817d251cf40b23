""" "Print a copy" at the kiosk: the button's states from one patient to the next, a copy that
fails, and a copy still being made when the patient leaves or new content arrives. The copy is
made by a stand-in that waits for the test (the real CUPS path is tests/test_take_home.py)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.content.loader import load_content
from kiosk.core.content.model import Content
from kiosk.core.handout.fragment import TakeHome
from kiosk.core.session.journey import Reason, Screen
from kiosk.ui.app import KioskApp
from tests.builders import edit
from tests.conftest import SHIPPED
from tests.take_home_journey import walk


class Job:
    """A print job that finishes when the test says so, with the answer the test gives."""

    def __init__(self) -> None:
        self.started: list[TakeHome] = []
        self.answers: list[bool] = []
        self.go = threading.Semaphore(0)

    def __call__(self, content: Content, take_home: TakeHome, printer: str) -> bool:
        self.started.append(take_home)
        assert printer == "Front desk"
        self.go.acquire(timeout=30)
        return self.answers.pop(0)

    def finish(self, ok: bool) -> None:
        self.answers.append(ok)
        self.go.release()


def printing_kiosk(make_kiosk: Any, qtbot: Any, job: Job) -> KioskApp:
    kiosk = make_kiosk(root=SHIPPED, printer=lambda: "Front desk")
    kiosk.print_desk.send = job
    return kiosk


def to_qr(kiosk: KioskApp, qtbot: Any) -> None:
    walk(kiosk)
    qtbot.waitUntil(kiosk.qr.extras.print_button.isVisible)


def test_one_copy_per_patient_and_the_next_patient_can_print(make_kiosk: Any, qtbot: Any) -> None:
    job = Job()
    kiosk = printing_kiosk(make_kiosk, qtbot, job)
    button, strings = kiosk.qr.extras.print_button, lambda: kiosk.journey.language.strings
    to_qr(kiosk, qtbot)
    assert kiosk.print_take_home()
    assert (button.isEnabled(), button.text()) == (False, strings().printing)
    assert not kiosk.print_take_home()  # a second tap while it prints: no second copy
    with qtbot.waitSignal(kiosk.take_home_printed) as printed:
        job.finish(True)
    assert printed.args == [True]
    assert (button.isEnabled(), button.text()) == (False, strings().printed)
    button.click()  # one copy per patient from the button (staff may print more on request)
    assert not kiosk.print_desk.busy
    kiosk.reset(Reason.FINISHED)
    to_qr(kiosk, qtbot)
    assert (button.isEnabled(), button.text()) == (True, strings().print_copy)
    assert len(job.started) == 1


def test_a_copy_for_a_patient_who_left_is_not_shown_to_the_next(
    make_kiosk: Any, qtbot: Any
) -> None:
    job = Job()
    kiosk = printing_kiosk(make_kiosk, qtbot, job)
    button, strings = kiosk.qr.extras.print_button, lambda: kiosk.journey.language.strings
    to_qr(kiosk, qtbot)
    assert kiosk.print_take_home()
    kiosk.reset(Reason.IDLE)  # the first patient walks away while their copy is made
    to_qr(kiosk, qtbot)
    assert (button.isEnabled(), button.text()) == (True, strings().print_copy)
    assert kiosk.print_take_home()  # the next patient may print at once
    with qtbot.waitSignal(kiosk.take_home_printed) as first:
        job.finish(True)
    assert first.args == [True]  # counted, but not announced on this patient's screen
    assert (button.isEnabled(), button.text()) == (False, strings().printing)
    with qtbot.waitSignal(kiosk.take_home_printed):
        job.finish(True)
    assert (button.isEnabled(), button.text()) == (False, strings().printed)
    assert len(job.started) == 2


def test_a_failed_copy_sends_the_patient_to_the_desk_and_stays_that_way(
    make_kiosk: Any, qtbot: Any
) -> None:
    job = Job()
    kiosk = printing_kiosk(make_kiosk, qtbot, job)
    button = kiosk.qr.extras.print_button
    to_qr(kiosk, qtbot)
    assert kiosk.print_take_home()
    with qtbot.waitSignal(kiosk.take_home_printed) as printed:
        job.finish(False)
    assert printed.args == [False]
    assert not button.isVisible()
    assert kiosk.qr.no_phone.isVisible()
    kiosk.move(kiosk.journey.back)  # and back to the code: still the desk, no stuck button
    kiosk.move(kiosk.journey.next)
    assert kiosk.journey.screen is Screen.QR
    assert not button.isVisible()
    assert kiosk.qr.no_phone.isVisible()
    kiosk.reset(Reason.FINISHED)  # the next patient: CUPS is asked again
    to_qr(kiosk, qtbot)
    assert button.isEnabled()
    assert button.text() == kiosk.journey.language.strings.print_copy


def test_old_versions_stay_while_a_copy_still_reads_their_pictures(
    make_kiosk: Any,
    qtbot: Any,
    content_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    job = Job()
    data = tmp_path / "data"
    kiosk = make_kiosk(printer=lambda: "Front desk", content_dir=content_dir, data_folder=data)
    kiosk.print_desk.send = job
    assert kiosk.reloader is not None
    pruned: list[set[Path]] = []
    monkeypatch.setattr(kiosk.reloader, "prune", pruned.append)
    with qtbot.waitSignal(kiosk.print_desk.found):
        kiosk.show_staff_status()
    assert kiosk.print_take_home()  # staff print on request from the panel
    edit(content_dir / "kiosk.yaml", "name: Test Clinic", "name: Renamed Clinic")
    kiosk.offer_content(load_content(content_dir).content)
    assert kiosk.welcome.clinic.text() == "Renamed Clinic"  # swapped, but nothing pruned
    assert pruned == []
    with qtbot.waitSignal(kiosk.take_home_printed):
        job.finish(True)
    edit(content_dir / "kiosk.yaml", "name: Renamed Clinic", "name: Test Clinic")
    kiosk.offer_content(load_content(content_dir).content)
    assert len(pruned) == 1
