// SPDX-License-Identifier: GPL-2.0
/*
 * The seven formats as the oracle reads them, written from the manuals
 * (the bit numbers below are theirs) and not from the module's format
 * tables: where the frame number sits, what a protection's permission
 * bits are, Accessed and Dirty, and what a table entry holds. Leaf or
 * table is kunit/pt_arch.c's decision, the independent decoding KUnit
 * uses too. Only the module's two software bits (which the manuals leave
 * to software) are taken as the module defines them.
 *
 *   x86-64    Intel SDM vol. 3A, 4.5       EPT  Intel SDM vol. 3C, 29.3.2
 *   RISC-V    privileged spec 4.3-4.6, Svpbmt
 *   AArch64   Arm ARM D8.3, stage 1, 4 KiB granule, 48-bit
 */
#include <linux/bits.h>

#include "pt_arm64.h"
#include "pt_ept.h"
#include "pt_riscv.h"
#include "stack.h"

static u64 x86_perm(u32 prot)
{
	u64 e = BIT_ULL(0); /* P */

	if (!prot)
		return 0;
	if (prot & MS_PROT_WRITE)
		e |= BIT_ULL(1); /* R/W */
	if (prot & MS_PROT_USER)
		e |= BIT_ULL(2); /* U/S */
	if (!(prot & MS_PROT_EXEC))
		e |= BIT_ULL(63); /* XD */
	if (prot & MS_PROT_UNCACHED)
		e |= BIT_ULL(3) | BIT_ULL(4); /* PWT, PCD */
	return e;
}

static u64 ept_perm(u32 prot)
{
	u64 e = BIT_ULL(0); /* read */

	if (!prot)
		return 0;
	if (prot & MS_PROT_WRITE)
		e |= BIT_ULL(1);
	if (prot & MS_PROT_EXEC)
		e |= BIT_ULL(2);
	/* Memory type, bits 5:3: 6 write-back, 0 uncacheable. */
	return e | (prot & MS_PROT_UNCACHED ? 0 : 6ULL << 3);
}

static u64 riscv_perm(u32 prot)
{
	u64 e = BIT_ULL(0) | BIT_ULL(1); /* V, R */

	if (!prot)
		return 0;
	if (prot & MS_PROT_WRITE)
		e |= BIT_ULL(2);
	if (prot & MS_PROT_EXEC)
		e |= BIT_ULL(3);
	if (prot & MS_PROT_USER)
		e |= BIT_ULL(4);
	if (prot & MS_PROT_UNCACHED)
		e |= 1ULL << 61; /* PBMT = NC */
	return e;
}

/*
 * Valid, inner shareable (SH 0b11 at 9:8), not global (nG, 11), AttrIndx
 * 0 (normal) or 2 (normal non-cacheable) at 4:2; AP[2] (7) read-only,
 * AP[1] (6) EL0; UXN (54) and PXN (53): a page executes at one level only.
 */
static u64 arm64_perm(u32 prot)
{
	u64 e = BIT_ULL(0) | 3ULL << 8 | BIT_ULL(11);

	if (!prot)
		return 0;
	if (!(prot & MS_PROT_WRITE))
		e |= BIT_ULL(7);
	if (prot & MS_PROT_USER)
		e |= BIT_ULL(6);
	if (!(prot & MS_PROT_EXEC))
		e |= BIT_ULL(54) | BIT_ULL(53);
	else
		e |= prot & MS_PROT_USER ? BIT_ULL(53) : BIT_ULL(54);
	return e | (prot & MS_PROT_UNCACHED ? 2ULL << 2 : 0);
}

#define X86_PERM	(GENMASK_ULL(4, 0) | BIT_ULL(63))
#define X86_FORMAT(_id, _levels, _limit)				\
	{ .id = _id, .levels = _levels, .max_leaf_level = 2,		\
	  .addr_limit = _limit, .phys_limit = 1ULL << 52,		\
	  .addr_mask = GENMASK_ULL(51, 12), .addr_shift = 12,		\
	  .table = 0x7, .level_type = { 0, BIT_ULL(7), BIT_ULL(7) },	\
	  .a = BIT_ULL(5), .d = BIT_ULL(6), .has_user = true,		\
	  .owned = MS_PTE_SW_OWNED, .sw_leaf = MS_PTE_SW_LEAF,		\
	  .perm_mask = X86_PERM, .perm = x86_perm }

#define RISCV_FORMAT(_id, _levels, _max_leaf, _limit)			\
	{ .id = _id, .levels = _levels, .max_leaf_level = _max_leaf,	\
	  .addr_limit = _limit, .phys_limit = 1ULL << 56,		\
	  .addr_mask = GENMASK_ULL(53, 10), .addr_shift = 10,		\
	  .table = 0x1, .a = BIT_ULL(6), .d = BIT_ULL(7),		\
	  .has_user = true, .user_no_kexec = true,			\
	  .owned = MS_RV_SW_OWNED,					\
	  .sw_leaf = MS_RV_SW_LEAF,					\
	  .perm_mask = GENMASK_ULL(4, 0) | GENMASK_ULL(62, 61),	\
	  .perm = riscv_perm }

const struct st_fmt st_formats[MS_PT_NR_FORMATS] = {
	X86_FORMAT(MS_PT_X86_64_4L, 4, 1ULL << 47),
	X86_FORMAT(MS_PT_X86_64_5L, 5, 1ULL << 56),
	{ .id = MS_PT_X86_EPT, .levels = 4, .max_leaf_level = 2,
	  .addr_limit = 1ULL << 48, .phys_limit = 1ULL << 52,
	  .addr_mask = GENMASK_ULL(51, 12), .addr_shift = 12,
	  .table = 0x7, .level_type = { 0, BIT_ULL(7), BIT_ULL(7) },
	  .a = BIT_ULL(8), .d = BIT_ULL(9), .has_user = false,
	  .owned = MS_EPT_SW_OWNED, .sw_leaf = MS_EPT_SW_LEAF,
	  .perm_mask = GENMASK_ULL(5, 0), .perm = ept_perm },
	RISCV_FORMAT(MS_PT_RISCV_SV39, 3, 2, 1ULL << 38),
	RISCV_FORMAT(MS_PT_RISCV_SV48, 4, 3, 1ULL << 47),
	RISCV_FORMAT(MS_PT_RISCV_SV57, 5, 3, 1ULL << 56),
	{ .id = MS_PT_ARM64_4K, .levels = 4, .max_leaf_level = 2,
	  .addr_limit = 1ULL << 48, .phys_limit = 1ULL << 48,
	  .addr_mask = GENMASK_ULL(47, 12), .addr_shift = 12,
	  .table = 0x3, .level_type = { BIT_ULL(1) },
	  .a = BIT_ULL(10), .d = 0, .has_user = true, .user_no_kexec = true,
	  .owned = MS_A64_SW_OWNED, .sw_leaf = MS_A64_SW_LEAF,
	  .perm_mask = BIT_ULL(0) | GENMASK_ULL(9, 2) | BIT_ULL(11) |
		       GENMASK_ULL(54, 53),
	  .perm = arm64_perm },
};
