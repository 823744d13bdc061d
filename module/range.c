// SPDX-License-Identifier: GPL-2.0
/*
 * The range of one operation of the core (see range.h): finding the areas
 * it meets and cuts, asking the backends to split at the cuts and undoing
 * that, and the area limit.
 */
#include <linux/sched.h>

#include "range.h"

/**
 * range_op_init() - find the areas a range meets and the two it cuts
 * @op: filled in
 * @set: the set
 * @start: first address of the range
 * @end: first address past it
 */
void range_op_init(struct range_op *op, struct memory_set *set, u64 start,
		   u64 end)
{
	struct memory_area *last;

	*op = (struct range_op){ .set = set, .start = start, .end = end };
	op->first = area_tree_first_ending_after(set, start);
	if (!op->first || op->first->start >= end) {
		op->first = NULL;
		return;
	}
	if (op->first->start < start)
		op->left = op->first;
	/* The range ends in or at the end of its first area: no descent. */
	if (op->first->end >= end) {
		op->right = op->first->end > end ? op->first : NULL;
		return;
	}
	last = area_tree_first_ending_after(set, end);
	if (last && last->start < end)
		op->right = last;
}

static int backend_split(struct memory_area *area, u64 addr, void *pt,
			 unsigned long *undo)
{
	const struct mapping_backend_ops *ops = memory_area_ops(area);

	*undo = 0;
	return ops->split ? ops->split(area, addr, pt, undo) : 0;
}

/**
 * range_unsplit_edges() - undo the backend splits made at the cuts
 * @op: the range; its records are cleared
 *
 * In reverse order of their making: the core owns the records.
 */
void range_unsplit_edges(struct range_op *op)
{
	void *pt = op->set->pt;

	if (op->undo_right)
		memory_area_ops(op->right)->unsplit(op->right, op->end,
						    op->undo_right, pt);
	if (op->undo_left)
		memory_area_ops(op->left)->unsplit(op->left, op->start,
						   op->undo_left, pt);
	op->undo_left = 0;
	op->undo_right = 0;
}

/**
 * range_split_edges() - make the cut points boundaries of the backends
 * @op: the range; the undo records are kept in it
 * @skip_flags: if not NULL, an area that already has these flags is not
 *	cut (protect leaves it alone)
 *
 * Return: 0, or the backend's error with nothing split.
 */
int range_split_edges(struct range_op *op, u32 *skip_flags)
{
	void *pt = op->set->pt;
	int err;

	if (op->left && !(skip_flags && op->left->flags == *skip_flags)) {
		err = backend_split(op->left, op->start, pt, &op->undo_left);
		if (err)
			return err;
	}
	if (op->right && !(skip_flags && op->right->flags == *skip_flags)) {
		err = backend_split(op->right, op->end, pt, &op->undo_right);
		if (err) {
			range_unsplit_edges(op);
			return err;
		}
	}
	return 0;
}

/**
 * range_areas_fit() - whether the set may gain areas
 * @op: the range of the operation
 * @added: the areas it adds
 * @unmapped: the range is emptied first: the areas wholly inside it are
 *	about to go and count as room
 *
 * An operation that would leave more than max_areas fails, whatever it
 * holds in between.
 *
 * Return: true if the end state fits.
 */
bool range_areas_fit(const struct range_op *op, unsigned long added,
		     bool unmapped)
{
	const struct memory_set *set = op->set;
	unsigned long room =
		set->max_areas - min(set->max_areas, set->nr_areas);
	struct memory_area *area;

	for (area = op->first; unmapped && area && added > room;
	     area = range_next(op, area)) {
		room += area != op->left && area != op->right;
		cond_resched();
	}
	return added <= room;
}
