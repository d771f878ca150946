#!/bin/bash
# Build the selftests of the series for the VM: static binaries, against
# the series' own UAPI headers. Usage: build-selftests.sh SRC OBJ
# Writes OBJ/selftests/; a selftest the series does not have is skipped.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
src=$(realpath "$1") obj=$(realpath -m "$2")
out=$obj/selftests
rm -rf "$out"
mkdir -p "$out"
make -s -C "$src" O="$obj" INSTALL_HDR_PATH="$obj/usr" headers_install ||
	die "headers_install failed"
st=$src/tools/testing/selftests
for t in drivers/gpu/dumb_swapping/dumb_swapping; do
	[ -f "$st/$t.c" ] || { log "selftests: $t is not in the series, skipped"; continue; }
	gcc -O2 -Wall -Wextra -pthread -static -isystem "$obj/usr/include" -I "$st" \
		-o "$out/$(basename "$t")" "$st/$t.c" -lm ||
		die "build of selftest $t failed"
	log "selftests: built $t"
done
