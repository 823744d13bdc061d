/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shape of a space's rbtree of areas, for pictures (debugfs_tree.c,
 * msctl dot): what the space layer lets observers see of the core's tree.
 */
#ifndef _MEMORY_SET_SPACE_TREE_H
#define _MEMORY_SET_SPACE_TREE_H

#include "space.h"

/**
 * struct ms_tree_node_report - one node of the rbtree of areas
 * @area: the area it holds (start, size, phys, prot, kind; resident_bytes
 *	is not filled in)
 * @red: the node's rbtree colour is red (else black)
 * @gap: the free space between the area below and this one
 * @subtree_gap: the largest @gap in the node's subtree
 * @has_left: the node has a left child, whose start is @left
 * @has_right: the node has a right child, whose start is @right
 * @left: start of the left child's area
 * @right: start of the right child's area
 */
struct ms_tree_node_report {
	struct ms_area_report area;
	bool red;
	u64 gap;
	u64 subtree_gap;
	bool has_left;
	bool has_right;
	u64 left;
	u64 right;
};

bool ms_space_tree_node_from(struct ms_space *space, u64 from,
			     struct ms_tree_node_report *report);
bool ms_space_tree_root(struct ms_space *space, u64 *start);

#endif /* _MEMORY_SET_SPACE_TREE_H */
