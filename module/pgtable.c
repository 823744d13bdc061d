// SPDX-License-Identifier: GPL-2.0
/*
 * A private x86_64 4-level page table.
 *
 * A virtual address below 2^48 is cut into four 9-bit indices and a 12-bit
 * offset; each index selects an entry in one level of tables:
 *
 *   47      39 38      30 29      21 20      12 11         0
 *  [ PML4 idx ][ PDPT idx ][  PD idx  ][  PT idx  ][  offset  ]
 *    level 3     level 2     level 1     level 0
 *
 * An entry is either empty (0), a pointer to the next table (MS_PTE_TABLE
 * and the table's physical address), or a leaf: a 4 KiB page at level 0,
 * or with MS_PTE_PS a 2 MiB (level 1) or 1 GiB (level 2) page. Every walk
 * goes down through next_table(), which never takes a leaf for a table.
 *
 * Each table page counts its non-empty entries in page_private(), so an
 * unmap can free a table as soon as it becomes empty: an empty address
 * space holds only its root.
 *
 * Nothing here fails half-way. A map first counts the tables (and frames)
 * it needs and reserves them in @pt->pool; only then does it write entries.
 * Unmap and protect only allocate to split a huge leaf cut by the range,
 * and they do that first, undoing the first split if the second fails.
 */
#include <kunit/test-bug.h>
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>

#include <trace/events/memory_set.h>

#include "fail.h"
#include "pgtable.h"

static unsigned int pt_index(u64 va, int level)
{
	return (va >> (12 + 9 * level)) & (MS_PT_ENTRIES - 1);
}

/* The end of the entry of @level that covers @va, clipped to @end. */
static u64 entry_end(u64 va, int level, u64 end)
{
	u64 next = (va | (ms_pt_level_size(level) - 1)) + 1;

	return next && next < end ? next : end;
}

static bool is_leaf(u64 entry, int level)
{
	return level == 0 || (entry & MS_PTE_PS);
}

/* Report a table pointer that is not one (debug builds). */
static void report_bad_table(u64 entry, int level)
{
	WARN(1,
	     "memory_set: level %d entry %#llx is not a table of this page table\n",
	     level, entry);
	kunit_fail_current_test("level %d entry %#llx is not a table", level,
				entry);
}

/*
 * Debug builds check every table pointer before it is followed: the entry
 * must be a table entry and its page a table of this page table (tagged in
 * page->index when it was taken), never a leaf's frame or a caller's phys.
 */
static bool table_is_ours(const struct ms_pgtable *pt, u64 entry, int level)
{
	unsigned long pfn = PHYS_PFN(entry & MS_PTE_ADDR);

	if (!IS_ENABLED(CONFIG_MEMORY_SET_DEBUG))
		return true;
	if ((entry & ~MS_PTE_ADDR) == MS_PTE_TABLE && pfn_valid(pfn) &&
	    pfn_to_page(pfn)->index == (unsigned long)pt)
		return true;
	report_bad_table(entry, level);
	return false;
}

/*
 * The table an entry of @level points to, or NULL if the entry is empty or
 * a leaf. Every walk goes down through this one helper.
 */
static u64 *next_table(const struct ms_pgtable *pt, u64 entry, int level)
{
	if (!entry || is_leaf(entry, level) || !table_is_ours(pt, entry, level))
		return NULL;
	return phys_to_virt(entry & MS_PTE_ADDR);
}

static u64 table_used(const u64 *table)
{
	return page_private(virt_to_page(table));
}

static void table_account(u64 *table, long delta)
{
	struct page *page = virt_to_page(table);

	set_page_private(page, page_private(page) + delta);
}

static void set_entry(u64 *table, u64 *entry, u64 value)
{
	table_account(table, (value != 0) - (*entry != 0));
	*entry = value;
}

/* Page allocation: the budget, the pool and fault injection. */

/* Pages held by every page table of the module: 0 once all are gone. */
static atomic_long_t pages_held = ATOMIC_LONG_INIT(0);

/**
 * ms_pt_pages_held() - pages held by all page tables together
 *
 * Return: tables, frames and reserved pages of every live page table.
 */
long ms_pt_pages_held(void)
{
	return atomic_long_read(&pages_held);
}

static struct page *pt_alloc_page(void)
{
	struct page *page;

	if (ms_should_fail())
		return NULL;
	page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (page)
		atomic_long_inc(&pages_held);
	return page;
}

static void pt_free_page(struct page *page)
{
	atomic_long_dec(&pages_held);
	__free_page(page);
}

static unsigned long pt_pages_held(const struct ms_pgtable *pt)
{
	return pt->nr_tables + pt->nr_frames + pt->nr_pool;
}

/* Pages the budget still allows, counting @credit pages as given back. */
static unsigned long pt_room(const struct ms_pgtable *pt, unsigned long credit)
{
	unsigned long held = pt_pages_held(pt) - min(pt_pages_held(pt), credit);

	return pt->max_pages - min(pt->max_pages, held);
}

/* Fill the pool up to @nr pages, of which @room may be new. */
static int pt_fill_pool(struct ms_pgtable *pt, unsigned long nr,
			unsigned long room)
{
	unsigned long want = nr > pt->nr_pool ? nr - pt->nr_pool : 0, i;
	struct page *page, *tmp;
	LIST_HEAD(pages);

	if (want > room)
		return -ENOMEM;
	for (i = 0; i < want; i++) {
		page = pt_alloc_page();
		if (!page)
			goto fail;
		list_add(&page->lru, &pages);
		cond_resched();
	}
	list_splice(&pages, &pt->pool);
	pt->nr_pool += want;
	return 0;
fail:
	list_for_each_entry_safe(page, tmp, &pages, lru)
		pt_free_page(page);
	return -ENOMEM;
}

/**
 * ms_pt_reserve() - make sure the pool holds at least @nr zeroed pages
 * @pt: the page table
 * @nr: pages wanted
 *
 * Return: 0, or -ENOMEM (budget or allocator) with the pool unchanged.
 */
int ms_pt_reserve(struct ms_pgtable *pt, unsigned long nr)
{
	return pt_fill_pool(pt, nr, pt_room(pt, 0));
}

/**
 * ms_pt_release_reserve() - free the pages reserved and not used
 * @pt: the page table
 *
 * The pool only lives for one operation: its owner calls this at the end
 * of each, whether the operation succeeded or not.
 */
void ms_pt_release_reserve(struct ms_pgtable *pt)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, &pt->pool, lru) {
		list_del(&page->lru);
		pt_free_page(page);
	}
	pt->nr_pool = 0;
}

/* A zeroed page from the pool, which the caller has filled enough. */
static struct page *pt_take_page(struct ms_pgtable *pt)
{
	struct page *page;

	if (WARN_ON_ONCE(list_empty(&pt->pool))) { /* a counting bug */
		atomic_long_inc(&pages_held);
		return alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO |
				  __GFP_NOFAIL);
	}
	page = list_first_entry(&pt->pool, struct page, lru);
	list_del(&page->lru);
	pt->nr_pool--;
	return page;
}

/* A table of @level for the range that @va is in, tagged as ours. */
static u64 *pt_take_table(struct ms_pgtable *pt, u64 va, int level)
{
	struct page *page = pt_take_page(pt);

	set_page_private(page, 0);
	page->index = (unsigned long)pt;
	pt->nr_tables++;
	trace_ms_pt_alloc(va, level);
	return page_address(page);
}

static void pt_free_table(struct ms_pgtable *pt, u64 *table, u64 va, int level)
{
	struct page *page = virt_to_page(table);

	trace_ms_pt_free(va, level);
	set_page_private(page, 0);
	page->index = 0;
	pt_free_page(page);
	pt->nr_tables--;
}

static void pt_free_frame(struct ms_pgtable *pt, u64 entry)
{
	pt_free_page(pfn_to_page(PHYS_PFN(entry & MS_PTE_ADDR)));
	pt->nr_frames--;
}

/* Free an owned frame behind a leaf, if it has one. */
static void put_leaf(struct ms_pgtable *pt, u64 entry)
{
	if (entry & MS_PTE_SW_OWNED)
		pt_free_frame(pt, entry);
}

/**
 * ms_pt_init() - set up an empty page table: just its root
 * @pt: the page table
 * @max_pages: the most pages it may hold (tables, frames, reserve)
 *
 * Return: 0 or -ENOMEM.
 */
int ms_pt_init(struct ms_pgtable *pt, unsigned long max_pages)
{
	*pt = (struct ms_pgtable){ .max_pages = max_pages };
	INIT_LIST_HEAD(&pt->pool);
	if (ms_pt_reserve(pt, 1))
		return -ENOMEM;
	pt->root = pt_take_table(pt, 0, MS_PT_LEVELS - 1);
	return 0;
}

static void free_tree(struct ms_pgtable *pt, u64 *table, int level, u64 base)
{
	unsigned int i;
	u64 *child;

	for (i = 0; i < MS_PT_ENTRIES && table_used(table); i++) {
		if (!table[i])
			continue;
		child = next_table(pt, table[i], level);
		if (child)
			free_tree(pt, child, level - 1,
				  base + i * ms_pt_level_size(level));
		else
			put_leaf(pt, table[i]);
		set_entry(table, &table[i], 0);
	}
	pt_free_table(pt, table, base, level);
	cond_resched();
}

/**
 * ms_pt_destroy() - free every table and every owned frame
 * @pt: the page table; it must be initialised again before reuse
 */
void ms_pt_destroy(struct ms_pgtable *pt)
{
	if (pt->root)
		free_tree(pt, pt->root, MS_PT_LEVELS - 1, 0);
	pt->root = NULL;
	ms_pt_release_reserve(pt);
}

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

	if (level < MS_PT_LEVELS - 1 &&
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
			c->nr += !!(entry & MS_PTE_SW_OWNED);
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
 * @va: first address
 * @size: length
 * @pa: physical address of @va (its alignment decides the huge leaves)
 * @max_level: the largest leaf allowed: 0, MS_PT_LEVEL_2M or MS_PT_LEVEL_1G
 *
 * Return: the tables needed below the root if none exists yet.
 */
unsigned long ms_pt_tables_needed(u64 va, u64 size, u64 pa, int max_level)
{
	struct pt_count c = { .max_level = max_level, .cap = ULONG_MAX };

	count_tables(&c, NULL, MS_PT_LEVELS - 1, va, va + size, pa);
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
	unsigned long room, pages = frames ? size >> 12 : 0;

	if (replacing) {
		c.clear_va = va;
		c.clear_end = va + size;
		count_released(&c, pt->root, MS_PT_LEVELS - 1, va, va + size);
	}
	room = pt_room(pt, c.nr);
	/* What is reserved already can be used too. */
	if (pages > room + pt->nr_pool)
		return -ENOMEM;
	c.nr = pages;
	c.cap = room + pt->nr_pool;
	count_tables(&c, pt->root, MS_PT_LEVELS - 1, va, va + size, pa);
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

/* Mapping: count the tables, reserve them, then fill. */

struct fill_args {
	struct ms_pgtable *pt;
	u64 bits; /* leaf bits besides the address */
	int max_level;
	bool frames; /* back each page with a new owned frame */
};

static u64 leaf_entry(struct fill_args *fa, int level, u64 pa)
{
	if (fa->frames) {
		fa->pt->nr_frames++;
		pa = page_to_phys(pt_take_page(fa->pt)) | MS_PTE_SW_OWNED;
	}
	return pa | fa->bits | (level ? MS_PTE_PS : 0);
}

/* The leaves of one PT: a tight loop, the bulk of any 4 KiB mapping. */
static void fill_ptes(struct fill_args *fa, u64 *table, u64 va, u64 end, u64 pa)
{
	unsigned int i = pt_index(va, 0), n = (end - va) >> 12, k;

	for (k = 0; k < n; k++) {
		WARN_ON_ONCE(table[i + k]); /* the core maps empty ranges */
		table[i + k] = leaf_entry(fa, 0, pa + ((u64)k << 12));
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
				  virt_to_phys(child) | MS_PTE_TABLE);
		}
		fill(fa, child, level - 1, va, next, pa);
		/* After each PT: a whole budget of tables takes a while. */
		if (level == 1)
			cond_resched();
	}
}

static u64 leaf_bits(u64 perm)
{
	return (perm & MS_PTE_PERM) | MS_PTE_SW_LEAF;
}

static int map_range(struct ms_pgtable *pt, u64 va, u64 pa, u64 size, u64 perm,
		     int max_level, bool frames)
{
	struct fill_args fa = {
		.pt = pt,
		.bits = leaf_bits(perm),
		.max_level = max_level,
		.frames = frames,
	};
	int err;

	err = reserve_map(pt, va, size, pa, max_level, frames, false);
	if (!err)
		fill(&fa, pt->root, MS_PT_LEVELS - 1, va, va + size, pa);
	ms_pt_release_reserve(pt);
	return err;
}

/**
 * ms_pt_map() - map [@va, @va + @size) to [@pa, @pa + @size)
 * @pt: the page table
 * @va: first virtual address, page-aligned
 * @pa: first physical address, page-aligned
 * @size: length, page-aligned
 * @perm: MS_PTE_PERM bits of the leaves (no MS_PTE_P: PROT_NONE)
 * @max_level: the largest leaf to use where addresses and size line up
 *
 * The range must hold no leaf. Tables and pages reserved earlier by
 * ms_pt_reserve() or ms_pt_prepare_replace() are used first.
 *
 * Return: 0, or -ENOMEM with nothing changed.
 */
int ms_pt_map(struct ms_pgtable *pt, u64 va, u64 pa, u64 size, u64 perm,
	      int max_level)
{
	return map_range(pt, va, pa, size, perm, max_level, false);
}

/**
 * ms_pt_map_frames() - map [@va, @va + @size) to new zeroed frames
 * @pt: the page table
 * @va: first virtual address, page-aligned
 * @size: length, page-aligned
 * @perm: MS_PTE_PERM bits of the leaves
 *
 * The frames are owned by the table: unmap and destroy free them.
 *
 * Return: 0, or -ENOMEM with nothing changed.
 */
int ms_pt_map_frames(struct ms_pgtable *pt, u64 va, u64 size, u64 perm)
{
	return map_range(pt, va, 0, size, perm, 0, true);
}

/* Splitting huge leaves, and undoing a split. */

/* The entry that maps @va, its level, and its table; NULL if none. */
static u64 *find_leaf(const struct ms_pgtable *pt, u64 va, int *level,
		      u64 **table)
{
	u64 *t = pt->root, *entry;
	int l;

	for (l = MS_PT_LEVELS - 1; l >= 0; l--) {
		entry = &t[pt_index(va, l)];
		if (!*entry)
			return NULL;
		if (is_leaf(*entry, l)) {
			*level = l;
			if (table)
				*table = t;
			return entry;
		}
		t = next_table(pt, *entry, l);
		if (!t)
			return NULL;
	}
	return NULL;
}

/* How many levels a leaf must be split down so that @addr is a boundary. */
static int split_depth(const struct ms_pgtable *pt, u64 addr, int *level)
{
	int depth = 0;

	if (addr >= ms_pt_level_size(MS_PT_LEVELS) ||
	    !find_leaf(pt, addr, level, NULL))
		return 0;
	while (*level - depth > 0 &&
	       (addr & (ms_pt_level_size(*level - depth) - 1)))
		depth++;
	return depth;
}

/* Replace the huge leaf *@entry of @level by a table of 512 smaller ones. */
static void split_leaf(struct ms_pgtable *pt, u64 *entry, int level, u64 va)
{
	u64 leaf = *entry, *child = pt_take_table(pt, va, level - 1);
	u64 step = ms_pt_level_size(level - 1), bits = leaf & ~MS_PTE_ADDR;
	unsigned int i;

	if (level - 1 == 0)
		bits &= ~MS_PTE_PS;
	for (i = 0; i < MS_PT_ENTRIES; i++)
		child[i] = ((leaf & MS_PTE_ADDR) + i * step) | bits;
	table_account(child, MS_PT_ENTRIES);
	*entry = virt_to_phys(child) | MS_PTE_TABLE;
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
 * Splits the huge leaf covering @addr one level at a time (1 GiB -> 512
 * 2 MiB leaves, then only the 2 MiB leaf that is cut -> 512 4 KiB ones)
 * until no leaf crosses @addr. Every translation stays the same. The page
 * table remembers nothing: the caller keeps *@undo.
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
	entry = find_leaf(pt, addr, &level, &table);
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
	*entry = child[0] | MS_PTE_PS;
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
	u64 *entries[MS_PT_LEVELS], *tables[MS_PT_LEVELS], *table = pt->root;

	if (!undo)
		return;
	/* Down to the smallest table the split made: tables all the way. */
	for (level = MS_PT_LEVELS - 1; level > top - depth; level--) {
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

/* Unmapping and protecting. */

static void clear_ptes(struct ms_pgtable *pt, u64 *table, u64 va, u64 end)
{
	unsigned int i = pt_index(va, 0), n = (end - va) >> 12, k;
	long cleared = 0;

	for (k = 0; k < n; k++) {
		if (!table[i + k])
			continue;
		put_leaf(pt, table[i + k]);
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
			put_leaf(pt, *entry);
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
			  u64 va, u64 end, u64 perm)
{
	u64 next, *entry, *child;

	for (; va < end; va = next) {
		next = entry_end(va, level, end);
		entry = &table[pt_index(va, level)];
		if (!*entry)
			continue;
		child = next_table(pt, *entry, level);
		if (child)
			protect_range(pt, child, level - 1, va, next, perm);
		else
			*entry = (*entry & ~MS_PTE_PERM) | (perm & MS_PTE_PERM);
		if (level == 1)
			cond_resched();
	}
}

/* Split the leaves crossing the edges of [@va, @end): all or nothing. */
static int split_edges(struct ms_pgtable *pt, u64 va, u64 end)
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

/**
 * ms_pt_unmap() - remove every leaf in [@va, @va + @size)
 * @pt: the page table
 * @va: first address, page-aligned
 * @size: length, page-aligned
 *
 * Owned frames are freed, and so are tables left empty. A huge leaf that
 * crosses an edge of the range is split first.
 *
 * Return: 0, or -ENOMEM (splitting) with nothing changed.
 */
int ms_pt_unmap(struct ms_pgtable *pt, u64 va, u64 size)
{
	int err = split_edges(pt, va, va + size);

	if (!err)
		clear_range(pt, pt->root, MS_PT_LEVELS - 1, va, va + size);
	return err;
}

/**
 * ms_pt_protect() - change the permissions of every leaf in a range
 * @pt: the page table
 * @va: first address, page-aligned
 * @size: length, page-aligned
 * @perm: the new MS_PTE_PERM bits; without MS_PTE_P the leaves stay as
 *	not-present PROT_NONE entries that keep their address
 *
 * Accessed, Dirty and the frame are kept. A huge leaf that crosses an edge
 * of the range is split first.
 *
 * Return: 0, or -ENOMEM (splitting) with nothing changed.
 */
int ms_pt_protect(struct ms_pgtable *pt, u64 va, u64 size, u64 perm)
{
	int err = split_edges(pt, va, va + size);

	if (!err)
		protect_range(pt, pt->root, MS_PT_LEVELS - 1, va, va + size,
			      perm);
	return err;
}

/* Looking up and accessing. */

/**
 * ms_pt_lookup() - translate one address
 * @pt: the page table
 * @va: any address below 2^48
 * @leaf: on success, the leaf and the physical address of @va
 *
 * Return: true if a leaf (present or PROT_NONE) maps @va.
 */
bool ms_pt_lookup(const struct ms_pgtable *pt, u64 va, struct ms_pt_leaf *leaf)
{
	u64 *entry;
	int level;

	entry = find_leaf(pt, va, &level, NULL);
	if (!entry)
		return false;
	leaf->entry = *entry;
	leaf->level = level;
	leaf->phys =
		(*entry & MS_PTE_ADDR) + (va & (ms_pt_level_size(level) - 1));
	return true;
}

static u64 count_mapped(const struct ms_pgtable *pt, const u64 *table,
			int level, u64 va, u64 end)
{
	u64 next, entry, bytes = 0;
	const u64 *child;

	for (; va < end; va = next) {
		next = entry_end(va, level, end);
		entry = table[pt_index(va, level)];
		if (!entry)
			continue;
		child = next_table(pt, entry, level);
		if (child)
			bytes += count_mapped(pt, child, level - 1, va, next);
		else
			bytes += next - va;
		if (level == 1)
			cond_resched();
	}
	return bytes;
}

static void walk_leaves(const struct ms_pgtable *pt, const u64 *table,
			int level, u64 base, struct ms_pt_walker *walker)
{
	const u64 *child;
	unsigned int i;
	u64 va;

	for (i = 0; i < MS_PT_ENTRIES; i++) {
		if (!table[i])
			continue;
		va = base + i * ms_pt_level_size(level);
		child = next_table(pt, table[i], level);
		if (child)
			walk_leaves(pt, child, level - 1, va, walker);
		else
			walker->leaf(walker, va, level, table[i]);
	}
	if (level == 1)
		cond_resched();
}

/**
 * ms_pt_walk_leaves() - call @walker->leaf for every leaf, in address order
 * @pt: the page table
 * @walker: the callback, embedded in the caller's state
 */
void ms_pt_walk_leaves(const struct ms_pgtable *pt, struct ms_pt_walker *walker)
{
	walk_leaves(pt, pt->root, MS_PT_LEVELS - 1, 0, walker);
}

/**
 * ms_pt_mapped_bytes() - how much of a range has a leaf
 * @pt: the page table
 * @va: first address
 * @size: length
 *
 * Return: the bytes of [@va, @va + @size) that some leaf maps.
 */
u64 ms_pt_mapped_bytes(const struct ms_pgtable *pt, u64 va, u64 size)
{
	return count_mapped(pt, pt->root, MS_PT_LEVELS - 1, va, va + size);
}

/**
 * ms_pt_access() - walk the table like the MMU for one access
 * @pt: the page table
 * @va: the address accessed
 * @need: MS_PTE_RW for a write, MS_PTE_US for a user-mode access, and
 *	MS_PTE_NX for an instruction fetch (which NX forbids)
 *
 * Every level must be present and allow the access: RW for a write, US
 * for a user access, no NX for a fetch. On success the leaf gets Accessed,
 * and Dirty for a write.
 *
 * Return: MS_PT_OK, MS_PT_NOT_PRESENT or MS_PT_PROTECTION.
 */
enum ms_pt_fault ms_pt_access(struct ms_pgtable *pt, u64 va, u64 need)
{
	u64 allow = MS_PTE_RW | MS_PTE_US, *table = pt->root, *entry;
	bool nx = false;
	int level;

	for (level = MS_PT_LEVELS - 1; level >= 0; level--) {
		entry = &table[pt_index(va, level)];
		if (!(*entry & MS_PTE_P))
			return MS_PT_NOT_PRESENT;
		allow &= *entry;
		nx |= !!(*entry & MS_PTE_NX);
		table = next_table(pt, *entry, level);
		if (!table)
			break;
	}
	if ((need & (MS_PTE_RW | MS_PTE_US)) & ~allow)
		return MS_PT_PROTECTION;
	if ((need & MS_PTE_NX) && nx)
		return MS_PT_PROTECTION;
	*entry |= MS_PTE_A | ((need & MS_PTE_RW) ? MS_PTE_D : 0);
	return MS_PT_OK;
}
