// SPDX-License-Identifier: GPL-2.0
/*
 * Data through an address space: copies between a caller's buffer (an
 * iov_iter: the user's for MS_IOC_READ and MS_IOC_WRITE, a kernel buffer
 * in KUnit) and the space's virtual addresses, page by page through the
 * page table, as a kernel's process_vm_readv() reaches a process's memory.
 *
 * Each page is one access, as the MMU makes it (ms_space_frame()); one
 * that faults goes through ms_space_access(): a lazy page is faulted in,
 * a write to a frame shared with a clone copies it first. Accessed and
 * Dirty are set. Only frames the page table allocated are ever read or
 * written: a LINEAR page, whatever physical address it names, ends the
 * copy with MS_ACCESS_NODATA.
 */
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/uio.h>

#include "space.h"

/* Bytes from @va to the end of its page, at most @left. */
static u64 page_chunk(u64 va, u64 left)
{
	u64 room = MS_PT_PAGE_SIZE - (va & (MS_PT_PAGE_SIZE - 1));

	return min(left, room);
}

/* Bytes of the caller's buffer, from its position on, not yet usable. */
static size_t buffer_not_ready(struct iov_iter *buf, size_t len)
{
	if (iov_iter_rw(buf) == WRITE)
		return fault_in_iov_iter_readable(buf, len);
	return fault_in_iov_iter_writeable(buf, len);
}

/*
 * Fault the caller's buffer in before a fault of the space, so that a bad
 * buffer ends the copy before the fault changes the space. A stretch of
 * READY_SPAN at a time (one fault-in call per 64 pages, not per page); if
 * that stretch is not all good, this page's @chunk alone: the copy goes on
 * up to the first bad page. *@ready is where the good stretch ends.
 */
#define READY_SPAN (64 * MS_PT_PAGE_SIZE)

static int buffer_ready(struct iov_iter *buf, u64 done, u64 chunk, u64 *ready)
{
	size_t span = min_t(size_t, iov_iter_count(buf), READY_SPAN);

	if (done < *ready)
		return 0;
	if (buffer_not_ready(buf, span)) {
		span = chunk;
		if (buffer_not_ready(buf, span))
			return -EFAULT;
	}
	*ready = done + span;
	return 0;
}

/*
 * The frame of the page at @va for this copy: straight from the walk if
 * it is there, else through the fault handler once the caller's buffer
 * is known good. A speed trick (BENCHMARKS.md, "Performance III"): the
 * buffer is not faulted in ahead of pages that need no fault, where the
 * copy itself finds a bad buffer (fault_in_safe_writeable() walks the
 * caller's page tables page by page). KUnit's memory_set_data suite runs
 * both paths (populated and lazy pages); the guest's ms_test_data gives
 * each a bad buffer.
 */
static int page_frame(struct ms_space *space, u64 va, u32 access,
		      struct iov_iter *buf, u64 done, u64 chunk, u64 *ready,
		      struct page **frame, enum ms_access_result *result)
{
	int err;

	*result = ms_space_frame(space, va, access, frame);
	if (*result != MS_ACCESS_MAPERR && *result != MS_ACCESS_ACCERR)
		return 0;
	err = buffer_ready(buf, done, chunk, ready);
	return err ?: ms_space_access(space, va, access, frame, result);
}

static int copy_page_part(struct page *frame, u64 va, u64 len,
			  struct iov_iter *buf)
{
	size_t offset = va & (MS_PT_PAGE_SIZE - 1), copied;

	if (iov_iter_rw(buf) == WRITE)
		copied = copy_page_from_iter(frame, offset, len, buf);
	else
		copied = copy_page_to_iter(frame, offset, len, buf);
	return copied == len ? 0 : -EFAULT;
}

/**
 * ms_space_copy() - copy data between the space and a caller's buffer
 * @space: the space
 * @va: first address in the space, any alignment
 * @access: 0, or MS_VM_USER for a user-mode access
 * @buf: the caller's buffer, all of it copied: a source (ITER_SOURCE) is
 *	stored into the space (MS_IOC_WRITE), a destination (ITER_DEST) is
 *	loaded from it (MS_IOC_READ); @va + its count must not overflow
 * @done: bytes copied, when the call returns 0
 * @result: MS_ACCESS_OK if the whole buffer was copied, else why the page
 *	at @va + *@done cannot be accessed (MAPERR, ACCERR, NODATA)
 *
 * The copy stops at the first page it cannot access. It yields the CPU
 * after each page and stops on a fatal signal.
 *
 * Return: 0; -ENOMEM (a fault could not get a frame), -EFAULT (the buffer)
 * or -EINTR (fatal signal): then what was copied stays copied, and a page
 * faulted in for a copy that then failed stays mapped.
 */
int ms_space_copy(struct ms_space *space, u64 va, u32 access,
		  struct iov_iter *buf, u64 *done,
		  enum ms_access_result *result)
{
	u32 kind = iov_iter_rw(buf) == WRITE ? MS_VM_WRITE : MS_VM_READ;
	u64 at, chunk, len = iov_iter_count(buf), ready = 0;
	struct page *frame;
	int err;

	lockdep_assert_held(&space->lock);
	*result = MS_ACCESS_OK;
	for (*done = 0; *done < len; *done += chunk) {
		at = va + *done;
		chunk = page_chunk(at, len - *done);
		if (fatal_signal_pending(current))
			return -EINTR;
		err = page_frame(space, at, kind | access, buf, *done, chunk,
				 &ready, &frame, result);
		if (err || *result != MS_ACCESS_OK)
			return err;
		err = copy_page_part(frame, at, chunk, buf);
		if (err)
			return err;
		cond_resched();
	}
	return 0;
}
