#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check the layers of the module by what each file includes, and (with
# --objects) by what each object calls (scripts/layering_symbols.py: the
# device calls only the space, the core only the core, the page table only
# the page table, and no object calls one that calls it back):
#
#   core        module/{tree,range,set,protect,copy,area}.[ch],
#               include/memory_set.h:
#               nothing of the page table, the backends, the space, the
#               device or the ABI
#   page table  module/{pgtable,pt_*}.[ch]: nothing of the core, the
#               backends, the space, the device or the ABI
#   userspace   only module/dev.c, dev_*.[ch] include the ABI header
#               (uapi/linux/memory_set.h) or touch __user
#   internals   only the page table includes pt_internal.h
#
#   scripts/layering.sh [DIR]      check DIR (default: the project)
#   scripts/layering.sh --objects OBJDIR   the symbol rules on built objects
#   scripts/layering.sh --self-test [OBJDIR]  plant a violation of each rule
#                                   (in a scratch copy, or in the objects'
#                                   symbol tables) and expect each found
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
	for f in "$dir"/module/*.[ch] "$dir"/include/*.h; do
		case ${f##*/} in pgtable.[ch] | pt_*.[ch]) continue ;; esac
		if includes "$f" | grep -q '^pt_internal\.h$'; then
			echo "layering: ${f#"$dir"/} includes pt_internal.h (the page table's own)"
			status=1
		fi
	done
	return $status
}

# The symbol rules: one planted call per rule must be reported.
symbols_self_test() {
	local objdir=$1 plant failed=0
	local plants=("dev_ioctl:ms_pt_map" "set:ms_pt_map"
		      "pgtable:memory_set_find" "pt_pages:pt_take_table")
	for plant in "${plants[@]}"; do
		if python3 "$MS_ROOT/scripts/layering_symbols.py" "$objdir" \
			--plant "$plant" >/dev/null; then
			echo "layering self-test: a planted call $plant was not found"
			failed=1
		fi
	done
	python3 "$MS_ROOT/scripts/layering_symbols.py" "$objdir" || failed=1
	return $failed
}

# Plant one violation per rule in a scratch copy; each must be reported.
self_test() {
	local scratch plant failed=0
	local plants=("module/set.c|#include \"pgtable.h\""
		      "module/pt_map.c|#include \"memory_set.h\""
		      "module/space.c|#include <uapi/linux/memory_set.h>"
		      "module/backend.c|static int bad(void __user *p);"
		      "module/space.c|#include \"pt_internal.h\"")
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
	status=0
	self_test || status=1
	if [ -n "${2:-}" ]; then
		symbols_self_test "$2" || status=1
	fi
	exit $status
elif [ "${1:-}" = --objects ]; then
	python3 "$MS_ROOT/scripts/layering_symbols.py" "${2:?the folder of the objects}"
else
	dir=${1:-$MS_ROOT}
	check "$dir"
fi
