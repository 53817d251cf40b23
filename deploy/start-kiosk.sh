#!/bin/sh
# Simpler setups: start the kiosk from a desktop session's autostart (see skin-kiosk.desktop).
# Keeps the screen awake, and restarts the kiosk after a crash. The staff exit (code 0) stops.
KIOSK_HOME="${KIOSK_HOME:-/opt/skin-kiosk}"

if command -v xset >/dev/null 2>&1 && [ -n "${DISPLAY:-}" ]; then
    xset s off      # no screen saver
    xset s noblank  # no blanking
    xset -dpms      # no monitor power saving
fi
if command -v gsettings >/dev/null 2>&1; then
    gsettings set org.gnome.desktop.session idle-delay 0 2>/dev/null || true
    gsettings set org.gnome.desktop.screensaver lock-enabled false 2>/dev/null || true
fi

while :; do
    "$KIOSK_HOME/.venv/bin/kiosk" run --kiosk --content "$KIOSK_HOME/content"
    code=$?
    [ "$code" -eq 0 ] && exit 0   # staff exit: stay closed
    echo "kiosk exited with $code; restarting in 2 s" >&2
    sleep 2
done
