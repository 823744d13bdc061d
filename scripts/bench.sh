#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark: in QEMU guests under TCG, memory_set through ioctls and
# MS_IOC_BATCH against Linux's own mm, the core alone (userspace build),
# and every figure of the performance targets beside its target. It runs
# twice, with QEMU's default CPU model (qemu64) and with -cpu max: under
# TCG the model moves Linux's costs about 3x and ours hardly at all. A full
# run keeps each model's output in doc/bench/bench-<cpu>.txt and draws the
# plots of BENCHMARKS.md from them (scripts/bench-plots.sh: gnuplot SVGs).
#
#   scripts/bench.sh            (make bench) both models, full tables, plots
#   BENCH_ARGS=targets ...      only the targets' figures (no plots)
#   BENCH_OUT=dir ...           keep the outputs and plots in dir
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ms_need qemu-system-x86_64 busybox gnuplot
out=${BENCH_OUT:-$MS_ROOT/doc/bench}
mkdir -p "$out"
for cpu in qemu64 max; do
	ms_log "benchmarking in a QEMU guest (TCG, -cpu $cpu) running $(ms_kernel_version)"
	QEMU_CPU=$cpu GUEST_TIMEOUT=${GUEST_TIMEOUT:-3600} \
		"$MS_ROOT/scripts/guest.sh" -- \
		sh -c "echo \"== -cpu $cpu: \$(uname -r), \$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)\"; /bench ${BENCH_ARGS:-}" |
		tee "$out/bench-$cpu.txt.new"
	[ -z "${BENCH_ARGS:-}" ] || { rm -f "$out/bench-$cpu.txt.new"; continue; }
	mv "$out/bench-$cpu.txt.new" "$out/bench-$cpu.txt"
done
[ -n "${BENCH_ARGS:-}" ] || "$MS_ROOT/scripts/bench-plots.sh" "$out"
