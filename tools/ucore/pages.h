/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace page allocator behind alloc_page() (shim/linux/mm.h): an
 * arena of UCORE_NR_PAGES page slots, each with a struct page on the side
 * and a made-up physical address, UCORE_RAM_BASE + slot * PAGE_SIZE, that
 * is never the host pointer. What the harness needs to check it.
 */
#ifndef _UCORE_PAGES_H
#define _UCORE_PAGES_H

#include <linux/bits.h>
#include <linux/mm.h>
#include <linux/types.h>

#define UCORE_RAM_BASE	BIT_ULL(32)	/* phys of slot 0 */
#define UCORE_NR_PAGES	BIT(16)		/* 256 MiB of "RAM" */
#define UCORE_RAM_END	(UCORE_RAM_BASE + UCORE_NR_PAGES * PAGE_SIZE)

long ucore_pages_live(void);
long ucore_pages_peak(void);
void ucore_pages_reset(void);
long ucore_page_slot(u64 phys);
bool ucore_page_allocated(u64 phys);

#endif
