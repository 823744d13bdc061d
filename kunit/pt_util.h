/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the page-table KUnit suites: a full dump of a table's leaves,
 * to compare a table before and after an operation that failed, and the
 * formats every suite runs over (KUNIT_ARRAY_PARAM(fmt, pt_test_formats,
 * pt_test_format_desc)).
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

extern const struct ms_pt_format *const pt_test_formats[MS_PT_NR_FORMATS];

void pt_test_format_desc(const struct ms_pt_format *const *fmt, char *desc);
const struct ms_pt_format *pt_test_format(struct kunit *test);
enum ms_pt_format_id pt_test_format_id(const struct ms_pt_format *fmt);
bool pt_test_entry_is_table(struct kunit *test, const struct ms_pt_format *fmt,
			    u64 entry, int level);
void pt_dump_take(struct kunit *test, const struct ms_pgtable *pt,
		  struct pt_dump *dump);
void pt_dump_expect_equal(struct kunit *test, const struct pt_dump *a,
			  const struct pt_dump *b);

#endif /* _MEMORY_SET_KUNIT_PT_UTIL_H */
