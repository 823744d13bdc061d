// SPDX-License-Identifier: GPL-2.0
/*
 * Data through an address space: copies between a caller's buffer and the
 * space's virtual addresses, page by page through the page table, as a
 * kernel's copy_to_user() or process_vm_readv() reach a process's memory.
 *
 * Each page is one access of ms_space_access(): a lazy page is faulted
 * in, a write to a frame shared with a clone copies it first, Accessed and
 * Dirty are set. Only frames the page table allocated are ever read or
 * written: a LINEAR page, whatever physical address it names, ends the
 * copy with MS_ACCESS_NODATA.
 */
#include <linux/highmem.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "space.h"

/* Bytes from @va to the end of its page, at most @left. */
static u64 page_chunk(u64 va, u64 left)
{
	u64 room = MS_PT_PAGE_SIZE - (va & (MS_PT_PAGE_SIZE - 1));

	return min(left, room);
}

/*
 * Ask the copier whether its buffer is ready for the bytes from @done on,
 * a stretch of READY_SPAN at a time (the buffer's side may be costly to
 * check, e.g. get_user_pages()), or if that stretch is not, for the
 * @chunk of this page alone: the copy goes on up to the first bad page.
 * *@ready is how far it said yes.
 */
#define READY_SPAN (64 * MS_PT_PAGE_SIZE)

static int buffer_ready(struct ms_copier *copier, u64 done, u64 chunk, u64 len,
			enum ms_copy_dir dir, u64 *ready)
{
	u64 span = min_t(u64, len - done, READY_SPAN);
	int err;

	if (!copier->ready || done < *ready)
		return 0;
	if (copier->ready(copier, done, span, dir)) {
		span = chunk;
		err = copier->ready(copier, done, span, dir);
		if (err)
			return err;
	}
	*ready = done + span;
	return 0;
}

static int copy_page_part(struct ms_copier *copier, struct page *frame, u64 va,
			  u64 done, u64 len, enum ms_copy_dir dir)
{
	void *data = kmap_local_page(frame);
	int err;

	err = copier->copy(copier, data + (va & (MS_PT_PAGE_SIZE - 1)), done,
			   len, dir);
	kunmap_local(data);
	return err;
}

/**
 * ms_space_copy() - copy data between the space and a caller's buffer
 * @space: the space
 * @va: first address in the space, any alignment
 * @len: bytes to copy; @va + @len must not overflow
 * @access: 0, or MS_VM_USER for a user-mode access
 * @dir: into the space (a store) or out of it (a load)
 * @copier: the buffer's side of the copy
 * @done: bytes copied, when the call returns 0
 * @result: MS_ACCESS_OK if all @len bytes were copied, else why the page
 *	at @va + *@done cannot be accessed (MAPERR, ACCERR, NODATA)
 *
 * The copy stops at the first page it cannot access. It yields the CPU
 * after each page and stops on a fatal signal.
 *
 * Return: 0; -ENOMEM (a fault could not get a frame), the copier's error
 * (-EFAULT) or -EINTR (fatal signal): then what was copied stays copied,
 * and a page faulted in for a copy that then failed stays mapped.
 */
int ms_space_copy(struct ms_space *space, u64 va, u64 len, u32 access,
		  enum ms_copy_dir dir, struct ms_copier *copier, u64 *done,
		  enum ms_access_result *result)
{
	u32 kind = dir == MS_COPY_TO_SPACE ? MS_VM_WRITE : MS_VM_READ;
	u64 at, chunk, ready = 0;
	struct page *frame;
	int err;

	lockdep_assert_held(&space->lock);
	*result = MS_ACCESS_OK;
	for (*done = 0; *done < len; *done += chunk) {
		at = va + *done;
		chunk = page_chunk(at, len - *done);
		if (fatal_signal_pending(current))
			return -EINTR;
		err = buffer_ready(copier, *done, chunk, len, dir, &ready);
		if (err)
			return err;
		err = ms_space_access(space, at, kind | access, &frame, result);
		if (err || *result != MS_ACCESS_OK)
			return err;
		err = copy_page_part(copier, frame, at, *done, chunk, dir);
		if (err)
			return err;
		cond_resched();
	}
	return 0;
}
