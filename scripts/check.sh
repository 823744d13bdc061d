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

# Two lanes run side by side on separate caches: the UML builds and runs
# (one build dir after another) and the rest (guests, probes, packages,
# userspace runs, lint), about as long as each other on 2 cores. Each
# suite's output goes to its own file; the first lane's is shown as it
# comes, the second's after it, in order. The counts are summed at the
# end from both.
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# Run one suite as suite number $1; its last output line must be "<label>:
# N passed, N failed", or "..., N skipped" (a guest whose kernel did not
# boot). $results/N.out keeps its output and then its wall time,
# $results/N.end its exit status.
run_suite() {
	local n=$1 start=$SECONDS rc
	shift
	if [ -n "${MS_LIVE:-}" ]; then
		"$@" 2>&1 | tee "$results/$n.out"
	else
		"$@" >"$results/$n.out" 2>&1
	fi
	rc=${PIPESTATUS[0]}
	echo "(${*##*/}: $((SECONDS - start)) s)" >>"$results/$n.out"
	[ -n "${MS_LIVE:-}" ] && tail -n 1 "$results/$n.out"
	echo "$rc" >"$results/$n.end"
}

builds_lane() {
	run_suite 01 "$MS_ROOT/scripts/kunit.sh" core
	# Right after it: the labs build in the same UML build dir.
	run_suite 02 "$MS_ROOT/scripts/labs-test.sh"
	run_suite 03 "$MS_ROOT/scripts/kunit.sh" debug
	# From a copy of the core build dir.
	run_suite 04 "$MS_ROOT/scripts/intree-test.sh"
	touch "$results/builds.done"
}

guests_lane() {
	local kver n=20
	for kver in $(ms_kernel_versions); do
		KVER=$kver run_suite $n "$MS_ROOT/scripts/guest-tests.sh"
		n=$((n + 1))
	done
	run_suite 30 "$MS_ROOT/scripts/guest-boot-test.sh"
	run_suite 31 "$MS_ROOT/scripts/mmu-check.sh"
	run_suite 32 "$MS_ROOT/scripts/mmu-check.sh" --self-test
	run_suite 33 "$MS_ROOT/scripts/readme-test.sh"
	run_suite 34 "$MS_ROOT/scripts/msctl-test.sh"
	run_suite 35 "$MS_ROOT/scripts/deps-test.sh"
	run_suite 36 "$MS_ROOT/scripts/dkms-test.sh"
	run_suite 37 "$MS_ROOT/scripts/deb-test.sh"
	run_suite 38 "$MS_ROOT/scripts/ucore-diff.sh"
	run_suite 39 "$MS_ROOT/scripts/ucore-stack.sh"
	run_suite 40 "$MS_ROOT/scripts/fuzz.sh" "${FUZZ_SECONDS:-30}"
	run_suite 41 "$MS_ROOT/scripts/lint.sh"
	touch "$results/guests.done"
}

# Both lanes build from the same extracted, patched kernel source: ready it
# once, before they start.
ms_kunit_source >/dev/null || ms_die "no kernel source"

guests_lane &
guests=$!
MS_LIVE=1 builds_lane
wait "$guests"

total_passed=0
total_failed=0
total_skipped=0
skipped=()
status=0
# A lane that died between suites left no file for the rest.
for lane in builds guests; do
	if [ ! -f "$results/$lane.done" ]; then
		echo "the $lane lane did not finish: counted as 1 failure"
		total_failed=$((total_failed + 1))
		status=1
	fi
done
for out in "$results"/*.out; do
	n=$(basename "$out" .out)
	[ $((10#$n)) -lt 20 ] || cat "$out"
	rc=$(cat "$results/$n.end" 2>/dev/null)
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$out" | tail -n 1)
	if [[ $line =~ ,\ ([0-9]+)\ skipped$ ]]; then
		total_skipped=$((total_skipped + BASH_REMATCH[1]))
		skipped+=("$(grep -E ': skipped: ' "$out" | tail -n 1)")
		line=${line%, * skipped}
	fi
	if [ -z "$line" ]; then
		echo "suite $(tail -n 1 "$out") printed no counts: counted as 1 failure"
		total_failed=$((total_failed + 1))
		status=1
		continue
	fi
	p=$(sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed$/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed$/\2/' <<<"$line")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "suite $(tail -n 1 "$out") failed (status ${rc:-none}) with no failed test: counted as 1 failure"
		f=1
	fi
	[ "$rc" = 0 ] || status=1
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
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
