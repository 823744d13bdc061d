#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the demo guest: msctl walks through tools/demo.ms while the
# memory_set trace events are recorded, then the trace is shown; then the
# same three areas in three page-table formats, their entries side by side;
# then the Graphviz files msctl dot wrote, between MS-DOT-BEGIN/END lines
# for scripts/demo.sh to render on the host.
t=/sys/kernel/tracing
echo 1 > $t/events/memory_set/enable
/msctl -f /demo.ms
status=$?
echo 0 > $t/events/memory_set/enable
echo
echo "== the trace events of it all (tracefs: events/memory_set), first 40"
grep -v '^#' $t/trace | head -n 40
echo
echo "== ... and those of the fork: the clone and each copy on write"
grep -E 'ms_clone|ms_cow' $t/trace

echo
echo "== page-table formats: the same three areas in x86-64, RISC-V Sv39 and"
echo "== AArch64 (one space each, MS_IOC_SET_FORMAT), the walk and the entry"
formats="x86-64-4l sv39 arm64"
for f in $formats; do
	{ echo "format $f"; cat /demo-formats.ms; } | /msctl - > /tmp/demo-$f.out ||
		status=1
	grep '^format' /tmp/demo-$f.out
done
n=0
for what in "0x400000 16K rwu alloc, written" "0x40000000 2M r-x linear huge" \
	    "0x80000000 4K r--c linear uncached"; do
	n=$((n + 1))
	echo
	echo "$what:"
	for f in $formats; do
		line=$(grep '^0x' /tmp/demo-$f.out | sed -n "${n}p")
		printf '  %-9s %s\n' "$f" "${line#*: }"
	done
done
for f in /tmp/*.dot; do
	[ -f "$f" ] || continue
	echo "MS-DOT-BEGIN $(basename "$f" .dot)"
	cat "$f"
	echo "MS-DOT-END"
done
exit $status
