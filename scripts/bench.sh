#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark: in one QEMU guest, the core alone (userspace build), then
# memory_set through ioctls and MS_IOC_BATCH against Linux's own mm.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$MS_ROOT/scripts/deps.sh"
ms_log "benchmarking in a QEMU guest (TCG) running $(ms_kernel_version)"
GUEST_TIMEOUT=${GUEST_TIMEOUT:-1800} "$MS_ROOT/scripts/guest.sh" -- \
	sh -c 'uname -r; grep -m1 "model name" /proc/cpuinfo; /bench'
