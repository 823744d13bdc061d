/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The range of one operation of the core: the areas it meets and the two
 * it may cut. Internal to the core: only set.c, protect.c and range.c
 * include it.
 *
 * An operation on [start, end) cuts at most two areas: @left, the one that
 * starts below @start and reaches past it, and @right, the one that starts
 * below @end and reaches past it. They may be the same area.
 *
 *            start                     end
 *     [ left | .....inside...... ]  [ right | ... ]
 */
#ifndef _MEMORY_SET_RANGE_H
#define _MEMORY_SET_RANGE_H

#include <linux/minmax.h>

#include "tree.h"

/**
 * struct range_op - a range [start, end) of a set, the areas it meets and
 *	the two it cuts
 * @set: the set
 * @start: first address of the range
 * @end: first address past it
 * @first: first area meeting the range, or NULL
 * @left: area cut at @start, or NULL
 * @right: area cut at @end, or NULL
 * @undo_left: backend split made at @start, or 0
 * @undo_right: backend split made at @end, or 0
 */
struct range_op {
	struct memory_set *set;
	u64 start;
	u64 end;
	struct memory_area *first; /* first area meeting the range */
	struct memory_area *left; /* area cut at @start, or NULL */
	struct memory_area *right; /* area cut at @end, or NULL */
	unsigned long undo_left; /* backend split made at @start, or 0 */
	unsigned long undo_right; /* backend split made at @end, or 0 */
};

/* The area after @area if it still meets the range of @op, else NULL. */
static inline struct memory_area *range_next(const struct range_op *op,
					     const struct memory_area *area)
{
	struct memory_area *next = memory_area_next(area);

	return next && next->start < op->end ? next : NULL;
}

static inline u64 range_part_start(const struct memory_area *area,
				   const struct range_op *op)
{
	return max(area->start, op->start);
}

static inline u64 range_part_size(const struct memory_area *area,
				  const struct range_op *op)
{
	return min(area->end, op->end) - range_part_start(area, op);
}

/* Whether the range of @op lies strictly inside one area, cutting it in two. */
static inline bool range_cuts_one_area(const struct range_op *op)
{
	return op->left && op->left == op->right;
}

void range_op_init(struct range_op *op, struct memory_set *set, u64 start,
		   u64 end);
int range_split_edges(struct range_op *op, u32 *skip_flags);
void range_unsplit_edges(struct range_op *op);
bool range_areas_fit(const struct range_op *op, unsigned long added,
		     bool unmapped);

#endif /* _MEMORY_SET_RANGE_H */
