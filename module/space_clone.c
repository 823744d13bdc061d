// SPDX-License-Identifier: GPL-2.0
/*
 * fork for address spaces: a clone holds the same areas over a copy of
 * the page table, in the same format, that shares the frames of anonymous (ALLOC) memory
 * copy-on-write (pt_cow.c). LINEAR translations are copied as they are;
 * lazy pages stay lazy, huge leaves stay huge.
 */
#include <linux/bug.h>
#include <linux/lockdep.h>

#include <trace/events/memory_set.h>

#include "space.h"

/**
 * ms_space_clone() - make a new space a copy-on-write copy of another
 * @dst: a space just made by ms_space_init(), empty and not yet visible
 *	to anyone else
 * @src: the space to copy; the caller holds its lock
 *
 * @dst takes @src's page-table format and keeps its own limits; all of
 * @src's tables and frames must fit its page budget, all of its areas its
 * area limit. Frames become shared and write-protected in both spaces.
 *
 * Return: 0, or -ENOMEM (limits, allocator) with @src unchanged and @dst
 * empty.
 */
int ms_space_clone(struct ms_space *dst, struct ms_space *src)
{
	int err;

	lockdep_assert_held(&src->lock);
	/* The same format: an empty table takes any. */
	err = ms_pt_set_format(&dst->pt, src->pt.fmt);
	if (!err)
		err = memory_set_copy(&dst->set, &src->set);
	if (!err) {
		err = ms_pt_clone(&dst->pt, &src->pt);
		/* Nothing is mapped in @dst: the clear only drops nodes. */
		if (err)
			WARN_ON_ONCE(memory_set_clear(&dst->set));
	}
	trace_ms_clone(memory_set_len(&dst->set), dst->pt.nr_tables,
		       dst->pt.nr_frames, err);
	return err;
}
