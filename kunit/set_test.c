// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the memory_set core with the crate's mock backend: the
 * crate's own four tests with the same numbers, its README example, edge
 * cases, and a sweep that fails every backend call in turn.
 */
#include <kunit/test.h>

#include "mock.h"

struct set_test {
	struct memory_set set;
	struct mock_pt *pt;
};

static int set_test_init(struct kunit *test)
{
	struct set_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->pt = mock_pt_new(test);
	memory_set_init(&t->set, t->pt);
	test->priv = t;
	return 0;
}

static void set_test_exit(struct kunit *test)
{
	struct set_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, memory_set_clear(&t->set), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(&t->set), 0);
}

/* Map [0, 0x1000), [0x2000, 0x3000), ... with @flags. */
static void map_even_pages(struct kunit *test, u32 flags)
{
	struct set_test *t = test->priv;
	u64 start;

	for (start = 0; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, mock_map(test, &t->set, &mock_ops, start,
					       0x1000, flags, false), 0);
}

static void expect_entries_between(struct kunit *test, u64 from, u64 to,
				   u8 value)
{
	struct set_test *t = test->priv;
	u64 addr;

	for (addr = from; addr < to; addr++)
		if (t->pt->entries[addr] != value) {
			KUNIT_FAIL(test, "entry %#llx is %u, expected %u",
				   addr, t->pt->entries[addr], value);
			return;
		}
}

static void expect_area_entries(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_area *area;

	for (area = memory_set_first(&t->set); area;
	     area = memory_area_next(area))
		expect_entries_between(test, area->start, area->end,
				       area->flags);
}

static void test_map_unmap(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;
	struct memory_area *area;
	u64 start, addr;

	map_even_pages(test, 1);
	for (start = 0x1000; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, start,
					       0x1000, 2, false), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 16);
	for (addr = 0; addr < MOCK_MAX_ADDR; addr++)
		KUNIT_ASSERT_TRUE(test, t->pt->entries[addr] == 1 ||
				  t->pt->entries[addr] == 2);

	area = memory_set_find(set, 0x4100);
	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_EXPECT_EQ(test, area->start, 0x4000);
	KUNIT_EXPECT_EQ(test, area->end, 0x5000);
	KUNIT_EXPECT_EQ(test, area->flags, 1);
	KUNIT_EXPECT_EQ(test, t->pt->entries[0x4200], 1);

	/* [0x4000, 0x8000) is taken: refused, then replaced. */
	KUNIT_EXPECT_EQ(test, mock_map(test, set, &mock_ops, 0x4000, 0x4000, 3,
				       false), -EEXIST);
	KUNIT_EXPECT_EQ(test, mock_map(test, set, &mock_ops, 0x4000, 0x4000, 3,
				       true), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 13);

	area = memory_set_find(set, 0x4100);
	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_EXPECT_EQ(test, area->start, 0x4000);
	KUNIT_EXPECT_EQ(test, area->end, 0x8000);
	KUNIT_EXPECT_EQ(test, area->flags, 3);
	expect_entries_between(test, 0x4000, 0x8000, 3);

	/* Unmap the middle, then everything with a range twice the space. */
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0x4000, 0x8000), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 8);
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0, MOCK_MAX_ADDR * 2), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 0);
	expect_entries_between(test, 0, MOCK_MAX_ADDR, 0);
	mock_check_tree(test, set);
}

static void test_unmap_split(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;
	struct memory_area *area, *next;
	u64 start, off;

	map_even_pages(test, 1);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 8);

	/* Unmap [0xc00, 0x2400), [0x2c00, 0x4400), ...: both edges shrink. */
	for (start = 0; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_unmap(set, start + 0xc00,
						       0x1800), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 8);
	for (area = memory_set_first(set); area;
	     area = memory_area_next(area)) {
		if (area->start == 0) {
			KUNIT_EXPECT_EQ(test, memory_area_size(area), 0xc00);
		} else {
			KUNIT_EXPECT_EQ(test, area->start & 0xfff, 0x400);
			KUNIT_EXPECT_EQ(test, area->end & 0xfff, 0xc00);
			KUNIT_EXPECT_EQ(test, memory_area_size(area), 0x800);
		}
	}
	expect_area_entries(test);

	/* Unmap [0x800, 0x900), [0x2800, 0x2900), ...: each area splits. */
	for (start = 0; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_unmap(set, start + 0x800,
						       0x100), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 16);
	for (area = memory_set_first(set); area;
	     area = memory_area_next(area)) {
		off = area->start & 0xfff;
		if (off == 0)
			KUNIT_EXPECT_EQ(test, memory_area_size(area), 0x800);
		else if (off == 0x400)
			KUNIT_EXPECT_EQ(test, memory_area_size(area), 0x400);
		else if (off == 0x900)
			KUNIT_EXPECT_EQ(test, memory_area_size(area), 0x300);
		else
			KUNIT_FAIL(test, "unexpected area at %#llx", area->start);
	}
	expect_area_entries(test);
	for (area = memory_set_first(set); area;
	     area = memory_area_next(area)) {
		next = memory_area_next(area);
		if (next)
			expect_entries_between(test, area->end, next->start, 0);
	}
	mock_check_tree(test, set);

	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0, MOCK_MAX_ADDR), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 0);
	expect_entries_between(test, 0, MOCK_MAX_ADDR, 0);
}

/* Check one area of test_protect() by its offset in its 4 KiB page. */
static void expect_protect_area(struct kunit *test, struct memory_area *area,
				bool second_round)
{
	u64 off = area->start & 0xfff, size = memory_area_size(area);

	if (area->start == 0) {
		KUNIT_EXPECT_EQ(test, size, second_round ? 0x800 : 0xc00);
		KUNIT_EXPECT_EQ(test, area->flags, 0x7);
	} else if (off == 0) {
		KUNIT_EXPECT_EQ(test, size, 0x400);
		KUNIT_EXPECT_EQ(test, area->flags, 0x1);
	} else if (off == 0x400) {
		KUNIT_EXPECT_EQ(test, size, second_round ? 0x400 : 0x800);
		KUNIT_EXPECT_EQ(test, area->flags, 0x7);
	} else if (off == 0x800 && second_round) {
		KUNIT_EXPECT_EQ(test, size, 0x100);
		KUNIT_EXPECT_EQ(test, area->flags, 0x3);
	} else if (off == 0x900 && second_round) {
		KUNIT_EXPECT_EQ(test, size, 0x300);
		KUNIT_EXPECT_EQ(test, area->flags, 0x7);
	} else if (off == 0xc00) {
		KUNIT_EXPECT_EQ(test, size, 0x400);
		KUNIT_EXPECT_EQ(test, area->flags, 0x1);
	} else {
		KUNIT_FAIL(test, "unexpected area at %#llx", area->start);
	}
}

static void test_protect(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;
	struct memory_area *area;
	u64 start;

	map_even_pages(test, 0x7);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 8);

	/* Protect [0xc00, 0x2400), ...: every area splits in two. */
	for (start = 0; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_protect(set, start + 0xc00,
							 0x1800, 0x1), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 23);
	for (area = memory_set_first(set); area;
	     area = memory_area_next(area))
		expect_protect_area(test, area, false);
	expect_area_entries(test);

	/* Protect [0x800, 0x900), ...: the 0x7 areas split in three. */
	for (start = 0; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_protect(set, start + 0x800,
							 0x100, 0x3), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 39);
	for (area = memory_set_first(set); area;
	     area = memory_area_next(area))
		expect_protect_area(test, area, true);
	expect_area_entries(test);

	/* Same flags: nothing is split. */
	for (start = 0; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_protect(set, start + 0x880,
							 0x80, 0x3), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 39);
	mock_check_tree(test, set);

	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0, MOCK_MAX_ADDR), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 0);
	expect_entries_between(test, 0, MOCK_MAX_ADDR, 0);
}

static void expect_free_area(struct kunit *test, u64 hint, u64 size,
			     int expected_err, u64 expected_addr)
{
	struct set_test *t = test->priv;
	u64 addr = 0xdead;
	int err;

	err = memory_set_find_free_area(&t->set, hint, size, 0, MOCK_MAX_ADDR,
					1, &addr);
	KUNIT_EXPECT_EQ_MSG(test, err, expected_err, "hint %#llx size %#llx",
			    hint, size);
	if (!err)
		KUNIT_EXPECT_EQ_MSG(test, addr, expected_addr,
				    "hint %#llx size %#llx", hint, size);
}

static void test_find_free_area(struct kunit *test)
{
	map_even_pages(test, 1);

	expect_free_area(test, 0, 0x1000, 0, 0x1000);
	expect_free_area(test, 0x800, 0x800, 0, 0x1000);
	expect_free_area(test, 0x1800, 0x800, 0, 0x1800);
	expect_free_area(test, 0x1800, 0x1000, 0, 0x3000);
	expect_free_area(test, 0x2000, 0x1000, 0, 0x3000);
	expect_free_area(test, 0xf000, 0x1000, 0, 0xf000);
	expect_free_area(test, 0xf001, 0x1000, -ENOMEM, 0);
}

/* The crate's README: map [0x1000, 0x5000), unmap its middle. */
static void test_readme_example(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_area *area;

	KUNIT_ASSERT_EQ(test, mock_map(test, &t->set, &mock_ops, 0x1000, 0x4000,
				       1, false), 0);
	KUNIT_ASSERT_EQ(test, memory_set_unmap(&t->set, 0x2000, 0x2000), 0);
	KUNIT_ASSERT_EQ(test, memory_set_len(&t->set), 2);
	area = memory_set_first(&t->set);
	KUNIT_EXPECT_EQ(test, area->start, 0x1000);
	KUNIT_EXPECT_EQ(test, area->end, 0x2000);
	area = memory_area_next(area);
	KUNIT_EXPECT_EQ(test, area->start, 0x4000);
	KUNIT_EXPECT_EQ(test, area->end, 0x5000);
	expect_area_entries(test);
	expect_entries_between(test, 0x2000, 0x4000, 0);
}

static void test_empty_and_overflowing_ranges(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;

	KUNIT_EXPECT_EQ(test, mock_map(test, set, &mock_ops, 0x1000, 0, 1,
				       false), -EINVAL);
	KUNIT_EXPECT_EQ(test, mock_map(test, set, &mock_ops, 0x1000, U64_MAX,
				       1, true), -EINVAL);
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0x1000, U64_MAX), -EINVAL);
	KUNIT_EXPECT_EQ(test, memory_set_protect(set, 0x1000, U64_MAX, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 0);

	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x1000, 0x1000, 1,
				       false), 0);
	/* Empty ranges change nothing, even inside an area. */
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0x1800, 0), 0);
	KUNIT_EXPECT_EQ(test, memory_set_protect(set, 0x1800, 0, 2), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 1);
	expect_entries_between(test, 0x1000, 0x2000, 1);
	/* The very last byte of the space can be part of a range. */
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, U64_MAX - 1, 1), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 1);
}

static void test_find_free_area_limits(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;
	u64 addr = 0;

	/* Areas [0x1000, 0x2000) and [0x8000, 0x9000). */
	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x1000, 0x1000, 1,
				       false), 0);
	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x8000, 0x1000, 1,
				       false), 0);

	/* The only gap large enough ends past limit_end: no fit. */
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0x2000, 0x4000,
							0x2000, 0x5000, 1,
							&addr), -ENOMEM);
	/* ... but fits once limit_end allows it. */
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0x2000, 0x4000,
							0x2000, 0x6000, 1,
							&addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 0x2000);
	/* Too large for the gap between the areas: above the last one. */
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0, 0x7000, 0,
							0x10000, 1, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 0x9000);
	/* limit_start wins over a lower hint; below the first area fits. */
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0, 0x800, 0x400,
							0x10000, 1, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 0x400);
	/* Alignment pushes the start up. */
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0x2100, 0x1000, 0,
							0x10000, 0x4000,
							&addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 0x4000);
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0x2000, 0x1000, 0,
							0x10000, 0x8000,
							&addr), -ENOMEM);
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0x2000, 0x1000, 0,
							0x20000, 0x8000,
							&addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 0x10000);
	/* Bad parameters. */
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0, 0, 0, 0x10000,
							1, &addr), -EINVAL);
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0, 0x1000, 0,
							0x10000, 0, &addr),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0, 0x1000, 0,
							0x10000, 0x3000,
							&addr), -EINVAL);
	/* Empty or inverted limits. */
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0, 0x1000, 0x5000,
							0x5000, 1, &addr),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0, 0x1000, 0x6000,
							0x5000, 1, &addr),
			-ENOMEM);
	/* The top of the space: the last possible byte range. */
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, U64_MAX - 0x1000,
							0x1000, 0, U64_MAX, 1,
							&addr), 0);
	KUNIT_EXPECT_EQ(test, addr, U64_MAX - 0x1000);
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, U64_MAX - 0x1000,
							0x1000, 0, U64_MAX,
							0x2000, &addr), -ENOMEM);
}

static void test_holes(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;

	map_even_pages(test, 1);
	/* Protect and unmap across areas and the holes between them. */
	KUNIT_EXPECT_EQ(test, memory_set_protect(set, 0x800, 0x3000, 2), 0);
	/* [0, 0x800) 1 | [0x800, 0x1000) 2 | hole | [0x2000, 0x3000) 2 | hole */
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 9);
	expect_area_entries(test);
	expect_entries_between(test, 0x1000, 0x2000, 0);
	expect_entries_between(test, 0x3000, 0x4000, 0);
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0x800, 0x3000), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 7);
	expect_entries_between(test, 0x800, 0x3800, 0);
	expect_area_entries(test);
	/* A range of holes only changes nothing. */
	KUNIT_EXPECT_EQ(test, memory_set_protect(set, 0x5000, 0x1000, 2), 0);
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0x5000, 0x1000), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 7);
	KUNIT_EXPECT_NULL(test, memory_set_find(set, 0x5000));
	KUNIT_EXPECT_NULL(test, memory_set_find(set, 0x800));
	KUNIT_EXPECT_NOT_NULL(test, memory_set_find(set, 0x7ff));
	KUNIT_EXPECT_EQ(test, memory_set_find(set, 0x7ff)->flags, 1);
	mock_check_tree(test, set);
}

static void test_replace_splits_neighbour(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;
	struct memory_area *area;

	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x1000, 0x8000, 1,
				       false), 0);
	/* Inside one area: it splits around the new one. */
	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x3000, 0x1000, 2,
				       true), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 3);
	area = memory_set_find(set, 0x3000);
	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_EXPECT_EQ(test, area->start, 0x3000);
	KUNIT_EXPECT_EQ(test, area->end, 0x4000);
	KUNIT_EXPECT_EQ(test, area->flags, 2);
	KUNIT_EXPECT_EQ(test, memory_set_find(set, 0x2fff)->end, 0x3000);
	KUNIT_EXPECT_EQ(test, memory_set_find(set, 0x4000)->start, 0x4000);
	KUNIT_EXPECT_EQ(test, memory_set_find(set, 0x8fff)->end, 0x9000);
	/* Across two areas and past the end: shrinks one, swallows one. */
	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x2000, 0x9000, 3,
				       true), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 2);
	expect_area_entries(test);
	mock_check_tree(test, set);
}

static void test_offset_follows_start(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;
	struct memory_area *area = memory_area_alloc(0x1000, 0x4000, 1,
						     &mock_ops, 0x100000);

	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_ASSERT_EQ(test, memory_set_map(set, area, false), 0);
	KUNIT_ASSERT_EQ(test, memory_set_protect(set, 0x2000, 0x1000, 2), 0);
	KUNIT_ASSERT_EQ(test, memory_set_unmap(set, 0x4000, 0x800), 0);
	KUNIT_EXPECT_EQ(test, memory_set_find(set, 0x1000)->offset, 0x100000);
	KUNIT_EXPECT_EQ(test, memory_set_find(set, 0x2000)->offset, 0x101000);
	KUNIT_EXPECT_EQ(test, memory_set_find(set, 0x3000)->offset, 0x102000);
	KUNIT_EXPECT_EQ(test, memory_set_find(set, 0x4800)->offset, 0x103800);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 4);
}

static void test_clear(struct kunit *test)
{
	struct set_test *t = test->priv;
	u64 addr = 0;

	map_even_pages(test, 1);
	KUNIT_EXPECT_EQ(test, memory_set_clear(&t->set), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(&t->set), 0);
	KUNIT_EXPECT_NULL(test, memory_set_first(&t->set));
	expect_entries_between(test, 0, MOCK_MAX_ADDR, 0);
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(&t->set, 0, 0x10000, 0,
							0x10000, 1, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 0);
	/* The set is usable again. */
	map_even_pages(test, 2);
	KUNIT_EXPECT_EQ(test, memory_set_len(&t->set), 8);
}

/* Many areas, removed in a scrambled order, keep the tree consistent. */
static void test_tree_stays_consistent(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;
	u64 i, start;

	for (i = 0; i < 512; i++)
		KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, i * 0x80,
					       0x40, 1, false), 0);
	mock_check_tree(test, set);
	for (i = 0; i < 512; i++) {
		start = ((i * 167) % 512) * 0x80;	/* 167 is prime to 512 */
		KUNIT_ASSERT_EQ(test, memory_set_unmap(set, start + 0x10, 0x10), 0);
	}
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 1024);
	mock_check_tree(test, set);
	for (i = 0; i < 512; i += 2)
		KUNIT_ASSERT_EQ(test, memory_set_unmap(set, i * 0x80, 0x80), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 512);
	mock_check_tree(test, set);
}

static struct kunit_case memory_set_core_cases[] = {
	KUNIT_CASE(test_map_unmap),
	KUNIT_CASE(test_unmap_split),
	KUNIT_CASE(test_protect),
	KUNIT_CASE(test_find_free_area),
	KUNIT_CASE(test_readme_example),
	KUNIT_CASE(test_empty_and_overflowing_ranges),
	KUNIT_CASE(test_find_free_area_limits),
	KUNIT_CASE(test_holes),
	KUNIT_CASE(test_replace_splits_neighbour),
	KUNIT_CASE(test_offset_follows_start),
	KUNIT_CASE(test_clear),
	KUNIT_CASE(test_tree_stays_consistent),
	{}
};

static struct kunit_suite memory_set_core_suite = {
	.name = "memory_set_core",
	.init = set_test_init,
	.exit = set_test_exit,
	.test_cases = memory_set_core_cases,
};

/*
 * Failure injection: the backend fails its 1st, 2nd, ... call until the
 * operation succeeds; after each failure the set equals its snapshot.
 */
enum fail_op { FAIL_MAP_REPLACE, FAIL_UNMAP, FAIL_PROTECT, FAIL_CLEAR };

/* The range of the sweep cuts [0x2000, 0x3000) and [0x8000, 0x9000). */
#define CUT_START	0x2800
#define CUT_SIZE	0x6000
#define CUT_END		(CUT_START + CUT_SIZE)

static int run_fail_op(struct kunit *test, enum fail_op op,
		       const struct mapping_backend_ops *ops)
{
	struct set_test *t = test->priv;

	switch (op) {
	case FAIL_MAP_REPLACE:	/* cuts two areas, swallows two */
		return mock_map(test, &t->set, ops, CUT_START, CUT_SIZE, 5,
				true);
	case FAIL_UNMAP:	/* cuts two areas, removes two */
		return memory_set_unmap(&t->set, CUT_START, CUT_SIZE);
	case FAIL_PROTECT:	/* cuts two areas, re-flags one, skips one */
		return memory_set_protect(&t->set, CUT_START, CUT_SIZE, 2);
	case FAIL_CLEAR:
		return memory_set_clear(&t->set);
	}
	return -EINVAL;
}

static void fail_sweep(struct kunit *test, const struct mapping_backend_ops *ops)
{
	struct set_test *t = test->priv;
	struct mock_snapshot *snap = kunit_kzalloc(test, sizeof(*snap),
						   GFP_KERNEL);
	enum fail_op op;
	unsigned int n;
	u64 start;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, snap);
	for (op = FAIL_MAP_REPLACE; op <= FAIL_CLEAR; op++) {
		KUNIT_ASSERT_EQ(test, memory_set_clear(&t->set), 0);
		for (start = 0; start < 0xc000; start += 0x2000)
			KUNIT_ASSERT_EQ(test, mock_map(test, &t->set, ops, start,
						       0x1000, 1, false), 0);
		/* One area is already protected: it must be skipped. */
		KUNIT_ASSERT_EQ(test, memory_set_protect(&t->set, 0x4000,
							 0x1000, 2), 0);
		mock_snapshot_take(test, &t->set, snap);
		for (n = 1; ; n++) {
			t->pt->nr_calls = 0;
			t->pt->fail_at = n;
			err = run_fail_op(test, op, ops);
			t->pt->fail_at = 0;
			if (!err)
				break;
			KUNIT_ASSERT_EQ_MSG(test, err, MOCK_ERR_FAIL,
					    "op %d call %u", op, n);
			mock_snapshot_expect(test, &t->set, snap);
		}
		/* The op made calls; the last one succeeded, none failed. */
		KUNIT_EXPECT_GT_MSG(test, n, 2U, "op %d", op);
		KUNIT_EXPECT_LT_MSG(test, t->pt->nr_calls, n, "op %d", op);
		/* A backend that splits was asked to cut exactly there. */
		if (ops->split && op != FAIL_CLEAR) {
			KUNIT_EXPECT_EQ(test, t->pt->cut[CUT_START],
					snap->pt.cut[CUT_START] + 1);
			KUNIT_EXPECT_EQ(test, t->pt->cut[CUT_END],
					snap->pt.cut[CUT_END] + 1);
		}
		mock_check_tree(test, &t->set);
		expect_area_entries(test);
	}
}

static void test_fail_every_call(struct kunit *test)
{
	fail_sweep(test, &mock_ops);
}

static void test_fail_every_call_with_splits(struct kunit *test)
{
	fail_sweep(test, &mock_split_ops);
}

static struct kunit_case memory_set_fail_cases[] = {
	KUNIT_CASE(test_fail_every_call),
	KUNIT_CASE(test_fail_every_call_with_splits),
	{}
};

static struct kunit_suite memory_set_fail_suite = {
	.name = "memory_set_core_failure",
	.init = set_test_init,
	.exit = set_test_exit,
	.test_cases = memory_set_fail_cases,
};

kunit_test_suites(&memory_set_core_suite, &memory_set_fail_suite);
