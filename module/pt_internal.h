/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the page table share: index arithmetic, entries and
 * their decoding, the one way down to a table, and table pages. Only
 * the page table's own files (pgtable.c, pt_*.c) include it.
 *
 * The files form a stack; each calls only those below it:
 *
 *   pt_fault.c               the page fault (first touch, copy on write)
 *   pt_cow.c                 the clone of a table (fork)
 *   pt_export.c              the table as an image for a real MMU
 *   pt_map.c                 map, unmap, protect of ranges
 *   pt_count.c  pt_huge.c    what a map needs; splitting huge leaves
 *   pgtable.c                tables, the one way down, walks, lookups
 *   pt_pages.c               pages: budget, pool, spare; frames
 *
 * beside the formats, which are data and call nothing of it but
 * pt_names.c (pt_formats.c is their registry).
 *
 * What the module keeps in the struct page of a page it allocated:
 *
 *   page          field            meaning
 *   table         private          entries in use (table_used())
 *                 index            its struct ms_pgtable (debug checks)
 *   frame         private          sharers: the tables that map it
 *                                  (pt_frame_sharers(); clones share)
 *   pool, spare   lru              the list it waits on (pt_pages.c)
 *
 * The struct page's own reference count stays 1 and only keeps the page
 * alive: others may raise it for a moment, so it means nothing here.
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

/*
 * The bits a leaf of @prot carries besides its address and level type:
 * the format's permission bits, or for PROT_NONE, where the MMU sees no
 * entry at all, the software bit that marks a leaf (is_leaf()).
 */
static inline u64 leaf_prot_bits(const struct ms_pgtable *pt, u32 prot)
{
	return pt->fmt->prot_bits(prot) ?: pt->fmt->leaf;
}

/* The same leaf with @bits (what leaf_prot_bits() gives) for its own. */
static inline u64 leaf_with_bits(const struct ms_pgtable *pt, u64 entry,
				 u64 bits)
{
	return (entry & ~(pt->fmt->perm | pt->fmt->leaf)) | bits;
}

/* The same leaf with @prot's permissions instead of its own. */
static inline u64 leaf_with_prot(const struct ms_pgtable *pt, u64 entry,
				 u32 prot)
{
	return leaf_with_bits(pt, entry, leaf_prot_bits(pt, prot));
}

/*
 * Leaf or table, as the MMU decides it: every entry of level 0 is a leaf;
 * above it, a present entry is a table when its type bits say so (x86 and
 * EPT: PS clear; RISC-V: R, W and X clear; AArch64: descriptor type 0b11)
 * and a leaf otherwise. An entry that is not present is a leaf if it
 * carries the software leaf bit (PROT_NONE); only empty entries have none.
 */
static inline bool is_leaf(const struct ms_pgtable *pt, u64 entry, int level)
{
	const struct ms_pt_format *fmt = pt->fmt;

	if (level == 0)
		return true;
	if (entry & fmt->present)
		return (entry & fmt->table_mask) != fmt->table_type;
	return entry & fmt->leaf;
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
struct page *pt_buffer_get(struct ms_pgtable *pt, bool *from_spare);
void pt_buffer_put(struct ms_pgtable *pt, struct page *page, bool from_spare);
void pt_free_spare(struct ms_pgtable *pt);
void pt_free_page(struct page *page);
struct page *pt_take_page(struct ms_pgtable *pt);
u64 *pt_take_table(struct ms_pgtable *pt, u64 va, int level);
void pt_free_table(struct ms_pgtable *pt, u64 *table, u64 va, int level);
struct page *pt_frame_new(struct ms_pgtable *pt);
void pt_frame_share(struct page *frame);
unsigned long pt_frame_sharers(const struct page *frame);
void pt_put_leaf(struct ms_pgtable *pt, u64 entry);
u64 *pt_find_leaf(const struct ms_pgtable *pt, u64 va, int *level);
int pt_split_edges(struct ms_pgtable *pt, u64 va, u64 end);
int pt_reserve_map(struct ms_pgtable *pt, u64 va, u64 size, u64 pa,
		   int max_level, enum ms_pt_backing backing);

#endif /* _MEMORY_SET_PT_INTERNAL_H */
