# SPDX-License-Identifier: GPL-2.0
# The plots of BENCHMARKS.md; scripts/bench-plots.sh writes the .dat files
# from make bench's output and runs this in doc/bench.
set terminal svg size 1200,420 dynamic font "Helvetica,12" background "white"
set datafile missing "-"
set key top left box opaque
set grid
set logscale x 10
set xrange [70:140000]
set xlabel "areas in the space"
set ylabel "ns per operation"
set yrange [0:*]
set format x "10^{%L}"

do for [cpu in "qemu64 max"] {
	set output sprintf("ops-%s.svg", cpu)
	set multiplot layout 1,3 title sprintf("Time per operation against the number of areas (QEMU TCG, -cpu %s): memory\\_set by ioctl, by BATCH of 64, its core alone, and Linux", cpu) font ",12"
	do for [op in "map unmap protect"] {
		set title op
		plot sprintf("ops-%s-%s.dat", cpu, op) using 1:5 with linespoints lw 2 pt 7 title "Linux", \
		     "" using 1:3 with linespoints lw 2 pt 5 title "ioctl", \
		     "" using 1:4 with linespoints lw 2 pt 9 title "batch", \
		     "" using 1:2 with linespoints lw 1 pt 1 dt 2 title "core"
	}
	unset multiplot
	unset title
}

set terminal svg size 700,420 dynamic font "Helvetica,12" background "white"
set output "find-free.svg"
set title "FIND\\_FREE against the number of areas: O(log n) through the gap-augmented rbtree"
set key bottom right
plot "ops-qemu64-find.dat" using 1:3 with linespoints lw 2 pt 5 title "ioctl, -cpu qemu64", \
     "ops-max-find.dat" using 1:3 with linespoints lw 2 pt 7 title "ioctl, -cpu max", \
     "ops-qemu64-find.dat" using 1:2 with linespoints lw 1 pt 4 dt 2 title "core alone, -cpu qemu64", \
     "ops-max-find.dat" using 1:2 with linespoints lw 1 pt 6 dt 2 title "core alone, -cpu max"

set output "huge.svg"
set title "1 GiB of LINEAR memory: 262,144 entries of 4 KiB against one 1 GiB leaf"
unset logscale x
unset format
set format y "10^{%L}"
set xrange [*:*]
set yrange [0.001:100]
set logscale y 10
set xlabel ""
set ylabel "ms"
set key top right
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
plot "huge.dat" using 2:xtic(1) title "4 KiB leaves", "" using 3 title "one 1 GiB leaf"
