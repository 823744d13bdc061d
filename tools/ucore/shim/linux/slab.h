/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build of the core: the slab allocator is calloc(). */
#ifndef _UCORE_LINUX_SLAB_H
#define _UCORE_LINUX_SLAB_H
#include <stdlib.h>
#include <linux/types.h>

#define GFP_KERNEL		0
#define GFP_KERNEL_ACCOUNT	0

static inline void *kzalloc(size_t size, int gfp)
{
	return calloc(1, size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}
#endif
