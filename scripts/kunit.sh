#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run memory_set's KUnit suites under UML.
#
#   scripts/kunit.sh [core|debug] [kunit.py filter glob, e.g. 'memory_set_core.*']
#
# The Debian kernel source is extracted once into .cache/, the project is
# linked into it as drivers/misc/memory_set, and each config keeps its own
# build dir (.cache/uml-<config>), so warm runs only rebuild what changed.
# The last line printed is "kunit <config>: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

config=${1:-core}
filter=${2:-}
kunitconfig=$MS_ROOT/kunit/$config.kunitconfig
[ -f "$kunitconfig" ] || ms_die "no such config: $kunitconfig"

src=$(ms_kernel_source) || exit 1

# Link the project into the tree, once.
ln -sfn "$MS_ROOT" "$src/drivers/misc/memory_set"
grep -q 'memory_set/Kconfig' "$src/drivers/misc/Kconfig" ||
	sed -i '$i source "drivers/misc/memory_set/Kconfig"' "$src/drivers/misc/Kconfig"
grep -q 'memory_set/' "$src/drivers/misc/Makefile" ||
	echo 'obj-$(CONFIG_MEMORY_SET) += memory_set/' >> "$src/drivers/misc/Makefile"

build_dir=$MS_CACHE/uml-$config
log=$MS_CACHE/kunit-$config.log
ms_log "kunit ($config) in $build_dir"
args=(run --kunitconfig="$kunitconfig" --build_dir="$build_dir"
      --jobs="$MS_JOBS" --timeout=900 --raw_output=all)
[ -n "$filter" ] && args+=("$filter")
(cd "$src" && python3 tools/testing/kunit/kunit.py "${args[@]}") > "$log" 2>&1
status=$?

# The debug kernel boots once more to scan for leaks after the tests; the
# scan is one more test case in the log.
if [ "$config" = debug ] && [ -z "$filter" ] && [ -x "$build_dir/linux" ]; then
	kml=$MS_CACHE/kmemleak.log
	timeout 600 "$build_dir/linux" mem=1G con=null con0=fd:0,fd:1 \
		rootfstype=hostfs rootflags=/ ro \
		init="$MS_ROOT/scripts/kmemleak-init.sh" </dev/null >"$kml" 2>&1
	report=$(sed -n '/^KMEMLEAK-BEGIN/,/^KMEMLEAK-END/p' "$kml")
	if grep -q KMEMLEAK-END <<<"$report" && ! grep -q unreferenced <<<"$report"; then
		echo "ok 999 kmemleak_scan_after_all_suites" >> "$log"
	else
		echo "$report" | head -n 60
		echo "not ok 999 kmemleak_scan_after_all_suites (see $kml)" >> "$log"
	fi
fi

# Parse the TAP the kernel printed: every leaf test case counts once.
python3 "$MS_ROOT/scripts/ktap_count.py" "$log" "kunit $config" || status=1
exit $status
