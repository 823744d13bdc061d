#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The module in a kernel tree, as a kernel developer would put it there:
# a copy of Debian's kernel source (hard links, made once) with the module
# copied in as drivers/misc/memory_set and its Kconfig sourced, configured
# from x86_64 tinyconfig plus what the module needs, and built and linked
# (vmlinux, and the modules where there are any) in every combination of
# MEMORY_SET, KUNIT and MEMORY_SET_KUNIT_TEST no other suite builds
# (below), and the one Kconfig must refuse: memory_set built in with KUnit a module,
# which failed to link while the tests were a tristate. One build directory
# goes through them in turn, so after the first only memory_set, KUnit
# and the link are rebuilt. (The in-tree KUnit run is kunit.sh's: it runs
# kunit.py on the tree with the module in drivers/misc/memory_set.)
# Last line: "intree: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

src=$(ms_kernel_source) || exit 1
tree=$MS_CACHE/intree/linux
build=$MS_CACHE/intree/build
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

# The tree: hard links of the extracted source, the module a real copy.
mkdir -p "$MS_CACHE/intree"
if [ ! -f "$tree/.ms-intree" ]; then
	rm -rf "$tree"
	cp -al "$src" "$tree" && touch "$tree/.ms-intree"
fi
dest=$tree/drivers/misc/memory_set
rm -rf "$dest" && mkdir -p "$dest"
(cd "$MS_ROOT" && git ls-files -z Kbuild Kconfig include module kunit \
	tools/ms_formats.h | xargs -0 cp --parents -t "$dest")
grep -q 'memory_set/Kconfig' "$tree/drivers/misc/Kconfig" ||
	sed -i '$i source "drivers/misc/memory_set/Kconfig"' "$tree/drivers/misc/Kconfig"
grep -q 'memory_set/' "$tree/drivers/misc/Makefile" ||
	echo 'obj-$(CONFIG_MEMORY_SET) += memory_set/' >>"$tree/drivers/misc/Makefile"

kmake() {
	make -C "$tree" O="$build" ARCH=x86_64 -j"$MS_JOBS" "$@" >>"$log" 2>&1
}

: >"$log"
if [ ! -f "$build/.config" ]; then
	kmake tinyconfig || { result 1 "tinyconfig"; echo "intree: $passed passed, $failed failed"; exit 1; }
fi

# combo MEMORY_SET KUNIT TEST: ask for them, let Kconfig settle, check what
# it settled on (WANT_TEST), build vmlinux and the modules, check the result.
combo() {
	local set=$1 kunit=$2 test=$3 want_test=$4 cfg=$build/.config
	local name="MEMORY_SET=$set KUNIT=$kunit tests asked $test"

	"$tree/scripts/config" --file "$cfg" -e 64BIT -e MODULES -e MODULE_UNLOAD \
		-e PRINTK -e SYSFS
	"$tree/scripts/config" --file "$cfg" --set-val KUNIT "$kunit" \
		--set-val MEMORY_SET "$set" --set-val MEMORY_SET_KUNIT_TEST "$test"
	kmake olddefconfig || { result 1 "$name: olddefconfig"; return; }
	if ! grep -qx "CONFIG_MEMORY_SET=$set" "$cfg" ||
	   ! { [ "$want_test" = n ] && ! grep -q '^CONFIG_MEMORY_SET_KUNIT_TEST=' "$cfg" ||
	       grep -qx "CONFIG_MEMORY_SET_KUNIT_TEST=$want_test" "$cfg"; }; then
		grep 'MEMORY_SET\|CONFIG_KUNIT=' "$cfg" >>"$log"
		result 1 "$name: Kconfig settles on tests=$want_test"
		return
	fi
	kmake vmlinux modules || { result 1 "$name: build and link"; return; }
	if [ "$set" = m ]; then
		[ -f "$build/drivers/misc/memory_set/memory_set.ko" ]
	else
		grep -q ' ms_space_init$' "$build/System.map"
	fi
	result $? "$name: tests=$want_test, built and linked"
}

# A module with its tests and KUnit a module; and built in with KUnit a
# module, which failed to link: Kconfig must drop the tests. KUnit stays
# a module throughout (toggling it rebuilds much of the kernel). Built in
# with its tests and KUnit built in is kunit.sh's UML kernel; a module
# without tests is what lint's W=1 builds and DKMS build.
combo m m y y
combo y m y n
echo "intree: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
