#!/bin/bash
# make run: build the patched kernel, boot it with a bochs GPU and a swap
# disk, run the workload and show what happened.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OBJ=$BUILD/obj/test

"$HARNESS/deps.sh"
"$HARNESS/worktree.sh"
"$HARNESS/build.sh" "$LINUX" "$OBJ" "$HARNESS/config/test.config" "$HARNESS/config/tests.config"
log "run: building the workload"
gcc -O2 -static -Wall -Wextra -D__user= -idirafter "$LINUX/include/uapi" \
	-o "$OBJ/ttm_pressure" "$HARNESS/vm/ttm_pressure.c"
"$HARNESS/initramfs.sh" "$OBJ" "$OBJ/initramfs-run.cpio" "$HARNESS/vm/run-workload" \
	"$OBJ/ttm_pressure"
"$HARNESS/qemu.sh" --kernel "$OBJ/arch/x86/boot/bzImage" --initrd "$OBJ/initramfs-run.cpio" \
	--log "$BUILD/logs/vm-run.log" --mode run --mem "$VM_MEM" --swap "$VM_SWAP" \
	--gpu "$VM_GPU" --timeout "${VM_TIMEOUT:-1800}" --append "${VM_APPEND:-quiet}"
