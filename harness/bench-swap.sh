#!/bin/bash
# make bench-swap: throughput of swap_backup_folio() backup and restore
# beside the kernel's own swap-out and swap-in of as much anonymous memory,
# measured in the same VM (the test kernel), medians of BENCH_REPS rounds.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OBJ=$TEST_OBJ
B=$BUILD/bench/swap
mib=${BENCH_MIB:-256} reps=${BENCH_REPS:-3}

"$HARNESS/deps.sh"
"$HARNESS/worktree.sh"
"$HARNESS/build.sh" test
mkdir -p "$B/mod"
cp "$HARNESS/bench/swap_backup_bench.c" "$HARNESS/bench/Kbuild" "$B/mod/"
log "bench-swap: building the benchmark module and program"
make -s -C "$LINUX" O="$OBJ" M="$B/mod" "${KCC[@]}" modules > "$B/build.log" 2>&1 ||
	die "module build failed, see ${B#$TOP/}/build.log"
gcc -O2 -static -Wall -o "$B/anon_swap_bench" "$HARNESS/bench/anon_swap_bench.c"
cp "$HARNESS/vm/bench-swap" "$B/run-workload"
"$HARNESS/initramfs.sh" "$OBJ" "$B/initramfs.cpio" "$B/run-workload" \
	"$B/mod/swap_backup_bench.ko" "$B/anon_swap_bench"
log "bench-swap: $reps rounds of $mib MiB each way, in one $VM_MEM VM (TCG: minutes)"
"$HARNESS/qemu.sh" --kernel "$OBJ/arch/x86/boot/bzImage" --initrd "$B/initramfs.cpio" \
	--log "$BUILD/logs/vm-bench-swap.log" --mode run --mem "$VM_MEM" \
	--swap "$VM_SWAP" --gpu bochs --timeout 3600 --quiet \
	--append "harness.bench_mib=$mib harness.bench_reps=$reps"

python3 "$HARNESS/bench/swap-report.py" "$BUILD/logs/vm-bench-swap.log" "$mib"
