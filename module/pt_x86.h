/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 page-table entry bits (Intel SDM vol. 3A, 4.5 "4-level paging",
 * tables 4-15 to 4-20), spelled out with the module's own macros: the
 * tables are never loaded into CR3, so no arch header is used.
 */
#ifndef _MEMORY_SET_PT_X86_H
#define _MEMORY_SET_PT_X86_H

#include <linux/bits.h>

/* clang-format off */
#define MS_PTE_P		BIT_ULL(0)	/* present */
#define MS_PTE_RW		BIT_ULL(1)	/* writable */
#define MS_PTE_US		BIT_ULL(2)	/* user accessible */
#define MS_PTE_PWT		BIT_ULL(3)	/* write-through */
#define MS_PTE_PCD		BIT_ULL(4)	/* cache disabled */
#define MS_PTE_A		BIT_ULL(5)	/* accessed */
#define MS_PTE_D		BIT_ULL(6)	/* dirty (leaves only) */
#define MS_PTE_PS		BIT_ULL(7)	/* page size: a 2 MiB / 1 GiB leaf */
#define MS_PTE_G		BIT_ULL(8)	/* global */
#define MS_PTE_SW_OWNED		BIT_ULL(9)	/* software: frame freed on unmap */
/* software: a leaf the MMU does not see (PROT_NONE), not an empty entry */
#define MS_PTE_SW_LEAF		BIT_ULL(10)
#define MS_PTE_NX		BIT_ULL(63)	/* no execute */
#define MS_PTE_ADDR		GENMASK_ULL(51, 12)

/* The bits protect() may change. */
#define MS_PTE_PERM	(MS_PTE_P | MS_PTE_RW | MS_PTE_US | MS_PTE_PWT | \
			 MS_PTE_PCD | MS_PTE_NX)
/* What a non-leaf entry carries besides the table's address. */
#define MS_PTE_TABLE	(MS_PTE_P | MS_PTE_RW | MS_PTE_US)
/* clang-format on */

#endif /* _MEMORY_SET_PT_X86_H */
