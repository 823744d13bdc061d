#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The guest suite: boot Debian's kernel, insmod, run tools/ms_test, rmmod.
# Last line: "guest <kver>: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

KVER=${KVER:-$(ms_kernel_version)}
out=$(mktemp)
"$MS_ROOT/scripts/guest.sh" -k "$KVER" -- /ms_test > "$out" 2>&1
status=$?
grep -E '^(not ok|#  (RUN|OK|FAIL)|# (PASSED|FAILED|Totals))|^#' "$out" | grep -v '^#  RUN' || true
grep -E 'error|guest:|insmod|rmmod' "$out" | grep -v '^#' || true
totals=$(grep -E '^# Totals: pass:[0-9]+ fail:[0-9]+' "$out" | tail -n 1)
rm -f "$out"
if [ -z "$totals" ]; then
	echo "guest $KVER: 0 passed, 1 failed"
	exit 1
fi
pass=$(sed -E 's/^# Totals: pass:([0-9]+).*/\1/' <<<"$totals")
fail=$(sed -E 's/.*fail:([0-9]+) xfail:([0-9]+) xpass:([0-9]+) skip:([0-9]+) error:([0-9]+).*/\1+\4+\5/' <<<"$totals")
fail=$((fail))
# The guest itself failing (rmmod, kernel WARNING) is one more failure.
[ $status -eq 0 ] || [ $fail -gt 0 ] || fail=1
echo "guest $KVER: $pass passed, $fail failed"
[ $fail -eq 0 ]
