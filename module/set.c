// SPDX-License-Identifier: GPL-2.0
/*
 * memory_set: map and unmap ranges of an address space, and clear it.
 *
 * Every operation runs in two phases, so that it is all or nothing:
 *
 *  1. Backend phase. Allocate every area node the operation may need, then
 *     call the backend for each affected part, in address order. Nothing in
 *     the tree changes. If a call fails, the calls already made are undone
 *     with their inverses (unmap <-> map, protect <-> protect back, split
 *     <-> unsplit) and the error is returned.
 *  2. Commit phase. Reshape the tree: shrink, split, re-flag or remove the
 *     areas. Nothing here can fail.
 *
 * The range of an operation, the areas it meets and the two it may cut
 * are in range.c; protect is in protect.c.
 */
#include <linux/bug.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <trace/events/memory_set.h>

#include "range.h"

/**
 * memory_set_init() - initialise an empty set
 * @set: the set
 * @pt: the page table passed to the backends of its areas
 */
void memory_set_init(struct memory_set *set, void *pt)
{
	*set = (struct memory_set){
		.root = RB_ROOT,
		.max_areas = ULONG_MAX,
		.pt = pt,
	};
}

/* Map back the parts of the areas before @stop that unmap_parts() removed. */
static void remap_parts(struct range_op *op, struct memory_area *stop)
{
	struct memory_area *area;
	int err;

	for (area = op->first; area; area = range_next(op, area)) {
		if (area == stop)
			break;
		/* Backends guarantee that re-mapping what they unmapped works. */
		err = memory_area_ops(area)->map(area,
						 range_part_start(area, op),
						 range_part_size(area, op),
						 op->set->pt);
		WARN_ON_ONCE(err);
		cond_resched();
	}
}

static int unmap_parts(struct range_op *op)
{
	struct memory_area *area;
	int err;

	for (area = op->first; area; area = range_next(op, area)) {
		err = memory_area_ops(area)->unmap(area,
						   range_part_start(area, op),
						   range_part_size(area, op),
						   op->set->pt);
		if (err) {
			remap_parts(op, area);
			return err;
		}
		cond_resched();
	}
	return 0;
}

/* Take the cut areas' ends off the range and drop every area inside it. */
static void commit_unmap(struct range_op *op, struct memory_area *spare)
{
	struct memory_area *area = op->first, *next;

	/*
	 * The range holds every area (a clear, a close): free the nodes in
	 * post-order, no rebalancing per node. A speed trick (BENCHMARKS.md,
	 * "What changed, and why"); KUnit's test_clear_paths_agree runs it
	 * and the node-by-node path on the same areas.
	 */
	if (!op->start && !op->right && op->set->last->start < op->end) {
		area_tree_drop_all(op->set);
		return;
	}

	if (range_cuts_one_area(op)) {
		/* The range is inside one area: its tail becomes @spare. */
		area_tree_split(op->set, op->left, spare, op->end);
		area_tree_set_end(op->set, op->left, op->start);
		return;
	}
	if (op->left) {
		area_tree_set_end(op->set, op->left, op->start);
		area = memory_area_next(op->left);
	}
	while (area && area != op->right && area->start < op->end) {
		next = memory_area_next(area);
		area_tree_erase(op->set, area);
		memory_area_free(area);
		area = next;
		cond_resched();
	}
	if (op->right) {
		op->right->offset += op->end - op->right->start;
		area_tree_set_start(op->set, op->right, op->end);
	}
}

/* Reserve what a map of @area (if any) will need: see ->prepare. */
static int prepare(struct memory_area *area, void *pt)
{
	if (!area || !memory_area_ops(area)->prepare)
		return 0;
	return memory_area_ops(area)->prepare(area, pt);
}

/* Give back what prepare() reserved, the map not made. */
static void unprepare(struct memory_area *area, void *pt)
{
	if (area && memory_area_ops(area)->unprepare)
		memory_area_ops(area)->unprepare(area, pt);
}

/*
 * Backend phase of an unmap of [op->start, op->end). @incoming, if not
 * NULL, is the area about to be mapped there: it is prepared once the cuts
 * are made, before anything is torn down. On success, *@spare holds the
 * node the commit needs (if any); on failure nothing changed.
 */
static int unmap_begin(struct range_op *op, struct memory_area **spare,
		       struct memory_area *incoming)
{
	void *pt = op->set->pt;
	int err;

	*spare = NULL;
	if (range_cuts_one_area(op)) {
		*spare = memory_area_alloc(0, 0, 0, NULL, 0);
		if (!*spare)
			return -ENOMEM;
	}
	err = range_split_edges(op, NULL);
	if (err)
		goto out;
	err = prepare(incoming, pt);
	if (!err) {
		err = unmap_parts(op);
		if (err)
			unprepare(incoming, pt);
	}
	if (err)
		range_unsplit_edges(op);
out:
	if (err) {
		memory_area_free(*spare);
		*spare = NULL;
	}
	return err;
}

static void unmap_abort(struct range_op *op, struct memory_area *spare)
{
	remap_parts(op, NULL);
	range_unsplit_edges(op);
	memory_area_free(spare);
}

static int unmap_range(struct memory_set *set, u64 start, u64 end)
{
	struct memory_area *spare;
	struct range_op op;
	int err;

	range_op_init(&op, set, start, end);
	if (!op.first)
		return 0;
	if (range_cuts_one_area(&op) && !range_areas_fit(&op, 1, false))
		return -ENOMEM;
	err = unmap_begin(&op, &spare, NULL);
	if (!err)
		commit_unmap(&op, spare);
	return err;
}

/**
 * memory_set_unmap() - remove the mappings in a range
 * @set: the set
 * @start: first address of the range
 * @size: length of the range; 0 does nothing
 *
 * Areas inside the range are removed, an area crossing one of its edges is
 * shrunk, and an area containing the whole range is split in two. Holes in
 * the range are fine.
 *
 * Return: 0, -EINVAL if the range overflows, -ENOMEM, or a backend's error;
 * on error nothing changed.
 */
int memory_set_unmap(struct memory_set *set, u64 start, u64 size)
{
	int err;

	if (!size)
		return 0;
	if (start + size < start)
		return -EINVAL;
	err = unmap_range(set, start, start + size);
	trace_ms_unmap(start, start + size, 0, err);
	return err;
}

/**
 * memory_set_clear() - remove every area
 * @set: the set
 *
 * Return: 0 or a backend's error, in which case nothing changed.
 */
int memory_set_clear(struct memory_set *set)
{
	return unmap_range(set, 0, U64_MAX);
}

/* A map over existing areas: they are unmapped first, all or nothing. */
static int map_replace(struct memory_set *set, struct memory_area *area)
{
	struct memory_area *spare;
	struct range_op op;
	int err;

	range_op_init(&op, set, area->start, area->end);
	if (!range_areas_fit(&op, 1 + range_cuts_one_area(&op), true))
		return -ENOMEM;
	err = unmap_begin(&op, &spare, area);
	if (err)
		return err;
	err = memory_area_ops(area)->map(area, area->start,
					 memory_area_size(area), set->pt);
	if (err) {
		unmap_abort(&op, spare);
		return err;
	}
	commit_unmap(&op, spare);
	area_tree_insert(set, area);
	return 0;
}

/**
 * memory_set_map() - add an area to a set and map it
 * @set: the set
 * @area: the new area, from memory_area_alloc(); on success @set owns it,
 *	on error the caller still does
 * @replace: what to do if @area overlaps existing areas: false refuses,
 *	true unmaps the overlapping parts first (like mmap's MAP_FIXED)
 *
 * Return: 0; -EINVAL if @area is empty or overflows; -EEXIST if it overlaps
 * and @replace is false; -ENOMEM or a backend's error, with nothing changed.
 */
int memory_set_map(struct memory_set *set, struct memory_area *area,
		   bool replace)
{
	const struct mapping_backend_ops *ops = memory_area_ops(area);
	struct area_slot slot;
	int err;

	if (area->start >= area->end)
		return -EINVAL;
	/* One descent finds where the area goes and proves the range free. */
	if (!area_tree_find_slot(set, area->start, area->end, &slot)) {
		err = replace ? map_replace(set, area) : -EEXIST;
		goto out;
	}
	err = -ENOMEM;
	if (set->nr_areas < set->max_areas)
		err = ops->map(area, area->start, memory_area_size(area),
			       set->pt);
	if (!err)
		area_tree_link(set, area, &slot);
out:
	trace_ms_map(area->start, area->end, area->flags, err);
	return err;
}
