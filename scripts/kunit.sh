#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run memory_set's KUnit suites under UML.
#
#   scripts/kunit.sh [core|debug] [kunit.py filter glob, e.g. 'memory_set_core.*']
#
# The Debian kernel source is extracted once into .cache/, the project is
# linked into it as drivers/misc/memory_set (core runs its .kunitconfig
# from there, as a kernel developer would), and each config keeps its own
# build dir (.cache/uml-<config>), so warm runs only rebuild what changed.
# The last line printed is "kunit <config>: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

config=${1:-core}
filter=${2:-}
# core: the .kunitconfig at the top of the tree, named as a kernel
# developer names it once the module is drivers/misc/memory_set
# (kunit.py run --kunitconfig=drivers/misc/memory_set); debug: its own.
if [ "$config" = core ]; then
	[ -f "$MS_ROOT/.kunitconfig" ] || ms_die "no .kunitconfig"
	kunitconfig=drivers/misc/memory_set
else
	kunitconfig=$MS_ROOT/kunit/$config.kunitconfig
	[ -f "$kunitconfig" ] || ms_die "no such config: $kunitconfig"
fi

src=$(ms_kunit_source) || exit 1

build_dir=$MS_CACHE/uml-$config
log=$MS_CACHE/kunit-$config.log
ms_log "kunit ($config) in $build_dir"
args=(run --kunitconfig="$kunitconfig" --build_dir="$build_dir"
      --jobs="$MS_JOBS" --timeout=900 --raw_output=all)
[ -n "$filter" ] && args+=("$filter")
(cd "$src" && python3 tools/testing/kunit/kunit.py "${args[@]}") > "$log" 2>&1
status=$?

# The debug kernel (memory_set built in) boots once more with a userspace:
# the ioctl tests and the differential test run under KASAN and lockdep,
# then a kmemleak scan is one more test case.
if [ "$config" = debug ] && [ -z "$filter" ] && [ -x "$build_dir/linux" ]; then
	bin=$MS_CACHE/uml-bin
	kml=$MS_CACHE/uml-userspace.log
	mkdir -p "$bin"
	# Dynamic: UML runs them from the host's / (tools/Makefile says why).
	ms_build_tools "$bin" "$src" uml ||
		echo "not ok 998 build_uml_userspace_tests" >> "$log"
	timeout 900 "$build_dir/linux" mem=1G con=null con0=fd:0,fd:1 \
		rootfstype=hostfs rootflags=/ ro MS_BIN="$bin" \
		init="$MS_ROOT/scripts/uml-init.sh" </dev/null >"$kml" 2>&1
	# The programs' TAP results count as test cases of this suite.
	sed -n '/^UML-TESTS-BEGIN/,/^UML-TESTS-END/p' "$kml" |
		grep -E '^(not )?ok [0-9]+ ' | sed 's/^\(\(not \)\?ok [0-9]*\) /\1 uml./' >> "$log"
	# Every program must have run to its end.
	[ "$(sed -n '/^UML-TESTS-BEGIN/,/^UML-TESTS-END/p' "$kml" | grep -c '^# Totals:')" -eq \
	  "$(($(ms_test_programs | wc -l) + 2))" ] ||
		echo "not ok 997 uml_userspace_tests_ran (see $kml)" >> "$log"
	# Any kernel report of that boot fails the suite (ktap_count.py), but
	# one: UML 6.1's own force_flush_all() (arch/um/kernel/tlb.c) walks the
	# maple tree without RCU at every fork, which lockdep reports as
	# "suspicious RCU usage" at lib/maple_tree.c. That one is not ours.
	awk '/WARNING: suspicious RCU usage/ { w = $0; getline; getline; getline;
						 if ($0 ~ /lib\/maple_tree\.c/) next;
						 print w; print; next }
	     /BUG:|WARNING:|Oops|Kernel panic|recursive locking|lock state|circular locking/' \
		"$kml" >> "$log"
	report=$(sed -n '/^KMEMLEAK-BEGIN/,/^KMEMLEAK-END/p' "$kml")
	if grep -q KMEMLEAK-END <<<"$report" && ! grep -q unreferenced <<<"$report"; then
		echo "ok 999 kmemleak_scan_after_all_tests" >> "$log"
	else
		echo "$report" | head -n 60
		echo "not ok 999 kmemleak_scan_after_all_tests (see $kml)" >> "$log"
	fi
fi

# Parse the TAP the kernel printed: every leaf test case counts once.
python3 "$MS_ROOT/scripts/ktap_count.py" "$log" "kunit $config" || status=1
exit $status
