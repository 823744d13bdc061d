#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build what the guest needs into DIR: memory_set.ko against Debian's
# headers for $KVER, and the static test program and msctl.
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
make -s -C "$hdrs" M="$build" CONFIG_MEMORY_SET=m modules
cp "$build/memory_set.ko" "$out/"

# The test programs, ms_stress, msctl and ms_diff, static for the initramfs.
ms_build_tools "$out" "$src" LINK=static guest

# The benchmark, with the core alone linked in for its "where time goes" column.
make -s -C "$MS_ROOT/tools/ucore" KSRC="$src" OUT="$out/ucore" bench
cp "$out/ucore/bench" "$out/"
