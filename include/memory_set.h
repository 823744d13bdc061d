/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memory_set: the data structure behind mmap, munmap and mprotect.
 *
 * A memory set is a collection of non-overlapping memory areas kept in an
 * rbtree keyed by start address. Every change to an area is mirrored into a
 * page table through the area's mapping backend. The core is agnostic of the
 * granularity and of the page table: it only calls the backend's ops.
 *
 * Every operation is all or nothing: on any error the areas and the page
 * table are left exactly as they were before the call.
 */
#ifndef _MEMORY_SET_H
#define _MEMORY_SET_H

#include <linux/rbtree.h>
#include <linux/types.h>

struct memory_area;

/**
 * struct mapping_backend_ops - how an area's changes reach the page table
 * @prepare: optional. Reserve everything a later @map of the whole area will
 *	need, so that @map cannot fail. May fail; must not change any
 *	translation. Used by a map that replaces existing areas, so that the
 *	old mappings are torn down only once the new one is sure to succeed.
 * @map: map [@start, @start + @size) of @area with @area->flags.
 * @unmap: remove the translations of [@start, @start + @size) of @area.
 * @protect: give [@start, @start + @size) of @area the flags @new_flags.
 * @split: optional. Make @addr, strictly inside @area, a boundary of the
 *	page table's leaves without changing any translation (e.g. split a
 *	huge leaf), so that unmap and protect of a part cannot fail.
 * @merge: optional, required with @split. Undo a successful @split at @addr.
 *
 * Every op is all or nothing: it returns 0, or a negative errno having
 * changed nothing. @unmap and @protect are only ever called on parts of an
 * area whose edges are area edges or were passed to @split.
 */
struct mapping_backend_ops {
	int (*prepare)(struct memory_area *area, void *pt);
	int (*map)(struct memory_area *area, u64 start, u64 size, void *pt);
	int (*unmap)(struct memory_area *area, u64 start, u64 size, void *pt);
	int (*protect)(struct memory_area *area, u64 start, u64 size,
		       u32 new_flags, void *pt);
	int (*split)(struct memory_area *area, u64 addr, void *pt);
	void (*merge)(struct memory_area *area, u64 addr, void *pt);
};

/**
 * struct memory_area - a contiguous range of virtual memory with one set of
 *	flags, mapped by one backend
 * @node: link in &memory_set.root, keyed by @start
 * @start: first address of the area
 * @end: first address past the area; @start < @end
 * @flags: protection flags, opaque to the core; passed to the backend
 * @ops: the backend that mirrors the area into the page table
 * @offset: a backend value that follows @start, like a VMA's vm_pgoff:
 *	when the area loses its first N bytes, @offset grows by N (a linear
 *	backend keeps the physical address of @start here)
 * @gap: free space between the previous area's end (or 0) and @start
 * @subtree_gap: the largest @gap in the subtree rooted at @node
 */
struct memory_area {
	struct rb_node node;
	u64 start;
	u64 end;
	u32 flags;
	const struct mapping_backend_ops *ops;
	u64 offset;
	u64 gap;
	u64 subtree_gap;
};

/**
 * struct memory_set - the areas of one address space
 * @root: the areas, ordered by start address
 * @last: the area with the highest start, or NULL (the free space above
 *	it is the one gap no node records)
 * @nr_areas: how many areas @root holds
 * @pt: the page table handed to every backend op
 */
struct memory_set {
	struct rb_root root;
	struct memory_area *last;
	unsigned long nr_areas;
	void *pt;
};

/**
 * memory_area_size() - the number of bytes an area spans
 * @area: the area
 *
 * Return: @area->end - @area->start.
 */
static inline u64 memory_area_size(const struct memory_area *area)
{
	return area->end - area->start;
}

struct memory_area *memory_area_alloc(u64 start, u64 size, u32 flags,
				      const struct mapping_backend_ops *ops,
				      u64 offset);
void memory_area_free(struct memory_area *area);

#if IS_ENABLED(CONFIG_MEMORY_SET_KUNIT_TEST)
extern unsigned int memory_set_fail_nth;
bool memory_set_should_fail(void);
#else
/**
 * memory_set_should_fail() - fault injection point of every allocation
 *
 * Built with the KUnit tests, setting memory_set_fail_nth to N makes the
 * Nth allocation from then on fail, like the kernel's fail-nth.
 *
 * Return: true if this allocation must fail.
 */
static inline bool memory_set_should_fail(void)
{
	return false;
}
#endif

void memory_set_init(struct memory_set *set, void *pt);
int memory_set_map(struct memory_set *set, struct memory_area *area,
		   bool replace);
int memory_set_unmap(struct memory_set *set, u64 start, u64 size);
int memory_set_protect(struct memory_set *set, u64 start, u64 size,
		       u32 new_flags);
int memory_set_clear(struct memory_set *set);
int memory_set_find_free_area(const struct memory_set *set, u64 hint, u64 size,
			      u64 limit_start, u64 limit_end, u64 align,
			      u64 *addr);
struct memory_area *memory_set_find(const struct memory_set *set, u64 addr);
struct memory_area *memory_set_first_from(const struct memory_set *set,
					  u64 addr);
bool memory_set_overlaps(const struct memory_set *set, u64 start, u64 end);

/**
 * memory_set_len() - the number of areas in a set
 * @set: the set
 *
 * Return: how many areas @set holds.
 */
static inline unsigned long memory_set_len(const struct memory_set *set)
{
	return set->nr_areas;
}

/**
 * memory_set_first() - the area with the lowest start address
 * @set: the set
 *
 * Return: that area, or NULL if @set is empty.
 */
static inline struct memory_area *memory_set_first(const struct memory_set *set)
{
	return rb_entry_safe(rb_first(&set->root), struct memory_area, node);
}

/**
 * memory_area_next() - the area that follows another in address order
 * @area: an area of a set
 *
 * Return: the next area, or NULL if @area is the last one.
 */
static inline struct memory_area *
memory_area_next(const struct memory_area *area)
{
	return rb_entry_safe(rb_next(&area->node), struct memory_area, node);
}

#endif /* _MEMORY_SET_H */
