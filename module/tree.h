/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rbtree of areas, augmented with the largest free gap of each subtree.
 * Internal to the core: only set.c and tree.c include it.
 */
#ifndef _MEMORY_SET_TREE_H
#define _MEMORY_SET_TREE_H

#include "memory_set.h"

void area_tree_insert(struct memory_set *set, struct memory_area *area);
void area_tree_erase(struct memory_set *set, struct memory_area *area);
void area_tree_set_start(struct memory_set *set, struct memory_area *area,
			 u64 start);
void area_tree_set_end(struct memory_set *set, struct memory_area *area,
		       u64 end);
struct memory_area *area_tree_first_ending_after(const struct memory_set *set,
						 u64 addr);

#endif /* _MEMORY_SET_TREE_H */
