// SPDX-License-Identifier: GPL-2.0
/*
 * The whole-stack harness speaks the ABI's words (its records were written
 * from it); the space speaks the kernel's. This file translates, as
 * module/dev_ioctl.c does, so that the oracle checks what a caller sees.
 */
#include "stack.h"

/**
 * st_ops() - the ops table of a backend and its options
 * @kind: the backend
 * @huge: LINEAR with huge leaves
 * @populate: ALLOC with every frame at map time
 *
 * Return: the ops.
 */
const struct mapping_backend_ops *st_ops(enum ms_backend_kind kind, bool huge,
					 bool populate)
{
	struct ms_backend_choice c = { kind, huge, populate };

	return ms_backend_ops(&c);
}

/**
 * st_backend_ops() - the ops of an ABI backend and MS_MAP_* flags
 * @backend: MS_BACKEND_*
 * @map_flags: MS_MAP_* bits
 *
 * Return: the ops, or NULL for an unknown backend.
 */
const struct mapping_backend_ops *st_backend_ops(u32 backend, u32 map_flags)
{
	if (backend > MS_BACKEND_ALLOC)
		return NULL;
	return st_ops(backend == MS_BACKEND_LINEAR ? MS_KIND_LINEAR :
						     MS_KIND_ALLOC,
		      map_flags & MS_MAP_HUGE, map_flags & MS_MAP_POPULATE);
}

/**
 * st_space_map() - ms_space_map() of an MS_IOC_MAP request
 * @space: the space
 * @a: the request, validated
 *
 * Return: ms_space_map()'s result.
 */
int st_space_map(struct ms_space *space, const struct ms_map_args *a)
{
	struct ms_map_req req = {
		.start = a->start, .size = a->size, .phys = a->phys,
		.prot = a->prot,
		.backend = {
			.kind = a->backend == MS_BACKEND_LINEAR ?
					MS_KIND_LINEAR : MS_KIND_ALLOC,
			.huge = a->flags & MS_MAP_HUGE,
			.populate = a->flags & MS_MAP_POPULATE,
		},
		.replace = a->flags & MS_MAP_REPLACE,
	};

	return ms_space_map(space, &req);
}

/**
 * st_space_query() - what MS_IOC_QUERY answers
 * @space: the space
 * @q: vaddr in, the rest out
 * @show_phys: whether frame addresses are shown
 */
void st_space_query(struct ms_space *space, struct ms_query_args *q,
		    bool show_phys)
{
	struct ms_pt_leaf leaf;
	u64 vaddr = q->vaddr;

	*q = (struct ms_query_args){ .vaddr = vaddr };
	if (!ms_space_translate(space, vaddr, &leaf))
		return;
	q->page_size = ms_pt_level_size(leaf.level);
	q->prot = leaf.prot;
	q->entry = leaf.entry;
	q->paddr = leaf.phys;
	if (leaf.owned && !show_phys) {
		q->entry &= ~leaf.addr_mask;
		q->paddr = 0;
	}
}

/**
 * st_space_stats() - what MS_IOC_STATS answers
 * @space: the space
 * @stats: the answer
 */
void st_space_stats(struct ms_space *space, struct ms_stats *stats)
{
	struct ms_space_stats s;

	ms_space_stats(space, &s);
	*stats = (struct ms_stats){ s.nr_areas, s.mapped_bytes, s.pt_pages,
				    s.data_pages };
}

/**
 * st_space_area_info() - what MS_IOC_LIST says of one area
 * @space: the space
 * @area: one of its areas
 * @info: the answer
 */
void st_space_area_info(struct ms_space *space, const struct memory_area *area,
			struct ms_area_info *info)
{
	struct ms_area_report r = { 0 };

	ms_space_area_from(space, area->start, &r);
	*info = (struct ms_area_info){
		.start = r.start, .size = r.size, .phys = r.phys,
		.prot = r.prot,
		.backend = r.kind == MS_KIND_LINEAR ? MS_BACKEND_LINEAR :
						      MS_BACKEND_ALLOC,
		.resident_bytes = r.resident_bytes,
	};
}

/**
 * st_space_touch() - what MS_IOC_TOUCH does
 * @space: the space
 * @va: the address
 * @access: MS_PROT_* access bits
 * @result: MS_TOUCH_*
 *
 * Return: ms_space_touch()'s result.
 */
int st_space_touch(struct ms_space *space, u64 va, u32 access, u32 *result)
{
	enum ms_access_result r = MS_ACCESS_MAPERR;
	int err = ms_space_touch(space, va, access, &r);

	*result = r == MS_ACCESS_OK ? MS_TOUCH_OK :
		  r == MS_ACCESS_MAPERR ? MS_TOUCH_MAPERR : MS_TOUCH_ACCERR;
	return err;
}
