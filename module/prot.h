/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel side's words for protections and accesses, like Linux's
 * VM_READ beside the ABI's PROT_READ: an area's flags are MS_VM_* bits.
 * They are the ABI's MS_PROT_* bits, number for number (dev_ioctl.c
 * checks it at build time), so no call translates them.
 */
#ifndef _MEMORY_SET_PROT_H
#define _MEMORY_SET_PROT_H

#include <linux/bits.h>

/* What an area allows; 0 is PROT_NONE, otherwise READ is always set. */
/* clang-format off */
#define MS_VM_READ	BIT(0)
#define MS_VM_WRITE	BIT(1)
#define MS_VM_EXEC	BIT(2)
#define MS_VM_USER	BIT(3)	/* user mode may access it */
#define MS_VM_UNCACHED	BIT(4)
/* clang-format on */

/**
 * enum ms_access_result - how an access ended, the MMU's walk's or the
 *	whole access's (the walk, the fault handler, the walk again)
 * @MS_ACCESS_OK: done (a lazy page may have been faulted in); Accessed,
 *	and Dirty for a write, set
 * @MS_ACCESS_MAPERR: no present translation (SEGV_MAPERR once the fault
 *	handler found no area)
 * @MS_ACCESS_ACCERR: present, but the access is not allowed (SEGV_ACCERR)
 * @MS_ACCESS_NODATA: allowed, but the page is memory the module did not
 *	allocate (LINEAR): its data is never read or written
 *
 * The same numbers as the ABI's MS_TOUCH_* results (dev_ioctl.c checks).
 */
enum ms_access_result {
	MS_ACCESS_OK = 0,
	MS_ACCESS_MAPERR = 1,
	MS_ACCESS_ACCERR = 2,
	MS_ACCESS_NODATA = 3,
};

#endif /* _MEMORY_SET_PROT_H */
