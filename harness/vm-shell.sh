#!/bin/bash
# make vm-shell: build the test kernel and its initramfs, then boot it with
# a shell on the console (VM_MEM, VM_SWAP, VM_GPU from the environment).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$HARNESS/build.sh" test
"$HARNESS/initramfs.sh" "$TEST_OBJ" "$TEST_OBJ/initramfs.cpio"
"$HARNESS/qemu.sh" --kernel "$TEST_OBJ/arch/x86/boot/bzImage" \
	--initrd "$TEST_OBJ/initramfs.cpio" --log "$BUILD/logs/vm-shell.log" \
	--mode shell --mem "$VM_MEM" --swap "$VM_SWAP" --gpu "$VM_GPU"
