/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An address space: a memory set, its page table and the lock that
 * serialises them. This is what one open file of /dev/memory_set holds.
 */
#ifndef _MEMORY_SET_SPACE_H
#define _MEMORY_SET_SPACE_H

#include <linux/mutex.h>
#include <uapi/linux/memory_set.h>

#include "memory_set.h"
#include "pgtable.h"

/**
 * struct ms_space - one private address space
 * @lock: serialises every operation on @set and @pt
 * @set: the areas
 * @pt: their page table
 */
struct ms_space {
	struct mutex lock; /* serialises every operation on @set, @pt */
	struct memory_set set;
	struct ms_pgtable pt;
};

int ms_space_init(struct ms_space *space, unsigned long max_pages,
		  unsigned long max_areas);
void ms_space_destroy(struct ms_space *space);
int ms_space_map(struct ms_space *space, const struct ms_map_args *args);
int ms_space_unmap(struct ms_space *space, u64 start, u64 size);
int ms_space_protect(struct ms_space *space, u64 start, u64 size, u32 prot);
int ms_space_clear(struct ms_space *space);
int ms_space_touch(struct ms_space *space, u64 va, u32 access, u32 *result);
void ms_space_query(struct ms_space *space, struct ms_query_args *query,
		    bool show_phys);
void ms_space_area_info(struct ms_space *space, const struct memory_area *area,
			struct ms_area_info *info);
void ms_space_stats(struct ms_space *space, struct ms_stats *stats);

#endif /* _MEMORY_SET_SPACE_H */
