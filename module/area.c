// SPDX-License-Identifier: GPL-2.0
/*
 * memory_area: allocation of the node that describes one area, from a
 * cache of its own (SLAB_ACCOUNT: charged to the memory cgroup, like
 * Linux's vm_area_struct), and the registry of backends whose index the
 * node keeps instead of a pointer to its ops: 72 bytes, 56 nodes to a
 * 4 KiB slab, where a pointer made them 80 bytes, 51 to a slab. Nodes are
 * counted module-wide: each set bounds its own (max_areas), and
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

/*
 * The ops tables areas use, by index (memory_area_ops()). An entry is
 * written once, from NULL, and never changes: an index stays valid for as
 * long as the code does.
 */
const struct mapping_backend_ops *memory_set_backends[MEMORY_SET_MAX_BACKENDS];

/*
 * The index of @ops in the registry, adding it on its first use. A reader
 * of an area's index reached it through the owner's lock, after the store
 * that made the entry. Return: the index, or -1 if the registry is full.
 */
static int backend_index(const struct mapping_backend_ops *ops)
{
	const struct mapping_backend_ops *seen;
	int i;

	if (!ops) /* a spare node: area_tree_split() copies the index */
		return 0;
	for (i = 0; i < MEMORY_SET_MAX_BACKENDS; i++) {
		seen = READ_ONCE(memory_set_backends[i]);
		if (!seen)
			seen = cmpxchg(&memory_set_backends[i], NULL, ops);
		if (!seen || seen == ops) /* just added, or found */
			return i;
	}
	return -1;
}

/**
 * memory_area_cache_init() - create the cache area nodes come from
 *
 * Return: 0 or -ENOMEM.
 */
int memory_area_cache_init(void)
{
	/* The node's size is the memory target: see BENCHMARKS.md. */
	BUILD_BUG_ON(sizeof(struct memory_area) > 72);
	BUILD_BUG_ON(MEMORY_SET_MAX_BACKENDS > 256); /* @backend is a u8 */
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
 * @ops: the mapping backend: a static table, registered on its first use
 *	(&memory_area.backend); NULL for a spare node that a split fills
 * @offset: the backend's value for @start (see &memory_area.offset)
 *
 * Return: the area, or NULL if out of memory, past the limit of all sets'
 * nodes (memory_area_set_total_limit()), or (a bug) if more than
 * MEMORY_SET_MAX_BACKENDS ops tables are in use.
 */
struct memory_area *memory_area_alloc(u64 start, u64 size, u32 flags,
				      const struct mapping_backend_ops *ops,
				      u64 offset)
{
	int backend = backend_index(ops);
	struct memory_area *area;

	if (WARN_ON_ONCE(backend < 0) || ms_should_fail() || !charge_area())
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
		.backend = backend,
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
