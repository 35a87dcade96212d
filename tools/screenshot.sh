#!/usr/bin/env bash
# screenshot.sh — a PNG of the editor in a real window on a virtual display.
#
# usage: tools/screenshot.sh OUT.png [BINARY] [-- APP_ARGS...]
#   BINARY defaults to target/release/journey-designer; APP_ARGS are passed to it (a file).
# Example (the README's picture): cargo build --release && tools/screenshot.sh docs/screenshot.png
# Needs (installed with apt-get when missing, as root): xvfb xdotool imagemagick and Mesa.
set -u
out=${1:?usage: tools/screenshot.sh OUT.png [BINARY] [-- APP_ARGS...]}
shift
bin=target/release/journey-designer
if [ $# -gt 0 ] && [ "$1" != "--" ]; then bin=$1; shift; fi
[ "${1:-}" = "--" ] && shift
[ -x "$bin" ] || { echo "screenshot: no program at $bin (build it first)" >&2; exit 2; }

need=()
command -v Xvfb >/dev/null || need+=(xvfb xauth)
command -v xdotool >/dev/null || need+=(xdotool)
command -v import >/dev/null || need+=(imagemagick)
ls /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so >/dev/null 2>&1 || need+=(libgl1-mesa-dri libgl1 libegl1 libegl-mesa0 libglx-mesa0)
ls /usr/lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 >/dev/null 2>&1 || need+=(libxkbcommon-x11-0 libxcursor1 libxi6 libx11-xcb1)
if [ ${#need[@]} -gt 0 ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; } >/dev/null 2>&1 \
    || { echo "screenshot: could not install ${need[*]}" >&2; exit 3; }
fi

work=$(mktemp -d) && chmod 700 "$work"
disp=$((500 + RANDOM % 400))
while [ -e /tmp/.X11-unix/X$disp ]; do disp=$((disp + 1)); done
Xvfb ":$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
app=
trap '[ -n "$app" ] && kill "$app" 2>/dev/null; kill "$xpid" 2>/dev/null; rm -rf "$work"' EXIT
# A fresh data folder: no recent files, no recovery prompt from earlier runs, and the
# first start's welcome already closed, so the picture shows the editor.
export DISPLAY=":$disp" XDG_RUNTIME_DIR="$work" JOURNEY_DESIGNER_DATA_DIR="$work/data"
mkdir -p "$work/data" && printf '{"recent": [], "welcome_dismissed": true}\n' >"$work/data/settings.json"
for _ in $(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

"$bin" "$@" >"$work/app.log" 2>&1 &
app=$!
for _ in $(seq 300); do
  xdotool search --onlyvisible --pid "$app" >/dev/null 2>&1 && break
  sleep 0.1
done
sleep 2
import -window root "$out" && echo "screenshot: $out"
