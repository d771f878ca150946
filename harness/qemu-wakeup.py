#!/usr/bin/env python3
"""Wake a QEMU guest from suspend to RAM (ACPI S3), as a person would.

Usage: qemu-wakeup.py QMP_SOCKET DELAY_SECONDS

Connects to QEMU's QMP socket (retrying until QEMU has created it), waits
for SUSPEND events, and DELAY_SECONDS after each one sends system_wakeup.
Every step is reported on stderr as "qemu-wakeup: ...". Exits when QEMU
closes the socket. Started in the background by harness/qemu.sh --wakeup.
"""
import json
import socket
import sys
import time


def say(msg):
    print("qemu-wakeup: %s" % msg, file=sys.stderr, flush=True)


def connect(path, tries=600):
    for _ in range(tries):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            time.sleep(0.1)
    say("no QMP socket at %s after %d s, giving up" % (path, tries // 10))
    sys.exit(1)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    path, delay = sys.argv[1], float(sys.argv[2])
    sock = connect(path)
    f = sock.makefile("rw")

    def send(cmd):
        f.write(json.dumps({"execute": cmd}) + "\n")
        f.flush()

    f.readline()  # the greeting
    send("qmp_capabilities")
    wakeups = 0
    for line in f:
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("event") == "SUSPEND":
            say("guest suspended to RAM; system_wakeup in %g s" % delay)
            time.sleep(delay)
            send("system_wakeup")
            wakeups += 1
        elif msg.get("event") == "WAKEUP":
            say("guest woke up (wake-up %d)" % wakeups)
        elif "error" in msg:
            say("QMP error: %s" % msg["error"].get("desc", msg))
    say("QEMU closed the socket after %d wake-up(s)" % wakeups)


if __name__ == "__main__":
    main()
