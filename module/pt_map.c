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

#include "pt_internal.h"

/* Counting what a map needs and what an unmap gives back. */

/*
 * Whether [@va, @end) can be one leaf of @level: it covers the whole
 * entry and virtual and physical addresses are aligned to its size.
 */
static bool leaf_fits(int level, u64 va, u64 end, u64 pa, int max_level)
{
	u64 size = ms_pt_level_size(level);

	if (level == 0)
		return true;
	return level <= max_level && end - va == size &&
	       !((va | pa) & (size - 1));
}

/* [clear_va, clear_end): a range about to be unmapped (empty if equal). */
struct pt_count {
	const struct ms_pgtable *pt;
	int max_level;
	u64 clear_va, clear_end;
	unsigned long nr, cap; /* counting stops once @nr passes @cap */
};

static bool inside_clear(const struct pt_count *c, u64 va, u64 end)
{
	return c->clear_va <= va && end <= c->clear_end;
}

/*
 * Whether @table, of @level and mapping from @base, keeps an entry once
 * the range of @c is unmapped (the root always stays).
 */
static bool table_stays(const struct pt_count *c, const u64 *table, int level,
			u64 base)
{
	u64 size = ms_pt_level_size(level), va;
	unsigned int i;
	u64 *child;

	if (level < pt_top(c->pt) &&
	    inside_clear(c, base, base + MS_PT_ENTRIES * size))
		return false;
	for (i = 0; i < MS_PT_ENTRIES; i++) {
		va = base + i * size;
		if (!table[i] || inside_clear(c, va, va + size))
			continue;
		if (va + size <= c->clear_va || va >= c->clear_end)
			return true;
		child = next_table(c->pt, table[i], level);
		if (!child || table_stays(c, child, level - 1, va))
			return true;
	}
	return false;
}

/* The table below @entry that a map can use: it exists and stays. */
static const u64 *usable_table(const struct pt_count *c, u64 entry, int level,
			       u64 va)
{
	const u64 *child = next_table(c->pt, entry, level);

	if (!child || c->clear_va == c->clear_end)
		return child;
	return table_stays(c, child, level - 1,
			   va & ~(ms_pt_level_size(level) - 1)) ?
		       child :
		       NULL;
}

/*
 * Add to @c->nr the tables to allocate to map [@va, @end) -> @pa under
 * @table (NULL: none yet), once the range of @c is unmapped.
 */
static void count_tables(struct pt_count *c, const u64 *table, int level,
			 u64 va, u64 end, u64 pa)
{
	const u64 *child;
	u64 next;

	for (; va < end && level > 0 && c->nr <= c->cap;
	     pa += next - va, va = next) {
		next = entry_end(va, level, end);
		if (leaf_fits(level, va, next, pa, c->max_level))
			continue;
		child = table ? usable_table(c, table[pt_index(va, level)],
					     level, va) :
				NULL;
		c->nr += !child;
		count_tables(c, child, level - 1, va, next, pa);
		if (level == 1)
			cond_resched();
	}
}

/*
 * Add to @c->nr the pages that unmapping [@va, @end) under @table gives
 * back: owned frames, and tables left empty.
 */
static void count_released(struct pt_count *c, const u64 *table, int level,
			   u64 va, u64 end)
{
	u64 next, entry;
	const u64 *child;

	for (; va < end; va = next) {
		next = entry_end(va, level, end);
		entry = table[pt_index(va, level)];
		child = next_table(c->pt, entry, level);
		if (!child) {
			c->nr += !!(entry & c->pt->fmt->owned);
			continue;
		}
		count_released(c, child, level - 1, va, next);
		c->nr += !table_stays(c, child, level - 1,
				      va & ~(ms_pt_level_size(level) - 1));
		if (level == 1)
			cond_resched();
	}
}

/**
 * ms_pt_tables_needed() - the tables a map of a range needs at most
 * @pt: the page table (for its format)
 * @va: first address
 * @size: length
 * @pa: physical address of @va (its alignment decides the huge leaves)
 * @max_level: the largest leaf allowed: 0, MS_PT_LEVEL_2M or MS_PT_LEVEL_1G
 *
 * Return: the tables needed below the root if none exists yet.
 */
unsigned long ms_pt_tables_needed(const struct ms_pgtable *pt, u64 va, u64 size,
				  u64 pa, int max_level)
{
	struct pt_count c = { .pt = pt,
			      .max_level = max_level,
			      .cap = ULONG_MAX };

	count_tables(&c, NULL, pt_top(pt), va, va + size, pa);
	return c.nr;
}

/*
 * Reserve what mapping [@va, @va + @size) -> @pa needs: tables and, with
 * @frames, one frame per page. With @replacing, the range is unmapped
 * first: what that gives back counts as free, and tables it empties do not
 * count as present. Counting stops as soon as the budget is exceeded.
 */
static int reserve_map(struct ms_pgtable *pt, u64 va, u64 size, u64 pa,
		       int max_level, bool frames, bool replacing)
{
	struct pt_count c = { .pt = pt, .max_level = max_level };
	unsigned long room, pages = frames ? size >> MS_PT_PAGE_SHIFT : 0;

	if (replacing) {
		c.clear_va = va;
		c.clear_end = va + size;
		count_released(&c, pt->root, pt_top(pt), va, va + size);
	}
	room = pt_room(pt, c.nr);
	/* What is reserved already can be used too. */
	if (pages > room + pt->nr_pool)
		return -ENOMEM;
	c.nr = pages;
	c.cap = room + pt->nr_pool;
	count_tables(&c, pt->root, pt_top(pt), va, va + size, pa);
	return pt_fill_pool(pt, c.nr, room);
}

/**
 * ms_pt_prepare_replace() - reserve a map of a range that replaces its content
 * @pt: the page table
 * @va: first virtual address, page-aligned
 * @size: length, page-aligned
 * @pa: physical address of @va (ignored with @frames)
 * @max_level: the largest leaf allowed
 * @frames: the map will take a new frame per page (ms_pt_map_frames())
 *
 * Called before [@va, @va + @size) is unmapped to make room for a new map
 * of the same range: reserves exactly what the map will need then, and
 * lets the budget count what the unmap gives back (a replace is refused
 * only if its end state does not fit). The following unmap and map then
 * cannot fail; ms_pt_release_reserve() frees what is left unused.
 *
 * Return: 0, or -ENOMEM with nothing changed.
 */
int ms_pt_prepare_replace(struct ms_pgtable *pt, u64 va, u64 size, u64 pa,
			  int max_level, bool frames)
{
	return reserve_map(pt, va, size, pa, max_level, frames, true);
}

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

	if (fa->frames) {
		fa->pt->nr_frames++;
		pa = page_to_phys(pt_take_page(fa->pt));
	}
	return pa_bits(fa->pt, pa) | fa->bits | fmt->leaf_type[level] |
	       (fa->frames ? fmt->owned : 0);
}

/* The leaves of one last-level table: the bulk of any 4 KiB mapping. */
static void fill_ptes(struct fill_args *fa, u64 *table, u64 va, u64 end, u64 pa)
{
	unsigned int i = pt_index(va, 0), n = (end - va) >> MS_PT_PAGE_SHIFT, k;

	for (k = 0; k < n; k++) {
		WARN_ON_ONCE(table[i + k]); /* the core maps empty ranges */
		table[i + k] = leaf_entry(fa, 0, pa + k * MS_PT_PAGE_SIZE);
	}
	table_account(table, n);
}

static void fill(struct fill_args *fa, u64 *table, int level, u64 va, u64 end,
		 u64 pa)
{
	u64 next, *entry, *child;

	if (level == 0) {
		fill_ptes(fa, table, va, end, pa);
		return;
	}
	for (; va < end; pa += next - va, va = next) {
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
		/* After each last-level table: a whole budget takes a while. */
		if (level == 1)
			cond_resched();
	}
}

static int map_range(struct ms_pgtable *pt, u64 va, u64 pa, u64 size, u32 prot,
		     int max_level, bool frames)
{
	struct fill_args fa = {
		.pt = pt,
		.bits = pt->fmt->prot_bits(prot) | pt->fmt->leaf,
		.max_level = min(max_level, pt->fmt->max_leaf_level),
		.frames = frames,
	};
	int err;

	if (va >= pt_span(pt) || size > pt_span(pt) - va)
		return -EINVAL;
	err = reserve_map(pt, va, size, pa, fa.max_level, frames, false);
	if (!err)
		fill(&fa, pt->root, pt_top(pt), va, va + size, pa);
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
 * Return: 0, or -ENOMEM with nothing changed.
 */
int ms_pt_map(struct ms_pgtable *pt, u64 va, u64 pa, u64 size, u32 prot,
	      int max_level)
{
	return map_range(pt, va, pa, size, prot, max_level, false);
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
	return map_range(pt, va, 0, size, prot, 0, true);
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
		if (level == 1)
			cond_resched();
		if (!table_used(child)) {
			set_entry(table, entry, 0);
			pt_free_table(pt, child, va, level - 1);
		}
	}
}

static void protect_range(const struct ms_pgtable *pt, u64 *table, int level,
			  u64 va, u64 end, u64 bits)
{
	u64 next, *entry, *child, perm = pt->fmt->perm;

	for (; va < end; va = next) {
		next = entry_end(va, level, end);
		entry = &table[pt_index(va, level)];
		if (!*entry)
			continue;
		child = next_table(pt, *entry, level);
		if (child)
			protect_range(pt, child, level - 1, va, next, bits);
		else
			*entry = (*entry & ~perm) | bits;
		if (level == 1)
			cond_resched();
	}
}

/* Whether [@va, @va + @size) lies inside what the tables can map. */
static bool range_in_span(const struct ms_pgtable *pt, u64 va, u64 size)
{
	return va < pt_span(pt) && size <= pt_span(pt) - va;
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
		protect_range(pt, pt->root, pt_top(pt), va, va + size,
			      pt->fmt->prot_bits(prot));
	return err;
}
