#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The demo: boot Debian's kernel in QEMU, load the module, and let msctl
# walk through mmap, munmap, mprotect, page faults and huge leaves. At two
# points of the story msctl dot draws the rbtree of areas and the page
# table; they come back on the console and are rendered here with
# Graphviz into doc/pictures/ (the .dot and the .svg that doc/tour.md shows).
#
#   DEMO_PICTURES=dir   where the pictures go (default doc/pictures)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$MS_ROOT/scripts/deps.sh"
pictures=${DEMO_PICTURES:-$MS_ROOT/doc/pictures}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
ms_log "booting Debian's kernel $(ms_kernel_version) in QEMU (TCG)"
status=0
"$MS_ROOT/scripts/guest.sh" -f "$MS_ROOT/tools/demo.ms" \
	-f "$MS_ROOT/tools/demo-formats.ms" \
	-f "$MS_ROOT/tools/demo-guest.sh" -- sh /demo-guest.sh >"$out" || status=$?
# The story, without the Graphviz text.
sed '/^MS-DOT-BEGIN /,/^MS-DOT-END$/d' "$out"
names=$(sed -n 's/^MS-DOT-BEGIN \([0-9a-z-]*\)$/\1/p' "$out")
[ -n "$names" ] || ms_die "the guest wrote no picture"
# Rendered aside, and moved into $pictures only if every one is good: a
# failed run leaves the committed pictures as they were.
drawn=$(mktemp -d)
trap 'rm -rf "$out" "$drawn"' EXIT
for name in $names; do
	sed -n "/^MS-DOT-BEGIN $name\$/,/^MS-DOT-END\$/p" "$out" | sed '1d;$d' \
		>"$drawn/$name.dot"
	[ -s "$drawn/$name.dot" ] || ms_die "msctl wrote an empty $name.dot"
	dot -Tsvg "$drawn/$name.dot" >"$drawn/$name.svg" ||
		ms_die "dot could not render $name.dot"
done
[ "$status" -eq 0 ] || ms_die "the demo failed: the pictures are left as they were"
mkdir -p "$pictures"
mv "$drawn"/* "$pictures/"
ms_log "pictures: $(cd "$pictures" && ls -- *.svg | tr '\n' ' ')in ${pictures#"$MS_ROOT"/}"

# Last, the real MMU as judge: a Sv39 space exported (MS_IOC_EXPORT) and
# walked by QEMU's riscv64 machine (make mmu-check, a few probes).
ms_log "a Sv39 space exported and walked by QEMU's riscv64 MMU (make mmu-check, 8 probes)"
MMU_PROBES=8 "$MS_ROOT/scripts/mmu-check.sh" sv39 2>/dev/null | grep -E '^mmu sv39: ' >"$out" || status=1
report=$MS_CACHE/mmu/plan/mmu/sv39
echo "what the space says each access does (load, store, fetch; supervisor, user):"
awk '{ printf "  %-12s %s\n", $2, $5 }' "$report/expect.txt"
echo "what the riscv64 machine did (o done, p page fault):"
grep -E '^(mmu probe|p |done)' "$report/report.txt" | sed 's/^/  /'
cat "$out"
exit $status
