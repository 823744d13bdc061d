/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A private x86_64 4-level page table: PML4 -> PDPT -> PD -> PT, 512
 * 8-byte entries per 4 KiB page, in pages from alloc_pages(). It is never
 * loaded into CR3, so the code is the same on every architecture (UML too):
 * the entry format below is x86_64's, spelled out with our own macros.
 *
 * It knows nothing of areas: it maps, unmaps and protects ranges.
 */
#ifndef _MEMORY_SET_PGTABLE_H
#define _MEMORY_SET_PGTABLE_H

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/types.h>

/* x86_64 entry bits. */
/* clang-format off */
#define MS_PTE_P		BIT_ULL(0)	/* present */
#define MS_PTE_RW		BIT_ULL(1)	/* writable */
#define MS_PTE_US		BIT_ULL(2)	/* user accessible */
#define MS_PTE_PWT		BIT_ULL(3)	/* write-through */
#define MS_PTE_PCD		BIT_ULL(4)	/* cache disabled */
#define MS_PTE_A		BIT_ULL(5)	/* accessed */
#define MS_PTE_D		BIT_ULL(6)	/* dirty (leaves only) */
#define MS_PTE_PS		BIT_ULL(7)	/* page size: a 2 MiB / 1 GiB leaf */
#define MS_PTE_G		BIT_ULL(8)	/* global */
#define MS_PTE_SW_OWNED		BIT_ULL(9)	/* software: frame freed on unmap */
/* software: a translation lives here, present or not (PROT_NONE) */
#define MS_PTE_SW_LEAF		BIT_ULL(10)
#define MS_PTE_NX		BIT_ULL(63)	/* no execute */
#define MS_PTE_ADDR		GENMASK_ULL(51, 12)

/* The bits protect() may change. */
#define MS_PTE_PERM	(MS_PTE_P | MS_PTE_RW | MS_PTE_US | MS_PTE_PWT | \
			 MS_PTE_PCD | MS_PTE_NX)
/* What a non-leaf entry carries besides the table's address. */
#define MS_PTE_TABLE	(MS_PTE_P | MS_PTE_RW | MS_PTE_US)

#define MS_PT_ENTRIES		512
#define MS_PT_LEVELS		4	/* level 3 = PML4 ... level 0 = PT */
#define MS_PT_LEVEL_2M		1
#define MS_PT_LEVEL_1G		2
/* clang-format on */

/**
 * ms_pt_level_size() - bytes one entry of a level maps
 * @level: 0 (PT, 4 KiB) to 3 (PML4, 512 GiB)
 *
 * Return: 4 KiB << (9 * @level).
 */
static inline u64 ms_pt_level_size(int level)
{
	return 1ULL << (12 + 9 * level);
}

/**
 * struct ms_pgtable - one private page table
 * @root: the PML4
 * @nr_tables: table pages, @root included
 * @nr_frames: data frames owned by the table (MS_PTE_SW_OWNED leaves)
 * @nr_pool: pages in @pool
 * @max_pages: budget for @nr_tables + @nr_frames + @nr_pool
 * @pool: zeroed pages reserved ahead, so that a map cannot fail half-way;
 *	it lives for one operation (ms_pt_release_reserve())
 *
 * The table keeps no memory of the operations made on it: a split hands
 * its undo record to the caller.
 */
struct ms_pgtable {
	u64 *root;
	unsigned long nr_tables;
	unsigned long nr_frames;
	unsigned long nr_pool;
	unsigned long max_pages;
	struct list_head pool;
};

/**
 * struct ms_pt_leaf - the translation of one address
 * @entry: the leaf entry (MS_PTE_SW_LEAF set; MS_PTE_P clear if PROT_NONE)
 * @level: its level: 0 (4 KiB), 1 (2 MiB) or 2 (1 GiB)
 * @phys: the physical address the looked-up address maps to
 */
struct ms_pt_leaf {
	u64 entry;
	int level;
	u64 phys;
};

/* What ms_pt_access() found. */
enum ms_pt_fault {
	MS_PT_OK, /* access done; A (and D) set */
	MS_PT_NOT_PRESENT, /* no present leaf */
	MS_PT_PROTECTION, /* present, but the access is not allowed */
};

int ms_pt_init(struct ms_pgtable *pt, unsigned long max_pages);
void ms_pt_destroy(struct ms_pgtable *pt);
unsigned long ms_pt_tables_needed(u64 va, u64 size, u64 pa, int max_level);
int ms_pt_reserve(struct ms_pgtable *pt, unsigned long nr);
int ms_pt_prepare_replace(struct ms_pgtable *pt, u64 va, u64 size, u64 pa,
			  int max_level, bool frames);
void ms_pt_release_reserve(struct ms_pgtable *pt);
int ms_pt_map(struct ms_pgtable *pt, u64 va, u64 pa, u64 size, u64 perm,
	      int max_level);
int ms_pt_map_frames(struct ms_pgtable *pt, u64 va, u64 size, u64 perm);
int ms_pt_unmap(struct ms_pgtable *pt, u64 va, u64 size);
int ms_pt_protect(struct ms_pgtable *pt, u64 va, u64 size, u64 perm);
int ms_pt_split(struct ms_pgtable *pt, u64 addr, unsigned long *undo);
void ms_pt_unsplit(struct ms_pgtable *pt, u64 addr, unsigned long undo);
bool ms_pt_lookup(const struct ms_pgtable *pt, u64 va, struct ms_pt_leaf *leaf);
u64 ms_pt_mapped_bytes(const struct ms_pgtable *pt, u64 va, u64 size);
enum ms_pt_fault ms_pt_access(struct ms_pgtable *pt, u64 va, u64 need);
long ms_pt_pages_held(void);

/**
 * struct ms_pt_walker - what ms_pt_walk_leaves() calls
 * @leaf: called with the walker, a leaf's address, level and entry
 */
struct ms_pt_walker {
	void (*leaf)(struct ms_pt_walker *walker, u64 va, int level, u64 entry);
};

void ms_pt_walk_leaves(const struct ms_pgtable *pt,
		       struct ms_pt_walker *walker);

#endif /* _MEMORY_SET_PGTABLE_H */
