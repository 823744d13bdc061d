#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The labs' own test (in make check): for every lab (labs/*/points), on a
# copy of this tree in .cache/labs-tree,
#   - its grade is below full: the assignment is not already done;
#   - its reference solution (labs/solutions/LAB.patch) is checkpatch
#     --strict clean, applies with git apply, and leaves the module's code
#     clang-format and kernel-doc clean (make lint's W=1 and sparse builds
#     of each solution are run by hand: doc/labs.md);
#   - with it applied, the grade is full, and the module's own KUnit
#     suites, run in the same kernel, still pass.
# The grades share the core UML build dir (.cache/uml-core), which is left
# ready for this tree again. The last line is "labs: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

tree=$MS_CACHE/labs-tree
logs=$MS_CACHE/labs-test
src=$(ms_kernel_source) || exit 1
mkdir -p "$logs"
passed=0
failed=0

result() {
	if [ "$1" = 0 ]; then
		echo "ok $2"
		passed=$((passed + 1))
	else
		echo "not ok $2${3:+ ($3)}"
		failed=$((failed + 1))
	fi
}

# "A/B" from grade.sh's last line.
score_of() { sed -n 's/^[a-z0-9_]*: score \([0-9]*\/[0-9]*\)$/\1/p' "$1" | tail -n 1; }

# The tree as it is here: files that differ are copied (new mtime), and
# files a solution added are gone. It is a git work tree of its own, so
# that git apply there patches its files (in a folder of this work tree,
# it would skip every path outside that folder).
fresh_tree() {
	local f
	ms_sync_sources "$tree"
	(cd "$tree" && find . -path ./.git -prune -o -type f -print) | while read -r f; do
		[ -e "$MS_ROOT/$f" ] || rm -f "$tree/$f"
	done
	[ -d "$tree/.git" ] || git -C "$tree" init -q
}

# A students' edition (doc/labs.md) has no solutions to check against.
if [ ! -d "$MS_ROOT/labs/solutions" ]; then
	echo "labs: no labs/solutions/ (a students' edition): nothing to check"
	echo "labs: 0 passed, 0 failed"
	exit 0
fi

labs=$(for points in "$MS_ROOT"/labs/*/points; do basename "$(dirname "$points")"; done)

# The tree as it is first, every lab in turn: the module's objects are
# built once, only each lab's test is new.
fresh_tree
for lab in $labs; do
	ms_log "labs: $lab on this tree"
	MS_CACHE=$MS_CACHE "$tree/scripts/grade.sh" "$lab" >"$logs/$lab-main.log" 2>&1
	score=$(score_of "$logs/$lab-main.log")
	[ -n "$score" ] && [ "${score%/*}" -lt "${score#*/}" ]
	result $? "labs.$lab.main_scores_below_full" "score ${score:-none}, $logs/$lab-main.log"
done

for lab in $labs; do
	patch=$MS_ROOT/labs/solutions/$lab.patch
	ms_log "labs: $lab with its solution"
	fresh_tree
	perl "$src/scripts/checkpatch.pl" --strict --no-tree --terse \
		--ignore FILE_PATH_CHANGES - <"$patch" >"$logs/$lab-checkpatch.log" 2>&1
	result $? "labs.$lab.solution_checkpatch_clean" "$logs/$lab-checkpatch.log"
	(cd "$tree" && git apply "$patch") >"$logs/$lab-apply.log" 2>&1
	applied=$?
	result $applied "labs.$lab.solution_applies" "$logs/$lab-apply.log"
	[ $applied = 0 ] || continue

	# The kernel's style on the module's code, as make lint checks it.
	(cd "$tree" && clang-format --style=file:"$src/.clang-format" --dry-run \
		-Werror module/*.[ch] include/memory_set.h 2>&1 &&
	 perl "$src/scripts/kernel-doc" -none module/*.[ch] include/memory_set.h 2>&1) \
		>"$logs/$lab-style.log"
	[ ! -s "$logs/$lab-style.log" ]
	result $? "labs.$lab.solution_clang_format_and_kernel_doc_clean" "$logs/$lab-style.log"

	MS_CACHE=$MS_CACHE "$tree/scripts/grade.sh" "$lab" --all >"$logs/$lab-solution.log" 2>&1
	score=$(score_of "$logs/$lab-solution.log")
	[ -n "$score" ] && [ "${score%/*}" -eq "${score#*/}" ]
	result $? "labs.$lab.solution_scores_full" "score ${score:-none}, $logs/$lab-solution.log"
	grep -qE '^module suites \(cases\): [1-9][0-9]* passed, 0 failed$' "$logs/$lab-solution.log"
	result $? "labs.$lab.module_suites_pass_with_solution" "$logs/$lab-solution.log"
done

# The module's objects in the shared build dir are the copy's: let the
# next build from this tree make them again.
rm -rf "$MS_CACHE/uml-core/drivers/misc/memory_set"
ms_link_module "$src"
echo "labs: $passed passed, $failed failed"
[ "$failed" = 0 ]
