// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit helpers around the crate's mock backend (mock_backend.c): tables,
 * maps, snapshots, tree checks and layout strips.
 */
#include <linux/ctype.h>
#include <linux/string.h>

#include "mock.h"

/**
 * mock_pt_new() - a zeroed mock page table freed with the test
 * @test: the test
 *
 * Return: the table; the test is aborted if it cannot be allocated.
 */
struct mock_pt *mock_pt_new(struct kunit *test)
{
	struct mock_pt *pt = kunit_kzalloc(test, sizeof(*pt), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pt);
	return pt;
}

/**
 * mock_map() - allocate an area and map it into a set
 * @test: the test
 * @set: the set
 * @ops: the backend of the new area
 * @start: its start
 * @size: its size
 * @flags: its flags
 * @replace: replace overlapping areas
 *
 * Return: memory_set_map()'s result; on error the area is freed.
 */
int mock_map(struct kunit *test, struct memory_set *set,
	     const struct mapping_backend_ops *ops,
	     u64 start, u64 size, u32 flags, bool replace)
{
	struct memory_area *area = memory_area_alloc(start, size, flags, ops, 0);
	int err;

	KUNIT_ASSERT_NOT_NULL(test, area);
	err = memory_set_map(set, area, replace);
	if (err)
		memory_area_free(area);
	return err;
}

/**
 * mock_check_tree() - check the order and the gap augmentation of a set
 * @test: the test
 * @set: the set
 *
 * Walks the areas in order: no overlap, no empty area, each gap equal to
 * the space below the area, each subtree maximum equal to the largest gap
 * of its subtree, the count equal to memory_set_len() and the bytes to
 * memory_set_mapped_bytes(); the lookup shortcut names an area of the
 * tree, or none.
 */
void mock_check_tree(struct kunit *test, const struct memory_set *set)
{
	struct memory_area *area, *child;
	unsigned long nr = 0;
	u64 prev_end = 0, max, bytes = 0;
	bool recent_found = false;

	for (area = memory_set_first(set); area;
	     area = memory_area_next(area)) {
		KUNIT_EXPECT_LT(test, area->start, area->end);
		KUNIT_EXPECT_GE(test, area->start, prev_end);
		KUNIT_EXPECT_EQ(test, area->gap, area->start - prev_end);
		max = area->gap;
		child = rb_entry_safe(area->node.rb_left, struct memory_area, node);
		if (child && child->subtree_gap > max)
			max = child->subtree_gap;
		child = rb_entry_safe(area->node.rb_right, struct memory_area, node);
		if (child && child->subtree_gap > max)
			max = child->subtree_gap;
		KUNIT_EXPECT_EQ(test, area->subtree_gap, max);
		prev_end = area->end;
		bytes += memory_area_size(area);
		recent_found |= set->recent == area;
		nr++;
	}
	KUNIT_EXPECT_TRUE(test, !set->recent || recent_found);
	KUNIT_EXPECT_EQ(test, nr, memory_set_len(set));
	KUNIT_EXPECT_EQ(test, bytes, memory_set_mapped_bytes(set));
	KUNIT_EXPECT_PTR_EQ(test, set->last,
			    rb_entry_safe(rb_last(&set->root), struct memory_area,
					  node));
}

/**
 * mock_snapshot_take() - record the areas and entries of a set
 * @test: the test
 * @set: a set whose page table is a &struct mock_pt
 * @snap: where to record them
 */
void mock_snapshot_take(struct kunit *test, const struct memory_set *set,
			struct mock_snapshot *snap)
{
	struct memory_area *area;

	KUNIT_ASSERT_LE(test, memory_set_len(set), MOCK_MAX_SNAP_AREAS);
	snap->nr = 0;
	for (area = memory_set_first(set); area;
	     area = memory_area_next(area)) {
		snap->start[snap->nr] = area->start;
		snap->end[snap->nr] = area->end;
		snap->flags[snap->nr] = area->flags;
		snap->nr++;
	}
	memcpy(&snap->pt, set->pt, sizeof(snap->pt));
}

/**
 * mock_snapshot_expect() - check that a set equals a snapshot
 * @test: the test
 * @set: the set
 * @snap: the snapshot taken earlier
 *
 * Compares the areas, the entries and the split marks; the call counters
 * are not compared.
 */
void mock_snapshot_expect(struct kunit *test, const struct memory_set *set,
			  const struct mock_snapshot *snap)
{
	const struct mock_pt *pt = set->pt;
	struct memory_area *area;
	unsigned long i = 0;

	KUNIT_ASSERT_EQ(test, memory_set_len(set), snap->nr);
	for (area = memory_set_first(set); area;
	     area = memory_area_next(area)) {
		KUNIT_EXPECT_EQ(test, area->start, snap->start[i]);
		KUNIT_EXPECT_EQ(test, area->end, snap->end[i]);
		KUNIT_EXPECT_EQ(test, area->flags, snap->flags[i]);
		i++;
	}
	KUNIT_EXPECT_EQ(test, memcmp(pt->entries, snap->pt.entries,
				     sizeof(pt->entries)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(pt->cut, snap->pt.cut, sizeof(pt->cut)), 0);
	mock_check_tree(test, set);
}

/* The area at one character of a strip, checked against the character. */
static struct memory_area *expect_strip_char(struct kunit *test,
					     const struct memory_set *set,
					     u64 addr, u64 unit, char c,
					     struct memory_area *prev)
{
	struct memory_area *area = memory_set_find(set, addr);

	if (c == '.') {
		KUNIT_EXPECT_FALSE_MSG(test, memory_set_overlaps(set, addr,
								 addr + unit),
				       "%#llx: an area where '.' is drawn",
				       addr);
		return NULL;
	}
	if (!area || area->end < addr + unit) {
		KUNIT_FAIL(test, "%#llx: no area all through '%c'", addr, c);
		return NULL;
	}
	KUNIT_EXPECT_EQ_MSG(test, area->flags, (u32)(tolower(c) - 'a' + 1),
			    "%#llx: flags of '%c'", addr, c);
	/* A new character starts a new area; the same one goes on. */
	if (prev)
		KUNIT_EXPECT_PTR_EQ_MSG(test, area, prev, "%#llx: '%c' cut",
					addr);
	return area;
}

/**
 * mock_expect_strip() - expect the areas of a range to look as drawn
 * @test: the test
 * @set: the set
 * @from: the address of the strip's first character
 * @unit: the bytes one character stands for
 * @strip: one character per @unit: '.' for no area, a letter for an area
 *	with flags 1 ('a') to 26 ('z'), in either case; where the character
 *	changes, a new area starts (so "AAaa" is two areas with flags 1)
 *
 * The layout is drawn the way tools/testing/vma draws VMAs:
 *
 *	mock_expect_strip(test, set, 0, 0x100, "ggggcggg..aa");
 */
void mock_expect_strip(struct kunit *test, const struct memory_set *set,
		       u64 from, u64 unit, const char *strip)
{
	struct memory_area *area = NULL, *prev;
	u64 addr = from;
	size_t i;

	for (i = 0; strip[i]; i++, addr += unit) {
		prev = i && strip[i] == strip[i - 1] ? area : NULL;
		area = expect_strip_char(test, set, addr, unit, strip[i], prev);
		if (area && !prev && i)
			KUNIT_EXPECT_EQ_MSG(test, area->start, addr,
					    "'%c' starts no area", strip[i]);
	}
}

/**
 * mock_expect_entries() - expect every area's entries to hold its flags
 * @test: the test
 * @set: a set whose page table is a &struct mock_pt
 */
void mock_expect_entries(struct kunit *test, const struct memory_set *set)
{
	const struct mock_pt *pt = set->pt;
	struct memory_area *area;
	u64 addr;

	for (area = memory_set_first(set); area;
	     area = memory_area_next(area))
		for (addr = area->start; addr < area->end; addr++)
			if (pt->entries[addr] != area->flags) {
				KUNIT_FAIL(test, "entry %#llx is %u, not %u",
					   addr, pt->entries[addr],
					   area->flags);
				return;
			}
}
