#!/bin/bash
# Boot a kernel in QEMU with a swap disk and TTM GPUs, keep the console log,
# and fail on a timeout, a missing "HARNESS-DONE", or any kernel warning,
# BUG, lockdep report or call trace on the console.
# Usage: qemu.sh --kernel BZIMAGE --initrd CPIO --log FILE [--mode MODE]
#        [--mem VM_MEM] [--swap VM_SWAP|none] [--smp 2] [--gpu bochs|qxl|both] [--timeout SEC]
#        [--append ARGS] [--quiet] [--swap-image PATH] [--stamps FILE]
#        [--done REGEX] [--wakeup SEC]
# MODE is harness.mode for the VM's init (check, run, shell, hibernate, resume).
# --swap-image PATH: the main swap disk is PATH, created with the --swap size
#   if it does not exist, and kept: a second boot can resume from it (the
#   small swap disk is PATH-small, kept as well).
# --stamps FILE: FILE gets "SECONDS LINE" for every console line starting
#   with HARNESS, SECONDS counted by the host from QEMU's start; then
#   "SECONDS QEMU-EXIT STATUS".
# --done REGEX: how a complete log ends (ERE; default ^HARNESS-DONE).
# --wakeup SEC: ACPI S3 on, and SEC seconds after the guest suspends to
#   RAM, QEMU's system_wakeup wakes it (harness/qemu-wakeup.py).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel= initrd= logf= mode=check mem=$VM_MEM swap=$VM_SWAP smp=2 gpu=both tmo=900 append= quiet=0
swapimg= stamps= done_re='^HARNESS-DONE' wakeup=
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
	--swap-image) swapimg=$2; shift ;;
	--stamps) stamps=$2; shift ;;
	--done) done_re=$2; shift ;;
	--wakeup) wakeup=$2; shift ;;
	*) die "qemu.sh: unknown option $1" ;;
	esac
	shift
done
[ -f "$kernel" ] || die "qemu.sh: no kernel image '$kernel'"
[ -f "$initrd" ] || die "qemu.sh: no initramfs '$initrd'"
[ -n "$logf" ] || die "qemu.sh: --log FILE is required"
[[ $mem =~ ^[0-9]+[MG]$ ]] || die "qemu.sh: --mem takes a size like 1G or 768M, not '$mem'"
[[ $swap =~ ^([0-9]+[MG]|none)$ ]] || die "qemu.sh: --swap takes a size like 4G, or none, not '$swap'"
[ -z "$swapimg" ] || [ "$swap" != none ] || die "qemu.sh: --swap-image needs a swap disk, not --swap none"
[ -z "$wakeup" ] || [[ $wakeup =~ ^[0-9]+$ ]] || die "qemu.sh: --wakeup takes seconds, not '$wakeup'"

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
# Removed on exit: temporary disks, the QMP socket, the waker.
cleanup=() waker=
trap 'rm -f "${cleanup[@]}"; [ -z "$waker" ] || kill "$waker" 2>/dev/null || true' EXIT
swapdev=none
if [ "$swap" != none ]; then
	if [ -n "$swapimg" ]; then
		img=$swapimg
		[ -e "$img" ] || truncate -s "$swap" "$img" ||
			die "qemu.sh: cannot create the swap image $img"
	else
		img=$(mktemp "$BUILD/vm/swap.XXXXXX")
		cleanup+=("$img")
		truncate -s "$swap" "$img"
	fi
	# A second, small swap disk for tests that fill swap (kept beside a
	# kept swap image: the guest restored from it has it on too).
	if [ -n "$swapimg" ]; then
		small=$swapimg-small
		[ -e "$small" ] || truncate -s 32M "$small"
	else
		small=$(mktemp "$BUILD/vm/swap-small.XXXXXX")
		cleanup+=("$small")
		truncate -s 32M "$small"
	fi
	# A third one whose writes all fail (QEMU's blkdebug), for tests of
	# write errors. Formatted here: the guest could not write its header.
	if [ -n "$swapimg" ]; then
		faulty=$swapimg-faulty
	else
		faulty=$(mktemp "$BUILD/vm/swap-faulty.XXXXXX")
		cleanup+=("$faulty")
	fi
	if ! [ -s "$faulty" ]; then
		truncate -s 96M "$faulty"
		/sbin/mkswap -q "$faulty" >/dev/null ||
			die "qemu.sh: mkswap of the faulty swap disk $faulty failed"
	fi
	faultconf=$(mktemp "$BUILD/vm/blkdebug.XXXXXX")
	cleanup+=("$faultconf")
	printf '[inject-error]\nevent = "write_aio"\niotype = "write"\nerrno = "5"\n' > "$faultconf"
	args+=(-drive "file=$img,if=virtio,format=raw,cache=unsafe"
	       -drive "file=$small,if=virtio,format=raw,cache=unsafe"
	       -drive "if=virtio,format=raw,cache=unsafe,file.driver=blkdebug,file.config=$faultconf,file.image.filename=$faulty")
	swapdev="/dev/vda harness.smallswap=/dev/vdb harness.faultyswap=/dev/vdc"
fi
if [ -n "$wakeup" ]; then
	qmp=$BUILD/vm/qmp-$$.sock
	rm -f "$qmp"
	cleanup+=("$qmp")
	# S3 is on by default in QEMU's PIIX4; say so, since libvirt turns it off.
	args+=(-qmp "unix:$qmp,server=on,wait=off" -global PIIX4_PM.disable_s3=0)
	python3 "$HARNESS/qemu-wakeup.py" "$qmp" "$wakeup" &
	waker=$!
fi
args+=(-append "console=ttyS0 panic=-1 rootfstype=ramfs harness.mode=$mode harness.swap=$swapdev $append")

mkdir -p "$(dirname "$logf")"
# A new file, never one that another (killed) run may still write into.
rm -f "$logf"
log "qemu: $(basename "$kernel"), ${accel%%,*}, $mem RAM, swap $swap, $gpu, mode $mode (log: ${logf#$TOP/})"
s=$(date +%s)
if [ "$mode" = shell ]; then
	set +e
	qemu-system-x86_64 "${args[@]}" | tee "$logf"
	exit 0
fi

# The console, unchanged; with --stamps, HARNESS lines also into $stamps
# with the seconds since $t0 (harness/console-stamps.py).
t0=$EPOCHREALTIME
stamp() {
	if [ -z "$stamps" ]; then
		cat
	else
		python3 "$HARNESS/console-stamps.py" "$stamps" "$t0"
	fi
}
[ -z "$stamps" ] || { mkdir -p "$(dirname "$stamps")"; : > "$stamps"; }
set +e
if [ $quiet = 1 ]; then
	timeout -k 10 "$tmo" qemu-system-x86_64 "${args[@]}" < /dev/null 2>&1 | stamp > "$logf"
else
	timeout -k 10 "$tmo" qemu-system-x86_64 "${args[@]}" < /dev/null 2>&1 | stamp | tee "$logf"
fi
rc=${PIPESTATUS[0]}
set -e
[ -z "$stamps" ] || awk -v t0="$t0" -v t1="$EPOCHREALTIME" -v rc="$rc" \
	'BEGIN {printf "%.3f QEMU-EXIT %s\n", t1 - t0, rc}' >> "$stamps"
log "qemu: finished in $(elapsed "$s")"

"$HARNESS/console-check.sh" "$logf" "$rc" "$done_re"
