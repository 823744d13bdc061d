// SPDX-License-Identifier: GPL-2.0
/*
 * LINEAR and ALLOC: the backends that mirror areas into the page table.
 *
 * An area's flags are MS_VM_* bits; its @offset is, for LINEAR, the
 * physical address of its start (the core moves it along with the start
 * when the area is cut). ALLOC frames live only in the page table's leaves
 * (marked as owned), so cutting an area needs no per-area data; clones
 * share them copy-on-write (pt_cow.c).
 */
#include "backend.h"
#include "pgtable.h"

static const struct mapping_backend_ops linear_huge_ops;

static int max_level(const struct memory_area *area)
{
	return memory_area_ops(area) == &linear_huge_ops ? MS_PT_LEVEL_1G : 0;
}

static u64 linear_phys(const struct memory_area *area, u64 va)
{
	return area->offset + (va - area->start);
}

static int linear_prepare(struct memory_area *area, void *pt)
{
	return ms_pt_prepare_replace(pt, area->start, memory_area_size(area),
				     area->offset, max_level(area), MS_PT_PHYS);
}

/* What a prepare reserved, when the map does not come. */
static void pt_unprepare(struct memory_area *area, void *pt)
{
	ms_pt_release_reserve(pt);
}

static int linear_map(struct memory_area *area, u64 start, u64 size, void *pt)
{
	return ms_pt_map(pt, start, linear_phys(area, start), size, area->flags,
			 max_level(area));
}

/* Huge areas: a cut may split a leaf first. */
static int pt_unmap(struct memory_area *area, u64 start, u64 size, void *pt)
{
	return ms_pt_unmap(pt, start, size);
}

static int pt_protect(struct memory_area *area, u64 start, u64 size,
		      u32 new_flags, void *pt)
{
	return ms_pt_protect(pt, start, size, new_flags);
}

/* Areas of 4 KiB leaves only: no cut ever crosses a leaf. */
static int pt_unmap_leaves(struct memory_area *area, u64 start, u64 size,
			   void *pt)
{
	ms_pt_unmap_leaves(pt, start, size);
	return 0;
}

static int pt_protect_leaves(struct memory_area *area, u64 start, u64 size,
			     u32 new_flags, void *pt)
{
	ms_pt_protect_leaves(pt, start, size, new_flags);
	return 0;
}

static int pt_split(struct memory_area *area, u64 addr, void *pt,
		    unsigned long *undo)
{
	return ms_pt_split(pt, addr, undo);
}

static void pt_unsplit(struct memory_area *area, u64 addr, unsigned long undo,
		       void *pt)
{
	ms_pt_unsplit(pt, addr, undo);
}

static int alloc_prepare(struct memory_area *area, void *pt)
{
	return ms_pt_prepare_replace(pt, area->start, memory_area_size(area), 0,
				     0, MS_PT_FRAMES);
}

/* A lazy ALLOC area maps nothing until its pages are touched. */
static int alloc_map_lazy(struct memory_area *area, u64 start, u64 size,
			  void *pt)
{
	return 0;
}

static int alloc_map_populate(struct memory_area *area, u64 start, u64 size,
			      void *pt)
{
	return ms_pt_map_frames(pt, start, size, area->flags);
}

/*
 * First touch of a page with no translation: a zeroed frame. A write to a
 * frame shared with a clone: a copy, or the frame back if nobody else
 * maps it.
 */
static int alloc_fault(struct memory_area *area, u64 addr, u32 access, void *pt)
{
	return ms_pt_fault_frame(pt, addr, area->flags, access);
}

static const struct mapping_backend_ops linear_ops = {
	.kind = MS_KIND_LINEAR,
	.prepare = linear_prepare,
	.unprepare = pt_unprepare,
	.map = linear_map,
	.unmap = pt_unmap_leaves,
	.protect = pt_protect_leaves,
};

static const struct mapping_backend_ops linear_huge_ops = {
	.kind = MS_KIND_LINEAR,
	.prepare = linear_prepare,
	.unprepare = pt_unprepare,
	.map = linear_map,
	.unmap = pt_unmap,
	.protect = pt_protect,
	.split = pt_split,
	.unsplit = pt_unsplit,
};

static const struct mapping_backend_ops alloc_ops = {
	.kind = MS_KIND_ALLOC,
	.map = alloc_map_lazy,
	.unmap = pt_unmap_leaves,
	.protect = pt_protect_leaves,
	.fault = alloc_fault,
};

static const struct mapping_backend_ops alloc_populate_ops = {
	.kind = MS_KIND_ALLOC,
	.prepare = alloc_prepare,
	.unprepare = pt_unprepare,
	.map = alloc_map_populate,
	.unmap = pt_unmap_leaves,
	.protect = pt_protect_leaves,
	.fault = alloc_fault,
};

/**
 * ms_backend_ops() - the ops for a backend and its options
 * @choice: the backend, and huge (LINEAR) or populate (ALLOC)
 *
 * Return: the ops, or NULL for an unknown backend.
 */
const struct mapping_backend_ops *
ms_backend_ops(const struct ms_backend_choice *choice)
{
	switch (choice->kind) {
	case MS_KIND_LINEAR:
		return choice->huge ? &linear_huge_ops : &linear_ops;
	case MS_KIND_ALLOC:
		return choice->populate ? &alloc_populate_ops : &alloc_ops;
	}
	return NULL;
}
