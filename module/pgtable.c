// SPDX-License-Identifier: GPL-2.0
/*
 * A private page table: its tables, the one way down from an entry to a
 * table, and the walks that only read (lookup, the leaves in order, the
 * bytes mapped, the MMU's access). Its pages and budget are pt_pages.c's.
 *
 * With the x86-64 4-level format, a virtual address below 2^48 is cut
 * into four 9-bit indices and a 12-bit offset; each index selects an
 * entry in one level of tables:
 *
 *   47      39 38      30 29      21 20      12 11         0
 *  [ PML4 idx ][ PDPT idx ][  PD idx  ][  PT idx  ][  offset  ]
 *    level 3     level 2     level 1     level 0
 *
 * Each table page counts its non-empty entries in page_private(), so an
 * unmap can free a table as soon as it becomes empty: an empty address
 * space holds only its root. Pages come from a pool reserved ahead within
 * the budget (max_pages), so that nothing fails half-way (pt_pages.c).
 */
#include <kunit/test-bug.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/minmax.h>
#include <linux/sched.h>

#include <trace/events/memory_set.h>

#include "prot.h"
#include "pt_internal.h"

/*
 * Debug builds check every table pointer before it is followed: the entry
 * must be a table entry and its page a table of this page table (tagged in
 * page->index when it was taken), never a leaf's frame or a caller's phys.
 * Anything else fails loudly: a WARN, and the running KUnit test fails.
 */
static bool table_is_ours(const struct ms_pgtable *pt, u64 entry, int level)
{
	unsigned long pfn = PHYS_PFN(entry_pa(pt, entry));

	if (!IS_ENABLED(CONFIG_MEMORY_SET_DEBUG))
		return true;
	if ((entry & ~pt->fmt->addr_mask) == pt->fmt->table && pfn_valid(pfn) &&
	    pfn_to_page(pfn)->index == (unsigned long)pt)
		return true;
	WARN(1, "memory_set: level %d entry %#llx is not a table of ours\n",
	     level, entry);
	kunit_fail_current_test("level %d entry %#llx is not a table", level,
				entry);
	return false;
}

/**
 * next_table() - the table an entry points to
 * @pt: the page table
 * @entry: an entry of a table of @pt
 * @level: the entry's level
 *
 * Every walk goes down through this one helper, which never takes a leaf
 * for a table.
 *
 * Return: the table, or NULL if @entry is empty or a leaf.
 */
u64 *next_table(const struct ms_pgtable *pt, u64 entry, int level)
{
	if (!entry || is_leaf(pt, entry, level) ||
	    !table_is_ours(pt, entry, level))
		return NULL;
	return phys_to_virt(entry_pa(pt, entry));
}

/**
 * pt_take_table() - a new empty table from the pool, tagged as ours
 * @pt: the page table
 * @va: an address the table will map (for the trace)
 * @level: the table's level
 *
 * Return: the table.
 */
u64 *pt_take_table(struct ms_pgtable *pt, u64 va, int level)
{
	struct page *page = pt_take_page(pt);

	set_page_private(page, 0);
	page->index = (unsigned long)pt;
	pt->nr_tables++;
	trace_ms_pt_alloc(va, level);
	return page_address(page);
}

/**
 * pt_free_table() - free a table that no entry points to any more
 * @pt: the page table
 * @table: the table
 * @va: an address it mapped (for the trace)
 * @level: its level
 */
void pt_free_table(struct ms_pgtable *pt, u64 *table, u64 va, int level)
{
	struct page *page = virt_to_page(table);

	trace_ms_pt_free(va, level);
	set_page_private(page, 0);
	page->index = 0;
	pt_free_page(page);
	pt->nr_tables--;
}

/**
 * ms_pt_init() - set up an empty page table: just its root
 * @pt: the page table
 * @fmt: its format
 * @max_pages: the most pages it may hold (tables, frames, reserve)
 *
 * Return: 0 or -ENOMEM.
 */
int ms_pt_init(struct ms_pgtable *pt, const struct ms_pt_format *fmt,
	       unsigned long max_pages)
{
	*pt = (struct ms_pgtable){ .fmt = fmt, .max_pages = max_pages };
	INIT_LIST_HEAD(&pt->pool);
	INIT_LIST_HEAD(&pt->spare);
	if (ms_pt_reserve(pt, 1))
		return -ENOMEM;
	pt->root = pt_take_table(pt, 0, pt_top(pt));
	return 0;
}

static void free_tree(struct ms_pgtable *pt, u64 *table, int level, u64 base)
{
	unsigned int i;
	u64 *child;

	for (i = 0; i < MS_PT_ENTRIES && table_used(table); i++) {
		pt_walk_yield(level);
		if (!table[i])
			continue;
		child = next_table(pt, table[i], level);
		if (child)
			free_tree(pt, child, level - 1,
				  base + i * ms_pt_level_size(level));
		else
			pt_put_leaf(pt, table[i]);
		set_entry(table, &table[i], 0);
	}
	pt_free_table(pt, table, base, level);
}

/**
 * ms_pt_destroy() - free every table, every owned frame and the spare
 * @pt: the page table; it must be initialised again before reuse
 */
void ms_pt_destroy(struct ms_pgtable *pt)
{
	if (pt->root)
		free_tree(pt, pt->root, pt_top(pt), 0);
	pt->root = NULL;
	ms_pt_release_reserve(pt);
	pt_free_spare(pt);
}

/**
 * ms_pt_prot_bits() - the entry bits of a protection in a table's format
 * @pt: the page table
 * @prot: MS_VM_* bits; 0 is PROT_NONE
 *
 * Return: the permission bits a leaf with @prot carries.
 */
u64 ms_pt_prot_bits(const struct ms_pgtable *pt, u32 prot)
{
	return pt->fmt->prot_bits(prot);
}

/* Looking up and accessing. */

/**
 * pt_find_leaf() - the leaf entry that maps an address
 * @pt: the page table
 * @va: the address
 * @level: on success, the leaf's level
 *
 * Return: the entry, or NULL if no leaf maps @va.
 */
u64 *pt_find_leaf(const struct ms_pgtable *pt, u64 va, int *level)
{
	u64 *table = pt->root, *entry;
	int l;

	if (va >= pt_span(pt))
		return NULL;
	for (l = pt_top(pt); l >= 0; l--) {
		entry = &table[pt_index(va, l)];
		if (!*entry)
			return NULL;
		if (is_leaf(pt, *entry, l)) {
			*level = l;
			return entry;
		}
		table = next_table(pt, *entry, l);
		if (!table)
			return NULL;
	}
	return NULL;
}

static void decode_leaf(const struct ms_pgtable *pt, u64 entry, int level,
			struct ms_pt_leaf *leaf)
{
	const struct ms_pt_format *fmt = pt->fmt;

	*leaf = (struct ms_pt_leaf){
		.entry = entry,
		.addr_mask = fmt->addr_mask,
		.level = level,
		.size = ms_pt_level_size(level),
		.phys = entry_pa(pt, entry),
		.prot = fmt->entry_prot(entry),
		.accessed = !!(entry & fmt->accessed),
		.dirty = !!(entry & fmt->dirty),
		.owned = !!(entry & fmt->owned),
		.shared = ms_pt_frame_shared(pt, entry),
	};
}

/**
 * ms_pt_lookup() - translate one address
 * @pt: the page table
 * @va: any address
 * @leaf: on success, the leaf decoded and the physical address of @va
 *
 * Return: true if a leaf (present or PROT_NONE) maps @va.
 */
bool ms_pt_lookup(const struct ms_pgtable *pt, u64 va, struct ms_pt_leaf *leaf)
{
	u64 *entry;
	int level;

	entry = pt_find_leaf(pt, va, &level);
	if (!entry)
		return false;
	decode_leaf(pt, *entry, level, leaf);
	leaf->phys += va & (ms_pt_level_size(level) - 1);
	return true;
}

static u64 count_mapped(const struct ms_pgtable *pt, const u64 *table,
			int level, u64 va, u64 end)
{
	u64 next, entry, bytes = 0;
	const u64 *child;

	for (; va < end; va = next) {
		pt_walk_yield(level);
		next = entry_end(va, level, end);
		entry = table[pt_index(va, level)];
		if (!entry)
			continue;
		child = next_table(pt, entry, level);
		if (child)
			bytes += count_mapped(pt, child, level - 1, va, next);
		else
			bytes += next - va;
	}
	return bytes;
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
	u64 end = min(va + size, pt_span(pt));

	return va < end ? count_mapped(pt, pt->root, pt_top(pt), va, end) : 0;
}

static void walk_leaves(const struct ms_pgtable *pt, const u64 *table,
			int level, u64 base, struct ms_pt_walker *walker)
{
	struct ms_pt_leaf leaf;
	const u64 *child;
	unsigned int i;
	u64 va;

	for (i = 0; i < MS_PT_ENTRIES; i++) {
		pt_walk_yield(level);
		if (!table[i])
			continue;
		va = base + i * ms_pt_level_size(level);
		child = next_table(pt, table[i], level);
		if (child) {
			walk_leaves(pt, child, level - 1, va, walker);
			continue;
		}
		decode_leaf(pt, table[i], level, &leaf);
		walker->leaf(walker, va, &leaf);
	}
}

/**
 * ms_pt_walk_leaves() - call @walker->leaf for every leaf, in address order
 * @pt: the page table
 * @walker: the callback, embedded in the caller's state
 */
void ms_pt_walk_leaves(const struct ms_pgtable *pt, struct ms_pt_walker *walker)
{
	walk_leaves(pt, pt->root, pt_top(pt), 0, walker);
}

/* Whether a leaf that allows @prot lets @access through in format @fmt. */
static bool prot_permits(const struct ms_pt_format *fmt, u32 prot, u32 access)
{
	access &= fmt->prot_mask;
	if (access & ~prot)
		return false;
	/* A supervisor fetch from a user page (RISC-V, AArch64's PXN). */
	return !(fmt->user_no_kexec && (prot & MS_VM_USER) &&
		 (access & (MS_VM_EXEC | MS_VM_USER)) == MS_VM_EXEC);
}

/**
 * ms_pt_prot_allows() - whether a leaf with a protection allows an access
 * @pt: the page table (for its format's rules)
 * @prot: the leaf's protection (MS_VM_* bits; 0 for PROT_NONE)
 * @access: as for ms_pt_access()
 *
 * The rule ms_pt_access() applies to the protection a walk gathers, for a
 * fault handler to ask before it maps anything: an access the format
 * refuses whatever the leaf holds (a supervisor fetch from a user page
 * in RISC-V and AArch64) is not one a fault can cure.
 *
 * Return: true if a present leaf with @prot lets @access through.
 */
bool ms_pt_prot_allows(const struct ms_pgtable *pt, u32 prot, u32 access)
{
	return prot_permits(pt->fmt, prot, access);
}

/*
 * The MMU's walk for one access (see ms_pt_access() for the rules).
 * Return: MS_ACCESS_OK with *@leaf the leaf entry and *@level its level,
 * or why the access faults.
 */
static enum ms_access_result access_walk(const struct ms_pgtable *pt, u64 va,
					 u32 access, u64 **leaf, int *level)
{
	const struct ms_pt_format *fmt = pt->fmt;
	u64 *table = pt->root, *entry = NULL, all = ~0ULL, any = 0;
	u32 prot;

	if (va >= pt_span(pt))
		return MS_ACCESS_MAPERR;
	for (*level = pt_top(pt); *level >= 0; (*level)--) {
		entry = &table[pt_index(va, *level)];
		if (!(*entry & fmt->present))
			return MS_ACCESS_MAPERR;
		table = next_table(pt, *entry, *level);
		if (!table)
			break;
		all &= *entry | ~fmt->walk_and;
		any |= *entry;
	}
	all &= *entry;
	any |= *entry;
	/* What every level allows: one decode of the bits they agree on. */
	prot = fmt->entry_prot((all & ~fmt->deny) | (any & fmt->deny));
	if (!prot_permits(fmt, prot, access))
		return MS_ACCESS_ACCERR;
	*leaf = entry;
	return MS_ACCESS_OK;
}

/* What the access does to the leaf: Accessed, and Dirty for a write. */
static void access_mark(const struct ms_pgtable *pt, u64 *leaf, u32 access)
{
	*leaf |= pt->fmt->accessed |
		 ((access & MS_VM_WRITE) ? pt->fmt->dirty : 0);
}

/**
 * ms_pt_access() - walk the table like the MMU for one access
 * @pt: the page table
 * @va: the address accessed
 * @access: what the access does: MS_VM_READ, MS_VM_WRITE or MS_VM_EXEC
 *	(an instruction fetch), plus MS_VM_USER for a user-mode access
 *
 * Every level must be present and, for the bits the format's tables
 * restrict (@fmt->walk_and: all of x86's, EPT's R/W/X), allow the access
 * (x86: RW for a write, US for a user access, no NX for a fetch); the leaf
 * must allow it. Where the format says so, a supervisor fetch from a user
 * page faults (RISC-V, AArch64); EPT ignores the privilege of the access.
 * On success the leaf gets Accessed, and Dirty for a write, as hardware
 * that manages them does (x86, EPT with A/D enabled, RISC-V Svadu,
 * AArch64 FEAT_HAFDBS with no Dirty bit).
 *
 * Return: MS_ACCESS_OK, MS_ACCESS_MAPERR or MS_ACCESS_ACCERR.
 */
enum ms_access_result ms_pt_access(struct ms_pgtable *pt, u64 va, u32 access)
{
	enum ms_access_result fault;
	u64 *leaf;
	int level;

	fault = access_walk(pt, va, access, &leaf, &level);
	if (fault == MS_ACCESS_OK)
		access_mark(pt, leaf, access);
	return fault;
}

/**
 * ms_pt_access_run() - the frames of pages in a row that accesses reach
 * @pt: the page table
 * @va: the address of the first access
 * @access: as for ms_pt_access()
 * @frames: out: the frames, one per page from @va's on
 * @nr: the most pages wanted, at least 1
 * @first: out: the result of the access to @va, as ms_pt_access_frame()'s
 *
 * One walk for up to a table's worth of pages: the first leaf must pass
 * ms_pt_access_frame()'s checks; each page after it in the same
 * last-level table whose leaf holds the same flags (Accessed and Dirty
 * aside) passes them too, since the tables above are the same. Nothing is
 * marked: ms_pt_mark_run() sets Accessed (and Dirty) on the pages the
 * caller then accessed.
 *
 * Return: how many pages from @va's on have frames in @frames; 0 unless
 * *@first is MS_ACCESS_OK.
 */
unsigned int ms_pt_access_run(const struct ms_pgtable *pt, u64 va, u32 access,
			      struct page **frames, unsigned int nr,
			      enum ms_access_result *first)
{
	u64 *leaf, same = ~(pt->fmt->addr_mask | pt->fmt->accessed |
			    pt->fmt->dirty);
	unsigned int n, last;
	int level;

	*first = access_walk(pt, va, access, &leaf, &level);
	if (*first != MS_ACCESS_OK)
		return 0;
	/* Frames are 4 KiB leaves: a huge leaf is memory it did not allocate. */
	if (!(*leaf & pt->fmt->owned) || level) {
		*first = MS_ACCESS_NODATA;
		return 0;
	}
	/* The run ends with the last-level table. */
	last = min_t(unsigned int, nr, (MS_PT_ENTRIES - pt_index(va, 0)));
	for (n = 0; n < last && !((leaf[n] ^ *leaf) & same); n++)
		frames[n] = entry_page(pt, leaf[n]);
	return n;
}

/**
 * ms_pt_mark_run() - the accesses of ms_pt_access_run() have happened
 * @pt: the page table
 * @va: the address of the first access
 * @access: as for ms_pt_access()
 * @nr: how many pages, at most what ms_pt_access_run() returned
 *
 * Sets Accessed, and Dirty for a write, on their leaves.
 */
void ms_pt_mark_run(struct ms_pgtable *pt, u64 va, u32 access, unsigned int nr)
{
	unsigned int i;
	u64 *leaf;
	int level;

	if (!nr || access_walk(pt, va, access, &leaf, &level) != MS_ACCESS_OK)
		return;
	/* No further than a run goes: the leaf alone, or to its table's end. */
	if (level)
		nr = 1;
	nr = min_t(unsigned int, nr, (MS_PT_ENTRIES - pt_index(va, 0)));
	for (i = 0; i < nr; i++)
		access_mark(pt, &leaf[i], access);
}

/**
 * ms_pt_access_frame() - an access that reaches data: the frame behind @va
 * @pt: the page table
 * @va: the address accessed
 * @access: as for ms_pt_access()
 * @frame: on success, the owned frame that holds @va
 *
 * As ms_pt_access(), and the leaf must be one of the table's own frames:
 * memory the table did not allocate (a LINEAR leaf) is never handed out,
 * and its Accessed and Dirty bits stay as they are.
 *
 * Return: MS_ACCESS_OK, MS_ACCESS_MAPERR, MS_ACCESS_ACCERR or MS_ACCESS_NODATA.
 */
enum ms_access_result ms_pt_access_frame(struct ms_pgtable *pt, u64 va,
					 u32 access, struct page **frame)
{
	enum ms_access_result fault;
	u64 *leaf;
	int level;

	fault = access_walk(pt, va, access, &leaf, &level);
	if (fault != MS_ACCESS_OK)
		return fault;
	if (!(*leaf & pt->fmt->owned))
		return MS_ACCESS_NODATA;
	access_mark(pt, leaf, access);
	*frame = entry_page(pt, *leaf);
	return MS_ACCESS_OK;
}
