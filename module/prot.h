/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel side's words for protections and accesses, like Linux's
 * VM_READ beside the ABI's PROT_READ: an area's flags are MS_VM_* bits,
 * and only dev.c translates them from and to the ABI's MS_PROT_* bits.
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
 * enum ms_access_result - how a simulated access ended
 * @MS_ACCESS_OK: done (a lazy page may have been faulted in)
 * @MS_ACCESS_MAPERR: nothing is mapped there (SEGV_MAPERR)
 * @MS_ACCESS_ACCERR: mapped, but the access is not allowed (SEGV_ACCERR)
 * @MS_ACCESS_NODATA: allowed, but the page is memory the module did not
 *	allocate (LINEAR): its data is never read or written
 */
enum ms_access_result {
	MS_ACCESS_OK,
	MS_ACCESS_MAPERR,
	MS_ACCESS_ACCERR,
	MS_ACCESS_NODATA,
};

#endif /* _MEMORY_SET_PROT_H */
