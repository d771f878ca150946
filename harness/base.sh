#!/bin/bash
# Install, verify and extract the base kernel (see BASE) into build/linux,
# a git repository whose first commit is the base, tagged "base".
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/BASE"

stamp=$LINUX/.git/harness-base
want="$DEBIAN_PACKAGE $DEBIAN_VERSION $TARBALL_SHA256"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
   git -C "$LINUX" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null; then
	exit 0
fi

"$HARNESS/deps.sh"

installed=$(dpkg-query -W -f='${Version}' "$DEBIAN_PACKAGE" 2>/dev/null || true)
expect_sha=$TARBALL_SHA256
if [ "$installed" != "$DEBIAN_VERSION" ]; then
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	if apt-cache show "$DEBIAN_PACKAGE=$DEBIAN_VERSION" >/dev/null 2>&1; then
		log "installing $DEBIAN_PACKAGE $DEBIAN_VERSION"
		$SUDO apt-get install -y -qq --allow-downgrades --no-install-recommends \
			"$DEBIAN_PACKAGE=$DEBIAN_VERSION" >/dev/null
	else
		newest=$(apt-cache madison "$DEBIAN_PACKAGE" | awk '{print $3}' |
			 sort -V | tail -n 1)
		[ -n "$newest" ] || die "apt serves no $DEBIAN_PACKAGE at all"
		cat >&2 <<MSG
********************************************************************
* $DEBIAN_PACKAGE $DEBIAN_VERSION (pinned in BASE) is no longer served.
* Falling back to the newest served version: $newest.
* The tarball checksum cannot be verified against BASE; the series
* must still apply, or the harness stops.
********************************************************************
MSG
		$SUDO apt-get install -y -qq --no-install-recommends \
			"$DEBIAN_PACKAGE=$newest" >/dev/null
		DEBIAN_VERSION=$newest
		expect_sha=
		want="$DEBIAN_PACKAGE $DEBIAN_VERSION unverified"
	fi
fi

[ -f "$TARBALL" ] || die "$TARBALL missing although $DEBIAN_PACKAGE is installed"
if [ -n "$expect_sha" ]; then
	log "verifying $TARBALL"
	echo "$expect_sha  $TARBALL" | sha256sum --quiet -c - ||
		die "$TARBALL does not match TARBALL_SHA256 in BASE"
fi

log "extracting $TARBALL into $LINUX"
rm -rf "$LINUX" "$LINUX.tmp"
mkdir -p "$LINUX.tmp"
tar -xJf "$TARBALL" -C "$LINUX.tmp" --strip-components=1
mv "$LINUX.tmp" "$LINUX"

# A deterministic base commit, so base-commit: is the same on every machine.
export GIT_AUTHOR_NAME="Debian linux-source" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
git -C "$LINUX" init -q -b "$BRANCH"
# Debian's top-level .gitignore ends in "/*": force-add the whole tree.
xgit add -f -A
xgit commit -q --no-verify -m "Base: $DEBIAN_PACKAGE $DEBIAN_VERSION"
xgit tag -f "$BASE_TAG" >/dev/null
# Never let the series touch that ignore rule by accident; keep build
# products of in-tree tools out of "git status".
echo "$want" > "$stamp"
log "base ready: $(xgit describe --always) ($DEBIAN_VERSION)"
