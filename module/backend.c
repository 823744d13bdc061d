// SPDX-License-Identifier: GPL-2.0
/*
 * LINEAR and ALLOC: the backends that mirror areas into the page table.
 *
 * An area's flags are MS_PROT_* bits; its @offset is, for LINEAR, the
 * physical address of its start (the core moves it along with the start
 * when the area is cut). ALLOC frames live only in the page table's leaves
 * (marked MS_PTE_SW_OWNED), so cutting an area needs no per-area data.
 */
#include "backend.h"
#include "pgtable.h"

/**
 * ms_prot_to_pte() - the x86_64 leaf bits of a protection
 * @prot: MS_PROT_* bits; 0 is PROT_NONE
 *
 * READ -> P, WRITE -> RW, USER -> US, no EXEC -> NX, UNCACHED -> PCD|PWT.
 *
 * Return: MS_PTE_PERM bits; 0 (not present) for PROT_NONE.
 */
u64 ms_prot_to_pte(u32 prot)
{
	u64 pte = MS_PTE_P;

	if (!(prot & MS_PROT_READ))
		return 0;
	if (prot & MS_PROT_WRITE)
		pte |= MS_PTE_RW;
	if (prot & MS_PROT_USER)
		pte |= MS_PTE_US;
	if (!(prot & MS_PROT_EXEC))
		pte |= MS_PTE_NX;
	if (prot & MS_PROT_UNCACHED)
		pte |= MS_PTE_PCD | MS_PTE_PWT;
	return pte;
}

/**
 * ms_pte_to_prot() - the protection a leaf entry grants
 * @entry: a leaf entry
 *
 * Return: MS_PROT_* bits; 0 if the entry is not present.
 */
u32 ms_pte_to_prot(u64 entry)
{
	u32 prot = MS_PROT_READ;

	if (!(entry & MS_PTE_P))
		return 0;
	if (entry & MS_PTE_RW)
		prot |= MS_PROT_WRITE;
	if (entry & MS_PTE_US)
		prot |= MS_PROT_USER;
	if (!(entry & MS_PTE_NX))
		prot |= MS_PROT_EXEC;
	if (entry & MS_PTE_PCD)
		prot |= MS_PROT_UNCACHED;
	return prot;
}

static int max_level(const struct memory_area *area)
{
	return area->ops == &ms_linear_huge_ops ? MS_PT_LEVEL_1G : 0;
}

static u64 linear_phys(const struct memory_area *area, u64 va)
{
	return area->offset + (va - area->start);
}

static int linear_prepare(struct memory_area *area, void *pt)
{
	return ms_pt_prepare_replace(pt, area->start, memory_area_size(area),
				     area->offset, max_level(area), false);
}

static int linear_map(struct memory_area *area, u64 start, u64 size, void *pt)
{
	return ms_pt_map(pt, start, linear_phys(area, start), size,
			 ms_prot_to_pte(area->flags), max_level(area));
}

static int pt_unmap(struct memory_area *area, u64 start, u64 size, void *pt)
{
	return ms_pt_unmap(pt, start, size);
}

static int pt_protect(struct memory_area *area, u64 start, u64 size,
		      u32 new_flags, void *pt)
{
	return ms_pt_protect(pt, start, size, ms_prot_to_pte(new_flags));
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
				     0, true);
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
	return ms_pt_map_frames(pt, start, size, ms_prot_to_pte(area->flags));
}

const struct mapping_backend_ops ms_linear_ops = {
	.prepare = linear_prepare,
	.map = linear_map,
	.unmap = pt_unmap,
	.protect = pt_protect,
};

const struct mapping_backend_ops ms_linear_huge_ops = {
	.prepare = linear_prepare,
	.map = linear_map,
	.unmap = pt_unmap,
	.protect = pt_protect,
	.split = pt_split,
	.unsplit = pt_unsplit,
};

const struct mapping_backend_ops ms_alloc_ops = {
	.map = alloc_map_lazy,
	.unmap = pt_unmap,
	.protect = pt_protect,
};

const struct mapping_backend_ops ms_alloc_populate_ops = {
	.prepare = alloc_prepare,
	.map = alloc_map_populate,
	.unmap = pt_unmap,
	.protect = pt_protect,
};

/**
 * ms_backend_ops() - the ops for a backend and its map flags
 * @backend: MS_BACKEND_*
 * @map_flags: MS_MAP_* bits (HUGE for LINEAR, POPULATE for ALLOC)
 *
 * Return: the ops, or NULL for an unknown backend.
 */
const struct mapping_backend_ops *ms_backend_ops(u32 backend, u32 map_flags)
{
	switch (backend) {
	case MS_BACKEND_LINEAR:
		return map_flags & MS_MAP_HUGE ? &ms_linear_huge_ops :
						 &ms_linear_ops;
	case MS_BACKEND_ALLOC:
		return map_flags & MS_MAP_POPULATE ? &ms_alloc_populate_ops :
						     &ms_alloc_ops;
	}
	return NULL;
}

/**
 * ms_area_backend() - which backend maps an area
 * @area: an area mapped with one of this file's ops
 *
 * Return: MS_BACKEND_LINEAR or MS_BACKEND_ALLOC.
 */
u32 ms_area_backend(const struct memory_area *area)
{
	if (area->ops == &ms_alloc_ops || area->ops == &ms_alloc_populate_ops)
		return MS_BACKEND_ALLOC;
	return MS_BACKEND_LINEAR;
}
