#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The userspace run of the whole stack (core, backends, page table, space)
# under ASan + UBSan: the built-in scenarios, the seed corpus of the stack
# fuzzer, and SEEDS seeded runs of OPS operations, one test each; then
# data and clones against their model (ucore_data: the seed corpus of its
# fuzzer, and 20 seeded runs of 2000 operations).
#
#   scripts/ucore-stack.sh [SEEDS [OPS]]
#
# Last line: "ucore-stack: N passed, N failed", both runners summed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

src=$(ms_kernel_source) || exit 1
if ! make -s -C "$MS_ROOT/tools/ucore" KSRC="$src" OUT="$MS_CACHE/ucore" stack data; then
	echo "ucore-stack: 0 passed, 1 failed"
	exit 1
fi
out=$(mktemp)
"$MS_CACHE/ucore/ucore_stack" -j "$MS_JOBS" -s "${1:-300}" -n "${2:-5000}" \
	"$MS_ROOT"/tools/ucore/corpus-stack/* | tee "$out"
stack_status=${PIPESTATUS[0]}
"$MS_CACHE/ucore/ucore_data" -s 20 -n 2000 "$MS_ROOT"/tools/ucore/corpus-data/* |
	tee -a "$out"
data_status=${PIPESTATUS[0]}
# Each runner prints its own counts and exits 0 or 1; anything else means
# it could not.
passed=0
failed=0
for runner in ucore-stack ucore-data; do
	line=$(grep -E "^$runner: [0-9]+ passed, [0-9]+ failed$" "$out" | tail -n 1)
	if [ -z "$line" ]; then
		failed=$((failed + 1))
		continue
	fi
	passed=$((passed + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
	failed=$((failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")))
done
rm -f "$out"
[ "$stack_status" -le 1 ] && [ "$data_status" -le 1 ] || failed=$((failed + 1))
echo "ucore-stack: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
