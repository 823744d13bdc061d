#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# DKMS: add the module, build and install it for every installed kernel,
# check what modinfo says of the installed .ko, remove it again. It is never
# loaded here: loading only ever happens inside the QEMU guest.
# The version is the same everywhere a user sees it: dkms.conf, the
# module's MODULE_VERSION (modinfo), msctl's man page, CHANGELOG.md.
# Last line: "dkms: N passed, N failed" (one test per kernel, plus add/remove
# and the version).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

cd "$MS_ROOT"
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
passed=0
failed=0
check() {
	if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $*"; fi
}

same_version() {
	grep -q "^\.TH MSCTL 1 .*\"memory_set $version\"" man/msctl.1 &&
	grep -q "^## $version\$" CHANGELOG.md
}
check same_version

dkms remove "memory_set/$version" --all >/dev/null 2>&1
check make -s dkms-add >/dev/null

for kver in $(ms_kernel_versions); do
	one_kernel() {
		local ko
		mkdir -p "$MS_CACHE"
		dkms install "memory_set/$version" -k "$kver" >"$MS_CACHE/dkms-$kver.log" 2>&1 ||
			{ tail -n 20 "$MS_CACHE/dkms-$kver.log"; return 1; }
		ko=$(find "/lib/modules/$kver/updates/dkms" -name 'memory_set.ko*' | head -n 1)
		[ -n "$ko" ] || { echo "no memory_set.ko installed for $kver"; return 1; }
		modinfo "$ko" | grep -q '^vermagic: *'"$kver"' ' &&
		modinfo "$ko" | grep -q '^description: *Private address spaces' &&
		modinfo "$ko" | grep -q '^parm: *max_pages:' &&
		modinfo "$ko" | grep -q '^parm: *max_areas:' &&
		modinfo "$ko" | grep -q '^parm: *max_pages_total:' &&
		modinfo "$ko" | grep -q '^parm: *dev_mode:' &&
		modinfo "$ko" | grep -q '^version: *'"$version"
	}
	check one_kernel
done
check make -s dkms-remove >/dev/null 2>&1
check test ! -e "/usr/src/memory_set-$version"
echo "dkms: $passed passed, $failed failed"
[ $failed -eq 0 ]
