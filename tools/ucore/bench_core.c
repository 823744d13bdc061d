// SPDX-License-Identifier: GPL-2.0
/*
 * bench_core: the core alone, in userspace, with a backend that does
 * nothing: what map, unmap, protect-with-split and find_free cost in the
 * rbtree and the area bookkeeping, without the syscall and the page table.
 * Same shapes as tools/bench.c, which links this file: 3-page areas with
 * 1-page holes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_core.h"
#include "memory_set.h"

#define PAGE	4096ULL
#define SLOT	(4 * PAGE)
#define BASE	0x10000000ULL

static int nop_map(struct memory_area *a, u64 s, u64 n, void *pt)
{
	return 0;
}

static int nop_protect(struct memory_area *a, u64 s, u64 n, u32 f, void *pt)
{
	return 0;
}

static const struct mapping_backend_ops nop_ops = {
	.map = nop_map, .unmap = nop_map, .protect = nop_protect,
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void map_or_die(struct memory_set *set, u64 start, u64 size, u32 prot)
{
	struct memory_area *a = memory_area_alloc(start, size, prot, &nop_ops, 0);

	if (!a || memory_set_map(set, a, false))
		abort();
}

static unsigned long slot_at(unsigned long i, unsigned long n)
{
	return (i * 2654435761UL) % n;
}

/**
 * core_bench() - mean cost of each operation of the core alone
 * @n: areas present
 * @k: operations of each kind timed
 * @ns: out: map, unmap, protect, find_free, in ns per operation
 */
static bool cache_ready;

void core_bench(unsigned long n, unsigned long k, double ns[4])
{
	double t0, t1;
	struct memory_set set;
	unsigned long i;
	u64 hole, addr;

	if (!cache_ready)
		cache_ready = !memory_area_cache_init();
	memory_set_init(&set, NULL);
	for (i = 0; i < n; i++)
		map_or_die(&set, BASE + i * SLOT, 3 * PAGE, 1);
	for (i = 0; i < 4; i++)
		ns[i] = 0;
	for (i = 0; i < k; i++) {
		hole = BASE + slot_at(i, n) * SLOT + 3 * PAGE;
		t0 = now_ns();
		map_or_die(&set, hole, PAGE, 3);
		t1 = now_ns();
		if (memory_set_unmap(&set, hole, PAGE))
			abort();
		ns[1] += now_ns() - t1;
		ns[0] += t1 - t0;
	}
	for (i = 0; i < k; i++) {
		t0 = now_ns();
		if (memory_set_protect(&set, BASE + slot_at(i, n) * SLOT + PAGE,
				       PAGE, 3))
			abort();
		ns[2] += now_ns() - t0;
	}
	for (i = 0; i < k; i++) {
		t0 = now_ns();
		if (memory_set_find_free_area(&set, 0, 2 * PAGE, BASE, 1ULL << 47,
					      PAGE, &addr))
			abort();
		ns[3] += now_ns() - t0;
	}
	for (i = 0; i < 4; i++)
		ns[i] /= k;
	if (memory_set_clear(&set))
		abort();
}
