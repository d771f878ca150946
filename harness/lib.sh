# shellcheck shell=bash
# Common definitions for the harness scripts. Source it; do not run it.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
LINUX=$BUILD/linux
PATCHES=$TOP/patches
HARNESS=$TOP/harness
BRANCH=series
BASE_TAG=base
JOBS=${JOBS:-$(nproc)}
# The test VM: RAM, swap disk, and GPU for make run (bochs, qxl or both);
# make check, make soak and the hibernation runs attach both GPUs.
VM_MEM=${VM_MEM:-1G}
VM_SWAP=${VM_SWAP:-4G}
VM_GPU=${VM_GPU:-bochs}
# Kernel builds: the compiler and the host compiler (fixdep, objtool,
# modpost, kconfig: built again in every object directory) through ccache.
KCC=(CC="ccache gcc" HOSTCC="ccache gcc")
# The test kernel: its build directory and kconfig fragments (make check,
# make run, make soak, make bench-swap, make hibernate-test, make kernel).
TEST_OBJ=$BUILD/obj/test
TEST_FRAGS=("$HARNESS/config/base.config" "$HARNESS/config/test.config"
	"$HARNESS/config/tests.config" "$HARNESS/config/pm.config")

export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
# The same object from two source trees (build/linux and the per-patch
# checkout) must hit the cache: hash relative paths, not the directory.
export CCACHE_BASEDIR=$BUILD
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export KBUILD_BUILD_TIMESTAMP='1970-01-01'
export KBUILD_BUILD_USER=harness KBUILD_BUILD_HOST=harness

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'WARNING(harness): %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# A git that ignores the user's configuration for anything that shapes
# the exported patches or the base commit.
xgit() {
	git -C "$LINUX" -c core.abbrev=12 -c diff.noprefix=false \
		-c diff.mnemonicPrefix=false -c diff.renames=true \
		-c diff.algorithm=myers -c format.signature= \
		-c format.numbered=auto -c core.autocrlf=false \
		-c commit.gpgsign=false -c am.threeWay=false "$@"
}

elapsed() { local s=$(( $(date +%s) - $1 )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# The lines of the files named, without comments and blank lines: the
# series file and the KUnit list.
strip_comments() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$@"; }

# Series entries, in order.
series_patches() {
	[ -f "$PATCHES/series" ] || return 0
	strip_comments "$PATCHES/series"
}

kmake() {
	make -C "$LINUX" -j"$JOBS" "${KCC[@]}" "$@"
}

# The scratch worktree: per-patch checks and "git am" happen there, so
# build/linux is never checked out to another commit behind the user's back.
# scratch_checkout REV [DIR]: check REV out in DIR (default SCRATCH), a
# worktree of build/linux, so that its builds share ccache with build/linux.
SCRATCH=$BUILD/series-src
scratch_checkout() {
	local dir=${2:-$SCRATCH}

	if [ ! -e "$dir/.git" ]; then
		rm -rf "$dir"
		xgit worktree prune
		xgit worktree add -q --detach "$dir" "$1"
	else
		git -C "$dir" am --abort >/dev/null 2>&1 || true
		git -C "$dir" checkout -q -f --detach "$1"
	fi
}

# Committer identity for "git am" and for fixups made in build/linux, when
# the user has configured none. Commits made by am take their author from
# the patch; the committer is fixed so the same patches give the same hashes.
setup_identity() {
	export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-$SERIES_AUTHOR_NAME}
	export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-$SERIES_AUTHOR_EMAIL}
	if ! git -C "$LINUX" config user.email >/dev/null; then
		git -C "$LINUX" config user.name "$SERIES_AUTHOR_NAME"
		git -C "$LINUX" config user.email "$SERIES_AUTHOR_EMAIL"
	fi
}
SERIES_AUTHOR_NAME="TTM shrinker series"
SERIES_AUTHOR_EMAIL="ttm-shrinker@example.invalid"

# Identifies the content of patches/: the series file and every patch in it.
series_fingerprint() {
	{
		cat "$PATCHES/series" 2>/dev/null || true
		series_patches | while read -r p; do cat "$PATCHES/$p"; done
	} | sha256sum | cut -d' ' -f1
}
