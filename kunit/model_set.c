// SPDX-License-Identifier: GPL-2.0
/*
 * One operation of the reference model applied to a real memory set: what
 * every differential test of the core does on the core's side (KUnit's
 * diff_test.c, the userspace fuzzer's tools/ucore/harness.c).
 *
 * Plain C over the core's calls, built in the kernel and in userspace.
 */
#include "memory_set.h"
#include "model.h"

/**
 * model_apply_to_set() - one model operation on a memory set
 * @set: the set
 * @op: the operation (MAP, UNMAP, PROTECT, CLEAR, FIND_FREE)
 * @prot: the flags the set's areas get for @op->flags
 * @ops: the backend of a new area
 * @offset: a new area's backend value for its start (&memory_area.offset)
 * @limit_end: FIND_FREE's upper limit
 * @addr: FIND_FREE's answer
 *
 * Return: what the core returned; -ENOMEM if no node could be had for a
 * MAP; -EINVAL for an operation the core does not have.
 */
int model_apply_to_set(struct memory_set *set, const struct model_op *op,
		       u32 prot, const struct mapping_backend_ops *ops,
		       u64 offset, u64 limit_end, u64 *addr)
{
	struct memory_area *area;
	int err;

	switch (op->type) {
	case MODEL_MAP:
		area = memory_area_alloc(op->start, op->size, prot, ops, offset);
		if (!area)
			return -ENOMEM;
		err = memory_set_map(set, area, op->replace);
		if (err)
			memory_area_free(area);
		return err;
	case MODEL_UNMAP:
		return memory_set_unmap(set, op->start, op->size);
	case MODEL_PROTECT:
		return memory_set_protect(set, op->start, op->size, prot);
	case MODEL_CLEAR:
		return memory_set_clear(set);
	case MODEL_FIND_FREE:
		return memory_set_find_free_area(set, op->start, op->size, 0,
						 limit_end, op->align, addr);
	default:
		return -EINVAL;
	}
}
