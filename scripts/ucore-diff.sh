#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The userspace differential run of the core (ASan + UBSan): one test per
# seed. Last line: "ucore-diff: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

src=$(ms_kernel_source) || exit 1
if ! make -s -C "$MS_ROOT/tools/ucore" KSRC="$src" OUT="$MS_CACHE/ucore" diff; then
	echo "ucore-diff: 0 passed, 1 failed"
	exit 1
fi
"$MS_CACHE/ucore/ucore_diff" "${1:-20}" "${2:-20000}" && exit 0
echo "ucore-diff: 0 passed, 1 failed"
exit 1
