// SPDX-License-Identifier: GPL-2.0
/*
 * Data through an address space: copies between a caller's buffer (an
 * iov_iter: the user's for MS_IOC_READ and MS_IOC_WRITE, a kernel buffer
 * in KUnit) and the space's virtual addresses, page by page through the
 * page table, as a kernel's process_vm_readv() reaches a process's memory.
 *
 * Each page is one access, as the MMU makes it: the pages that need no
 * fault come a run at a time from one walk (ms_space_frames()); one that
 * faults goes through ms_space_access(): a lazy page is faulted in, a
 * write to a frame shared with a clone copies it first. Accessed and
 * Dirty are set. Only frames the page table allocated are ever read or
 * written: a LINEAR page, whatever physical address it names, ends the
 * copy with MS_ACCESS_NODATA.
 */
#include <linux/lockdep.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/mm.h>
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
 * The frame of the page at @va through the fault handler, once the
 * caller's buffer is known good: a bad buffer ends the copy before the
 * fault changes the space. @result says why the walk faulted; a page
 * that is not the table's own (MS_ACCESS_NODATA) is no fault.
 */
static int fault_frame(struct ms_space *space, u64 va, u32 access,
		       struct iov_iter *buf, u64 done, u64 chunk, u64 *ready,
		       struct page **frame, enum ms_access_result *result)
{
	int err;

	if (*result != MS_ACCESS_MAPERR && *result != MS_ACCESS_ACCERR)
		return 0;
	err = buffer_ready(buf, done, chunk, ready);
	return err ?: ms_space_access(space, va, access, frame, result);
}

/* The most pages a copy takes from one walk: a run. */
#define RUN_PAGES 32

/* Pages from @va's to the one holding @va + @len - 1, RUN_PAGES at most. */
static unsigned int run_pages(u64 va, u64 len)
{
	u64 offset = va & (MS_PT_PAGE_SIZE - 1);
	u64 pages = DIV_ROUND_UP(offset + len, MS_PT_PAGE_SIZE);

	return min_t(u64, RUN_PAGES, pages);
}

/* Copy @len bytes between @buf and @addr; return how many were copied. */
static size_t copy_span(void *addr, size_t len, struct iov_iter *buf)
{
	if (iov_iter_rw(buf) == WRITE)
		return copy_from_iter(addr, len, buf);
	return copy_to_iter(addr, len, buf);
}

/* Whether frame @b follows frame @a in memory. */
static bool follows(struct page *a, struct page *b)
{
	return page_address(b) == page_address(a) + MS_PT_PAGE_SIZE;
}

/*
 * Copy @len bytes between @buf and the @n frames of a run, from @offset
 * in the first. Frames that follow each other in memory (the pages of one
 * block: pt_pages.c) are copied at once. A speed trick, with the runs of
 * ms_space_frames(): on 6.12, READ of 64 MiB went from 1.24x to 0.92-0.96x
 * the time of process_vm_readv, WRITE from 1.30x to 0.96-0.99x
 * (BENCHMARKS.md, "Performance III"); KUnit's test_copy_runs copies runs
 * of adjacent frames, runs broken by copied-on-write frames and frames
 * got page by page.
 *
 * Return: the bytes copied, fewer than @len if the buffer faulted.
 */
static size_t copy_frames(struct page **frames, unsigned int n, size_t offset,
			  size_t len, struct iov_iter *buf)
{
	size_t copied = 0, want, got;
	unsigned int i, j;

	for (i = 0; i < n && copied < len; i = j, offset = 0) {
		for (j = i + 1; j < n && follows(frames[j - 1], frames[j]); j++)
			;
		want = min_t(size_t, len - copied,
			     ((j - i) * MS_PT_PAGE_SIZE - offset));
		got = copy_span(page_address(frames[i]) + offset, want, buf);
		copied += got;
		if (got < want)
			break;
	}
	return copied;
}

/*
 * Copy what a run of @n pages from @va holds of the @left bytes still to
 * copy, and mark the pages it reached (the one where a bad buffer stopped
 * it too). Return: the bytes copied, in *@copied; -EFAULT if short.
 */
static int copy_run(struct ms_space *space, u64 va, u32 access,
		    struct page **frames, unsigned int n, u64 left,
		    struct iov_iter *buf, u64 *copied)
{
	size_t offset = va & (MS_PT_PAGE_SIZE - 1);
	size_t len = min_t(u64, left, (n * MS_PT_PAGE_SIZE - offset));
	unsigned int reached;

	*copied = copy_frames(frames, n, offset, len, buf);
	if (*copied == len)
		reached = DIV_ROUND_UP(offset + len, MS_PT_PAGE_SIZE);
	else
		reached = min_t(unsigned int, n,
				((offset + *copied) / MS_PT_PAGE_SIZE + 1));
	ms_space_frames_used(space, va, access, reached);
	return *copied == len ? 0 : -EFAULT;
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
 * after each run of pages (RUN_PAGES at most) and stops on a fatal signal.
 *
 * Return: 0; -ENOMEM (a fault could not get a frame), -EFAULT (the buffer)
 * or -EINTR (fatal signal): then what was copied stays copied, and a page
 * faulted in for a copy that then failed stays mapped.
 */
int ms_space_copy(struct ms_space *space, u64 va, u32 access,
		  struct iov_iter *buf, u64 *done,
		  enum ms_access_result *result)
{
	u32 kind = (iov_iter_rw(buf) == WRITE ? MS_VM_WRITE : MS_VM_READ) |
		   access;
	u64 at, chunk, len = iov_iter_count(buf), ready = 0;
	struct page *frames[RUN_PAGES];
	unsigned int n;
	int err;

	lockdep_assert_held(&space->lock);
	*result = MS_ACCESS_OK;
	for (*done = 0; *done < len; *done += chunk) {
		at = va + *done;
		if (fatal_signal_pending(current))
			return -EINTR;
		n = ms_space_frames(space, at, kind, frames,
				    run_pages(at, len - *done), result);
		if (n) {
			err = copy_run(space, at, kind, frames, n, len - *done,
				       buf, &chunk);
		} else {
			chunk = page_chunk(at, len - *done);
			err = fault_frame(space, at, kind, buf, *done, chunk,
					  &ready, frames, result);
			if (err || *result != MS_ACCESS_OK)
				return err;
			err = copy_frames(frames, 1, at & (MS_PT_PAGE_SIZE - 1),
					  chunk, buf) == chunk ?
				      0 :
				      -EFAULT;
		}
		if (err)
			return err;
		cond_resched();
	}
	return 0;
}
