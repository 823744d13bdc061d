#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a bare-metal probe's report against the plan (tools/mmu/plan.c).

    mmu_compare.py EXPECT REPORT NAME [AD [MISMATCH]]

Every access of every probe is one test: its result character must be the
one expected; a load that was done must have read what the page holds
(the plan's INIT, or what an earlier probe stored there). With AD (the
plan's ad.txt: the Accessed and Dirty bits MS_IOC_TOUCH of the same
accesses set in the module), each bit the MMU left in a reported leaf is
one more test, and the indices the MMU reported leaves for must be those
of AD. Each "v" line (what a physical address holds at the end) must be
what the last store there, or INIT, left. Every line of MISMATCH (the plan's
own disagreements: QUERY, the image's LINEAR phys, TOUCH's verdicts) is a
failure. A column of the six that no probe expects to be done fails too:
a check that never sees an access succeed proves nothing. Prints the first
mismatches and, last, "mmu NAME: N passed, N failed".
"""
import sys

# Accessed and Dirty of the formats whose MMU sets them.
AD_BITS = {"x86-64-4l": (5, 6), "x86-64-5l": (5, 6),
           "sv39": (6, 7), "sv48": (6, 7), "sv57": (6, 7)}

NAMES = ["supervisor load", "user load", "supervisor store", "user store",
         "supervisor fetch", "user fetch"]


def store_value(index, user):
    """What probe INDEX stores (probe.h's MMU_STORE_VALUE)."""
    return 0x5354000000000000 | (index << 8) | (2 if user else 1)


def main():
    expect_path, report_path, name = sys.argv[1:4]
    ad_path = sys.argv[4] if len(sys.argv) > 4 else None
    mismatch_path = sys.argv[5] if len(sys.argv) > 5 else None
    expect = {}
    for line in open(expect_path):
        idx, va, pa, init, exp, _ = line.split()
        expect[int(idx)] = (int(va, 16), int(pa, 16), int(init, 16), exp)
    reports = {}
    entries = {}
    finals = {}
    done = None
    for line in open(report_path, errors="replace"):
        f = line.split()
        if len(f) == 9 and f[0] == "p":
            reports[int(f[1])] = ("".join(f[2:8]), int(f[8], 16))
        elif len(f) == 3 and f[0] == "e":
            entries[int(f[1])] = int(f[2], 16)
        elif len(f) == 3 and f[0] == "v":
            finals[int(f[1])] = int(f[2], 16)
        elif len(f) == 2 and f[0] == "done":
            done = int(f[1])
    memory = {}
    passed = failed = shown = 0

    def fail(msg):
        nonlocal failed, shown
        failed += 1
        if shown < 20:
            print(f"mmu {name}: {msg}")
            shown += 1

    if mismatch_path:
        for line in open(mismatch_path):
            fail(f"the space: {line.strip()}")
    for i, what in enumerate(NAMES):
        done_ok = sum(1 for e in expect.values() if e[3][i] == "o")
        if done_ok < max(1, len(expect) // 100):
            fail(f"{what}: only {done_ok} of {len(expect)} probes expect it done")
    if done != len(expect):
        fail(f"the probe did not finish (done {done}, {len(expect)} planned)")
    for idx in sorted(expect):
        va, pa, init, exp = expect[idx]
        if idx not in reports:
            fail(f"probe {idx} ({va:#x}): no report")
            continue
        got, value = reports[idx]
        for i in range(6):
            if got[i] == exp[i]:
                passed += 1
            else:
                fail(f"probe {idx} {va:#x} (pa {pa:#x}): {NAMES[i]}: "
                     f"'{got[i]}', the space says '{exp[i]}'")
        if "o" in got[:2]:
            want = memory.get(pa, init)
            if value == want:
                passed += 1
            else:
                fail(f"probe {idx} {va:#x}: read {value:#x}, the page holds {want:#x}")
        if got[2] == "o":
            memory[pa] = store_value(idx, False)
        if got[3] == "o":
            memory[pa] = store_value(idx, True)
    for idx in sorted(expect):
        va, pa, init, _ = expect[idx]
        if not pa:
            continue
        if idx not in finals:
            fail(f"probe {idx}: no final value of pa {pa:#x}")
        elif finals[idx] == memory.get(pa, init):
            passed += 1
        else:
            fail(f"probe {idx} {va:#x}: pa {pa:#x} holds {finals[idx]:#x} at the end, "
                 f"the stores left {memory.get(pa, init):#x}")
    if ad_path and name in AD_BITS:
        bits = AD_BITS[name]
        ad_lines = [line.split() for line in open(ad_path)]
        if {int(i) for i, _ in ad_lines} != set(entries):
            fail("the leaves reported are not those the plan says the module has")
        for idx, ad in ad_lines:
            idx = int(idx)
            if idx not in entries:
                fail(f"probe {idx}: no leaf entry reported")
                continue
            for i, letter in enumerate("AD"):
                mmu = bool(entries[idx] >> bits[i] & 1)
                module = ad[i] == letter
                if mmu == module:
                    passed += 1
                else:
                    fail(f"probe {idx} {expect[idx][0]:#x}: {letter} is "
                         f"{int(mmu)} in the MMU's leaf {entries[idx]:#x}, "
                         f"{int(module)} after MS_IOC_TOUCH of the same accesses")
    print(f"mmu {name}: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
