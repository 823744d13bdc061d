#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The guest harness tells a kernel that died before insmod from a module
# that failed (scripts/guest.sh). MS_GUEST_BREAK_BOOT=N makes the first N
# boots die at once (no init: the kernel panics), as Debian's 6.12-rt did
# now and then under TCG:
#   - one boot that dies is retried, and the command's result stands;
#   - two that die are exit status 77, "did not boot", never 0 or 1;
#   - a command that fails after insmod is still a failure, even one that
#     exits with 77 (1, as for any failure).
# Last line: "guest-boot: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# expect NAME WANTED_STATUS PATTERN_IN_OUTPUT [ENV...] -- COMMAND...
expect() {
	local name=$1 want=$2 pattern=$3 rc
	shift 3
	env "$@" >"$out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -qE "$pattern" "$out"; then
		echo "ok: $name"
		passed=$((passed + 1))
	else
		echo "FAILED: $name (exit $rc, wanted $want and /$pattern/):"
		tail -n 5 "$out"
		failed=$((failed + 1))
	fi
}

guest=$MS_ROOT/scripts/guest.sh
expect "a boot that dies before insmod is retried; a command's 77 is a failure" \
	1 'died before insmod.*once more' MS_GUEST_BREAK_BOOT=1 \
	"$guest" -- sh -c 'echo ran; exit 77'
if grep -q '^ran$' "$out"; then
	passed=$((passed + 1))
else
	echo "FAILED: the retried boot ran nothing"
	failed=$((failed + 1))
fi
expect "two boots that die are 77, not a pass nor a module failure" 77 \
	'died before insmod twice' MS_GUEST_BUILT=1 MS_GUEST_BREAK_BOOT=2 \
	"$guest" -- true
echo "guest-boot: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
