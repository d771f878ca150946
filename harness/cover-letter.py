#!/usr/bin/env python3
"""Keep the generated parts of patches/cover-letter.txt current.

Usage: cover-letter.py COVER NPATCHES BASE_COMMIT   (shortlog and diffstat on stdin)

The cover letter is written by hand, like the one "git format-patch
--cover-letter" starts: prose, then the shortlog ("Author (N):" and one
line per patch), the diffstat (ending in "N files changed, ...") and a
"base-commit:" line. This rewrites the "[PATCH 00/NN]" of the subject, the
shortlog with diffstat, and the base-commit line; the prose is left alone.
Markers @@DIFFSTAT@@ and @@BASE@@ in a new draft mark where they go.
"""
import re
import sys

path, n, base = sys.argv[1], int(sys.argv[2]), sys.argv[3]
block = sys.stdin.read().rstrip("\n").split("\n")
lines = open(path).read().rstrip("\n").split("\n")

# "[PATCH 00/21]", zero-padded to the width of the count as git
# format-patch numbers the cover letter.
zero = "0" * len(str(n))
lines = [re.sub(r"\[PATCH( [^\]]*)? 0+/\d+\]", lambda m: "[PATCH%s %s/%d]" % (m.group(1) or "", zero, n), l)
         if l.startswith("Subject:") else l for l in lines]

# The old shortlog + diffstat: from an "Author (N):" line to the
# "files changed" line, or the @@DIFFSTAT@@ marker.
start = end = None
for i, l in enumerate(lines):
    if l.strip() == "@@DIFFSTAT@@":
        start = end = i
        break
    if start is None and re.match(r"^\S.* \(\d+\):$", l):
        start = i
    elif start is not None and re.match(r"^ \d+ files? changed", l):
        end = i
        break
if start is None or end is None:
    sys.exit("cover-letter.py: %s has no shortlog/diffstat block and no @@DIFFSTAT@@ marker" % path)
lines[start:end + 1] = block

for i, l in enumerate(lines):
    if l.startswith("base-commit:") or l.strip() == "@@BASE@@":
        lines[i] = "base-commit: " + base
        break
else:
    lines += ["", "base-commit: " + base]
open(path, "w").write("\n".join(lines) + "\n")
