#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Score a lab (scripts/grade.sh): read its points file, the KTAP log of
the KUnit run and the TAP log of its userspace tests, print each test with
its points and a last line "<lab>: score A/B". Exit 0 only for a full
score.

A points line is "<test> <points>": a KUnit case as
"memory_set_lab_<lab>.<case>", a userspace test as "user.<name>" (the
name given to TEST() in labs/<lab>/<lab>_user.c). A test that did not run
scores 0, as does every test if the log holds a kernel report (BUG,
WARNING, KASAN, lockdep, Oops). With a fifth argument "core", the
module's own suites in the same KUnit log are counted too, as
"module suites (cases): N passed, N failed" before the score."""
import re
import sys

REPORTS = re.compile(r'BUG:|WARNING:|possible recursive locking|'
                     r'inconsistent lock state|circular locking dependency|'
                     r'Kernel panic|Oops')
RESULT = re.compile(r'^(\s*)(not ok|ok) \d+ (?:- )?(\S+)(.*)$')
SUBTEST = re.compile(r'^(\s*)# Subtest: (\S+)')


def kunit_results(path):
    """{suite.case: passed} for every case of every suite, and whether
    the log holds a kernel report."""
    lines = open(path, errors='replace').read().splitlines()
    results, suite = {}, None
    for line in lines:
        m = SUBTEST.match(line)
        if m and len(m.group(1)) == 4:
            suite = m.group(2)
            continue
        m = RESULT.match(line)
        if not m:
            continue
        indent = len(m.group(1))
        if indent == 0:
            suite = None
        elif indent == 4 and suite:
            ok = m.group(2) == 'ok' and '# SKIP' not in m.group(4)
            results[f'{suite}.{m.group(3)}'] = ok
    return results, any(REPORTS.search(l) for l in lines)


def user_results(path):
    """{user.name: passed} from the kselftest harness's TAP."""
    text = open(path, errors='replace').read()
    body = text.split('LAB-USER-BEGIN', 1)[-1].split('LAB-USER-END', 1)[0]
    results = {}
    if 'LAB-USER-BEGIN' not in text:
        return results, bool(REPORTS.search(text))
    for line in body.splitlines():
        m = RESULT.match(line)
        if m and not m.group(1):
            name = m.group(3).split('.', 1)[-1]
            results[f'user.{name}'] = (m.group(2) == 'ok' and
                                       '# SKIP' not in m.group(4))
    return results, bool(REPORTS.search(text))


def main():
    lab, points_path, klog, ulog = sys.argv[1:5]
    core = len(sys.argv) > 5 and sys.argv[5] == 'core'
    points = []
    for line in open(points_path):
        line = line.split('#', 1)[0].split()
        if line:
            points.append((line[0], int(line[1])))
    kres, kreport = kunit_results(klog)
    ures, ureport = user_results(ulog)
    results = {**kres, **ures}
    if kreport or ureport:
        print(f'{lab}: the kernel reported a bug (see {klog} and {ulog}): '
              'every test scores 0')
    score = total = 0
    width = max(len(name) for name, _ in points)
    for name, pts in points:
        got = pts if results.get(name) and not (kreport or ureport) else 0
        verdict = {True: 'ok', False: 'FAIL'}.get(results.get(name),
                                                  'not run')
        print(f'  {name:<{width}}  {got:>3}/{pts:<3} {verdict}')
        score += got
        total += pts
    status = 0 if score == total else 1
    if core:
        mine = {k: v for k, v in kres.items()
                if not k.startswith(f'memory_set_lab_')}
        failed = sum(1 for v in mine.values() if not v) + (not mine)
        print(f'module suites (cases): {sum(mine.values())} passed, '
              f'{failed} failed')
        status |= 1 if failed else 0
    print(f'{lab}: score {score}/{total}')
    return status


if __name__ == '__main__':
    sys.exit(main())
