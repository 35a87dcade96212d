#!/usr/bin/env bash
# focused.sh — run a program and give its window the keyboard focus once it appears.
#
# usage: tools/focused.sh PROGRAM [ARGS...]
#
# A bare X server (Xvfb, as used by ../shared/tools/shoot.sh and tools/real-dialog-check.sh)
# has no window manager to focus new windows, so key presses sent with xdotool would go
# nowhere. This wrapper keeps the program's process id (it execs the program), so tools that
# find the window by process id still find it.
set -u
(
  for _ in $(seq 100); do
    wid=$(xdotool search --onlyvisible --pid "$$" 2>/dev/null | head -n 1)
    if [ -n "$wid" ]; then
      sleep 0.5
      xdotool windowfocus --sync "$wid" 2>/dev/null
      exit 0
    fi
    sleep 0.1
  done
) &
exec "$@"
