/* SPDX-License-Identifier: GPL-2.0 */
/* The core-alone half of tools/bench.c (see bench_core.c). */
#ifndef _UCORE_BENCH_CORE_H
#define _UCORE_BENCH_CORE_H

void core_bench(unsigned long n, unsigned long k, double ns[4]);

#endif
