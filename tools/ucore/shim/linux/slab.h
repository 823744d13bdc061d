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

/* A cache is just its object size; objects come from malloc(). */
struct kmem_cache {
	size_t size;
};

#define SLAB_ACCOUNT		0
#define KMEM_CACHE(s, flags)	kmem_cache_create_size(sizeof(struct s))

static inline struct kmem_cache *kmem_cache_create_size(size_t size)
{
	struct kmem_cache *c = malloc(sizeof(*c));

	if (c)
		c->size = size;
	return c;
}

static inline void *kmem_cache_alloc(struct kmem_cache *c, int gfp)
{
	return malloc(c->size);
}

static inline void kmem_cache_free(struct kmem_cache *c, void *p)
{
	free(p);
}

static inline void kmem_cache_destroy(struct kmem_cache *c)
{
	free(c);
}
#endif
