/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace build of the core: the slab allocator is calloc(). */
#ifndef _UCORE_LINUX_SLAB_H
#define _UCORE_LINUX_SLAB_H
#include <stdlib.h>
#include <linux/gfp.h>
#include <linux/types.h>

static inline void *kzalloc(size_t size, unsigned int gfp)
{
	return calloc(1, size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}
#endif
