// SPDX-License-Identifier: GPL-2.0
/*
 * memory_set: map, unmap and protect ranges of an address space.
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
 * An operation on [start, end) cuts at most two areas: @left, the one that
 * starts below @start and reaches past it, and @right, the one that starts
 * below @end and reaches past it. They may be the same area.
 *
 *            start                     end
 *     [ left | .....inside...... ]  [ right | ... ]
 */
#include <linux/bug.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <trace/events/memory_set.h>

#include "tree.h"

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

/* A range [start, end) of a set, the areas it meets and the two it cuts. */
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

static void range_op_init(struct range_op *op, struct memory_set *set,
			  u64 start, u64 end)
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
	last = area_tree_first_ending_after(set, end);
	if (last && last->start < end)
		op->right = last;
}

/* The area after @area if it still meets the range of @op, else NULL. */
static struct memory_area *next_in(const struct range_op *op,
				   const struct memory_area *area)
{
	struct memory_area *next = memory_area_next(area);

	return next && next->start < op->end ? next : NULL;
}

static u64 part_start(const struct memory_area *area, const struct range_op *op)
{
	return max(area->start, op->start);
}

static u64 part_size(const struct memory_area *area, const struct range_op *op)
{
	return min(area->end, op->end) - part_start(area, op);
}

static int backend_split(struct memory_area *area, u64 addr, void *pt,
			 unsigned long *undo)
{
	*undo = 0;
	return area->ops->split ? area->ops->split(area, addr, pt, undo) : 0;
}

/* Undo the backend splits, in reverse order; the core owns their records. */
static void backend_unsplit_edges(struct range_op *op)
{
	void *pt = op->set->pt;

	if (op->undo_right)
		op->right->ops->unsplit(op->right, op->end, op->undo_right, pt);
	if (op->undo_left)
		op->left->ops->unsplit(op->left, op->start, op->undo_left, pt);
	op->undo_left = 0;
	op->undo_right = 0;
}

/*
 * Make the cut points backend boundaries. With @skip_flags, an area that
 * already has those flags is not cut (protect leaves it alone).
 */
static int backend_split_edges(struct range_op *op, u32 *skip_flags)
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
			backend_unsplit_edges(op);
			return err;
		}
	}
	return 0;
}

/*
 * Whether the set may gain @added areas: an operation that would leave more
 * than max_areas fails, whatever it holds in between. With @unmapped, the
 * areas wholly inside the range of @op are about to go and count as room.
 */
static bool areas_fit(const struct range_op *op, unsigned long added,
		      bool unmapped)
{
	const struct memory_set *set = op->set;
	unsigned long room =
		set->max_areas - min(set->max_areas, set->nr_areas);
	struct memory_area *area;

	for (area = op->first; unmapped && area && added > room;
	     area = next_in(op, area)) {
		room += area != op->left && area != op->right;
		cond_resched();
	}
	return added <= room;
}

/* Whether the range of @op lies strictly inside one area, cutting it in two. */
static bool cuts_one_area(const struct range_op *op)
{
	return op->left && op->left == op->right;
}

/* Map back the parts of the areas before @stop that unmap_parts() removed. */
static void remap_parts(struct range_op *op, struct memory_area *stop)
{
	struct memory_area *area;

	for (area = op->first; area; area = next_in(op, area)) {
		if (area == stop)
			break;
		/* Backends guarantee that re-mapping what they unmapped works. */
		WARN_ON_ONCE(area->ops->map(area, part_start(area, op),
					    part_size(area, op), op->set->pt));
		cond_resched();
	}
}

static int unmap_parts(struct range_op *op)
{
	struct memory_area *area;
	int err;

	for (area = op->first; area; area = next_in(op, area)) {
		err = area->ops->unmap(area, part_start(area, op),
				       part_size(area, op), op->set->pt);
		if (err) {
			remap_parts(op, area);
			return err;
		}
		cond_resched();
	}
	return 0;
}

/* Cut @area at @addr: @area keeps the head, @tail becomes the rest. */
static void split_area(struct memory_set *set, struct memory_area *area,
		       struct memory_area *tail, u64 addr)
{
	u64 end = area->end;

	trace_ms_area_split(area->start, addr, end);
	area_tree_set_end(set, area, addr);
	tail->start = addr;
	tail->end = end;
	tail->flags = area->flags;
	tail->ops = area->ops;
	tail->offset = area->offset + (addr - area->start);
	area_tree_insert(set, tail);
}

/* Take the cut areas' ends off the range and drop every area inside it. */
/* Free every area of @set at once: a teardown, without rebalancing. */
static void drop_all_areas(struct memory_set *set)
{
	struct memory_area *area, *next;

	rbtree_postorder_for_each_entry_safe(area, next, &set->root, node) {
		memory_area_free(area);
		cond_resched();
	}
	set->root = RB_ROOT;
	set->last = NULL;
	set->nr_areas = 0;
	set->mapped_bytes = 0;
}

static void commit_unmap(struct range_op *op, struct memory_area *spare)
{
	struct memory_area *area = op->first, *next;

	/* Every area is in the range (a clear, a close): no need to erase. */
	if (!op->left && !op->right && area == memory_set_first(op->set) &&
	    op->set->last->start < op->end) {
		drop_all_areas(op->set);
		return;
	}

	if (cuts_one_area(op)) {
		/* The range is inside one area: its tail becomes @spare. */
		split_area(op->set, op->left, spare, op->end);
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
	if (cuts_one_area(op)) {
		*spare = memory_area_alloc(0, 0, 0, NULL, 0);
		if (!*spare)
			return -ENOMEM;
	}
	err = backend_split_edges(op, NULL);
	if (err)
		goto out;
	if (incoming && incoming->ops->prepare)
		err = incoming->ops->prepare(incoming, pt);
	if (!err)
		err = unmap_parts(op);
	if (err)
		backend_unsplit_edges(op);
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
	backend_unsplit_edges(op);
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
	if (cuts_one_area(&op) && !areas_fit(&op, 1, false))
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
	u64 size = memory_area_size(area);
	struct memory_area *spare;
	struct range_op op;
	int err;

	if (area->start >= area->end)
		return -EINVAL;
	range_op_init(&op, set, area->start, area->end);
	err = -EEXIST;
	if (op.first && !replace)
		goto out;
	err = -ENOMEM;
	if (!areas_fit(&op, 1 + cuts_one_area(&op), true))
		goto out;

	if (op.first) {
		err = unmap_begin(&op, &spare, area);
		if (err)
			goto out;
	}
	err = area->ops->map(area, area->start, size, set->pt);
	if (err) {
		if (op.first)
			unmap_abort(&op, spare);
		goto out;
	}
	if (op.first)
		commit_unmap(&op, spare);
	area_tree_insert(set, area);
out:
	trace_ms_map(area->start, area->end, area->flags, err);
	return err;
}

/* Protect: the parts whose flags change. */
static bool needs_change(const struct memory_area *area, u32 new_flags)
{
	return area->flags != new_flags;
}

static int protect_part(struct memory_area *area, struct range_op *op,
			u32 flags)
{
	return area->ops->protect(area, part_start(area, op),
				  part_size(area, op), flags, op->set->pt);
}

/* Protect, after the splits, every part whose flags change. */
static int protect_parts(struct range_op *op, u32 new_flags)
{
	struct memory_area *area, *done;
	int err;

	for (area = op->first; area; area = next_in(op, area)) {
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
	for (done = op->first; done != area; done = next_in(op, done)) {
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
		split_area(op->set, op->right, *spare++, op->end);
	/* [left.start, start) | [start, left.end) */
	if (op->left && needs_change(op->left, new_flags))
		split_area(op->set, op->left, *spare++, op->start);

	/* The range now starts an area (or a hole): find its first area. */
	range_op_init(op, op->set, op->start, op->end);
	for (area = op->first; area; area = next_in(op, area)) {
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
	if (!areas_fit(&op, nr_cuts, false))
		goto out;
	for (i = 0; i < nr_cuts; i++) {
		spare[i] = memory_area_alloc(0, 0, 0, NULL, 0);
		if (!spare[i])
			goto out;
	}
	err = backend_split_edges(&op, &new_flags);
	if (err)
		goto out;
	err = protect_parts(&op, new_flags);
	if (err) {
		backend_unsplit_edges(&op);
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
