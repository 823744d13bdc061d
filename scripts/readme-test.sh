#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the guest commands README.md and doc/*.md tell a student to run:
# every ```sh block that uses msctl runs, as written (msctl is /msctl in
# the guest), in one guest boot; each block must exit 0 and print no
# failure.
# Last line: "readme: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Split the msctl blocks into block-N.sh files.
awk -v dir="$work" '
	/^```sh$/ { inside = 1; text = ""; next }
	/^```$/ && inside {
		inside = 0
		if (text ~ /msctl/) { n++; printf "%s", text > (dir "/block-" n ".sh") }
		next
	}
	inside { text = text $0 "\n" }
' "$MS_ROOT/README.md" "$MS_ROOT"/doc/*.md
sed -i -E 's#(^|[|;] *)msctl #\1/msctl #' "$work"/block-*.sh
blocks=$(ls "$work"/block-*.sh 2>/dev/null | wc -l)
[ "$blocks" -gt 0 ] || { echo "readme: 0 passed, 1 failed (no msctl block found)"; exit 1; }

files=()
for f in "$work"/block-*.sh; do files+=(-f "$f"); done
out=$("$MS_ROOT/scripts/guest.sh" "${files[@]}" -- sh -c '
	for b in /block-*.sh; do
		echo "README-BLOCK $b"
		if sh -e "$b" 2>&1; then echo "README-OK $b"; else echo "README-FAIL $b"; fi
	done' 2>&1)
status=$?
echo "$out" | sed -n '/README-BLOCK/,$p' | grep -v '^\[' | head -n 80
passed=$(grep -c '^README-OK' <<<"$out")
failed=$(grep -c '^README-FAIL' <<<"$out")
# A failure printed by msctl itself counts too.
grep -q 'msctl: line [0-9]* failed' <<<"$out" && failed=$((failed + 1))
[ $((passed + failed)) -eq "$blocks" ] || failed=$((blocks - passed))
[ $status -eq 0 ] || [ $failed -gt 0 ] || failed=1
echo "readme: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
