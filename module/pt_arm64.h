/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AArch64 stage 1 descriptor bits, 4 KiB granule (Arm Architecture
 * Reference Manual for A-profile, DDI 0487 K.a, chapter D8 "The AArch64
 * Virtual Memory System Architecture": D8.3 "Translation table descriptor
 * formats", D8.4 "Memory access control" for AP[2:1], PXN and UXN, D8.5
 * "Hardware updates to the translation tables" for AF, D8.6 "Memory
 * region attributes" for AttrIndx and SH), with the module's own macros.
 */
#ifndef _MEMORY_SET_PT_ARM64_H
#define _MEMORY_SET_PT_ARM64_H

#include <linux/bits.h>

/* clang-format off */
#define MS_A64_VALID		BIT_ULL(0)	/* descriptor bit[0] */
/* bit[1]: 1 for a table (levels 0-2) or a page (level 3), 0 for a block */
#define MS_A64_TYPE		BIT_ULL(1)
#define MS_A64_ATTRINDX		GENMASK_ULL(4, 2)	/* MAIR_ELx index */
#define MS_A64_NS		BIT_ULL(5)	/* non-secure (never set) */
#define MS_A64_AP1		BIT_ULL(6)	/* AP[1]: EL0 access */
#define MS_A64_AP2		BIT_ULL(7)	/* AP[2]: read-only */
#define MS_A64_SH		GENMASK_ULL(9, 8)	/* shareability */
#define MS_A64_SH_INNER		(3ULL << 8)	/* inner shareable */
#define MS_A64_AF		BIT_ULL(10)	/* access flag */
#define MS_A64_NG		BIT_ULL(11)	/* not global: per ASID */
#define MS_A64_ADDR		GENMASK_ULL(47, 12)	/* output address */
#define MS_A64_DBM		BIT_ULL(51)	/* dirty bit modifier (never set) */
#define MS_A64_CONT		BIT_ULL(52)	/* contiguous (never set) */
#define MS_A64_PXN		BIT_ULL(53)	/* privileged execute-never */
#define MS_A64_UXN		BIT_ULL(54)	/* unprivileged execute-never */
#define MS_A64_SW_OWNED		BIT_ULL(55)	/* software: frame freed on unmap */
/* software (bits 55-58): a leaf the MMU does not see (PROT_NONE) */
#define MS_A64_SW_LEAF		BIT_ULL(56)

/*
 * MAIR_EL1 as Linux sets it (arch/arm64/include/asm/memory.h): index 0
 * Normal write-back, 2 Normal non-cacheable.
 */
#define MS_A64_ATTR_NORMAL	(0ULL << 2)
#define MS_A64_ATTR_NORMAL_NC	(2ULL << 2)

/* The bits protect() may change. */
#define MS_A64_PERM	(MS_A64_VALID | MS_A64_ATTRINDX | MS_A64_AP1 | \
			 MS_A64_AP2 | MS_A64_SH | MS_A64_NG | MS_A64_PXN | \
			 MS_A64_UXN)
#define MS_A64_TABLE	(MS_A64_VALID | MS_A64_TYPE)
/* clang-format on */

#endif /* _MEMORY_SET_PT_ARM64_H */
