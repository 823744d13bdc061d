// SPDX-License-Identifier: GPL-2.0
/*
 * memory_area: allocation of the node that describes one area.
 */
#include <linux/slab.h>

#include "fail.h"
#include "memory_set.h"

/**
 * memory_area_alloc() - allocate an area that is not in any set yet
 * @start: first address
 * @size: length in bytes; an empty or overflowing range is refused later,
 *	by memory_set_map()
 * @flags: protection flags handed to the backend
 * @ops: the mapping backend
 * @offset: the backend's value for @start (see &memory_area.offset)
 *
 * The area is charged to the active memory cgroup (GFP_KERNEL_ACCOUNT).
 *
 * Return: the area, or NULL if out of memory.
 */
struct memory_area *memory_area_alloc(u64 start, u64 size, u32 flags,
				      const struct mapping_backend_ops *ops,
				      u64 offset)
{
	struct memory_area *area;

	if (ms_should_fail())
		return NULL;
	area = kzalloc(sizeof(*area), GFP_KERNEL_ACCOUNT);
	if (!area)
		return NULL;
	RB_CLEAR_NODE(&area->node);
	area->start = start;
	area->end = start + size;
	area->flags = flags;
	area->ops = ops;
	area->offset = offset;
	return area;
}

/**
 * memory_area_free() - free an area that is in no set
 * @area: the area, or NULL
 */
void memory_area_free(struct memory_area *area)
{
	kfree(area);
}
