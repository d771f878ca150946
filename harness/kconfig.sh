#!/bin/bash
# Generate a kernel .config in an output directory from tinyconfig plus
# fragments, and check that every requested symbol survived.
# Usage: kconfig.sh SRC OBJ FRAGMENT...
# KCONFIG_LENIENT=1 accepts requested symbols that the tree does not define
# at all (per-patch checks: a later patch adds them).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
src=$(realpath "$1") obj=$(realpath -m "$2"); shift 2

mkdir -p "$obj"
merged=$obj/.harness-fragment
cat "$@" > "$merged.new"
# Same fragments: merge them again onto the existing .config, so symbols
# that a newer tree defines are picked up and unrelated ones stay as they
# are (incremental builds). Other fragments: start again from tinyconfig.
if ! [ -f "$obj/.config" ] || ! cmp -s "$merged.new" "$merged"; then
	make -s -C "$src" O="$obj" "${KCC[@]}" tinyconfig >/dev/null
fi
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$merged.new" >/dev/null
make -s -C "$src" O="$obj" "${KCC[@]}" olddefconfig >/dev/null
mv "$merged.new" "$merged"

# What the fragments ask for in the end: the last line for each symbol
# ("CONFIG_X=y" or "# CONFIG_X is not set"), as merge_config.sh applies it.
requests() {
	awk '/^CONFIG_[A-Za-z0-9_]+=/ { s = $0; sub(/=.*/, "", s); last[s] = $0; next }
	     /^# CONFIG_[A-Za-z0-9_]+ is not set$/ { last[$2] = $0 }
	     END { for (s in last) print last[s] }' "$merged"
}
bad=0
while IFS= read -r line; do
	case "$line" in
	"# CONFIG_"*" is not set")
		sym=${line#\# }; sym=${sym%% *}
		grep -qE "^$sym=[ym]$" "$obj/.config" || continue
		warn "kconfig: $line requested, got: $(grep -E "^$sym=" "$obj/.config")"
		bad=1
		continue ;;
	CONFIG_*=[ym]) ;;
	*) continue ;;
	esac
	grep -qxF "$line" "$obj/.config" && continue
	sym=${line%%=*}
	if [ "${KCONFIG_LENIENT:-0}" = 1 ] &&
	   ! grep -rqE --include='Kconfig*' "^[[:space:]]*(menu)?config ${sym#CONFIG_}\b" "$src"; then
		continue	# introduced by a later patch of the series
	fi
	warn "kconfig: $line requested, got: $(grep -E "^(# )?$sym[= ]" "$obj/.config" || echo unset)"
	bad=1
done < <(requests)
[ $bad -eq 0 ] || die "kconfig: fragments $* do not apply; fix their dependencies"
