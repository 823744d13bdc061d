// SPDX-License-Identifier: GPL-2.0
/*
 * A page allocator for the userspace build of the whole stack.
 *
 * The module turns table entries back into pointers with phys_to_virt():
 * a bug that takes a leaf's frame or a caller's LINEAR address for a table
 * would, in the kernel, read or write whatever RAM sits there (the Oops
 * fixed by "Hardening: splits hand their undo record to the core"). Here
 * RAM is an arena of page slots whose physical addresses are made up
 * (UCORE_RAM_BASE + slot * PAGE_SIZE, nothing like the host pointer), and
 * phys_to_virt() of anything but a page handed out and not yet freed
 * aborts with a message. Freed pages are poisoned for ASan, so a stale
 * pointer into a freed table is a use-after-free report.
 *
 * Slots are handed out in order from a bump pointer, and freed ones are
 * reused first-in first-out only once every slot was used: a freed page
 * stays poisoned for as long as possible. With no page live the
 * allocator can be reset, so every run sees the same addresses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sanitizer/asan_interface.h>
#include <linux/compiler.h>
#include <linux/kernel.h>

#include "pages.h"

static unsigned char *arena;
static struct page pages[UCORE_NR_PAGES];
static bool allocated[UCORE_NR_PAGES];
static unsigned long bump;		/* slots from here on were never used */
static unsigned int freed[UCORE_NR_PAGES];	/* FIFO of freed slots */
static unsigned long freed_head, freed_count;
static long live, peak;

static void __noreturn __printf(1, 2) die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "ucore pages: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

static void arena_init(void)
{
	size_t size = UCORE_NR_PAGES * PAGE_SIZE;

	if (arena)
		return;
	arena = mmap(NULL, size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (arena == MAP_FAILED)
		die("cannot reserve %zu bytes", size);
	/* Nothing is handed out yet: every byte is off limits. */
	ASAN_POISON_MEMORY_REGION(arena, size);
}

static unsigned long slot_of_page(const struct page *page)
{
	if (page < pages || page >= pages + UCORE_NR_PAGES)
		die("struct page %p is not one of this allocator's", page);
	return page - pages;
}

static unsigned long slot_of_virt(const void *addr)
{
	const unsigned char *p = addr;

	if (!arena || p < arena || p >= arena + UCORE_NR_PAGES * PAGE_SIZE)
		die("virtual address %p is not in the page arena", addr);
	return (p - arena) / PAGE_SIZE;
}

/**
 * ucore_page_slot() - the arena slot of a physical address
 * @phys: any physical address
 *
 * Return: the slot, or -1 if @phys is outside RAM.
 */
long ucore_page_slot(u64 phys)
{
	if (phys < UCORE_RAM_BASE || phys >= UCORE_RAM_END)
		return -1;
	return (phys - UCORE_RAM_BASE) >> PAGE_SHIFT;
}

/**
 * ucore_page_allocated() - whether a physical address is in a live page
 * @phys: any physical address
 *
 * Return: true if the page holding @phys was handed out and not freed.
 */
bool ucore_page_allocated(u64 phys)
{
	long slot = ucore_page_slot(phys);

	return slot >= 0 && allocated[slot];
}

/**
 * ucore_pages_live() - pages handed out and not freed
 *
 * Return: their number; 0 once every page table is destroyed.
 */
long ucore_pages_live(void)
{
	return live;
}

/**
 * ucore_pages_peak() - the most pages live at once since the last call
 *
 * Return: that number; the count starts again from the pages live now.
 */
long ucore_pages_peak(void)
{
	long p = peak;

	peak = live;
	return p;
}

/**
 * ucore_pages_reset() - start handing out slots from the first again
 *
 * Only with no page live: every slot is free and poisoned already.
 */
void ucore_pages_reset(void)
{
	if (live)
		die("reset with %ld pages live", live);
	bump = 0;
	freed_head = 0;
	freed_count = 0;
}

static long take_slot(void)
{
	unsigned long slot;

	if (bump < UCORE_NR_PAGES)
		return bump++;
	if (!freed_count)
		return -1;
	slot = freed[freed_head];
	freed_head = (freed_head + 1) % UCORE_NR_PAGES;
	freed_count--;
	return slot;
}

struct page *alloc_page(unsigned int gfp)
{
	struct page *page;
	void *addr;
	long slot;

	arena_init();
	slot = take_slot();
	if (slot < 0) {
		if (gfp & __GFP_NOFAIL)
			die("out of pages with __GFP_NOFAIL");
		return NULL;
	}
	allocated[slot] = true;
	live++;
	peak = max(peak, live);
	page = &pages[slot];
	*page = (struct page){ .lru = { LIST_POISON1, LIST_POISON2 },
			       .refcount = 1 };
	addr = arena + slot * PAGE_SIZE;
	ASAN_UNPOISON_MEMORY_REGION(addr, PAGE_SIZE);
	/* Not zeroed: garbage, so that a missing __GFP_ZERO shows. */
	memset(addr, gfp & __GFP_ZERO ? 0 : 0xa5, PAGE_SIZE);
	return page;
}

void __free_page(struct page *page)
{
	unsigned long slot = slot_of_page(page);

	if (!allocated[slot])
		die("%s of phys %#llx: not allocated (double free?)", __func__,
		    (unsigned long long)page_to_phys(page));
	/* Like the kernel's: drops a reference; only the last one frees. */
	if (page->refcount != 1)
		die("%s of phys %#llx: %d references, another table maps it",
		    __func__, (unsigned long long)page_to_phys(page),
		    page->refcount);
	page->refcount = 0;
	allocated[slot] = false;
	live--;
	page->lru = (struct list_head){ LIST_POISON1, LIST_POISON2 };
	ASAN_POISON_MEMORY_REGION(arena + slot * PAGE_SIZE, PAGE_SIZE);
	freed[(freed_head + freed_count) % UCORE_NR_PAGES] = slot;
	freed_count++;
}

void *page_address(const struct page *page)
{
	return arena + slot_of_page(page) * PAGE_SIZE;
}

struct page *virt_to_page(const void *addr)
{
	return &pages[slot_of_virt(addr)];
}

u64 page_to_phys(const struct page *page)
{
	return UCORE_RAM_BASE + ((u64)slot_of_page(page) << PAGE_SHIFT);
}

/* Any page of RAM, allocated or not, has a struct page, as in the kernel. */
bool pfn_valid(unsigned long pfn)
{
	return ucore_page_slot((u64)pfn << PAGE_SHIFT) >= 0;
}

struct page *pfn_to_page(unsigned long pfn)
{
	long slot = ucore_page_slot((u64)pfn << PAGE_SHIFT);

	if (slot < 0)
		die("%s of pfn %#lx: outside RAM", __func__, pfn);
	return &pages[slot];
}

/*
 * The check that catches a walk going down into something that is not a
 * table: only pages handed out have a virtual address here.
 */
void *phys_to_virt(u64 phys)
{
	if (!ucore_page_allocated(phys))
		die("%s of %#llx: not a page this allocator handed out",
		    __func__, (unsigned long long)phys);
	return arena + (phys - UCORE_RAM_BASE);
}

u64 virt_to_phys(const void *addr)
{
	unsigned long slot = slot_of_virt(addr);

	return UCORE_RAM_BASE + ((u64)slot << PAGE_SHIFT) +
	       ((unsigned long)addr & (PAGE_SIZE - 1));
}
