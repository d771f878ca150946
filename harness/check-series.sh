#!/bin/bash
# For each patch of the series, in order: checkpatch.pl --strict, then an
# incremental W=1 build of what the patch touches, in the compile-only
# config (test config plus i915 and vmwgfx). Reports the first patch that
# breaks. Prints one "ok"/"not ok" line per check for the summary.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

OBJ=$BUILD/obj/series
LOGDIR=$BUILD/logs/series
mkdir -p "$LOGDIR"
FRAGS=("${TEST_FRAGS[@]}" "$HARNESS/config/compile.config")

"$HARNESS/worktree.sh"
mapfile -t names < <(series_patches)
mapfile -t commits < <(xgit rev-list --reverse "$BASE_TAG..$BRANCH")
[ ${#names[@]} -eq ${#commits[@]} ] ||
	die "build/linux $BRANCH has ${#commits[@]} commits, patches/series ${#names[@]}"

# W=1 warnings from these files are this series' own.
touched_re() {
	git -C "$SCRATCH" diff --name-only "$1~1" "$1" | sed 's/[.[\*^$]/\\&/g' | paste -sd'|'
}

# Kernel-doc messages (without "file:line: ") that file $2 already gave
# before commit $1: W=1 rechecks the whole file once a patch touches it,
# and what predates the patch is not its own.
old_kdoc() {
	local tmp rc=0
	tmp=$(mktemp --suffix=".${2##*.}")
	if git -C "$SCRATCH" show "$1~1:$2" > "$tmp" 2> /dev/null; then
		"$SCRATCH/scripts/kernel-doc" -none "$tmp" 2>&1 |
			sed -E 's/^[^:]*:[0-9]+: //' || rc=$?
	fi
	rm -f "$tmp"
	return $rc
}

# The W=1 warnings of a build log ($2) in files commit $1 changes, less
# the kernel-doc warnings those files had before it.
new_warnings() {
	local re line f msg warns
	local -A old=()
	re=$(touched_re "$1")
	[ -n "$re" ] || return 0
	warns=$(grep -E "warning:" "$2" | grep -E "(^|/)($re):" | sort -u || true)
	[ -n "$warns" ] || return 0
	while IFS= read -r line; do
		f=$(sed -E "s#^(.*/)?($re):.*#\\2#" <<< "$line")
		msg=$(sed -E 's/^[^:]*:[0-9]+: //' <<< "$line")
		# Once per file: a file can have dozens of warnings.
		[ -n "${old[$f]+set}" ] || old[$f]=$(old_kdoc "$1" "$f" || true)
		grep -xF -- "$msg" <<< "${old[$f]}" > /dev/null || printf '%s\n' "$line"
	done <<< "$warns"
}

# Build targets for a commit: always TTM and mm, every directory holding a
# changed source file, and every TTM user when a TTM header changed.
targets() {
	local files t=(drivers/gpu/drm/ttm/ mm/)
	files=$(git -C "$SCRATCH" diff --name-only "$1~1" "$1")
	while read -r f; do
		case "$f" in
		# A helper at the top of DRM: its object, not all of DRM.
		drivers/gpu/drm/*/*.c) [ -f "$SCRATCH/$f" ] && t+=("$(dirname "$f")/") ;;
		drivers/gpu/drm/*.c) [ -f "$SCRATCH/$f" ] && t+=("${f%.c}.o") ;;
		*.c) [ -f "$SCRATCH/$f" ] && t+=("$(dirname "$f")/") ;;
		include/drm/ttm/*)
			# i915 in full only where i915 changes (below): of it, the
			# objects whose source uses TTM, which a TTM header change
			# can break; a full i915 rebuild per header change is most
			# of the time this script takes on a cold ccache.
			t+=(drivers/gpu/drm/qxl/ drivers/gpu/drm/vmwgfx/
			    drivers/gpu/drm/drm_gem_vram_helper.o drivers/gpu/drm/drm_gem_ttm_helper.o)
			mapfile -t -O "${#t[@]}" t < <(cd "$SCRATCH" &&
				grep -rl --include='*.c' -e 'ttm_' drivers/gpu/drm/i915 |
				grep -v -e '/selftests/' -e '/gvt/' | sed 's/\.c$/.o/') ;;
		# i915's own headers: its GEM objects with W=1, where the
		# series changes i915; make check's test kernel builds all of
		# i915 at the last patch.
		drivers/gpu/drm/i915/*) t+=(drivers/gpu/drm/i915/gem/) ;;
		esac
	done <<< "$files"
	printf '%s\n' "${t[@]}" | sort -u
}

# Files commit $1 adds that no MAINTAINERS section but "THE REST" covers.
maintainers_missing() {
	local f
	git -C "$SCRATCH" diff --diff-filter=A --name-only "$1~1" "$1" | while read -r f; do
		(cd "$SCRATCH" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
			--sections -f "$f" 2>/dev/null) |
			grep -vE '^([A-Z]:|$)' | grep -vx 'THE REST' > /dev/null || printf '%s ' "$f"
	done
}

first_bad= first_build=
fail() { # name, what
	echo "not ok - $1: $2"
	[ -n "$first_bad" ] || first_bad="$1 ($2)"
}
build_fail() {
	fail "$@"
	[ -n "$first_build" ] || first_build=$1
}

n=0
for i in "${!names[@]}"; do
	name=${names[$i]} c=${commits[$i]}
	n=$((n + 1))
	tag="patch $n/${#names[@]} $name"
	log "check-series: $tag"
	scratch_checkout "$c"

	# checkpatch on the exported file, as a reviewer would run it. Debian's
	# python3 first: scripts/spdxcheck.py needs python3-ply and python3-git.
	cp_log=$LOGDIR/$n-checkpatch.log
	(cd "$SCRATCH" && PATH=/usr/bin:/bin:$PATH perl scripts/checkpatch.pl --strict \
		--terse --show-types "$PATCHES/$name") > "$cp_log" 2>&1 || true
	problems=$(grep -E ': (ERROR|WARNING|CHECK):' "$cp_log" | grep -v ':FILE_PATH_CHANGES:' || true)
	if grep -q ':FILE_PATH_CHANGES:' "$cp_log"; then
		# "Does MAINTAINERS need updating?" is fine when an entry already
		# covers every file the patch adds.
		unmaintained=$(maintainers_missing "$c")
		[ -z "$unmaintained" ] ||
			problems+=$'\n'"no MAINTAINERS entry covers: $unmaintained"
	fi
	# "subsystem: Imperative summary": one prefix (drm/ttm, mm/swapfile),
	# then a capitalised verb; "docs: gpu: ..." has two prefixes.
	subject=$(xgit log -1 --format=%s "$c")
	grep -qE '^[a-z0-9][a-z0-9_./-]*: [A-Z][a-z]+ ' <<< "$subject" ||
		problems+=$'\n'"subject '$subject' is not 'subsystem: Imperative summary'"
	if [ -z "$problems" ]; then
		echo "ok - $tag: checkpatch --strict and subject"
	else
		echo "$problems" | sed 's/^/# /' | head -n 20
		fail "$tag" "checkpatch --strict or subject, see ${cp_log#$TOP/}"
	fi

	# A patch that changes no kernel source (documentation, MAINTAINERS,
	# the selftests, which make check builds) cannot break the build.
	if ! git -C "$SCRATCH" diff --name-only "$c~1" "$c" | grep -v '^tools/' |
		grep -qE '\.[ch]$|(^|/)(Kconfig|Makefile|Kbuild)[^/]*$'; then
		echo "ok - $tag: no kernel source changed, build skipped"
		continue
	fi
	b_log=$LOGDIR/$n-build.log
	mapfile -t tg < <(targets "$c")
	: > "$b_log"
	# The configuration again only where it can change: the first build,
	# and a patch that touches a Kconfig file.
	if { [ -z "${configured:-}" ] ||
	     git -C "$SCRATCH" diff --name-only "$c~1" "$c" | grep -q '/Kconfig[^/]*$'; } &&
	   ! KCONFIG_LENIENT=1 "$HARNESS/kconfig.sh" "$SCRATCH" "$OBJ" "${FRAGS[@]}" > "$b_log" 2>&1; then
		build_fail "$tag" "kconfig, see ${b_log#$TOP/}"
		continue
	fi
	configured=1
	s=$(date +%s)
	if ! make -C "$SCRATCH" O="$OBJ" -j"$JOBS" "${KCC[@]}" W=1 "${tg[@]}" >> "$b_log" 2>&1; then
		grep -E 'error:|Error [0-9]' "$b_log" | sed 's/^/# /' | head -n 20
		build_fail "$tag" "W=1 build of ${tg[*]}, see ${b_log#$TOP/}"
		continue
	fi
	warns=$(new_warnings "$c" "$b_log")
	if [ -n "$warns" ]; then
		printf '%s\n' "$warns" | sed 's/^/# /' | head -n 20
		build_fail "$tag" "W=1 warnings in files it changes, see ${b_log#$TOP/}"
		continue
	fi
	echo "ok - $tag: W=1 build of ${tg[*]} ($(elapsed "$s"))"
done

# The last patch, in two more configurations: without swap (the stubs of
# the mm interface, the purge-only shrinker) and 32-bit with HIGHMEM. A
# plain build (the warnings any kernel build shows) of TTM, mm and the
# drivers that opt in; any warning in a file the series changes fails.
extra() { # slug, name, ARCH, fragment
	local obj=$BUILD/obj/series-$1 x_log=$LOGDIR/extra-$1.log name=$2 arch=$3 frag=$4 s re warns
	local tg=(drivers/gpu/drm/ttm/ mm/ drivers/gpu/drm/qxl/ drivers/gpu/drm/tiny/bochs.o
		drivers/gpu/drm/drm_gem_vram_helper.o)
	log "check-series: the last patch, $name"
	s=$(date +%s)
	if ! ARCH=$arch "$HARNESS/kconfig.sh" "$SCRATCH" "$obj" "$HARNESS/config/base.config" \
		"$HARNESS/config/test.config" "$frag" > "$x_log" 2>&1 ||
	   ! make -C "$SCRATCH" O="$obj" ARCH="$arch" -j"$JOBS" "${KCC[@]}" "${tg[@]}" >> "$x_log" 2>&1; then
		grep -E 'error:|Error [0-9]|WARNING' "$x_log" | sed 's/^/# /' | head -n 20
		fail "last patch, $name" "build, see ${x_log#$TOP/}"
		return
	fi
	re=$(git -C "$SCRATCH" diff --name-only "$BASE_TAG" HEAD | sed 's/[.[\*^$]/\\&/g' | paste -sd'|')
	warns=$(grep -E "warning:" "$x_log" | grep -E "(^|/)($re):" | sort -u || true)
	if [ -n "$warns" ]; then
		printf '%s\n' "$warns" | sed 's/^/# /' | head -n 20
		fail "last patch, $name" "warnings in files the series changes, see ${x_log#$TOP/}"
		return
	fi
	echo "ok - last patch, $name: build of ${tg[*]} ($(elapsed "$s"))"
}
if [ -z "$first_build" ]; then
	scratch_checkout "${commits[-1]}"
	extra noswap "no swap" x86_64 "$HARNESS/config/noswap.config"
	extra i386 "i386 HIGHMEM" i386 "$HARNESS/config/i386.config"
fi

if [ -n "$first_bad" ]; then
	echo "# check-series: first failing patch: $first_bad"
	[ -z "$first_build" ] || echo "# check-series: first patch that breaks the build: $first_build"
	exit 1
fi
echo "# check-series: all ${#names[@]} patches pass"
