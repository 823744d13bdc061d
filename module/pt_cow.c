// SPDX-License-Identifier: GPL-2.0
/*
 * Frames shared between page tables, as fork shares anonymous memory.
 *
 * A clone copies every table of its source, maps the same owned frames
 * and write-protects them in both tables; a frame counts the tables that
 * map it (frame_sharers(), in its page_private(): the module's own count,
 * not the struct page's reference count, which others may raise).
 * The first write to a shared frame faults: the writer gets a copy, or
 * takes the frame back if no other table maps it any more, as Linux's
 * wp_page_reuse() does. The last table to let go of a frame frees it
 * (pt_put_frame()), so a shared frame is held, and counted in the
 * module-wide pages_held, once.
 *
 * Which write-protected frames are shared copies is not written in the
 * entry (RISC-V has no spare bit for it): a leaf always mirrors its area's
 * protection, except that a frame other tables map, or mapped when the
 * clone was made, lacks the write permission. The owner's fault handler
 * knows the area allows the write and calls ms_pt_fault_frame() with it.
 */
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/sched.h>

#include <trace/events/memory_set.h>

#include "prot.h"
#include "pt_internal.h"

/**
 * ms_pt_frame_shared() - whether a leaf's frame is mapped by other tables
 * @pt: the page table
 * @entry: a leaf entry of @pt
 *
 * Return: true for an owned frame that a clone maps too.
 */
bool ms_pt_frame_shared(const struct ms_pgtable *pt, u64 entry)
{
	return (entry & pt->fmt->owned) &&
	       frame_sharers(entry_page(pt, entry)) > 1;
}

/* The same leaf with @prot's permissions instead of its own. */
static u64 leaf_with_prot(const struct ms_pgtable *pt, u64 entry, u32 prot)
{
	return (entry & ~pt->fmt->perm) | pt->fmt->prot_bits(prot);
}

/* The same leaf, write-protected. */
static u64 leaf_write_protected(const struct ms_pgtable *pt, u64 entry)
{
	return leaf_with_prot(pt, entry,
			      pt->fmt->entry_prot(entry) & ~MS_VM_WRITE);
}

/* A leaf of @src as its clone maps it: owned frames shared, read-only. */
static u64 clone_leaf(struct ms_pgtable *dst, struct ms_pgtable *src, u64 *leaf)
{
	if (!(*leaf & src->fmt->owned))
		return *leaf;
	frame_share(entry_page(src, *leaf));
	*leaf = leaf_write_protected(src, *leaf);
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

/* Give a write fault its own copy of a shared frame, or the frame back. */
static int break_cow(struct ms_pgtable *pt, u64 va, u64 *leaf, u32 prot)
{
	struct page *frame = entry_page(pt, *leaf), *copy;
	u64 moved;
	int err;

	if (frame_sharers(frame) == 1) {
		/* No other table maps it: take it back without a copy. */
		*leaf = leaf_with_prot(pt, *leaf, prot);
		trace_ms_cow(va, false);
		return 0;
	}
	/* The copy replaces the frame: the end state holds no more pages. */
	err = pt_fill_pool(pt, 1, pt_room(pt, 1));
	if (err)
		return err;
	copy = frame_new(pt_take_page(pt));
	copy_highpage(copy, frame);
	moved = (*leaf & ~pt->fmt->addr_mask) | pa_bits(pt, page_to_phys(copy));
	*leaf = leaf_with_prot(pt, moved, prot);
	pt_put_frame(frame);
	trace_ms_cow(va, true);
	return 0;
}

/**
 * ms_pt_fault_frame() - the fault handler of owned frames
 * @pt: the page table
 * @va: the address whose access faulted
 * @prot: what the area at @va allows (MS_VM_* bits)
 * @access: the access that faulted, which @prot allows (as for
 *	ms_pt_access())
 *
 * Where nothing maps @va, map a new zeroed frame (a lazy page's first
 * touch). Where a write hit a frame that is write-protected although
 * @prot allows writes, the frame is shared with a clone: copy it, or take
 * it back if no other table maps it (Linux's do_wp_page()). Only a write
 * copies; anything else is left alone, and the access that is retried
 * faults again.
 *
 * Return: 0, or -ENOMEM (budget, module-wide limit, allocator) with
 * nothing changed.
 */
int ms_pt_fault_frame(struct ms_pgtable *pt, u64 va, u32 prot, u32 access)
{
	u64 page = va & ~(MS_PT_PAGE_SIZE - 1), *leaf;
	int level;

	leaf = pt_find_leaf(pt, va, &level);
	if (!leaf)
		return ms_pt_map_frames(pt, page, MS_PT_PAGE_SIZE, prot);
	if (!(access & MS_VM_WRITE) || !(prot & MS_VM_WRITE) ||
	    !(*leaf & pt->fmt->owned) || !(*leaf & pt->fmt->present) ||
	    (pt->fmt->entry_prot(*leaf) & MS_VM_WRITE))
		return 0;
	return break_cow(pt, page, leaf, prot);
}
