#!/bin/bash
# Read the soak's lines (harness/vm/soak.c) from a VM console log.
# Usage:
#   soak-report.sh progress LOG FROM TO MINUTES
#       progress lines number FROM+1 to TO, one "soak: ..." line each
#   soak-report.sh result LOG [window]
#       the summary, last: "soak: G GiB through swap, F faults injected,
#       K kills, S swapoffs, M mismatches, W warnings"; exit 1 when M or W
#       is not 0, a client died of anything but our SIGKILL or the OOM
#       killer, or the soak did not finish. W counts the kernel warnings
#       of the whole log, or with "window" those printed while the soak ran.
#   soak-report.sh check LOG
#       the same as one "ok"/"not ok" line for make check (window)
set -euo pipefail
here=$(dirname "$0")
cmd=$1 logf=$2

# value KEY LINE: KEY=VALUE out of a HARNESS-SOAK line
value() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<< "$2"; }

# warnings [window]: kernel warnings (console-warnings.sh), one per report:
# a call trace that comes with a WARNING or BUG line is not counted again.
warnings() {
	local hits n
	if [ "${1:-}" = window ]; then
		hits=$("$here/console-warnings.sh" "$logf" '^HARNESS-SOAK-BEGIN' '^HARNESS-SOAK-END')
	else
		hits=$("$here/console-warnings.sh" "$logf")
	fi
	[ -n "$hits" ] || { echo 0; return; }
	n=$(grep -vc 'Call Trace' <<< "$hits" || true)
	[ "$n" -gt 0 ] || n=$(grep -c 'Call Trace' <<< "$hits")
	echo "$n"
}

gib() { awk -v m="$1" 'BEGIN { printf "%.1f", m / 1024 }'; }

summary() { # LINE W
	printf 'soak: %s GiB through swap, %s faults injected, %s kills, %s swapoffs, %s mismatches, %s warnings\n' \
		"$(gib "$(value swapped_mib "$1")")" "$(value faults "$1")" \
		"$(value kills "$1")" "$(value swapoffs "$1")" \
		"$(value mismatches "$1")" "$2"
}

case "$cmd" in
progress)
	from=$3 to=$4 total=$5
	w=$(warnings)
	grep -a '^HARNESS-SOAK-PROGRESS ' "$logf" | tr -d '\r' |
		sed -n "$((from + 1)),${to}p" | while IFS= read -r l; do
		printf 'soak: %s/%s min: %s GiB through swap, %s faults injected, %s kills (%s faulting), %s swapoffs, %s mismatches, %s warnings; %s OOM kills, %s SIGBUS retried\n' \
			"$(value min "$l" | cut -d. -f1)" "$total" \
			"$(gib "$(value swapped_mib "$l")")" "$(value faults "$l")" \
			"$(value kills "$l")" "$(value kills_touching "$l")" \
			"$(value swapoffs "$l")" "$(value mismatches "$l")" "$w" \
			"$(value oom_kills "$l")" "$(value sigbus "$l")"
	done
	;;
result|check)
	window=${3:-}
	[ "$cmd" = check ] && window=window
	res=$(grep -a '^HARNESS-SOAK-RESULT ' "$logf" | tail -n 1 | tr -d '\r' || true)
	ex=$(grep -a '^HARNESS-SOAK-EXIT ' "$logf" | tail -n 1 | tr -d '\r' | awk '{print $2}' || true)
	w=$(warnings "$window")
	bad=0 why=()
	if [ -z "$res" ]; then
		why+=("the soak did not finish (no HARNESS-SOAK-RESULT)")
		res=$(grep -a '^HARNESS-SOAK-PROGRESS ' "$logf" | tail -n 1 | tr -d '\r' || true)
		bad=1
	fi
	if [ -z "$res" ]; then
		res="swapped_mib=0 faults=0 kills=0 swapoffs=0 mismatches=0 bad=0"
	fi
	[ "$(value mismatches "$res")" = 0 ] || { why+=("buffers came back wrong"); bad=1; }
	[ "$w" = 0 ] || { why+=("kernel warnings on the console"); bad=1; }
	[ "$(value bad "$res")" = 0 ] ||
		{ why+=("$(value bad "$res") guest errors (a client died of something else than our SIGKILL or the OOM killer, or swapoff failed)"); bad=1; }
	[ -z "$ex" ] || [ "$ex" = 0 ] || { why+=("soak exit status $ex"); bad=1; }
	line=$(summary "$res" "$w")
	if [ "$cmd" = check ]; then
		for r in "${why[@]}"; do echo "# $r"; done
		m=$(value min "$res")
		if [ $bad = 0 ]; then
			echo "ok - soak ($m min): $line"
		else
			echo "not ok - soak ($m min): $line"
		fi
	else
		printf '# soak: %s min, %s MiB of buffers verified, %s of the kills while faulting a buffer in, %s OOM kills, %s SIGBUS retried, %s signals, %s hog runs, %s drop_caches\n' \
			"$(value min "$res")" "$(value verified_mib "$res")" \
			"$(value kills_touching "$res")" "$(value oom_kills "$res")" \
			"$(value sigbus "$res")" "$(value signals "$res")" \
			"$(value hogs "$res")" "$(value drops "$res")"
		for r in "${why[@]}"; do echo "# soak: $r"; done
		echo "$line"
	fi
	exit $bad
	;;
*)
	echo "usage: soak-report.sh progress|result|check LOG ..." >&2
	exit 2
	;;
esac
