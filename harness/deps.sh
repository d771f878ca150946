#!/bin/bash
# Install every Debian package the harness needs, when missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKGS=(build-essential gcc make git perl python3 flex bison bc cpio kmod
      libelf-dev libssl-dev xz-utils ccache qemu-system-x86 busybox-static
      util-linux rsync python3-ply python3-git)
# Extra packages some targets need (make bench plots).
[ $# -gt 0 ] && PKGS+=("$@")

missing=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	[[ $st == ii* ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

log "installing: ${missing[*]}"
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || die "need root to install ${missing[*]}: run as root or install them"
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || die "apt-get update failed"
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
	die "apt-get install ${missing[*]} failed"
