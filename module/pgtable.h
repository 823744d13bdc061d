/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A private page table: tables of 512 8-byte entries in 4 KiB pages from
 * alloc_pages(), in one of the formats of pt_format.h (x86-64 4-level by
 * default). It is never loaded into an MMU, so the same code runs on every
 * architecture, UML too: its page size is 4 KiB whatever the kernel's.
 *
 * It knows nothing of areas: it maps, unmaps and protects ranges, and
 * walks itself as the MMU would. The files:
 *   pgtable.c   tables, the one way down (next_table()), lookups
 *   pt_pages.c  pages: budget, module-wide limit, pool, the faults' spare
 *   pt_count.c  counting what a map needs before it writes anything
 *   pt_map.c    map, unmap, protect of ranges
 *   pt_huge.c   splitting huge leaves and undoing a split
 *   pt_cow.c    clones that share frames, and the copy on write
 *   pt_formats.c  the formats a table can have (pt_x86.c, pt_ept.c,
 *               pt_riscv.c, pt_arm64.c), and choosing one
 */
#ifndef _MEMORY_SET_PGTABLE_H
#define _MEMORY_SET_PGTABLE_H

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/types.h>

#include "prot.h"
#include "pt_format.h"

struct page;

/* clang-format off */
#define MS_PT_PAGE_SHIFT	12
#define MS_PT_PAGE_SIZE		BIT_ULL(MS_PT_PAGE_SHIFT)
#define MS_PT_ENTRIES		512
#define MS_PT_LEVEL_2M		1
#define MS_PT_LEVEL_1G		2
#define MS_PT_LEVEL_512G	3
#define MS_PT_SPARE_ORDER	4
#define MS_PT_SPARE_BATCH	BIT(MS_PT_SPARE_ORDER)
#define MS_PT_BLOCK_ORDER	9	/* the largest block a map reserves */
/* clang-format on */

/**
 * ms_pt_level_size() - bytes one entry of a level maps
 * @level: 0 (4 KiB leaves) and up
 *
 * Return: 4 KiB << (9 * @level).
 */
static inline u64 ms_pt_level_size(int level)
{
	return MS_PT_PAGE_SIZE << (9 * level);
}

/**
 * struct ms_pgtable - one private page table
 * @fmt: its format
 * @root: the top-level table
 * @nr_tables: table pages, @root included
 * @nr_frames: data frames the table maps (leaves with @fmt->owned), those
 *	shared with clones included, like a process's RSS
 * @nr_pool: pages in @pool
 * @nr_spare: pages in @spare
 * @nr_buffers: pages an operation holds for its own use while it runs (an
 *	export's copy of a table: pt_buffer_get())
 * @max_pages: budget for @nr_tables + @nr_frames + @nr_pool + @nr_spare +
 *	@nr_buffers
 * @pool: zeroed pages reserved ahead, so that a map cannot fail half-way;
 *	it lives for one operation (ms_pt_release_reserve())
 * @spare: zeroed pages kept between operations for the next faults: a
 *	fault that finds it empty gets MS_PT_SPARE_BATCH pages in one
 *	allocation. They count in the budget and in ms_pt_pages_held(), not
 *	in @nr_tables or @nr_frames; a reservation takes them first, and
 *	gives the rest back before it allocates, so they never make a map
 *	fail. ms_pt_destroy() frees them.
 *
 * The table keeps no memory of the operations made on it: a split hands
 * its undo record to the caller.
 */
struct ms_pgtable {
	const struct ms_pt_format *fmt;
	u64 *root;
	unsigned long nr_tables;
	unsigned long nr_frames;
	unsigned long nr_pool;
	unsigned long nr_spare;
	unsigned long nr_buffers;
	unsigned long max_pages;
	struct list_head pool;
	struct list_head spare;
};

/**
 * struct ms_pt_leaf - the translation of one address, decoded
 * @entry: the raw leaf entry, in the table's format
 * @addr_mask: the bits of @entry that hold the frame's address
 * @level: its level: 0 (4 KiB), 1 (2 MiB), 2 (1 GiB), ...
 * @size: the bytes it maps: ms_pt_level_size(@level)
 * @phys: the physical address the looked-up address maps to
 * @prot: what the leaf allows (MS_VM_* bits; 0 if not present)
 * @accessed: the leaf's Accessed bit
 * @dirty: the leaf's Dirty bit
 * @owned: the frame belongs to the table (an ALLOC frame)
 * @shared: an owned frame that other page tables (clones) map too: it is
 *	write-protected until a write copies it
 */
struct ms_pt_leaf {
	u64 entry;
	u64 addr_mask;
	int level;
	u64 size;
	u64 phys;
	u32 prot;
	bool accessed;
	bool dirty;
	bool owned;
	bool shared;
};

/**
 * enum ms_pt_backing - what a map points its leaves at
 * @MS_PT_PHYS: the physical range it is given (LINEAR)
 * @MS_PT_FRAMES: a new zeroed frame per page, owned by the table (ALLOC)
 */
enum ms_pt_backing {
	MS_PT_PHYS,
	MS_PT_FRAMES,
};

int ms_pt_init(struct ms_pgtable *pt, const struct ms_pt_format *fmt,
	       unsigned long max_pages);
void ms_pt_destroy(struct ms_pgtable *pt);
int ms_pt_set_format(struct ms_pgtable *pt, const struct ms_pt_format *fmt);
u64 ms_pt_prot_bits(const struct ms_pgtable *pt, u32 prot);
unsigned long ms_pt_tables_needed(const struct ms_pgtable *pt, u64 va, u64 size,
				  u64 pa, int max_level);
int ms_pt_reserve(struct ms_pgtable *pt, unsigned long nr);
int ms_pt_prepare_replace(struct ms_pgtable *pt, u64 va, u64 size, u64 pa,
			  int max_level, enum ms_pt_backing backing);
void ms_pt_release_reserve(struct ms_pgtable *pt);
int ms_pt_map(struct ms_pgtable *pt, u64 va, u64 pa, u64 size, u32 prot,
	      int max_level);
int ms_pt_map_frames(struct ms_pgtable *pt, u64 va, u64 size, u32 prot);
int ms_pt_unmap(struct ms_pgtable *pt, u64 va, u64 size);
void ms_pt_unmap_leaves(struct ms_pgtable *pt, u64 va, u64 size);
void ms_pt_protect_leaves(struct ms_pgtable *pt, u64 va, u64 size, u32 prot);
int ms_pt_protect(struct ms_pgtable *pt, u64 va, u64 size, u32 prot);
int ms_pt_split(struct ms_pgtable *pt, u64 addr, unsigned long *undo);
void ms_pt_unsplit(struct ms_pgtable *pt, u64 addr, unsigned long undo);
bool ms_pt_lookup(const struct ms_pgtable *pt, u64 va, struct ms_pt_leaf *leaf);
u64 ms_pt_mapped_bytes(const struct ms_pgtable *pt, u64 va, u64 size);
enum ms_access_result ms_pt_access(struct ms_pgtable *pt, u64 va, u32 access);
enum ms_access_result ms_pt_access_frame(struct ms_pgtable *pt, u64 va,
					 u32 access, struct page **frame);
unsigned int ms_pt_access_run(const struct ms_pgtable *pt, u64 va, u32 access,
			      struct page **frames, unsigned int nr,
			      enum ms_access_result *first);
void ms_pt_mark_run(struct ms_pgtable *pt, u64 va, u32 access, unsigned int nr);
bool ms_pt_prot_allows(const struct ms_pgtable *pt, u32 prot, u32 access);
u64 ms_pt_export_size(const struct ms_pgtable *pt);
struct iov_iter;
int ms_pt_export(struct ms_pgtable *pt, u64 base, struct iov_iter *out);
int ms_pt_fault_frame(struct ms_pgtable *pt, u64 va, u32 prot, u32 access);
int ms_pt_clone(struct ms_pgtable *dst, struct ms_pgtable *src);
bool ms_pt_frame_shared(const struct ms_pgtable *pt, u64 entry);
long ms_pt_pages_held(void);
void ms_pt_set_total_limit(unsigned long pages);

/**
 * struct ms_pt_walker - what ms_pt_walk_leaves() calls
 * @leaf: called with the walker, a leaf's address and the leaf decoded
 */
struct ms_pt_walker {
	void (*leaf)(struct ms_pt_walker *walker, u64 va,
		     const struct ms_pt_leaf *leaf);
};

void ms_pt_walk_leaves(const struct ms_pgtable *pt,
		       struct ms_pt_walker *walker);

#endif /* _MEMORY_SET_PGTABLE_H */
