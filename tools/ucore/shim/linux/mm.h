/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace build: struct page and the address conversions of the kernel,
 * over the page arena of tools/ucore/pages.c. A "physical address" there
 * is not a host pointer: RAM is [UCORE_RAM_BASE, UCORE_RAM_BASE + arena),
 * and phys_to_virt() aborts on anything that is not a page handed out.
 */
#ifndef _UCORE_LINUX_MM_H
#define _UCORE_LINUX_MM_H
#include <asm/page.h>
#include <linux/bug.h>
#include <linux/gfp.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/types.h>

/* The fields of the kernel's struct page that the module uses. */
struct page {
	struct list_head lru;
	unsigned long private;
	unsigned long index;
	int refcount; /* the kernel's _refcount: 1 from alloc_page() */
};

static inline unsigned long page_private(const struct page *page)
{
	return page->private;
}

static inline void set_page_private(struct page *page, unsigned long private)
{
	page->private = private;
}

void *page_address(const struct page *page);
struct page *virt_to_page(const void *addr);
u64 page_to_phys(const struct page *page);
bool pfn_valid(unsigned long pfn);
struct page *pfn_to_page(unsigned long pfn);
void *phys_to_virt(u64 phys);
u64 virt_to_phys(const void *addr);
#endif
