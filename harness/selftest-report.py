#!/usr/bin/env python3
"""Judge the selftest part of a VM console log (harness/vm/run-tests):
print one "ok"/"not ok" line per device and subtest, and exit 1 on any
failure. A skipped subtest, a device that is missing, a non-zero exit
status or TAP without a plan count as failures: the test must run.

Usage: selftest-report.py CONSOLE_LOG DRIVER..."""
import re
import sys

log, drivers = sys.argv[1], sys.argv[2:]
RESULT = re.compile(r'^(not ok|ok) (\d+)(?: - | )?(.*)$')
PLAN = re.compile(r'^1\.\.(\d+)$')
runs, cur, inside = {}, None, False
with open(log, errors='replace') as f:
    for line in f:
        line = line.rstrip('\r\n')
        if line.startswith('HARNESS-SELFTEST-BEGIN'):
            inside = True
        elif line.startswith('HARNESS-SELFTEST-END'):
            inside = False
        elif not inside:
            continue
        elif line.startswith('HARNESS-SELFTEST-DEVICE '):
            cur = line.split()[1]
            runs[cur] = {'plan': None, 'results': [], 'exit': None}
        elif line.startswith('HARNESS-SELFTEST-EXIT ') and cur:
            runs[cur]['exit'] = int(line.split()[2])
        elif cur and PLAN.match(line):
            runs[cur]['plan'] = int(PLAN.match(line).group(1))
        elif cur and RESULT.match(line):
            m = RESULT.match(line)
            runs[cur]['results'].append((m.group(1) == 'ok', m.group(3)))

bad = 0
def report(ok, what):
    global bad
    print(('ok - ' if ok else 'not ok - ') + what)
    bad |= not ok

for drv in drivers:
    run = runs.get(drv)
    if run is None:
        report(False, 'selftest %s: no run on this device (see %s)' % (drv, log))
        continue
    for ok, desc in run['results']:
        skip = re.search(r'#\s*SKIP', desc, re.I)
        name = re.sub(r'\s*#.*$', '', desc).strip() or desc
        if skip:
            report(False, 'selftest %s: %s skipped: %s' % (drv, name, desc))
        else:
            report(ok, 'selftest %s: %s' % (drv, name))
    if run['plan'] is None or run['plan'] != len(run['results']):
        report(False, 'selftest %s: planned %s subtests, %d reported'
               % (drv, run['plan'], len(run['results'])))
    if run['exit'] != 0:
        report(False, 'selftest %s: exit status %s' % (drv, run['exit']))
sys.exit(1 if bad else 0)
