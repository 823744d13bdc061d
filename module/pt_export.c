// SPDX-License-Identifier: GPL-2.0
/*
 * A page table as an image that a loader can place at a physical address
 * and hand to a real MMU (MS_IOC_EXPORT): 4 KiB pages, the root table
 * first, then every other table in the order a depth-first walk meets them
 * (each table before the tables below it), then a copy of every frame the
 * table owns, in ascending order of virtual address. Every entry that
 * names a table or an owned frame names its copy, base + 4096 x its index;
 * everything else is copied as it is.
 *
 * Two walks, each writing its pages in order into an iov_iter: the
 * tables, then the frames. A table's copy names tables and frames that
 * come later in the image, so its children's subtrees are counted first
 * (each table is counted once per level above it).
 */
#include <linux/highmem.h>
#include <linux/sched/signal.h>
#include <linux/uio.h>

#include "pt_internal.h"

struct pt_image {
	struct ms_pgtable *pt;
	u64 base;
	struct iov_iter *out;
	u64 *copy; /* the table being relocated */
	unsigned long tables, frames; /* written so far */
};

/*
 * Add the tables (@table included) and owned frames of a subtree to
 * *@tables and *@frames. Return: 0, or -EINTR on a fatal signal.
 */
static int count_subtree(const struct ms_pgtable *pt, const u64 *table,
			 int level, unsigned long *tables,
			 unsigned long *frames)
{
	const u64 *child;
	unsigned int i;
	int err;

	if (fatal_signal_pending(current))
		return -EINTR;
	(*tables)++;
	for (i = 0; i < MS_PT_ENTRIES; i++) {
		pt_walk_yield(level);
		if (!table[i])
			continue;
		child = next_table(pt, table[i], level);
		if (child) {
			err = count_subtree(pt, child, level - 1, tables,
					    frames);
			if (err)
				return err;
		} else if (table[i] & pt->fmt->owned) {
			(*frames)++;
		}
	}
	return 0;
}

/* @entry naming the image's page @index instead of what it names. */
static u64 relocated(struct pt_image *ex, u64 entry, unsigned long index)
{
	return (entry & ~ex->pt->fmt->addr_mask) |
	       pa_bits(ex->pt, ex->base + index * MS_PT_PAGE_SIZE);
}

/* Write one 4 KiB page of the image. */
static int put_page_bytes(struct pt_image *ex, const void *data)
{
	if (fatal_signal_pending(current))
		return -EINTR;
	if (copy_to_iter(data, MS_PT_PAGE_SIZE, ex->out) != MS_PT_PAGE_SIZE)
		return -EFAULT;
	cond_resched();
	return 0;
}

/*
 * Write @table, the image's page @index whose subtree's first frame is
 * frame @frame, and then the tables below it; *@nr_frames: the owned
 * frames of the subtree.
 */
static int export_table(struct pt_image *ex, const u64 *table, int level,
			unsigned long index, unsigned long frame,
			unsigned long *nr_frames)
{
	const struct ms_pgtable *pt = ex->pt;
	unsigned long next = index + 1, ordinal = frame, t, f;
	const u64 *child;
	unsigned int i;
	int err;

	for (i = 0; i < MS_PT_ENTRIES; i++) {
		pt_walk_yield(level);
		ex->copy[i] = table[i];
		if (!table[i])
			continue;
		child = next_table(pt, table[i], level);
		if (child) {
			ex->copy[i] = relocated(ex, table[i], next);
			t = 0;
			f = 0;
			err = count_subtree(pt, child, level - 1, &t, &f);
			if (err)
				return err;
			next += t;
			ordinal += f;
		} else if (table[i] & pt->fmt->owned) {
			ex->copy[i] = relocated(ex, table[i],
						pt->nr_tables + ordinal++);
		}
	}
	*nr_frames = ordinal - frame;
	err = put_page_bytes(ex, ex->copy);
	if (err)
		return err;
	ex->tables++;
	/* The children in order, each after the subtrees before it. */
	next = index + 1;
	ordinal = frame;
	for (i = 0; i < MS_PT_ENTRIES; i++) {
		if (!table[i])
			continue;
		child = next_table(pt, table[i], level);
		if (!child) {
			ordinal += !!(table[i] & pt->fmt->owned);
			continue;
		}
		t = ex->tables;
		err = export_table(ex, child, level - 1, next, ordinal, &f);
		if (err)
			return err;
		next += ex->tables - t;
		ordinal += f;
	}
	return 0;
}

/* Write a copy of one frame. */
static int export_frame(struct pt_image *ex, struct page *frame)
{
	size_t done;

	if (fatal_signal_pending(current))
		return -EINTR;
	done = copy_page_to_iter(frame, 0, MS_PT_PAGE_SIZE, ex->out);
	if (done != MS_PT_PAGE_SIZE)
		return -EFAULT;
	ex->frames++;
	cond_resched();
	return 0;
}

/* Write a copy of every owned frame under @table, in address order. */
static int export_frames(struct pt_image *ex, const u64 *table, int level)
{
	const struct ms_pgtable *pt = ex->pt;
	const u64 *child;
	unsigned int i;
	int err;

	for (i = 0; i < MS_PT_ENTRIES; i++) {
		pt_walk_yield(level);
		if (!table[i])
			continue;
		child = next_table(pt, table[i], level);
		if (child)
			err = export_frames(ex, child, level - 1);
		else if (table[i] & pt->fmt->owned)
			err = export_frame(ex, entry_page(pt, table[i]));
		else
			err = 0;
		if (err)
			return err;
	}
	return 0;
}

/**
 * ms_pt_export_size() - the bytes of a page table's image
 * @pt: the page table
 *
 * Return: 4096 x (tables + owned frames).
 */
u64 ms_pt_export_size(const struct ms_pgtable *pt)
{
	return (u64)(pt->nr_tables + pt->nr_frames) * MS_PT_PAGE_SIZE;
}

/**
 * ms_pt_export() - write a page table's image, relocated to @base
 * @pt: the page table; nothing of it changes
 * @base: the physical address the image is meant for; page-aligned, and
 *	@base + the image's size within the format's physical addresses
 * @out: where the image goes: ms_pt_export_size() bytes
 *
 * The one page the copy of a table is made in counts against the
 * budget while the call runs (a page of the spare, given back zeroed, if
 * there is one). The walks yield the CPU and stop on a fatal signal.
 *
 * Return: 0; -EINVAL for a @base the format cannot hold the image at;
 * -ENOMEM (budget, allocator); -EFAULT if @out took less than a page;
 * -EINTR on a fatal signal; -EIO if the table's counts are wrong (a bug).
 */
int ms_pt_export(struct ms_pgtable *pt, u64 base, struct iov_iter *out)
{
	u64 size = ms_pt_export_size(pt), limit = pt->fmt->phys_limit;
	struct pt_image ex = { .pt = pt, .base = base, .out = out };
	unsigned long tables = 0, frames = 0;
	struct page *page;
	bool from_spare;
	int err;

	if (base & (MS_PT_PAGE_SIZE - 1) || base >= limit ||
	    size > limit - base)
		return -EINVAL;
	/* The frames' indices follow the tables: the counts must be right. */
	err = count_subtree(pt, pt->root, pt_top(pt), &tables, &frames);
	if (err)
		return err;
	if (WARN_ON_ONCE(tables != pt->nr_tables || frames != pt->nr_frames))
		return -EIO;
	page = pt_buffer_get(pt, &from_spare);
	if (!page)
		return -ENOMEM;
	ex.copy = page_address(page);
	err = export_table(&ex, pt->root, pt_top(pt), 0, 0, &frames);
	if (!err)
		err = export_frames(&ex, pt->root, pt_top(pt));
	pt_buffer_put(pt, page, from_spare);
	return err;
}
