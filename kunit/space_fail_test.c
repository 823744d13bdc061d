// SPDX-License-Identifier: GPL-2.0
/*
 * Failure sweeps of a whole address space: every allocation an operation
 * makes (area nodes, tables, frames) fails in turn, and the page budget is
 * set just short of what it needs; after each failure the areas and a full
 * dump of the page table equal those taken before. Huge leaves are cut at
 * and next to their edges, where a split may have nothing to do, with
 * physical addresses far outside RAM (debug builds check that no walk ever
 * takes such a leaf for a table).
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "fail.h"
#include "space_util.h"

/*
 * A boundary between root entries, clear of the areas of the setups: a
 * PML4 boundary (512 GiB) in x86-64 4-level; 8 GiB in Sv39, whose root
 * entries map 1 GiB each.
 */
static u64 root_boundary(struct kunit *test)
{
	const struct ms_space *space = test->priv;

	return max(ms_pt_level_size(space->pt.fmt->levels - 1), 8ULL * SZ_1G);
}

#define RW		(MS_VM_READ | MS_VM_WRITE)
#define FAR_PHYS	0x7000000000ULL	/* no RAM there */

enum sweep_op {
	OP_MAP_ACROSS_PML4,	/* area + 12 tables */
	OP_MAP_POPULATE,	/* area + tables + frames, in blocks */
	OP_MAP_POPULATE_PAGES,	/* the same with no block free: page by page */
	OP_MAP_HUGE,		/* area + tables, 2 MiB and 4 KiB leaves */
	OP_REPLACE_IN_HUGE,	/* cuts a 1 GiB leaf, prepares, maps */
	OP_UNMAP_IN_HUGE,	/* splits a 1 GiB leaf, and an area */
	OP_PROTECT_IN_HUGE,	/* two area nodes and two splits */
	OP_TOUCH_LAZY,		/* a frame and a table: the spare's batch */
	OP_TOUCH_LAZY_NO_SPARE,	/* the same near the budget, no block: pages */
	OP_TOUCH_FRAME,		/* a frame: the spare's batch */
	OP_REPLACE_FRAME,	/* a populated page by another: prepare, map */
	OP_CLEAR,		/* allocates nothing */
};

static void sweep_setup(struct kunit *test)
{
	struct ms_space *space = test->priv;

	KUNIT_ASSERT_EQ(test, memory_set_clear(&space->set), 0);
	KUNIT_ASSERT_EQ(test, map(test, SZ_1G, SZ_1G, 0, RW, MS_KIND_LINEAR,
				  SPACE_MAP_HUGE), 0);
	KUNIT_ASSERT_EQ(test, map(test, 3ULL * SZ_1G, SZ_8M, 0, RW,
				  MS_KIND_ALLOC, 0), 0);
	/* One populated page, so that the lazy page after it has a table. */
	KUNIT_ASSERT_EQ(test, map(test, 3ULL * SZ_1G + SZ_8M, SZ_4K, 0, RW,
				  MS_KIND_ALLOC, SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, map(test, 3ULL * SZ_1G + SZ_8M + SZ_4K, SZ_4K, 0,
				  RW, MS_KIND_ALLOC, 0), 0);
	KUNIT_ASSERT_EQ(test, space->pt.nr_spare, 0);
}

static int sweep_run(struct kunit *test, enum sweep_op op)
{
	struct ms_space *space = test->priv;
	enum ms_access_result result;
	int err;

	switch (op) {
	case OP_MAP_ACROSS_PML4:
		return map(test, root_boundary(test) - SZ_8M, SZ_16M, 0, MS_VM_READ,
			   MS_KIND_LINEAR, 0);
	case OP_MAP_POPULATE:
		return map(test, root_boundary(test) - SZ_16K, SZ_32K, 0, RW,
			   MS_KIND_ALLOC, SPACE_MAP_POPULATE);
	case OP_MAP_POPULATE_PAGES:
		ms_fail_blocks = true;
		err = map(test, root_boundary(test) - SZ_16K, SZ_32K, 0, RW,
			  MS_KIND_ALLOC, SPACE_MAP_POPULATE);
		ms_fail_blocks = false;
		return err;
	case OP_MAP_HUGE:
		return map(test, root_boundary(test) - SZ_2M, SZ_4M + SZ_4K, 0, RW,
			   MS_KIND_LINEAR, SPACE_MAP_HUGE);
	case OP_REPLACE_IN_HUGE:
		return map(test, SZ_1G + SZ_2M + SZ_4K, SZ_8K, 0, RW,
			   MS_KIND_ALLOC, SPACE_MAP_POPULATE | SPACE_MAP_REPLACE);
	case OP_UNMAP_IN_HUGE:
		return memory_set_unmap(&space->set, SZ_1G + SZ_4M + SZ_4K, SZ_4K);
	case OP_PROTECT_IN_HUGE:
		return memory_set_protect(&space->set, SZ_1G + SZ_4K, SZ_8M,
					  MS_VM_READ);
	case OP_TOUCH_LAZY:
		err = space_touch(space, 3ULL * SZ_1G + SZ_4M, MS_VM_WRITE,
				  &result);
		return err ?: (result == MS_ACCESS_OK ? 0 : -EFAULT);
	case OP_TOUCH_LAZY_NO_SPARE:
		/* Room for the table and the frame, not for a batch. */
		space->pt.max_pages = space->pt.nr_tables + space->pt.nr_frames +
				      MS_PT_SPARE_BATCH - 1;
		ms_fail_blocks = true;
		err = space_touch(space, 3ULL * SZ_1G + SZ_4M, MS_VM_WRITE,
				  &result);
		ms_fail_blocks = false;
		return err ?: (result == MS_ACCESS_OK ? 0 : -EFAULT);
	case OP_TOUCH_FRAME:
		err = space_touch(space, 3ULL * SZ_1G + SZ_8M + SZ_4K,
				  MS_VM_WRITE, &result);
		return err ?: (result == MS_ACCESS_OK ? 0 : -EFAULT);
	case OP_REPLACE_FRAME:
		/* The map after prepare must not refill the spare and fail. */
		return map(test, 3ULL * SZ_1G + SZ_8M, SZ_4K, 0, RW,
			   MS_KIND_ALLOC, SPACE_MAP_POPULATE | SPACE_MAP_REPLACE);
	case OP_CLEAR:
		return memory_set_clear(&space->set);
	default:
		return -EINVAL;
	}
}

struct sweep_case {
	const char *name;
	enum sweep_op op;
};

static const struct sweep_case sweep_cases[] = {
	{ "map_across_pml4", OP_MAP_ACROSS_PML4 },
	{ "map_populate", OP_MAP_POPULATE },
	{ "map_populate_pages", OP_MAP_POPULATE_PAGES },
	{ "map_huge", OP_MAP_HUGE },
	{ "replace_in_huge", OP_REPLACE_IN_HUGE },
	{ "unmap_in_huge", OP_UNMAP_IN_HUGE },
	{ "protect_in_huge", OP_PROTECT_IN_HUGE },
	{ "touch_lazy", OP_TOUCH_LAZY },
	{ "touch_lazy_no_spare", OP_TOUCH_LAZY_NO_SPARE },
	{ "touch_frame", OP_TOUCH_FRAME },
	{ "replace_frame", OP_REPLACE_FRAME },
	{ "clear", OP_CLEAR },
};

static void sweep_case_desc(const struct sweep_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sweep, sweep_cases, sweep_case_desc);

static void sweep_every_allocation(struct kunit *test, enum sweep_op op)
{
	struct space_snap *before = space_snap_new(test);
	struct space_snap *after = space_snap_new(test);
	struct ms_space *space = test->priv;
	unsigned int n;
	int err;

	sweep_setup(test);
	space_snap_take(test, space, before);
	for (n = 1; n < 1000; n++) {
		ms_fail_nth = n;
		err = sweep_run(test, op);
		if (!err)
			break;
		ms_fail_nth = 0;
		KUNIT_ASSERT_EQ_MSG(test, err, -ENOMEM, "n %u", n);
		KUNIT_EXPECT_EQ(test, space->pt.nr_pool, 0);
		space_snap_take(test, space, after);
		space_snap_expect_equal(test, before, after);
	}
	/* The run that passed made exactly n - 1 allocations. */
	KUNIT_EXPECT_EQ(test, ms_fail_nth, 1);
	if (op == OP_CLEAR)
		KUNIT_EXPECT_EQ(test, n, 1);
	else if (op == OP_TOUCH_FRAME || op == OP_TOUCH_LAZY)
		KUNIT_EXPECT_EQ(test, n, 2); /* one block: the spare */
	else
		KUNIT_EXPECT_GT(test, n, 2U);
	ms_fail_nth = 0;
	KUNIT_EXPECT_EQ(test, space->pt.nr_pool, 0);
}

static void test_fail_every_allocation(struct kunit *test)
{
	sweep_every_allocation(test, ((const struct sweep_case *)
					      test->param_value)->op);
}

/*
 * Cuts of huge leaves at their very edge: the first split has nothing to
 * do, the second one (or the reservation after it) fails. Undoing must
 * leave the no-op split alone.
 */
enum huge_op {
	HUGE_REPLACE_1G,	/* ALLOC over [2G, 2G + 2M): cut at 2G is a no-op */
	HUGE_UNMAP_1G,		/* one page at 2G: 1G -> 2M -> 4K at 2G + 4K */
	HUGE_PROTECT_1G,	/* the same page, read-only */
	HUGE_REPLACE_2M,	/* a LINEAR page at a 2 MiB edge */
	HUGE_UNMAP_2M,		/* a page at a 2 MiB edge: 2M -> 4K */
	HUGE_PROTECT_2M,	/* the same page, read-only */
	HUGE_UNMAP_WHOLE_1G,	/* both cuts are no-ops */
};

struct huge_case {
	const char *name;
	enum huge_op op;
};

static const struct huge_case huge_cases[] = {
	{ "replace_1g_edge", HUGE_REPLACE_1G },
	{ "unmap_1g_edge", HUGE_UNMAP_1G },
	{ "protect_1g_edge", HUGE_PROTECT_1G },
	{ "replace_2m_edge", HUGE_REPLACE_2M },
	{ "unmap_2m_edge", HUGE_UNMAP_2M },
	{ "protect_2m_edge", HUGE_PROTECT_2M },
	{ "unmap_whole_1g", HUGE_UNMAP_WHOLE_1G },
};

static void huge_case_desc(const struct huge_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(huge, huge_cases, huge_case_desc);

/* Two 1 GiB leaves at [1G, 3G), four 2 MiB leaves at [4G, 4G + 8M). */
static void huge_setup(struct kunit *test)
{
	struct ms_space *space = test->priv;

	space->pt.max_pages = 4096;
	KUNIT_ASSERT_EQ(test, memory_set_clear(&space->set), 0);
	KUNIT_ASSERT_EQ(test, map(test, SZ_1G, 2ULL * SZ_1G, FAR_PHYS, RW,
				  MS_KIND_LINEAR, SPACE_MAP_HUGE), 0);
	KUNIT_ASSERT_EQ(test, map(test, 4ULL * SZ_1G, SZ_8M, FAR_PHYS + SZ_1G,
				  RW, MS_KIND_LINEAR, SPACE_MAP_HUGE), 0);
}

static int huge_run(struct kunit *test, enum huge_op op)
{
	struct ms_space *space = test->priv;
	const u64 g2 = 2ULL * SZ_1G, m2 = 4ULL * SZ_1G + SZ_2M;

	switch (op) {
	case HUGE_REPLACE_1G:
		return map(test, g2, SZ_2M, 0, RW, MS_KIND_ALLOC,
			   SPACE_MAP_POPULATE | SPACE_MAP_REPLACE);
	case HUGE_UNMAP_1G:
		return memory_set_unmap(&space->set, g2, SZ_4K);
	case HUGE_PROTECT_1G:
		return memory_set_protect(&space->set, g2, SZ_4K, MS_VM_READ);
	case HUGE_REPLACE_2M:
		return map(test, m2, SZ_4K, FAR_PHYS, MS_VM_READ,
			   MS_KIND_LINEAR, SPACE_MAP_REPLACE);
	case HUGE_UNMAP_2M:
		return memory_set_unmap(&space->set, m2, SZ_4K);
	case HUGE_PROTECT_2M:
		return memory_set_protect(&space->set, m2, SZ_4K, MS_VM_READ);
	case HUGE_UNMAP_WHOLE_1G:
		return memory_set_unmap(&space->set, g2, SZ_1G);
	default:
		return -EINVAL;
	}
}

/* Run @op with the budget @extra pages above what the space holds. */
static int huge_run_with_budget(struct kunit *test, enum huge_op op,
				unsigned long extra)
{
	struct ms_space *space = test->priv;
	int err;

	space->pt.max_pages = space->pt.nr_tables + space->pt.nr_frames + extra;
	err = huge_run(test, op);
	space->pt.max_pages = 4096;
	return err;
}

static void huge_edges_budget(struct kunit *test, enum huge_op op)
{
	struct space_snap *before = space_snap_new(test);
	struct space_snap *after = space_snap_new(test);
	struct ms_space *space = test->priv;
	unsigned long extra, held;
	int err;

	huge_setup(test);
	space_snap_take(test, space, before);
	held = space->pt.nr_tables + space->pt.nr_frames;
	for (extra = 0; extra < 1024; extra++) {
		err = huge_run_with_budget(test, op, extra);
		if (!err)
			break;
		KUNIT_ASSERT_EQ_MSG(test, err, -ENOMEM, "extra %lu", extra);
		KUNIT_EXPECT_EQ(test, space->pt.nr_pool, 0);
		space_snap_take(test, space, after);
		space_snap_expect_equal(test, before, after);
	}
	KUNIT_EXPECT_LT(test, extra, 1024UL);
	/* What succeeded fits the budget it was given. */
	KUNIT_EXPECT_LE(test, space->pt.nr_tables + space->pt.nr_frames,
			held + extra);
}

static void huge_edges_every_allocation(struct kunit *test, enum huge_op op)
{
	struct space_snap *before = space_snap_new(test);
	struct space_snap *after = space_snap_new(test);
	struct ms_space *space = test->priv;
	unsigned int n;
	int err;

	huge_setup(test);
	space_snap_take(test, space, before);
	for (n = 1; n < 1000; n++) {
		ms_fail_nth = n;
		err = huge_run(test, op);
		ms_fail_nth = 0;
		if (!err)
			break;
		KUNIT_ASSERT_EQ_MSG(test, err, -ENOMEM, "n %u", n);
		space_snap_take(test, space, after);
		space_snap_expect_equal(test, before, after);
	}
	KUNIT_EXPECT_LT(test, n, 1000U);
}

static void test_huge_edges_budget(struct kunit *test)
{
	huge_edges_budget(test,
			  ((const struct huge_case *)test->param_value)->op);
}

static void test_huge_edges_every_allocation(struct kunit *test)
{
	huge_edges_every_allocation(test, ((const struct huge_case *)
						   test->param_value)->op);
}

KUNIT_ARRAY_PARAM(fmt, pt_test_formats, pt_test_format_desc);

/* Every sweep above, in every format (the cases above use the default). */
/* A new empty space in the test's format (the spare of a fault goes too). */
static void fresh_space(struct kunit *test)
{
	struct ms_space *space = test->priv;

	ms_space_destroy(space);
	KUNIT_ASSERT_EQ(test, ms_space_init(space, 4096, ULONG_MAX), 0);
	space_set_format(space, pt_test_format(test));
}

static void test_sweeps_every_format(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sweep_cases); i++) {
		fresh_space(test);
		sweep_every_allocation(test, sweep_cases[i].op);
	}
	fresh_space(test);
	for (i = 0; i < ARRAY_SIZE(huge_cases); i++) {
		huge_edges_budget(test, huge_cases[i].op);
		huge_edges_every_allocation(test, huge_cases[i].op);
	}
}

/* The report's first case: the reservation after a no-op cut is refused. */
static void test_replace_over_1g_leaf_past_budget(struct kunit *test)
{
	struct space_snap *before = space_snap_new(test);
	struct space_snap *after = space_snap_new(test);
	struct ms_space *space = test->priv;

	huge_setup(test);
	space_snap_take(test, space, before);
	/* 2^18 frames: far past the budget of 4096 pages. */
	KUNIT_EXPECT_EQ(test, map(test, 2ULL * SZ_1G, SZ_1G, 0, RW,
				  MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE | SPACE_MAP_REPLACE), -ENOMEM);
	space_snap_take(test, space, after);
	space_snap_expect_equal(test, before, after);
	KUNIT_EXPECT_EQ(test, space->pt.nr_pool, 0);
}

static struct kunit_case memory_set_space_fail_cases[] = {
	KUNIT_CASE_PARAM(test_fail_every_allocation, sweep_gen_params),
	KUNIT_CASE_PARAM(test_huge_edges_budget, huge_gen_params),
	KUNIT_CASE_PARAM(test_huge_edges_every_allocation, huge_gen_params),
	KUNIT_CASE(test_replace_over_1g_leaf_past_budget),
	KUNIT_CASE_PARAM(test_sweeps_every_format, fmt_gen_params),
	{}
};

static struct kunit_suite memory_set_space_fail_suite = {
	.name = "memory_set_space_failure",
	.init = space_test_init,
	.exit = space_test_exit,
	.test_cases = memory_set_space_fail_cases,
};

kunit_test_suite(memory_set_space_fail_suite);
