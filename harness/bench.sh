#!/bin/bash
# make bench: the unpatched base against the patched series, built from the
# same kconfig fragments (base.config + bench.config, no debugging), in
# identical VMs (bochs, VM_MEM RAM, VM_SWAP swap), alternating kernels,
# BENCH_REPS repetitions. Scenarios: harness/vm/bench-run. Report:
# harness/bench/report.py (table, build/bench/results.csv, bench.png, and
# the idle-tax and reclaim lines last).
# BENCH_SKIP_BUILD=1 boots the kernels already built in build/obj/bench-*
# as they are (from whatever tree they were built), without updating
# build/linux or building anything.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
B=$BUILD/bench
reps=${BENCH_REPS:-3}
[[ $reps =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPS must be a positive number, not '$reps'"
skip_build=${BENCH_SKIP_BUILD:-0}
[[ $skip_build =~ ^[01]$ ]] || die "BENCH_SKIP_BUILD must be 0 or 1, not '$skip_build'"
FRAGS=("$HARNESS/config/base.config" "$HARNESS/config/bench.config")
BASESRC=$BUILD/base-src
start=$(date +%s)

"$HARNESS/deps.sh" gnuplot-nox
if [ "$skip_build" = 1 ]; then
	for k in base patched; do
		[ -f "$BUILD/obj/bench-$k/arch/x86/boot/bzImage" ] ||
			die "BENCH_SKIP_BUILD=1, but the $k kernel was never built (build/obj/bench-$k)"
	done
	log "bench [1/4], [2/4]: BENCH_SKIP_BUILD=1, the kernels of build/obj/bench-{base,patched} as they are"
else
	"$HARNESS/worktree.sh"

	# The base as a second worktree of build/linux, so both trees share ccache.
	scratch_checkout "$BASE_TAG" "$BASESRC"

	log "bench [1/4]: the unpatched base kernel"
	KCONFIG_LENIENT=1 "$HARNESS/build.sh" "$BASESRC" "$BUILD/obj/bench-base" "${FRAGS[@]}"
	log "bench [2/4]: the patched kernel"
	"$HARNESS/build.sh" "$LINUX" "$BUILD/obj/bench-patched" "${FRAGS[@]}"
fi
grep -qx 'CONFIG_DRM_TTM_SHRINKER=y' "$BUILD/obj/bench-patched/.config" ||
	die "the patched kernel has no CONFIG_DRM_TTM_SHRINKER"

mkdir -p "$B" "$BUILD/logs"
# The UAPI headers of the tree the patched kernel was built from (kbuild's
# "source" link in its build directory).
make -s -C "$(readlink -f "$BUILD/obj/bench-patched/source")" O="$BUILD/obj/bench-patched" \
	INSTALL_HDR_PATH="$B/usr" headers_install || die "headers_install failed"
gcc -O2 -Wall -Wextra -static -pthread -isystem "$B/usr/include" \
	-o "$B/gpu_bench" "$HARNESS/bench/gpu_bench.c"
# The VM's init runs /tests/run-workload in mode "run".
cp "$HARNESS/vm/bench-run" "$B/run-workload"
for k in base patched; do
	"$HARNESS/initramfs.sh" "$BUILD/obj/bench-$k" "$B/initramfs-$k.cpio" \
		"$B/run-workload" "$B/gpu_bench"
done

# The lines of a VM's console that tell how far the workload got, as they come.
progress() {
	sed -u 's/\r$//' |
		grep -a --line-buffered -E '^HARNESS: bench|^BENCH scenario=(anon|idle-check|cycle|cycle-fill|overhead) |^(not )?ok - ' |
		sed -u -e 's/^HARNESS: bench /    /' \
		    -e 's/^BENCH scenario=\([^ ]*\) tag=\([^ ]*\) time_s=\([^ ]*\) .*/      \1 \2: \3 s/' >&2
	return 0
}

log "bench [3/4]: $reps repetitions of each kernel, alternating, one ${VM_MEM} VM at a time"
rm -f "$BUILD"/logs/bench-*.log
# One swap image for every boot, written through once: the first write to
# a block of a sparse image makes the host allocate it, which showed as
# iowait in whichever scenario swapped first (0.84 s of a 3.3 s run). The
# guest formats it again at each boot.
swapimg=$B/swap.img
rm -f "$swapimg" "$swapimg-small" "$swapimg-faulty"
dd if=/dev/zero of="$swapimg" bs=1M count=$(($(numfmt --from=iec "$VM_SWAP") >> 20)) \
	status=none || die "bench: cannot write the swap image $swapimg"
trap 'rm -f "$swapimg" "$swapimg-small" "$swapimg-faulty"' EXIT
n=$((2 * reps)) i=0
for r in $(seq 1 "$reps"); do
	for k in base patched; do
		i=$((i + 1))
		log "bench [3/4]: run $i of $n: $k kernel, repetition $r of $reps ($(elapsed "$start") so far)"
		s=$(date +%s)
		# The console goes to the log; what the workload reports shows live.
		set +e
		"$HARNESS/qemu.sh" --kernel "$BUILD/obj/bench-$k/arch/x86/boot/bzImage" \
			--initrd "$B/initramfs-$k.cpio" --log "$BUILD/logs/bench-$k-$r.log" \
			--mode run --mem "$VM_MEM" --swap "$VM_SWAP" --swap-image "$swapimg" --gpu bochs \
			--timeout "${BENCH_TIMEOUT:-1500}" \
			--append "quiet ${BENCH_APPEND:-}" | progress
		rc=${PIPESTATUS[0]}
		set -e
		[ "$rc" -eq 0 ] ||
			warn "bench: the $k kernel's run $r did not end cleanly (see build/logs/bench-$k-$r.log); its figures are reported as they are"
		log "bench [3/4]: run $i of $n done in $(elapsed "$s")"
	done
done

log "bench [4/4]: report ($(elapsed "$start") so far)"
python3 "$HARNESS/bench/report.py" "$B" "$BUILD"/logs/bench-{base,patched}-*.log
