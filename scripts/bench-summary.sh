#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every figure that has a target, from several runs of the benchmark side
# by side: one column per run (kernel and CPU model), each value with
# "met" or "NOT". The figures' own times (in parentheses) differ from run
# to run and are left out; each run's output has them.
#
#   scripts/bench-summary.sh RUN.txt...   (bench-<kernel>-<cpu>.txt files)
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: $0 bench-<kernel>-<cpu>.txt..." >&2; exit 2; }
awk -F'|' '
	function trim(s) { gsub(/^ +| +$/, "", s); return s }
	FNR == 1 {
		name = FILENAME
		sub(/.*\/bench-/, "", name); sub(/\.txt$/, "", name)
		sub(/-amd64/, "", name); sub(/\+deb[0-9]+/, "", name)
		cols[++ncols] = name
	}
	NF >= 6 && trim($4) ~ /^(<=|>=|==)/ {
		fig = trim($2); gsub(/ *\([^)]*[nm]s\)/, "", fig)
		if (!(fig in target)) { order[++nfig] = fig; target[fig] = trim($4) }
		val[fig, ncols] = trim($3) " " trim($5)
	}
	END {
		printf "\nThe targets of every run (value, met or NOT):\n\n"
		printf "| %-48s | %-8s |", "figure", "target"
		for (c = 1; c <= ncols; c++) printf " %-16s |", cols[c]
		printf "\n|%s|%s|", "--------------------------------------------------", "----------"
		for (c = 1; c <= ncols; c++) printf "%s|", "------------------"
		printf "\n"
		for (f = 1; f <= nfig; f++) {
			fig = order[f]
			printf "| %-48s | %-8s |", fig, target[fig]
			for (c = 1; c <= ncols; c++) {
				v = (fig, c) in val ? val[fig, c] : "-"
				printf " %-16s |", v
			}
			printf "\n"
		}
	}' "$@"
