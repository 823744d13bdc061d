/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace build: the GFP flags the module passes, and the page
 * allocator's entry points (tools/ucore/pages.c implements them).
 */
#ifndef _UCORE_LINUX_GFP_H
#define _UCORE_LINUX_GFP_H
#include <asm/page.h>
#include <linux/bug.h>
#include <linux/types.h>

/*
 * tools/include/linux/types.h makes gfp_t an enum whose first value is
 * GFP_KERNEL (0); the macros below keep that value and add the bits the
 * allocator looks at.
 */
#define __GFP_ZERO		0x100u
#define __GFP_NOWARN		0x2000u
#define __GFP_NOFAIL		0x8000u
#define __GFP_ACCOUNT		0x400000u
#define __GFP_NOMEMALLOC	0x10000u
#define __GFP_RECLAIM		0xc00u	/* direct and kswapd: none here */
#define GFP_KERNEL		0u
#define GFP_NOWAIT		0u	/* nothing here ever waits */
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)

struct page;

struct page *alloc_page(unsigned int gfp);
struct page *alloc_pages(unsigned int gfp, unsigned int order);
void split_page(struct page *page, unsigned int order);
void __free_page(struct page *page);
#endif
