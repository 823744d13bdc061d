// SPDX-License-Identifier: GPL-2.0
/*
 * Counting, before a map writes anything, the tables it needs (and what
 * the unmap before a replacing map gives back), so that the pages can be
 * reserved within the budget first and the map cannot fail half-way.
 */
#include <linux/sched.h>

#include "pt_internal.h"

/* Counting what a map needs and what an unmap gives back. */

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
		pt_walk_yield(level);
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
		pt_walk_yield(level);
		next = entry_end(va, level, end);
		if (leaf_fits(level, va, next, pa, c->max_level))
			continue;
		child = table ? usable_table(c, table[pt_index(va, level)],
					     level, va) :
				NULL;
		c->nr += !child;
		count_tables(c, child, level - 1, va, next, pa);
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
		pt_walk_yield(level);
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
 * Reserve what mapping [@va, @va + @size) -> @pa needs, once @c's range
 * (if any) is unmapped: its tables, and a frame per page for
 * MS_PT_FRAMES. Counting stops as soon as the budget is exceeded.
 */
static int reserve(struct ms_pgtable *pt, struct pt_count *c, u64 va, u64 size,
		   u64 pa, enum ms_pt_backing backing)
{
	unsigned long room, pages;

	pages = backing == MS_PT_FRAMES ? size >> MS_PT_PAGE_SHIFT : 0;
	room = pt_room(pt, c->nr);
	/* What is reserved already can be used too. */
	if (pages > room + pt->nr_pool)
		return -ENOMEM;
	c->nr = pages;
	c->cap = room + pt->nr_pool;
	count_tables(c, pt->root, pt_top(pt), va, va + size, pa);
	return pt_fill_pool(pt, c->nr, room);
}

/**
 * pt_reserve_map() - reserve what a map needs
 * @pt: the page table
 * @va: first virtual address
 * @size: length
 * @pa: physical address of @va (ignored for MS_PT_FRAMES)
 * @max_level: the largest leaf allowed
 * @backing: what the leaves will point at
 *
 * Reserves in the pool the tables (and frames) mapping [@va, @va + @size)
 * needs. Counting stops as soon as the budget is exceeded.
 *
 * Return: 0, or -ENOMEM with the pool unchanged.
 */
int pt_reserve_map(struct ms_pgtable *pt, u64 va, u64 size, u64 pa,
		   int max_level, enum ms_pt_backing backing)
{
	struct pt_count c = { .pt = pt, .max_level = max_level };

	return reserve(pt, &c, va, size, pa, backing);
}

/**
 * ms_pt_prepare_replace() - reserve a map of a range that replaces its content
 * @pt: the page table
 * @va: first virtual address, page-aligned
 * @size: length, page-aligned
 * @pa: physical address of @va (ignored for MS_PT_FRAMES)
 * @max_level: the largest leaf allowed
 * @backing: what the map's leaves will point at
 *
 * Called before [@va, @va + @size) is unmapped to make room for a new map
 * of the same range: reserves exactly what the map will need then, and
 * lets the budget count what the unmap gives back (a replace is refused
 * only if its end state does not fit), and tables it empties do not
 * count as present. The following unmap and map then cannot fail;
 * ms_pt_release_reserve() frees what is left unused.
 *
 * Return: 0, or -ENOMEM with nothing changed.
 */
int ms_pt_prepare_replace(struct ms_pgtable *pt, u64 va, u64 size, u64 pa,
			  int max_level, enum ms_pt_backing backing)
{
	struct pt_count c = { .pt = pt,
			      .max_level = max_level,
			      .clear_va = va,
			      .clear_end = va + size };

	count_released(&c, pt->root, pt_top(pt), va, va + size);
	return reserve(pt, &c, va, size, pa, backing);
}
