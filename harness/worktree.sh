#!/bin/bash
# build/linux = base + "git am" of patches/series, one commit per patch, on
# branch "series". The patches are applied in a scratch worktree first, so
# build/linux only sees the files that really change (incremental builds),
# and a branch with unexported commits is kept as a backup, never lost.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$HARNESS/base.sh"
setup_identity

fingerprint=$(series_fingerprint)
state=$LINUX/.git/harness-series
head=$(xgit rev-parse -q --verify HEAD)
if [ -f "$state" ] && [ "$(cat "$state")" = "$fingerprint $head" ] &&
   [ "$(xgit symbolic-ref -q --short HEAD || true)" = "$BRANCH" ] &&
   [ -z "$(xgit status --porcelain --untracked-files=no)" ]; then
	log "worktree: build/linux already holds the series ($(series_patches | wc -l) patches)"
	exit 0
fi

[ -z "$(xgit status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes: commit them (then make export) or discard them first"

scratch_checkout "$BASE_TAG"
n=0
while read -r p; do
	[ -f "$PATCHES/$p" ] || die "patches/series names $p, which does not exist"
	n=$((n + 1))
	git -C "$SCRATCH" -c core.abbrev=12 -c am.threeWay=false -c am.keepcr=false \
		am -q --committer-date-is-author-date "$PATCHES/$p" || {
		git -C "$SCRATCH" am --abort >/dev/null 2>&1 || true
		die "patch $n ($p) does not apply to the base"
	}
done < <(series_patches)
new=$(git -C "$SCRATCH" rev-parse HEAD)

# Keep commits that were never exported: a branch with commits on top of
# the base whose tree the series does not give. (A fresh build/linux has
# the branch at the base commit itself, base.sh: nothing to keep.)
cur=$(xgit rev-parse -q --verify "refs/heads/$BRANCH" || true)
if [ -n "$cur" ] && [ -n "$(xgit rev-list -n 1 "$BASE_TAG..$cur")" ] &&
   [ "$(xgit rev-parse "$cur^{tree}")" != "$(xgit rev-parse "$new^{tree}")" ]; then
	bak=$BRANCH-backup-$(date +%Y%m%d-%H%M%S)
	xgit branch -f "$bak" "$cur"
	warn "worktree: branch $BRANCH differed from patches/; kept it as $bak"
fi
xgit checkout -q -B "$BRANCH" "$new"
echo "$fingerprint $new" > "$state"
log "worktree: $n patches applied on $BASE_TAG, branch $BRANCH at $(xgit rev-parse --short HEAD)"
