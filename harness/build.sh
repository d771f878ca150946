#!/bin/bash
# Build a kernel and its modules incrementally.
# Usage: build.sh SRC OBJ FRAGMENT...   (modules are installed in OBJ/modroot)
#        build.sh test                   the test kernel: build/linux, with
#                                        the series of patches/ (worktree.sh),
#                                        in TEST_OBJ with TEST_FRAGS (lib.sh)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
if [ $# -eq 1 ] && [ "$1" = test ]; then
	"$HARNESS/worktree.sh"
	set -- "$LINUX" "$TEST_OBJ" "${TEST_FRAGS[@]}"
fi
[ $# -ge 3 ] || die "usage: build.sh SRC OBJ FRAGMENT... | build.sh test"
src=$(realpath "$1") obj=$(realpath -m "$2"); shift 2

"$HARNESS/kconfig.sh" "$src" "$obj" "$@"
mkdir -p "$BUILD/logs"
blog=$BUILD/logs/build-$(basename "$obj").log
s=$(date +%s)
log "build: ${src#$TOP/} -> ${obj#$TOP/} (log: ${blog#$TOP/})"
if ! make -C "$src" O="$obj" -j"$JOBS" "${KCC[@]}" bzImage modules > "$blog" 2>&1; then
	grep -E 'error:|Error [0-9]' "$blog" | head -n 20 >&2
	die "build of ${src#$TOP/} failed, see ${blog#$TOP/}"
fi
rm -rf "$obj/modroot"
make -C "$src" O="$obj" INSTALL_MOD_PATH="$obj/modroot" INSTALL_MOD_STRIP=1 \
	modules_install >> "$blog" 2>&1 || die "modules_install failed, see ${blog#$TOP/}"
log "build: done in $(elapsed "$s")"
