#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fuzz the userspace build of the core against the reference model.
#
#   scripts/fuzz.sh [SECONDS]     (make fuzz FUZZ_SECONDS=600)
#
# The corpus grows in .cache/fuzz-corpus, seeded from tools/ucore/corpus;
# crashes land in .cache/fuzz-artifacts. Last line: "fuzz: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

seconds=${1:-60}
src=$(ms_kernel_source) || exit 1
make -s -C "$MS_ROOT/tools/ucore" KSRC="$src" fuzz || { echo "fuzz: 0 passed, 1 failed"; exit 1; }
corpus=$MS_CACHE/fuzz-corpus
artifacts=$MS_CACHE/fuzz-artifacts
mkdir -p "$corpus" "$artifacts"
cp -n "$MS_ROOT"/tools/ucore/corpus/* "$corpus/"
log=$MS_CACHE/fuzz.log
"$MS_CACHE/ucore/ucore_fuzz" -max_total_time="$seconds" -max_len=512 \
	-print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1
status=$?
grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|ERROR|SUMMARY|mismatch' "$log"
if [ $status -eq 0 ]; then
	echo "fuzz: 1 passed, 0 failed"
else
	echo "fuzz: 0 passed, 1 failed (see $log)"
fi
exit $status
