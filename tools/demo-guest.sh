#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the demo guest: msctl walks through tools/demo.ms while the
# memory_set trace events are recorded, then the trace is shown, then the
# Graphviz files msctl dot wrote, between MS-DOT-BEGIN/END lines for
# scripts/demo.sh to render on the host.
t=/sys/kernel/tracing
echo 1 > $t/events/memory_set/enable
/msctl -f /demo.ms
status=$?
echo 0 > $t/events/memory_set/enable
echo
echo "== the trace events of it all (tracefs: events/memory_set), first 40"
grep -v '^#' $t/trace | head -n 40
for f in /tmp/*.dot; do
	[ -f "$f" ] || continue
	echo "MS-DOT-BEGIN $(basename "$f" .dot)"
	cat "$f"
	echo "MS-DOT-END"
done
exit $status
