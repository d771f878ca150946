#!/bin/bash
# Re-sign the series as yourself: every commit of build/linux (branch
# series) gets you as author and committer, and its Signed-off-by of the
# project identity becomes yours; then patches/ is exported again.
# Usage: make resign [RESIGN_NAME="Your Name" RESIGN_EMAIL=you@example.org]
# Without the variables, your global git identity (git config --global).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${RESIGN_NAME:-$(git config --global user.name || true)}
email=${RESIGN_EMAIL:-$(git config --global user.email || true)}
[ -n "$name" ] && [ -n "$email" ] ||
	die "no identity: set RESIGN_NAME and RESIGN_EMAIL, or git config --global user.name/user.email"
case "$email" in *@*) ;; *) die "RESIGN_EMAIL '$email' is not an address" ;; esac
"$HARNESS/worktree.sh"
[ -z "$(xgit status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes: commit them first"
[ "$(xgit rev-parse --abbrev-ref HEAD)" = "$BRANCH" ] ||
	die "build/linux is not on branch $BRANCH"

export GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email
export GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email
old="Signed-off-by: $SERIES_AUTHOR_NAME <$SERIES_AUTHOR_EMAIL>"
new="Signed-off-by: $name <$email>"
# The message filter: the project's sign-off becomes yours (added if none).
filter="python3 -c 'import sys; o, n = sys.argv[1:3]; m = sys.stdin.read().rstrip(\"\\n\").split(\"\\n\"); m = [n if l == o else l for l in m]; m += [] if n in m else [\"\", n] if not m[-1].startswith(\"Signed-off-by:\") else [n]; print(\"\\n\".join(m))'"
xgit -c user.name="$name" -c user.email="$email" rebase -q \
	--exec "git log -1 --format=%B | $filter '$old' '$new' > .git/resign-msg && git commit -q --amend --reset-author -F .git/resign-msg" \
	"$BASE_TAG" || die "rebase failed: see git -C build/linux status"
rm -f "$LINUX/.git/resign-msg"
log "resign: $(xgit rev-list --count "$BASE_TAG..HEAD") commits signed off by $name <$email>"
"$HARNESS/export.sh"
