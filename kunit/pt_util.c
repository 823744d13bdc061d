// SPDX-License-Identifier: GPL-2.0
/*
 * A full dump of a page table's leaves, walked independently of pgtable.c:
 * leaf or table as the architecture manual says (pt_arch.c), and every
 * present entry checked against what the manual forbids in it.
 */
#include <linux/io.h>
#include <linux/string.h>

#include "pt_arch.h"
#include "pt_util.h"

/* Every format, in the ABI's order. */
const struct ms_pt_format *const pt_test_formats[MS_PT_NR_FORMATS] = {
	&ms_pt_x86_64_4l,  &ms_pt_x86_64_5l,  &ms_pt_x86_ept,
	&ms_pt_riscv_sv39, &ms_pt_riscv_sv48, &ms_pt_riscv_sv57,
	&ms_pt_arm64_4k,
};

/**
 * pt_test_format_id() - the ABI's number of a format
 * @fmt: one of pt_test_formats[]
 *
 * Return: its index there.
 */
enum ms_pt_format_id pt_test_format_id(const struct ms_pt_format *fmt)
{
	enum ms_pt_format_id id = 0;

	while (id < MS_PT_NR_FORMATS - 1 && pt_test_formats[id] != fmt)
		id++;
	return id;
}

/**
 * pt_test_entry_is_table() - whether the MMU takes an entry for a table
 * @test: the test; a present entry the manual forbids fails it
 * @fmt: the format
 * @entry: an entry that is not 0
 * @level: its level
 *
 * A present entry is a table or a leaf as the architecture decides it; an
 * entry the MMU does not see is a leaf of PROT_NONE and must carry the
 * format's software leaf bit, which a present entry must not (it may only
 * mark what the hardware cannot see).
 *
 * Return: true for a table.
 */
bool pt_test_entry_is_table(struct kunit *test, const struct ms_pt_format *fmt,
			    u64 entry, int level)
{
	enum ms_pt_format_id id = pt_test_format_id(fmt);
	const char *why;

	if (!pt_arch_present(id, entry)) {
		KUNIT_EXPECT_TRUE_MSG(test, entry & fmt->leaf,
				      "%s level %d: %#llx is neither 0 nor a leaf",
				      fmt->name, level, entry);
		return false;
	}
	why = pt_arch_problem(id, entry, level, fmt->levels);
	KUNIT_EXPECT_TRUE_MSG(test, !why, "%s level %d: %#llx: %s", fmt->name,
			      level, entry, why);
	KUNIT_EXPECT_FALSE_MSG(test, entry & fmt->leaf,
			       "%s level %d: %#llx: software leaf bit on a present entry",
			       fmt->name, level, entry);
	return level > 0 && pt_arch_is_table(id, entry, level);
}

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
		if (!pt_test_entry_is_table(test, fmt, entry, level)) {
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
