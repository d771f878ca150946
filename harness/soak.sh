#!/bin/bash
# make soak: boot the test kernel (lockdep, DEBUG_VM) with bochs, qxl and
# swap, and run harness/vm/soak.c for SOAK_MIN minutes: clients creating,
# filling, verifying and destroying dumb buffers of 1.5 to 2 times the RAM,
# an anonymous-memory hog, fault injection, SIGKILLs, swapoff, drop_caches
# and a memcg. A progress line every minute, the summary last; exit 1 on a
# mismatch, a kernel warning or a client that died of something else than
# our SIGKILL or the OOM killer.
# Variables: SOAK_MIN (40), SOAK_SEED (time), SOAK_CLIENTS (3 per device),
# SOAK_FAULT_INTERVAL (100: 1% of one call in 100 fails), SOAK_SWAPOFF_PERIOD
# (300 s), SOAK_APPEND (more kernel arguments). SOAK_SRC and SOAK_OBJ boot
# another tree than build/linux (build/obj/test), without the dependency,
# base and worktree steps.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

min=${SOAK_MIN:-40}
[[ $min =~ ^[1-9][0-9]*$ ]] || die "SOAK_MIN takes whole minutes, not '$min'"
seed=${SOAK_SEED:-$(date +%s)}
[[ $seed =~ ^[0-9]+$ ]] || die "SOAK_SEED takes a number, not '$seed'"
clients=${SOAK_CLIENTS:-3} fint=${SOAK_FAULT_INTERVAL:-100} period=${SOAK_SWAPOFF_PERIOD:-300}
for v in "$clients" "$fint" "$period"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || die "SOAK_CLIENTS, SOAK_FAULT_INTERVAL and SOAK_SWAPOFF_PERIOD take positive numbers, not '$v'"
done
if [ -n "${SOAK_SRC:-}" ]; then
	src=$SOAK_SRC obj=${SOAK_OBJ:?SOAK_OBJ goes with SOAK_SRC}
else
	src=$LINUX obj=$TEST_OBJ
	"$HARNESS/deps.sh"
	"$HARNESS/worktree.sh"
fi
"$HARNESS/build.sh" "$src" "$obj" "${TEST_FRAGS[@]}"
"$HARNESS/build-selftests.sh" "$src" "$obj"
gcc -O2 -static -Wall -Wextra -isystem "$obj/usr/include" -o "$obj/soak" "$HARNESS/vm/soak.c"
"$HARNESS/initramfs.sh" "$obj" "$obj/initramfs-soak.cpio" "$HARNESS/vm/run-soak" "$obj/soak"

logf=$BUILD/logs/vm-soak.log
mkdir -p "$BUILD/logs"
log "soak: $min minutes, seed $seed (SOAK_SEED=$seed reproduces the clients' choices)"
s=$(date +%s)
# The VM boots in a minute and the clients check every buffer at the end.
"$HARNESS/qemu.sh" --kernel "$obj/arch/x86/boot/bzImage" --initrd "$obj/initramfs-soak.cpio" \
	--log "$logf" --mode soak --mem "$VM_MEM" --swap "$VM_SWAP" --gpu both \
	--timeout $((min * 60 + 1200)) --quiet \
	--append "harness.soak_min=$min harness.soak_seed=$seed harness.soak_clients=$clients harness.soak_fault_interval=$fint harness.soak_swapoff_period=$period ${SOAK_APPEND:-}" \
	> "$BUILD/logs/vm-soak.check" 2>&1 &
qpid=$!
trap 'kill "$qpid" 2>/dev/null || true' EXIT
shown=0
while kill -0 "$qpid" 2>/dev/null; do
	sleep 10
	[ -f "$logf" ] || continue
	now=$(grep -ac '^HARNESS-SOAK-PROGRESS ' "$logf" || true)
	if [ "$now" -gt "$shown" ]; then
		"$HARNESS/soak-report.sh" progress "$logf" "$shown" "$now" "$min"
		shown=$now
	fi
done
rc=0
wait "$qpid" || rc=1
trap - EXIT
log "soak: the VM ran $(elapsed "$s") (log: ${logf#$TOP/})"
# The VM's own verdict (time-out, init finished, guest errors), then ours.
grep -E '^(not ok|#)' "$BUILD/logs/vm-soak.check" || true
"$HARNESS/soak-report.sh" result "$logf" || rc=1
exit $rc
