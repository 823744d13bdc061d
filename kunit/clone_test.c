// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of clones (ms_space_clone(), what MS_IOC_CLONE does): frames
 * shared and write-protected, the copy on write and the last holder's
 * reuse, what stays lazy or huge, which side closes first, protect of a
 * shared frame, the budget, and every allocation of a clone and of a copy
 * on write failed in turn; in every page-table format.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include "fail.h"
#include "space_util.h"

#define RW		(MS_VM_READ | MS_VM_WRITE)
#define DATA		0x100000ULL	/* 4 populated ALLOC pages, RW */
#define LAZY		0x200000ULL	/* 4 lazy ALLOC pages, RW */
#define HUGE		0x40000000ULL	/* 1 GiB of LINEAR, huge leaves */
#define BUDGET		4096

/* Every case runs in every page-table format. */
KUNIT_ARRAY_PARAM(fmt, pt_test_formats, pt_test_format_desc);

static int clone_test_init(struct kunit *test)
{
	space_test_init(test);
	space_set_format(test->priv, pt_test_format(test));
	return 0;
}

/* The parent: written data, lazy pages, a huge LINEAR leaf. */
static struct ms_space *parent_setup(struct kunit *test)
{
	struct ms_space *parent = test->priv;
	enum ms_access_result result;
	u64 done;

	KUNIT_ASSERT_EQ(test, map(test, DATA, SZ_16K, 0, RW, MS_KIND_ALLOC,
				  SPACE_MAP_POPULATE), 0);
	KUNIT_ASSERT_EQ(test, map(test, LAZY, SZ_16K, 0, RW, MS_KIND_ALLOC, 0),
			0);
	KUNIT_ASSERT_EQ(test, map(test, HUGE, SZ_1G, SZ_1G, RW, MS_KIND_LINEAR,
				  SPACE_MAP_HUGE), 0);
	KUNIT_ASSERT_EQ(test, space_copy(parent, DATA, "parent", 7, 0, ITER_SOURCE,
					 &done, &result), 0);
	KUNIT_ASSERT_EQ(test, result, MS_ACCESS_OK);
	return parent;
}

static struct ms_pt_leaf leaf_of(struct kunit *test, struct ms_space *space,
				 u64 va)
{
	struct ms_pt_leaf leaf;

	KUNIT_ASSERT_TRUE(test, space_translate(space, va, &leaf));
	return leaf;
}

/* The tables that map the frame at @va (pt_internal.h's pt_frame_sharers()). */
static unsigned long frame_refs(struct kunit *test, struct ms_space *space,
				u64 va)
{
	struct page *frame = pfn_to_page(PHYS_PFN(leaf_of(test, space, va).phys));

	/* Its struct page is the module's alone: one reference. */
	KUNIT_EXPECT_EQ(test, page_ref_count(frame), 1);
	return page_private(frame);
}

/* The same areas; frames shared and read-only in both; the rest as is. */
static void test_clone_shares_frames(struct kunit *test)
{
	struct ms_space *parent = parent_setup(test), *child;
	long held = ms_pt_pages_held();
	struct ms_pt_leaf p, c;
	struct ms_space_stats ps, cs;

	KUNIT_ASSERT_EQ(test, space_clone(test, parent, BUDGET, &child), 0);
	space_stats(parent, &ps);
	space_stats(child, &cs);
	KUNIT_EXPECT_EQ(test, cs.nr_areas, ps.nr_areas);
	KUNIT_EXPECT_EQ(test, cs.mapped_bytes, ps.mapped_bytes);
	KUNIT_EXPECT_EQ(test, cs.pt_pages, ps.pt_pages);
	KUNIT_EXPECT_EQ(test, cs.data_pages, 4);
	/* Only the child's tables are new pages: the frames are held once. */
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held(), held + cs.pt_pages);
	p = leaf_of(test, parent, DATA);
	c = leaf_of(test, child, DATA);
	KUNIT_EXPECT_EQ(test, p.phys, c.phys);
	KUNIT_EXPECT_EQ(test, p.entry, c.entry);
	KUNIT_EXPECT_TRUE(test, p.shared);
	KUNIT_EXPECT_EQ(test, p.prot, MS_VM_READ);
	KUNIT_EXPECT_EQ(test, frame_refs(test, parent, DATA), 2);
	/* Lazy pages stay lazy; a huge LINEAR leaf is copied as it is. */
	KUNIT_EXPECT_FALSE(test, space_translate(child, LAZY, &c));
	p = leaf_of(test, parent, HUGE);
	c = leaf_of(test, child, HUGE);
	KUNIT_EXPECT_EQ(test, c.level, MS_PT_LEVEL_1G);
	KUNIT_EXPECT_EQ(test, c.entry, p.entry);
	KUNIT_EXPECT_FALSE(test, c.shared);
	space_expect_str(test, child, DATA, "parent");
}

/* A write copies; the other side keeps its data; the last holder reuses. */
static void test_copy_on_write(struct kunit *test)
{
	struct ms_space *parent = parent_setup(test), *child;
	struct ms_pt_leaf before, p, c;
	long held;

	KUNIT_ASSERT_EQ(test, space_clone(test, parent, BUDGET, &child), 0);
	before = leaf_of(test, parent, DATA);
	held = ms_pt_pages_held();
	space_write_str(test, child, DATA + 1, "CHILD");
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held(), held + 1);
	c = leaf_of(test, child, DATA);
	KUNIT_EXPECT_NE(test, c.phys, before.phys);
	KUNIT_EXPECT_EQ(test, c.prot, RW);
	KUNIT_EXPECT_FALSE(test, c.shared);
	KUNIT_EXPECT_EQ(test, c.dirty, !!child->pt.fmt->dirty);
	space_expect_str(test, child, DATA, "pCHILD");
	space_expect_str(test, parent, DATA, "parent");
	/* The parent is the frame's last holder: it takes it back. */
	p = leaf_of(test, parent, DATA);
	KUNIT_EXPECT_FALSE(test, p.shared);
	KUNIT_EXPECT_EQ(test, p.prot, MS_VM_READ);
	space_write_str(test, parent, DATA, "PARENT");
	p = leaf_of(test, parent, DATA);
	KUNIT_EXPECT_EQ(test, p.phys, before.phys);
	KUNIT_EXPECT_EQ(test, p.prot, RW);
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held(), held + 1);
	space_expect_str(test, parent, DATA, "PARENT");
	/* A read of a shared frame never copies. */
	space_expect_str(test, child, DATA + SZ_4K, "");
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held(), held + 1);
}

/* A write to a lazy page of the clone faults in a frame of its own. */
static void test_lazy_pages_stay_lazy(struct kunit *test)
{
	struct ms_space *parent = parent_setup(test), *child;

	KUNIT_ASSERT_EQ(test, space_clone(test, parent, BUDGET, &child), 0);
	space_write_str(test, child, LAZY, "lazy");
	space_expect_str(test, child, LAZY, "lazy");
	space_expect_str(test, parent, LAZY, "");
	KUNIT_EXPECT_NE(test, leaf_of(test, child, LAZY).phys,
			leaf_of(test, parent, LAZY).phys);
}

/* Either side can go first; the frames go with the last one. */
static void test_close_either_first(struct kunit *test)
{
	long held = ms_pt_pages_held();
	const struct ms_pt_format *fmt = pt_test_format(test);
	struct ms_space *parent = space_new(test, BUDGET, fmt), *child;
	struct ms_space *grandchild;

	KUNIT_ASSERT_EQ(test, space_map(parent, DATA, SZ_16K, 0, RW,
					MS_KIND_ALLOC, SPACE_MAP_POPULATE), 0);
	space_write_str(test, parent, DATA, "one");
	KUNIT_ASSERT_EQ(test, space_clone(test, parent, BUDGET, &child), 0);
	KUNIT_ASSERT_EQ(test, space_clone(test, child, BUDGET, &grandchild), 0);
	KUNIT_EXPECT_EQ(test, frame_refs(test, child, DATA), 3);
	mutex_lock(&parent->lock);
	KUNIT_EXPECT_EQ(test, ms_space_clear(parent), 0);
	mutex_unlock(&parent->lock);
	space_expect_str(test, grandchild, DATA, "one");
	mutex_lock(&child->lock);
	KUNIT_EXPECT_EQ(test, ms_space_clear(child), 0);
	mutex_unlock(&child->lock);
	space_expect_str(test, grandchild, DATA, "one");
	/* The last holder gets the frame back without a copy. */
	space_write_str(test, grandchild, DATA, "two");
	KUNIT_EXPECT_EQ(test, grandchild->pt.nr_frames, 4);
	/* 3 roots, the grandchild's tables down to its frames, 4 frames. */
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held(),
			held + 3 + grandchild->pt.fmt->levels - 1 + 4);
}

/* Protect never makes a shared frame writable; an exclusive one, yes. */
static void test_protect_keeps_shared_read_only(struct kunit *test)
{
	struct ms_space *parent = parent_setup(test), *child;

	KUNIT_ASSERT_EQ(test, space_clone(test, parent, BUDGET, &child), 0);
	mutex_lock(&parent->lock);
	KUNIT_ASSERT_EQ(test, ms_space_protect(parent, DATA, SZ_16K,
					       MS_VM_READ), 0);
	KUNIT_ASSERT_EQ(test, ms_space_protect(parent, DATA, SZ_16K, RW), 0);
	mutex_unlock(&parent->lock);
	KUNIT_EXPECT_EQ(test, leaf_of(test, parent, DATA).prot, MS_VM_READ);
	space_write_str(test, parent, DATA, "mine");
	space_expect_str(test, child, DATA, "parent");
	/* The child is now the last holder of the first frame. */
	mutex_lock(&child->lock);
	KUNIT_ASSERT_EQ(test, ms_space_protect(child, DATA, SZ_16K,
					       MS_VM_READ), 0);
	KUNIT_ASSERT_EQ(test, ms_space_protect(child, DATA, SZ_16K, RW), 0);
	mutex_unlock(&child->lock);
	KUNIT_EXPECT_EQ(test, leaf_of(test, child, DATA).prot, RW);
	KUNIT_EXPECT_EQ(test, leaf_of(test, child, DATA + SZ_4K).prot,
			MS_VM_READ);
}

/* Unmapping a shared frame in one space leaves the other's alone. */
static void test_unmap_drops_one_reference(struct kunit *test)
{
	struct ms_space *parent = parent_setup(test), *child;
	struct ms_pt_leaf p;

	KUNIT_ASSERT_EQ(test, space_clone(test, parent, BUDGET, &child), 0);
	mutex_lock(&child->lock);
	KUNIT_ASSERT_EQ(test, ms_space_unmap(child, DATA, SZ_4K), 0);
	mutex_unlock(&child->lock);
	p = leaf_of(test, parent, DATA);
	KUNIT_EXPECT_FALSE(test, p.shared);
	KUNIT_EXPECT_EQ(test, frame_refs(test, parent, DATA), 1);
	KUNIT_EXPECT_EQ(test, child->pt.nr_frames, 3);
	space_expect_str(test, parent, DATA, "parent");
}

/* A clone past its budget fails with nothing changed on either side. */
static void test_clone_budget(struct kunit *test)
{
	struct space_snap *before = space_snap_new(test);
	struct space_snap *after = space_snap_new(test);
	struct ms_space *parent = parent_setup(test), *child;
	unsigned long need = parent->pt.nr_tables + parent->pt.nr_frames;
	long held;

	space_snap_take(test, parent, before);
	held = ms_pt_pages_held();
	KUNIT_EXPECT_EQ(test, space_clone(test, parent, need - 1, &child),
			-ENOMEM);
	space_snap_take(test, parent, after);
	space_snap_expect_equal(test, before, after);
	KUNIT_EXPECT_EQ(test, memory_set_len(&child->set), 0);
	KUNIT_EXPECT_EQ(test, child->pt.nr_tables, 1);
	KUNIT_EXPECT_EQ(test, child->pt.nr_frames, 0);
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held(), held + 1);
	KUNIT_EXPECT_EQ(test, space_clone(test, parent, need, &child), 0);
}

/* A copy on write past the budget fails the write, nothing changed. */
static void test_cow_budget(struct kunit *test)
{
	struct ms_space *parent = parent_setup(test), *child;
	unsigned long need = parent->pt.nr_tables + parent->pt.nr_frames;
	struct ms_pt_leaf before;
	enum ms_access_result result;

	KUNIT_ASSERT_EQ(test, space_clone(test, parent, need, &child), 0);
	before = leaf_of(test, child, DATA);
	/* The copy replaces the frame: a budget just full is enough. */
	child->pt.max_pages = need - 1;
	KUNIT_EXPECT_EQ(test, space_touch(child, DATA, MS_VM_WRITE, &result),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, leaf_of(test, child, DATA).entry, before.entry);
	child->pt.max_pages = need;
	KUNIT_EXPECT_EQ(test, space_touch(child, DATA, MS_VM_WRITE, &result),
			0);
	KUNIT_EXPECT_EQ(test, result, MS_ACCESS_OK);
	space_expect_str(test, parent, DATA, "parent");
}

/*
 * Each allocation of a clone fails in turn: -ENOMEM, nothing changed.
 * Page by page (no block free), then with the tables in blocks.
 */
static void test_clone_fail_every_allocation(struct kunit *test)
{
	struct space_snap *before = space_snap_new(test);
	struct space_snap *after = space_snap_new(test);
	struct ms_space *parent = parent_setup(test), *child;
	unsigned int n, allocs;
	int err, pass;

	/* 3 area nodes, then PDPT, PD and 2 PTs (DATA, LAZY has none). */
	allocs = 3 + parent->pt.nr_tables - 1;
	for (pass = 0; pass < 2; pass++) {
		/* After a clone, the parent's writable frames are read-only. */
		space_snap_take(test, parent, before);
		for (n = 1; n < 100; n++) {
			child = space_new(test, BUDGET, pt_test_format(test));
			ms_fail_blocks = !pass;
			ms_fail_nth = n;
			mutex_lock(&parent->lock);
			err = ms_space_clone(child, parent);
			mutex_unlock(&parent->lock);
			ms_fail_nth = 0;
			ms_fail_blocks = false;
			if (!err)
				break;
			KUNIT_ASSERT_EQ(test, err, -ENOMEM);
			space_snap_take(test, parent, after);
			space_snap_expect_equal(test, before, after);
			KUNIT_EXPECT_EQ(test, memory_set_len(&child->set), 0);
			KUNIT_EXPECT_EQ(test, child->pt.nr_tables, 1);
			KUNIT_EXPECT_EQ(test, child->pt.nr_pool, 0);
		}
		if (pass)
			KUNIT_EXPECT_LT(test, n, allocs + 1);
		else
			KUNIT_EXPECT_EQ(test, n, allocs + 1);
		space_expect_str(test, child, DATA, "parent");
	}
}

/* Each allocation of a copy on write fails in turn. */
static void test_cow_fail_every_allocation(struct kunit *test)
{
	struct ms_space *parent = parent_setup(test), *child;
	enum ms_access_result result;
	struct ms_pt_leaf before;
	unsigned int n;
	int err;

	KUNIT_ASSERT_EQ(test, space_clone(test, parent, BUDGET, &child), 0);
	before = leaf_of(test, child, DATA);
	for (n = 1; n < 100; n++) {
		ms_fail_nth = n;
		err = space_touch(child, DATA, MS_VM_WRITE, &result);
		ms_fail_nth = 0;
		if (!err)
			break;
		KUNIT_ASSERT_EQ(test, err, -ENOMEM);
		KUNIT_EXPECT_EQ(test, leaf_of(test, child, DATA).entry,
				before.entry);
		KUNIT_EXPECT_EQ(test, child->pt.nr_pool, 0);
	}
	KUNIT_EXPECT_EQ(test, n, 2U); /* one frame */
	KUNIT_EXPECT_EQ(test, result, MS_ACCESS_OK);
	space_expect_str(test, parent, DATA, "parent");
}

static struct kunit_case memory_set_clone_cases[] = {
	KUNIT_CASE_PARAM(test_clone_shares_frames, fmt_gen_params),
	KUNIT_CASE_PARAM(test_copy_on_write, fmt_gen_params),
	KUNIT_CASE_PARAM(test_lazy_pages_stay_lazy, fmt_gen_params),
	KUNIT_CASE_PARAM(test_close_either_first, fmt_gen_params),
	KUNIT_CASE_PARAM(test_protect_keeps_shared_read_only, fmt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_drops_one_reference, fmt_gen_params),
	KUNIT_CASE_PARAM(test_clone_budget, fmt_gen_params),
	KUNIT_CASE_PARAM(test_cow_budget, fmt_gen_params),
	KUNIT_CASE_PARAM(test_clone_fail_every_allocation, fmt_gen_params),
	KUNIT_CASE_PARAM(test_cow_fail_every_allocation, fmt_gen_params),
	{}
};

static struct kunit_suite memory_set_clone_suite = {
	.name = "memory_set_clone",
	.init = clone_test_init,
	.exit = space_test_exit,
	.test_cases = memory_set_clone_cases,
};

kunit_test_suite(memory_set_clone_suite);
