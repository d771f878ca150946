#!/bin/bash
# make run: build the patched kernel, boot it with a bochs GPU and a swap
# disk, run the workload and show what happened.
# Usage: run.sh   (VM_MEM, VM_SWAP, VM_GPU, VM_TIMEOUT, VM_APPEND from the
# environment; see README)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OBJ=$TEST_OBJ

if [ $# -gt 0 ]; then
	echo "usage: $0   (or make run; takes no arguments: VM_MEM, VM_SWAP, VM_GPU," >&2
	echo "       VM_TIMEOUT and VM_APPEND come from the environment, see README)" >&2
	case "$1" in -h|--help) exit 0 ;; *) exit 2 ;; esac
fi

"$HARNESS/deps.sh"
"$HARNESS/build.sh" test
"$HARNESS/build-selftests.sh" "$LINUX" "$OBJ"
log "run: building the workload"
gcc -O2 -static -Wall -Wextra -isystem "$OBJ/usr/include" \
	-o "$OBJ/ttm_pressure" "$HARNESS/vm/ttm_pressure.c"
"$HARNESS/initramfs.sh" "$OBJ" "$OBJ/initramfs-run.cpio" "$HARNESS/vm/run-workload" \
	"$OBJ/ttm_pressure"
rc=0
"$HARNESS/qemu.sh" --kernel "$OBJ/arch/x86/boot/bzImage" --initrd "$OBJ/initramfs-run.cpio" \
	--log "$BUILD/logs/vm-run.log" --mode run --mem "$VM_MEM" --swap "$VM_SWAP" \
	--gpu "$VM_GPU" --timeout "${VM_TIMEOUT:-1800}" --append "${VM_APPEND:-quiet}" || rc=$?
grep -a -q 'HARNESS-ERROR' "$BUILD/logs/vm-run.log" && rc=1
# The summary of the last workload, last.
summary=$(grep -a -E '^[0-9]+ buffers, [0-9]+ MiB of graphics memory in a [0-9]+ MiB VM: ' \
	"$BUILD/logs/vm-run.log" | tail -n 1 | tr -d '\r')
if [ -z "$summary" ]; then
	echo "make run: the workload printed no summary, see build/logs/vm-run.log"
	exit 1
fi
case "$summary" in *" 0 mismatches") ;; *) rc=1 ;; esac
echo "$summary"
exit "$rc"
