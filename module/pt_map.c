// SPDX-License-Identifier: GPL-2.0
/*
 * Map, unmap and protect ranges of a page table.
 *
 * Nothing here fails half-way. A map first counts the tables (and frames)
 * it needs, stopping as soon as the count passes the budget, and reserves
 * them in the pool; only then does it write entries. Unmap and protect
 * only allocate to split a huge leaf that crosses an edge of the range
 * (pt_huge.c), and they do that first.
 */
#include <linux/io.h>
#include <linux/minmax.h>
#include <linux/sched.h>

#include "prot.h"
#include "pt_internal.h"

/* Filling: the entries of a map, from the pool. */

struct fill_args {
	struct ms_pgtable *pt;
	u64 bits; /* leaf bits besides the address and the level's type */
	int max_level;
	bool frames; /* back each page with a new owned frame */
};

static u64 leaf_entry(struct fill_args *fa, int level, u64 pa)
{
	const struct ms_pt_format *fmt = fa->pt->fmt;

	if (fa->frames)
		pa = page_to_phys(pt_frame_new(fa->pt));
	return pa_bits(fa->pt, pa) | fa->bits | fmt->leaf_type[level] |
	       (fa->frames ? fmt->owned : 0);
}

/*
 * Write the leaves of [@va, @end) -> @pa under @table, a table of @level,
 * taking the tables (and frames) it needs from the pool. A leaf as large
 * as the alignment and fa->max_level allow; at the last level, the plain
 * loop that is the bulk of any 4 KiB mapping.
 */
static void fill(struct fill_args *fa, u64 *table, int level, u64 va, u64 end,
		 u64 pa)
{
	u64 next, *entry, *child;

	if (level == 0) {
		table_account(table, (end - va) >> MS_PT_PAGE_SHIFT);
		for (; va < end; va += MS_PT_PAGE_SIZE, pa += MS_PT_PAGE_SIZE) {
			entry = &table[pt_index(va, 0)];
			WARN_ON_ONCE(*entry); /* the core maps empty ranges */
			*entry = leaf_entry(fa, 0, pa);
		}
		return;
	}
	for (; va < end; pa += next - va, va = next) {
		pt_walk_yield(level);
		next = entry_end(va, level, end);
		entry = &table[pt_index(va, level)];
		if (leaf_fits(level, va, next, pa, fa->max_level)) {
			WARN_ON_ONCE(*entry); /* the core maps empty ranges */
			set_entry(table, entry, leaf_entry(fa, level, pa));
			continue;
		}
		child = next_table(fa->pt, *entry, level);
		if (WARN_ON_ONCE(*entry && !child)) /* a leaf in the way */
			continue;
		if (!child) {
			child = pt_take_table(fa->pt, va, level - 1);
			set_entry(table, entry,
				  pa_bits(fa->pt, virt_to_phys(child)) |
					  fa->pt->fmt->table);
		}
		fill(fa, child, level - 1, va, next, pa);
	}
}

/*
 * The last-level table that maps all of [@va, @end), if it exists: a map
 * of 4 KiB pages there needs no table and one walk. A speed trick, for the
 * common case of faults and small maps (BENCHMARKS.md, "What changed, and
 * why": count + fill were two walks); KUnit's
 * test_fast_and_slow_paths_agree runs it and the general path on the
 * same maps.
 */
static u64 *existing_pt(const struct ms_pgtable *pt, u64 va, u64 end)
{
	u64 *table = pt->root;
	int level;

	if ((va ^ (end - 1)) >> (MS_PT_PAGE_SHIFT + 9))
		return NULL;
	for (level = pt_top(pt); level > 0 && table; level--)
		table = next_table(pt, table[pt_index(va, level)], level);
	return table;
}

static int map_range(struct ms_pgtable *pt, u64 va, u64 pa, u64 size, u32 prot,
		     int max_level, enum ms_pt_backing backing)
{
	struct fill_args fa = {
		.pt = pt,
		.bits = leaf_prot_bits(pt, prot),
		.max_level = min(max_level, pt->fmt->max_leaf_level),
		.frames = backing == MS_PT_FRAMES,
	};
	unsigned long nr_frames = fa.frames ? size >> MS_PT_PAGE_SHIFT : 0;
	int err = 0;
	u64 *table;

	if (va >= pt_span(pt) || size > pt_span(pt) - va ||
	    (prot & ~pt->fmt->prot_mask) || pa >= pt->fmt->phys_limit ||
	    size > pt->fmt->phys_limit - pa)
		return -EINVAL;
	/* 4 KiB leaves only, all in one last-level table that exists. */
	table = !fa.max_level || size < ms_pt_level_size(1) ?
			existing_pt(pt, va, va + size) :
			NULL;
	if (table) {
		/* Only the frames, if any, to reserve. */
		err = pt_fill_pool(pt, nr_frames, pt_room(pt, 0));
		if (!err)
			fill(&fa, table, 0, va, va + size, pa);
	} else {
		err = pt_reserve_map(pt, va, size, pa, fa.max_level, backing);
		if (!err)
			fill(&fa, pt->root, pt_top(pt), va, va + size, pa);
	}
	ms_pt_release_reserve(pt);
	return err;
}

/**
 * ms_pt_map() - map [@va, @va + @size) to [@pa, @pa + @size)
 * @pt: the page table
 * @va: first virtual address, page-aligned
 * @pa: first physical address, page-aligned
 * @size: length, page-aligned
 * @prot: MS_VM_* bits of the leaves (0: PROT_NONE)
 * @max_level: the largest leaf to use where addresses and size line up
 *
 * The range must hold no leaf. Tables and pages reserved earlier by
 * ms_pt_reserve() or ms_pt_prepare_replace() are used first.
 *
 * Return: 0, -EINVAL (past the tables' span or the format's physical
 * addresses, or a protection the format cannot express), or -ENOMEM with
 * nothing changed.
 */
int ms_pt_map(struct ms_pgtable *pt, u64 va, u64 pa, u64 size, u32 prot,
	      int max_level)
{
	return map_range(pt, va, pa, size, prot, max_level, MS_PT_PHYS);
}

/**
 * ms_pt_map_frames() - map [@va, @va + @size) to new zeroed frames
 * @pt: the page table
 * @va: first virtual address, page-aligned
 * @size: length, page-aligned
 * @prot: MS_VM_* bits of the leaves
 *
 * The frames are owned by the table: unmap and destroy free them.
 *
 * Return: 0, or -ENOMEM with nothing changed.
 */
int ms_pt_map_frames(struct ms_pgtable *pt, u64 va, u64 size, u32 prot)
{
	return map_range(pt, va, 0, size, prot, 0, MS_PT_FRAMES);
}

/* Unmapping and protecting. */

static void clear_ptes(struct ms_pgtable *pt, u64 *table, u64 va, u64 end)
{
	unsigned int i = pt_index(va, 0), n = (end - va) >> MS_PT_PAGE_SHIFT, k;
	long cleared = 0;

	for (k = 0; k < n; k++) {
		if (!table[i + k])
			continue;
		pt_put_leaf(pt, table[i + k]);
		table[i + k] = 0;
		cleared++;
	}
	table_account(table, -cleared);
}

static void clear_range(struct ms_pgtable *pt, u64 *table, int level, u64 va,
			u64 end)
{
	u64 next, *entry, *child;

	if (level == 0) {
		clear_ptes(pt, table, va, end);
		return;
	}
	for (; va < end; va = next) {
		pt_walk_yield(level);
		next = entry_end(va, level, end);
		entry = &table[pt_index(va, level)];
		if (!*entry)
			continue;
		child = next_table(pt, *entry, level);
		if (!child) {
			pt_put_leaf(pt, *entry);
			set_entry(table, entry, 0);
			continue;
		}
		clear_range(pt, child, level - 1, va, next);
		if (!table_used(child)) {
			set_entry(table, entry, 0);
			pt_free_table(pt, child, va, level - 1);
		}
	}
}

/* The permission bits protect gives a leaf. */
struct protect_bits {
	u64 bits; /* of the new protection */
	u64 shared; /* the same, write-protected: for frames clones share */
};

static u64 protected_leaf(const struct ms_pgtable *pt, u64 entry,
			  const struct protect_bits *pb)
{
	u64 bits = pb->bits;

	/* A shared frame stays read-only until a write copies it. */
	if (bits != pb->shared && ms_pt_frame_shared(pt, entry))
		bits = pb->shared;
	return leaf_with_bits(pt, entry, bits);
}

static void protect_range(const struct ms_pgtable *pt, u64 *table, int level,
			  u64 va, u64 end, const struct protect_bits *pb)
{
	u64 next, *entry, *child;

	for (; va < end; va = next) {
		pt_walk_yield(level);
		next = entry_end(va, level, end);
		entry = &table[pt_index(va, level)];
		if (!*entry)
			continue;
		child = next_table(pt, *entry, level);
		if (child)
			protect_range(pt, child, level - 1, va, next, pb);
		else
			*entry = protected_leaf(pt, *entry, pb);
	}
}

static void protect_all(const struct ms_pgtable *pt, u64 va, u64 end, u32 prot)
{
	struct protect_bits pb = {
		.bits = leaf_prot_bits(pt, prot),
		.shared = leaf_prot_bits(pt, prot & ~MS_VM_WRITE),
	};

	protect_range(pt, pt->root, pt_top(pt), va, end, &pb);
}

/* Whether [@va, @va + @size) lies inside what the tables can map. */
static bool range_in_span(const struct ms_pgtable *pt, u64 va, u64 size)
{
	return va < pt_span(pt) && size <= pt_span(pt) - va;
}

/*
 * The leaves-only unmap and protect: a speed trick for areas of 4 KiB
 * leaves (BENCHMARKS.md, "What changed, and why": two walks per unmap
 * that could never find a leaf to split); test_fast_and_slow_paths_agree
 * checks them against ms_pt_unmap() and ms_pt_protect().
 */

/**
 * ms_pt_unmap_leaves() - remove the leaves of a range no leaf crosses
 * @pt: the page table
 * @va: first address, page-aligned
 * @size: length, page-aligned
 *
 * For ranges whose edges cut no huge leaf (areas that only ever hold
 * 4 KiB leaves): nothing to split, so it cannot fail and skips the walks
 * that look for a leaf to split. Owned frames and emptied tables are freed.
 */
void ms_pt_unmap_leaves(struct ms_pgtable *pt, u64 va, u64 size)
{
	if (range_in_span(pt, va, size))
		clear_range(pt, pt->root, pt_top(pt), va, va + size);
}

/**
 * ms_pt_protect_leaves() - change the permissions of a range no leaf crosses
 * @pt: the page table
 * @va: first address, page-aligned
 * @size: length, page-aligned
 * @prot: the new MS_VM_* bits
 *
 * As ms_pt_protect(), for ranges whose edges cut no huge leaf.
 */
void ms_pt_protect_leaves(struct ms_pgtable *pt, u64 va, u64 size, u32 prot)
{
	if (range_in_span(pt, va, size))
		protect_all(pt, va, va + size, prot);
}

/**
 * ms_pt_unmap() - remove every leaf in [@va, @va + @size)
 * @pt: the page table
 * @va: first address, page-aligned
 * @size: length, page-aligned
 *
 * Owned frames are freed, and so are tables left empty. A huge leaf that
 * crosses an edge of the range is split first.
 *
 * Return: 0, -EINVAL past the tables' span, or -ENOMEM (splitting) with
 * nothing changed.
 */
int ms_pt_unmap(struct ms_pgtable *pt, u64 va, u64 size)
{
	int err;

	if (!range_in_span(pt, va, size))
		return -EINVAL;
	err = pt_split_edges(pt, va, va + size);
	if (!err)
		clear_range(pt, pt->root, pt_top(pt), va, va + size);
	return err;
}

/**
 * ms_pt_protect() - change the permissions of every leaf in a range
 * @pt: the page table
 * @va: first address, page-aligned
 * @size: length, page-aligned
 * @prot: the new MS_VM_* bits; PROT_NONE leaves stay as not-present
 *	entries that keep their address
 *
 * Accessed, Dirty and the frame are kept. A huge leaf that crosses an edge
 * of the range is split first.
 *
 * Return: 0, -EINVAL past the tables' span, or -ENOMEM (splitting) with
 * nothing changed.
 */
int ms_pt_protect(struct ms_pgtable *pt, u64 va, u64 size, u32 prot)
{
	int err;

	if (!range_in_span(pt, va, size))
		return -EINVAL;
	err = pt_split_edges(pt, va, va + size);
	if (!err)
		protect_all(pt, va, va + size, prot);
	return err;
}
