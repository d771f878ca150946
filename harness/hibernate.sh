#!/bin/bash
# make hibernate-test: dumb buffers held across hibernation and suspend to
# RAM, on bochs and on qxl, in the test VM (harness/vm/hibernate-run).
#
# A hibernation takes two boots on one swap disk: the first fills the
# buffers, writes the image and powers off; the second boots with resume=
# on the kernel command line, the kernel restores the image, and the first
# boot's programs carry on: they check every dword of every buffer. Suspend
# to RAM takes one boot: QEMU's system_wakeup wakes the guest from ACPI S3.
#
# Environment (all optional):
#   HIB_SRC=build/linux      kernel tree to build (the unpatched base works:
#                            a worktree of build/linux at tag "base", built
#                            with base, test and pm.config)
#   HIB_OBJ=build/obj/hib-test  its build directory; without HIB_SRC, the
#                            test kernel of make check (TEST_OBJ, lib.sh)
#   HIB_GPUS=both            GPUs that hold the buffers, one after the
#                            other: bochs, qxl, or both (bochs and qxl in
#                            the same boots, half of the MiB below each;
#                            disk-free, which takes one GPU, runs on
#                            bochs, then on qxl)
#   HIB_SCENARIOS="disk disk-backup disk-free mem"
#       disk         hibernate with HIB_MIB of dumb buffers
#       disk-backup  the same, HIB_BACKUP MiB of them backed up into swap
#                    first (TTM shrinker debugfs; nothing on the base)
#       disk-free    the same through the user-space snapshot device
#                    (harness/vm/snapshot_free.c), HIB_FREE MiB of the
#                    buffers freed while hibernation owns the swap device
#       mem          suspend to RAM with HIB_MEM_MIB of buffers, HIB_BACKUP
#                    MiB backed up, HIB_RESTORE MiB of them being read back
#                    by another process when the system goes to sleep
#   HIB_PLAN="bochs:disk-free both:mem"
#                            GPU:scenario pairs to run instead of every
#                            scenario on every GPU of HIB_GPUS
#   HIB_MIB=600 HIB_BACKUP=200 HIB_FREE=100 HIB_MEM_MIB=300 HIB_RESTORE=100
#   HIB_RESUME=kernel        kernel: resume= on the second boot's command
#                            line; init: init writes the swap disk's device
#                            number to /sys/power/resume
#   HIB_TAG=test             names of the logs: build/logs/hib-TAG-*.log
#   HIB_BUILD=1              0: do not build the kernel, use HIB_OBJ's
# Output: ok/not ok lines, one summary line per scenario; exit status 1 if
# any check failed. Results in build/logs/hib-TAG-results.txt.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SRC=$(realpath "${HIB_SRC:-$LINUX}")
if [ -n "${HIB_SRC:-}" ]; then
	OBJ=$(realpath -m "${HIB_OBJ:-$BUILD/obj/hib-test}")
	# The test kernel's fragments but the KUnit modules of the series,
	# which another tree (the base) does not have.
	FRAGS=()
	for f in "${TEST_FRAGS[@]}"; do
		[ "$f" = "$HARNESS/config/tests.config" ] || FRAGS+=("$f")
	done
else
	OBJ=$(realpath -m "${HIB_OBJ:-$TEST_OBJ}")
	FRAGS=("${TEST_FRAGS[@]}")
fi
GPUS=${HIB_GPUS:-both}
SCENARIOS=${HIB_SCENARIOS:-disk disk-backup disk-free mem}
MIB=${HIB_MIB:-600} BACKUP=${HIB_BACKUP:-200} FREE=${HIB_FREE:-100}
MEM_MIB=${HIB_MEM_MIB:-300} RESTORE=${HIB_RESTORE:-100}
RESUME=${HIB_RESUME:-kernel}
TAG=${HIB_TAG:-test}
# The scenarios' sizes are for this RAM, not for VM_MEM.
HIB_VM_MEM=1G
LOGS=$BUILD/logs
for v in MIB BACKUP FREE MEM_MIB RESTORE; do
	[[ ${!v} =~ ^[0-9]+$ ]] || die "HIB_$v must be a number of MiB, not '${!v}'"
done
case "$RESUME" in kernel | init) ;; *) die "HIB_RESUME must be kernel or init, not '$RESUME'" ;; esac
[ -d "$SRC" ] || die "no kernel tree at $SRC"
mkdir -p "$LOGS" "$BUILD/vm"
results=$LOGS/hib-$TAG-results.txt
: > "$results"
start=$(date +%s)

# What it needs, nothing more: the kernel, the buffer owner, an initramfs.
# HIB_BUILD=0: the kernel in HIB_OBJ as it is.
if [ "${HIB_BUILD:-1}" != 0 ]; then
	"$HARNESS/build.sh" "$SRC" "$OBJ" "${FRAGS[@]}"
fi
[ -f "$OBJ/arch/x86/boot/bzImage" ] || die "no kernel in ${OBJ#$TOP/}"
make -s -C "$SRC" O="$OBJ" INSTALL_HDR_PATH="$OBJ/usr" headers_install ||
	die "headers_install failed"
for t in bench/gpu_bench vm/snapshot_free; do
	gcc -O2 -Wall -Wextra -static -pthread -isystem "$OBJ/usr/include" \
		-o "$OBJ/${t#*/}" "$HARNESS/$t.c" || die "build of $t.c failed"
done
"$HARNESS/initramfs.sh" "$OBJ" "$OBJ/initramfs-hib.cpio" \
	"$HARNESS/vm/hibernate-run" "$OBJ/gpu_bench" "$OBJ/snapshot_free"
kernel=$OBJ/arch/x86/boot/bzImage

# The checks that the guest judged itself.
results_of() { sed -n 's/\r$//; s/^HARNESS-RESULT //p' "$1"; }
record() { sed "s/^\(\(not \)\?ok - \)/\1$1: /" | tee -a "$results"; }
# The seconds at which a stamped line (harness/qemu.sh --stamps) came.
stamp() { awk -v re="$2" '$0 ~ re {print $1; exit}' "$1"; }
# Figures the kernel printed: first match of a sed expression in a log.
kfig() { sed -n "s/\r$//; $2" "$1" | head -n 1; }
vm() { # LOG STAMPS DONE_REGEX QEMU.SH-OPTIONS...
	local logf=$1 st=$2 done_re=$3
	shift 3
	nice -n 10 "$HARNESS/qemu.sh" --kernel "$kernel" --initrd "$OBJ/initramfs-hib.cpio" \
		--log "$logf" --stamps "$st" --done "$done_re" --mem "$HIB_VM_MEM" --swap 4G \
		--gpu both --timeout "${HIB_TIMEOUT:-1800}" --quiet "$@" || true
}

# hibernation NAME HOW CARD MIB BACKUP FREE: two boots on one swap disk.
# HOW: disk (the kernel's hibernation) or uswsusp (/dev/snapshot); CARD:
# a driver name, or a comma-separated list of them (MIB, BACKUP each).
hibernation() {
	local name=$1 how=$2 card=$3 mib=$4 backup=$5 free=$6
	local l1=$LOGS/hib-$TAG-$name-1.log l2=$LOGS/hib-$TAG-$name-2.log
	local s1=$l1.stamps s2=$l2.stamps img=$BUILD/vm/hib-$TAG-$name.swap
	local opts="harness.sleep=$how harness.card=$card harness.mib=$mib harness.backup=$backup harness.free=$free"
	rm -f "$img" "$img-small" "$img-faulty" "$l2" "$s2"
	log "hibernate: $name, boot 1: fill $mib MiB, hibernate ($(elapsed "$start") so far)"
	vm "$l1" "$s1" '^HARNESS-DONE|reboot: Power down' --mode hibernate \
		--swap-image "$img" --append "$opts" | record "$name boot 1"
	results_of "$l1" | record "$name"
	local written=0
	[ -e "$img" ] && written=$(( $(du -k "$img" | cut -f1) / 1024 ))
	if grep -aq 'reboot: Power down' "$l1" && ! grep -aq '^HARNESS-SLEEP-BACK' "$l1"; then
		log "hibernate: $name, boot 2: resume ($(elapsed "$start") so far)"
		local ropts=
		[ "$RESUME" = kernel ] && ropts="resume=/dev/vda"
		[ "$RESUME" = init ] && ropts="harness.resume=init"
		vm "$l2" "$s2" '^HARNESS-DONE' --mode resume --swap-image "$img" \
			--append "$ropts" | record "$name boot 2"
		results_of "$l2" | record "$name"
	else
		echo "not ok - no image written: the first boot did not power off" | record "$name"
	fi
	rm -f "$img" "$img-small" "$img-faulty"

	# What it took, from the kernel's lines and the host's clock.
	local pages wrote rd t_enter t_off t_back
	pages=$(kfig "$l1" 's/.*PM: hibernation: Need to copy \([0-9]*\) pages.*/\1/p')
	wrote=$(kfig "$l1" 's/.*PM: \(hibernation: \)\?Wrote \([0-9]*\) kbytes in \([0-9.]*\) seconds.*/\2 \3/p')
	rd=$(kfig "$l2" 's/.*PM: \(hibernation: \)\?Read \([0-9]*\) kbytes in \([0-9.]*\) seconds.*/\2 \3/p' 2>/dev/null || true)
	t_enter=$(stamp "$s1" ' HARNESS-SLEEP-ENTER')
	t_off=$(stamp "$s1" ' QEMU-EXIT')
	t_back=$(stamp "$s2" ' HARNESS-SLEEP-BACK' 2>/dev/null || true)
	local sum="hibernation $name: $mib MiB of dumb buffers"
	[[ $card == *,* ]] && sum="$sum on each GPU"
	if [ -n "$pages" ]; then
		sum="$sum; image $((pages / 256)) MiB ($pages pages)"
	else
		sum="$sum; no image ($(kfig "$l1" 's/.*\(PM: hibernation: \(Error\|Not enough\|Image allocation\).*\)/\1/p' | head -c 120))"
	fi
	[ -n "$wrote" ] && sum="$sum, written in ${wrote#* } s"
	[ -n "$t_enter" ] && [ -n "$t_off" ] && [ -n "$pages" ] &&
		sum="$sum; hibernate $(awk -v a="$t_enter" -v b="$t_off" 'BEGIN {printf "%.1f", b - a}') s (from the sleep to power-off)"
	[ -n "$rd" ] && sum="$sum; image read in ${rd#* } s"
	[ -n "$t_back" ] && sum="$sum; resume ${t_back%.*} s (power-on to user space)"
	sum="$sum; swap disk written: $written MiB"
	echo "# $sum" | tee -a "$results"
}

# suspend_to_ram NAME CARD MIB BACKUP RESTORE: one boot, woken by
# system_wakeup.
suspend_to_ram() {
	local name=$1 card=$2 mib=$3 backup=$4 restore=$5
	local l=$LOGS/hib-$TAG-$name.log s=$LOGS/hib-$TAG-$name.log.stamps
	local opts="harness.sleep=mem harness.card=$card harness.mib=$mib harness.backup=$backup harness.restore=$restore"
	log "hibernate: $name: suspend to RAM ($(elapsed "$start") so far)"
	vm "$l" "$s" '^HARNESS-DONE' --mode hibernate --wakeup 5 --append "$opts" | record "$name"
	results_of "$l" | record "$name"
	local t_enter t_back
	t_enter=$(stamp "$s" ' HARNESS-SLEEP-ENTER')
	t_back=$(stamp "$s" ' HARNESS-SLEEP-BACK')
	if [ -n "$t_enter" ] && [ -n "$t_back" ]; then
		local each=
		[[ $card == *,* ]] && each=" on each GPU"
		echo "# suspend $name: $mib MiB of dumb buffers$each, $restore MiB being read back; asleep and back in $(awk -v a="$t_enter" -v b="$t_back" 'BEGIN {printf "%.1f", b - a}') s (5 s of it in S3)" |
			tee -a "$results"
	fi
}

plan=${HIB_PLAN:-}
if [ -z "$plan" ]; then
	for gpu in $GPUS; do
		for sc in $SCENARIOS; do
			plan="$plan $gpu:$sc"
		done
	done
fi
# "both" takes the same memory as one GPU: half of it on each.
for p in $plan; do
	gpu=${p%%:*} sc=${p#*:} n=1
	# The guest finds the card by its driver (qxl probes first: card0).
	case "$gpu" in
	bochs) card=bochs-drm ;;
	qxl) card=qxl ;;
	both) card=bochs-drm,qxl n=2 ;;
	*) die "HIB_GPUS, HIB_PLAN: bochs, qxl or both, not '$gpu'" ;;
	esac
	case "$sc" in
	disk) hibernation "$gpu-disk" disk "$card" $((MIB / n)) 0 0 ;;
	disk-backup) hibernation "$gpu-disk-backup" disk "$card" $((MIB / n)) $((BACKUP / n)) 0 ;;
	disk-free)
		# snapshot_free holds the buffers of one GPU.
		for g in ${card//,/ }; do
			hibernation "${g%-drm}-disk-free" uswsusp "$g" "$MIB" "$BACKUP" "$FREE"
		done ;;
	mem) suspend_to_ram "$gpu-mem" "$card" $((MEM_MIB / n)) $((BACKUP / n)) $((RESTORE / n)) ;;
	*) die "HIB_SCENARIOS, HIB_PLAN: disk, disk-backup, disk-free or mem, not '$sc'" ;;
	esac
done

p=$(grep -c '^ok ' "$results" || true)
f=$(grep -c '^not ok ' "$results" || true)
log "hibernate: finished in $(elapsed "$start"); results in ${results#$TOP/}"
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
