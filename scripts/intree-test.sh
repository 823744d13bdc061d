#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The module in a kernel tree, as a kernel developer would put it there:
# git's files of the module copied into the kernel source KUnit builds
# from (Debian's, extracted in .cache) as drivers/misc/memory_set, its
# Kconfig sourced, and built and linked (vmlinux, and the modules where
# there are any) in every combination of MEMORY_SET, KUNIT and
# MEMORY_SET_KUNIT_TEST no other suite builds (below), and the one Kconfig
# must refuse: memory_set built in with KUnit a module, which failed to
# link while the tests were a tristate. The architecture is UML, and the
# build starts from a copy of kunit.sh core's build directory (the same
# source, config plus MODULES): only memory_set, KUnit and the link are
# built again, and the copy is left for the next run. (The in-tree KUnit
# run is kunit.sh's: it runs kunit.py on the tree with the module in
# drivers/misc/memory_set, there a link to this tree.)
# Last line: "intree: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

src=$(ms_kunit_source) || exit 1
core=$MS_CACHE/uml-core
build=$MS_CACHE/intree/build
dest=$src/drivers/misc/memory_set
passed=0
failed=0
log=$MS_CACHE/intree/build.log

result() {
	if [ "$1" -eq 0 ]; then
		echo "ok: $2"
		passed=$((passed + 1))
	else
		echo "FAILED: $2"
		tail -n 15 "$log" | sed 's/^/  /'
		failed=$((failed + 1))
	fi
}

# drivers/misc/memory_set is a link to this tree for kunit.sh: a folder of
# git's files while this runs, the link again after (ms_link_module).
trap 'ms_link_module "$src"' EXIT
rm -rf "$dest" && mkdir -p "$dest"
(cd "$MS_ROOT" && git ls-files -z Kbuild Kconfig include module kunit \
	tools/ms_formats.h | xargs -0 cp --parents -t "$dest")

# The copy is marked: a build dir of another kind (an older x86 one) is
# replaced.
mkdir -p "$MS_CACHE/intree"
rm -rf "$MS_CACHE/intree/linux"
if [ ! -f "$build/.ms-from-core" ]; then
	rm -rf "$build"
	if [ -f "$core/.config" ]; then
		cp -a "$core" "$build"
	else
		mkdir -p "$build"
		cp "$MS_ROOT/.kunitconfig" "$build/.config"
	fi
	touch "$build/.ms-from-core"
fi

kmake() {
	make -C "$src" O="$build" ARCH=um -j"$MS_JOBS" "$@" >>"$log" 2>&1
}

: >"$log"

# Set MEMORY_SET, KUNIT and MEMORY_SET_KUNIT_TEST in config $1 and let
# Kconfig settle it; fail unless the tests end as $5.
settle() {
	local cfg=$1 set=$2 kunit=$3 test=$4 want_test=$5

	"$src/scripts/config" --file "$cfg" --set-val KUNIT "$kunit" \
		--set-val MEMORY_SET "$set" --set-val MEMORY_SET_KUNIT_TEST "$test"
	make -C "$src" O="$(dirname "$cfg")" ARCH=um olddefconfig >>"$log" 2>&1 &&
	grep -qx "CONFIG_MEMORY_SET=$set" "$cfg" &&
	if [ "$want_test" = n ]; then
		! grep -q '^CONFIG_MEMORY_SET_KUNIT_TEST=' "$cfg"
	else
		grep -qx "CONFIG_MEMORY_SET_KUNIT_TEST=$want_test" "$cfg"
	fi || { grep 'MEMORY_SET\|CONFIG_KUNIT=' "$cfg" >>"$log"; return 1; }
}

combo() {
	local set=$1 test=$2 name="MEMORY_SET=$1 tests $2"

	settle "$build/.config" "$set" y "$test" "$test" ||
		{ result 1 "$name: Kconfig keeps it"; return; }
	rm -f "$build/drivers/misc/memory_set/memory_set.ko" "$build/System.map"
	kmake vmlinux modules || { result 1 "$name: build and link"; return; }
	if [ "$set" = m ]; then
		[ -f "$build/drivers/misc/memory_set/memory_set.ko" ]
	else
		grep -q ' ms_space_init$' "$build/System.map"
	fi
	result $? "$name: built and linked"
}

# Built in with its tests is kunit.sh's UML kernel; a module without tests
# is what lint's W=1 builds and DKMS build. Here: a module with its tests,
# and built in without them. KUnit stays built in: task_struct has a field
# for it, so toggling it rebuilds the whole kernel.
combo m y
combo y n
# Built in with KUnit a module failed to link while the tests were a
# tristate: Kconfig must drop the tests there (what is left is "built in
# without its tests" above).
scratch=$MS_CACHE/intree/kconfig
mkdir -p "$scratch" && cp "$build/.config" "$scratch/.config"
settle "$scratch/.config" y m y n
result $? "MEMORY_SET=y KUNIT=m tests asked y: Kconfig drops the tests"
echo "intree: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
