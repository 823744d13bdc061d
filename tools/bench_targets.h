/* SPDX-License-Identifier: GPL-2.0 */
/* The figures of the performance targets (see bench_targets.c). */
#ifndef _BENCH_TARGETS_H
#define _BENCH_TARGETS_H

void bench_targets(void);
void bench_profile(void);
void bench_touch_only(void);

#endif
