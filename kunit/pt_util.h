/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the page-table KUnit suites: a full dump of a table's leaves,
 * to compare a table before and after an operation that failed.
 */
#ifndef _MEMORY_SET_KUNIT_PT_UTIL_H
#define _MEMORY_SET_KUNIT_PT_UTIL_H

#include <kunit/test.h>

#include "pgtable.h"

#define PT_DUMP_MAX	4096

/**
 * struct pt_dump - every leaf of a table, in address order
 * @nr: number of leaves
 * @nr_tables: the table's page count
 * @nr_frames: the table's frame count
 * @va: their addresses
 * @level: their levels
 * @entry: their entries
 */
struct pt_dump {
	unsigned int nr;
	unsigned long nr_tables;
	unsigned long nr_frames;
	u64 va[PT_DUMP_MAX];
	int level[PT_DUMP_MAX];
	u64 entry[PT_DUMP_MAX];
};

void pt_dump_take(struct kunit *test, const struct ms_pgtable *pt,
		  struct pt_dump *dump);
void pt_dump_expect_equal(struct kunit *test, const struct pt_dump *a,
			  const struct pt_dump *b);

#endif /* _MEMORY_SET_KUNIT_PT_UTIL_H */
