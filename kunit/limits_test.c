// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the limits of a space: the number of areas (max_areas,
 * like vm.max_map_count) and the page budget of a replacing map, which is
 * refused only if its end state would not fit.
 *
 * Layouts are drawn as strips, one character per 4 KiB (or per unit):
 * a letter is an area, '.' a hole.
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "mock.h"
#include "space_util.h"

#define RW	(MS_VM_READ | MS_VM_WRITE)

/* Area limit, with the core's mock backend. */

struct limit_test {
	struct memory_set set;
	struct mock_snapshot snap;
};

static int limit_test_init(struct kunit *test)
{
	struct limit_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	memory_set_init(&t->set, mock_pt_new(test));
	t->set.max_areas = 4;
	test->priv = t;
	return 0;
}

static void limit_test_exit(struct kunit *test)
{
	struct limit_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, memory_set_clear(&t->set), 0);
}

/* Expect -ENOMEM from @err and the set as it was at the snapshot. */
static void expect_refused(struct kunit *test, int err)
{
	struct limit_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, err, -ENOMEM);
	mock_snapshot_expect(test, &t->set, &t->snap);
}

static void test_area_limit(struct kunit *test)
{
	struct limit_test *t = test->priv;
	struct memory_set *set = &t->set;
	u64 start;

	/* AAAA....BBBB....CCCC....DDDD.... (0x400 a character) */
	for (start = 0; start < 0x8000; start += 0x2000)
		KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_split_ops, start,
					       0x1000, 1, false), 0);
	mock_snapshot_take(test, set, &t->snap);
	/* A fifth area, a cut inside A (one area becomes two), two cuts. */
	expect_refused(test, mock_map(test, set, &mock_ops, 0x8000, 0x1000, 1,
				      false));
	expect_refused(test, memory_set_unmap(set, 0x400, 0x400));
	expect_refused(test, memory_set_protect(set, 0x400, 0x400, 2));
	expect_refused(test, memory_set_protect(set, 0, 0x800, 2));
	/* A replace strictly inside A: A, the new area, the rest of A. */
	expect_refused(test, mock_map(test, set, &mock_ops, 0x400, 0x400, 3,
				      true));

	/* No new area: a whole area re-flagged, edges shrunk. */
	KUNIT_EXPECT_EQ(test, memory_set_protect(set, 0, 0x1000, 2), 0);
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0x800, 0x2000), 0);
	/* AA.......BB.....CCCC....DDDD.... */
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 4);

	/* At the limit, a replace that removes more than it adds fits. */
	KUNIT_EXPECT_EQ(test, mock_map(test, set, &mock_ops, 0x2800, 0x2800, 3,
				       true), 0);
	/* AA.........EEEEEEEEEE...DDDD.... */
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 3);
	KUNIT_EXPECT_EQ(test, mock_map(test, set, &mock_ops, 0x8000, 0x1000, 1,
				       false), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 4);
	mock_check_tree(test, set);
}

static struct kunit_case memory_set_area_limit_cases[] = {
	KUNIT_CASE(test_area_limit),
	{}
};

static struct kunit_suite memory_set_area_limit_suite = {
	.name = "memory_set_area_limit",
	.init = limit_test_init,
	.exit = limit_test_exit,
	.test_cases = memory_set_area_limit_cases,
};

/* Page budget of a replace, with the real page table. */

static int budget_test_init(struct kunit *test)
{
	struct ms_space *space = kunit_kzalloc(test, sizeof(*space), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, space);
	KUNIT_ASSERT_EQ(test, ms_space_init(space, 4096, ULONG_MAX), 0);
	test->priv = space;
	return 0;
}

static void budget_test_exit(struct kunit *test)
{
	ms_space_destroy(test->priv);
}

static unsigned long pages_held(struct ms_space *space)
{
	return space->pt.nr_tables + space->pt.nr_frames + space->pt.nr_pool;
}

/* Root + PDPT + PD + PT and 80 frames under a budget of 100. */
static void test_replace_populate_same_size(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct ms_pt_leaf q;

	KUNIT_ASSERT_EQ(test, space_map(space, 0x10000, 80 * SZ_4K, 0, RW,
					MS_KIND_ALLOC, SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, pages_held(space), 84);
	space->pt.max_pages = 100;
	KUNIT_EXPECT_EQ(test, space_map(space, 0x10000, 80 * SZ_4K, 0, MS_VM_READ,
					MS_KIND_ALLOC,
					SPACE_MAP_POPULATE | SPACE_MAP_REPLACE), 0);
	KUNIT_EXPECT_EQ(test, pages_held(space), 84);
	KUNIT_ASSERT_TRUE(test, space_translate(space, 0x10000, &q));
	KUNIT_EXPECT_EQ(test, q.prot, MS_VM_READ);
	KUNIT_EXPECT_TRUE(test, q.owned);
	KUNIT_EXPECT_EQ(test, memory_set_len(&space->set), 1);
	/* Twice the size would end at 4 + 160 pages: refused, unchanged. */
	KUNIT_EXPECT_EQ(test, space_map(space, 0x10000, 160 * SZ_4K, 0, RW,
					MS_KIND_ALLOC,
					SPACE_MAP_POPULATE | SPACE_MAP_REPLACE), -ENOMEM);
	KUNIT_EXPECT_EQ(test, pages_held(space), 84);
	KUNIT_ASSERT_TRUE(test, space_translate(space, 0x10000, &q));
	KUNIT_EXPECT_EQ(test, q.prot, MS_VM_READ);
}

/* A lone 4 KiB page replaced by another under a budget of exactly 4. */
static void test_replace_page_at_budget(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct ms_pt_leaf q;

	KUNIT_ASSERT_EQ(test, space_map(space, 0x400000, SZ_4K, 0x111000, RW,
					MS_KIND_LINEAR, 0), 0);
	space->pt.max_pages = 4;
	KUNIT_EXPECT_EQ(test, space_map(space, 0x400000, SZ_4K, 0x222000,
					MS_VM_READ, MS_KIND_LINEAR,
					SPACE_MAP_REPLACE), 0);
	KUNIT_ASSERT_TRUE(test, space_translate(space, 0x400000, &q));
	KUNIT_EXPECT_EQ(test, q.phys, 0x222000);
	KUNIT_EXPECT_EQ(test, pages_held(space), 4);
	/* Its neighbour needs no table either. */
	KUNIT_EXPECT_EQ(test, space_map(space, 0x401000, SZ_4K, 0x333000, RW,
					MS_KIND_LINEAR, 0), 0);
	/* Over 1 GiB of 4 KiB pages needs hundreds of PTs: refused. */
	KUNIT_EXPECT_EQ(test, space_map(space, 0x400000, SZ_1G + SZ_4K, 0,
					MS_VM_READ, MS_KIND_LINEAR,
					SPACE_MAP_REPLACE), -ENOMEM);
	KUNIT_EXPECT_EQ(test, memory_set_len(&space->set), 2);
	KUNIT_ASSERT_TRUE(test, space_translate(space, 0x400000, &q));
	KUNIT_EXPECT_EQ(test, q.phys, 0x222000);
	KUNIT_EXPECT_EQ(test, pages_held(space), 4);
}

/* A replace whose range shares its tables with neighbours that stay. */
static void test_replace_between_neighbours(struct kunit *test)
{
	struct ms_space *space = test->priv;

	/* AAAA BBBB CCCC, ALLOC populated: 4 tables + 12 frames. */
	KUNIT_ASSERT_EQ(test, space_map(space, 0x10000, 12 * SZ_4K, 0, RW,
					MS_KIND_ALLOC, SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, space_map(space, 0x14000, 4 * SZ_4K, 0,
					MS_VM_READ, MS_KIND_ALLOC,
					SPACE_MAP_POPULATE | SPACE_MAP_REPLACE), 0);
	KUNIT_ASSERT_EQ(test, pages_held(space), 16);
	space->pt.max_pages = 16;
	/* B again, as LINEAR: its 4 frames go, no table comes. */
	KUNIT_EXPECT_EQ(test, space_map(space, 0x14000, 4 * SZ_4K, 0x100000,
					RW, MS_KIND_LINEAR, SPACE_MAP_REPLACE), 0);
	KUNIT_EXPECT_EQ(test, pages_held(space), 12);
	KUNIT_EXPECT_EQ(test, memory_set_len(&space->set), 3);
	/* 8 populated pages over B and C: 12 - 4 + 8 = 16, fits. */
	KUNIT_EXPECT_EQ(test, space_map(space, 0x14000, 8 * SZ_4K, 0, RW,
					MS_KIND_ALLOC,
					SPACE_MAP_POPULATE | SPACE_MAP_REPLACE), 0);
	KUNIT_EXPECT_EQ(test, pages_held(space), 16);
	/* One page more would be 17. */
	KUNIT_EXPECT_EQ(test, space_map(space, 0x14000, 9 * SZ_4K, 0, RW,
					MS_KIND_ALLOC,
					SPACE_MAP_POPULATE | SPACE_MAP_REPLACE), -ENOMEM);
	KUNIT_EXPECT_EQ(test, pages_held(space), 16);
}

static struct kunit_case memory_set_replace_budget_cases[] = {
	KUNIT_CASE(test_replace_populate_same_size),
	KUNIT_CASE(test_replace_page_at_budget),
	KUNIT_CASE(test_replace_between_neighbours),
	{}
};

static struct kunit_suite memory_set_replace_budget_suite = {
	.name = "memory_set_replace_budget",
	.init = budget_test_init,
	.exit = budget_test_exit,
	.test_cases = memory_set_replace_budget_cases,
};

kunit_test_suites(&memory_set_area_limit_suite,
		  &memory_set_replace_budget_suite);
