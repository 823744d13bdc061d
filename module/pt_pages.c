// SPDX-License-Identifier: GPL-2.0
/*
 * The pages of a page table: the module-wide count and limit, the budget
 * of each table, the pool that a map reserves ahead so that it cannot fail
 * half-way, and the spare of zeroed pages that faults take their frames
 * from, refilled a block at a time; and the life of a frame (an ALLOC
 * page): new, shared by clones, let go of, freed by its last table.
 * Every allocation is a fault-injection point (fail.h).
 */
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "fail.h"
#include "pt_internal.h"

/* Page allocation: the budget, the pool and fault injection. */

/* Pages held by every page table of the module: 0 once all are gone. */
static atomic_long_t pages_held = ATOMIC_LONG_INIT(0);

/* The most pages all page tables together may hold. */
static unsigned long total_limit = ULONG_MAX;

/**
 * ms_pt_set_total_limit() - bound the pages all page tables hold together
 * @pages: the limit; pages already held stay, new ones are refused past it
 *
 * Per-space budgets bound one space; this bounds them all, whoever opens
 * how many.
 */
void ms_pt_set_total_limit(unsigned long pages)
{
	WRITE_ONCE(total_limit, pages);
}

/* Take @nr pages from the module-wide limit, or none. */
static bool pt_charge_total(unsigned long nr)
{
	long held = atomic_long_add_return(nr, &pages_held);

	if (held >= 0 && (unsigned long)held <= READ_ONCE(total_limit))
		return true;
	atomic_long_sub(nr, &pages_held);
	return false;
}

/**
 * ms_pt_pages_held() - pages held by all page tables together
 *
 * Return: tables, frames and reserved pages of every live page table.
 */
long ms_pt_pages_held(void)
{
	return atomic_long_read(&pages_held);
}

/* A zeroed page, already charged to the module-wide count. */
static struct page *pt_alloc_page(void)
{
	if (ms_should_fail() || fatal_signal_pending(current))
		return NULL;
	return alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
}

/*
 * 2^@order zeroed pages in one allocation, split into pages added to
 * @pages, if a block that large is free at once: no reclaim, no kswapd
 * woken, none of the reserves that atomic allocations may use
 * (__GFP_NOMEMALLOC: without direct reclaim, a request of several pages
 * would get ALLOC_HIGHATOMIC), no warning. The callers do without one.
 */
static bool pt_alloc_block(struct list_head *pages, unsigned int order)
{
	gfp_t gfp = (GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NOWARN |
		     __GFP_NOMEMALLOC) &
		    ~__GFP_RECLAIM;
	struct page *page = NULL;
	unsigned long i;

	if (!ms_blocks_fail())
		page = alloc_pages(gfp, order);
	if (!page)
		return false;
	split_page(page, order);
	for (i = 0; i < BIT(order); i++)
		list_add_tail(&page[i].lru, pages);
	return true;
}

/*
 * Up to @nr zeroed pages onto @pages, already charged to the module-wide
 * count: a block of 2^*@order pages at most, or one page. A block that
 * is not free at once makes *@order smaller for the next call.
 *
 * A speed trick: MS_MAP_POPULATE of 64 MiB took 0.9x the time of Linux's
 * MAP_POPULATE page by page, 0.56x (6.1) and 0.59-0.62x (6.12) in blocks
 * (BENCHMARKS.md, "Performance III"). KUnit's
 * test_populate_in_blocks_or_pages runs both paths.
 *
 * Return: how many pages were added, 0 on failure.
 */
static unsigned long pt_alloc_pages(struct list_head *pages, unsigned long nr,
				    unsigned int *order)
{
	struct page *page;

	if (ms_should_fail() || fatal_signal_pending(current))
		return 0;
	*order = min_t(unsigned int, *order, ilog2(nr));
	for (; *order; (*order)--) {
		if (pt_alloc_block(pages, *order))
			return BIT(*order);
	}
	page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!page)
		return 0;
	list_add_tail(&page->lru, pages);
	return 1;
}

/**
 * pt_free_page() - free a page of the page table and uncount it
 * @page: a table, a frame or a reserved page
 */
void pt_free_page(struct page *page)
{
	atomic_long_dec(&pages_held);
	__free_page(page);
}

/* The pages in use or reserved; the spare counts as room (pt_fill_pool()). */
static unsigned long pt_pages_held(const struct ms_pgtable *pt)
{
	return pt->nr_tables + pt->nr_frames + pt->nr_pool + pt->nr_buffers;
}

/**
 * pt_room() - pages the budget still allows
 * @pt: the page table
 * @credit: pages about to be given back, counted as free already
 *
 * The spare counts as room: a reservation takes it first.
 *
 * Return: how many more pages @pt may reserve.
 */
unsigned long pt_room(const struct ms_pgtable *pt, unsigned long credit)
{
	unsigned long held = pt_pages_held(pt) - min(pt_pages_held(pt), credit);

	return pt->max_pages - min(pt->max_pages, held);
}

/**
 * pt_fill_pool() - fill the pool up to @nr pages, of which @room may be new
 * @pt: the page table
 * @nr: pages wanted in the pool
 * @room: how many pages may be allocated
 *
 * The spare's pages go first; only what it lacks is allocated, and then
 * the whole spare moves to the pool, so that the budget still holds. New
 * pages are charged to the module-wide limit first, and come in blocks of
 * up to 2^MS_PT_BLOCK_ORDER pages when they are free (pt_alloc_pages()),
 * never more than @nr. A fatal signal stops the allocation (the task is
 * dying: it gets nothing).
 *
 * Return: 0, or -ENOMEM (budget, module-wide limit, allocator, fatal
 * signal) with the pool and the spare unchanged.
 */
int pt_fill_pool(struct ms_pgtable *pt, unsigned long nr, unsigned long room)
{
	unsigned long want = nr > pt->nr_pool ? nr - pt->nr_pool : 0, i, got;
	unsigned int order = MS_PT_BLOCK_ORDER;
	struct page *page, *tmp;
	LIST_HEAD(pages);

	if (want > room)
		return -ENOMEM;
	if (want <= pt->nr_spare) {
		for (i = 0; i < want; i++)
			list_move(pt->spare.next, &pt->pool);
		pt->nr_spare -= want;
		pt->nr_pool += want;
		return 0;
	}
	want -= pt->nr_spare;
	if (!pt_charge_total(want))
		return -ENOMEM;
	for (i = 0; i < want; i += got) {
		got = pt_alloc_pages(&pages, want - i, &order);
		if (!got)
			goto fail;
		cond_resched();
	}
	list_splice(&pages, &pt->pool);
	list_splice_init(&pt->spare, &pt->pool);
	pt->nr_pool += want + pt->nr_spare;
	pt->nr_spare = 0;
	return 0;
fail:
	/* What was allocated is freed page by page, the rest uncharged. */
	atomic_long_sub(want - i, &pages_held);
	list_for_each_entry_safe(page, tmp, &pages, lru)
		pt_free_page(page);
	return -ENOMEM;
}

/**
 * pt_refill_spare() - MS_PT_SPARE_BATCH zeroed pages in one allocation
 * @pt: the page table; its pool and spare are empty
 *
 * For faults: one allocation of a block, split into pages, costs much
 * less per page than one allocation per fault. Near the budget or the
 * module-wide limit, or with no such block free at once, it gets nothing
 * and the fault's reservation allocates its one page as before.
 *
 * Return: 0, or -ENOMEM (an injected failure, a fatal signal) with
 * nothing changed.
 */
int pt_refill_spare(struct ms_pgtable *pt)
{
	if (pt_room(pt, 0) < MS_PT_SPARE_BATCH ||
	    !pt_charge_total(MS_PT_SPARE_BATCH))
		return 0;
	if (ms_should_fail() || fatal_signal_pending(current)) {
		atomic_long_sub(MS_PT_SPARE_BATCH, &pages_held);
		return -ENOMEM;
	}
	if (!pt_alloc_block(&pt->spare, MS_PT_SPARE_ORDER)) {
		atomic_long_sub(MS_PT_SPARE_BATCH, &pages_held);
		return 0;
	}
	pt->nr_spare = MS_PT_SPARE_BATCH;
	return 0;
}

/**
 * pt_buffer_get() - a page for an operation's own use while it runs
 * @pt: the page table whose budget it counts against
 * @from_spare: set if the page is the spare's (pt_buffer_put() puts it
 *	back there, zeroed)
 *
 * A page of the spare if there is one: the spare counts in the budget
 * already, and the operation leaves pool and spare as they were.
 * Otherwise a new page, if the budget has room beside the spare.
 *
 * Return: the page, or NULL (budget, module-wide limit, allocator).
 */
struct page *pt_buffer_get(struct ms_pgtable *pt, bool *from_spare)
{
	struct page *page;

	*from_spare = pt->nr_spare;
	if (*from_spare) {
		page = list_first_entry(&pt->spare, struct page, lru);
		list_del(&page->lru);
		pt->nr_spare--;
	} else {
		if (!pt_room(pt, 0) || !pt_charge_total(1))
			return NULL;
		page = pt_alloc_page();
		if (!page) {
			atomic_long_dec(&pages_held);
			return NULL;
		}
	}
	pt->nr_buffers++;
	return page;
}

/**
 * pt_buffer_put() - give back a page of pt_buffer_get()
 * @pt: the page table
 * @page: the page
 * @from_spare: what pt_buffer_get() said
 */
void pt_buffer_put(struct ms_pgtable *pt, struct page *page, bool from_spare)
{
	pt->nr_buffers--;
	if (!from_spare) {
		pt_free_page(page);
		return;
	}
	/* The spare holds zeroed pages: faults map them as they are. */
	clear_page(page_address(page));
	list_add(&page->lru, &pt->spare);
	pt->nr_spare++;
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

static void free_list(struct list_head *pages)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, pages, lru) {
		list_del(&page->lru);
		pt_free_page(page);
	}
}

/**
 * pt_free_spare() - free the spare (when the page table goes)
 * @pt: the page table
 */
void pt_free_spare(struct ms_pgtable *pt)
{
	free_list(&pt->spare);
	pt->nr_spare = 0;
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
	free_list(&pt->pool);
	pt->nr_pool = 0;
}

/**
 * pt_take_page() - a zeroed page from the pool
 * @pt: the page table; its pool holds what the caller counted
 *
 * Return: the page.
 */
struct page *pt_take_page(struct ms_pgtable *pt)
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

/* Frames: the data pages a table owns, which clones share. */

/**
 * pt_frame_new() - a zeroed frame from the pool, mapped by one table
 * @pt: the page table; its pool holds what the caller counted
 *
 * Return: the frame, counted in @pt->nr_frames.
 */
struct page *pt_frame_new(struct ms_pgtable *pt)
{
	struct page *frame = pt_take_page(pt);

	set_page_private(frame, 1);
	pt->nr_frames++;
	return frame;
}

/**
 * pt_frame_share() - one more table maps a frame
 * @frame: the frame (tables of other spaces may be letting go of it)
 */
void pt_frame_share(struct page *frame)
{
	unsigned long old;

	do {
		old = READ_ONCE(frame->private);
	} while (cmpxchg(&frame->private, old, old + 1) != old);
}

/**
 * pt_frame_sharers() - how many tables map a frame
 * @frame: the frame
 *
 * Return: the module's own count, not the struct page's reference count,
 * which others may raise for a moment: a frame is shared when another
 * table maps it, whoever else looks at the page.
 */
unsigned long pt_frame_sharers(const struct page *frame)
{
	return READ_ONCE(frame->private);
}

/**
 * ms_pt_frame_shared() - whether a leaf's frame is mapped by other tables
 * @pt: the page table
 * @entry: a leaf entry of @pt
 *
 * Return: true for an owned frame that a clone maps too.
 */
bool ms_pt_frame_shared(const struct ms_pgtable *pt, u64 entry)
{
	return (entry & pt->fmt->owned) &&
	       pt_frame_sharers(entry_page(pt, entry)) > 1;
}

/*
 * A table lets go of a frame: the last of its sharers frees it and gives
 * it back to the module-wide count, so a shared frame is held once.
 */
static void pt_put_frame(struct page *page)
{
	unsigned long old;

	do {
		old = READ_ONCE(page->private);
	} while (cmpxchg(&page->private, old, old - 1) != old);
	/* The last sharer frees it; while another table maps it, it stays. */
	if (old == 1)
		pt_free_page(page);
}

/**
 * pt_put_leaf() - let go of a leaf: drop its frame if the table owns it
 * @pt: the page table
 * @entry: the leaf entry being cleared
 */
void pt_put_leaf(struct ms_pgtable *pt, u64 entry)
{
	if (!(entry & pt->fmt->owned))
		return;
	pt_put_frame(entry_page(pt, entry));
	pt->nr_frames--;
}
