#!/bin/bash
# Judge a VM console log: prints "ok"/"not ok" lines, exits 1 on a problem.
# Usage: console-check.sh LOG [QEMU_EXIT_CODE]
set -uo pipefail
logf=$1 rc=${2:-0}
bad=0
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	echo "not ok - vm: timed out"; bad=1
elif [ "$rc" -ne 0 ]; then
	echo "not ok - vm: qemu exited with $rc"; bad=1
fi
if ! grep -q '^HARNESS-DONE' "$logf"; then
	echo "not ok - vm: init did not finish (no HARNESS-DONE)"; bad=1
fi
if grep -q '^HARNESS-ERROR' "$logf"; then
	grep '^HARNESS-ERROR' "$logf" | sed 's/^/# /'
	echo "not ok - vm: the guest reported errors"; bad=1
fi
# Kernel problems: warnings, BUGs, lockdep, oopses, panics, call traces.
pat='WARNING:|BUG:|Call Trace|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|DEBUG_LOCKS_WARN_ON|Kernel panic|Oops|general protection fault|INFO: task .* blocked|UBSAN:|kernel BUG|Out of memory: Killed'
# (No "grep -q" at the end of a pipeline: under pipefail the SIGPIPE of
# the grep before it would turn a match into a failure.)
# Between HARNESS-OOM-EXPECTED markers a test drives the system into the
# OOM killer on purpose: its reports (a call trace and "Killed process")
# are expected there; anything else still counts.
oom='Call Trace|Out of memory: Killed'
hits=$(awk -v oom="$oom" '
	/^HARNESS-OOM-EXPECTED-BEGIN/ { inoom = 1; next }
	/^HARNESS-OOM-EXPECTED-END/ { inoom = 0; next }
	/^(HARNESS|# )/ { next }
	inoom && $0 ~ oom { next }
	{ print }' "$logf" | grep -E "$pat" || true)
if [ -n "$hits" ]; then
	printf '%s\n' "$hits" | head -n 10 | sed 's/^/# /'
	echo "not ok - vm: kernel warnings on the console (see $logf)"; bad=1
else
	echo "ok - vm: console free of kernel warnings, BUGs, lockdep reports and call traces"
fi
exit $bad
