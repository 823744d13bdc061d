// SPDX-License-Identifier: GPL-2.0
/*
 * fork for page tables: a clone copies every table of its source, maps the
 * same owned frames and write-protects them in both tables; a frame counts
 * the tables that map it (pt_frame_sharers(), pt_pages.c). The first write
 * to a shared frame faults, and the fault handler (pt_fault.c) copies it,
 * or gives it back to its last holder, as Linux's do_wp_page() does.
 *
 * Which write-protected frames are shared copies is not written in the
 * entry (RISC-V has no spare bit for it): a leaf always mirrors its area's
 * protection, except that a frame other tables map, or mapped when the
 * clone was made, lacks the write permission. The owner's fault handler
 * knows the area allows the write.
 */
#include <linux/io.h>
#include <linux/sched.h>

#include <trace/events/memory_set.h>

#include "prot.h"
#include "pt_internal.h"

/* A leaf of @src as its clone maps it: owned frames shared, read-only. */
static u64 clone_leaf(struct ms_pgtable *dst, struct ms_pgtable *src, u64 *leaf)
{
	if (!(*leaf & src->fmt->owned))
		return *leaf;
	pt_frame_share(entry_page(src, *leaf));
	*leaf = leaf_with_prot(src, *leaf,
			       src->fmt->entry_prot(*leaf) & ~MS_VM_WRITE);
	dst->nr_frames++;
	return *leaf;
}

static void clone_table(struct ms_pgtable *dst, u64 *to, struct ms_pgtable *src,
			u64 *from, int level, u64 base)
{
	unsigned int i;
	u64 va, *child, *copy;

	for (i = 0; i < MS_PT_ENTRIES; i++) {
		pt_walk_yield(level);
		if (!from[i])
			continue;
		va = base + i * ms_pt_level_size(level);
		child = next_table(src, from[i], level);
		if (!child) {
			set_entry(to, &to[i], clone_leaf(dst, src, &from[i]));
			continue;
		}
		copy = pt_take_table(dst, va, level - 1);
		clone_table(dst, copy, src, child, level - 1, va);
		set_entry(to, &to[i],
			  pa_bits(dst, virt_to_phys(copy)) | dst->fmt->table);
	}
}

/**
 * ms_pt_clone() - make an empty page table a copy-on-write copy of another
 * @dst: an empty page table (just its root) of the same format
 * @src: the table to copy; its owned frames become shared and
 *	write-protected
 *
 * Every table is copied, translations to memory the table does not own
 * as they are (huge leaves stay huge); owned frames are shared. @dst must
 * fit all of @src's tables and frames in its budget; only the tables are
 * new pages.
 *
 * Return: 0, -EINVAL (formats differ, @dst not empty) or -ENOMEM (budget,
 * allocator), with both tables unchanged.
 */
int ms_pt_clone(struct ms_pgtable *dst, struct ms_pgtable *src)
{
	unsigned long tables = src->nr_tables - 1; /* @dst has its root */
	int err;

	if (dst->fmt != src->fmt || dst->nr_tables != 1 || dst->nr_frames)
		return -EINVAL;
	if (src->nr_tables + src->nr_frames > dst->max_pages)
		return -ENOMEM;
	err = pt_fill_pool(dst, tables, pt_room(dst, 0) - src->nr_frames);
	if (!err)
		clone_table(dst, dst->root, src, src->root, pt_top(src), 0);
	ms_pt_release_reserve(dst);
	return err;
}
