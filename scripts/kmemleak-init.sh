#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# init of the UML debug kernel after its KUnit run: scan for leaks, print
# the report between markers, power off. Runs inside UML, on a read-only
# hostfs view of the host's /.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug
# kmemleak only reports objects older than 5 s, and two scans are surer.
sleep 6
echo scan > /sys/kernel/debug/kmemleak
echo scan > /sys/kernel/debug/kmemleak
echo KMEMLEAK-BEGIN
cat /sys/kernel/debug/kmemleak
echo KMEMLEAK-END
echo o > /proc/sysrq-trigger
