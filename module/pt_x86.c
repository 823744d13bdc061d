// SPDX-License-Identifier: GPL-2.0
/*
 * The x86-64 4-level format (Intel SDM vol. 3A, 4.5): PML4 -> PDPT -> PD
 * -> PT, 48-bit virtual addresses, 2 MiB (PD) and 1 GiB (PDPT) leaves
 * marked by PS, the frame's address in bits 12..51.
 *
 * READ -> P, WRITE -> RW, USER -> US, no EXEC -> NX, UNCACHED -> PCD|PWT.
 * A table entry allows everything (P|RW|US, no NX): the leaf decides.
 */
#include "prot.h"
#include "pt_format.h"
#include "pt_x86.h"

static u64 x86_prot_bits(u32 prot)
{
	u64 bits = MS_PTE_P;

	if (!(prot & MS_VM_READ))
		return 0;
	if (prot & MS_VM_WRITE)
		bits |= MS_PTE_RW;
	if (prot & MS_VM_USER)
		bits |= MS_PTE_US;
	if (!(prot & MS_VM_EXEC))
		bits |= MS_PTE_NX;
	if (prot & MS_VM_UNCACHED)
		bits |= MS_PTE_PCD | MS_PTE_PWT;
	return bits;
}

static u32 x86_entry_prot(u64 entry)
{
	u32 prot = MS_VM_READ;

	if (!(entry & MS_PTE_P))
		return 0;
	if (entry & MS_PTE_RW)
		prot |= MS_VM_WRITE;
	if (entry & MS_PTE_US)
		prot |= MS_VM_USER;
	if (!(entry & MS_PTE_NX))
		prot |= MS_VM_EXEC;
	if (entry & MS_PTE_PCD)
		prot |= MS_VM_UNCACHED;
	return prot;
}

const struct ms_pt_format ms_pt_x86_64_4l = {
	.name = "x86-64 4-level",
	.levels = 4,
	.max_leaf_level = 2,
	.addr_limit = 1ULL << 47,
	.addr_shift = 12,
	.addr_mask = MS_PTE_ADDR,
	.table = MS_PTE_TABLE,
	.leaf = MS_PTE_SW_LEAF,
	.leaf_type = { 0, MS_PTE_PS, MS_PTE_PS },
	.owned = MS_PTE_SW_OWNED,
	.present = MS_PTE_P,
	.perm = MS_PTE_PERM,
	.accessed = MS_PTE_A,
	.dirty = MS_PTE_D,
	.deny = MS_PTE_NX,
	.prot_bits = x86_prot_bits,
	.entry_prot = x86_entry_prot,
};
