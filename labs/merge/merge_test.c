// SPDX-License-Identifier: GPL-2.0
/*
 * Lab "merge" (labs/merge/README.md): memory_set_merge() joins an area
 * with the neighbours that continue it, and MS_MAP_MERGE asks for it.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <uapi/linux/memory_set.h>

#include "fail.h"
#include "mock.h"
#include "space_util.h"

#define RW	(MS_VM_READ | MS_VM_WRITE)
#define P	0x1000ULL

/* The core, with the mock backend: areas of pages P, offsets follow. */

struct merge_test {
	struct memory_set set;
	struct mock_pt *pt;
};

static int merge_set_init(struct kunit *test)
{
	struct merge_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->pt = mock_pt_new(test);
	memory_set_init(&t->set, t->pt);
	test->priv = t;
	return 0;
}

static void merge_set_exit(struct kunit *test)
{
	struct merge_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, memory_set_clear(&t->set), 0);
}

/* An area of [@start, @end) pages with @flags; its offset is its start. */
static struct memory_area *add(struct kunit *test, u64 start, u64 end,
			       u32 flags, const struct mapping_backend_ops *ops)
{
	struct merge_test *t = test->priv;
	struct memory_area *area;

	area = memory_area_alloc(start * P, (end - start) * P, flags, ops,
				 start * P);
	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_ASSERT_EQ(test, memory_set_map(&t->set, area, false), 0);
	return area;
}

static struct memory_area *merge(struct kunit *test, struct memory_area *area)
{
	struct merge_test *t = test->priv;

	area = memory_set_merge(&t->set, area);
	mock_check_tree(test, &t->set);
	mock_expect_entries(test, &t->set);
	return area;
}

static void test_merge_with_previous(struct kunit *test)
{
	struct merge_test *t = test->priv;
	struct memory_area *area;

	add(test, 0, 2, 1, &mock_ops);
	area = merge(test, add(test, 2, 5, 1, &mock_ops));
	KUNIT_EXPECT_EQ(test, memory_set_len(&t->set), 1);
	KUNIT_EXPECT_EQ(test, area->start, 0);
	KUNIT_EXPECT_EQ(test, area->end, 5 * P);
	KUNIT_EXPECT_EQ(test, area->offset, 0);
	KUNIT_EXPECT_PTR_EQ(test, memory_set_find(&t->set, 4 * P), area);
	KUNIT_EXPECT_EQ(test, memory_set_mapped_bytes(&t->set), 5 * P);
}

static void test_merge_with_next(struct kunit *test)
{
	struct merge_test *t = test->priv;
	struct memory_area *area;

	add(test, 6, 9, 1, &mock_ops);
	area = merge(test, add(test, 4, 6, 1, &mock_ops));
	KUNIT_EXPECT_EQ(test, memory_set_len(&t->set), 1);
	KUNIT_EXPECT_EQ(test, area->start, 4 * P);
	KUNIT_EXPECT_EQ(test, area->end, 9 * P);
	KUNIT_EXPECT_EQ(test, area->offset, 4 * P);
	KUNIT_EXPECT_PTR_EQ(test, memory_set_first(&t->set), area);
}

/* The last hole between two areas: three areas become one. */
static void test_merge_fills_a_hole(struct kunit *test)
{
	struct merge_test *t = test->priv;
	struct memory_area *area;
	u64 addr;

	add(test, 0, 3, 1, &mock_ops);
	add(test, 5, 8, 1, &mock_ops);
	add(test, 12, 13, 1, &mock_ops);
	area = merge(test, add(test, 3, 5, 1, &mock_ops));
	KUNIT_EXPECT_EQ(test, memory_set_len(&t->set), 2);
	KUNIT_EXPECT_EQ(test, area->start, 0);
	KUNIT_EXPECT_EQ(test, area->end, 8 * P);
	/* The gaps are kept: the free range of 4 pages is at page 8. */
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(&t->set, 0, 4 * P, 0,
							U64_MAX, P, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 8 * P);
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(&t->set, 0, 5 * P, 0,
							U64_MAX, P, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 13 * P);
}

/* Flags, backend, offset and adjacency: each alone keeps areas apart. */
static void test_merge_refuses_what_does_not_continue(struct kunit *test)
{
	struct merge_test *t = test->priv;
	struct memory_area *mid, *area;

	add(test, 0, 2, 1, &mock_ops);		/* other flags */
	add(test, 4, 6, 2, &mock_split_ops);	/* other backend */
	mid = add(test, 2, 4, 2, &mock_ops);
	KUNIT_EXPECT_PTR_EQ(test, merge(test, mid), mid);
	KUNIT_EXPECT_EQ(test, memory_set_len(&t->set), 3);

	area = memory_area_alloc(6 * P, 2 * P, 2, &mock_split_ops, 7 * P);
	KUNIT_ASSERT_NOT_NULL(test, area);	/* offset does not follow */
	KUNIT_ASSERT_EQ(test, memory_set_map(&t->set, area, false), 0);
	KUNIT_EXPECT_PTR_EQ(test, merge(test, area), area);
	area = add(test, 9, 10, 2, &mock_split_ops);	/* a page apart */
	KUNIT_EXPECT_PTR_EQ(test, merge(test, area), area);
	KUNIT_EXPECT_EQ(test, memory_set_len(&t->set), 5);
}

/* A merged area is an area: unmapping its middle cuts it again. */
static void test_merge_then_unmap_the_middle(struct kunit *test)
{
	struct merge_test *t = test->priv;
	struct memory_area *tail;

	add(test, 0, 4, 1, &mock_split_ops);
	merge(test, add(test, 4, 8, 1, &mock_split_ops));
	KUNIT_ASSERT_EQ(test, memory_set_unmap(&t->set, 3 * P, 2 * P), 0);
	mock_check_tree(test, &t->set);
	mock_expect_entries(test, &t->set);
	KUNIT_EXPECT_EQ(test, memory_set_len(&t->set), 2);
	tail = memory_set_find(&t->set, 5 * P);
	KUNIT_ASSERT_NOT_NULL(test, tail);
	KUNIT_EXPECT_EQ(test, tail->start, 5 * P);
	KUNIT_EXPECT_EQ(test, tail->offset, 5 * P);
}

static struct kunit_case lab_merge_core_cases[] = {
	KUNIT_CASE(test_merge_with_previous),
	KUNIT_CASE(test_merge_with_next),
	KUNIT_CASE(test_merge_fills_a_hole),
	KUNIT_CASE(test_merge_refuses_what_does_not_continue),
	KUNIT_CASE(test_merge_then_unmap_the_middle),
	{}
};

static struct kunit_suite lab_merge_core_suite = {
	.name = "memory_set_lab_merge",
	.init = merge_set_init,
	.exit = merge_set_exit,
	.test_cases = lab_merge_core_cases,
};

/* The space: MS_MAP_MERGE's request, and the page table it keeps. */

static int map_merge(struct kunit *test, u64 start, u64 size, u64 phys,
		     u32 prot, enum ms_backend_kind kind, bool populate)
{
	struct ms_space *space = test->priv;
	struct ms_map_req req = {
		.start = start, .size = size, .phys = phys, .prot = prot,
		.backend = { .kind = kind, .populate = populate },
		.merge = true,
	};
	int err;

	mutex_lock(&space->lock);
	err = ms_space_map(space, &req);
	mutex_unlock(&space->lock);
	return err;
}

static unsigned long nr_areas(struct kunit *test)
{
	struct ms_space_stats stats;

	space_stats(test->priv, &stats);
	return stats.nr_areas;
}

/* LINEAR areas merge where their physical addresses continue. */
static void test_merge_linear_by_phys(struct kunit *test)
{
	struct ms_pt_leaf leaf;

	KUNIT_ASSERT_EQ(test, map_merge(test, SZ_1M, SZ_64K, SZ_16M, RW,
					MS_KIND_LINEAR, false), 0);
	KUNIT_ASSERT_EQ(test, map_merge(test, SZ_1M + SZ_64K, SZ_64K,
					SZ_16M + SZ_64K, RW, MS_KIND_LINEAR,
					false), 0);
	KUNIT_EXPECT_EQ(test, nr_areas(test), 1);
	/* Not continuing: phys jumps. */
	KUNIT_ASSERT_EQ(test, map_merge(test, SZ_1M + SZ_128K, SZ_64K, SZ_32M,
					RW, MS_KIND_LINEAR, false), 0);
	KUNIT_EXPECT_EQ(test, nr_areas(test), 2);
	KUNIT_ASSERT_TRUE(test, space_translate(test->priv, SZ_1M + SZ_64K + 8,
						&leaf));
	KUNIT_EXPECT_EQ(test, leaf.phys, SZ_16M + SZ_64K + 8);
	/* Other protection: apart. */
	KUNIT_ASSERT_EQ(test, map_merge(test, SZ_1M - SZ_4K, SZ_4K,
					SZ_16M - SZ_4K, MS_VM_READ,
					MS_KIND_LINEAR, false), 0);
	KUNIT_EXPECT_EQ(test, nr_areas(test), 3);
}

/* Lazy ALLOC areas merge, their frames kept; without the flag, never. */
static void test_merge_alloc_keeps_frames(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct space_snap *before = space_snap_new(test);
	struct space_snap *after = space_snap_new(test);
	enum ms_access_result result;
	struct ms_area_report report;

	KUNIT_ASSERT_EQ(test, map(test, SZ_1M, SZ_64K, 0, RW, MS_KIND_ALLOC,
				  0), 0);
	KUNIT_ASSERT_EQ(test, map(test, SZ_1M + SZ_64K, SZ_64K, 0, RW,
				  MS_KIND_ALLOC, 0), 0);
	KUNIT_EXPECT_EQ(test, nr_areas(test), 2);
	KUNIT_ASSERT_EQ(test, space_touch(space, SZ_1M + SZ_4K, MS_VM_WRITE,
					  &result), 0);
	space_snap_take(test, space, before);
	KUNIT_ASSERT_EQ(test, map_merge(test, SZ_1M + SZ_128K, SZ_64K, 0, RW,
					MS_KIND_ALLOC, false), 0);
	KUNIT_EXPECT_EQ(test, nr_areas(test), 2);
	mutex_lock(&space->lock);
	KUNIT_EXPECT_TRUE(test, ms_space_area_from(space, SZ_1M + SZ_64K,
						   &report));
	mutex_unlock(&space->lock);
	KUNIT_EXPECT_EQ(test, report.start, SZ_1M + SZ_64K);
	KUNIT_EXPECT_EQ(test, report.size, SZ_128K);
	KUNIT_EXPECT_EQ(test, report.resident_bytes, 0);
	/* The page table did not change: the first area's frame is there. */
	space_snap_take(test, space, after);
	KUNIT_EXPECT_EQ(test, after->pt.nr, before->pt.nr);
	KUNIT_EXPECT_EQ(test, after->pt.nr_frames, 1);
	KUNIT_EXPECT_EQ(test, after->pt.nr_tables, before->pt.nr_tables);
	KUNIT_EXPECT_EQ(test, memcmp(after->pt.entry, before->pt.entry,
				     sizeof(before->pt.entry)), 0);
}

/* A populated area and a lazy one have different ops: apart. */
static void test_merge_needs_the_same_backend(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, map_merge(test, SZ_1M, SZ_16K, 0, RW,
					MS_KIND_ALLOC, true), 0);
	KUNIT_ASSERT_EQ(test, map_merge(test, SZ_1M + SZ_16K, SZ_16K, 0, RW,
					MS_KIND_ALLOC, false), 0);
	KUNIT_EXPECT_EQ(test, nr_areas(test), 2);
	KUNIT_ASSERT_EQ(test, map_merge(test, SZ_1M + SZ_32K, SZ_16K, 0, RW,
					MS_KIND_ALLOC, true), 0);
	KUNIT_EXPECT_EQ(test, nr_areas(test), 3);
}

/*
 * Every allocation of a merging map fails in turn: nothing changes, and
 * once all succeed the areas are one.
 */
static void test_merge_every_allocation_fails(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct space_snap *before = space_snap_new(test);
	struct space_snap *after = space_snap_new(test);
	unsigned int nth;
	int err = -ENOMEM;

	KUNIT_ASSERT_EQ(test, map(test, SZ_1M, SZ_64K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, map(test, SZ_1M + SZ_128K, SZ_64K, 0, RW,
				  MS_KIND_ALLOC, SPACE_MAP_POPULATE), 0);
	space_snap_take(test, space, before);
	for (nth = 1; err && nth < 64; nth++) {
		ms_fail_nth = nth;
		err = map_merge(test, SZ_1M + SZ_64K, SZ_64K, 0, RW,
				MS_KIND_ALLOC, true);
		ms_fail_nth = 0;
		if (!err)
			break;
		KUNIT_EXPECT_EQ(test, err, -ENOMEM);
		space_snap_take(test, space, after);
		space_snap_expect_equal(test, before, after);
	}
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, nr_areas(test), 1);
}

/* The ABI is in the header, as the assignment gives it. */
static void test_merge_abi_in_the_header(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, MS_MAP_MERGE, 0x8);
	KUNIT_EXPECT_EQ(test, MS_MAP_ALL, 0xf);
}

static struct kunit_case lab_merge_space_cases[] = {
	KUNIT_CASE(test_merge_abi_in_the_header),
	KUNIT_CASE(test_merge_linear_by_phys),
	KUNIT_CASE(test_merge_alloc_keeps_frames),
	KUNIT_CASE(test_merge_needs_the_same_backend),
	KUNIT_CASE(test_merge_every_allocation_fails),
	{}
};

static struct kunit_suite lab_merge_space_suite = {
	.name = "memory_set_lab_merge_space",
	.init = space_test_init,
	.exit = space_test_exit,
	.test_cases = lab_merge_space_cases,
};

kunit_test_suites(&lab_merge_core_suite, &lab_merge_space_suite);
