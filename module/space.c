// SPDX-License-Identifier: GPL-2.0
/*
 * An address space: the memory set and its page table together, and what
 * needs both: a touch that faults lazy pages in, and the reports.
 *
 * Callers validate arguments and hold @space->lock.
 */
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <trace/events/memory_set.h>

#include "backend.h"
#include "space.h"

/**
 * ms_space_init() - set up an empty address space
 * @space: the space
 * @max_pages: the page budget of its page table (tables and frames)
 * @max_areas: the most areas it may hold
 *
 * Return: 0 or -ENOMEM.
 */
int ms_space_init(struct ms_space *space, unsigned long max_pages,
		  unsigned long max_areas)
{
	int err = ms_pt_init(&space->pt, max_pages);

	if (err)
		return err;
	mutex_init(&space->lock);
	memory_set_init(&space->set, &space->pt);
	space->set.max_areas = max_areas;
	return 0;
}

/**
 * ms_space_destroy() - free every area, frame and table of a space
 * @space: the space; nobody else may use it any more
 */
void ms_space_destroy(struct ms_space *space)
{
	/* Whole areas are unmapped: no split, so this cannot fail. */
	WARN_ON_ONCE(memory_set_clear(&space->set));
	ms_pt_destroy(&space->pt);
	mutex_destroy(&space->lock);
}

/**
 * ms_space_map() - map a validated MS_IOC_MAP request
 * @space: the space
 * @args: the request
 *
 * Return: 0, -EEXIST, or -ENOMEM with nothing changed.
 */
int ms_space_map(struct ms_space *space, const struct ms_map_args *args)
{
	const struct mapping_backend_ops *ops;
	struct memory_area *area;
	int err;

	lockdep_assert_held(&space->lock);
	ops = ms_backend_ops(args->backend, args->flags);
	if (!ops)
		return -EINVAL;
	area = memory_area_alloc(args->start, args->size, args->prot, ops,
				 args->phys);
	if (!area)
		return -ENOMEM;
	err = memory_set_map(&space->set, area, args->flags & MS_MAP_REPLACE);
	if (err)
		memory_area_free(area);
	/* What a replace reserved and did not use (after a failure). */
	ms_pt_release_reserve(&space->pt);
	return err;
}

/**
 * ms_space_unmap() - unmap a validated range
 * @space: the space
 * @start: first address
 * @size: length
 *
 * Return: 0, or -ENOMEM (area limit, splitting a huge leaf) with nothing
 * changed.
 */
int ms_space_unmap(struct ms_space *space, u64 start, u64 size)
{
	lockdep_assert_held(&space->lock);
	return memory_set_unmap(&space->set, start, size);
}

/**
 * ms_space_protect() - change the protection of a validated range
 * @space: the space
 * @start: first address
 * @size: length
 * @prot: the new MS_PROT_* bits
 *
 * Return: 0, or -ENOMEM (area limit, splitting a huge leaf) with nothing
 * changed.
 */
int ms_space_protect(struct ms_space *space, u64 start, u64 size, u32 prot)
{
	lockdep_assert_held(&space->lock);
	return memory_set_protect(&space->set, start, size, prot);
}

/**
 * ms_space_clear() - unmap every area of a space
 * @space: the space
 *
 * Return: 0 (whole areas are unmapped: no split, nothing can fail).
 */
int ms_space_clear(struct ms_space *space)
{
	lockdep_assert_held(&space->lock);
	return memory_set_clear(&space->set);
}

/* Whether an area's protection allows an access (MS_PROT_* bits). */
static bool prot_allows(u32 prot, u32 access)
{
	if (!(prot & MS_PROT_READ))
		return false;
	return !(access & (MS_PROT_WRITE | MS_PROT_EXEC | MS_PROT_USER) &
		 ~prot);
}

/* The page fault handler: what the OS does when the MMU walk fails. */
static int handle_fault(struct ms_space *space, u64 va, u32 access,
			enum ms_pt_fault fault, u32 *result)
{
	struct memory_area *area = memory_set_find(&space->set, va);
	struct ms_pt_leaf leaf;
	u64 page = va & PAGE_MASK;

	*result = MS_TOUCH_MAPERR;
	if (!area)
		return 0;
	*result = MS_TOUCH_ACCERR;
	if (fault == MS_PT_PROTECTION || !prot_allows(area->flags, access))
		return 0;
	*result = MS_TOUCH_MAPERR;
	if (ms_area_backend(area) != MS_BACKEND_ALLOC ||
	    ms_pt_lookup(&space->pt, page, &leaf))
		return 0;
	/* First touch of a lazy page: give it a frame. */
	*result = MS_TOUCH_OK;
	return ms_pt_map_frames(&space->pt, page, PAGE_SIZE,
				ms_prot_to_pte(area->flags));
}

/**
 * ms_space_touch() - simulate one access, faulting lazy pages in
 * @space: the space
 * @va: the address
 * @access: MS_PROT_READ / _WRITE / _EXEC, plus MS_PROT_USER for user mode
 * @result: the MS_TOUCH_* outcome
 *
 * Return: 0, or -ENOMEM if a lazy page could not get a frame.
 */
int ms_space_touch(struct ms_space *space, u64 va, u32 access, u32 *result)
{
	u64 need = 0;
	enum ms_pt_fault fault;
	int err;

	lockdep_assert_held(&space->lock);
	if (access & MS_PROT_WRITE)
		need |= MS_PTE_RW;
	if (access & MS_PROT_USER)
		need |= MS_PTE_US;
	if (access & MS_PROT_EXEC)
		need |= MS_PTE_NX;

	fault = ms_pt_access(&space->pt, va, need);
	if (fault == MS_PT_OK) {
		*result = MS_TOUCH_OK;
		trace_ms_touch(va, access, false, *result);
		return 0;
	}
	err = handle_fault(space, va, access, fault, result);
	if (!err && *result == MS_TOUCH_OK) {
		/* Retry the access, as the CPU does after the fault handler. */
		fault = ms_pt_access(&space->pt, va, need);
		*result = fault == MS_PT_OK ? MS_TOUCH_OK : MS_TOUCH_ACCERR;
	}
	if (!err)
		trace_ms_touch(va, access, true, *result);
	return err;
}

/**
 * ms_space_query() - fill an MS_IOC_QUERY reply for @query->vaddr
 * @space: the space
 * @query: vaddr in; the rest is overwritten
 * @show_phys: whether the caller may see the address of owned frames
 */
void ms_space_query(struct ms_space *space, struct ms_query_args *query,
		    bool show_phys)
{
	struct ms_pt_leaf leaf;
	u64 vaddr = query->vaddr;

	*query = (struct ms_query_args){ .vaddr = vaddr };
	if (!ms_pt_lookup(&space->pt, vaddr, &leaf))
		return;
	query->page_size = ms_pt_level_size(leaf.level);
	query->prot = ms_pte_to_prot(leaf.entry);
	query->entry = leaf.entry;
	query->paddr = leaf.phys;
	if ((leaf.entry & MS_PTE_SW_OWNED) && !show_phys) {
		query->entry &= ~MS_PTE_ADDR;
		query->paddr = 0;
	}
}

/**
 * ms_space_area_info() - describe one area for MS_IOC_LIST
 * @space: the space
 * @area: one of its areas
 * @info: the description, every byte written; an ALLOC area reports
 *	phys 0, since its frames are scattered
 */
void ms_space_area_info(struct ms_space *space, const struct memory_area *area,
			struct ms_area_info *info)
{
	u32 backend = ms_area_backend(area);

	*info = (struct ms_area_info){
		.start = area->start,
		.size = memory_area_size(area),
		.phys = backend == MS_BACKEND_LINEAR ? area->offset : 0,
		.prot = area->flags,
		.backend = backend,
		.resident_bytes = ms_pt_mapped_bytes(&space->pt, area->start,
						     memory_area_size(area)),
	};
}

/**
 * ms_space_stats() - fill an MS_IOC_STATS reply
 * @space: the space
 * @stats: every byte written
 */
void ms_space_stats(struct ms_space *space, struct ms_stats *stats)
{
	*stats = (struct ms_stats){
		.nr_areas = memory_set_len(&space->set),
		.mapped_bytes = memory_set_mapped_bytes(&space->set),
		.pt_pages = space->pt.nr_tables,
		.data_pages = space->pt.nr_frames,
	};
}
