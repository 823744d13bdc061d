/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the KUnit suites that drive a whole address space: a map in
 * one call, and a snapshot of the areas and of every leaf, to check that
 * an operation that failed changed nothing.
 */
#ifndef _MEMORY_SET_KUNIT_SPACE_UTIL_H
#define _MEMORY_SET_KUNIT_SPACE_UTIL_H

#include <kunit/test.h>
#include <linux/uio.h>

#include "pt_util.h"
#include "space.h"

#define SNAP_AREAS	16

/* space_map()'s flags. */
#define SPACE_MAP_REPLACE	0x1	/* unmap what overlaps first */
#define SPACE_MAP_POPULATE	0x2	/* ALLOC: every frame now */
#define SPACE_MAP_HUGE		0x4	/* LINEAR: huge leaves */

/**
 * struct space_snap - the areas and the page table of a space at one moment
 * @nr: number of areas
 * @a: the areas
 * @pt: every leaf and the table's counters
 */
struct space_snap {
	unsigned long nr;
	struct { u64 start, end, offset; u32 flags; const void *ops; } a[SNAP_AREAS];
	struct pt_dump pt;
};

int space_map(struct ms_space *space, u64 start, u64 size, u64 phys, u32 prot,
	      enum ms_backend_kind kind, u32 flags);
int space_touch(struct ms_space *space, u64 va, u32 access,
		enum ms_access_result *result);
int space_copy(struct ms_space *space, u64 va, void *buf, u64 len, u32 access,
	       unsigned int dir, u64 *done, enum ms_access_result *result);
void space_write_str(struct kunit *test, struct ms_space *space, u64 va,
		     const char *s);
void space_expect_str(struct kunit *test, struct ms_space *space, u64 va,
		      const char *want);
struct ms_space *space_new(struct kunit *test, unsigned long max_pages,
			   const struct ms_pt_format *fmt);
int space_clone(struct kunit *test, struct ms_space *src,
		unsigned long max_pages, struct ms_space **clone);
bool space_translate(struct ms_space *space, u64 va, struct ms_pt_leaf *leaf);
void space_stats(struct ms_space *space, struct ms_space_stats *stats);
void space_set_format(struct ms_space *space, const struct ms_pt_format *fmt);
int space_test_init(struct kunit *test);
void space_test_exit(struct kunit *test);
struct space_snap *space_snap_new(struct kunit *test);
void space_snap_take(struct kunit *test, struct ms_space *space,
		     struct space_snap *snap);
void space_snap_expect_equal(struct kunit *test, const struct space_snap *a,
			     const struct space_snap *b);

/**
 * map() - space_map() on the space of the test (space_test_init())
 * @test: the test
 * @start: first address
 * @size: length
 * @phys: LINEAR: physical address of @start
 * @prot: MS_VM_* bits
 * @backend: the backend
 * @flags: SPACE_MAP_* bits
 *
 * Return: space_map()'s result.
 */
static inline int map(struct kunit *test, u64 start, u64 size, u64 phys,
		      u32 prot, enum ms_backend_kind backend, u32 flags)
{
	return space_map(test->priv, start, size, phys, prot, backend, flags);
}

#endif /* _MEMORY_SET_KUNIT_SPACE_UTIL_H */
