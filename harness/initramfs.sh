#!/bin/bash
# Build the VM's initramfs: Debian's static busybox, harness/vm/init, the
# kernel modules of OBJ, the KUnit module list and the test programs.
# Usage: initramfs.sh OBJ OUT.cpio [FILE...]   (FILEs land in /tests)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
obj=$(realpath "$1") out=$2; shift 2

bb=/bin/busybox
[ -x "$bb" ] ||
	die "no static busybox at $bb: install busybox-static"
root=$obj/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,tests,lib/modules}
cp "$bb" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 755 "$HARNESS/vm/init" "$root/init"
if [ -d "$obj/modroot/lib/modules" ]; then
	cp -a "$obj/modroot/lib/modules/." "$root/lib/modules/"
fi
strip_comments "${KUNIT_LIST:-$HARNESS/config/kunit.list}" > "$root/etc/kunit.list"
for f in "$@"; do
	install -m 755 "$f" "$root/tests/"
done
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --reproducible --quiet) > "$out.tmp"
mv "$out.tmp" "$out"
