// SPDX-License-Identifier: GPL-2.0
/*
 * The x86-64 formats (Intel SDM vol. 3A, 4.5 "4-Level Paging and 5-Level
 * Paging", tables 4-14 to 4-20): PML5 (LA57 only) -> PML4 -> PDPT -> PD
 * -> PT, 2 MiB (PD) and 1 GiB (PDPT) leaves marked by PS, the frame's
 * address in bits 12..51. 4-level paging translates 48-bit addresses,
 * 5-level paging 57-bit ones; both have a lower (user) half.
 *
 * READ -> P, WRITE -> RW, USER -> US, no EXEC -> NX, UNCACHED -> PCD|PWT.
 * A table entry allows everything (P|RW|US, no NX): the leaf decides. G is
 * never set. The software bits are in bits 9..11, ignored by the MMU.
 */
#include <linux/kernel.h>

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

static const struct ms_pt_bit_name x86_names[] = {
	{ MS_PTE_P, MS_PTE_P, "P" },
	{ MS_PTE_RW, MS_PTE_RW, "RW" },
	{ MS_PTE_US, MS_PTE_US, "US" },
	{ MS_PTE_PWT, MS_PTE_PWT, "PWT" },
	{ MS_PTE_PCD, MS_PTE_PCD, "PCD" },
	{ MS_PTE_A, MS_PTE_A, "A" },
	{ MS_PTE_D, MS_PTE_D, "D" },
	{ MS_PTE_PS, MS_PTE_PS, "PS" },
	{ MS_PTE_G, MS_PTE_G, "G" },
	{ MS_PTE_NX, MS_PTE_NX, "NX" },
	{ MS_PTE_SW_OWNED, MS_PTE_SW_OWNED, "sw:owned" },
	{ MS_PTE_SW_LEAF, MS_PTE_SW_LEAF, "sw:leaf" },
};

static int x86_decode(u64 entry, int level, char *buf, size_t size)
{
	return ms_pt_decode_names(entry, x86_names, ARRAY_SIZE(x86_names), buf,
				  size);
}

/* Both x86-64 formats: the same entries, one level more for LA57. */
#define X86_64_FORMAT(_name, _levels, _addr_limit)                            \
	{                                                                     \
		.name = _name, .levels = _levels, .addr_limit = _addr_limit,  \
		.max_leaf_level = 2, .phys_limit = 1ULL << 52,                \
		.prot_mask = MS_VM_READ | MS_VM_WRITE | MS_VM_EXEC |          \
			     MS_VM_USER | MS_VM_UNCACHED,                     \
		.addr_shift = 12, .addr_mask = MS_PTE_ADDR,                   \
		.table = MS_PTE_TABLE, .table_mask = MS_PTE_PS,               \
		.leaf = MS_PTE_SW_LEAF,                                       \
		.leaf_type = { 0, MS_PTE_PS, MS_PTE_PS },                     \
		.owned = MS_PTE_SW_OWNED, .present = MS_PTE_P,                \
		.perm = MS_PTE_PERM, .accessed = MS_PTE_A, .dirty = MS_PTE_D, \
		.walk_and = ~0ULL, .deny = MS_PTE_NX,                         \
		.prot_bits = x86_prot_bits, .entry_prot = x86_entry_prot,     \
		.decode = x86_decode,                                         \
	}

const struct ms_pt_format ms_pt_x86_64_4l =
	X86_64_FORMAT("x86-64 4-level", 4, 1ULL << 47);

/* LA57: one more level (PML5) above the PML4; the lower half is 2^56. */
const struct ms_pt_format ms_pt_x86_64_5l =
	X86_64_FORMAT("x86-64 5-level", 5, 1ULL << 56);
