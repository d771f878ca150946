#!/usr/bin/env python3
"""make bench-swap: the medians of the rounds in the VM's log.

Usage: swap-report.py LOG MIB. Prints one line per path (MiB/s, median of
the rounds, and how many rounds reported it) and the content mismatches;
exits 1 if any page came back wrong.
"""
import re
import statistics
import sys

ROWS = [
    ("swap_backup_folio() backup (write at once, freed)",
     r"swap_backup_bench: .* backup \d+ ms (\d+) MiB/s"),
    ("swap_backup_copy() restore (readahead 32, copy, drop)",
     r"swap_backup_bench: .* restore \d+ ms (\d+) MiB/s"),
    ("anonymous memory swap-out (memory.reclaim)",
     r"anon_swap_bench: .* swap-out [\d.]+ ms ([\d.]+) MiB/s"),
    ("anonymous memory swap-in (page faults)",
     r"anon_swap_bench: .* swap-in [\d.]+ ms ([\d.]+) MiB/s"),
]


def median(log, pat):
    v = [float(x) for x in re.findall(pat, log)]
    return (statistics.median(v), len(v)) if v else (float("nan"), 0)


def main():
    log = open(sys.argv[1], errors="replace").read()
    mib = sys.argv[2]
    print("\n%-52s %12s %6s" % ("path (%s MiB, test kernel, TCG)" % mib,
                                 "MiB/s median", "runs"))
    for name, pat in ROWS:
        m, n = median(log, pat)
        print("%-52s %12.1f %6d" % (name, m, n))
    bad = sum(int(x) for x in re.findall(r"\| (\d+) mismatches", log))
    print("content mismatches: %d" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
