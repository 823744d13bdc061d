// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of ms_pt_export() (MS_IOC_EXPORT), in every format: the
 * image compared table by table with the live table it copies (tables
 * in depth-first order, then the owned frames in address order, every
 * entry that names one of them relocated, every other bit and entry as
 * it is, each frame's bytes), nothing of the table changed, and the
 * errors: a base the format cannot hold the image at, no room in the
 * budget for the copy of a table, an output too short. Walked from the
 * format's description (pt_util.c), not with pgtable.c's walkers; the
 * guest test ms_test_export walks the image by the manuals' bits.
 */
#include <kunit/test.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>

#include "pgtable.h"
#include "prot.h"
#include "pt_util.h"

#define BASE	0x200000000ULL

KUNIT_ARRAY_PARAM(fmt, pt_test_formats, pt_test_format_desc);

struct image_check {
	struct kunit *test;
	const struct ms_pgtable *pt;
	const u8 *image;
	unsigned long tables, frames; /* met so far, in the image's order */
};

static u64 entry_pa_of(const struct ms_pt_format *fmt, u64 entry)
{
	return ((entry & fmt->addr_mask) >> fmt->addr_shift) << MS_PT_PAGE_SHIFT;
}

static u64 addr_bits(const struct ms_pt_format *fmt, u64 pa)
{
	return (pa >> MS_PT_PAGE_SHIFT) << fmt->addr_shift;
}

/* The live table @table is the image's page @index; check it and below. */
static void check_table(struct image_check *c, const u64 *table, int level,
			unsigned long index)
{
	const struct ms_pt_format *fmt = c->pt->fmt;
	const u64 *copy = (const u64 *)(c->image + index * SZ_4K);
	unsigned long want;
	u64 e, img;
	unsigned int i;

	for (i = 0; i < 512; i++) {
		e = table[i];
		img = copy[i];
		if (e && pt_test_entry_is_table(c->test, fmt, e, level)) {
			/* A table: the next page of the image, in pre-order. */
			want = ++c->tables;
			KUNIT_ASSERT_EQ(c->test, img,
					(e & ~fmt->addr_mask) |
						addr_bits(fmt, BASE + want * SZ_4K));
			check_table(c, phys_to_virt(entry_pa_of(fmt, e)),
				    level - 1, want);
		} else if (e & fmt->owned) {
			/* A frame: after the tables, in address order. */
			want = c->pt->nr_tables + c->frames++;
			KUNIT_ASSERT_EQ(c->test, img,
					(e & ~fmt->addr_mask) |
						addr_bits(fmt, BASE + want * SZ_4K));
			KUNIT_EXPECT_EQ(c->test,
					memcmp(c->image + want * SZ_4K,
					       phys_to_virt(entry_pa_of(fmt, e)),
					       SZ_4K),
					0);
		} else {
			KUNIT_ASSERT_EQ(c->test, img, e); /* LINEAR, empty */
		}
	}
}

/* Export @pt into a buffer of @len bytes. */
static int export_to(struct ms_pgtable *pt, u64 base, u8 *buf, size_t len)
{
	struct kvec kvec = { .iov_base = buf, .iov_len = len };
	struct iov_iter out;

	iov_iter_kvec(&out, ITER_DEST, &kvec, 1, len);
	return ms_pt_export(pt, base, &out);
}

/* LINEAR 4K, huge and split huge, frames, a PROT_NONE frame. */
static struct ms_pgtable *build(struct kunit *test)
{
	struct ms_pgtable *pt = kunit_kzalloc(test, sizeof(*pt), GFP_KERNEL);
	unsigned long undo;
	u64 *word;

	KUNIT_ASSERT_NOT_NULL(test, pt);
	KUNIT_ASSERT_EQ(test, ms_pt_init(pt, pt_test_format(test), 4096), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, 0x400000, 0x80000000ULL, SZ_16K,
					MS_VM_READ | MS_VM_WRITE, 0), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_map(pt, SZ_1G, SZ_1G, SZ_1G, MS_VM_READ,
					MS_PT_LEVEL_1G), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_split(pt, SZ_1G + SZ_2M + SZ_4K, &undo),
			0);
	KUNIT_ASSERT_EQ(test, ms_pt_map_frames(pt, 0x800000, SZ_16K,
					       MS_VM_READ | MS_VM_WRITE), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_map_frames(pt, 0x9000000, SZ_4K,
					       MS_VM_READ), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_protect(pt, 0x9000000, SZ_4K, 0), 0);
	/* Give the frames something to hold. */
	test->priv = pt;
	for (undo = 0; undo < 4; undo++) {
		struct ms_pt_leaf leaf;

		KUNIT_ASSERT_TRUE(test, ms_pt_lookup(pt, 0x800000 + undo * SZ_4K,
						     &leaf));
		word = phys_to_virt(leaf.phys);
		*word = 0x1000 + undo;
	}
	return pt;
}

static void test_export_relocates_every_entry(struct kunit *test)
{
	struct pt_dump *before = kunit_kzalloc(test, sizeof(*before), GFP_KERNEL);
	struct pt_dump *after = kunit_kzalloc(test, sizeof(*after), GFP_KERNEL);
	struct ms_pgtable *pt = build(test);
	long held = ms_pt_pages_held();
	struct image_check c = { .test = test, .pt = pt };
	u64 size = ms_pt_export_size(pt);
	u8 *buf;

	KUNIT_ASSERT_NOT_NULL(test, before);
	KUNIT_ASSERT_NOT_NULL(test, after);
	buf = vmalloc(size);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	pt_dump_take(test, pt, before);
	KUNIT_EXPECT_EQ(test, export_to(pt, BASE, buf, size), 0);
	pt_dump_take(test, pt, after);
	pt_dump_expect_equal(test, before, after);
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held(), held);
	c.image = buf;
	check_table(&c, pt->root, pt->fmt->levels - 1, 0);
	/* The image is the tables and frames the walk met, no more. */
	KUNIT_EXPECT_EQ(test, size, (c.tables + 1 + c.frames) * SZ_4K);
	KUNIT_EXPECT_EQ(test, c.tables + 1, pt->nr_tables);
	KUNIT_EXPECT_EQ(test, c.frames, pt->nr_frames);
	KUNIT_EXPECT_EQ(test, c.frames, 5UL);
	vfree(buf);
	ms_pt_destroy(pt);
}

static void test_export_errors(struct kunit *test)
{
	struct ms_pgtable *pt = build(test);
	u64 size = ms_pt_export_size(pt), limit = pt->fmt->phys_limit;
	u8 *buf = vmalloc(size);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, export_to(pt, BASE + 1, buf, size), -EINVAL);
	KUNIT_EXPECT_EQ(test, export_to(pt, limit - size + SZ_4K, buf, size),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, export_to(pt, limit - size, buf, size), 0);
	KUNIT_EXPECT_EQ(test, export_to(pt, BASE, buf, size - 1), -EFAULT);
	/* The copy of a table counts against the budget. */
	pt->max_pages = pt->nr_tables + pt->nr_frames;
	KUNIT_EXPECT_EQ(test, export_to(pt, BASE, buf, size), -ENOMEM);
	pt->max_pages++;
	KUNIT_EXPECT_EQ(test, export_to(pt, BASE, buf, size), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_buffers, 0UL);
	vfree(buf);
	ms_pt_destroy(pt);
}

/*
 * A table filled by faults keeps a spare of zeroed pages, which counts in
 * its budget: with the budget exactly full, the copy of a table is made
 * in a spare page, which comes back zeroed; nothing else moves.
 */
static void test_export_at_a_full_budget(struct kunit *test)
{
	struct ms_pgtable *pt = kunit_kzalloc(test, sizeof(*pt), GFP_KERNEL);
	unsigned long spare;
	struct ms_pt_leaf leaf;
	long held;
	u64 size;
	u8 *buf;

	KUNIT_ASSERT_NOT_NULL(test, pt);
	KUNIT_ASSERT_EQ(test, ms_pt_init(pt, pt_test_format(test), 4096), 0);
	KUNIT_ASSERT_EQ(test, ms_pt_fault_frame(pt, 0x400000, MS_VM_READ |
						MS_VM_WRITE, MS_VM_WRITE),
			0);
	spare = pt->nr_spare;
	KUNIT_ASSERT_GT(test, spare, 0UL);
	pt->max_pages = pt->nr_tables + pt->nr_frames + spare;
	held = ms_pt_pages_held();
	size = ms_pt_export_size(pt);
	buf = vmalloc(size);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, export_to(pt, BASE, buf, size), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_spare, spare);
	KUNIT_EXPECT_EQ(test, ms_pt_pages_held(), held);
	/* The next fault's frame is a spare page: zeroed, bounce or not. */
	KUNIT_ASSERT_EQ(test, ms_pt_fault_frame(pt, 0x401000, MS_VM_READ |
						MS_VM_WRITE, MS_VM_WRITE),
			0);
	KUNIT_ASSERT_TRUE(test, ms_pt_lookup(pt, 0x401000, &leaf));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(phys_to_virt(leaf.phys), 0, SZ_4K));
	vfree(buf);
	ms_pt_destroy(pt);
}

static struct kunit_case memory_set_export_cases[] = {
	KUNIT_CASE_PARAM(test_export_relocates_every_entry, fmt_gen_params),
	KUNIT_CASE_PARAM(test_export_errors, fmt_gen_params),
	KUNIT_CASE_PARAM(test_export_at_a_full_budget, fmt_gen_params),
	{}
};

static struct kunit_suite memory_set_export_suite = {
	.name = "memory_set_export",
	.test_cases = memory_set_export_cases,
};

kunit_test_suite(memory_set_export_suite);
