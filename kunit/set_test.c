// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the memory_set core with the crate's mock backend: the
 * crate's own four tests with the same numbers, its README example and
 * edge cases. Layouts are drawn as strips (mock_expect_strip()). The sweep
 * that fails every backend call in turn is in set_fail_test.c.
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

	mock_expect_entries(test, &t->set);
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

/*
 * The layout of the 0x2000-byte blocks of the space, one character per
 * 0x100 bytes (see mock_expect_strip()): the first block as @first, the
 * seven others as @other.
 */
static void expect_blocks(struct kunit *test, const char *first,
			  const char *other)
{
	struct set_test *t = test->priv;
	u64 start;

	mock_expect_strip(test, &t->set, 0, 0x100, first);
	for (start = 0x2000; start < MOCK_MAX_ADDR; start += 0x2000)
		mock_expect_strip(test, &t->set, start, 0x100, other);
	expect_area_entries(test);
	mock_check_tree(test, &t->set);
}

static void test_unmap_split(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;
	u64 start;

	map_even_pages(test, 1);
	expect_blocks(test, "aaaaaaaaaaaaaaaa................",
		      "aaaaaaaaaaaaaaaa................");

	/* Unmap [0xc00, 0x2400), [0x2c00, 0x4400), ...: both edges shrink. */
	for (start = 0; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_unmap(set, start + 0xc00,
						       0x1800), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 8);
	expect_blocks(test, "aaaaaaaaaaaa....................",
		      "....aaaaaaaa....................");

	/* Unmap [0x800, 0x900), [0x2800, 0x2900), ...: each area splits. */
	for (start = 0; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_unmap(set, start + 0x800,
						       0x100), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 16);
	expect_blocks(test, "aaaaaaaa.aaa....................",
		      "....aaaa.aaa....................");

	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0, MOCK_MAX_ADDR), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 0);
	expect_entries_between(test, 0, MOCK_MAX_ADDR, 0);
}

static void test_protect(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;
	u64 start;

	map_even_pages(test, 0x7);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 8);

	/* Protect [0xc00, 0x2400), ... to 1 ('a'): every area splits. */
	for (start = 0; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_protect(set, start + 0xc00,
							 0x1800, 0x1), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 23);
	expect_blocks(test, "ggggggggggggaaaa................",
		      "aaaaggggggggaaaa................");

	/* Protect [0x800, 0x900), ... to 3 ('c'): 7 areas split in three. */
	for (start = 0; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_protect(set, start + 0x800,
							 0x100, 0x3), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 39);
	expect_blocks(test, "ggggggggcgggaaaa................",
		      "aaaaggggcgggaaaa................");

	/* Same flags: nothing is split. */
	for (start = 0; start < MOCK_MAX_ADDR; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_protect(set, start + 0x880,
							 0x80, 0x3), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 39);
	expect_blocks(test, "ggggggggcgggaaaa................",
		      "aaaaggggcgggaaaa................");

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
	/* A range may end at the very top, U64_MAX (its last byte excluded). */
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, U64_MAX - 1, 1), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 1);
}

/* find_free_area() cases on the areas [0x1000, 0x2000) and [0x8000, 0x9000). */
struct find_case {
	const char *name;
	u64 hint, size, limit_start, limit_end, align;
	int err;
	u64 addr;
};

static const struct find_case find_cases[] = {
	{ "gap_ends_past_limit_end", 0x2000, 0x4000, 0x2000, 0x5000, 1, -ENOMEM },
	{ "gap_fits_below_limit_end", 0x2000, 0x4000, 0x2000, 0x6000, 1, 0, 0x2000 },
	{ "too_large_for_the_gap", 0, 0x7000, 0, 0x10000, 1, 0, 0x9000 },
	{ "limit_start_over_hint", 0, 0x800, 0x400, 0x10000, 1, 0, 0x400 },
	{ "aligned_up", 0x2100, 0x1000, 0, 0x10000, 0x4000, 0, 0x4000 },
	{ "aligned_past_limit_end", 0x2000, 0x1000, 0, 0x10000, 0x8000, -ENOMEM },
	{ "aligned_above_the_last", 0x2000, 0x1000, 0, 0x20000, 0x8000, 0, 0x10000 },
	{ "size_0", 0, 0, 0, 0x10000, 1, -EINVAL },
	{ "align_0", 0, 0x1000, 0, 0x10000, 0, -EINVAL },
	{ "align_not_power_of_2", 0, 0x1000, 0, 0x10000, 0x3000, -EINVAL },
	{ "empty_limits", 0, 0x1000, 0x5000, 0x5000, 1, -ENOMEM },
	{ "inverted_limits", 0, 0x1000, 0x6000, 0x5000, 1, -ENOMEM },
	{ "top_of_the_space", U64_MAX - 0x1000, 0x1000, 0, U64_MAX, 1, 0,
	  U64_MAX - 0x1000 },
	{ "top_of_the_space_aligned", U64_MAX - 0x1000, 0x1000, 0, U64_MAX,
	  0x2000, -ENOMEM },
};

static void find_case_desc(const struct find_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(find, find_cases, find_case_desc);

static void test_find_free_area_limits(struct kunit *test)
{
	const struct find_case *c = test->param_value;
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;
	u64 addr = 0xdead;

	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x1000, 0x1000, 1,
				       false), 0);
	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x8000, 0x1000, 1,
				       false), 0);
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, c->hint, c->size,
							c->limit_start,
							c->limit_end, c->align,
							&addr), c->err);
	KUNIT_EXPECT_EQ(test, addr, c->err ? 0xdead : c->addr);
}

/*
 * find_free_area() looks at 64 gaps large enough but holding no aligned
 * start; past them it takes the lowest gap that fits at any alignment.
 * Areas of 0xe8 every 0x100 leave misaligned gaps of 0x18; area 69 reaches
 * 0x4600 and area 70 starts at 0x4610 (an aligned gap of 0x10, the 70th);
 * area 80 is missing (a gap of 0x118 from 0x4fe8).
 */
static void test_find_free_gives_up_exactness_after_64_gaps(struct kunit *test)
{
	struct set_test *t = test->priv;
	u64 start, end, addr = 0;
	unsigned int i;

	for (i = 0; i < 100; i++) {
		start = i * 0x100 + (i == 70 ? 0x10 : 0);
		end = i * 0x100 + (i == 69 ? 0x100 : 0xe8);
		if (i != 80)
			KUNIT_ASSERT_EQ(test, mock_map(test, &t->set, &mock_ops,
						       start, end - start, 1,
						       false), 0);
	}
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(&t->set, 0, 0x10, 0,
							MOCK_MAX_ADDR, 0x100,
							&addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 0x5000);
	/* 37 misaligned gaps above the hint: exact again. */
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(&t->set, 0x2000, 0x10,
							0, MOCK_MAX_ADDR, 0x100,
							&addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 0x4600);
	/* Unaligned requests are always exact. */
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(&t->set, 0, 0x10, 0,
							MOCK_MAX_ADDR, 1, &addr),
			0);
	KUNIT_EXPECT_EQ(test, addr, 0xe8);
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

/* Every piece a cut makes keeps its area's backend. */
static void test_node_keeps_its_backend(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;

	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x1000, 0x4000, 1,
				       false), 0);
	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_split_ops, 0x8000,
				       0x4000, 1, false), 0);
	KUNIT_ASSERT_EQ(test, memory_set_protect(set, 0x2000, 0x8000, 2), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 4);
	KUNIT_EXPECT_PTR_EQ(test, memory_area_ops(memory_set_find(set, 0x1000)),
			    &mock_ops);
	KUNIT_EXPECT_PTR_EQ(test, memory_area_ops(memory_set_find(set, 0x2000)),
			    &mock_ops);
	KUNIT_EXPECT_PTR_EQ(test, memory_area_ops(memory_set_find(set, 0x8000)),
			    &mock_split_ops);
	KUNIT_EXPECT_PTR_EQ(test, memory_area_ops(memory_set_find(set, 0xa000)),
			    &mock_split_ops);
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

/*
 * A clear frees the whole tree in post-order; an unmap of the same areas
 * that does not start at 0 erases them node by node: both end the same.
 */
static void test_clear_paths_agree(struct kunit *test)
{
	struct set_test *t = test->priv;
	long held = memory_area_total();
	int path;
	u64 start;

	for (path = 0; path < 2; path++) {
		for (start = 0x2000; start < MOCK_MAX_ADDR; start += 0x2000)
			KUNIT_ASSERT_EQ(test, mock_map(test, &t->set, &mock_ops,
						       start, 0x1000, 1, false),
					0);
		KUNIT_ASSERT_GT(test, memory_area_total(), held);
		if (path)
			KUNIT_EXPECT_EQ(test, memory_set_clear(&t->set), 0);
		else
			KUNIT_EXPECT_EQ(test,
					memory_set_unmap(&t->set, 0x1000,
							 MOCK_MAX_ADDR - 0x1000),
					0);
		KUNIT_EXPECT_EQ(test, memory_set_len(&t->set), 0);
		KUNIT_EXPECT_EQ(test, memory_set_mapped_bytes(&t->set), 0);
		KUNIT_EXPECT_NULL(test, memory_set_first(&t->set));
		KUNIT_EXPECT_EQ(test, memory_area_total(), held);
		expect_entries_between(test, 0, MOCK_MAX_ADDR, 0);
		mock_check_tree(test, &t->set);
	}
}

/*
 * Every address looked up with the area linked last as a shortcut finds
 * what a descent from the root finds.
 */
static void expect_lookups_agree(struct kunit *test, struct memory_set *set)
{
	struct memory_area *recent = set->recent, *fast, *fast_from, *slow;
	u64 addr;

	for (addr = 0; addr < MOCK_MAX_ADDR; addr += 0x100) {
		fast = memory_set_find(set, addr);
		fast_from = memory_set_first_from(set, addr);
		set->recent = NULL;
		slow = memory_set_find(set, addr);
		KUNIT_EXPECT_PTR_EQ(test, fast_from,
				    memory_set_first_from(set, addr));
		set->recent = recent;
		KUNIT_EXPECT_PTR_EQ(test, fast, slow);
	}
}

/*
 * The lookup shortcut (memory_set.recent, a speed trick) names the area
 * linked last while it is in the tree: it follows maps, splits, moved
 * edges and unmaps, and a lookup finds the same area with it as without.
 */
static void test_recent_area_and_descent_agree(struct kunit *test)
{
	struct set_test *t = test->priv;
	struct memory_set *set = &t->set;
	struct memory_area *area;

	map_even_pages(test, 1);
	expect_lookups_agree(test, set);
	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x3000, 0x1000, 2,
				       false), 0);
	area = memory_set_find(set, 0x3800);
	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_EXPECT_PTR_EQ(test, set->recent, area);
	expect_lookups_agree(test, set);
	/* Split in two, the head kept, then a protect that moves an edge. */
	KUNIT_ASSERT_EQ(test, memory_set_unmap(set, 0x3400, 0x400), 0);
	expect_lookups_agree(test, set);
	KUNIT_ASSERT_EQ(test, memory_set_protect(set, 0x3000, 0x200, 3), 0);
	expect_lookups_agree(test, set);
	KUNIT_ASSERT_EQ(test, memory_set_unmap(set, 0x3000, 0x1000), 0);
	KUNIT_EXPECT_NULL(test, memory_set_find(set, 0x3000));
	expect_lookups_agree(test, set);
	/* A replace that unlinks the area linked last. */
	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x5000, 0x1000, 2,
				       false), 0);
	KUNIT_ASSERT_EQ(test, mock_map(test, set, &mock_ops, 0x4000, 0x3000, 3,
				       true), 0);
	expect_lookups_agree(test, set);
	KUNIT_ASSERT_EQ(test, memory_set_clear(set), 0);
	KUNIT_EXPECT_NULL(test, set->recent);
	mock_check_tree(test, set);
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
	KUNIT_CASE_PARAM(test_find_free_area_limits, find_gen_params),
	KUNIT_CASE(test_find_free_gives_up_exactness_after_64_gaps),
	KUNIT_CASE(test_holes),
	KUNIT_CASE(test_replace_splits_neighbour),
	KUNIT_CASE(test_offset_follows_start),
	KUNIT_CASE(test_node_keeps_its_backend),
	KUNIT_CASE(test_clear),
	KUNIT_CASE(test_clear_paths_agree),
	KUNIT_CASE(test_tree_stays_consistent),
	KUNIT_CASE(test_recent_area_and_descent_agree),
	{}
};

static struct kunit_suite memory_set_core_suite = {
	.name = "memory_set_core",
	.init = set_test_init,
	.exit = set_test_exit,
	.test_cases = memory_set_core_cases,
};

kunit_test_suite(memory_set_core_suite);
