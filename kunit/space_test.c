// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the core with the real backends: the crate's scenarios
 * scaled to pages and checked page by page in the page table, touch and
 * its faults, what QUERY may show, the page budget, and a sweep failing
 * every allocation (area nodes, tables, frames) of each operation in turn.
 * Every case runs in every page-table format.
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "fail.h"
#include "space_util.h"

#define SCALE		0x20	/* the crate's 0x80 granularity -> 4 KiB */
#define CRATE_MAX	0x10000
#define MAX_ADDR	(CRATE_MAX * SCALE)
#define PHYS_BASE	0x100000000ULL
#define RW		(MS_VM_READ | MS_VM_WRITE)

KUNIT_ARRAY_PARAM(fmt, pt_test_formats, pt_test_format_desc);

/* A fresh space in the format of the test's parameter. */
static int space_fmt_test_init(struct kunit *test)
{
	space_test_init(test);
	space_set_format(test->priv, pt_test_format(test));
	return 0;
}

/* MS_VM_USER, if the space's format has it (not EPT). */
static u32 user_bit(struct kunit *test)
{
	return ((struct ms_space *)test->priv)->pt.fmt->prot_mask & MS_VM_USER;
}

/* LINEAR at a crate address: phys follows va, at PHYS_BASE. */
static int map_crate(struct kunit *test, u64 start, u64 size, u32 prot,
		     bool replace)
{
	return map(test, start * SCALE, size * SCALE,
		   PHYS_BASE + start * SCALE, prot, MS_KIND_LINEAR,
		   replace ? SPACE_MAP_REPLACE : 0);
}

static struct memory_set *set_of(struct kunit *test)
{
	return &((struct ms_space *)test->priv)->set;
}

/* Every page below MAX_ADDR translates exactly as its area says. */
static void expect_pages_match_areas(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct memory_area *area;
	struct ms_pt_leaf leaf;
	u64 va;

	for (va = 0; va < MAX_ADDR; va += SZ_4K) {
		area = memory_set_find(&space->set, va);
		if (!area) {
			KUNIT_EXPECT_FALSE_MSG(test,
					       ms_pt_lookup(&space->pt, va, &leaf),
					       "va %#llx", va);
			continue;
		}
		KUNIT_ASSERT_TRUE_MSG(test, ms_pt_lookup(&space->pt, va, &leaf),
				      "va %#llx", va);
		KUNIT_EXPECT_EQ_MSG(test, leaf.phys, PHYS_BASE + va, "va %#llx", va);
		KUNIT_EXPECT_EQ_MSG(test, leaf.prot, area->flags, "va %#llx", va);
	}
}

static void expect_empty_space(struct kunit *test)
{
	struct ms_space *space = test->priv;

	KUNIT_EXPECT_EQ(test, memory_set_len(&space->set), 0);
	KUNIT_EXPECT_EQ(test, space->pt.nr_tables, 1);
	KUNIT_EXPECT_EQ(test, space->pt.nr_frames, 0);
	KUNIT_EXPECT_EQ(test, space->pt.nr_pool, 0);
}

static void map_even_crate_pages(struct kunit *test, u32 prot)
{
	u64 start;

	for (start = 0; start < CRATE_MAX; start += 0x2000)
		KUNIT_ASSERT_EQ(test, map_crate(test, start, 0x1000, prot, false),
				0);
}

static void test_crate_map_unmap(struct kunit *test)
{
	struct memory_set *set = set_of(test);
	u64 start;

	map_even_crate_pages(test, MS_VM_READ);
	for (start = 0x1000; start < CRATE_MAX; start += 0x2000)
		KUNIT_ASSERT_EQ(test, map_crate(test, start, 0x1000, RW, false), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 16);
	expect_pages_match_areas(test);

	KUNIT_EXPECT_EQ(test, map_crate(test, 0x4000, 0x4000,
					0x7 | user_bit(test), false), -EEXIST);
	KUNIT_EXPECT_EQ(test, map_crate(test, 0x4000, 0x4000,
					0x7 | user_bit(test), true), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 13);
	expect_pages_match_areas(test);

	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0x4000 * SCALE,
					       0x8000 * SCALE), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 8);
	expect_pages_match_areas(test);
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0, 2 * MAX_ADDR), 0);
	expect_empty_space(test);
}

static void test_crate_unmap_split(struct kunit *test)
{
	struct memory_set *set = set_of(test);
	u64 start;

	map_even_crate_pages(test, RW);
	for (start = 0; start < CRATE_MAX; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_unmap(set, (start + 0xc00) * SCALE,
						       0x1800 * SCALE), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 8);
	expect_pages_match_areas(test);
	for (start = 0; start < CRATE_MAX; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_unmap(set, (start + 0x800) * SCALE,
						       0x100 * SCALE), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 16);
	expect_pages_match_areas(test);
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0, MAX_ADDR), 0);
	expect_empty_space(test);
}

static void test_crate_protect(struct kunit *test)
{
	const u32 rwx = MS_VM_READ | MS_VM_WRITE | MS_VM_EXEC;
	struct memory_set *set = set_of(test);
	u64 start;

	map_even_crate_pages(test, rwx);
	for (start = 0; start < CRATE_MAX; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_protect(set, (start + 0xc00) * SCALE,
							 0x1800 * SCALE,
							 MS_VM_READ), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 23);
	expect_pages_match_areas(test);
	for (start = 0; start < CRATE_MAX; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_protect(set, (start + 0x800) * SCALE,
							 0x100 * SCALE, RW), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 39);
	expect_pages_match_areas(test);
	for (start = 0; start < CRATE_MAX; start += 0x2000)
		KUNIT_ASSERT_EQ(test, memory_set_protect(set, (start + 0x880) * SCALE,
							 0x80 * SCALE, RW), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(set), 39);
	KUNIT_EXPECT_EQ(test, memory_set_unmap(set, 0, MAX_ADDR), 0);
	expect_empty_space(test);
}

static void test_crate_find_free_area(struct kunit *test)
{
	static const struct { u64 hint, size, found; } cases[] = {
		{ 0, 0x1000, 0x1000 }, { 0x800, 0x800, 0x1000 },
		{ 0x1800, 0x800, 0x1800 }, { 0x1800, 0x1000, 0x3000 },
		{ 0x2000, 0x1000, 0x3000 }, { 0xf000, 0x1000, 0xf000 },
	};
	struct memory_set *set = set_of(test);
	int i, err;
	u64 addr;

	map_even_crate_pages(test, MS_VM_READ);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		err = memory_set_find_free_area(set, cases[i].hint * SCALE,
						cases[i].size * SCALE, 0, MAX_ADDR,
						SZ_4K, &addr);
		KUNIT_EXPECT_EQ(test, err, 0);
		KUNIT_EXPECT_EQ(test, addr, cases[i].found * SCALE);
	}
	KUNIT_EXPECT_EQ(test, memory_set_find_free_area(set, 0xf001 * SCALE,
							0x1000 * SCALE, 0,
							MAX_ADDR, SZ_4K, &addr),
			-ENOMEM);
}

static u32 touch(struct kunit *test, u64 va, u32 access)
{
	enum ms_access_result result = MS_ACCESS_MAPERR;

	KUNIT_EXPECT_EQ(test, space_touch(test->priv, va, access, &result), 0);
	return result;
}

static void test_touch(struct kunit *test)
{
	struct ms_space *space = test->priv;
	const u64 lazy = 0x400000, ro = 0x800000, none = 0xc00000;
	const u64 sup = 0x1000000, lin = 0x1400000;
	bool has_dirty = space->pt.fmt->dirty;
	u32 user = user_bit(test);
	struct ms_pt_leaf leaf;

	KUNIT_ASSERT_EQ(test, map(test, lazy, 4 * SZ_4K, 0, RW | user,
				  MS_KIND_ALLOC, 0), 0);
	KUNIT_ASSERT_EQ(test, map(test, ro, SZ_4K, 0, MS_VM_READ,
				  MS_KIND_ALLOC, SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, map(test, none, SZ_4K, 0, 0, MS_KIND_ALLOC, 0),
			0);
	KUNIT_ASSERT_EQ(test, map(test, sup, SZ_4K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, map(test, lin, SZ_4K, SZ_1M, MS_VM_READ,
				  MS_KIND_LINEAR, 0), 0);
	KUNIT_EXPECT_EQ(test, space->pt.nr_frames, 2);

	/* Lazy: the first touch allocates a frame, a read sets only A. */
	KUNIT_EXPECT_FALSE(test, ms_pt_lookup(&space->pt, lazy, &leaf));
	KUNIT_EXPECT_EQ(test, touch(test, lazy + 5, MS_VM_READ), MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, space->pt.nr_frames, 3);
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(&space->pt, lazy, &leaf));
	KUNIT_EXPECT_TRUE(test, leaf.accessed && !leaf.dirty);
	KUNIT_EXPECT_TRUE(test, leaf.owned);
	/* A write from user mode sets D (AArch64 has none); no new frame. */
	KUNIT_EXPECT_EQ(test, touch(test, lazy, MS_VM_WRITE | MS_VM_USER),
			MS_ACCESS_OK);
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(&space->pt, lazy, &leaf));
	KUNIT_EXPECT_EQ(test, leaf.dirty, has_dirty);
	KUNIT_EXPECT_EQ(test, space->pt.nr_frames, 3);
	/* A lazy write fault allocates and dirties at once. */
	KUNIT_EXPECT_EQ(test, touch(test, lazy + SZ_4K, MS_VM_WRITE),
			MS_ACCESS_OK);
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(&space->pt, lazy + SZ_4K, &leaf));
	KUNIT_EXPECT_TRUE(test, leaf.accessed);
	KUNIT_EXPECT_EQ(test, leaf.dirty, has_dirty);

	KUNIT_EXPECT_EQ(test, touch(test, 0x200000, MS_VM_READ),
			MS_ACCESS_MAPERR);
	KUNIT_EXPECT_EQ(test, touch(test, ro, MS_VM_WRITE), MS_ACCESS_ACCERR);
	KUNIT_EXPECT_EQ(test, touch(test, ro, MS_VM_EXEC), MS_ACCESS_ACCERR);
	/* EPT does not know the privilege of an access. */
	KUNIT_EXPECT_EQ(test, touch(test, sup, MS_VM_READ | MS_VM_USER),
			user ? MS_ACCESS_ACCERR : MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, touch(test, sup, MS_VM_WRITE), MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, touch(test, lin, MS_VM_WRITE), MS_ACCESS_ACCERR);
	KUNIT_EXPECT_EQ(test, touch(test, lin + 7, MS_VM_READ), MS_ACCESS_OK);
	/* PROT_NONE: an access error, and no frame is allocated. */
	KUNIT_EXPECT_EQ(test, touch(test, none, MS_VM_READ), MS_ACCESS_ACCERR);
	KUNIT_EXPECT_EQ(test, space->pt.nr_frames, 4);
	/* A lazy page of a read-only area cannot be written, even first. */
	KUNIT_ASSERT_EQ(test, memory_set_protect(&space->set, lazy, 4 * SZ_4K,
						 MS_VM_READ), 0);
	KUNIT_EXPECT_EQ(test, touch(test, lazy + 2 * SZ_4K, MS_VM_WRITE),
			MS_ACCESS_ACCERR);
	KUNIT_EXPECT_EQ(test, space->pt.nr_frames, 4);
}

/* ALLOC frames are marked owned (dev.c hides their address from QUERY). */
static void test_translate_marks_frames(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct ms_pt_leaf q;

	KUNIT_ASSERT_EQ(test, map(test, 0x10000, SZ_4K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, map(test, 0x20000, SZ_4K, 0xabc000, RW,
				  MS_KIND_LINEAR, 0), 0);
	KUNIT_ASSERT_TRUE(test, space_translate(test->priv, 0x10123, &q));
	KUNIT_EXPECT_EQ(test, q.level, 0);
	KUNIT_EXPECT_EQ(test, q.prot, RW);
	KUNIT_EXPECT_TRUE(test, q.owned);
	KUNIT_EXPECT_NE(test, q.phys, 0x123);
	KUNIT_EXPECT_EQ(test, q.phys & 0xfff, 0x123);
	KUNIT_EXPECT_EQ(test, (q.entry & q.addr_mask) >> space->pt.fmt->addr_shift,
			q.phys >> 12);
	/* LINEAR addresses were chosen by the caller. */
	KUNIT_ASSERT_TRUE(test, space_translate(test->priv, 0x20008, &q));
	KUNIT_EXPECT_FALSE(test, q.owned);
	KUNIT_EXPECT_EQ(test, q.phys, 0xabc008);
	KUNIT_EXPECT_FALSE(test, space_translate(test->priv, 0x30000, &q));
}

static void test_budget(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct ms_space_stats before, after;

	space->pt.max_pages = 16;
	space_stats(space, &before);
	KUNIT_EXPECT_EQ(test, map(test, 0, 16 * SZ_4K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), -ENOMEM);
	space_stats(space, &after);
	KUNIT_EXPECT_EQ(test, memcmp(&before, &after, sizeof(before)), 0);
	KUNIT_EXPECT_EQ(test, map(test, 0, 8 * SZ_4K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	KUNIT_EXPECT_EQ(test, space->pt.nr_frames, 8);
}

/*
 * Faults take their frames (and tables) from a spare that only the fault
 * path refills, MS_PT_SPARE_BATCH at a time: held and within the budget,
 * in neither stat. Near the budget there is no batch, and every page up
 * to it can still be had page by page (the other path); a map takes the
 * spare before it allocates.
 */
static void test_spare(struct kunit *test)
{
	struct ms_space *space = test->priv;
	enum ms_access_result result;
	struct ms_space_stats stats;
	long held = ms_pt_pages_held();
	unsigned long i;

	KUNIT_ASSERT_EQ(test, map(test, 0, SZ_2M, 0, RW, MS_KIND_ALLOC, 0), 0);
	/* The first fault fills the spare; its tables and frame come from it. */
	KUNIT_ASSERT_EQ(test, touch(test, 0, MS_VM_WRITE), MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, space->pt.nr_spare, MS_PT_SPARE_BATCH - 4);
	KUNIT_ASSERT_EQ(test, touch(test, SZ_4K, MS_VM_WRITE), MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, space->pt.nr_spare, MS_PT_SPARE_BATCH - 5);
	space_stats(space, &stats);
	KUNIT_EXPECT_EQ(test, stats.pt_pages, 4);
	KUNIT_EXPECT_EQ(test, stats.data_pages, 2);
	/* Three tables under the root, two frames, the rest of the batch. */
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held() - held, MS_PT_SPARE_BATCH);
	/* A map takes the spare first: two tables, no new page. */
	held = ms_pt_pages_held();
	KUNIT_ASSERT_EQ(test, map(test, SZ_1G, SZ_4K, SZ_1G, MS_VM_READ,
				  MS_KIND_LINEAR, 0), 0);
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held(), held);
	KUNIT_EXPECT_EQ(test, space->pt.nr_spare, MS_PT_SPARE_BATCH - 7);
	/* At the budget: the spare is used up, then page by page to the end. */
	space->pt.max_pages = space->pt.nr_tables + space->pt.nr_frames + 20;
	for (i = 2; i < 22; i++)
		KUNIT_EXPECT_EQ(test, touch(test, i * SZ_4K, MS_VM_WRITE),
				MS_ACCESS_OK);
	KUNIT_EXPECT_EQ(test, space_touch(space, 22 * SZ_4K, MS_VM_WRITE,
					  &result),
			-ENOMEM);
	KUNIT_EXPECT_LE(test, space->pt.nr_tables + space->pt.nr_frames +
				      space->pt.nr_spare,
			space->pt.max_pages);
}

/*
 * Every page of [@va, @va + @pages pages) of the test's space reads as
 * zeroes; then it is filled with @fill, so that pages freed and had again
 * are not zero by chance.
 */
static void expect_zeroed_then_fill(struct kunit *test, u64 va,
				    unsigned long pages, int fill)
{
	char *buf = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	enum ms_access_result result;
	unsigned long i;
	u64 done;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < pages; i++, va += SZ_4K) {
		KUNIT_ASSERT_EQ(test, space_copy(test->priv, va, buf, SZ_4K, 0,
						 ITER_DEST, &done, &result),
				0);
		KUNIT_EXPECT_PTR_EQ(test, memchr_inv(buf, 0, SZ_4K), NULL);
		memset(buf, fill, SZ_4K);
		KUNIT_ASSERT_EQ(test, space_copy(test->priv, va, buf, SZ_4K, 0,
						 ITER_SOURCE, &done, &result),
				0);
	}
}

/*
 * A map reserves its frames in blocks of up to 2^MS_PT_BLOCK_ORDER pages
 * (a speed trick), or page by page when no block is free (ms_fail_blocks):
 * both ways zeroed frames, exactly the pages it needs (a budget of just
 * that much is enough, one page less is not), and nothing held after the
 * unmap. In blocks, nearly every frame follows the one before in memory.
 */
static void test_populate_in_blocks_or_pages(struct kunit *test)
{
	const u64 va = SZ_1G, size = SZ_2M + 3 * SZ_4K; /* 512 + 2 + 1 */
	const unsigned long pages = size >> MS_PT_PAGE_SHIFT;
	struct ms_space *space = test->priv;
	unsigned long tables = space->pt.nr_tables, need, i, adjacent;
	long held = ms_pt_pages_held();
	struct ms_pt_leaf leaf;
	u64 last;
	int pass;

	KUNIT_ASSERT_EQ(test, map(test, va, size, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	KUNIT_EXPECT_EQ(test, space->pt.nr_frames, pages);
	need = space->pt.nr_tables + space->pt.nr_frames;
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held() - held, need - tables);
	expect_zeroed_then_fill(test, va, pages, 0x5a);
	KUNIT_ASSERT_EQ(test, memory_set_unmap(&space->set, va, size), 0);
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held(), held);
	for (pass = 0; pass < 2; pass++) {
		ms_fail_blocks = pass;
		space->pt.max_pages = need - 1;
		KUNIT_EXPECT_EQ(test, map(test, va, size, 0, RW, MS_KIND_ALLOC,
					  SPACE_MAP_POPULATE), -ENOMEM);
		space->pt.max_pages = need;
		KUNIT_ASSERT_EQ(test, map(test, va, size, 0, RW, MS_KIND_ALLOC,
					  SPACE_MAP_POPULATE), 0);
		expect_zeroed_then_fill(test, va, pages, 0xa5);
		for (i = 0, adjacent = 0, last = 0; i < pages; i++) {
			KUNIT_ASSERT_TRUE(test, space_translate(space,
								va + i * SZ_4K,
								&leaf));
			adjacent += leaf.phys == last + SZ_4K;
			last = leaf.phys;
		}
		if (!pass) /* the frames, but for the tables, are one block */
			KUNIT_EXPECT_GE(test, adjacent, 500);
		KUNIT_ASSERT_EQ(test, memory_set_unmap(&space->set, va, size),
				0);
		KUNIT_EXPECT_EQ(test, ms_pt_pages_held(), held);
	}
	ms_fail_blocks = false;
}

static void test_stats_and_area_info(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct ms_space_stats stats;
	struct ms_area_report info;

	KUNIT_ASSERT_EQ(test, map(test, SZ_1G, SZ_1G, SZ_1G, RW,
				  MS_KIND_LINEAR, SPACE_MAP_HUGE), 0);
	KUNIT_ASSERT_EQ(test, map(test, 0x10000, 4 * SZ_4K, 0, RW,
				  MS_KIND_ALLOC, 0), 0);
	KUNIT_EXPECT_EQ(test, touch(test, 0x11000, MS_VM_READ), MS_ACCESS_OK);
	space_stats(space, &stats);
	KUNIT_EXPECT_EQ(test, stats.nr_areas, 2);
	KUNIT_EXPECT_EQ(test, stats.mapped_bytes, SZ_1G + 4 * SZ_4K);
	/* One table per level (root, PDPT, PD, PT in x86-64 4-level). */
	KUNIT_EXPECT_EQ(test, stats.pt_pages, space->pt.fmt->levels);
	KUNIT_EXPECT_EQ(test, stats.data_pages, 1);

	mutex_lock(&space->lock);
	KUNIT_EXPECT_TRUE(test, ms_space_area_from(space, 0, &info));
	mutex_unlock(&space->lock);
	KUNIT_EXPECT_EQ(test, info.start, 0x10000);
	KUNIT_EXPECT_EQ(test, info.kind, MS_KIND_ALLOC);
	KUNIT_EXPECT_EQ(test, info.resident_bytes, SZ_4K);
	KUNIT_EXPECT_EQ(test, info.phys, 0);
	mutex_lock(&space->lock);
	KUNIT_EXPECT_TRUE(test, ms_space_area_from(space, 0x20000, &info));
	mutex_unlock(&space->lock);
	KUNIT_EXPECT_EQ(test, info.start, SZ_1G);
	KUNIT_EXPECT_EQ(test, info.phys, SZ_1G);
	KUNIT_EXPECT_EQ(test, info.resident_bytes, SZ_1G);
	KUNIT_EXPECT_EQ(test, info.prot, RW);
}

/* A LINEAR area keeps its physical offset through cuts and replaces. */
static void test_linear_offset_after_cuts(struct kunit *test)
{
	struct ms_space *space = test->priv;
	struct ms_pt_leaf q;

	KUNIT_ASSERT_EQ(test, map(test, SZ_1G, SZ_1G, 4ULL * SZ_1G, RW,
				  MS_KIND_LINEAR, SPACE_MAP_HUGE), 0);
	KUNIT_ASSERT_EQ(test, map(test, SZ_1G + SZ_2M, SZ_4K, 0, RW,
				  MS_KIND_ALLOC, SPACE_MAP_REPLACE), 0);
	KUNIT_EXPECT_EQ(test, memory_set_len(&space->set), 3);
	KUNIT_ASSERT_TRUE(test, space_translate(space, SZ_1G + SZ_2M + SZ_8K,
						&q));
	KUNIT_EXPECT_EQ(test, q.phys, 4ULL * SZ_1G + SZ_2M + SZ_8K);
	KUNIT_EXPECT_EQ(test, q.level, 0);
	KUNIT_ASSERT_TRUE(test, space_translate(space, 2ULL * SZ_1G - 1, &q));
	KUNIT_EXPECT_EQ(test, q.phys, 5ULL * SZ_1G - 1);
	KUNIT_EXPECT_EQ(test, q.level, MS_PT_LEVEL_2M);
	KUNIT_EXPECT_EQ(test, memory_set_find(&space->set, SZ_1G + SZ_2M + SZ_4K)
			->offset, 4ULL * SZ_1G + SZ_2M + SZ_4K);
	KUNIT_ASSERT_EQ(test, memory_set_clear(&space->set), 0);
	expect_empty_space(test);
}

static int set_format(struct ms_space *space, enum ms_pt_format_id id)
{
	int err;

	mutex_lock(&space->lock);
	err = ms_space_set_format(space, id);
	mutex_unlock(&space->lock);
	return err;
}

/* A space chooses its format while it has no area; each has its limits. */
static void test_set_format(struct kunit *test)
{
	struct ms_space *space = test->priv;
	u32 ru = MS_VM_READ | MS_VM_USER;

	KUNIT_ASSERT_EQ(test, map(test, 0x10000, SZ_4K, 0, RW, MS_KIND_ALLOC,
				  0), 0);
	KUNIT_EXPECT_EQ(test, set_format(space, MS_PT_X86_64_4L), -EBUSY);
	KUNIT_EXPECT_EQ(test, set_format(space, MS_PT_X86_EPT), -EBUSY);
	KUNIT_EXPECT_EQ(test, set_format(space, MS_PT_NR_FORMATS), -EINVAL);
	KUNIT_ASSERT_EQ(test, memory_set_clear(&space->set), 0);
	KUNIT_ASSERT_EQ(test, set_format(space, MS_PT_X86_EPT), 0);
	KUNIT_EXPECT_PTR_EQ(test, space->pt.fmt, &ms_pt_x86_ept);
	/* EPT cannot express USER: refused at map and at protect. */
	KUNIT_EXPECT_EQ(test, map(test, 0x10000, SZ_4K, 0, ru, MS_KIND_ALLOC,
				  0), -EINVAL);
	KUNIT_ASSERT_EQ(test, map(test, 0x10000, SZ_4K, 0, RW, MS_KIND_ALLOC,
				  0), 0);
	mutex_lock(&space->lock);
	KUNIT_EXPECT_EQ(test, ms_space_protect(space, 0x10000, SZ_4K, ru),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ms_space_addr_limit(space), 1ULL << 48);
	mutex_unlock(&space->lock);
	KUNIT_EXPECT_EQ(test, memory_set_len(&space->set), 1);
	KUNIT_ASSERT_EQ(test, memory_set_clear(&space->set), 0);
	/* AArch64 holds 48-bit physical addresses. */
	KUNIT_ASSERT_EQ(test, set_format(space, MS_PT_ARM64_4K), 0);
	KUNIT_EXPECT_EQ(test, map(test, 0, SZ_8K, (1ULL << 48) - SZ_4K, RW,
				  MS_KIND_LINEAR, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(test, 0, SZ_4K, (1ULL << 48) - SZ_4K, RW,
				  MS_KIND_LINEAR, 0), 0);
	KUNIT_ASSERT_EQ(test, memory_set_clear(&space->set), 0);
	expect_empty_space(test);
}

static struct kunit_case memory_set_space_cases[] = {
	KUNIT_CASE_PARAM(test_crate_map_unmap, fmt_gen_params),
	KUNIT_CASE_PARAM(test_crate_unmap_split, fmt_gen_params),
	KUNIT_CASE_PARAM(test_crate_protect, fmt_gen_params),
	KUNIT_CASE_PARAM(test_crate_find_free_area, fmt_gen_params),
	KUNIT_CASE_PARAM(test_touch, fmt_gen_params),
	KUNIT_CASE_PARAM(test_translate_marks_frames, fmt_gen_params),
	KUNIT_CASE_PARAM(test_budget, fmt_gen_params),
	KUNIT_CASE(test_spare),
	KUNIT_CASE(test_populate_in_blocks_or_pages),
	KUNIT_CASE_PARAM(test_stats_and_area_info, fmt_gen_params),
	KUNIT_CASE_PARAM(test_linear_offset_after_cuts, fmt_gen_params),
	KUNIT_CASE(test_set_format),
	{}
};

static struct kunit_suite memory_set_space_suite = {
	.name = "memory_set_space",
	.init = space_fmt_test_init,
	.exit = space_test_exit,
	.test_cases = memory_set_space_cases,
};

kunit_test_suite(memory_set_space_suite);
