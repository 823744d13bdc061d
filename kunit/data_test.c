// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of data through a space (ms_space_copy(), what MS_IOC_READ
 * and MS_IOC_WRITE do): copies across pages and areas, lazy pages faulted
 * in with Accessed and Dirty set, and every way a copy stops: a hole, a
 * protection, memory the module did not allocate, the budget, the other
 * side's buffer.
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "fail.h"
#include "space_util.h"

#define RW (MS_VM_READ | MS_VM_WRITE)
#define LAZY 0x100000ULL /* 16 lazy ALLOC pages, RW */
#define LAZY_2 (LAZY + SZ_64K) /* 4 more, right after */
#define RO 0x200000ULL /* 4 populated pages, read-only */
#define LINEAR 0x300000ULL /* 4 LINEAR pages, RW */

/* memory_set_data runs in every page-table format. */
KUNIT_ARRAY_PARAM(fmt, pt_test_formats, pt_test_format_desc);

static const struct ms_pt_format *leaf_format(struct kunit *test)
{
	return ((struct ms_space *)test->priv)->pt.fmt;
}

static int data_test_init(struct kunit *test)
{
	space_test_init(test);
	space_set_format(test->priv, pt_test_format(test));
	return 0;
}

static void data_setup(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, map(test, LAZY, SZ_64K, 0, RW, MS_KIND_ALLOC, 0),
			0);
	KUNIT_ASSERT_EQ(test,
			map(test, LAZY_2, SZ_16K, 0, RW, MS_KIND_ALLOC, 0), 0);
	KUNIT_ASSERT_EQ(test,
			map(test, RO, SZ_16K, 0, MS_VM_READ, MS_KIND_ALLOC,
			    SPACE_MAP_POPULATE),
			0);
	KUNIT_ASSERT_EQ(test,
			map(test, LINEAR, SZ_16K, 0x40000000, RW,
			    MS_KIND_LINEAR, 0),
			0);
}

static u8 *buffer(struct kunit *test, size_t len, u8 seed)
{
	u8 *buf = kunit_kmalloc(test, len, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < len; i++)
		buf[i] = seed + i * 7;
	return buf;
}

/* A write across pages and into the next area reads back as written. */
static void test_write_read_across_pages_and_areas(struct kunit *test)
{
	u64 va = LAZY + SZ_64K - 5000, len = 9000, done;
	u8 *in = buffer(test, len, 3), *out = buffer(test, len, 0);
	enum ms_access_result result;
	struct ms_space_stats stats;

	data_setup(test);
	KUNIT_ASSERT_EQ(test,
			space_copy(test->priv, va, in, len, 0, ITER_SOURCE,
				   &done, &result),
			0);
	KUNIT_EXPECT_EQ(test, result, MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, done, len);
	/* Pages 14, 15 of the first area and 0 of the second. */
	space_stats(test->priv, &stats);
	KUNIT_EXPECT_EQ(test, stats.data_pages, 4 + 3);
	KUNIT_ASSERT_EQ(test,
			space_copy(test->priv, va, out, len, 0,
				   ITER_DEST, &done, &result),
			0);
	KUNIT_EXPECT_EQ(test, result, MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, done, len);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, len), 0);
}

/* A read faults a lazy page in: zeroes, Accessed; a write sets Dirty. */
static void test_read_faults_in_zeroes(struct kunit *test)
{
	u8 *out = buffer(test, 100, 1), zero[100] = {};
	enum ms_access_result result;
	struct ms_pt_leaf leaf;
	u64 done;

	data_setup(test);
	KUNIT_ASSERT_EQ(test,
			space_copy(test->priv, LAZY + 10, out, 100, 0,
				   ITER_DEST, &done, &result),
			0);
	KUNIT_EXPECT_EQ(test, result, MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, memcmp(out, zero, 100), 0);
	KUNIT_ASSERT_TRUE(test, space_translate(test->priv, LAZY, &leaf));
	KUNIT_EXPECT_TRUE(test, leaf.accessed);
	KUNIT_EXPECT_FALSE(test, leaf.dirty);
	KUNIT_ASSERT_EQ(test,
			space_copy(test->priv, LAZY + 10, out, 1, 0,
				   ITER_SOURCE, &done, &result),
			0);
	KUNIT_ASSERT_TRUE(test, space_translate(test->priv, LAZY, &leaf));
	/* AArch64 has no Dirty bit: a writable page is one that may be. */
	KUNIT_EXPECT_EQ(test, leaf.dirty, !!leaf_format(test)->dirty);
}

struct stop_case {
	const char *name;
	u64 va; /* where the copy starts */
	u64 len;
	unsigned int dir;
	u64 done; /* where it stops */
	enum ms_access_result result;
};

static const struct stop_case stop_cases[] = {
	{ "read_into_hole", LAZY_2 + SZ_8K, SZ_16K, ITER_DEST, SZ_8K,
	  MS_ACCESS_MAPERR },
	{ "read_from_hole", RO - 10, 100, ITER_DEST, 0,
	  MS_ACCESS_MAPERR },
	{ "write_read_only", RO + 100, 10, ITER_SOURCE, 0,
	  MS_ACCESS_ACCERR },
	{ "read_read_only", RO + 100, SZ_8K, ITER_DEST, SZ_8K,
	  MS_ACCESS_OK },
	{ "read_linear", LINEAR, 1, ITER_DEST, 0, MS_ACCESS_NODATA },
	{ "write_linear", LINEAR + 4095, 2, ITER_SOURCE, 0,
	  MS_ACCESS_NODATA },
	{ "empty", LINEAR, 0, ITER_SOURCE, 0, MS_ACCESS_OK },
};

static void stop_case_desc(const struct stop_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(stop, stop_cases, stop_case_desc);

/* A copy stops at the first page it cannot access, and says why. */
static void test_copy_stops(struct kunit *test)
{
	const struct stop_case *c = test->param_value;
	u8 *buf = buffer(test, c->len + 1, 9);
	enum ms_access_result result;
	struct ms_pt_leaf leaf;
	u64 done;

	data_setup(test);
	KUNIT_ASSERT_EQ(test,
			space_copy(test->priv, c->va, buf, c->len, 0, c->dir,
				   &done, &result),
			0);
	KUNIT_EXPECT_EQ(test, done, c->done);
	KUNIT_EXPECT_EQ(test, result, c->result);
	/* A LINEAR page is never accessed: its bits stay clear. */
	KUNIT_ASSERT_TRUE(test, space_translate(test->priv, LINEAR, &leaf));
	KUNIT_EXPECT_FALSE(test, leaf.accessed);
	KUNIT_EXPECT_FALSE(test, leaf.dirty);
}

/* A user-mode copy needs user pages (EPT has no user bit: any page). */
static void test_user_access(struct kunit *test)
{
	struct ms_space *space = test->priv;
	u32 user = space->pt.fmt->prot_mask & MS_VM_USER;
	enum ms_access_result result;
	u8 byte = 0;
	u64 done;

	data_setup(test);
	KUNIT_EXPECT_EQ(test,
			space_copy(space, LAZY, &byte, 1, MS_VM_USER, ITER_DEST,
				   &done, &result),
			0);
	KUNIT_EXPECT_EQ(test, result, user ? MS_ACCESS_ACCERR : MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, done, user ? 0 : 1);
	KUNIT_ASSERT_EQ(test, map(test, 0x400000, SZ_4K, 0, RW | user,
				  MS_KIND_ALLOC, 0),
			0);
	KUNIT_EXPECT_EQ(test,
			space_copy(space, 0x400000, &byte, 1, MS_VM_USER,
				   ITER_DEST, &done, &result),
			0);
	KUNIT_EXPECT_EQ(test, result, MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, done, 1);
}

#define RUN 0x5c0000ULL	/* 128 pages across a last-level table's end */
#define RUN_LEN (128 * SZ_4K)

/* How many pages of [RUN, RUN + RUN_LEN) follow the one before in memory. */
static unsigned int run_adjacent_frames(struct kunit *test,
					struct ms_space *space)
{
	unsigned int i, adjacent = 0;
	struct ms_pt_leaf leaf;
	u64 last = 0;

	for (i = 0; i < RUN_LEN / SZ_4K; i++) {
		KUNIT_ASSERT_TRUE(test, space_translate(space, RUN + i * SZ_4K,
							&leaf));
		adjacent += leaf.phys == last + SZ_4K;
		last = leaf.phys;
	}
	return adjacent;
}

/* Expect @len bytes at RUN + @offset of @space to hold buffer(@seed). */
static void run_expect(struct kunit *test, struct ms_space *space, u64 offset,
		       u64 len, u8 seed)
{
	u8 *want = buffer(test, len, seed), *out = buffer(test, len, 0);
	enum ms_access_result result;
	u64 done;

	KUNIT_ASSERT_EQ(test, space_copy(space, RUN + offset, out, len, 0,
					 ITER_DEST, &done, &result), 0);
	KUNIT_EXPECT_EQ(test, done, len);
	KUNIT_EXPECT_EQ(test, memcmp(want, out, len), 0);
}

/* Write @len bytes from @seed at RUN + @offset and read them back. */
static void run_write_read(struct kunit *test, struct ms_space *space,
			   u64 offset, u64 len, u8 seed)
{
	enum ms_access_result result;
	u64 done;

	KUNIT_ASSERT_EQ(test, space_copy(space, RUN + offset,
					 buffer(test, len, seed), len, 0,
					 ITER_SOURCE, &done, &result), 0);
	KUNIT_EXPECT_EQ(test, result, MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, done, len);
	run_expect(test, space, offset, len, seed);
}

/* Whether the page @page pages into RUN is marked Accessed. */
static bool run_accessed(struct kunit *test, struct ms_space *space,
			 unsigned int page)
{
	struct ms_pt_leaf leaf;

	KUNIT_EXPECT_TRUE(test, space_translate(space, RUN + page * SZ_4K,
						&leaf));
	return leaf.accessed;
}

/*
 * Copies take the pages that need no fault a run at a time, and copy
 * frames that follow each other in memory at once: runs of frames from
 * one block (populated in blocks), runs broken by frames copied on write
 * (from the spare's blocks), frames got page by page (no block free). A
 * run ends where a leaf's flags change: at a frame the clone still
 * shares (which keeps its data), at a read-only page, at a LINEAR page.
 * The Accessed bits cover the pages read and no more.
 */
static void test_copy_runs(struct kunit *test)
{
	u8 *in = buffer(test, 80 * SZ_4K, 9), *out = buffer(test, SZ_16K, 0);
	struct ms_space *space = test->priv, *child;
	enum ms_access_result result;
	int blocks;
	u64 done;

	for (blocks = 1; blocks >= 0; blocks--) {
		ms_fail_blocks = !blocks;
		KUNIT_ASSERT_EQ(test, map(test, RUN, RUN_LEN, 0, RW,
					  MS_KIND_ALLOC, SPACE_MAP_POPULATE),
				0);
		ms_fail_blocks = false;
		if (blocks)
			KUNIT_EXPECT_GE(test, run_adjacent_frames(test, space),
					120);
		/* Pages 0 to 2 read: they alone are accessed. */
		KUNIT_ASSERT_EQ(test, space_copy(space, RUN + 8, out, 2 * SZ_4K,
						 0, ITER_DEST, &done, &result),
				0);
		KUNIT_EXPECT_TRUE(test, run_accessed(test, space, 0));
		KUNIT_EXPECT_TRUE(test, run_accessed(test, space, 2));
		KUNIT_EXPECT_FALSE(test, run_accessed(test, space, 3));
		run_write_read(test, space, 50, RUN_LEN - 100, 5);
		KUNIT_EXPECT_TRUE(test, run_accessed(test, space, 127));
		/* A clone: every write copies, the runs break at the copies. */
		KUNIT_ASSERT_EQ(test, space_clone(test, space, 4096, &child),
				0);
		run_write_read(test, space, 0, 40 * SZ_4K, 6);
		KUNIT_EXPECT_LT(test, run_adjacent_frames(test, space), 127);
		run_expect(test, child, 50, RUN_LEN - 100, 5);
		run_write_read(test, space, SZ_4K - 1, RUN_LEN - SZ_4K, 7);
		run_expect(test, child, 50, RUN_LEN - 100, 5);
		/* A read-only page inside a run ends a write there. */
		KUNIT_ASSERT_EQ(test, memory_set_protect(&space->set,
							 RUN + 70 * SZ_4K,
							 SZ_4K, MS_VM_READ),
				0);
		KUNIT_ASSERT_EQ(test, space_copy(space, RUN, in, 80 * SZ_4K, 0,
						 ITER_SOURCE, &done, &result),
				0);
		KUNIT_EXPECT_EQ(test, result, MS_ACCESS_ACCERR);
		KUNIT_EXPECT_EQ(test, done, 70 * SZ_4K);
		run_expect(test, space, 0, 70 * SZ_4K, 9);
		/* A LINEAR page with the same protection in the same table. */
		KUNIT_ASSERT_EQ(test, map(test, RUN + RUN_LEN, SZ_16K,
					  0x40000000, RW, MS_KIND_LINEAR, 0),
				0);
		KUNIT_ASSERT_EQ(test, space_copy(space, RUN + RUN_LEN - SZ_8K,
						 out, SZ_16K, 0, ITER_DEST,
						 &done, &result),
				0);
		KUNIT_EXPECT_EQ(test, result, MS_ACCESS_NODATA);
		KUNIT_EXPECT_EQ(test, done, SZ_8K);
		KUNIT_ASSERT_EQ(test, memory_set_unmap(&space->set, RUN,
						       RUN_LEN + SZ_16K), 0);
	}
}

/* The budget runs out part-way: -ENOMEM, and what was copied stays. */
static void test_budget_stops_write(struct kunit *test)
{
	const struct ms_pt_format *fmt = pt_test_format(test);
	struct ms_space *space = space_new(test, fmt->levels + 4, fmt);
	u8 *in = buffer(test, SZ_32K, 5), *out = buffer(test, SZ_16K, 0);
	enum ms_access_result result;
	u64 done;

	/* The root and a table per level leave room for 4 frames of 8. */
	KUNIT_ASSERT_EQ(test,
			space_map(space, LAZY, SZ_32K, 0, RW, MS_KIND_ALLOC, 0),
			0);
	KUNIT_EXPECT_EQ(test,
			space_copy(space, LAZY, in, SZ_32K, 0, ITER_SOURCE,
				   &done, &result),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, space->pt.nr_frames, 4);
	KUNIT_EXPECT_EQ(test, space->pt.nr_pool, 0);
	KUNIT_ASSERT_EQ(test,
			space_copy(space, LAZY, out, SZ_16K, 0,
				   ITER_DEST, &done, &result),
			0);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, SZ_16K), 0);
}

/*
 * Each allocation of a faulting write fails in turn: nothing changes. With
 * @room for a batch, the fault's tables and frame come from the spare (one
 * block); near the budget and with no block free, page by page.
 */
static void fail_every_allocation(struct kunit *test, bool room,
				  unsigned int allocations)
{
	struct space_snap *before = space_snap_new(test);
	struct space_snap *after = space_snap_new(test);
	u8 *in = buffer(test, 10, 1);
	struct ms_space *space = test->priv;
	enum ms_access_result result;
	unsigned int n;
	u64 done;
	int err;

	data_setup(test);
	/* A lazy page under a new PD and PT: two tables and a frame. */
	KUNIT_ASSERT_EQ(test, map(test, 0x40000000, SZ_4K, 0, RW,
				  MS_KIND_ALLOC, 0),
			0);
	if (!room)
		space->pt.max_pages =
			space->pt.nr_tables + space->pt.nr_frames + 3;
	ms_fail_blocks = !room;
	space_snap_take(test, space, before);
	for (n = 1; n < 100; n++) {
		ms_fail_nth = n;
		err = space_copy(space, 0x40000000, in, 10, 0, ITER_SOURCE,
				 &done, &result);
		ms_fail_nth = 0;
		if (!err)
			break;
		KUNIT_ASSERT_EQ(test, err, -ENOMEM);
		space_snap_take(test, space, after);
		space_snap_expect_equal(test, before, after);
	}
	ms_fail_blocks = false;
	KUNIT_EXPECT_EQ(test, n, allocations + 1);
	KUNIT_EXPECT_EQ(test, result, MS_ACCESS_OK);
}

static void test_fail_every_allocation(struct kunit *test)
{
	fail_every_allocation(test, true, 1); /* the spare's block */
}

static void test_fail_every_allocation_no_spare(struct kunit *test)
{
	fail_every_allocation(test, false, 3); /* 2 tables and the frame */
}

static struct kunit_case memory_set_data_cases[] = {
	KUNIT_CASE_PARAM(test_write_read_across_pages_and_areas,
			 fmt_gen_params),
	KUNIT_CASE_PARAM(test_read_faults_in_zeroes, fmt_gen_params),
	KUNIT_CASE_PARAM(test_user_access, fmt_gen_params),
	KUNIT_CASE_PARAM(test_copy_runs, fmt_gen_params),
	KUNIT_CASE_PARAM(test_budget_stops_write, fmt_gen_params),
	KUNIT_CASE_PARAM(test_fail_every_allocation, fmt_gen_params),
	KUNIT_CASE_PARAM(test_fail_every_allocation_no_spare, fmt_gen_params),
	{}
};

static struct kunit_suite memory_set_data_suite = {
	.name = "memory_set_data",
	.init = data_test_init,
	.exit = space_test_exit,
	.test_cases = memory_set_data_cases,
};

/* Where copies stop: a table of cases, in the default format. */
static struct kunit_case memory_set_data_stop_cases[] = {
	KUNIT_CASE_PARAM(test_copy_stops, stop_gen_params),
	{}
};

static struct kunit_suite memory_set_data_stop_suite = {
	.name = "memory_set_data_stop",
	.init = space_test_init,
	.exit = space_test_exit,
	.test_cases = memory_set_data_stop_cases,
};

kunit_test_suites(&memory_set_data_suite, &memory_set_data_stop_suite);
