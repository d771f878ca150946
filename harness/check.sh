#!/bin/bash
# make check: from any machine state to a tested series. Every check prints
# an "ok"/"not ok" line; the last line is "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

OBJ=$TEST_OBJ
LOGS=$BUILD/logs
mkdir -p "$LOGS"
results=$LOGS/check-results.txt
: > "$results"
start=$(date +%s)

record() { tee -a "$results" | grep -E '^(not ok|#)' || true; }
step() { # name, command...: one test line from a command's exit status
	local name=$1; shift
	local slog=$LOGS/step-${name// /-}.log
	log "$name"
	if "$@" > "$slog" 2>&1; then
		echo "ok - $name" | record
	else
		tail -n 15 "$slog" | sed 's/^/# /'
		echo "not ok - $name (see ${slog#$TOP/})" | record
		return 1
	fi
}
# check-series runs beside the rest (below): its lines come last.
cs_pid=
series_results() {
	[ -n "$cs_pid" ] || return 0
	log "check-series: waiting for it to finish"
	wait "$cs_pid"
	record < "$LOGS/check-series.out"
	cs_pid=
}
finish() {
	local p f
	series_results
	p=$(grep -c '^ok ' "$results")
	f=$(grep -c '^not ok ' "$results")
	log "check: finished in $(elapsed "$start"); results in ${results#$TOP/}"
	echo "$p passed, $f failed"
	[ "$f" -eq 0 ]
	exit
}

step "install dependencies" "$HARNESS/deps.sh" || finish
step "base kernel fetched and verified" "$HARNESS/base.sh" || finish
step "series applies (make worktree)" "$HARNESS/worktree.sh" || finish

# check-series needs nothing that follows: it runs beside the test kernel
# build and the VMs, at the lowest priority, in the CPU time they leave
# (link steps, boots, waits for the emulated disk), and finishes after
# them. Both CPUs are busy most of the time: this fills gaps, it does not
# hide the check-series time. Idle CPU and I/O classes (SCHED_IDLE,
# ionice idle), not only nice 19, which did not keep it out of the test
# kernel build's way on the machine of 2026-12-06 (22 min beside it, 10
# min alone): the idle classes also yield the disk.
log "check-series: checkpatch and W=1 build per patch, beside the rest (idle priority)"
idle=(nice -n 19)
command -v chrt > /dev/null && idle+=(chrt --idle 0)
command -v ionice > /dev/null && idle+=(ionice -c 3)
"${idle[@]}" "$HARNESS/check-series.sh" > "$LOGS/check-series.out" \
	2> "$LOGS/check-series.stderr" &
cs_pid=$!

step "build the test kernel" "$HARNESS/build.sh" test || finish
step "build the selftests" "$HARNESS/build-selftests.sh" "$LINUX" "$OBJ" || finish
step "build the soak" gcc -O2 -static -Wall -Wextra -isystem "$OBJ/usr/include" \
	-o "$OBJ/soak" "$HARNESS/vm/soak.c" || finish
shopt -s nullglob
selftests=("$OBJ"/selftests/*)
shopt -u nullglob
step "build the initramfs" "$HARNESS/initramfs.sh" "$OBJ" "$OBJ/initramfs.cpio" \
	"$HARNESS/vm/run-tests" "$HARNESS/vm/run-soak" "$OBJ/soak" "${selftests[@]}" || finish

log "vm: booting the patched kernel (TCG: a few minutes)"
"$HARNESS/qemu.sh" --kernel "$OBJ/arch/x86/boot/bzImage" --initrd "$OBJ/initramfs.cpio" \
	--log "$LOGS/vm-check.log" --mode check --mem "$VM_MEM" \
	--swap "$VM_SWAP" --gpu both --timeout "${VM_TIMEOUT:-1800}" --quiet | record
nmods=$(strip_comments "$HARNESS/config/kunit.list" | wc -l)
python3 "$HARNESS/ktap.py" "$LOGS/vm-check.log" "$LINUX" "$LOGS/kunit" "$nmods" | record
# Checks that the guest judged itself (the TTM knobs).
grep -a '^HARNESS-RESULT ' "$LOGS/vm-check.log" | sed 's/^HARNESS-RESULT //' | record
# The selftests the series has, on both GPUs of the VM.
if [ -x "$OBJ/selftests/dumb_swapping" ]; then
	python3 "$HARNESS/selftest-report.py" "$LOGS/vm-check.log" bochs-drm qxl | record
fi
# Two minutes of the soak (harness/vm/run-soak), at the end of the VM run.
"$HARNESS/soak-report.sh" check "$LOGS/vm-check.log" | record
# Hibernation (plain, with buffers backed up before it, with buffers freed
# while it owns the swap device through /dev/snapshot) and suspend to RAM
# in the middle of a restore, with buffers on bochs and qxl in the same
# boots: the test kernel has pm.config. HIB_PLAN picks fewer, HIB_GPUS
# other GPUs (harness/hibernate.sh).
log "hibernation and suspend to RAM (harness/hibernate.sh)"
HIB_BUILD=0 HIB_TAG=check HIB_PLAN="${HIB_PLAN:-}" HIB_GPUS="${HIB_GPUS:-}" \
	"$HARNESS/hibernate.sh" 2> "$LOGS/hibernate-check.stderr" | grep -E '^(ok|not ok|#) ' | record
finish
