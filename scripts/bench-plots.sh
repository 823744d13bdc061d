#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The plots of BENCHMARKS.md, from the raw output make bench keeps of
# each CPU model on one kernel (DIR/bench-KVER-qemu64.txt and
# DIR/bench-KVER-max.txt; KVER: the one kernel run with both): gnuplot's
# SVGs of the per-operation time against the number of areas, ours and
# Linux's (ops-<cpu>.svg), FIND_FREE's scaling (find-free.svg) and 1 GiB
# mapped with 4 KiB leaves against one huge leaf (huge.svg), through the
# data files they are drawn from (*.dat) and doc/bench/plots.gp.
#
#   scripts/bench-plots.sh [DIR [KVER]]     (default doc/bench)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dir=${1:-$MS_ROOT/doc/bench}
ms_need gnuplot
kver=${2:-}
if [ -z "$kver" ]; then
	kver=$(cd "$dir" && ls -- bench-*-max.txt 2>/dev/null | sort -V | tail -n 1)
	kver=${kver#bench-}
	kver=${kver%-max.txt}
fi
[ -n "$kver" ] || ms_die "no $dir/bench-*-max.txt: run make bench"
for cpu in qemu64 max; do
	in=$dir/bench-$kver-$cpu.txt
	[ -s "$in" ] || ms_die "no $in: run make bench"
	# "| op | areas | core | ioctl | batch | Linux | ..." rows, per op.
	for op in map unmap protect find; do
		awk -F'|' -v op="$op" '
			BEGIN { print "# areas core ioctl batch linux (ns per operation; - = none)" }
			{ name = $2; gsub(/ /, "", name) }
			name == op && $3 ~ /[0-9]/ {
				for (i = 3; i <= 7; i++) { v = $i; gsub(/ /, "", v); printf "%s%s", v, i < 7 ? " " : "\n" }
			}' "$in" >"$dir/ops-$cpu-$op.dat"
		[ "$(grep -vc '^#' "$dir/ops-$cpu-$op.dat")" -eq 4 ] ||
			ms_die "$in: no four '$op' rows"
	done
	# The page-table table: total ms of 1 GiB with 4 KiB leaves and with
	# one 1 GiB leaf, for map and unmap.
	awk -F'|' -v cpu="$cpu" '
		function ms(s) { gsub(/ /, "", s); return s }
		/\| map, 4 KiB leaves/ { m4 = ms($3) }   /\| unmap, 4 KiB leaves/ { u4 = ms($3) }
		/\| map, 1 GiB leaf/ { m1 = ms($3) }     /\| unmap, 1 GiB leaf/ { u1 = ms($3) }
		END {
			printf "\"map, %s\" %s %s\n\"unmap, %s\" %s %s\n", cpu, m4, m1, cpu, u4, u1
		}' "$in" >"$dir/huge-$cpu.tmp"
	grep -Eq '^"map, [a-z0-9]+" [0-9.]+ [0-9.]+$' "$dir/huge-$cpu.tmp" ||
		ms_die "$in: no page-table table"
done
{
	echo "# what, cpu; ms for 1 GiB with 4 KiB leaves; ms with one 1 GiB leaf"
	cat "$dir/huge-qemu64.tmp" "$dir/huge-max.tmp"
} >"$dir/huge.dat"
rm -f "$dir"/huge-*.tmp
(cd "$dir" && gnuplot "$MS_ROOT/doc/bench/plots.gp")
ms_log "plots: $(cd "$dir" && ls -- *.svg | tr '\n' ' ')in ${dir#"$MS_ROOT"/}"
