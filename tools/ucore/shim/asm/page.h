/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build: x86_64's 4 KiB pages, whatever the host's. */
#ifndef _UCORE_ASM_PAGE_H
#define _UCORE_ASM_PAGE_H
#include <string.h>
#include <linux/bits.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		BIT(PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PAGE_ALIGNED(addr)	(!((unsigned long)(addr) & (PAGE_SIZE - 1)))
#define PHYS_PFN(x)		((unsigned long)((x) >> PAGE_SHIFT))

static inline void clear_page(void *addr)
{
	memset(addr, 0, PAGE_SIZE);
}
#endif
