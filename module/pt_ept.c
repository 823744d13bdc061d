// SPDX-License-Identifier: GPL-2.0
/*
 * Intel EPT, 4-level (Intel SDM vol. 3C, "EPT Translation Mechanism"):
 * EPT PML4 -> PDPT -> PD -> PT, 2 MiB and 1 GiB leaves marked by bit 7,
 * the frame's address in bits 12..51, 48-bit guest-physical addresses
 * with no halves.
 *
 * READ -> R, WRITE -> W, EXEC -> X; an entry with none of R, W, X is not
 * present. Leaves carry their memory type in bits 3..5: WB (6), or UC (0)
 * for UNCACHED; IPAT stays clear. EPT has no user/supervisor bit: USER
 * cannot be expressed (a map or protect asking for it is refused), and
 * the guest's privilege level plays no part in a walk (mode-based execute
 * control is off). A table entry allows R, W and X: the leaf decides.
 * Accessed (bit 8) and Dirty (bit 9) are set as with EPTP bit 6 (A/D
 * flags) enabled. The software bits are bits 11 and 52, both ignored.
 */
#include <linux/kernel.h>

#include "prot.h"
#include "pt_ept.h"
#include "pt_format.h"

static u64 ept_prot_bits(u32 prot)
{
	u64 bits = MS_EPT_R;

	if (!(prot & MS_VM_READ))
		return 0;
	if (prot & MS_VM_WRITE)
		bits |= MS_EPT_W;
	if (prot & MS_VM_EXEC)
		bits |= MS_EPT_X;
	bits |= prot & MS_VM_UNCACHED ? MS_EPT_MT_UC : MS_EPT_MT_WB;
	return bits;
}

static u32 ept_entry_prot(u64 entry)
{
	u32 prot = MS_VM_READ;

	if (!(entry & MS_EPT_R))
		return 0;
	if (entry & MS_EPT_W)
		prot |= MS_VM_WRITE;
	if (entry & MS_EPT_X)
		prot |= MS_VM_EXEC;
	if ((entry & MS_EPT_MT) == MS_EPT_MT_UC)
		prot |= MS_VM_UNCACHED;
	return prot;
}

static const struct ms_pt_bit_name ept_names[] = {
	{ MS_EPT_R, MS_EPT_R, "R" },
	{ MS_EPT_W, MS_EPT_W, "W" },
	{ MS_EPT_X, MS_EPT_X, "X" },
	{ MS_EPT_A, MS_EPT_A, "A" },
	{ MS_EPT_D, MS_EPT_D, "D" },
	{ MS_EPT_PS, MS_EPT_PS, "PS" },
	{ MS_EPT_IPAT, MS_EPT_IPAT, "IPAT" },
	{ MS_EPT_UX, MS_EPT_UX, "UX" },
	{ MS_EPT_SVE, MS_EPT_SVE, "SVE" },
	{ MS_EPT_SW_OWNED, MS_EPT_SW_OWNED, "sw:owned" },
	{ MS_EPT_SW_LEAF, MS_EPT_SW_LEAF, "sw:leaf" },
};

static const struct ms_pt_bit_name ept_types[] = {
	{ MS_EPT_MT, MS_EPT_MT_UC, "MT=UC" }, { MS_EPT_MT, 1ULL << 3, "MT=WC" },
	{ MS_EPT_MT, 4ULL << 3, "MT=WT" },    { MS_EPT_MT, 5ULL << 3, "MT=WP" },
	{ MS_EPT_MT, MS_EPT_MT_WB, "MT=WB" },
};

static int ept_decode(u64 entry, int level, char *buf, size_t size)
{
	int len = ms_pt_decode_names(entry, ept_names, ARRAY_SIZE(ept_names),
				     buf, size);

	/* Only a present leaf has a memory type. */
	if (!(entry & MS_EPT_RWX) || (level && !(entry & MS_EPT_PS)))
		return len;
	if (len && len + 1 < size)
		buf[len++] = ' ';
	return len + ms_pt_decode_names(entry, ept_types, ARRAY_SIZE(ept_types),
					buf + len, size - len);
}

const struct ms_pt_format ms_pt_x86_ept = {
	.name = "Intel EPT",
	.levels = 4,
	.max_leaf_level = 2,
	.addr_limit = 1ULL << 48,
	.phys_limit = 1ULL << 52,
	.prot_mask = MS_VM_READ | MS_VM_WRITE | MS_VM_EXEC | MS_VM_UNCACHED,
	.addr_shift = 12,
	.addr_mask = MS_EPT_ADDR,
	.table = MS_EPT_RWX,
	.table_mask = MS_EPT_PS,
	.leaf = MS_EPT_SW_LEAF,
	.leaf_type = { 0, MS_EPT_PS, MS_EPT_PS },
	.owned = MS_EPT_SW_OWNED,
	.present = MS_EPT_RWX,
	.perm = MS_EPT_PERM,
	.accessed = MS_EPT_A,
	.dirty = MS_EPT_D,
	.walk_and = MS_EPT_RWX,
	.prot_bits = ept_prot_bits,
	.entry_prot = ept_entry_prot,
	.decode = ept_decode,
};
