// SPDX-License-Identifier: GPL-2.0
/*
 * The areas of a set live in an rbtree keyed by start address. Each node
 * also records the free gap just below its area (&memory_area.gap) and the
 * largest such gap in its subtree (&memory_area.subtree_gap), the way
 * Linux's VMA tree did before the maple tree. Lookups are O(log n), and so
 * is finding a free range: the search descends only into subtrees that
 * hold a gap large enough.
 *
 *        [A]---gap---[B]------gap------[C]
 *   gap(B) = B.start - A.end      gap(A) = A.start - 0
 */
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/rbtree_augmented.h>
#include <linux/sched.h>
#include <trace/events/memory_set.h>

#include "tree.h"

static inline u64 area_own_gap(const struct memory_area *area)
{
	return area->gap;
}

RB_DECLARE_CALLBACKS_MAX(static, gap_callbacks, struct memory_area, node, u64,
			 subtree_gap, area_own_gap);

static struct memory_area *node_to_area(struct rb_node *node)
{
	return rb_entry_safe(node, struct memory_area, node);
}

/*
 * Set @area's gap (the free space below it) and fix the subtree maxima.
 * Gaps change by what moved next to them, so no neighbour is looked up.
 */
static void area_set_gap(struct memory_area *area, u64 gap)
{
	if (!area)
		return;
	area->gap = gap;
	gap_callbacks_propagate(&area->node, NULL);
}

/**
 * area_tree_find_slot() - where a range would go in a tree, in one descent
 * @set: the set
 * @start: first address of the range
 * @end: first address past it
 * @slot: the link to attach a node at, and the areas before and after
 *
 * Return: true if no area overlaps [@start, @end), so that @slot is free.
 */
bool area_tree_find_slot(const struct memory_set *set, u64 start, u64 end,
			 struct area_slot *slot)
{
	struct rb_node **link = (struct rb_node **)&set->root.rb_node;
	struct memory_area *entry;

	*slot = (struct area_slot){ .link = link };
	while (*link) {
		slot->parent = *link;
		entry = node_to_area(*link);
		if (start < entry->start) {
			slot->next = entry;
			link = &entry->node.rb_left;
		} else {
			slot->prev = entry;
			link = &entry->node.rb_right;
		}
	}
	slot->link = link;
	return !(slot->prev && slot->prev->end > start) &&
	       !(slot->next && slot->next->start < end);
}

/**
 * area_tree_link() - link an area into a set's tree at a free slot
 * @set: the set
 * @area: an area that overlaps no area of @set
 * @slot: what area_tree_find_slot() found for it, the tree unchanged since
 */
void area_tree_link(struct memory_set *set, struct memory_area *area,
		    const struct area_slot *slot)
{
	struct memory_area *entry;

	area->gap = area->start - (slot->prev ? slot->prev->end : 0);
	area->subtree_gap = area->gap;
	/*
	 * The new gap is a leaf for now: every ancestor's maximum must cover
	 * it; above the first that does already, all do.
	 */
	for (entry = node_to_area(slot->parent);
	     entry && entry->subtree_gap < area->gap;
	     entry = node_to_area(rb_parent(&entry->node)))
		entry->subtree_gap = area->gap;

	rb_link_node(&area->node, slot->parent, slot->link);
	rb_insert_augmented(&area->node, &set->root, &gap_callbacks);
	set->nr_areas++;
	set->mapped_bytes += memory_area_size(area);
	if (!slot->next)
		set->last = area;
	set->recent = area;
	if (slot->next)
		area_set_gap(slot->next, slot->next->start - area->end);
}

/**
 * area_tree_insert() - link an area into a set's tree
 * @set: the set
 * @area: an area that overlaps no area of @set
 */
void area_tree_insert(struct memory_set *set, struct memory_area *area)
{
	struct area_slot slot;

	area_tree_find_slot(set, area->start, area->end, &slot);
	area_tree_link(set, area, &slot);
}

/**
 * area_tree_drop_all() - free every area of a set at once
 * @set: the set; it is left empty
 *
 * A teardown: the nodes are freed in post-order, without rebalancing, and
 * no backend is called.
 */
void area_tree_drop_all(struct memory_set *set)
{
	struct memory_area *area, *next;

	rbtree_postorder_for_each_entry_safe(area, next, &set->root, node) {
		memory_area_free(area);
		cond_resched();
	}
	set->root = RB_ROOT;
	set->last = NULL;
	set->recent = NULL;
	set->nr_areas = 0;
	set->mapped_bytes = 0;
}

/**
 * area_tree_split() - cut an area of a tree in two
 * @set: the set that holds @area
 * @area: the area; it keeps the head, [start, @addr)
 * @tail: a new node that becomes the rest, [@addr, end)
 * @addr: the cut, strictly inside @area
 */
void area_tree_split(struct memory_set *set, struct memory_area *area,
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

/**
 * area_tree_erase() - unlink an area from a set's tree
 * @set: the set that holds @area
 * @area: the area; the caller frees it
 */
void area_tree_erase(struct memory_set *set, struct memory_area *area)
{
	struct memory_area *next = memory_area_next(area);

	if (set->last == area)
		set->last = node_to_area(rb_prev(&area->node));
	if (set->recent == area)
		set->recent = NULL;
	rb_erase_augmented(&area->node, &set->root, &gap_callbacks);
	RB_CLEAR_NODE(&area->node);
	set->nr_areas--;
	set->mapped_bytes -= memory_area_size(area);
	/* Its gap and its bytes become the next area's gap. */
	if (next)
		area_set_gap(next,
			     next->gap + area->gap + memory_area_size(area));
}

/**
 * area_tree_set_start() - move the start of an area that is in a tree
 * @set: the set that holds @area
 * @area: the area
 * @start: the new start; the area must still overlap no other
 */
void area_tree_set_start(struct memory_set *set, struct memory_area *area,
			 u64 start)
{
	set->mapped_bytes -= start - area->start;
	area_set_gap(area, area->gap + (start - area->start));
	area->start = start;
}

/**
 * area_tree_set_end() - move the end of an area that is in a tree
 * @set: the set that holds @area
 * @area: the area
 * @end: the new end; the area must still overlap no other
 */
void area_tree_set_end(struct memory_set *set, struct memory_area *area,
		       u64 end)
{
	struct memory_area *next = memory_area_next(area);

	set->mapped_bytes += end - area->end;
	if (next)
		area_set_gap(next, next->gap + (area->end - end));
	area->end = end;
}

/**
 * area_tree_first_ending_after() - the lowest area that ends after an address
 * @set: the set
 * @addr: the address
 *
 * Since areas do not overlap, this is the area containing @addr if there is
 * one, else the first area above @addr.
 *
 * A speed trick: an address inside the area linked last (@set->recent:
 * a map, then an unmap or a fault there) needs no descent. It took a
 * map+unmap pair on 6.12 from 5.4 to 4.6 us at 10^4 areas and from 7.1 to
 * 6.1 us at 10^5 (BENCHMARKS.md, "Performance III"); KUnit's
 * test_recent_area_and_descent_agree looks addresses up both ways, and
 * tools/ucore's harness after every operation of its fuzzer.
 *
 * Return: the area, or NULL if every area ends at or below @addr.
 */
struct memory_area *area_tree_first_ending_after(const struct memory_set *set,
						 u64 addr)
{
	struct rb_node *node = set->root.rb_node;
	struct memory_area *found = NULL, *area = set->recent;

	if (area && area->start <= addr && addr < area->end)
		return area;
	while (node) {
		area = node_to_area(node);
		if (area->end > addr) {
			found = area;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return found;
}

/**
 * memory_set_find() - the area that contains an address
 * @set: the set
 * @addr: the address
 *
 * Return: the area, or NULL if no area contains @addr.
 */
struct memory_area *memory_set_find(const struct memory_set *set, u64 addr)
{
	struct memory_area *area = area_tree_first_ending_after(set, addr);

	return area && area->start <= addr ? area : NULL;
}

/**
 * memory_set_first_from() - the area that contains or follows an address
 * @set: the set
 * @addr: the address
 *
 * Return: the area, or NULL if no area ends above @addr.
 */
struct memory_area *memory_set_first_from(const struct memory_set *set,
					  u64 addr)
{
	return area_tree_first_ending_after(set, addr);
}

/**
 * memory_set_overlaps() - whether any area meets a range
 * @set: the set
 * @start: first address of the range
 * @end: first address past the range
 *
 * Return: true if some area overlaps [@start, @end).
 */
bool memory_set_overlaps(const struct memory_set *set, u64 start, u64 end)
{
	struct memory_area *area = area_tree_first_ending_after(set, start);

	return area && area->start < end;
}

/* The leftmost area of a subtree whose gap is at least @size. */
static struct memory_area *leftmost_fit(struct rb_node *node, u64 size)
{
	struct memory_area *area, *left;

	while (node) {
		area = node_to_area(node);
		if (area->subtree_gap < size)
			return NULL;
		left = node_to_area(node->rb_left);
		if (left && left->subtree_gap >= size) {
			node = node->rb_left;
			continue;
		}
		if (area->gap >= size)
			return area;
		node = node->rb_right;
	}
	return NULL;
}

/* The first area after @area in address order whose gap is at least @size. */
static struct memory_area *next_fit(struct memory_area *area, u64 size)
{
	struct rb_node *node = &area->node, *parent;
	struct memory_area *found = leftmost_fit(node->rb_right, size);

	if (found)
		return found;
	while ((parent = rb_parent(node))) {
		if (node == parent->rb_left) {
			if (node_to_area(parent)->gap >= size)
				return node_to_area(parent);
			found = leftmost_fit(parent->rb_right, size);
			if (found)
				return found;
		}
		node = parent;
	}
	return NULL;
}

/*
 * Whether [@gap_start, @gap_end) clipped to [@lo, @hi) holds @size bytes
 * from an @align-aligned start; if so, *@addr is the lowest such start.
 */
static bool gap_fits(u64 gap_start, u64 gap_end, u64 lo, u64 hi, u64 size,
		     u64 align, u64 *addr)
{
	u64 from = max(gap_start, lo), to = min(gap_end, hi);
	u64 start = ALIGN(from, align);

	if (start < from || start >= to) /* aligning overflowed or left */
		return false;
	if (to - start < size)
		return false;
	*addr = start;
	return true;
}

/* Gaps large enough but misaligned that an exact search looks at, at most. */
#define EXACT_TRIES 64

/*
 * Starting at @area, the first gap of at least @need bytes that holds
 * @size bytes from an @align-aligned start within [@lo, @hi): at most
 * @tries gaps that do not are looked at (0: no limit). Return: 1 found
 * (*@addr), 0 none below @hi, -1 out of tries.
 */
static int scan_gaps(struct memory_area *area, u64 need, u64 size, u64 lo,
		     u64 hi, u64 align, unsigned int tries, u64 *addr)
{
	u64 gap_start;

	if (area && area->gap < need)
		area = next_fit(area, need);
	for (; area; area = next_fit(area, need)) {
		gap_start = area->start - area->gap;
		if (gap_start >= hi)
			return 0;
		if (gap_fits(gap_start, area->start, lo, hi, size, align, addr))
			return 1;
		if (tries && !--tries)
			return -1;
	}
	return 0;
}

/* The first area whose gap may hold a range starting at or above @lo. */
static struct memory_area *first_gap_from(const struct memory_set *set, u64 lo,
					  u64 size)
{
	struct memory_area *area = node_to_area(set->root.rb_node);

	/* No gap between areas is large enough: only the top one can be. */
	if (!area || area->subtree_gap < size)
		return NULL;
	/* Gaps below areas that start at or below @lo lie below @lo. */
	area = area_tree_first_ending_after(set, lo);
	if (area && area->start <= lo)
		area = memory_area_next(area);
	return area;
}

/**
 * memory_set_find_free_area() - find the lowest free range that fits
 * @set: the set
 * @hint: the lowest start wanted
 * @size: length of the range, > 0
 * @limit_start: the range must start at or above this
 * @limit_end: the range must end at or below this
 * @align: alignment of the start, a power of two
 * @addr: on success, the start found
 *
 * Finds the lowest @align-aligned start >= max(@hint, @limit_start) such
 * that [start, start + @size) meets no area and ends <= @limit_end, in
 * O(log n): the gap-augmented tree skips every gap smaller than @size. A
 * gap that large may still hold no aligned start; after EXACT_TRIES such
 * gaps, the search takes instead the lowest gap of at least
 * @size + @align - 1, which holds an aligned start whatever its own
 * alignment (Linux's vm_unmapped_area() rule): a fit, and O(log n), but
 * not always the lowest. With @align 1 (or areas aligned like the
 * request) the answer is always the lowest.
 *
 * Return: 0 and *@addr set, -EINVAL for a zero @size or a bad @align, or
 * -ENOMEM if nothing fits.
 */
int memory_set_find_free_area(const struct memory_set *set, u64 hint, u64 size,
			      u64 limit_start, u64 limit_end, u64 align,
			      u64 *addr)
{
	u64 lo = max(hint, limit_start), hi = limit_end, wide;
	struct memory_area *area;
	int found;

	if (!size || !is_power_of_2(align))
		return -EINVAL;
	if (lo >= hi || hi - lo < size)
		return -ENOMEM;

	area = first_gap_from(set, lo, size);
	found = scan_gaps(area, size, size, lo, hi, align, EXACT_TRIES, addr);
	if (found < 0) {
		wide = size + align - 1;
		found = wide > size &&
			scan_gaps(first_gap_from(set, lo, wide), wide, size, lo,
				  hi, align, 0, addr) > 0;
	}
	if (found)
		return 0;
	/* The gap above the last area reaches the top of the space. */
	if (gap_fits(set->last ? set->last->end : 0, U64_MAX, lo, hi, size,
		     align, addr))
		return 0;
	return -ENOMEM;
}
