#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fuzz the userspace builds, each target for SECONDS:
#   core   the core against the reference model (tools/ucore/fuzz.c)
#   stack  the whole stack against the oracle of tools/ucore/stack.c
#   data   data and clones of two spaces against their model
#          (kunit/data_diff.c over the whole stack)
#
#   scripts/fuzz.sh [SECONDS]     (make fuzz FUZZ_SECONDS=600)
#
# With two CPUs or more they run side by side, so SECONDS is also about
# the time it takes. The corpora grow in .cache/fuzz-corpus,
# .cache/fuzz-stack-corpus and .cache/fuzz-data-corpus, seeded from
# tools/ucore/corpus, corpus-stack and corpus-data; crashes land in
# .cache/fuzz*-artifacts (replay a stack one with
# .cache/ucore/ucore_stack FILE, UCORE_STACK_TRACE=1 to see each step, a
# data one with .cache/ucore/ucore_data -s 0 FILE).
# Each target is one test; the last line is "fuzz: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

seconds=${1:-60}
ms_need clang
src=$(ms_kernel_source) || exit 1
if ! make -s -C "$MS_ROOT/tools/ucore" KSRC="$src" OUT="$MS_CACHE/ucore" fuzz stack-fuzz data-fuzz; then
	echo "fuzz: 0 passed, 3 failed"
	exit 1
fi

# fuzz_target NAME BINARY SEEDS MAX_LEN: run one target, its log in $MS_CACHE.
fuzz_target() {
	local name=$1 bin=$2 seeds=$3 max_len=$4
	local corpus=$MS_CACHE/$name-corpus artifacts=$MS_CACHE/$name-artifacts
	mkdir -p "$corpus" "$artifacts"
	cp -n "$seeds"/* "$corpus/"
	"$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=60 \
		-print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" \
		>"$MS_CACHE/$name.log" 2>&1
}

fuzz_core() {
	fuzz_target fuzz "$MS_CACHE/ucore/ucore_fuzz" "$MS_ROOT/tools/ucore/corpus" 512
}

# 32 operations: enough to build and cut huge leaves, short enough for
# well over 10^6 runs in 600 s.
fuzz_stack() {
	fuzz_target fuzz-stack "$MS_CACHE/ucore/ucore_stack_fuzz" \
		"$MS_ROOT/tools/ucore/corpus-stack" 256
}

# 32 operations of two spaces.
fuzz_data() {
	fuzz_target fuzz-data "$MS_CACHE/ucore/ucore_data_fuzz" \
		"$MS_ROOT/tools/ucore/corpus-data" 256
}

targets=(fuzz fuzz-stack fuzz-data)
labels=("fuzz core" "fuzz stack" "fuzz data")
statuses=()
if [ "$MS_JOBS" -ge 2 ]; then
	fuzz_core &
	core=$!
	fuzz_stack &
	stack=$!
	fuzz_data &
	data=$!
	wait "$core"
	statuses[0]=$?
	wait "$stack"
	statuses[1]=$?
	wait "$data"
	statuses[2]=$?
else
	fuzz_core
	statuses[0]=$?
	fuzz_stack
	statuses[1]=$?
	fuzz_data
	statuses[2]=$?
fi

passed=0
failed=0
for i in "${!targets[@]}"; do
	status=${statuses[$i]}
	log=$MS_CACHE/${targets[$i]}.log
	grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|ERROR|SUMMARY|mismatch|ucore-stack:|ucore-data:|ucore pages:|WARN_ON|: WARN:' \
		"$log" | sed "s/^/${labels[$i]}: /"
	if [ "$status" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "${labels[$i]}: FAILED (see $log)"
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
