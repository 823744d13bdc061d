/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace build: every page of the arena is mapped (no highmem).
 */
#ifndef _UCORE_LINUX_HIGHMEM_H
#define _UCORE_LINUX_HIGHMEM_H
#include <string.h>
#include <linux/mm.h>

static inline void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

static inline void kunmap_local(const void *addr)
{
}

static inline void copy_highpage(struct page *to, struct page *from)
{
	memcpy(page_address(to), page_address(from), PAGE_SIZE);
}
#endif
