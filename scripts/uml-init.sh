#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# init of the UML debug kernel after its KUnit run (memory_set built in,
# KASAN, lockdep, kmemleak): run the ioctl tests, the hardening tests and
# the differential test against /dev/memory_set, then scan for leaks and
# power off. Runs inside UML on a read-only hostfs view of the host's /;
# $MS_BIN (from the kernel command line) holds the static test programs.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing
# Only the kernel's own file systems are mounted (over the read-only view
# of the host's /proc, /sys and /dev): no tmpfs hides a host folder, since
# $MS_BIN may be anywhere (a clone under /tmp).
cd / || exit 1
# The UML kernel may switch only the i387/SSE registers between threads
# (scripts/uml-host-xstate.patch): keep glibc's string functions off AVX.
export GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX,-AVX2,-AVX512F,-AVX512VL,-AVX512BW
echo UML-TESTS-BEGIN
for prog in "$MS_BIN"/ms_test_*; do
	"$prog"
done
"$MS_BIN/ms_diff"
# Fault injection of whole ioctls: the kernel's fail-nth (UML only).
"$MS_BIN/ms_fail_nth"
echo UML-TESTS-END
# kmemleak only reports objects older than 5 s, and two scans are surer.
sleep 6
echo scan > /sys/kernel/debug/kmemleak
echo scan > /sys/kernel/debug/kmemleak
echo KMEMLEAK-BEGIN
cat /sys/kernel/debug/kmemleak
echo KMEMLEAK-END
# Power off (asynchronous: wait for it rather than let init exit).
echo o > /proc/sysrq-trigger
sleep 60
