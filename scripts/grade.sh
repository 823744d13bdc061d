#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Grade a lab: build the KUnit kernel with the lab's tests
# (labs/LAB/LAB_test.c), run them, boot the same kernel once more to run
# the lab's userspace tests (labs/LAB/LAB_user.c) against /dev/memory_set,
# and print each test's points from labs/LAB/points, then
# "LAB: score A/B". Exit status 0 only for a full score.
#
#   scripts/grade.sh LAB          (make grade LAB=...)
#   scripts/grade.sh LAB --all    the module's own KUnit suites too; one
#                                 more line "module suites (cases): N passed,
#                                 N failed"
#
# A build that fails scores 0 (the compiler's words are in the log). The
# kernel and its build dir are scripts/kunit.sh core's: .cache/uml-core.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

lab=${1:-}
all=${2:-}
[ -n "$lab" ] || ms_die "usage: scripts/grade.sh LAB [--all] (labs: $(echo $(ls "$MS_ROOT/labs" | grep -v -e solutions -e '\.md$')))"
case $lab in
*[!a-z0-9_]*) ms_die "no such lab: $lab" ;;
esac
dir=$MS_ROOT/labs/$lab
[ -f "$dir/points" ] || ms_die "no such lab: $lab (no $dir/points)"
ms_need gcc python3

src=$(ms_kunit_source) || exit 1
build_dir=$MS_CACHE/uml-core
work=$MS_CACHE/lab-$lab
mkdir -p "$work"
log=$work/kunit.log
ulog=$work/user.log
: >"$log"
: >"$ulog"
kunit=(python3 tools/testing/kunit/kunit.py)

ms_log "$lab: building the KUnit kernel with labs/$lab/${lab}_test.c (the first time: a few minutes; log: $work/build.log)"
built=1
(cd "$src" && "${kunit[@]}" build --kunitconfig=drivers/misc/memory_set \
	--build_dir="$build_dir" --jobs="$MS_JOBS" --make_options "MS_LAB=$lab") \
	>"$work/build.log" 2>&1 || built=0
if [ $built = 0 ]; then
	if grep -q "labs/$lab/${lab}_test" "$work/build.log"; then
		echo "$lab: the lab's tests do not compile: every test scores 0. The compiler said:"
	else
		echo "$lab: the build failed: every test scores 0. The compiler said:"
	fi
	grep -E 'error|Error' "$work/build.log" | grep -v '^make' | head -n 20
else
	filter="memory_set_lab_$lab*"
	[ "$all" = --all ] && filter='*'
	(cd "$src" && "${kunit[@]}" exec --build_dir="$build_dir" --timeout=600 \
		--raw_output=all "$filter") >"$log" 2>&1
	if [ -f "$dir/${lab}_user.c" ]; then
		ms_log "$lab: the userspace tests (labs/$lab/${lab}_user.c, log: $ulog)"
		if gcc -O2 -Wall -I"$MS_ROOT/include/uapi" \
			-I"$src/tools/testing/selftests" \
			-I"$MS_ROOT/tools/ms_test" -o "$work/${lab}_user" \
			"$dir/${lab}_user.c" >"$work/user-build.log" 2>&1; then
			# The kernel's KUnit run is over: no test runs at this boot.
			timeout 600 "$build_dir/linux" mem=512M con=null \
				con0=fd:0,fd:1 rootfstype=hostfs rootflags=/ ro \
				kunit.filter_glob=no_suite_has_this_name \
				MS_LAB_PROG="$work/${lab}_user" \
				init="$MS_ROOT/scripts/lab-init.sh" </dev/null >"$ulog" 2>&1
		else
			cat "$work/user-build.log"
		fi
	fi
fi

python3 "$MS_ROOT/scripts/grade_score.py" "$lab" "$dir/points" "$log" "$ulog" \
	"$([ "$all" = --all ] && echo core)"
