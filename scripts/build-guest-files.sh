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

CFLAGS=(-static -O2 -g -Wall
	-I "$MS_ROOT/include/uapi" -I "$src/tools/testing/selftests")
ms_build_test_programs "$out" "$src"
gcc "${CFLAGS[@]}" -I "$MS_ROOT/tools" -o "$out/ms_stress" \
	"$MS_ROOT/tools/ms_stress.c" -lpthread
gcc "${CFLAGS[@]}" -o "$out/msctl" "$MS_ROOT/tools/msctl.c" "$MS_ROOT/tools/msctl_dot.c" \
	"$MS_ROOT/tools/msctl_data.c"
# The differential test shares the reference model with KUnit.
gcc "${CFLAGS[@]}" -I "$src/tools/include" -I "$MS_ROOT/kunit" -include errno.h \
	-o "$out/ms_diff" "$MS_ROOT/tools/ms_diff.c" "$MS_ROOT/kunit/model.c" \
	"$MS_ROOT/kunit/model_data.c"

# The benchmark, with the core alone linked in for its "where time goes" column.
make -s -C "$MS_ROOT/tools/ucore" KSRC="$src" OUT="$out/ucore" bench
cp "$out/ucore/bench" "$out/"
