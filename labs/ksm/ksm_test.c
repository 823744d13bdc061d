// SPDX-License-Identifier: GPL-2.0
/*
 * Lab "ksm" (labs/ksm/README.md): ms_space_ksm() makes the ALLOC pages of
 * a range with equal bytes share one write-protected frame, as Linux's
 * KSM does; the copy on write of clones takes it apart again.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <uapi/linux/memory_set.h>

#include "fail.h"
#include "space_util.h"

#define RW	(MS_VM_READ | MS_VM_WRITE)
#define BASE	0x400000ULL

static int ksm_in(struct ms_space *space, u64 start, u64 size, u64 *merged)
{
	int err;

	mutex_lock(&space->lock);
	err = ms_space_ksm(space, start, size, merged);
	mutex_unlock(&space->lock);
	return err;
}

static u64 ksm(struct kunit *test, u64 start, u64 size)
{
	u64 merged = ~0ULL;

	KUNIT_EXPECT_EQ(test, ksm_in(test->priv, start, size, &merged), 0);
	return merged;
}

static struct ms_pt_leaf leaf_of(struct kunit *test, u64 va)
{
	struct ms_pt_leaf leaf = {};

	KUNIT_EXPECT_TRUE(test, space_translate(test->priv, va, &leaf));
	return leaf;
}

/* Four pages, two alike: one merged, its frame given back. */
static void test_ksm_merges_equal_pages(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct ms_space_stats stats;
	long held;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_16K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	space_write_str(test, space, BASE, "same");
	space_write_str(test, space, BASE + SZ_4K, "other");
	space_write_str(test, space, BASE + SZ_8K, "same");
	space_write_str(test, space, BASE + 3 * SZ_4K, "last");
	held = ms_space_pages_held();
	KUNIT_EXPECT_EQ(test, ksm(test, BASE, SZ_16K), 1);
	KUNIT_EXPECT_EQ(test, ms_space_pages_held(), held - 1);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE).phys,
			leaf_of(test, BASE + SZ_8K).phys);
	KUNIT_EXPECT_TRUE(test, leaf_of(test, BASE + SZ_8K).shared);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE).prot, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE + SZ_8K).prot, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE + SZ_4K).prot, RW);
	KUNIT_EXPECT_FALSE(test, leaf_of(test, BASE + SZ_4K).shared);
	/* Every leaf still maps a frame (like RSS, shared ones count). */
	space_stats(space, &stats);
	KUNIT_EXPECT_EQ(test, stats.data_pages, 4);
	space_expect_str(test, space, BASE + SZ_8K, "same");
	KUNIT_EXPECT_EQ(test, ksm(test, BASE, SZ_16K), 0);
}

/* Zeroed pages are equal too: eight become one frame. */
static void test_ksm_zero_pages(struct kunit *test)
{
	long held;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_32K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	held = ms_space_pages_held();
	KUNIT_EXPECT_EQ(test, ksm(test, BASE, SZ_32K), 7);
	KUNIT_EXPECT_EQ(test, ms_space_pages_held(), held - 7);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE + 7 * SZ_4K).phys,
			leaf_of(test, BASE).phys);
}

/* A write copies the shared frame; the last sharer takes it back. */
static void test_ksm_write_breaks_sharing(struct kunit *test)
{
	struct ms_space *space = test->priv;
	long held;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_8K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	space_write_str(test, space, BASE, "twin");
	space_write_str(test, space, BASE + SZ_4K, "twin");
	KUNIT_ASSERT_EQ(test, ksm(test, BASE, SZ_8K), 1);
	held = ms_space_pages_held();
	space_write_str(test, space, BASE + SZ_4K, "own");
	space_expect_str(test, space, BASE, "twin");
	space_expect_str(test, space, BASE + SZ_4K, "own");
	KUNIT_EXPECT_NE(test, leaf_of(test, BASE).phys,
			leaf_of(test, BASE + SZ_4K).phys);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE + SZ_4K).prot, RW);
	space_write_str(test, space, BASE, "mine");
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE).prot, RW);
	KUNIT_EXPECT_FALSE(test, leaf_of(test, BASE).shared);
	/* One copy in all (the spare refills a block at a time). */
	KUNIT_EXPECT_GE(test, ms_space_pages_held(), held + 1);
}

/* Only the range, and only owned frames: lazy, LINEAR, PROT_NONE stay. */
static void test_ksm_range_and_kinds(struct kunit *test)
{
	struct ms_space *space = test->priv;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_16K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, map(test, BASE + SZ_64K, SZ_16K, 0, 0,
				  MS_KIND_ALLOC, SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, map(test, BASE + SZ_128K, SZ_16K, 0, RW,
				  MS_KIND_ALLOC, 0), 0);
	KUNIT_ASSERT_EQ(test, map(test, BASE + SZ_256K, SZ_16K, SZ_1M, RW,
				  MS_KIND_LINEAR, 0), 0);
	space_write_str(test, space, BASE + SZ_4K, "x");
	KUNIT_EXPECT_EQ(test, ksm(test, BASE + SZ_8K, SZ_8K), 1);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE).prot, RW);
	/* Pages 2 and 3 both move to page 0's frame. */
	KUNIT_EXPECT_EQ(test, ksm(test, 0, SZ_1G), 2);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE).prot, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE + SZ_4K).prot, RW);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE + SZ_64K).prot, 0);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE + SZ_256K).phys, SZ_1M);
	KUNIT_EXPECT_EQ(test, leaf_of(test, BASE + SZ_256K).prot, RW);
}

/* Frames a clone shares merge too; the clone's data does not change. */
static void test_ksm_with_a_clone(struct kunit *test)
{
	struct ms_space *space = test->priv, *clone;
	u64 merged;
	long held;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_8K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	space_write_str(test, space, BASE, "one");
	space_write_str(test, space, BASE + SZ_4K, "one");
	KUNIT_ASSERT_EQ(test, space_clone(test, space, 4096, &clone), 0);
	held = ms_space_pages_held();
	KUNIT_EXPECT_EQ(test, ksm(test, BASE, SZ_8K), 1);
	/* The clone still holds the second frame. */
	KUNIT_EXPECT_EQ(test, ms_space_pages_held(), held);
	KUNIT_EXPECT_EQ(test, ksm_in(clone, BASE, SZ_8K, &merged), 0);
	KUNIT_EXPECT_EQ(test, merged, 1);
	KUNIT_EXPECT_EQ(test, ms_space_pages_held(), held - 1);
	space_write_str(test, clone, BASE + SZ_4K, "two");
	space_expect_str(test, space, BASE + SZ_4K, "one");
	space_expect_str(test, clone, BASE + SZ_4K, "two");
	space_expect_str(test, clone, BASE, "one");
}

/* Every allocation fails in turn: -ENOMEM and nothing changed, or done. */
static void test_ksm_every_allocation_fails(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct space_snap *before = space_snap_new(test);
	struct space_snap *after = space_snap_new(test);
	u64 merged = 0;
	unsigned int nth;
	int err = -ENOMEM;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_32K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	space_snap_take(test, space, before);
	for (nth = 1; err && nth < 16; nth++) {
		ms_fail_nth = nth;
		err = ksm_in(space, BASE, SZ_32K, &merged);
		ms_fail_nth = 0;
		if (!err)
			break;
		KUNIT_EXPECT_EQ(test, err, -ENOMEM);
		space_snap_take(test, space, after);
		space_snap_expect_equal(test, before, after);
	}
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, merged, 7);
}

/* The ABI is in the header, as the assignment gives it. */
static void test_ksm_abi_in_the_header(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, MS_IOC_KSM,
			_IOWR(MS_IOC_MAGIC, 0x13, struct ms_ksm_args));
	KUNIT_EXPECT_EQ(test, sizeof(struct ms_ksm_args), 32);
	KUNIT_EXPECT_EQ(test, offsetof(struct ms_ksm_args, merged), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct ms_ksm_args, reserved), 28);
}

static struct kunit_case lab_ksm_cases[] = {
	KUNIT_CASE(test_ksm_abi_in_the_header),
	KUNIT_CASE(test_ksm_merges_equal_pages),
	KUNIT_CASE(test_ksm_zero_pages),
	KUNIT_CASE(test_ksm_write_breaks_sharing),
	KUNIT_CASE(test_ksm_range_and_kinds),
	KUNIT_CASE(test_ksm_with_a_clone),
	KUNIT_CASE(test_ksm_every_allocation_fails),
	{}
};

static struct kunit_suite lab_ksm_suite = {
	.name = "memory_set_lab_ksm",
	.init = space_test_init,
	.exit = space_test_exit,
	.test_cases = lab_ksm_cases,
};

kunit_test_suite(lab_ksm_suite);
