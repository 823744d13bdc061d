// SPDX-License-Identifier: GPL-2.0
/*
 * A full dump of a page table's leaves, walked independently of pgtable.c
 * (from the format's description only).
 */
#include <linux/io.h>
#include <linux/string.h>

#include "pt_util.h"

/* Every format, in the ABI's order. */
const struct ms_pt_format *const pt_test_formats[MS_PT_NR_FORMATS] = {
	&ms_pt_x86_64_4l,  &ms_pt_x86_64_5l,  &ms_pt_x86_ept,
	&ms_pt_riscv_sv39, &ms_pt_riscv_sv48, &ms_pt_riscv_sv57,
	&ms_pt_arm64_4k,
};

/**
 * pt_test_format_desc() - a parameter's description: the format's name
 * @fmt: the parameter
 * @desc: the description, KUNIT_PARAM_DESC_SIZE bytes
 */
void pt_test_format_desc(const struct ms_pt_format *const *fmt, char *desc)
{
	strscpy(desc, (*fmt)->name, KUNIT_PARAM_DESC_SIZE);
}

/**
 * pt_test_format() - the format a parameterised test runs with
 * @test: the test; without a parameter, the default format
 *
 * Return: the format.
 */
const struct ms_pt_format *pt_test_format(struct kunit *test)
{
	const struct ms_pt_format *const *fmt = test->param_value;

	return fmt ? *fmt : &ms_pt_x86_64_4l;
}

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
