// SPDX-License-Identifier: GPL-2.0
/*
 * The shape of a space's rbtree of areas: each node's children, colour,
 * gap and subtree_gap (the augmentation that makes FIND_FREE O(log n)).
 * It reads the fields include/memory_set.h makes public and changes
 * nothing; the core knows nothing of who looks.
 */
#include <linux/lockdep.h>
#include <linux/rbtree_augmented.h>

#include "space_tree.h"

static const struct memory_area *node_area(const struct rb_node *node)
{
	return rb_entry_safe(node, struct memory_area, node);
}

/**
 * ms_space_tree_node_from() - the tree node of the area at or after @from
 * @space: the space; its lock held
 * @from: an address
 * @report: on success, the node
 *
 * Page through every node in address order with
 * @from = @report->area.start + @report->area.size.
 *
 * Return: true if an area contains or follows @from.
 */
bool ms_space_tree_node_from(struct ms_space *space, u64 from,
			     struct ms_tree_node_report *report)
{
	const struct memory_area *area, *left, *right;

	lockdep_assert_held(&space->lock);
	area = memory_set_first_from(&space->set, from);
	if (!area)
		return false;
	left = node_area(area->node.rb_left);
	right = node_area(area->node.rb_right);
	*report = (struct ms_tree_node_report){
		.area = {
			.start = area->start,
			.size = memory_area_size(area),
			.phys = memory_area_ops(area)->kind == MS_KIND_LINEAR ?
					area->offset : 0,
			.prot = area->flags,
			.kind = memory_area_ops(area)->kind,
		},
		.red = rb_is_red(&area->node),
		.gap = area->gap,
		.subtree_gap = area->subtree_gap,
		.has_left = left,
		.has_right = right,
		.left = left ? left->start : 0,
		.right = right ? right->start : 0,
	};
	return true;
}

/**
 * ms_space_tree_root() - the start of the area at the root of the tree
 * @space: the space; its lock held
 * @start: on success, the root area's start
 *
 * Return: false if the space holds no area.
 */
bool ms_space_tree_root(struct ms_space *space, u64 *start)
{
	const struct memory_area *root = node_area(space->set.root.rb_node);

	lockdep_assert_held(&space->lock);
	if (!root)
		return false;
	*start = root->start;
	return true;
}
