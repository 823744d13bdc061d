#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the KUnit test cases in a (K)TAP log: print the failures and
"<label>: N passed, N failed". Exit 1 if any case failed, was skipped, or
if the log holds no result or a kernel report (KASAN, BUG, WARNING, lockdep,
kmemleak)."""
import re
import sys

REPORTS = re.compile(r'BUG: KASAN|BUG:|WARNING:|possible recursive locking|'
                     r'inconsistent lock state|circular locking dependency|'
                     r'suspected memory leak|unreferenced object|Kernel panic|Oops')
RESULT = re.compile(r'^\s*(not ok|ok) \d+ (\S+)(.*)$')


def main():
    path, label = sys.argv[1], sys.argv[2]
    lines = open(path, errors='replace').read().splitlines()
    passed = failed = 0
    depth_has_children = set()
    results = []
    for line in lines:
        m = RESULT.match(line)
        if not m:
            continue
        indent = len(line) - len(line.lstrip())
        results.append((indent, m.group(1), m.group(2), m.group(3)))
    # A result is a leaf case if the result before it is not deeper.
    for i, (indent, status, name, rest) in enumerate(results):
        deeper_before = i > 0 and results[i - 1][0] > indent
        if deeper_before:
            continue          # a suite (or parameterised test) summary
        if status == 'ok' and '# SKIP' not in rest:
            passed += 1
        else:
            failed += 1
            print(f'FAILED: {name}{rest}')
    reports = [l for l in lines if REPORTS.search(l)]
    for r in reports[:20]:
        print(f'REPORT: {r.strip()}')
    if passed + failed == 0 or reports:
        failed += 1
        print(f'{label}: no results or kernel reports; see {path}')
    print(f'{label}: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
