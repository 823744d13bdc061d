// SPDX-License-Identifier: GPL-2.0
/*
 * A full dump of a page table's leaves, walked independently of pgtable.c
 * (from the format's description only).
 */
#include <linux/io.h>

#include "pt_util.h"

static void dump_table(struct kunit *test, const struct ms_pt_format *fmt,
		       const u64 *table, int level, u64 base,
		       struct pt_dump *dump)
{
	u64 entry, va, pa;
	int i;

	for (i = 0; i < MS_PT_ENTRIES; i++) {
		entry = table[i];
		if (!entry)
			continue;
		va = base + i * ms_pt_level_size(level);
		if (level == 0 || (entry & fmt->leaf)) {
			KUNIT_ASSERT_LT(test, dump->nr, PT_DUMP_MAX);
			dump->va[dump->nr] = va;
			dump->level[dump->nr] = level;
			dump->entry[dump->nr] = entry;
			dump->nr++;
			continue;
		}
		KUNIT_EXPECT_EQ(test, entry & ~fmt->addr_mask, fmt->table);
		pa = ((entry & fmt->addr_mask) >> fmt->addr_shift) << 12;
		dump_table(test, fmt, phys_to_virt(pa), level - 1, va, dump);
	}
}

/**
 * pt_dump_take() - record every leaf and the counters of a table
 * @test: the test
 * @pt: the table
 * @dump: where to record them
 */
void pt_dump_take(struct kunit *test, const struct ms_pgtable *pt,
		  struct pt_dump *dump)
{
	dump->nr = 0;
	dump->nr_tables = pt->nr_tables;
	dump->nr_frames = pt->nr_frames;
	dump_table(test, pt->fmt, pt->root, pt->fmt->levels - 1, 0, dump);
}

/**
 * pt_dump_expect_equal() - expect two dumps to be the same
 * @test: the test
 * @a: one dump
 * @b: the other
 */
void pt_dump_expect_equal(struct kunit *test, const struct pt_dump *a,
			  const struct pt_dump *b)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, a->nr_tables, b->nr_tables);
	KUNIT_EXPECT_EQ(test, a->nr_frames, b->nr_frames);
	KUNIT_ASSERT_EQ(test, a->nr, b->nr);
	for (i = 0; i < a->nr; i++) {
		KUNIT_EXPECT_EQ(test, a->va[i], b->va[i]);
		KUNIT_EXPECT_EQ(test, a->level[i], b->level[i]);
		KUNIT_EXPECT_EQ(test, a->entry[i], b->entry[i]);
	}
}
