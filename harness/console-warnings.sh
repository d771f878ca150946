#!/bin/bash
# What counts as a kernel problem on a VM console: prints every line of LOG
# that reports a warning, BUG, lockdep report, oops, panic or call trace.
# Between HARNESS-OOM-EXPECTED markers a test drives the system into the
# OOM killer on purpose: its reports (a call trace and "Killed process")
# are expected there; anything else still counts. Lines starting with
# "HARNESS" or "# " are the harness's own.
# Usage: console-warnings.sh LOG [FROM_ERE TO_ERE]
#   With FROM_ERE and TO_ERE, only the lines after the first line matching
#   FROM_ERE and before the next one matching TO_ERE are read.
set -euo pipefail
logf=$1 from=${2:-} to=${3:-}
pat='WARNING:|BUG:|Call Trace|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|DEBUG_LOCKS_WARN_ON|Kernel panic|Oops|general protection fault|INFO: task .* blocked|UBSAN:|kernel BUG|Out of memory: Killed'
oom='Call Trace|Out of memory: Killed'
# (No "grep -q" at the end of a pipeline: under pipefail the SIGPIPE of
# the grep before it would turn a match into a failure.)
awk -v oom="$oom" -v from="$from" -v to="$to" '
	BEGIN { on = (from == "") }
	from != "" && !seen && $0 ~ from { on = 1; seen = 1; next }
	on && to != "" && seen && $0 ~ to { on = 0; next }
	!on { next }
	/^HARNESS-OOM-EXPECTED-BEGIN/ { inoom = 1; next }
	/^HARNESS-OOM-EXPECTED-END/ { inoom = 0; next }
	/^(HARNESS|# )/ { next }
	inoom && $0 ~ oom { next }
	{ print }' "$logf" | { grep -aE "$pat" || true; }
