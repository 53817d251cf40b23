"""Staff mode: hidden gesture, PIN rules, the panel, cleaning mode, exit, and `kiosk set-pin`."""

from __future__ import annotations

import json
import logging
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.core.session.gesture import HOLD_SECONDS, CornerHold, in_staff_corner
from kiosk.core.system.pin import LOCKOUT_SECONDS, PinStore, Verdict
from tests.conftest import FakeClock
from tests.drive import TOUCH, run_cli, tap


# -- rules ---------------------------------------------------------------------------------
def test_pin_is_stored_only_as_a_salted_hash(tmp_path: Path) -> None:
    store = PinStore(tmp_path)
    store.set_pin("246813")
    record = json.loads(store.pin_path.read_text())
    assert record["scheme"] == "scrypt"
    assert "2468" not in store.pin_path.read_text()
    assert oct(store.pin_path.stat().st_mode & 0o777) == "0o600"
    other = PinStore(tmp_path / "b")
    other.set_pin("246813")
    assert json.loads(other.pin_path.read_text())["hash"] != record["hash"]  # salted
    assert store.check("246813").verdict is Verdict.OK


def test_wrong_pins_slow_down_then_lock_out_and_survive_a_restart(tmp_path: Path) -> None:
    clock = FakeClock(1_700_000_000.0)
    store = PinStore(tmp_path, clock)
    store.set_pin("246813")
    waits = [store.check("0000").wait_seconds for _ in range(2)]
    assert waits == [0, 0]
    third = store.check("0000")
    assert (third.verdict, third.wait_seconds) == (Verdict.WRONG, 5)
    assert store.check("246813").verdict is Verdict.WAIT  # even the right PIN must wait
    clock.now += 5
    assert store.check("1111").wait_seconds == 15
    clock.now += 15
    assert store.check("1111").wait_seconds == 60
    clock.now += 60
    assert store.check("1111").wait_seconds == LOCKOUT_SECONDS
    restarted = PinStore(tmp_path, clock)  # the counter is on disk
    attempt = restarted.check("246813")
    assert attempt.verdict is Verdict.WAIT
    assert attempt.wait_seconds == pytest.approx(LOCKOUT_SECONDS)
    clock.now += LOCKOUT_SECONDS
    assert restarted.check("246813").verdict is Verdict.OK  # never locked out for good
    assert restarted.check("0000").wait_seconds == 0  # success reset the counter


def test_unreadable_files_fail_closed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(1_700_000_000.0)
    store = PinStore(tmp_path, clock)
    assert store.check("123456").verdict is Verdict.NO_PIN
    store.set_pin("123456")
    store.pin_path.write_text("{garbage")
    with caplog.at_level(logging.ERROR, "kiosk.staff"):
        assert store.check("123456").verdict is Verdict.UNREADABLE
    assert "kiosk set-pin" in caplog.text
    store.set_pin("123456")
    store.lock_path.write_text("not json")
    assert store.check("123456").verdict is Verdict.WAIT
    clock.now += LOCKOUT_SECONDS
    assert store.check("123456").verdict is Verdict.OK


def test_bad_pins_are_refused(tmp_path: Path) -> None:
    for pin in ("123", "1234", "12345", "123456789", "12a456", ""):
        with pytest.raises(ValueError, match="digits"):
            PinStore(tmp_path).set_pin(pin)


def test_staff_corner() -> None:
    assert in_staff_corner(10, 10, 1920, 1080)
    assert not in_staff_corner(100, 10, 1920, 1080)
    assert not in_staff_corner(1900, 10, 1920, 1080)


def test_corner_hold_counts_only_a_finger_kept_in_the_corner() -> None:
    clock = FakeClock()
    hold = CornerHold(clock)
    assert not hold.press(500, 500, 1920, 1080)  # not the corner
    assert hold.press(10, 10, 1920, 1080)
    clock.now += HOLD_SECONDS - 0.1
    assert not hold.due()
    clock.now += 0.1
    assert hold.due()
    assert not hold.due()  # once per hold
    hold.press(10, 10, 1920, 1080)
    hold.move(300, 10, 1920, 1080)  # slid out of the corner
    clock.now += 10
    assert not hold.due()
    hold.press(10, 10, 1920, 1080)
    hold.release()
    clock.now += 10
    assert not hold.due()


# -- set-pin command -------------------------------------------------------------------------
def set_pin(data: Path, answers: str) -> subprocess.CompletedProcess[str]:
    return run_cli("set-pin", data=data, stdin=answers)


def test_set_pin_command(tmp_path: Path) -> None:
    assert set_pin(tmp_path, "2468\n2469\n").returncode == 1
    assert not (tmp_path / "staff-pin.json").exists()
    assert set_pin(tmp_path, "12\n12\n").returncode == 1
    done = set_pin(tmp_path, "246813\n246813\n")
    assert done.returncode == 0, done.stderr
    assert PinStore(tmp_path).check("246813").verdict is Verdict.OK


# -- on the touchscreen -------------------------------------------------------------------------
def hold_corner(kiosk, qtbot, clock: FakeClock) -> None:
    """A finger in the staff corner for the whole hold (the clock moves, nobody waits)."""
    window = kiosk.window
    QTest.touchEvent(window, TOUCH).press(0, QPoint(8, 8)).commit()
    clock.now += HOLD_SECONDS
    with qtbot.waitSignal(kiosk.watcher.staff_gesture_held, timeout=2000):
        pass
    QTest.touchEvent(window, TOUCH).release(0, QPoint(8, 8)).commit()
    QApplication.processEvents()


def enter(kiosk, pin: str, qtbot) -> None:
    for digit in pin:
        tap(kiosk.staff.pad.keys[digit])
    tap(kiosk.staff.pad.keys["OK"])
    qtbot.waitUntil(lambda: "Checking" not in kiosk.staff.pad.message.text(), timeout=5000)


@pytest.fixture
def staffed(make_kiosk, private_data_folder: Path):
    PinStore(private_data_folder).set_pin("246813")
    return make_kiosk(kiosk_mode=True)


def test_three_second_corner_hold_then_pin_opens_the_panel(staffed, qtbot, clock) -> None:
    kiosk = staffed
    QTest.touchEvent(kiosk.window, TOUCH).press(0, QPoint(8, 8)).commit()
    clock.now += HOLD_SECONDS - 0.1
    qtbot.wait(300)  # the hold is looked at every 100 ms: three looks
    QTest.touchEvent(kiosk.window, TOUCH).release(0, QPoint(8, 8)).commit()
    clock.now += 1
    qtbot.wait(200)
    assert not kiosk.staff.pad.isVisible()  # a short press is nothing
    hold_corner(kiosk, qtbot, clock)
    assert kiosk.staff.pad.isVisible()
    enter(kiosk, "1111", qtbot)
    assert kiosk.staff.pad.message.text() == "Wrong PIN. Try again."
    assert kiosk.staff.pad.dots.text().strip() == ""
    enter(kiosk, "246813", qtbot)
    qtbot.waitUntil(kiosk.staff.panel.isVisible, timeout=5000)
    assert not kiosk.staff.pad.isVisible()
    assert kiosk.content.checksum in kiosk.staff.panel.live.text()
    assert "valid" in kiosk.staff.panel.problems.text()


def test_exit_kiosk_closes_the_locked_app(staffed, qtbot, clock) -> None:
    kiosk = staffed
    quits: list[bool] = []
    kiosk.window.quit_requested.connect(lambda: quits.append(True))
    kiosk.window.close()
    assert quits == []  # a locked kiosk ignores close requests...
    hold_corner(kiosk, qtbot, clock)
    enter(kiosk, "246813", qtbot)
    qtbot.waitUntil(kiosk.staff.panel.isVisible, timeout=5000)
    tap(kiosk.staff.panel.exit)
    assert quits == [True]  # ...but the staff exit works


def test_cleaning_mode_ignores_touch_then_ends(staffed, qtbot, clock) -> None:
    kiosk = staffed
    hold_corner(kiosk, qtbot, clock)
    enter(kiosk, "246813", qtbot)
    qtbot.waitUntil(kiosk.staff.panel.isVisible, timeout=5000)
    tap(kiosk.staff.panel.cleaning)
    assert kiosk.staff.cleaning.isVisible()
    assert "Back in 30 s" in kiosk.staff.cleaning.count.text()
    kiosk.staff.cleaning.start(2)  # shorten the wait for the test
    for _ in range(5):
        tap(kiosk.welcome.start)  # wiping the screen does nothing
    assert kiosk.journey.screen.value == "welcome"
    with qtbot.waitSignal(kiosk.staff.cleaning_finished, timeout=5000):
        pass
    assert not kiosk.staff.cleaning.isVisible()
    tap(kiosk.welcome.start)
    assert kiosk.journey.screen.value == "overview"


def test_idle_closes_the_staff_panel(staffed, qtbot, clock) -> None:
    kiosk = staffed
    hold_corner(kiosk, qtbot, clock)
    enter(kiosk, "246813", qtbot)
    qtbot.waitUntil(kiosk.staff.panel.isVisible, timeout=5000)
    clock.now += 200
    qtbot.waitUntil(lambda: not kiosk.staff.panel.isVisible(), timeout=3000)


def test_without_a_pin_the_gesture_does_nothing(make_kiosk, qtbot, caplog, clock) -> None:
    kiosk = make_kiosk()
    with caplog.at_level(logging.INFO, "kiosk.staff"):
        hold_corner(kiosk, qtbot, clock)
    assert not kiosk.staff.pad.isVisible()
    assert "Set one with: kiosk set-pin" in caplog.text


def test_reload_now_shows_problems_and_keeps_old_content(
    make_kiosk, qtbot, content_dir, private_data_folder, clock
) -> None:
    PinStore(private_data_folder).set_pin("246813")
    kiosk = make_kiosk(content_dir=content_dir)
    old = kiosk.content.checksum
    hold_corner(kiosk, qtbot, clock)
    enter(kiosk, "246813", qtbot)
    qtbot.waitUntil(kiosk.staff.panel.isVisible, timeout=5000)
    path = content_dir / "en" / "02-care.yaml"
    path.write_text(path.read_text().replace("title: Sun", "titel: Sun"))
    tap(kiosk.staff.panel.reload)
    qtbot.waitUntil(lambda: "titel" in kiosk.staff.panel.problems.text(), timeout=10_000)
    assert "02-care.yaml:5:5: error: unknown key 'titel'" in kiosk.staff.panel.problems.text()
    assert kiosk.content.checksum == old


def test_staff_panel_is_laid_out_when_it_opens(staffed) -> None:
    """A tap right after the panel appears must land where the button is drawn."""
    panel = staffed.staff.panel
    panel.open()
    shown_at = [button.geometry() for button in (panel.cleaning, panel.exit)]
    QApplication.processEvents()
    assert [button.geometry() for button in (panel.cleaning, panel.exit)] == shown_at


# -- PIN policy and recovery (issue 15) ----------------------------------------------------------
def legacy_pin(store: PinStore, pin: str) -> None:
    """A PIN record as earlier versions wrote it: any 4-8 digits, no recovery code."""
    store._write_record(pin, None)


def test_new_pins_need_six_digits_but_old_short_ones_still_open(tmp_path: Path) -> None:
    store = PinStore(tmp_path)
    with pytest.raises(ValueError, match="6 to 8 digits"):
        store.set_pin("2468")
    legacy_pin(store, "2468")
    attempt = store.check("2468")
    assert (attempt.verdict, attempt.short_pin, attempt.no_recovery) == (Verdict.OK, True, True)
    store.set_pin("246813")
    attempt = store.check("246813")
    assert (attempt.verdict, attempt.short_pin, attempt.no_recovery) == (Verdict.OK, False, False)


def test_a_patient_cannot_hold_the_lockout_against_the_recovery_code(tmp_path: Path) -> None:
    clock = FakeClock(1_700_000_000.0)
    store = PinStore(tmp_path, clock)
    code = store.set_pin("246813")
    assert len(code) == 12
    assert code not in store.pin_path.read_text()  # kept only as a salted hash
    for _ in range(10):  # a patient keeps renewing the PIN lockout
        store.check("000000")
        clock.now += 1
    assert store.check("246813").verdict is Verdict.WAIT
    wrong = "1" * 12 if code != "1" * 12 else "2" * 12
    assert store.check(wrong).verdict is Verdict.WRONG  # no wait yet for a first wrong code
    assert store.check(wrong).wait_seconds == 5
    assert store.check(code).verdict is Verdict.WAIT  # the code has its own, short wait
    clock.now += 5
    opened = store.check(code)
    assert (opened.verdict, opened.recovered) == (Verdict.OK, True)
    assert store.check("246813").verdict is Verdict.OK  # the PIN lockout is cleared


def test_wrong_recovery_codes_wait_at_most_a_minute(tmp_path: Path) -> None:
    clock = FakeClock(1_700_000_000.0)
    store = PinStore(tmp_path, clock)
    code = store.set_pin("246813")
    wrong = "9" * 12 if code != "9" * 12 else "8" * 12
    waits = []
    for _ in range(8):
        attempt = store.check(wrong)
        waits.append(attempt.wait_seconds)
        clock.now += attempt.wait_seconds
        store.check("000000")  # wrong PINs in between do not reset the code's counter
    assert waits == [0, 5, 15, 60, 60, 60, 60, 60]


def test_set_pin_prints_the_recovery_code_once(tmp_path: Path) -> None:
    done = set_pin(tmp_path, "246813\n246813\n")
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("recovery code: "))
    code = line.removeprefix("recovery code: ").replace(" ", "")
    assert len(code) == 12
    assert code.isdigit()
    assert PinStore(tmp_path).check(code).recovered
    assert set_pin(tmp_path, "2468\n2468\n").returncode == 1  # too short for a new PIN


def test_staff_panel_nudges_an_old_short_pin(make_kiosk, qtbot, private_data_folder, clock) -> None:
    legacy_pin(PinStore(private_data_folder), "2468")
    kiosk = make_kiosk(kiosk_mode=True)
    hold_corner(kiosk, qtbot, clock)
    enter(kiosk, "2468", qtbot)
    qtbot.waitUntil(kiosk.staff.panel.isVisible, timeout=5000)
    assert "shorter than 6 digits" in kiosk.staff.panel.notice.text()
    assert kiosk.staff.panel.notice.isVisible()


def test_keyboard_cannot_reach_the_screen_behind_the_pin_pad(staffed, qtbot, clock) -> None:
    """Tab Tab Space used to switch the language behind the PIN pad."""
    from PySide6.QtCore import Qt

    kiosk = staffed
    changed: list[str] = []
    kiosk.language_changed.connect(changed.append)
    welcome_bar = kiosk.bars[kiosk.journey.screen]
    welcome_bar.language.setFocus()  # focus was on the language button when staff came
    hold_corner(kiosk, qtbot, clock)
    assert kiosk.staff.pad.isVisible()
    for key in [Qt.Key.Key_Tab] * 20 + [Qt.Key.Key_Backtab] * 7:
        QTest.keyClick(QApplication.focusWidget() or kiosk.window, key)
        assert kiosk.staff.pad.isAncestorOf(QApplication.focusWidget())
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert changed == []


def test_keyboard_stays_in_the_staff_panel(staffed, qtbot, clock) -> None:
    from PySide6.QtCore import Qt

    kiosk = staffed
    hold_corner(kiosk, qtbot, clock)
    enter(kiosk, "246813", qtbot)
    qtbot.waitUntil(kiosk.staff.panel.isVisible, timeout=5000)
    for key in [Qt.Key.Key_Tab] * 9 + [Qt.Key.Key_Backtab] * 4:
        QTest.keyClick(QApplication.focusWidget() or kiosk.window, key)
        assert kiosk.staff.panel.isAncestorOf(QApplication.focusWidget())


def test_the_still_there_card_takes_the_keyboard_focus(make_kiosk, qtbot, clock) -> None:
    from tests.drive import to_first_slide

    kiosk = make_kiosk()
    to_first_slide(kiosk)
    clock.now += 95
    qtbot.waitUntil(kiosk.overlay.isVisible, timeout=2000)
    assert kiosk.overlay.isAncestorOf(QApplication.focusWidget())


def test_no_key_reaches_the_screen_during_cleaning(staffed, qtbot, clock) -> None:
    from PySide6.QtCore import Qt

    kiosk = staffed
    changed: list[str] = []
    kiosk.language_changed.connect(changed.append)
    hold_corner(kiosk, qtbot, clock)
    enter(kiosk, "246813", qtbot)
    qtbot.waitUntil(kiosk.staff.panel.isVisible, timeout=5000)
    tap(kiosk.staff.panel.cleaning)
    assert kiosk.staff.cleaning.isVisible()
    button = kiosk.bars[kiosk.journey.screen].language
    button.setFocus()
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Space, Qt.Key.Key_Return):
        QTest.keyClick(QApplication.focusWidget() or kiosk.window, key)
    QTest.keyClick(button, Qt.Key.Key_Space)
    assert changed == []
    kiosk.staff.cleaning.stop()


def test_recovery_code_on_the_pad_opens_a_locked_staff_mode(
    make_kiosk, qtbot, private_data_folder, clock
) -> None:
    store = PinStore(private_data_folder)
    code = store.set_pin("246813")
    for _ in range(8):
        store.check("000000")  # locked out by someone else's wrong PINs
    kiosk = make_kiosk(kiosk_mode=True)
    hold_corner(kiosk, qtbot, clock)
    enter(kiosk, "246813", qtbot)
    assert "or type the recovery code" in kiosk.staff.pad.message.text()
    enter(kiosk, code, qtbot)
    qtbot.waitUntil(kiosk.staff.panel.isVisible, timeout=5000)
    assert "Opened with the recovery code" in kiosk.staff.panel.notice.text()
