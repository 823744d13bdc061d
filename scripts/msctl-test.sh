#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# msctl and the debugfs tree file: one guest boot, and Graphviz on the
# host.
#
# - msctl dot: a space with holes, huge leaves (1 GiB, 2 MiB, one cut into
#   4 KiB) and 1,004 areas is drawn in the guest; here its two pictures
#   must render (dot -Tsvg), the raw tree file must be a red-black tree
#   whose gap and subtree_gap are right (check_tree.py), and the
#   page-table picture must hold the huge leaves and as many tables as the
#   page table. A second space of 10^5 areas is drawn in the guest (the
#   tree file read in pages, every node once).
# - msctl's words: refused commands say why and name the errno, usage
#   errors name the bad argument and print the syntax, exit statuses 1 and
#   2; --help lists every command and the man page documents each.
#
# Last line: "msctl: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() {
	local name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok: $name"
	else
		failed=$((failed + 1))
		echo "FAILED: $name"
	fi
}

# 1,000 small areas with holes between them (4 KiB or 8 KiB every 12 KiB,
# every tenth populated, every seventh LINEAR), then the huge leaves.
awk 'BEGIN {
	print "batch"
	for (i = 0; i < 1000; i++) {
		a = 268435456 + i * 12288	# 0x10000000 + i * 0x3000
		line = sprintf("map %#x %s %s", a, i % 2 ? "8K" : "4K", i % 3 ? "rw" : "r")
		if (i % 7 == 0)
			line = line sprintf(" --linear %#x", 536870912 + a)
		else if (i % 10 == 0)
			line = line " --populate"
		print line
	}
	print "end"
	print "map 0x40000000 8M r --linear 0xfe000000 --huge"
	print "map 0x80000000 1G rw --linear 0x100000000 --huge"
	print "map 0xc0000000 1G rw --linear 0x140000000 --huge"
	print "unmap 0x80200000 4K"
	print "stats"
	print "dot tree /tmp/tree.dot"
	print "dot pagetable /tmp/pagetable.dot"
	print "cat /sys/kernel/debug/memory_set/*/tree"
}' >"$work/space.ms"
# 10^5 areas, 4096 a batch.
awk 'BEGIN {
	for (i = 0; i < 100000; i++) {
		if (i % 4096 == 0)
			print "batch"
		printf "map %#x 4K r\n", 268435456 + i * 8192	# 0x10000000 + i * 0x2000
		if (i % 4096 == 4095 || i == 99999)
			print "end"
	}
	print "dot tree /tmp/big.dot"
}' >"$work/big.ms"

cat >"$work/errors.ms" <<'MS'
map 0x400000 16K rw
map 0x401000 4K rw
map 0x1001 4K rw
protect 0x400000 4K w
find 1G 3G
map 0x500000 4K rw --huge
unmap 0x400000
frob
MS

"$MS_ROOT/scripts/guest.sh" -f "$work/space.ms" -f "$work/big.ms" -f "$work/errors.ms" -- sh -c '
	rc=0
	/msctl -f /space.ms > /tmp/space.out || { echo "space.ms failed"; rc=1; }
	sed -n "/^\$ stats/,/^\$ dot/p" /tmp/space.out
	sed -n "/^\$ cat/,\$p" /tmp/space.out | sed 1d > /tmp/tree.txt
	for f in tree pagetable; do
		echo "MS-DOT-BEGIN $f"; cat /tmp/$f.dot; echo MS-DOT-END
	done
	echo "MS-DOT-BEGIN tree-raw"; cat /tmp/tree.txt; echo MS-DOT-END
	/msctl -f /big.ms > /dev/null || { echo "big.ms failed"; rc=1; }
	echo "big: $(grep -c "^  a[0-9a-f]* \[label" /tmp/big.dot) nodes"
	/msctl -f /errors.ms > /dev/null 2> /tmp/errors.txt
	/msctl map 0x1001 4K rw 2>/dev/null; echo "status refused: $?"
	/msctl frob 2>/dev/null; echo "status usage: $?"
	echo "MS-DOT-BEGIN errors"; cat /tmp/errors.txt; echo MS-DOT-END
	exit $rc' \
	>"$work/out" 2>&1
status=$?
sed '/^MS-DOT-BEGIN /,/^MS-DOT-END$/d' "$work/out" |
	grep -E 'failed|^areas|^big:|^status|guest:|msctl:' | head -n 20
for name in tree pagetable tree-raw errors; do
	sed -n "/^MS-DOT-BEGIN $name\$/,/^MS-DOT-END\$/p" "$work/out" | sed '1d;$d' \
		>"$work/$name"
done

check "the guest ran the scripts, no WARNING/BUG/Oops" \
	test $status -eq 0 -a -s "$work/tree-raw"
check "the tree of 1004 areas renders (dot -Tsvg)" \
	sh -c "dot -Tsvg '$work/tree' > '$work/tree.svg' && grep -q '<svg' '$work/tree.svg'"
check "the tree picture has a node per area (1004)" \
	test "$(grep -c '^  a[0-9a-f]* \[label' "$work/tree")" -eq 1004
check "the tree file is a red-black tree with the right gap and subtree_gap" \
	python3 "$MS_ROOT/scripts/check_tree.py" 1004 "$work/tree-raw"
check "the page-table picture renders (dot -Tsvg)" \
	sh -c "dot -Tsvg '$work/pagetable' > '$work/pagetable.svg' && grep -q '<svg' '$work/pagetable.svg'"
check "the page-table picture holds 1G, 2M and 4K leaves and every table" \
	sh -c "grep -q 'HUGE 1 x 1G' '$work/pagetable' && grep -q 'HUGE 4 x 2M' '$work/pagetable' &&
	       grep -q '511 x 4K' '$work/pagetable' &&
	       grep -Eq '// tables: ([0-9]+) drawn, \1 in the page table' '$work/pagetable'"
check "10^5 areas: the tree file read in pages gives every node once" \
	grep -q '^big: 100000 nodes$' "$work/out"

# msctl's words.
said() {
	grep -qF -- "$1" "$work/errors"
}
check "a refused map says the range overlaps an area (EEXIST)" \
	said "msctl: map 0x401000+0x1000: the range overlaps an existing area"
check "EINVAL is explained: alignment, PROT without r, ALIGN, --huge on ALLOC" \
	sh -c "grep -qF 'map 0x1001+0x1000: ADDR 0x1001 is not page-aligned (4 KiB) (EINVAL)' '$work/errors' &&
	       grep -qF 'protect 0x400000+0x1000: PROT must contain r' '$work/errors' &&
	       grep -qF 'ALIGN must be a power of two' '$work/errors' &&
	       grep -qF -- '--huge is for --linear areas only (EINVAL)' '$work/errors'"
check "usage errors name what is wrong and print the syntax" \
	sh -c "grep -qF 'msctl: unmap: 2 arguments expected' '$work/errors' &&
	       grep -qF 'usage: unmap ADDR SIZE' '$work/errors' &&
	       grep -qF \"msctl: unknown command 'frob'\" '$work/errors'"
check "exit status 1 for a refused command, 2 for a usage error" \
	sh -c "grep -q '^status refused: 1\$' '$work/out' && grep -q '^status usage: 2\$' '$work/out'"
ms_build_tools "$work" "" msctl
help_and_man() {
	local names name
	names=$("$work/msctl" --help | sed -n 's/^  \([a-z]*\).*/\1/p')
	[ "$(wc -w <<<"$names")" -ge 15 ] || return 1
	for name in $names; do
		grep -Eq "^\.B[IR]? $name( |\$)" "$MS_ROOT/man/msctl.1" ||
			{ echo "man/msctl.1 does not document $name"; return 1; }
	done
}
check "--help lists every command, and man/msctl.1 documents each" help_and_man
echo "msctl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
