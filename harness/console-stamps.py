#!/usr/bin/env python3
"""Copy a VM console from stdin to stdout, unchanged, and append to FILE
"SECONDS LINE" for every line that starts with HARNESS, SECONDS counted
from the epoch time T0 (harness/qemu.sh --stamps).

Usage: console-stamps.py FILE T0

Reads whatever the pipe holds at once, so that QEMU never waits for it:
QEMU's serial port drops output that cannot be written in time.
"""
import sys
import time


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    t0 = float(sys.argv[2])
    out = sys.stdout.buffer
    with open(sys.argv[1], "a") as stamps:
        for line in sys.stdin.buffer:
            out.write(line)
            out.flush()
            if line.startswith(b"HARNESS"):
                text = line.rstrip(b"\r\n").decode("utf-8", "replace")
                stamps.write("%.3f %s\n" % (time.time() - t0, text))
                stamps.flush()


if __name__ == "__main__":
    main()
