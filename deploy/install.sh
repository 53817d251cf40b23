#!/bin/sh
# Install the kiosk on a fresh Debian 12 machine as a cage + systemd service. Run as root
# from a copy of the project:  sudo sh deploy/install.sh
set -eu
SRC="$(cd "$(dirname "$0")/.." && pwd)"
DEST=/opt/skin-kiosk

apt-get update
# libpango/libharfbuzz-subset: WeasyPrint lays out the printed take-home; cups-client: lp/lpstat
apt-get install -y --no-install-recommends python3-venv cage libegl1 libgl1 \
    libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 cups-client
id kiosk >/dev/null 2>&1 || useradd --create-home --groups video,render,input kiosk
mkdir -p "$DEST"
cp -r "$SRC"/kiosk "$SRC"/assets "$SRC"/content "$SRC"/deploy "$SRC"/pyproject.toml \
    "$SRC"/README.md "$SRC"/main.py "$DEST"/
[ -x "$DEST/.venv/bin/python" ] || python3 -m venv "$DEST/.venv"
"$DEST/.venv/bin/pip" install --quiet "$DEST"
# The kiosk user reads the content but cannot change it: content belongs to root and the
# kiosk-staff group (staff accounts, the studio or the fleet pull write it), readable by all.
getent group kiosk-staff >/dev/null || groupadd kiosk-staff
chown -R root:kiosk-staff "$DEST/content"
chmod -R u=rwX,g=rwX,o=rX "$DEST/content"
find "$DEST/content" -type d -exec chmod g+s {} +   # new files join the group too
chown -R root:root "$DEST/kiosk" "$DEST/assets" "$DEST/deploy" "$DEST/.venv"
install -m 0644 "$DEST/deploy/skin-kiosk.service" /etc/systemd/system/skin-kiosk.service
systemctl daemon-reload
systemctl disable getty@tty1.service 2>/dev/null || true
systemctl enable skin-kiosk.service
systemctl set-default graphical.target
echo "Installed. Set the staff PIN:  sudo -u kiosk $DEST/.venv/bin/kiosk set-pin"
echo "Then start it:                 sudo systemctl start skin-kiosk"
echo "Staff who edit the content:    sudo usermod -aG kiosk-staff THEIR-ACCOUNT"
