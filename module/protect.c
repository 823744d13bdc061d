// SPDX-License-Identifier: GPL-2.0
/*
 * memory_set: protect a range, like mprotect. Every area meeting the range
 * gets the new flags on its part inside it, split off as an area of its
 * own; areas that already have them are left alone. All or nothing, in the
 * two phases described at the top of set.c.
 */
#include <linux/bug.h>
#include <linux/sched.h>
#include <trace/events/memory_set.h>

#include "range.h"

/* Protect: the parts whose flags change. */
static bool needs_change(const struct memory_area *area, u32 new_flags)
{
	return area->flags != new_flags;
}

static int protect_part(struct memory_area *area, struct range_op *op,
			u32 flags)
{
	return memory_area_ops(area)->protect(area, range_part_start(area, op),
					      range_part_size(area, op), flags,
					      op->set->pt);
}

/* Protect, after the splits, every part whose flags change. */
static int protect_parts(struct range_op *op, u32 new_flags)
{
	struct memory_area *area, *done;
	int err;

	for (area = op->first; area; area = range_next(op, area)) {
		if (!needs_change(area, new_flags))
			continue;
		err = protect_part(area, op, new_flags);
		if (err)
			goto undo;
		cond_resched();
	}
	return 0;
undo:
	/* Backends guarantee that protecting back what they protected works. */
	for (done = op->first; done != area; done = range_next(op, done)) {
		if (needs_change(done, new_flags))
			WARN_ON_ONCE(protect_part(done, op, done->flags));
		cond_resched();
	}
	return err;
}

static void commit_protect(struct range_op *op, u32 new_flags,
			   struct memory_area **spare)
{
	struct memory_area *area;

	/* [right.start, end) | [end, right.end) */
	if (op->right && needs_change(op->right, new_flags))
		area_tree_split(op->set, op->right, *spare++, op->end);
	/* [left.start, start) | [start, left.end) */
	if (op->left && needs_change(op->left, new_flags))
		area_tree_split(op->set, op->left, *spare++, op->start);

	/* The range now starts an area (or a hole): find its first area. */
	range_op_init(op, op->set, op->start, op->end);
	for (area = op->first; area; area = range_next(op, area)) {
		area->flags = new_flags;
		cond_resched();
	}
}

/**
 * memory_set_protect() - change the flags of the mappings in a range
 * @set: the set
 * @start: first address of the range
 * @size: length of the range; 0 does nothing
 * @new_flags: the new flags
 *
 * Every area meeting the range gets @new_flags on its part inside the
 * range, split off as an area of its own: an area can become up to three.
 * Areas that already have @new_flags are left alone; holes are skipped.
 *
 * Return: 0, -EINVAL if the range overflows, -ENOMEM, or a backend's error;
 * on error nothing changed.
 */
int memory_set_protect(struct memory_set *set, u64 start, u64 size,
		       u32 new_flags)
{
	struct memory_area *spare[2] = { NULL, NULL };
	int err = -ENOMEM, nr_cuts = 0, i;
	struct range_op op;

	if (!size)
		return 0;
	if (start + size < start)
		return -EINVAL;
	range_op_init(&op, set, start, start + size);
	if (!op.first)
		return 0;

	nr_cuts += op.left && needs_change(op.left, new_flags);
	nr_cuts += op.right && needs_change(op.right, new_flags);
	if (!range_areas_fit(&op, nr_cuts, false))
		goto out;
	for (i = 0; i < nr_cuts; i++) {
		spare[i] = memory_area_alloc(0, 0, 0, NULL, 0);
		if (!spare[i])
			goto out;
	}
	err = range_split_edges(&op, &new_flags);
	if (err)
		goto out;
	err = protect_parts(&op, new_flags);
	if (err) {
		range_unsplit_edges(&op);
		goto out;
	}
	commit_protect(&op, new_flags, spare);
	trace_ms_protect(start, start + size, new_flags, 0);
	return 0;
out:
	for (i = 0; i < nr_cuts; i++)
		memory_area_free(spare[i]);
	trace_ms_protect(start, start + size, new_flags, err);
	return err;
}
