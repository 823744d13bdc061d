#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The packages as a Debian user meets them: make deb (lintian-clean), then
# apt-get install of the two .deb files, which has DKMS build the module
# for every installed kernel; one guest boots with the module DKMS built
# for Debian 12's kernel (modprobe, an ioctl test, rmmod) and msctl from
# the package runs on the host (no module there: it must say so); then a
# purge must leave nothing in /usr/src, DKMS or /lib/modules. Needs root,
# and no memory_set in DKMS to begin with (dkms-test.sh cleans up after
# itself). Last line: "deb: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

passed=0
failed=0
check() {
	local name=$1
	shift
	if "$@" >"$log" 2>&1; then
		echo "ok: $name"
		passed=$((passed + 1))
	else
		echo "FAILED: $name"
		sed 's/^/  /' "$log" | tail -n 20
		failed=$((failed + 1))
	fi
}

log=$(mktemp)
trap 'rm -f "$log" "$log.err"' EXIT
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$MS_ROOT/dkms.conf")
debs=$MS_ROOT/build/deb
export DEBIAN_FRONTEND=noninteractive

nothing_left() {
	! ls -d /usr/src/memory_set-* 2>/dev/null &&
	! ls -d /var/lib/dkms/memory_set 2>/dev/null &&
	! ls /lib/modules/*/updates/dkms/memory_set.ko* 2>/dev/null &&
	! dpkg -s memory-set-dkms msctl 2>/dev/null | grep -q '^Status: install' &&
	[ ! -e /usr/bin/msctl ]
}

check "nothing of memory_set installed to begin with" nothing_left
check "make deb: two packages, lintian reports no error or warning" \
	"$MS_ROOT/scripts/deb.sh"
check "the packages carry the version of dkms.conf ($version)" sh -c \
	"dpkg-deb -f '$debs/memory-set-dkms_${version}_all.deb' Version | grep -qx '$version' &&
	 dpkg-deb -f '$debs'/msctl_${version}_*.deb Version | grep -qx '$version' &&
	 dpkg-parsechangelog -l '$MS_ROOT/debian/changelog' -S Version | grep -qx '$version'"
check "apt-get install of both packages" \
	apt-get install -y -q "$debs/memory-set-dkms_${version}_all.deb" \
	"$debs"/msctl_"${version}"_*.deb
for kver in $(ms_kernel_versions); do
	check "DKMS built and installed the module for $kver" sh -c \
		"dkms status -m memory_set -v '$version' -k '$kver' | grep -q installed &&
		 modinfo -F version /lib/modules/'$kver'/updates/dkms/memory_set.ko* | grep -qx '$version'"
done
check "msctl from the package, with no module loaded, says so" sh -c \
	"! /usr/bin/msctl stats 2>'$log.err' && grep -q 'load the module first' '$log.err'"
check "man msctl is installed" test -s /usr/share/man/man1/msctl.1.gz
kver=$(ms_kernel_version)
ko=$(ls /lib/modules/"$kver"/updates/dkms/memory_set.ko* 2>/dev/null | head -n 1)
guest_dkms() {
	[ -n "$ko" ] || { echo "no DKMS build for $kver"; return 1; }
	MS_GUEST_KO=$ko "$MS_ROOT/scripts/guest.sh" -k "$kver" -- sh -c \
		'test -e /lib/modules/$(uname -r)/updates/dkms/memory_set.ko &&
		 grep -q "^memory_set " /proc/modules && /ms_test_semantics'
}
check "a guest ($kver) loads the DKMS build with modprobe and passes ms_test_semantics" \
	guest_dkms
check "apt-get purge of both packages" apt-get purge -y -q memory-set-dkms msctl
check "nothing left in /usr/src, DKMS, /lib/modules or /usr/bin" nothing_left
echo "deb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
