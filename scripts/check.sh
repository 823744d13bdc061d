#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run every test suite of the project and sum them up. The last line is
# "N passed, N failed" over all suites; the exit status is 0 only if every
# suite ran and passed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

"$MS_ROOT/scripts/deps.sh" || ms_die "installing dependencies failed"

total_passed=0
total_failed=0
status=0

# Run one suite; its last output line must be "<label>: N passed, N failed".
run_suite() {
	local out line p f
	out=$(mktemp)
	"$@" 2>&1 | tee "$out"
	[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
	rm -f "$out"
	if [ -z "$line" ]; then
		echo "suite '$*' printed no counts: counted as 1 failure"
		total_failed=$((total_failed + 1))
		status=1
		return
	fi
	p=$(sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed$/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed$/\2/' <<<"$line")
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
}

run_suite "$MS_ROOT/scripts/kunit.sh" core
run_suite "$MS_ROOT/scripts/kunit.sh" debug
for kver in $(ms_kernel_versions); do
	KVER=$kver run_suite "$MS_ROOT/scripts/guest-tests.sh"
done
run_suite "$MS_ROOT/scripts/dkms-test.sh"
run_suite "$MS_ROOT/scripts/ucore-diff.sh"
run_suite "$MS_ROOT/scripts/fuzz.sh" "${FUZZ_SECONDS:-30}"
run_suite "$MS_ROOT/scripts/lint.sh"

echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ] || status=1
exit $status
