// SPDX-License-Identifier: GPL-2.0
/*
 * The page fault of owned frames, as Linux's do_anonymous_page() and
 * do_wp_page(): the first touch of a lazy page maps a new zeroed frame;
 * a write to a frame shared with a clone (pt_cow.c) gives the writer its
 * own copy, or the frame back if no other table maps it any more.
 * The caller (a backend's fault op) has checked that the area allows the
 * access.
 */
#include <linux/highmem.h>
#include <linux/io.h>

#include <trace/events/memory_set.h>

#include "prot.h"
#include "pt_internal.h"

/*
 * The first touch of a lazy page: a zeroed frame, from the space's spare.
 * A speed trick, measured (BENCHMARKS.md, first touch: 450-500 ns less a
 * fault): the spare is refilled MS_PT_SPARE_BATCH pages at a time, by
 * one allocation; near the budget, or with no such block free at once,
 * the map reserves its one page as any map does. KUnit's
 * memory_set_space tests run both.
 */
static int anonymous_fault(struct ms_pgtable *pt, u64 page, u32 prot)
{
	int err;

	if (!pt->nr_spare) {
		err = pt_refill_spare(pt);
		if (err)
			return err;
	}
	return ms_pt_map_frames(pt, page, MS_PT_PAGE_SIZE, prot);
}

/* Give a write fault its own copy of a shared frame, or the frame back. */
static int break_cow(struct ms_pgtable *pt, u64 va, u64 *leaf, u32 prot)
{
	struct page *frame = entry_page(pt, *leaf), *copy;
	u64 moved;
	int err;

	if (pt_frame_sharers(frame) == 1) {
		/* No other table maps it: take it back without a copy. */
		*leaf = leaf_with_prot(pt, *leaf, prot);
		trace_ms_cow(va, false);
		return 0;
	}
	/* The copy replaces the frame: the end state holds no more pages. */
	err = pt_fill_pool(pt, 1, pt_room(pt, 1));
	if (err)
		return err;
	copy = pt_frame_new(pt);
	copy_highpage(copy, frame);
	pt_put_leaf(pt, *leaf); /* the old frame: one sharer less */
	moved = (*leaf & ~pt->fmt->addr_mask) | pa_bits(pt, page_to_phys(copy));
	*leaf = leaf_with_prot(pt, moved, prot);
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
		return anonymous_fault(pt, page, prot);
	if (!(access & MS_VM_WRITE) || !(prot & MS_VM_WRITE) ||
	    !(*leaf & pt->fmt->owned) || !(*leaf & pt->fmt->present) ||
	    (pt->fmt->entry_prot(*leaf) & MS_VM_WRITE))
		return 0;
	return break_cow(pt, page, leaf, prot);
}
