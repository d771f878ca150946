#!/bin/bash
# Judge a VM console log: prints "ok"/"not ok" lines, exits 1 on a problem.
# Usage: console-check.sh LOG [QEMU_EXIT_CODE [DONE_REGEX]]
# DONE_REGEX (extended regex) matches the line that ends a complete log:
# by default init's "HARNESS-DONE"; the first boot of a hibernation test
# ends with the kernel powering off after writing the image instead.
set -uo pipefail
logf=$1 rc=${2:-0} done_re=${3:-^HARNESS-DONE}
bad=0
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	echo "not ok - vm: timed out"; bad=1
elif [ "$rc" -ne 0 ]; then
	echo "not ok - vm: qemu exited with $rc"; bad=1
fi
if ! grep -qE "$done_re" "$logf"; then
	echo "not ok - vm: init did not finish (no line matching $done_re)"; bad=1
fi
if grep -q '^HARNESS-ERROR' "$logf"; then
	grep '^HARNESS-ERROR' "$logf" | sed 's/^/# /'
	echo "not ok - vm: the guest reported errors"; bad=1
fi
# Kernel problems: warnings, BUGs, lockdep, oopses, panics, call traces
# (harness/console-warnings.sh says what counts).
hits=$("$(dirname "$0")/console-warnings.sh" "$logf")
if [ -n "$hits" ]; then
	printf '%s\n' "$hits" | head -n 10 | sed 's/^/# /'
	echo "not ok - vm: kernel warnings on the console (see $logf)"; bad=1
else
	echo "ok - vm: console free of kernel warnings, BUGs, lockdep reports and call traces"
fi
exit $bad
