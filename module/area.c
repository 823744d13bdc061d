// SPDX-License-Identifier: GPL-2.0
/*
 * memory_area: allocation of the node that describes one area, from a
 * cache of its own (SLAB_ACCOUNT: charged to the memory cgroup, like
 * Linux's vm_area_struct): 80 bytes, 51 nodes to a 4 KiB slab page.
 * Nodes are counted module-wide: each set bounds its own (max_areas), and
 * memory_area_set_total_limit() bounds all of them together, however many
 * sets (and clones) a caller makes.
 */
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/limits.h>
#include <linux/slab.h>

#include "fail.h"
#include "memory_set.h"

static struct kmem_cache *area_cache;

/* Nodes allocated and not freed, in every set; and the most there may be. */
static atomic_long_t areas_held = ATOMIC_LONG_INIT(0);
static unsigned long areas_limit = ULONG_MAX;

/**
 * memory_area_set_total_limit() - bound the nodes of all sets together
 * @nr: the limit; nodes already allocated stay, new ones are refused past it
 */
void memory_area_set_total_limit(unsigned long nr)
{
	WRITE_ONCE(areas_limit, nr);
}

/**
 * memory_area_total() - nodes allocated and not freed, in every set
 *
 * Return: their number: 0 once every set is gone.
 */
long memory_area_total(void)
{
	return atomic_long_read(&areas_held);
}

/* Take one node from the module-wide limit, or none. */
static bool charge_area(void)
{
	long held = atomic_long_add_return(1, &areas_held);

	if (held > 0 && (unsigned long)held <= READ_ONCE(areas_limit))
		return true;
	atomic_long_dec(&areas_held);
	return false;
}

/**
 * memory_area_cache_init() - create the cache area nodes come from
 *
 * Return: 0 or -ENOMEM.
 */
int memory_area_cache_init(void)
{
	/* The node's size is the memory target: see BENCHMARKS.md. */
	BUILD_BUG_ON(sizeof(struct memory_area) > 80);
	area_cache = KMEM_CACHE(memory_area, SLAB_ACCOUNT);
	return area_cache ? 0 : -ENOMEM;
}

/**
 * memory_area_cache_exit() - destroy the cache; every area is freed
 */
void memory_area_cache_exit(void)
{
	kmem_cache_destroy(area_cache);
}

/**
 * memory_area_alloc() - allocate an area that is not in any set yet
 * @start: first address
 * @size: length in bytes; an empty or overflowing range is refused later,
 *	by memory_set_map()
 * @flags: protection flags handed to the backend
 * @ops: the mapping backend; NULL for a spare node that a split fills
 * @offset: the backend's value for @start (see &memory_area.offset)
 *
 * Return: the area, or NULL if out of memory or past the limit of all
 * sets' nodes (memory_area_set_total_limit()).
 */
struct memory_area *memory_area_alloc(u64 start, u64 size, u32 flags,
				      const struct mapping_backend_ops *ops,
				      u64 offset)
{
	struct memory_area *area;

	if (ms_should_fail() || !charge_area())
		return NULL;
	area = kmem_cache_alloc(area_cache, GFP_KERNEL);
	if (!area) {
		atomic_long_dec(&areas_held);
		return NULL;
	}
	*area = (struct memory_area){
		.start = start,
		.end = start + size,
		.flags = flags,
		.ops = ops,
		.offset = offset,
	};
	RB_CLEAR_NODE(&area->node);
	return area;
}

/**
 * memory_area_free() - free an area that is in no set
 * @area: the area, or NULL
 */
void memory_area_free(struct memory_area *area)
{
	if (!area)
		return;
	kmem_cache_free(area_cache, area);
	atomic_long_dec(&areas_held);
}
