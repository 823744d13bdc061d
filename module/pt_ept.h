/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel EPT entry bits (Intel SDM vol. 3C, chapter "VMX Support for
 * Address Translation": section "EPT Translation Mechanism" and its
 * tables "Format of an EPT ... Entry", "Accessed and Dirty Flags for EPT",
 * "EPT and Memory Typing"), with the module's own macros.
 */
#ifndef _MEMORY_SET_PT_EPT_H
#define _MEMORY_SET_PT_EPT_H

#include <linux/bits.h>

/* clang-format off */
#define MS_EPT_R		BIT_ULL(0)	/* read access */
#define MS_EPT_W		BIT_ULL(1)	/* write access */
#define MS_EPT_X		BIT_ULL(2)	/* execute access */
#define MS_EPT_MT		GENMASK_ULL(5, 3) /* memory type, leaves only */
#define MS_EPT_MT_UC		(0ULL << 3)	/* uncacheable */
#define MS_EPT_MT_WB		(6ULL << 3)	/* write-back */
#define MS_EPT_IPAT		BIT_ULL(6)	/* ignore PAT (never set) */
#define MS_EPT_PS		BIT_ULL(7)	/* a 2 MiB / 1 GiB leaf */
#define MS_EPT_A		BIT_ULL(8)	/* accessed (EPTP A/D enabled) */
#define MS_EPT_D		BIT_ULL(9)	/* dirty (leaves) */
#define MS_EPT_UX		BIT_ULL(10)	/* user execute, MBEC (never set) */
/* software (bit 11 is ignored): a leaf the MMU does not see (PROT_NONE) */
#define MS_EPT_SW_LEAF		BIT_ULL(11)
#define MS_EPT_SW_OWNED		BIT_ULL(52)	/* ignored: frame freed on unmap */
#define MS_EPT_SVE		BIT_ULL(63)	/* suppress #VE (never set) */
#define MS_EPT_ADDR		GENMASK_ULL(51, 12)

#define MS_EPT_RWX	(MS_EPT_R | MS_EPT_W | MS_EPT_X)
/* The bits protect() may change. */
#define MS_EPT_PERM	(MS_EPT_RWX | MS_EPT_MT)
/* clang-format on */

#endif /* _MEMORY_SET_PT_EPT_H */
