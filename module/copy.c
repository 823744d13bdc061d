// SPDX-License-Identifier: GPL-2.0
/*
 * memory_set: copying the areas of a set, as fork copies a process's VMAs.
 *
 * The copy holds the same areas: bounds, flags, backends and offsets. It
 * calls no backend and maps nothing: a fork copies the page table once,
 * whole, which is its owner's to do (see ms_pt_clone()).
 */
#include <linux/sched.h>

#include "tree.h"

/**
 * memory_set_copy() - give an empty set the areas of another
 * @dst: an empty set
 * @src: the set to copy
 *
 * Return: 0; -EINVAL if @dst is not empty; -ENOMEM if @src holds more
 * areas than @dst may or a node could not be allocated, with @dst left
 * empty.
 */
int memory_set_copy(struct memory_set *dst, const struct memory_set *src)
{
	const struct memory_area *area;
	struct memory_area *copy;

	if (dst->nr_areas)
		return -EINVAL;
	if (src->nr_areas > dst->max_areas)
		return -ENOMEM;
	for (area = memory_set_first(src); area;
	     area = memory_area_next(area)) {
		copy = memory_area_alloc(area->start, memory_area_size(area),
					 area->flags, area->ops, area->offset);
		if (!copy) {
			area_tree_drop_all(dst);
			return -ENOMEM;
		}
		area_tree_insert(dst, copy);
		cond_resched();
	}
	return 0;
}
