// SPDX-License-Identifier: GPL-2.0
/*
 * Lab "discard" (labs/discard/README.md): ms_space_discard() gives back
 * the frames of the ALLOC pages of a range, like madvise(MADV_DONTNEED).
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <uapi/linux/memory_set.h>
#include <linux/uio.h>

#include "fail.h"
#include "space_util.h"

#define RW	(MS_VM_READ | MS_VM_WRITE)
#define BASE	0x400000ULL

static void discard_in(struct kunit *test, struct ms_space *space, u64 start,
		       u64 size)
{
	mutex_lock(&space->lock);
	ms_space_discard(space, start, size);
	mutex_unlock(&space->lock);
}

static void discard(struct kunit *test, u64 start, u64 size)
{
	discard_in(test, test->priv, start, size);
}

static void put(struct kunit *test, struct ms_space *space, u64 va, u8 byte)
{
	enum ms_access_result result;
	u64 done;

	KUNIT_ASSERT_EQ(test, space_copy(space, va, &byte, 1, 0, ITER_SOURCE,
					 &done, &result), 0);
	KUNIT_ASSERT_EQ(test, result, MS_ACCESS_OK);
}

static u8 get(struct kunit *test, struct ms_space *space, u64 va)
{
	enum ms_access_result result;
	u8 byte = 0xee;
	u64 done;

	KUNIT_EXPECT_EQ(test, space_copy(space, va, &byte, 1, 0, ITER_DEST,
					 &done, &result), 0);
	KUNIT_EXPECT_EQ(test, result, MS_ACCESS_OK);
	return byte;
}

static struct ms_space_stats stats_of(struct ms_space *space)
{
	struct ms_space_stats stats;

	space_stats(space, &stats);
	return stats;
}

/* The frames go, the area stays; the next access reads zeroes. */
static void test_discard_frees_frames(struct kunit *test)
{
	struct ms_space *space = test->priv;
	u64 tables;
	long held;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_16K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	put(test, space, BASE + SZ_4K + 5, 0x5a);
	held = ms_space_pages_held();
	tables = stats_of(space).pt_pages;
	discard(test, BASE, SZ_16K);
	KUNIT_EXPECT_EQ(test, stats_of(space).data_pages, 0);
	KUNIT_EXPECT_EQ(test, stats_of(space).nr_areas, 1);
	KUNIT_EXPECT_EQ(test, stats_of(space).mapped_bytes, SZ_16K);
	/* The four frames are given back (and the tables they emptied). */
	KUNIT_EXPECT_EQ(test, ms_space_pages_held(),
			held - 4 - (tables - stats_of(space).pt_pages));
	KUNIT_EXPECT_EQ(test, get(test, space, BASE + SZ_4K + 5), 0);
	KUNIT_EXPECT_EQ(test, stats_of(space).data_pages, 1);
}

/* Only the range's pages; a second discard has nothing to do. */
static void test_discard_range_edges(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct ms_pt_leaf leaf;
	int i;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_32K, 0, RW, MS_KIND_ALLOC, 0),
			0);
	for (i = 0; i < 8; i++)
		put(test, space, BASE + i * SZ_4K, i + 1);
	discard(test, BASE + SZ_8K, SZ_16K);
	discard(test, BASE + SZ_8K, SZ_16K);
	KUNIT_EXPECT_EQ(test, stats_of(space).data_pages, 4);
	KUNIT_EXPECT_TRUE(test, space_translate(space, BASE + SZ_4K, &leaf));
	KUNIT_EXPECT_FALSE(test, space_translate(space, BASE + SZ_8K, &leaf));
	KUNIT_EXPECT_FALSE(test, space_translate(space, BASE + 5 * SZ_4K,
						 &leaf));
	KUNIT_EXPECT_TRUE(test, space_translate(space, BASE + 6 * SZ_4K,
						&leaf));
	KUNIT_EXPECT_EQ(test, get(test, space, BASE + SZ_4K), 2);
	KUNIT_EXPECT_EQ(test, get(test, space, BASE + 2 * SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, get(test, space, BASE + 6 * SZ_4K), 7);
}

/* LINEAR pages and holes are left alone; PROT_NONE frames go too. */
static void test_discard_only_alloc(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct ms_pt_leaf leaf;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_16K, SZ_1M, RW,
				  MS_KIND_LINEAR, 0), 0);
	KUNIT_ASSERT_EQ(test, map(test, BASE + SZ_64K, SZ_16K, 0, 0,
				  MS_KIND_ALLOC, SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, map(test, SZ_1G, SZ_2M, 0, RW, MS_KIND_LINEAR,
				  SPACE_MAP_HUGE), 0);
	discard(test, 0, SZ_4G);
	KUNIT_EXPECT_TRUE(test, space_translate(space, BASE + SZ_8K, &leaf));
	KUNIT_EXPECT_EQ(test, leaf.phys, SZ_1M + SZ_8K);
	KUNIT_EXPECT_TRUE(test, space_translate(space, SZ_1G + SZ_4K, &leaf));
	KUNIT_EXPECT_EQ(test, leaf.level, MS_PT_LEVEL_2M);
	KUNIT_EXPECT_FALSE(test, space_translate(space, BASE + SZ_64K, &leaf));
	KUNIT_EXPECT_EQ(test, stats_of(space).data_pages, 0);
	KUNIT_EXPECT_EQ(test, stats_of(space).nr_areas, 3);
}

/* A frame shared with a clone: the clone keeps it, and its data. */
static void test_discard_shared_frame(struct kunit *test)
{
	struct ms_space *space = test->priv, *clone;
	u64 tables;
	long held;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_8K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	put(test, space, BASE, 0x11);
	KUNIT_ASSERT_EQ(test, space_clone(test, space, 4096, &clone), 0);
	held = ms_space_pages_held();
	tables = stats_of(space).pt_pages;
	discard(test, BASE, SZ_8K);
	/* Only emptied tables go: the clone still maps both frames. */
	KUNIT_EXPECT_EQ(test, stats_of(space).data_pages, 0);
	KUNIT_EXPECT_EQ(test, ms_space_pages_held(),
			held - (tables - stats_of(space).pt_pages));
	KUNIT_EXPECT_EQ(test, get(test, clone, BASE), 0x11);
	KUNIT_EXPECT_EQ(test, get(test, space, BASE), 0);
	put(test, clone, BASE, 0x22);	/* its own now: no copy */
	KUNIT_EXPECT_EQ(test, stats_of(clone).data_pages, 2);
	discard_in(test, clone, BASE, SZ_8K);
	KUNIT_EXPECT_EQ(test, stats_of(clone).data_pages, 0);
	KUNIT_EXPECT_EQ(test, get(test, space, BASE), 0);
}

/* The whole space over a 1 TiB lazy area: skipped table by table. */
static void test_discard_whole_space_is_quick(struct kunit *test)
{
	struct ms_space *space = test->priv;

	KUNIT_ASSERT_EQ(test, map(test, SZ_1T, SZ_1T, 0, RW, MS_KIND_ALLOC, 0),
			0);
	put(test, space, SZ_1T + SZ_1G, 1);
	put(test, space, 2 * SZ_1T - 1, 2);
	discard(test, 0, ms_space_addr_limit(space));
	KUNIT_EXPECT_EQ(test, stats_of(space).data_pages, 0);
	KUNIT_EXPECT_EQ(test, stats_of(space).pt_pages, 1);
}

/*
 * Discarding allocates nothing: with the next allocation set to fail it
 * still works, and the fault-injection point is never reached.
 */
static void test_discard_allocates_nothing(struct kunit *test)
{
	struct ms_space *space = test->priv;

	KUNIT_ASSERT_EQ(test, map(test, BASE, SZ_16K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	ms_fail_nth = 1;
	discard(test, BASE, SZ_8K);
	KUNIT_EXPECT_EQ(test, ms_fail_nth, 1);
	ms_fail_nth = 0;
	KUNIT_EXPECT_EQ(test, stats_of(space).data_pages, 2);
}

/* The ABI is in the header, as the assignment gives it. */
static void test_discard_abi_in_the_header(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, MS_IOC_DISCARD,
			_IOW(MS_IOC_MAGIC, 0x12, struct ms_range_args));
}

static struct kunit_case lab_discard_cases[] = {
	KUNIT_CASE(test_discard_abi_in_the_header),
	KUNIT_CASE(test_discard_frees_frames),
	KUNIT_CASE(test_discard_range_edges),
	KUNIT_CASE(test_discard_only_alloc),
	KUNIT_CASE(test_discard_shared_frame),
	KUNIT_CASE(test_discard_whole_space_is_quick),
	KUNIT_CASE(test_discard_allocates_nothing),
	{}
};

static struct kunit_suite lab_discard_suite = {
	.name = "memory_set_lab_discard",
	.init = space_test_init,
	.exit = space_test_exit,
	.test_cases = lab_discard_cases,
};

kunit_test_suite(lab_discard_suite);
