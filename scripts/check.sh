#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run every test suite of the project and sum them up. The last line is
# "N passed, N failed" over all suites, or "N passed, N failed, N skipped"
# when deps.sh could not install a kernel (.cache/skipped-kernels says why:
# the guest suite on it is a skip, never a pass) or a guest kernel died
# before insmod in both of its boots (scripts/guest.sh). The exit status
# is 0 only if every suite that could run ran and passed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

"$MS_ROOT/scripts/deps.sh" || ms_die "installing dependencies failed"

total_passed=0
total_failed=0
total_skipped=0
skipped=()
status=0

# Run one suite; its last output line must be "<label>: N passed, N
# failed", or "..., N skipped" (a guest whose kernel did not boot).
run_suite() {
	local out line p f s start=$SECONDS
	out=$(mktemp)
	"$@" 2>&1 | tee "$out"
	[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
	echo "(${*##*/}: $((SECONDS - start)) s)"
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$out" | tail -n 1)
	if [[ $line =~ ,\ ([0-9]+)\ skipped$ ]]; then
		s=${BASH_REMATCH[1]}
		total_skipped=$((total_skipped + s))
		skipped+=("$(grep -E ': skipped: ' "$out" | tail -n 1)")
		line=${line%, * skipped}
	fi
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
# Right after it: the labs build in the same UML build dir.
run_suite "$MS_ROOT/scripts/labs-test.sh"
run_suite "$MS_ROOT/scripts/kunit.sh" debug
for kver in $(ms_kernel_versions); do
	KVER=$kver run_suite "$MS_ROOT/scripts/guest-tests.sh"
done
# Lines "<kernel> (<source>): <reason>" from deps.sh.
if [ -s "$MS_CACHE/skipped-kernels" ]; then
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		echo "guest ${line%%: *}: skipped: ${line#*: }"
		skipped+=("guest $line")
		total_skipped=$((total_skipped + 1))
	done <"$MS_CACHE/skipped-kernels"
fi
run_suite "$MS_ROOT/scripts/guest-boot-test.sh"
run_suite "$MS_ROOT/scripts/mmu-check.sh"
run_suite "$MS_ROOT/scripts/mmu-check.sh" --self-test
run_suite "$MS_ROOT/scripts/readme-test.sh"
run_suite "$MS_ROOT/scripts/msctl-test.sh"
run_suite "$MS_ROOT/scripts/deps-test.sh"
run_suite "$MS_ROOT/scripts/dkms-test.sh"
run_suite "$MS_ROOT/scripts/deb-test.sh"
run_suite "$MS_ROOT/scripts/intree-test.sh"
run_suite "$MS_ROOT/scripts/ucore-diff.sh"
run_suite "$MS_ROOT/scripts/ucore-stack.sh"
run_suite "$MS_ROOT/scripts/fuzz.sh" "${FUZZ_SECONDS:-30}"
run_suite "$MS_ROOT/scripts/lint.sh"

for line in "${skipped[@]}"; do
	echo "skipped: $line"
done
if [ "$total_skipped" -gt 0 ]; then
	echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
else
	echo "$total_passed passed, $total_failed failed"
fi
[ "$total_failed" -eq 0 ] || status=1
exit $status
