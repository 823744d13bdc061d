/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit helpers around the crate's mock backend (mock_backend.h).
 */
#ifndef _MEMORY_SET_KUNIT_MOCK_H
#define _MEMORY_SET_KUNIT_MOCK_H

#include <kunit/test.h>

#include "mock_backend.h"

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
