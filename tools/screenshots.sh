#!/bin/sh
# Renders the README's screenshots with `kiosk snapshot`: the real day, and a made-up
# multi-room day (tests/data/multiroom.yaml) in landscape, portrait and at a room door.
# Usage: tools/screenshots.sh [KIOSK]   (default: .venv/bin/kiosk)
set -eu
kiosk=${1:-.venv/bin/kiosk}
out=docs/screenshots
mkdir -p "$out"
shot() { "$kiosk" snapshot schedule.yaml --at "$1" --size "$2" --output "$out/$3.png"; }
shot 10:20 1920x1080 1020-walk-in
shot 11:20 1920x1080 1120-dennis-martens
shot 13:30 1920x1080 1330-lunch
shot 15:30 1920x1080 1530-workshops
shot 17:05 1920x1080 1705-after
shot 11:20 1080x1920 1120-portrait
day=tests/data/multiroom.yaml
"$kiosk" snapshot "$day" --at 11:00 --size 1920x1080 --output "$out/multiroom-1100.png"
"$kiosk" snapshot "$day" --at 11:00 --size 1080x1920 --output "$out/multiroom-1100-portrait.png"
"$kiosk" snapshot "$day" --at 11:00 --size 1920x1080 --room "Zaal 3" \
    --output "$out/multiroom-1100-door.png"
