#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark: in QEMU guests under TCG, memory_set through ioctls and
# MS_IOC_BATCH against Linux's own mm, the core alone (userspace build),
# and every figure of the performance targets beside its target. It runs
# on every kernel of the guest matrix (ms_kernel_versions: Debian 12's 6.1,
# bookworm-backports' 6.12 and its -rt build): with QEMU's default CPU
# model (qemu64) on each, and with -cpu max too on the newest (not -rt)
# one: under TCG the model moves Linux's costs about 3x and ours hardly at
# all. It ends with the targets of every run side by side.
#
# A full run keeps each run's output in doc/bench/bench-<kernel>-<cpu>.txt
# and draws the plots of BENCHMARKS.md from the newest kernel's two runs
# (scripts/bench-plots.sh: gnuplot SVGs).
#
#   scripts/bench.sh            (make bench) the matrix, full tables, plots
#   BENCH_ARGS=targets ...      only the targets' figures (no plots)
#   BENCH_ARGS=data ...         only data and fork
#   KVER=... ...                one kernel (both models if it is the newest)
#   BENCH_OUT=dir ...           keep the outputs and plots in dir
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ms_need qemu-system-x86_64 busybox gnuplot
out=${BENCH_OUT:-$MS_ROOT/doc/bench}
[ -z "${BENCH_ARGS:-}" ] || out=$(mktemp -d)
mkdir -p "$out"
all=$(ms_kernel_versions)
[ -n "$all" ] || ms_die "no Debian amd64 kernel with headers: run 'make deps'"
newest=$(printf '%s\n' $all | grep -v -- '-rt-' | tail -n 1)
runs=()
for kver in ${KVER:-$all}; do
	cpus=qemu64
	[ "$kver" != "$newest" ] || cpus="qemu64 max"
	for cpu in $cpus; do
		ms_log "benchmarking in a QEMU guest (TCG, -cpu $cpu) running $kver"
		KVER=$kver QEMU_CPU=$cpu GUEST_TIMEOUT=${GUEST_TIMEOUT:-3600} \
			"$MS_ROOT/scripts/guest.sh" -- \
			sh -c "echo \"== -cpu $cpu: \$(uname -r), \$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)\"; /bench ${BENCH_ARGS:-}" |
			tee "$out/bench-$kver-$cpu.txt.new"
		mv "$out/bench-$kver-$cpu.txt.new" "$out/bench-$kver-$cpu.txt"
		runs+=("$out/bench-$kver-$cpu.txt")
	done
done
"$MS_ROOT/scripts/bench-summary.sh" "${runs[@]}"
if [ -n "${BENCH_ARGS:-}" ]; then
	rm -rf "$out"
elif [ -z "${KVER:-}" ]; then
	"$MS_ROOT/scripts/bench-plots.sh" "$out" "$newest"
fi
