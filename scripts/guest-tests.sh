#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The guest suite: boot Debian's kernel, insmod, run the ioctl tests of
# tools/ms_test/ (one program per topic: validation, semantics, batch,
# observe, sharing, harden, formats, data, clone, cow_race, sigkill,
# phys_hidden, no_change, latency, export), ms_diff (differential
# against the model, areas and data across clones) and
# ms_stress (threads, fds, closes, 10^6 areas, insmod/rmmod), rmmod.
# On a PREEMPT_RT kernel (-rt-amd64) one more test: the guest says it is
# one (/sys/kernel/realtime), so that the suite really ran on sleeping
# spinlocks and RT preemption.
# Last line: "guest <kver>: N passed, N failed", summed over them all, or
# "guest <kver>: 0 passed, 0 failed, 1 skipped" if the kernel died before
# insmod in both of guest.sh's boots.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

ms_need qemu-system-x86_64 busybox cpio
KVER=${KVER:-$(ms_kernel_version)}
programs="$(ms_test_programs | tr '\n' ' ')ms_diff ms_stress"
nr_programs=$(wc -w <<<"$programs")
out=$(mktemp)
"$MS_ROOT/scripts/guest.sh" -k "$KVER" -- \
	sh -c 'echo "realtime: $(cat /sys/kernel/realtime 2>/dev/null || echo 0)"
		rc=0; for p in $0; do /$p || rc=1; done; exit $rc' \
	"$programs" \
	> "$out" 2>&1
status=$?
# The kernel died twice before insmod (guest.sh): not a pass, not the
# module's failure.
if [ $status -eq 77 ]; then
	grep '^guest:' "$out"
	rm -f "$out"
	echo "guest $KVER: skipped: the kernel did not boot (it died before insmod twice)"
	echo "guest $KVER: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
grep -E '^(not ok|#  (RUN|OK|FAIL)|# (PASSED|FAILED|Totals))|^#' "$out" | grep -v '^#  RUN' || true
grep -E 'error|guest:|insmod|rmmod' "$out" | grep -v '^#' || true
totals=$(grep -E '^# Totals: pass:[0-9]+ fail:[0-9]+' "$out")
if [ "$(wc -l <<<"$totals")" -ne "$nr_programs" ]; then
	echo "guest $KVER: a program printed no totals"
	echo "guest $KVER: 0 passed, 1 failed"
	rm -f "$out"
	exit 1
fi
pass=0
fail=0
while read -r line; do
	pass=$((pass + $(sed -E 's/^# Totals: pass:([0-9]+).*/\1/' <<<"$line")))
	fail=$((fail + $(sed -E 's/.*fail:([0-9]+) xfail:[0-9]+ xpass:[0-9]+ skip:([0-9]+) error:([0-9]+).*/\1+\2+\3/' <<<"$line")))
done <<<"$totals"
case $KVER in
*-rt-amd64)
	if grep -q '^realtime: 1$' "$out"; then
		pass=$((pass + 1))
	else
		echo "guest $KVER: /sys/kernel/realtime is not 1: not a PREEMPT_RT kernel"
		fail=$((fail + 1))
	fi
	;;
esac
# The guest itself failing (rmmod, kernel WARNING) is one more failure.
[ $status -eq 0 ] || [ $fail -gt 0 ] || fail=1
rm -f "$out"
echo "guest $KVER: $pass passed, $fail failed"
[ $fail -eq 0 ]
