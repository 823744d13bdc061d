#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check the layers of the module by what each file includes:
#
#   core        module/{tree,range,set,protect,copy,area}.[ch],
#               include/memory_set.h:
#               nothing of the page table, the backends, the space, the
#               device or the ABI
#   page table  module/{pgtable,pt_*}.[ch]: nothing of the core, the
#               backends, the space, the device or the ABI
#   userspace   only module/dev.c, dev_*.[ch] include the ABI header
#               (uapi/linux/memory_set.h) or touch __user
#
#   scripts/layering.sh [DIR]      check DIR (default: the project)
#   scripts/layering.sh --self-test plant a violation of each rule in a
#                                   scratch copy and expect each to be found
# Prints one line per violation; exits 1 if there is any.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# includes FILE: the quoted and <uapi/...> headers FILE includes.
includes() {
	sed -n 's/^#include *["<]\([^">]*\)[">].*/\1/p' "$1"
}

# forbid LAYER FILES... -- HEADER-PATTERN: no FILE may include a match.
forbid() {
	local layer=$1 f h bad=0
	shift
	local files=()
	while [ "$1" != -- ]; do files+=("$1"); shift; done
	shift
	for f in "${files[@]}"; do
		[ -f "$f" ] || continue
		for h in $(includes "$f"); do
			if grep -Eq "$1" <<<"$h"; then
				echo "layering: $layer file ${f#"$dir"/} includes $h"
				bad=1
			fi
		done
	done
	return $bad
}

check() {
	local dir=$1 status=0 f
	local core=("$dir"/module/tree.[ch] "$dir"/module/range.[ch]
		    "$dir"/module/set.c "$dir"/module/protect.c "$dir"/module/area.c
		    "$dir"/module/copy.c
		    "$dir"/include/memory_set.h)
	local pt=("$dir"/module/pgtable.[ch] "$dir"/module/pt_*.[ch])

	forbid core "${core[@]}" -- \
		'^(pgtable|pt_[a-z0-9_]*|backend|space|dev[a-z_]*|debugfs|prot)\.h$|uapi/' || status=1
	forbid "page table" "${pt[@]}" -- \
		'^(memory_set|tree|backend|space|dev[a-z_]*|debugfs)\.h$|uapi/' || status=1
	for f in "$dir"/module/*.[ch] "$dir"/include/*.h; do
		case ${f##*/} in dev.c | dev_*.[ch]) continue ;; esac
		if includes "$f" | grep -q 'uapi/linux/memory_set\.h'; then
			echo "layering: ${f#"$dir"/} includes the ABI header"
			status=1
		fi
		if grep -q '__user' "$f"; then
			echo "layering: ${f#"$dir"/} touches __user"
			status=1
		fi
	done
	return $status
}

# Plant one violation per rule in a scratch copy; each must be reported.
self_test() {
	local scratch plant failed=0
	local plants=("module/set.c|#include \"pgtable.h\""
		      "module/pt_map.c|#include \"memory_set.h\""
		      "module/space.c|#include <uapi/linux/memory_set.h>"
		      "module/backend.c|static int bad(void __user *p);")
	for plant in "${plants[@]}"; do
		scratch=$(mktemp -d)
		cp -r "$MS_ROOT/module" "$MS_ROOT/include" "$scratch/"
		echo "${plant#*|}" >> "$scratch/${plant%%|*}"
		if check "$scratch" >/dev/null; then
			echo "layering self-test: planted '${plant#*|}' in ${plant%%|*} was not found"
			failed=1
		fi
		rm -rf "$scratch"
	done
	check "$MS_ROOT" || failed=1
	return $failed
}

if [ "${1:-}" = --self-test ]; then
	self_test
else
	dir=${1:-$MS_ROOT}
	check "$dir"
fi
