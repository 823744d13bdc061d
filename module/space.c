// SPDX-License-Identifier: GPL-2.0
/*
 * An address space: the memory set and its page table together, and what
 * needs both: an access that faults lazy pages in (or copies a frame
 * shared with a clone), and the reports. Data copies are in
 * space_data.c, clones in space_clone.c.
 *
 * Callers validate arguments and hold @space->lock (lockdep checks it).
 */
#include <linux/bug.h>
#include <linux/lockdep.h>

#include <trace/events/memory_set.h>

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
	int err = ms_pt_init(&space->pt, &ms_pt_x86_64_4l, max_pages);

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
 * ms_space_set_format() - choose the page-table format of an empty space
 * @space: the space
 * @id: the format
 *
 * Return: 0, -EINVAL for an unknown format, or -EBUSY if the space holds
 * any area (even for the format it has already).
 */
int ms_space_set_format(struct ms_space *space, enum ms_pt_format_id id)
{
	const struct ms_pt_format *fmt = ms_pt_format_get(id);

	lockdep_assert_held(&space->lock);
	if (!fmt)
		return -EINVAL;
	if (memory_set_len(&space->set))
		return -EBUSY;
	return ms_pt_set_format(&space->pt, fmt);
}

/**
 * ms_space_addr_limit() - the end of a space's virtual addresses
 * @space: the space
 *
 * Return: its format's limit: every range must lie below it.
 */
u64 ms_space_addr_limit(struct ms_space *space)
{
	lockdep_assert_held(&space->lock);
	return space->pt.fmt->addr_limit;
}

/* Whether the space's format can express a protection. */
static bool prot_expressible(const struct ms_space *space, u32 prot)
{
	return !(prot & ~space->pt.fmt->prot_mask);
}

/**
 * ms_space_map() - map a validated request
 * @space: the space
 * @req: the request
 *
 * Return: 0, -EINVAL (unknown backend, a protection or a physical
 * address the space's format cannot express), -EEXIST, or -ENOMEM with
 * nothing changed.
 */
int ms_space_map(struct ms_space *space, const struct ms_map_req *req)
{
	const struct mapping_backend_ops *ops;
	u64 phys_limit = space->pt.fmt->phys_limit;
	struct memory_area *area;
	int err;

	lockdep_assert_held(&space->lock);
	ops = ms_backend_ops(&req->backend);
	if (!ops || !prot_expressible(space, req->prot))
		return -EINVAL;
	if (req->backend.kind == MS_KIND_LINEAR &&
	    (req->phys >= phys_limit || req->size > phys_limit - req->phys))
		return -EINVAL;
	area = memory_area_alloc(req->start, req->size, req->prot, ops,
				 req->phys);
	if (!area)
		return -ENOMEM;
	err = memory_set_map(&space->set, area, req->replace);
	if (err)
		memory_area_free(area);
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
 * @prot: the new MS_VM_* bits
 *
 * Return: 0, -EINVAL for a protection the space's format cannot express,
 * or -ENOMEM (area limit, splitting a huge leaf) with nothing changed.
 */
int ms_space_protect(struct ms_space *space, u64 start, u64 size, u32 prot)
{
	lockdep_assert_held(&space->lock);
	if (!prot_expressible(space, prot))
		return -EINVAL;
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

/**
 * ms_space_find_free() - the lowest free range that fits
 * @space: the space
 * @hint: the lowest start wanted
 * @size: length, > 0
 * @limit_start: the range starts at or above this
 * @limit_end: the range ends at or below this
 * @align: alignment of the start, a power of two
 * @addr: on success, the start found
 *
 * Return: 0, or -ENOMEM if nothing fits.
 */
int ms_space_find_free(struct ms_space *space, u64 hint, u64 size,
		       u64 limit_start, u64 limit_end, u64 align, u64 *addr)
{
	lockdep_assert_held(&space->lock);
	return memory_set_find_free_area(&space->set, hint, size, limit_start,
					 limit_end, align, addr);
}

/*
 * The page fault handler: what the OS does when the MMU walk fails
 * (*@result: MAPERR, no present translation, or ACCERR). It cures only
 * what a fault can cure, deciding from the access as Linux does from the
 * fault's error code: an access the area's protection would not let
 * through a leaf (the format's rules included: RISC-V and AArch64 refuse
 * a supervisor fetch from a user page) is an access error, and changes
 * nothing. Otherwise a backend with a ->fault op maps the page, or copies
 * a frame shared with a clone that a write hit; without one, nothing can.
 * Leaves mirror their area's flags (but for those shared frames), so a
 * page the walk found not present in an area that allows the access has
 * no leaf at all.
 */
static int handle_fault(struct ms_space *space, u64 va, u32 access,
			enum ms_access_result *result)
{
	struct memory_area *area = memory_set_find(&space->set, va);
	const struct mapping_backend_ops *ops;

	if (!area) {
		*result = MS_ACCESS_MAPERR;
		return 0;
	}
	if (!ms_pt_prot_allows(&space->pt, area->flags, access)) {
		*result = MS_ACCESS_ACCERR;
		return 0;
	}
	ops = memory_area_ops(area);
	if (!ops->fault)
		return 0; /* the walk's MAPERR or ACCERR stands */
	*result = MS_ACCESS_OK;
	return ops->fault(area, va, access, &space->pt);
}

/* The MMU's walk; with @frame, one that must reach a frame of the table. */
static enum ms_access_result space_walk(struct ms_space *space, u64 va,
					u32 access, struct page **frame)
{
	if (frame)
		return ms_pt_access_frame(&space->pt, va, access, frame);
	return ms_pt_access(&space->pt, va, access);
}

/**
 * ms_space_access() - one access, as the CPU makes it
 * @space: the space
 * @va: the address
 * @access: MS_VM_READ / _WRITE / _EXEC, plus MS_VM_USER for user mode
 * @frame: NULL for an access that only walks (TOUCH); else, on
 *	MS_ACCESS_OK, the frame that holds @va, for an access that reaches
 *	data (READ, WRITE): memory the table did not allocate ends it with
 *	MS_ACCESS_NODATA
 * @result: how the access ended
 *
 * The walk; if it faults, the fault handler (a lazy page gets a frame, a
 * write to a frame shared with a clone copies it); then the walk again,
 * as the CPU retries the instruction. Accessed, and Dirty on a write, are
 * set as the MMU sets them.
 *
 * Return: 0, or -ENOMEM if the fault handler could not get a frame.
 */
int ms_space_access(struct ms_space *space, u64 va, u32 access,
		    struct page **frame, enum ms_access_result *result)
{
	bool faulted = false;
	int err;

	lockdep_assert_held(&space->lock);
	/* What the format's MMU does not check (EPT: the privilege level). */
	access &= space->pt.fmt->prot_mask;
	*result = space_walk(space, va, access, frame);
	if (*result == MS_ACCESS_MAPERR || *result == MS_ACCESS_ACCERR) {
		faulted = true;
		err = handle_fault(space, va, access, result);
		if (err)
			return err;
		/* Retry the access, as the CPU does after the fault handler. */
		if (*result == MS_ACCESS_OK)
			*result = space_walk(space, va, access, frame);
	}
	trace_ms_touch(va, access, faulted, *result);
	return 0;
}

/**
 * ms_space_frames() - the frames of pages in a row that need no fault
 * @space: the space
 * @va: the address of the first access
 * @access: MS_VM_READ or _WRITE, plus MS_VM_USER for user mode
 * @frames: out: the frames, one per page from @va's on
 * @nr: the most pages wanted, at least 1
 * @first: out: the result of the access to @va
 *
 * The MMU's walk alone, once for up to a table's worth of pages
 * (ms_pt_access_run()): nothing is faulted in, and nothing is marked
 * until ms_space_frames_used(). A copy takes this first, so that it checks
 * the caller's buffer only before an access that would fault
 * (ms_space_copy()).
 *
 * Return: how many pages have their frames in @frames; 0 with *@first
 * MS_ACCESS_NODATA (memory the table did not allocate), or MS_ACCESS_MAPERR
 * or _ACCERR, which ms_space_access()'s fault handler may still cure.
 */
unsigned int ms_space_frames(struct ms_space *space, u64 va, u32 access,
			     struct page **frames, unsigned int nr,
			     enum ms_access_result *first)
{
	unsigned int n;

	lockdep_assert_held(&space->lock);
	access &= space->pt.fmt->prot_mask;
	n = ms_pt_access_run(&space->pt, va, access, frames, nr, first);
	if (*first == MS_ACCESS_NODATA)
		trace_ms_touch(va, access, false, *first);
	return n;
}

/**
 * ms_space_frames_used() - the caller accessed pages of ms_space_frames()
 * @space: the space
 * @va: the address of the first access, as given to ms_space_frames()
 * @access: the same access
 * @nr: how many of its pages, from the first
 *
 * Accessed, and Dirty for a write, are set as the MMU sets them.
 */
void ms_space_frames_used(struct ms_space *space, u64 va, u32 access,
			  unsigned int nr)
{
	u64 page = va & ~(MS_PT_PAGE_SIZE - 1);
	unsigned int i;

	lockdep_assert_held(&space->lock);
	access &= space->pt.fmt->prot_mask;
	ms_pt_mark_run(&space->pt, va, access, nr);
	for (i = 0; i < nr; i++, page += MS_PT_PAGE_SIZE)
		trace_ms_touch(i ? page : va, access, false, MS_ACCESS_OK);
}

/**
 * ms_space_touch() - simulate one access, faulting lazy pages in
 * @space: the space
 * @va: the address
 * @access: MS_VM_READ / _WRITE / _EXEC, plus MS_VM_USER for user mode
 * @result: how the access ended
 *
 * Return: 0, or -ENOMEM if a lazy page could not get a frame.
 */
int ms_space_touch(struct ms_space *space, u64 va, u32 access,
		   enum ms_access_result *result)
{
	return ms_space_access(space, va, access, NULL, result);
}

/**
 * ms_space_translate() - the leaf that maps one address
 * @space: the space
 * @va: the address
 * @leaf: on success, the leaf decoded
 *
 * Return: true if a leaf (present or PROT_NONE) maps @va.
 */
bool ms_space_translate(struct ms_space *space, u64 va, struct ms_pt_leaf *leaf)
{
	lockdep_assert_held(&space->lock);
	return ms_pt_lookup(&space->pt, va, leaf);
}

/**
 * ms_space_area_from() - describe the area that contains or follows @from
 * @space: the space
 * @from: an address
 * @report: on success, the area
 *
 * Page through the areas with @from = @report->start + @report->size.
 *
 * Return: true if there is such an area.
 */
bool ms_space_area_from(struct ms_space *space, u64 from,
			struct ms_area_report *report)
{
	const struct memory_area *area;
	unsigned int kind;
	u64 size;

	lockdep_assert_held(&space->lock);
	area = memory_set_first_from(&space->set, from);
	if (!area)
		return false;
	size = memory_area_size(area);
	kind = memory_area_ops(area)->kind;
	*report = (struct ms_area_report){
		.start = area->start,
		.size = size,
		.phys = kind == MS_KIND_LINEAR ? area->offset : 0,
		.prot = area->flags,
		.kind = kind,
		.resident_bytes =
			ms_pt_mapped_bytes(&space->pt, area->start, size),
	};
	return true;
}

/**
 * ms_space_stats() - what a space holds
 * @space: the space
 * @stats: every field written
 */
void ms_space_stats(struct ms_space *space, struct ms_space_stats *stats)
{
	lockdep_assert_held(&space->lock);
	*stats = (struct ms_space_stats){
		.nr_areas = memory_set_len(&space->set),
		.mapped_bytes = memory_set_mapped_bytes(&space->set),
		.pt_pages = space->pt.nr_tables,
		.data_pages = space->pt.nr_frames,
	};
}

/**
 * ms_space_walk_leaves() - call @walker->leaf for every leaf, in order
 * @space: the space
 * @walker: the callback (debugfs's pagetable file)
 */
void ms_space_walk_leaves(struct ms_space *space, struct ms_pt_walker *walker)
{
	lockdep_assert_held(&space->lock);
	ms_pt_walk_leaves(&space->pt, walker);
}

/**
 * ms_space_format() - the page-table format of a space
 * @space: the space
 *
 * Return: its format, read-only: its name, levels and entry decoder.
 */
const struct ms_pt_format *ms_space_format(struct ms_space *space)
{
	lockdep_assert_held(&space->lock);
	return space->pt.fmt;
}

/**
 * ms_space_set_total_limits() - bound what all spaces hold together
 * @pages: the most pages of all page tables (tables, frames, reserves)
 * @areas: the most area nodes of all sets
 *
 * Per-space budgets bound one space; these bound them all, however many
 * files a caller opens. What is held already stays; more is refused.
 */
void ms_space_set_total_limits(unsigned long pages, unsigned long areas)
{
	ms_pt_set_total_limit(pages);
	memory_area_set_total_limit(areas);
}

/**
 * ms_space_pages_held() - pages all spaces' page tables hold
 *
 * Return: tables, frames and reserved pages of every live space.
 */
long ms_space_pages_held(void)
{
	return ms_pt_pages_held();
}

/**
 * ms_space_areas_held() - area nodes all spaces hold
 *
 * Return: the area nodes of every live space.
 */
long ms_space_areas_held(void)
{
	return memory_area_total();
}

/**
 * ms_space_export_size() - the size of a space's page-table image
 * @space: the space
 * @base: the physical address the image is meant for
 * @size: on success, the image's bytes (4096 x (tables + frames))
 *
 * Return: 0, or -EINVAL if @base is not page-aligned or the image at
 * @base would pass the format's physical addresses.
 */
int ms_space_export_size(struct ms_space *space, u64 base, u64 *size)
{
	u64 limit = space->pt.fmt->phys_limit;

	lockdep_assert_held(&space->lock);
	*size = ms_pt_export_size(&space->pt);
	if (base & (MS_PT_PAGE_SIZE - 1) || base >= limit ||
	    *size > limit - base)
		return -EINVAL;
	return 0;
}

/**
 * ms_space_export() - write a space's page table as a loadable image
 * @space: the space; nothing of it changes
 * @base: the physical address the image is meant for
 * @out: where the image goes: ms_space_export_size() bytes
 *
 * Return: as ms_pt_export().
 */
int ms_space_export(struct ms_space *space, u64 base, struct iov_iter *out)
{
	lockdep_assert_held(&space->lock);
	return ms_pt_export(&space->pt, base, out);
}
