#!/usr/bin/env python3
"""Extract the KUnit output of a VM console log into one KTAP document,
parse it with the base's tools/testing/kunit/kunit.py, and print one
"ok"/"not ok" line per test case (parameters count as cases).

Usage: ktap.py CONSOLE_LOG KERNEL_SRC OUT_PREFIX EXPECTED_MODULES
Writes OUT_PREFIX.ktap and OUT_PREFIX.json. Exit 1 on any failure."""
import json
import os
import re
import subprocess
import sys

log, src, out, nmods = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
# kunit.py changes directory: give it absolute paths.
log, src, out = os.path.abspath(log), os.path.abspath(src), os.path.abspath(out)
TS = re.compile(r'^\[\s*\d+\.\d+\] ')
TOP = re.compile(r'^(ok|not ok) (\d+)( .*)?$')

lines, inside, seen_end = [], False, False
with open(log, errors='replace') as f:
    for raw in f:
        raw = raw.rstrip('\r\n')
        if raw.startswith('HARNESS-KUNIT-BEGIN'):
            inside = True
            continue
        if raw.startswith('HARNESS-KUNIT-END'):
            inside, seen_end = False, True
            continue
        if not inside or not TS.match(raw):
            continue
        line = TS.sub('', raw)
        # Modules print their suites without a top-level header: keep the
        # indented suite bodies and the top-level result of each suite.
        if line.startswith('    ') or TOP.match(line):
            lines.append(line)

doc, n = [], 0
for line in lines:
    m = TOP.match(line)
    if m:
        n += 1
        line = '%s %d%s' % (m.group(1), n, m.group(3) or '')
    doc.append(line)
with open(out + '.ktap', 'w') as f:
    f.write('KTAP version 1\n1..%d\n' % n)
    f.write('\n'.join(doc) + '\n')

fail = 0
if not seen_end:
    print('not ok - kunit: the VM never finished loading the KUnit modules')
    fail = 1
if nmods and n == 0:
    print('not ok - kunit: no KUnit suite ran (expected %d modules)' % nmods)
    sys.exit(1)

# Never read the results of an earlier run.
if os.path.exists(out + '.json'):
    os.unlink(out + '.json')
r = subprocess.run([sys.executable, src + '/tools/testing/kunit/kunit.py', 'parse',
                    '--json=' + out + '.json', out + '.ktap'],
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
with open(out + '.parse.txt', 'w') as f:
    f.write(r.stdout)
try:
    with open(out + '.json') as f:
        tree = json.load(f)
except (OSError, ValueError) as e:
    print('not ok - kunit: kunit.py parse failed (%s), see %s.parse.txt' % (e, out))
    sys.exit(1)


# A module may be loaded several times (once per swap configuration): a
# case passes if it passed in some load and failed in none. A case that
# was skipped in every load never ran, and that is a failure.
results = {}


def walk(group, path):
    for sub in group.get('sub_groups', []):
        walk(sub, path + [sub['name']])
    for case in group.get('test_cases', []):
        name = '.'.join(path + [case['name']])
        results.setdefault(name, []).append(case['status'])


walk(tree, [])
for name, st in results.items():
    if any(x not in ('PASS', 'SKIP') for x in st):
        bad = sorted(set(x for x in st if x not in ('PASS', 'SKIP')))
        print('not ok - kunit: %s (%s)' % (name, ', '.join(bad)))
        fail = 1
    elif 'PASS' in st:
        print('ok - kunit: %s' % name)
    else:
        print('not ok - kunit: %s (skipped in every load: never ran)' % name)
        fail = 1
# kunit.py exits 1 on any failure or skip; trust its exit code only where
# the cases above do not already explain it.
if r.returncode != 0 and not fail and 'not ok' in r.stdout:
    print('not ok - kunit: kunit.py parse reports failures, see %s.parse.txt' % out)
    fail = 1
sys.exit(fail)
