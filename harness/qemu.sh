#!/bin/bash
# Boot a kernel in QEMU with a swap disk and TTM GPUs, keep the console log,
# and fail on a timeout, a missing "HARNESS-DONE", or any kernel warning,
# BUG, lockdep report or call trace on the console.
# Usage: qemu.sh --kernel BZIMAGE --initrd CPIO --log FILE [--mode check|run|shell]
#        [--mem 1G] [--swap 4G|none] [--smp 2] [--gpu bochs|qxl|both] [--timeout SEC]
#        [--append ARGS] [--quiet]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel= initrd= logf= mode=check mem=1G swap=4G smp=2 gpu=both tmo=900 append= quiet=0
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--initrd) initrd=$2; shift ;;
	--log) logf=$2; shift ;;
	--mode) mode=$2; shift ;;
	--mem) mem=$2; shift ;;
	--swap) swap=$2; shift ;;
	--smp) smp=$2; shift ;;
	--gpu) gpu=$2; shift ;;
	--timeout) tmo=$2; shift ;;
	--append) append=$2; shift ;;
	--quiet) quiet=1 ;;
	*) die "qemu.sh: unknown option $1" ;;
	esac
	shift
done
[ -f "$kernel" ] || die "qemu.sh: no kernel image '$kernel'"
[ -f "$initrd" ] || die "qemu.sh: no initramfs '$initrd'"
[ -n "$logf" ] || die "qemu.sh: --log FILE is required"
[[ $mem =~ ^[0-9]+[MG]$ ]] || die "qemu.sh: --mem takes a size like 1G or 768M, not '$mem'"
[[ $swap =~ ^([0-9]+[MG]|none)$ ]] || die "qemu.sh: --swap takes a size like 4G, or none, not '$swap'"

# KVM only where it really works: these machines have /dev/kvm but no vmx/svm.
accel=tcg,thread=multi
if [ "${QEMU_ACCEL:-}" != tcg ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
   grep -qwE 'vmx|svm' /proc/cpuinfo; then
	accel=kvm
fi

# The monitor socket lets a person (or a watchdog) look into a stuck guest:
#   echo "sendkey alt-sysrq-w" | socat - UNIX-CONNECT:build/vm/monitor.sock
mkdir -p "$BUILD/vm"
args=(-accel "$accel" -m "$mem" -smp "$smp" -no-reboot -nodefaults -display none
      -serial stdio -kernel "$kernel" -initrd "$initrd"
      -monitor "unix:$BUILD/vm/monitor-$$.sock,server=on,wait=off")
case "$gpu" in
bochs) args+=(-device VGA) ;;
qxl) args+=(-device qxl-vga) ;;
both) args+=(-device VGA -device qxl) ;;
*) die "qemu.sh: --gpu takes bochs, qxl or both, not '$gpu'" ;;
esac
swapdev=none
if [ "$swap" != none ]; then
	mkdir -p "$BUILD/vm"
	img=$(mktemp "$BUILD/vm/swap.XXXXXX")
	trap 'rm -f "$img"' EXIT
	truncate -s "$swap" "$img"
	# A second, small swap disk for tests that fill swap.
	small=$(mktemp "$BUILD/vm/swap-small.XXXXXX")
	trap 'rm -f "$img" "$small"' EXIT
	truncate -s 32M "$small"
	args+=(-drive "file=$img,if=virtio,format=raw,cache=unsafe"
	       -drive "file=$small,if=virtio,format=raw,cache=unsafe")
	swapdev="/dev/vda harness.smallswap=/dev/vdb"
fi
args+=(-append "console=ttyS0 panic=-1 rootfstype=ramfs harness.mode=$mode harness.swap=$swapdev $append")

mkdir -p "$(dirname "$logf")"
# A new file, never one that another (killed) run may still write into.
rm -f "$logf"
log "qemu: $(basename "$kernel"), ${accel%%,*}, $mem RAM, swap $swap, $gpu, mode $mode (log: ${logf#$TOP/})"
s=$(date +%s)
set +e
if [ "$mode" = shell ]; then
	qemu-system-x86_64 "${args[@]}" | tee "$logf"
	exit 0
fi
if [ $quiet = 1 ]; then
	timeout -k 10 "$tmo" qemu-system-x86_64 "${args[@]}" < /dev/null > "$logf" 2>&1
else
	timeout -k 10 "$tmo" qemu-system-x86_64 "${args[@]}" < /dev/null 2>&1 | tee "$logf"
	test "${PIPESTATUS[0]}" -eq 0
fi
rc=$?
set -e
log "qemu: finished in $(elapsed "$s")"

"$HARNESS/console-check.sh" "$logf" "$rc"
