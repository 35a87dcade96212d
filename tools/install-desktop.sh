#!/usr/bin/env bash
# install-desktop.sh — puts Journey Designer in the desktop's menu and makes *.journey.json
# files open in it from the file manager (freedesktop desktops: GNOME, KDE, Xfce, …).
#
# usage: tools/install-desktop.sh [BINARY]
#   BINARY defaults to the journey-designer on PATH (cargo install --path . puts it in
#   ~/.cargo/bin). The menu entry runs it by its full path, since a desktop session's PATH
#   often lacks ~/.cargo/bin. Installs for the current user under $XDG_DATA_HOME
#   (~/.local/share): the menu entry, the icon (256 px and scalable), and the file type
#   application/x-journey-designer+json for *.journey.json. Run it again after moving the
#   program; remove the files it lists to uninstall.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$(command -v journey-designer || true)}
[ -n "$bin" ] && [ -x "$bin" ] || {
  echo "install-desktop: no journey-designer program found; run 'cargo install --path .' first, or give its path" >&2
  exit 2
}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
data=${XDG_DATA_HOME:-$HOME/.local/share}

install -d "$data/applications" "$data/icons/hicolor/256x256/apps" \
  "$data/icons/hicolor/scalable/apps" "$data/mime/packages"
sed -e "s|^Exec=journey-designer|Exec=$bin|" -e "s|^TryExec=journey-designer|TryExec=$bin|" \
  "$here/assets/journey-designer.desktop" >"$data/applications/journey-designer.desktop"
install -m644 "$here/assets/icon.png" "$data/icons/hicolor/256x256/apps/journey-designer.png"
install -m644 "$here/assets/icon.svg" "$data/icons/hicolor/scalable/apps/journey-designer.svg"
install -m644 "$here/assets/journey-designer-mime.xml" "$data/mime/packages/journey-designer.xml"

# The desktop's caches; each tool is optional, and a desktop without it reads the files anyway.
if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime"; fi
if command -v update-desktop-database >/dev/null; then update-desktop-database "$data/applications"; fi
if command -v gtk-update-icon-cache >/dev/null; then
  gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
fi

echo "Installed for $(id -un):"
echo "  $data/applications/journey-designer.desktop (runs $bin)"
echo "  $data/icons/hicolor/256x256/apps/journey-designer.png"
echo "  $data/icons/hicolor/scalable/apps/journey-designer.svg"
echo "  $data/mime/packages/journey-designer.xml (*.journey.json)"
