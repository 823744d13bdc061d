/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rbtree of areas, augmented with the largest free gap of each subtree.
 * Internal to the core: only set.c and tree.c include it.
 */
#ifndef _MEMORY_SET_TREE_H
#define _MEMORY_SET_TREE_H

#include "memory_set.h"

/**
 * struct area_slot - where a new area goes in the tree
 * @link: the child pointer to attach it at
 * @parent: the node that pointer belongs to (NULL: the root)
 * @prev: the area just below it, or NULL
 * @next: the area just above it, or NULL
 */
struct area_slot {
	struct rb_node **link;
	struct rb_node *parent;
	struct memory_area *prev, *next;
};

bool area_tree_find_slot(const struct memory_set *set, u64 start, u64 end,
			 struct area_slot *slot);
void area_tree_link(struct memory_set *set, struct memory_area *area,
		    const struct area_slot *slot);
void area_tree_insert(struct memory_set *set, struct memory_area *area);
void area_tree_split(struct memory_set *set, struct memory_area *area,
		     struct memory_area *tail, u64 addr);
void area_tree_drop_all(struct memory_set *set);
void area_tree_erase(struct memory_set *set, struct memory_area *area);
void area_tree_set_start(struct memory_set *set, struct memory_area *area,
			 u64 start);
void area_tree_set_end(struct memory_set *set, struct memory_area *area,
		       u64 end);
struct memory_area *area_tree_first_ending_after(const struct memory_set *set,
						 u64 addr);

#endif /* _MEMORY_SET_TREE_H */
