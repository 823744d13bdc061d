#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# init of the UML kernel that scripts/grade.sh boots a second time: run a
# lab's userspace tests ($MS_LAB_PROG, from the kernel command line)
# against /dev/memory_set, then power off. The root is a read-only hostfs
# view of the host's /.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
cd / || exit 1
# The UML kernel may switch only the i387/SSE registers between threads
# (scripts/uml-host-xstate.patch): keep glibc's string functions off AVX.
export GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX,-AVX2,-AVX512F,-AVX512VL,-AVX512BW
echo LAB-USER-BEGIN
"$MS_LAB_PROG"
echo LAB-USER-END
echo o > /proc/sysrq-trigger
sleep 60
