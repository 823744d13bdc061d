/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RISC-V page-table entry bits (The RISC-V Instruction Set Manual, Volume
 * II: Privileged Architecture, version 20211203: 4.4 "Sv39: Page-Based
 * 39-bit Virtual-Memory System", figure 4.21 "Sv39 page table entry", and
 * 4.5 Sv48, 4.6 Sv57, whose entries are the same; the "Svpbmt" extension
 * for bits 61-62), with the module's own macros.
 */
#ifndef _MEMORY_SET_PT_RISCV_H
#define _MEMORY_SET_PT_RISCV_H

#include <linux/bits.h>

/* clang-format off */
#define MS_RV_V			BIT_ULL(0)	/* valid */
#define MS_RV_R			BIT_ULL(1)	/* readable */
#define MS_RV_W			BIT_ULL(2)	/* writable */
#define MS_RV_X			BIT_ULL(3)	/* executable */
#define MS_RV_U			BIT_ULL(4)	/* user-mode accessible */
#define MS_RV_G			BIT_ULL(5)	/* global (never set) */
#define MS_RV_A			BIT_ULL(6)	/* accessed */
#define MS_RV_D			BIT_ULL(7)	/* dirty */
#define MS_RV_SW_OWNED		BIT_ULL(8)	/* RSW: frame freed on unmap */
/* RSW: a leaf the MMU does not see (PROT_NONE), not an empty entry */
#define MS_RV_SW_LEAF		BIT_ULL(9)
#define MS_RV_PPN		GENMASK_ULL(53, 10)	/* PPN, pa >> 12 */
#define MS_RV_PBMT		GENMASK_ULL(62, 61)	/* Svpbmt */
#define MS_RV_PBMT_PMA		(0ULL << 61)	/* the PMAs' attributes */
#define MS_RV_PBMT_NC		BIT_ULL(61)	/* non-cacheable, idempotent */
#define MS_RV_PBMT_IO		(2ULL << 61)	/* non-cacheable, I/O */
#define MS_RV_N			BIT_ULL(63)	/* Svnapot (never set) */

/* The bits protect() may change. */
#define MS_RV_PERM	(MS_RV_V | MS_RV_R | MS_RV_W | MS_RV_X | MS_RV_U | \
			 MS_RV_PBMT)
/* clang-format on */

#endif /* _MEMORY_SET_PT_RISCV_H */
