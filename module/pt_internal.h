/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the page table share: index arithmetic, entries and
 * their decoding, the one way down to a table, and table pages. Only
 * the page table's own files (pgtable.c, pt_*.c) include it.
 */
#ifndef _MEMORY_SET_PT_INTERNAL_H
#define _MEMORY_SET_PT_INTERNAL_H

#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/sched.h>

#include "pgtable.h"

/* The root's level. */
static inline int pt_top(const struct ms_pgtable *pt)
{
	return pt->fmt->levels - 1;
}

/* Where the tables end: one past the highest address they can map. */
static inline u64 pt_span(const struct ms_pgtable *pt)
{
	return ms_pt_level_size(pt->fmt->levels);
}

static inline unsigned int pt_index(u64 va, int level)
{
	return (va >> (MS_PT_PAGE_SHIFT + 9 * level)) & (MS_PT_ENTRIES - 1);
}

/* The end of the entry of @level that covers @va, clipped to @end. */
static inline u64 entry_end(u64 va, int level, u64 end)
{
	u64 next = (va | (ms_pt_level_size(level) - 1)) + 1;

	return next && next < end ? next : end;
}

/*
 * Every walk calls this for each entry it visits, at any level: it yields
 * the CPU before each entry above the last level. A last-level table is at
 * most 512 entries of work, so no more than that passes between two yields
 * whatever the leaves' sizes (a space of 1 GiB leaves has no last-level
 * table at all, and a walk over it yields as often as one over 4 KiB pages).
 */
static inline void pt_walk_yield(int level)
{
	if (level > 0)
		cond_resched();
}

static inline bool is_leaf(const struct ms_pgtable *pt, u64 entry, int level)
{
	return level == 0 || (entry & pt->fmt->leaf);
}

/* The physical address an entry points to, and the bits that say it. */
static inline u64 entry_pa(const struct ms_pgtable *pt, u64 entry)
{
	return ((entry & pt->fmt->addr_mask) >> pt->fmt->addr_shift)
	       << MS_PT_PAGE_SHIFT;
}

/* The frame of an owned leaf. */
static inline struct page *entry_page(const struct ms_pgtable *pt, u64 entry)
{
	return pfn_to_page(PHYS_PFN(entry_pa(pt, entry)));
}

static inline u64 pa_bits(const struct ms_pgtable *pt, u64 pa)
{
	return (pa >> MS_PT_PAGE_SHIFT) << pt->fmt->addr_shift;
}

u64 *next_table(const struct ms_pgtable *pt, u64 entry, int level);

/*
 * Whether [@va, @end) can be one leaf of @level: it covers the whole
 * entry and virtual and physical addresses are aligned to its size.
 */
static inline bool leaf_fits(int level, u64 va, u64 end, u64 pa, int max_level)
{
	u64 size = ms_pt_level_size(level);

	if (level == 0)
		return true;
	return level <= max_level && end - va == size &&
	       !((va | pa) & (size - 1));
}

static inline u64 table_used(const u64 *table)
{
	return page_private(virt_to_page(table));
}

static inline void table_account(u64 *table, long delta)
{
	struct page *page = virt_to_page(table);

	set_page_private(page, page_private(page) + delta);
}

static inline void set_entry(u64 *table, u64 *entry, u64 value)
{
	table_account(table, (value != 0) - (*entry != 0));
	*entry = value;
}

unsigned long pt_room(const struct ms_pgtable *pt, unsigned long credit);
int pt_fill_pool(struct ms_pgtable *pt, unsigned long nr, unsigned long room);
int pt_refill_spare(struct ms_pgtable *pt);
void pt_free_spare(struct ms_pgtable *pt);
void pt_free_page(struct page *page);
struct page *pt_take_page(struct ms_pgtable *pt);
u64 *pt_take_table(struct ms_pgtable *pt, u64 va, int level);
void pt_free_table(struct ms_pgtable *pt, u64 *table, u64 va, int level);
/*
 * A frame's sharers: the page tables that map it (clones share frames,
 * pt_cow.c), counted in its page_private() as a table counts its entries.
 * The module's own count, not the struct page's reference count, which
 * others may raise for a moment: a frame is shared when another table maps
 * it, whoever else looks at the page.
 */
static inline unsigned long frame_sharers(const struct page *frame)
{
	return READ_ONCE(frame->private);
}

/* A new frame, mapped by one table. */
static inline struct page *frame_new(struct page *frame)
{
	set_page_private(frame, 1);
	return frame;
}

/* One more table maps @frame (tables of other spaces may be dropping it). */
static inline void frame_share(struct page *frame)
{
	unsigned long old;

	do {
		old = READ_ONCE(frame->private);
	} while (cmpxchg(&frame->private, old, old + 1) != old);
}

void pt_put_frame(struct page *page);
void pt_put_leaf(struct ms_pgtable *pt, u64 entry);
u64 *pt_find_leaf(const struct ms_pgtable *pt, u64 va, int *level);
int pt_split_edges(struct ms_pgtable *pt, u64 va, u64 end);
int pt_reserve_map(struct ms_pgtable *pt, u64 va, u64 size, u64 pa,
		   int max_level, bool frames, bool replacing);

#endif /* _MEMORY_SET_PT_INTERNAL_H */
