#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build what the guest needs into DIR: memory_set.ko against Debian's
# headers for $KVER, and the static test programs, msctl and the benchmark.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$1
KVER=${KVER:-$(ms_kernel_version)}
hdrs=/usr/src/linux-headers-$KVER
[ -d "$hdrs" ] || ms_die "no $hdrs: install linux-headers-$KVER"
src=$(ms_kernel_source)

# Build out of tree in a copy, so that builds for two kernels never mix.
build=$out/module
ms_sync_sources "$build"
make -s -C "$hdrs" M="$build" CONFIG_MEMORY_SET=m -j"$MS_JOBS" modules
cp "$build/memory_set.ko" "$out/"

# The test programs, ms_stress, msctl and ms_diff, static for the
# initramfs, and the benchmark with the core alone linked in for its "where
# time goes" column: the same for every kernel, so built once and copied.
tools=$MS_CACHE/guest-tools
ms_build_tools "$tools" "$src" LINK=static guest
make -s -C "$MS_ROOT/tools/ucore" KSRC="$src" OUT="$tools/ucore" bench
cp "$tools"/ms_* "$tools/msctl" "$tools/ucore/bench" "$out/"
