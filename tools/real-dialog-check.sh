#!/usr/bin/env bash
# real-dialog-check.sh — open a journey through the real native file dialog, in a real window.
#
# usage: tools/real-dialog-check.sh [BINARY] [OUT_DIR]
#   BINARY   the app to run (default: target/release/journey-designer)
#   OUT_DIR  where screenshots and the app's log go (default: a new temporary folder)
#
# Starts a virtual X display, runs the app, presses ctrl+O, and answers the desktop's own
# file dialog (rfd falls back to zenity when there is no xdg-desktop-portal) by typing the path
# of a journey file, one key at a time as a person would. Passes when the window title then
# names that file. Screenshots: before.png, dialog.png, after.png.
# Needs (installed with apt-get when missing, as root): xvfb xdotool imagemagick zenity and Mesa.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-target/release/journey-designer}
out=${2:-$(mktemp -d)}
mkdir -p "$out"
[ -x "$bin" ] || { echo "real-dialog-check: no program at $bin (build it first)" >&2; exit 2; }

need=()
command -v Xvfb >/dev/null || need+=(xvfb xauth)
command -v xdotool >/dev/null || need+=(xdotool)
command -v import >/dev/null || need+=(imagemagick)
command -v zenity >/dev/null || need+=(zenity)
ls /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so >/dev/null 2>&1 || need+=(libgl1-mesa-dri libgl1 libegl1 libegl-mesa0 libglx-mesa0)
ls /usr/lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 >/dev/null 2>&1 || need+=(libxkbcommon-x11-0 libxcursor1 libxi6 libx11-xcb1)
if [ ${#need[@]} -gt 0 ]; then
  echo "real-dialog-check: installing ${need[*]}" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; } >/dev/null 2>&1 \
    || { echo "real-dialog-check: could not install ${need[*]}" >&2; exit 3; }
fi

work=$(mktemp -d)
journey="$work/dialog-check.json"
cp "$here/../assets/templates/tesla.json" "$journey"

disp=$((500 + RANDOM % 400))
while [ -e /tmp/.X11-unix/X$disp ]; do disp=$((disp + 1)); done
Xvfb ":$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
app=
cleanup() {
  # Only what this script started: the app, the dialog it opened (its child), the X server.
  if [ -n "$app" ]; then
    pkill -P "$app" 2>/dev/null
    kill "$app" 2>/dev/null
  fi
  kill "$xpid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=":$disp" XDG_RUNTIME_DIR="$work" JOURNEY_DESIGNER_DATA_DIR="$work/data"
for _ in $(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
chmod 700 "$work"

"$bin" >"$out/app.log" 2>&1 &
app=$!
wid=
for _ in $(seq 300); do
  wid=$(xdotool search --onlyvisible --pid "$app" 2>/dev/null | head -n 1)
  [ -n "$wid" ] && break
  sleep 0.1
done
[ -n "$wid" ] || { echo "real-dialog-check: the window did not appear" >&2; tail "$out/app.log" >&2; exit 1; }
sleep 2
# A bare X server has no window manager to hand out the keyboard.
xdotool windowfocus --sync "$wid"
import -window root "$out/before.png"

xdotool key --clearmodifiers ctrl+o
dialog=
for _ in $(seq 300); do
  zenity=$(pgrep -P "$app" zenity 2>/dev/null | head -n 1)
  [ -n "$zenity" ] && dialog=$(xdotool search --onlyvisible --pid "$zenity" 2>/dev/null | head -n 1)
  [ -n "$dialog" ] && break
  sleep 0.1
done
[ -n "$dialog" ] || { echo "real-dialog-check: no file dialog appeared" >&2; import -window root "$out/no-dialog.png"; exit 1; }
sleep 1
xdotool windowfocus --sync "$dialog"
# The window keeps drawing while the dialog is open: its title is still readable.
echo "while the dialog is open, the window is: $(xdotool getwindowname "$wid")"
for ((i = 0; i < ${#journey}; i++)); do xdotool type -- "${journey:i:1}"; sleep 0.03; done
sleep 0.5
import -window root "$out/dialog.png"
xdotool key Return
sleep 2
title=$(xdotool getwindowname "$wid")
import -window root "$out/after.png"
echo "window title after opening: $title"
echo "screenshots in $out"
case "$title" in
  "dialog-check.json — Journey Designer") echo "real-dialog-check: passed"; exit 0 ;;
  *) echo "real-dialog-check: failed: expected the title to name dialog-check.json" >&2; exit 1 ;;
esac
