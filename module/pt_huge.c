// SPDX-License-Identifier: GPL-2.0
/*
 * Huge leaves: splitting one so that an address becomes a boundary, and
 * undoing that split. A first reading of the page table can skip this
 * file: maps of 4 KiB pages never come here.
 *
 * A split goes one level at a time: a 1 GiB leaf becomes a table of 512
 * 2 MiB leaves, and only the 2 MiB leaf that is cut becomes 512 4 KiB
 * ones. Every translation stays the same. The page table keeps no record:
 * ms_pt_split() hands the caller what it did, and ms_pt_unsplit() takes it.
 */
#include <linux/io.h>

#include "pt_internal.h"

/* How many levels a leaf must be split down so that @addr is a boundary. */
static int split_depth(const struct ms_pgtable *pt, u64 addr, int *level)
{
	int depth = 0;

	if (!pt_find_leaf(pt, addr, level))
		return 0;
	while (*level - depth > 0 &&
	       (addr & (ms_pt_level_size(*level - depth) - 1)))
		depth++;
	return depth;
}

/* Replace the huge leaf *@entry of @level by a table of 512 smaller ones. */
static void split_leaf(struct ms_pgtable *pt, u64 *entry, int level, u64 va)
{
	const struct ms_pt_format *fmt = pt->fmt;
	u64 leaf = *entry, *child = pt_take_table(pt, va, level - 1);
	u64 step = ms_pt_level_size(level - 1), pa = entry_pa(pt, leaf);
	u64 bits = (leaf & ~fmt->addr_mask & ~fmt->leaf_type[level]) |
		   fmt->leaf_type[level - 1];
	unsigned int i;

	for (i = 0; i < MS_PT_ENTRIES; i++)
		child[i] = pa_bits(pt, pa + i * step) | bits;
	table_account(child, MS_PT_ENTRIES);
	*entry = pa_bits(pt, virt_to_phys(child)) | fmt->table;
}

/*
 * What ms_pt_split() hands back: the level of the leaf it split and how
 * many levels down, or 0 if it split nothing.
 */
static unsigned long split_record(int level, int depth)
{
	return (unsigned long)level << 8 | depth;
}

static int split_record_level(unsigned long undo)
{
	return undo >> 8;
}

static int split_record_depth(unsigned long undo)
{
	return undo & 0xff;
}

/**
 * ms_pt_split() - make @addr a boundary between leaves
 * @pt: the page table
 * @addr: a page-aligned address
 * @undo: on success, what was done, for ms_pt_unsplit(); 0 if nothing
 *
 * Splits the huge leaf covering @addr one level at a time until no leaf
 * crosses @addr. Every translation stays the same. The page table
 * remembers nothing: the caller keeps *@undo.
 *
 * Return: 0, or -ENOMEM with nothing changed.
 */
int ms_pt_split(struct ms_pgtable *pt, u64 addr, unsigned long *undo)
{
	int level, depth = split_depth(pt, addr, &level), i, err;
	u64 *entry, *table;

	*undo = 0;
	if (!depth)
		return 0;
	/* On top of what the pool holds for a map being prepared. */
	err = pt_fill_pool(pt, pt->nr_pool + depth, pt_room(pt, 0));
	if (err)
		return err;
	entry = pt_find_leaf(pt, addr, &level);
	*undo = split_record(level, depth);
	for (i = 0; i < depth; i++, level--) {
		split_leaf(pt, entry, level, addr);
		table = next_table(pt, *entry, level);
		entry = &table[pt_index(addr, level - 1)];
	}
	return 0;
}

/* Fold the table (of @level) under *@entry back into one huge leaf. */
static void unsplit_table(struct ms_pgtable *pt, u64 *entry, u64 *child,
			  int level, u64 va)
{
	const u64 *type = pt->fmt->leaf_type;

	*entry = (child[0] & ~type[level]) | type[level + 1];
	table_account(child, -MS_PT_ENTRIES);
	pt_free_table(pt, child, va, level);
}

/**
 * ms_pt_unsplit() - undo a split
 * @pt: the page table
 * @addr: the address that was split at
 * @undo: what ms_pt_split() handed back (0 does nothing)
 *
 * Only valid while no leaf the split made has changed; two splits are
 * undone in the reverse order of their making.
 */
void ms_pt_unsplit(struct ms_pgtable *pt, u64 addr, unsigned long undo)
{
	int top = split_record_level(undo), level;
	int depth = split_record_depth(undo);
	u64 *entries[MS_PT_MAX_LEVELS], *tables[MS_PT_MAX_LEVELS];
	u64 *table = pt->root;

	if (!undo)
		return;
	/* Down to the smallest table the split made: tables all the way. */
	for (level = pt_top(pt); level > top - depth; level--) {
		entries[level] = &table[pt_index(addr, level)];
		table = next_table(pt, *entries[level], level);
		if (WARN_ON_ONCE(!table))
			return;
		tables[level - 1] = table;
	}
	for (level = top - depth + 1; level <= top; level++)
		unsplit_table(pt, entries[level], tables[level - 1], level - 1,
			      addr);
}

/**
 * pt_split_edges() - split the leaves crossing the edges of a range
 * @pt: the page table
 * @va: first address of the range
 * @end: first address past it
 *
 * Return: 0, or -ENOMEM with nothing changed (all or nothing).
 */
int pt_split_edges(struct ms_pgtable *pt, u64 va, u64 end)
{
	unsigned long undo_va, undo_end;
	int err = ms_pt_split(pt, va, &undo_va);

	if (err)
		return err;
	err = ms_pt_split(pt, end, &undo_end);
	if (err)
		ms_pt_unsplit(pt, va, undo_va);
	return err;
}
