/* SPDX-License-Identifier: GPL-2.0 */
/* The figures of data and fork (see bench_data.c). */
#ifndef _BENCH_DATA_H
#define _BENCH_DATA_H

void bench_data(void);

#endif
