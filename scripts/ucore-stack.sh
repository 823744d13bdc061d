#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The userspace run of the whole stack (core, backends, page table, space)
# under ASan + UBSan: the built-in scenarios, the seed corpus of the stack
# fuzzer, and SEEDS seeded runs of OPS operations, one test each.
#
#   scripts/ucore-stack.sh [SEEDS [OPS]]
#
# Last line: "ucore-stack: N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

src=$(ms_kernel_source) || exit 1
if ! make -s -C "$MS_ROOT/tools/ucore" KSRC="$src" OUT="$MS_CACHE/ucore" stack; then
	echo "ucore-stack: 0 passed, 1 failed"
	exit 1
fi
"$MS_CACHE/ucore/ucore_stack" -j "$MS_JOBS" -s "${1:-300}" -n "${2:-5000}" \
	"$MS_ROOT"/tools/ucore/corpus-stack/*
status=$?
# The runner prints its own counts and exits 0 or 1; anything else means
# it could not.
[ "$status" -le 1 ] || echo "ucore-stack: 0 passed, 1 failed"
exit "$status"
