/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The crate's mock backend: a "page table" of one byte per address,
 * 0 = unmapped, else the flags. It refuses to map an entry that is set and
 * to unmap or protect one that is not, so any misuse by the core shows up
 * as -EBUSY. It can be told to fail its Nth call with -EIO.
 */
#ifndef _MEMORY_SET_KUNIT_MOCK_H
#define _MEMORY_SET_KUNIT_MOCK_H

#include <kunit/test.h>

#include "memory_set.h"

#define MOCK_MAX_ADDR	0x10000
#define MOCK_ERR_STATE	(-EBUSY)
#define MOCK_ERR_FAIL	(-EIO)

/**
 * struct mock_pt - the mock page table
 * @entries: one byte per address: 0 or the flags mapped there
 * @cut: 1 where a split made an address a boundary
 * @nr_calls: backend calls so far
 * @fail_at: the call number that fails with MOCK_ERR_FAIL; 0 = never
 */
struct mock_pt {
	u8 entries[MOCK_MAX_ADDR];
	u8 cut[MOCK_MAX_ADDR];
	unsigned int nr_calls;
	unsigned int fail_at;
};

extern const struct mapping_backend_ops mock_ops;
extern const struct mapping_backend_ops mock_split_ops;

struct mock_pt *mock_pt_new(struct kunit *test);
int mock_map(struct kunit *test, struct memory_set *set,
	     const struct mapping_backend_ops *ops,
	     u64 start, u64 size, u32 flags, bool replace);
void mock_check_tree(struct kunit *test, const struct memory_set *set);
void mock_expect_entries(struct kunit *test, const struct memory_set *set);
void mock_expect_strip(struct kunit *test, const struct memory_set *set,
		       u64 from, u64 unit, const char *strip);

#define MOCK_MAX_SNAP_AREAS	64

/**
 * struct mock_snapshot - the areas and entries of a set at one moment
 * @nr: number of areas
 * @start: their starts
 * @end: their ends
 * @flags: their flags
 * @pt: a copy of the page table
 */
struct mock_snapshot {
	unsigned long nr;
	u64 start[MOCK_MAX_SNAP_AREAS];
	u64 end[MOCK_MAX_SNAP_AREAS];
	u32 flags[MOCK_MAX_SNAP_AREAS];
	struct mock_pt pt;
};

void mock_snapshot_take(struct kunit *test, const struct memory_set *set,
			struct mock_snapshot *snap);
void mock_snapshot_expect(struct kunit *test, const struct memory_set *set,
			  const struct mock_snapshot *snap);

#endif /* _MEMORY_SET_KUNIT_MOCK_H */
