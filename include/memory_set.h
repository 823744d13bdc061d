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
 * @kind: what the backend is, for its owner (the core never reads it)
 * @prepare: optional. Reserve everything a later @map of the whole area will
 *	need once the range is emptied, so that @map cannot fail. May fail;
 *	must not change any translation. Used by a map that replaces existing
 *	areas, so that the old mappings are torn down only once the new one is
 *	sure to succeed; @map uses the reservation and frees what it leaves.
 * @unprepare: optional, required with @prepare. Give back what a
 *	successful @prepare reserved: called by the core when the operation
 *	fails after @prepare and before @map.
 * @map: map [@start, @start + @size) of @area with @area->flags.
 * @unmap: remove the translations of [@start, @start + @size) of @area.
 * @protect: give [@start, @start + @size) of @area the flags @new_flags.
 * @split: optional. Make @addr, strictly inside @area, a boundary of the
 *	page table's leaves without changing any translation (e.g. split a
 *	huge leaf), so that unmap and protect of a part cannot fail. On
 *	success *@undo is what @unsplit needs to undo it; 0 if nothing was
 *	done, and then @unsplit is not called.
 * @unsplit: optional, required with @split. Undo a successful @split at
 *	@addr, given its *@undo. The core keeps the record; the backend keeps
 *	no memory of the splits it made.
 * @fault: optional. An access (@access, in the flags' bits) that @area's
 *	flags allow faulted at @addr: the page has no translation, or (a
 *	copy-on-write) a write hit a write-protected one that the flags allow
 *	writing. Make the access possible (e.g. a lazy page gets a zeroed
 *	frame, a frame shared with a clone is copied on a write), or leave
 *	the translation alone if there is nothing to do. Called by the
 *	owner's fault path, never by the core, and never for an access that
 *	no translation with the flags could allow. Without it, such an
 *	access is a mapping error (no translation) or an access error.
 *
 * Every op is all or nothing: it returns 0, or a negative errno having
 * changed nothing. @unmap and @protect are only ever called on parts of an
 * area whose edges are area edges or were passed to @split.
 *
 * The core relies on three more promises to undo an operation that failed
 * part-way: @map of a range that @unmap emptied in the same operation
 * succeeds; @protect back to an area's flags of a range that @protect
 * changed in the same operation succeeds; @unsplit is called only in the
 * reverse order of the splits and while no leaf they made has changed.
 */
struct mapping_backend_ops {
	unsigned int kind;
	int (*prepare)(struct memory_area *area, void *pt);
	void (*unprepare)(struct memory_area *area, void *pt);
	int (*map)(struct memory_area *area, u64 start, u64 size, void *pt);
	int (*unmap)(struct memory_area *area, u64 start, u64 size, void *pt);
	int (*protect)(struct memory_area *area, u64 start, u64 size,
		       u32 new_flags, void *pt);
	int (*split)(struct memory_area *area, u64 addr, void *pt,
		     unsigned long *undo);
	void (*unsplit)(struct memory_area *area, u64 addr, unsigned long undo,
			void *pt);
	int (*fault)(struct memory_area *area, u64 addr, u32 access, void *pt);
};

/**
 * struct memory_area - a contiguous range of virtual memory with one set of
 *	flags, mapped by one backend
 * @node: link in &memory_set.root, keyed by @start
 * @start: first address of the area
 * @end: first address past the area; @start < @end
 * @flags: protection flags, opaque to the core; passed to the backend
 * @ops: the backend that mirrors the area into the page table, as a
 *	vm_area_struct holds its vm_ops
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
 * memory_area_ops() - the ops of an area's backend
 * @area: the area
 *
 * Return: the ops @area was allocated with.
 */
static inline const struct mapping_backend_ops *
memory_area_ops(const struct memory_area *area)
{
	return area->ops;
}

/**
 * struct memory_set - the areas of one address space
 * @root: the areas, ordered by start address
 * @last: the area with the highest start, or NULL (the free space above
 *	it is the one gap no node records)
 * @recent: the area linked last while it stays in the tree, or NULL: a
 *	lookup of an address inside it needs no descent
 * @nr_areas: how many areas @root holds
 * @max_areas: the most areas @root may hold (like vm.max_map_count): an
 *	operation that would leave more fails with -ENOMEM
 * @mapped_bytes: the bytes the areas cover, kept as they change
 * @pt: the page table handed to every backend op
 */
struct memory_set {
	struct rb_root root;
	struct memory_area *last;
	struct memory_area *recent;
	unsigned long nr_areas;
	unsigned long max_areas;
	u64 mapped_bytes;
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

int memory_area_cache_init(void);
void memory_area_cache_exit(void);
void memory_area_set_total_limit(unsigned long nr);
long memory_area_total(void);
struct memory_area *memory_area_alloc(u64 start, u64 size, u32 flags,
				      const struct mapping_backend_ops *ops,
				      u64 offset);
void memory_area_free(struct memory_area *area);

void memory_set_init(struct memory_set *set, void *pt);
int memory_set_map(struct memory_set *set, struct memory_area *area,
		   bool replace);
int memory_set_unmap(struct memory_set *set, u64 start, u64 size);
int memory_set_protect(struct memory_set *set, u64 start, u64 size,
		       u32 new_flags);
int memory_set_clear(struct memory_set *set);
int memory_set_copy(struct memory_set *dst, const struct memory_set *src);
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
 * memory_set_mapped_bytes() - the bytes a set's areas cover
 * @set: the set
 *
 * Return: the sum of the areas' sizes, kept up to date in O(1).
 */
static inline u64 memory_set_mapped_bytes(const struct memory_set *set)
{
	return set->mapped_bytes;
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
