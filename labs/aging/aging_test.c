// SPDX-License-Identifier: GPL-2.0
/*
 * Lab "aging" (labs/aging/README.md): ms_space_age() clears the Accessed
 * bit of every leaf in a range and counts the 4 KiB pages that had it.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <uapi/linux/memory_set.h>

#include "fail.h"
#include "space_util.h"

#define RW		(MS_VM_READ | MS_VM_WRITE)
#define BASE		0x400000ULL

static u64 age(struct kunit *test, u64 start, u64 size)
{
	struct ms_space *space = test->priv;
	u64 young = ~0ULL;
	int err;

	mutex_lock(&space->lock);
	err = ms_space_age(space, start, size, &young);
	mutex_unlock(&space->lock);
	KUNIT_EXPECT_EQ(test, err, 0);
	return young;
}

static void touch(struct kunit *test, u64 va, u32 access)
{
	enum ms_access_result result;

	KUNIT_ASSERT_EQ(test, space_touch(test->priv, va, access, &result), 0);
	KUNIT_ASSERT_EQ(test, result, MS_ACCESS_OK);
}

static struct ms_pt_leaf leaf_of(struct kunit *test, u64 va)
{
	struct ms_pt_leaf leaf = {};

	KUNIT_EXPECT_TRUE(test, space_translate(test->priv, va, &leaf));
	return leaf;
}

/* Three pages touched: three young pages, then none. */
static void test_age_counts_touched_pages(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_64K, 0, RW, MS_KIND_ALLOC, 0),
			0);
	touch(test, BASE, MS_VM_READ);
	touch(test, BASE + 5 * SZ_4K, MS_VM_WRITE);
	touch(test, BASE + 15 * SZ_4K, MS_VM_READ);
	touch(test, BASE + 15 * SZ_4K + 8, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, age(test, BASE, SZ_64K), 3);
	KUNIT_EXPECT_EQ(test, age(test, BASE, SZ_64K), 0);
}

/* Accessed goes, Dirty stays, and the next touch sets Accessed again. */
static void test_age_clears_accessed_only(struct kunit *test)
{
	struct ms_pt_leaf leaf;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_16K, 0, RW, MS_KIND_ALLOC, 0),
			0);
	touch(test, BASE + SZ_4K, MS_VM_WRITE);
	KUNIT_EXPECT_TRUE(test, leaf_of(test, BASE + SZ_4K).accessed);
	KUNIT_EXPECT_EQ(test, age(test, BASE, SZ_16K), 1);
	leaf = leaf_of(test, BASE + SZ_4K);
	KUNIT_EXPECT_FALSE(test, leaf.accessed);
	KUNIT_EXPECT_TRUE(test, leaf.dirty);
	KUNIT_EXPECT_EQ(test, leaf.prot, RW);
	touch(test, BASE + SZ_4K, MS_VM_READ);
	KUNIT_EXPECT_TRUE(test, leaf_of(test, BASE + SZ_4K).accessed);
	KUNIT_EXPECT_EQ(test, age(test, BASE, SZ_16K), 1);
}

/* Only the range's pages are counted and cleared. */
static void test_age_range_edges(struct kunit *test)
{
	int i;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_64K, 0, RW, MS_KIND_ALLOC, 0),
			0);
	for (i = 0; i < 16; i++)
		touch(test, BASE + i * SZ_4K, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, age(test, BASE + 4 * SZ_4K, 4 * SZ_4K), 4);
	KUNIT_EXPECT_TRUE(test, leaf_of(test, BASE + 3 * SZ_4K).accessed);
	KUNIT_EXPECT_FALSE(test, leaf_of(test, BASE + 4 * SZ_4K).accessed);
	KUNIT_EXPECT_FALSE(test, leaf_of(test, BASE + 7 * SZ_4K).accessed);
	KUNIT_EXPECT_TRUE(test, leaf_of(test, BASE + 8 * SZ_4K).accessed);
	KUNIT_EXPECT_EQ(test, age(test, BASE, SZ_64K), 12);
}

/*
 * Holes, lazy pages never touched, populated pages never touched, a
 * PROT_NONE area and LINEAR pages: only accessed leaves count.
 */
static void test_age_counts_only_accessed_leaves(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_16K, 0, RW, MS_KIND_ALLOC, 0),
			0);
	KUNIT_ASSERT_EQ(test, map(test, BASE + SZ_64K, SZ_16K, 0, RW,
				  MS_KIND_ALLOC, SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, map(test, BASE + SZ_128K, SZ_16K, 0, 0,
				  MS_KIND_ALLOC, SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, map(test, BASE + SZ_256K, SZ_16K, SZ_1M, RW,
				  MS_KIND_LINEAR, 0), 0);
	KUNIT_EXPECT_EQ(test, age(test, 0, SZ_1G), 0);
	touch(test, BASE + SZ_64K + SZ_4K, MS_VM_READ);
	touch(test, BASE + SZ_256K + SZ_8K, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, age(test, 0, SZ_1G), 2);
	KUNIT_EXPECT_EQ(test, age(test, 0, SZ_1G), 0);
}

/* A 2 MiB leaf has one Accessed bit: it counts the range's pages it maps. */
static void test_age_huge_leaf(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, map(test, SZ_1G, SZ_2M, 0, RW, MS_KIND_LINEAR,
				  SPACE_MAP_HUGE), 0);
	KUNIT_ASSERT_EQ(test, leaf_of(test, SZ_1G).level, MS_PT_LEVEL_2M);
	touch(test, SZ_1G + SZ_8K, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, age(test, SZ_1G + SZ_4K, SZ_4K), 1);
	/* The bit is the leaf's: cleared for all of its pages. */
	KUNIT_EXPECT_EQ(test, age(test, SZ_1G, SZ_2M), 0);
	touch(test, SZ_1G, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, age(test, SZ_1G, SZ_2M), 512);
	KUNIT_EXPECT_EQ(test, leaf_of(test, SZ_1G).level, MS_PT_LEVEL_2M);
}

/*
 * A whole address space, mostly a lazy area of 1 TiB with no table: the
 * walk skips what no table maps (a page-by-page loop would not end).
 */
static void test_age_whole_space_is_quick(struct kunit *test)
{
	struct ms_space *space = test->priv;
	u64 limit = ms_space_addr_limit(space);

	KUNIT_ASSERT_EQ(test, map(test, SZ_1T, SZ_1T, 0, RW, MS_KIND_ALLOC, 0),
			0);
	touch(test, SZ_1T + SZ_1G, MS_VM_WRITE);
	touch(test, 2 * SZ_1T - SZ_4K, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, age(test, 0, limit), 2);
	KUNIT_EXPECT_EQ(test, age(test, 0, limit), 0);
}

/*
 * Aging allocates nothing: with the next allocation set to fail it still
 * works, and the fault-injection point is never reached.
 */
static void test_age_allocates_nothing(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct ms_space_stats before, after;
	long held;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_64K, 0, RW, MS_KIND_ALLOC, 0),
			0);
	touch(test, BASE, MS_VM_WRITE);
	touch(test, BASE + SZ_32K, MS_VM_READ);
	space_stats(space, &before);
	held = ms_space_pages_held();
	ms_fail_nth = 1;
	KUNIT_EXPECT_EQ(test, age(test, BASE, SZ_64K), 2);
	KUNIT_EXPECT_EQ(test, ms_fail_nth, 1);
	ms_fail_nth = 0;
	space_stats(space, &after);
	KUNIT_EXPECT_EQ(test, ms_space_pages_held(), held);
	KUNIT_EXPECT_EQ(test, after.pt_pages, before.pt_pages);
	KUNIT_EXPECT_EQ(test, after.data_pages, before.data_pages);
	KUNIT_EXPECT_EQ(test, after.nr_areas, before.nr_areas);
}

KUNIT_ARRAY_PARAM(fmt, pt_test_formats, pt_test_format_desc);

/* Every format has its own Accessed bit (x86 A, EPT A, RISC-V A, AF). */
static void test_age_every_format(struct kunit *test)
{
	struct ms_space *space = test->priv;

	space_set_format(space, pt_test_format(test));
	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_16K, 0, RW, MS_KIND_ALLOC, 0),
			0);
	touch(test, BASE + SZ_4K, MS_VM_READ);
	touch(test, BASE + SZ_8K, MS_VM_WRITE);
	KUNIT_EXPECT_EQ(test, age(test, BASE, SZ_16K), 2);
	KUNIT_EXPECT_FALSE(test, leaf_of(test, BASE + SZ_4K).accessed);
	KUNIT_EXPECT_FALSE(test, leaf_of(test, BASE + SZ_8K).accessed);
	/* AArch64's descriptors have no Dirty bit (DBM is not one). */
	if (space->pt.fmt->dirty)
		KUNIT_EXPECT_TRUE(test, leaf_of(test, BASE + SZ_8K).dirty);
	KUNIT_EXPECT_EQ(test, age(test, BASE, SZ_16K), 0);
}

/* The ABI is in the header, as the assignment gives it. */
static void test_age_abi_in_the_header(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, MS_IOC_AGE,
			_IOWR(MS_IOC_MAGIC, 0x10, struct ms_age_args));
	KUNIT_EXPECT_EQ(test, sizeof(struct ms_age_args), 32);
	KUNIT_EXPECT_EQ(test, offsetof(struct ms_age_args, young), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct ms_age_args, reserved), 28);
}

static struct kunit_case lab_aging_cases[] = {
	KUNIT_CASE(test_age_abi_in_the_header),
	KUNIT_CASE(test_age_counts_touched_pages),
	KUNIT_CASE(test_age_clears_accessed_only),
	KUNIT_CASE(test_age_range_edges),
	KUNIT_CASE(test_age_counts_only_accessed_leaves),
	KUNIT_CASE(test_age_huge_leaf),
	KUNIT_CASE(test_age_whole_space_is_quick),
	KUNIT_CASE(test_age_allocates_nothing),
	KUNIT_CASE_PARAM(test_age_every_format, fmt_gen_params),
	{}
};

static struct kunit_suite lab_aging_suite = {
	.name = "memory_set_lab_aging",
	.init = space_test_init,
	.exit = space_test_exit,
	.test_cases = lab_aging_cases,
};

kunit_test_suite(lab_aging_suite);
